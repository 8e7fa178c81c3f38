"""Speaker phrases of quotes: subjects with modifiers, relative clauses, prepositional phrases
and absolute phrases, and unnamed sources reported by their role. Invented text throughout."""

from __future__ import annotations

from newsweave.extract.quotes import extract_attributions, extract_quotes
from newsweave.models import Quote


def only(quotes: tuple[Quote, ...], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.text]
    assert len(hits) == 1, [q.text for q in quotes]
    return hits[0]


# -- speaker phrases ---------------------------------------------------------------------------


def test_descriptive_words_before_a_name_after_the_cue() -> None:
    text = '"The ferry will run again by spring," said retired harbour pilot Olwen Brask.'
    q = only(extract_quotes(text), "ferry")
    assert q.speaker == "Olwen Brask"


def test_descriptive_words_need_a_full_name_after_them() -> None:
    # lower-case words then a single capitalised word is no speaker phrase
    text = '"The ferry will run again by spring," said local residents Tuesday.'
    assert all(q.speaker != "Tuesday" for q in extract_quotes(text))


def test_subject_with_a_relative_clause() -> None:
    text = (
        "A harbour official who asked not to be named said Monday, "
        '"The ferry will not run again before the summer season."'
    )
    (att,) = extract_attributions(text)
    assert att.speaker_mention == "A harbour official"
    assert att.kind == "direct"


def test_relative_clause_with_a_name_inside_keeps_the_inner_speaker() -> None:
    text = "The captain who Brask said was careless kept his licence."
    for att in extract_attributions(text):
        assert att.speaker_mention != "The captain"


def test_role_noun_with_a_prepositional_phrase_speaks_not_the_name_after_it() -> None:
    text = "Aides to Olwen Brask said the ferry would run again by spring."
    (att,) = extract_attributions(text)
    assert att.speaker_mention == "Aides to Olwen Brask"
    assert att.speaker is None  # a group of unnamed aides is not Olwen Brask


def test_a_blogger_on_a_site_is_the_speaker_not_the_site() -> None:
    text = 'A blogger on the website Harbour Notes said, "Nobody believes the ferry timetable."'
    q = only(extract_quotes(text), "Nobody")
    assert q.speaker == "blogger"
    assert q.speaker_mention == "A blogger on the website Harbour Notes"


def test_a_preposition_inside_a_fronted_phrase_is_no_subject() -> None:
    text = "Speaking to aides in Calder, Olwen Brask said the ferry would run again by spring."
    (att,) = extract_attributions(text)
    assert att.speaker == "Olwen Brask"


def test_a_capitalised_role_noun_opening_a_sentence_is_no_name() -> None:
    text = 'Officials said in a statement, "The ferry will not run again before the summer."'
    (att,) = extract_attributions(text)
    assert att.speaker is None
    assert att.speaker_mention == "Officials"


def test_absolute_phrases_with_their_own_subjects() -> None:
    text = (
        "Ferry users are angry about the timetable, with some saying it makes no sense and one "
        'resident asking, "Who plans these crossings at all?"'
    )
    atts = extract_attributions(text)
    direct = [a for a in atts if a.kind == "direct"]
    assert len(direct) == 1 and direct[0].speaker_mention == "one resident"
    assert direct[0].speaker == "resident"
    first = [a for a in atts if a.speaker_mention == "some"]
    assert first and text[first[0].content[0][0] : first[0].content[0][1]] == "it makes no sense"


def test_with_and_a_participle_without_a_clause_is_no_attribution() -> None:
    for text in (
        "She spent the day with friends saying goodbye to the old house.",
        "He left the harbour with his hands shaking.",
        "With prices rising, the council met on Friday.",
    ):
        assert extract_attributions(text) == (), text


# -- unnamed sources -----------------------------------------------------------------------------


def test_an_unnamed_source_is_reported_by_role_and_followed_by_the_same_role() -> None:
    text = (
        'A former harbour official said, "We never agreed to the timetable at all." '
        "The official added that talks would resume in May."
    )
    atts = extract_attributions(text)
    assert [a.speaker for a in atts] == ["former harbour official", "former harbour official"]


def test_a_role_with_a_named_principal_keeps_the_name() -> None:
    text = (
        "A spokesperson for Olwen Brask hit back on Tuesday, telling reporters that the claim "
        "was false. The spokesperson also praised the new timetable.\n"
        '"She has fought for this ferry for ten years," the aide said.'
    )
    q = only(extract_quotes(text), "fought")
    assert q.speaker == "spokesperson for Olwen Brask"


def test_a_definite_or_possessed_role_alone_stays_unattributed() -> None:
    for text in (
        'The spokesman said, "We never agreed to the timetable at all."',
        'His spokesman said, "We never agreed to the timetable at all."',
        'Officials said, "We never agreed to the timetable at all."',
    ):
        (q,) = extract_quotes(text)
        assert q.speaker is None, text


def test_two_unnamed_sources_leave_a_later_role_unresolved() -> None:
    text = (
        'A former official said, "The plan was doomed." '
        'A current official said, "The plan was sound." '
        '"Nobody asked us," the official said.'
    )
    q = only(extract_quotes(text), "Nobody")
    assert q.speaker is None


def test_a_named_apposition_wins_over_the_role_phrase() -> None:
    text = 'A senior official, Olwen Brask, said, "We never agreed to the timetable at all."'
    (q,) = extract_quotes(text)
    assert q.speaker == "Olwen Brask"


def test_a_pronoun_after_an_unnamed_source_stays_unattributed() -> None:
    text = 'According to a former official, the talks failed.\n"They never wanted a deal," he said.'
    q = only(extract_quotes(text), "deal")
    assert q.speaker is None


# -- bare plural subjects -----------------------------------------------------------------------


def test_plural_and_share_subjects_of_a_bare_cue() -> None:
    cases = {
        "But harbour specialists say the ferry is safe to use.": "harbour specialists",
        "Six in 10 say the ferry is safe to use.": "Six in 10",
        "In the survey, 67 percent of residents say the ferry is safe.": "67 percent of residents",
        "By a wide margin, those surveyed say the ferry is safe.": "those surveyed",
        "Sources close to the council say the ferry is safe.": "Sources close to the council",
        "People briefed on the talks say the ferry is safe.": "People briefed on the talks",
    }
    for text, mention in cases.items():
        (att,) = extract_attributions(text)
        assert att.speaker_mention == mention, text
        assert att.speaker is None, text  # a share of people names no one


def test_say_as_a_noun_or_after_an_infinitive_is_no_plural_attribution() -> None:
    for text in (
        "Voters in Calder have their say on the ferry today.",
        "Ferry users refused to say the words in public.",
        "Harbour groups in the state that backed the plan met today.",
        "The council issued a report on the ferry in May.",
    ):
        assert extract_attributions(text) == (), text


def test_a_role_with_a_long_named_principal() -> None:
    text = "A spokesman for Harbour Board chair Olwen Brask said the ferry would run by spring."
    (att,) = extract_attributions(text)
    assert att.speaker == "spokesman for Harbour Board chair Olwen Brask"


# -- headlines and transcripts -------------------------------------------------------------------


def test_a_surname_headline_of_a_person_the_article_names_in_full() -> None:
    text = (
        "Brask: The ferry will run again by spring\n"
        "Olwen Brask spoke to the harbour board on Monday."
    )
    atts = extract_attributions(text)
    assert atts and atts[0].speaker == "Olwen Brask"


def test_single_word_labels_before_a_colon_are_no_speakers() -> None:
    for text in (
        "Update: The ferry will run again by spring.\nOlwen Update chairs the board.",
        "Poll: Brask leads the race in Calder\nThe Calder Poll shows a tight race.",
        "Olwen Brask spoke on Monday.\nHere is the schedule.\nBrask: The ferry runs at noon.",
        "Olwen Brask spoke on Monday.\nThe count so far.\nBrask: 547.\nBrask: 612.",
    ):
        assert all(a.cue_text != ":" for a in extract_attributions(text)), text


def test_transcript_turns_in_capitals() -> None:
    text = (
        "Partial transcript of the interview with Olwen Brask and Tom Ferris:\n"
        "TOM FERRIS: Will the ferry run again by spring?\n"
        "BRASK: I think the whole harbour needs to work together on it.\n"
        "FERRIS: And the timetable?\n"
        "BRASK: The timetable is the council's business, not mine.\n"
        "FERRIS: Thank you for your time today."
    )
    atts = [a for a in extract_attributions(text) if a.cue_text == ":"]
    assert [a.speaker_mention for a in atts] == ["TOM FERRIS", "BRASK", "FERRIS", "BRASK", "FERRIS"]


def test_capitals_once_before_a_colon_are_a_label() -> None:
    for text in (
        "CORRECTION: An earlier version of this article misstated the ferry timetable.",
        "Olwen Brask spoke.\nEXCLUSIVE: The ferry will run again by spring, officials hope.",
    ):
        assert all(a.cue_text != ":" for a in extract_attributions(text)), text


def test_title_case_headline_cues() -> None:
    (att,) = extract_attributions("Brask Says Ferry Will Run Again By Spring")
    assert att.speaker == "Brask" and att.cue_text == "Says"
    for text in (
        "Simon Says Is A Children's Game",
        "The Man Who Says No",
        "Brask Says the ferry will run.",  # not a title-case headline: "Says" is a name here
    ):
        assert all(a.cue_text != "Says" for a in extract_attributions(text)), text


def test_a_quotation_closing_on_an_exclamation_keeps_its_short_tail() -> None:
    text = '"We need a ferry and we need it NOW!" Brask said. "Is it running?" asked Ms. Brask.'
    quotes = extract_quotes(text)
    assert only(quotes, "NOW").speaker == "Brask"
    assert only(quotes, "running").speaker == "Brask"


def test_a_long_narrative_sentence_after_a_question_is_no_tail() -> None:
    text = '"Is this the end?" The mayor said nothing and left the room.'
    assert all(q.kind != "direct" or q.speaker_mention is None for q in extract_quotes(text))


def test_said_of_a_topic_then_a_colon_quote() -> None:
    text = 'Brask said of the council: "They need to get their act together on the ferry."'
    (att,) = extract_attributions(text)
    assert att.speaker == "Brask" and att.kind == "direct"


def test_of_without_content_after_it_is_no_attribution() -> None:
    for text in (
        "With 222 seats at stake, she is assured of winning at least 120 in that state.",
        "He spoke of the ferry.",
    ):
        assert extract_attributions(text) == (), text


def test_reflexive_after_the_name_and_a_second_cue_after_but() -> None:
    text = "Brask himself said Tuesday that the ferry would run again by the spring."
    (att,) = extract_attributions(text)
    assert att.speaker == "Brask"
    text = 'Brask said the board will still meet, but said, "It is time we change how we work."'
    q = only(extract_quotes(text), "time we change")
    assert q.speaker == "Brask"


def test_a_verb_outside_the_lexicon_framing_a_quotation() -> None:
    text = '"They would have backed the ferry bill," Brask fumed on Tuesday.'
    assert only(extract_quotes(text), "ferry bill").speaker == "Brask"
    text = 'Asked which pier he liked best, Ferris demurred: "Whichever one I am on today."'
    assert only(extract_quotes(text), "Whichever").speaker == "Ferris"


def test_a_title_before_a_name_and_a_verb_is_no_quotation() -> None:
    for text in (
        '"Bridge of Spies" Spielberg directed in 2015.',
        '"We are done here," he said, and Brask nodded.',
        'The band played "Hail to the Chief" as Brask walked in.',
    ):
        for att in extract_attributions(text):
            assert att.cue_text in ("said",), text


def test_a_transcript_turn_runs_to_the_end_of_its_paragraph_and_names_the_person() -> None:
    text = (
        "Partial transcript of the interview with Olwen Brask and Tom Ferris:\n"
        "TOM FERRIS: Will the ferry run again by spring? We all want to know.\n"
        "BRASK: The whole harbour needs to work on it. They want safe piers.\n"
        "FERRIS: Thank you for your time today.\n"
        "BRASK: The timetable is the council's business, not mine.\n"
        "The interview was recorded on Monday."
    )
    atts = [a for a in extract_attributions(text) if a.cue_text == ":"]
    assert [a.speaker for a in atts][:2] == ["Tom Ferris", "Olwen Brask"]
    assert len(atts[1].content) == 2  # both sentences of the turn
    assert all("recorded" not in text[s:e] for a in atts for s, e in a.content)


def test_an_acronym_speaker_keeps_its_capitals() -> None:
    (att,) = extract_attributions("UNICEF said the ferry would carry aid on Friday.")
    assert att.speaker == "UNICEF"


def test_a_quotation_after_another_person_acts_is_not_the_previous_speakers() -> None:
    text = (
        '"It goes in one ear and out the other," Tom Ferris said, pointing to his ears. '
        'Ana Ferris shook her head. "Tom is much better about it than I am."'
    )
    quotes = extract_quotes(text)
    assert only(quotes, "one ear").speaker == "Tom Ferris"
    assert only(quotes, "much better").speaker == "Ana Ferris"
    text = (
        '"It goes in one ear and out the other," Tom Ferris said. '
        'Tom Ferris paused for a while. "I am much better about it than she is."'
    )
    assert only(extract_quotes(text), "much better").speaker == "Tom Ferris"


def test_party_and_state_tags_after_a_name() -> None:
    for text in (
        "Sen. Olwen Brask, R-S.C., said the ferry would run again by spring.",
        "Sen. Olwen Brask (D-Mo.), who backs the plan, said the ferry would run by spring.",
        "Sen. Olwen Brask, R-S.C., a longtime critic, said the ferry would run by spring.",
    ):
        (att,) = extract_attributions(text)
        assert att.speaker == "Olwen Brask", text


def test_a_name_ending_in_jr_with_an_apposition() -> None:
    text = '"The ferry works," Tomas B. Ferris Jr., the director of the board, said.'
    assert only(extract_quotes(text), "ferry works").speaker == "Tomas B. Ferris Jr."


def test_treebank_quotes_closing_on_a_nested_single_quote() -> None:
    text = "''Most riders will not be happy with 'We run when we can,''' said Olwen Brask."
    q = only(extract_quotes(text), "Most riders")
    assert q.speaker == "Olwen Brask" and q.kind == "direct"


def test_finding_that_needs_a_clause() -> None:
    (att,) = extract_attributions("Harbour inspectors found that the pump had failed twice.")
    assert att.speaker_mention == "Harbour inspectors"
    text = "Brask keeps her lead among older voters, the Calder Courier found."
    (att,) = extract_attributions(text)
    assert att.speaker == "Calder Courier"
    for text in (
        "Police found a body in the harbour on Monday.",
        "Brask found the ferry timetable confusing.",
        "She found, after years of work, a new home in Calder.",
    ):
        assert extract_attributions(text) == (), text


def test_asked_by_an_agent_credits_the_agent() -> None:
    text = "Brask was asked by host Tom Ferris whether the ferry would run by spring."
    (att,) = extract_attributions(text)
    assert att.speaker == "Tom Ferris"
    assert extract_attributions("The ferry was asked by nobody.") == ()


def test_said_if_with_a_main_clause_after_the_condition() -> None:
    text = "Brask said if she were elected, the ferry would run every hour."
    (att,) = extract_attributions(text)
    s, e = att.content[0]
    assert text[s:e] == "if she were elected, the ferry would run every hour"
    for text in ("Brask said if asked.", "Brask will say if the ferry runs."):
        assert extract_attributions(text) == (), text


def test_one_of_a_group_and_a_duration_adjunct() -> None:
    text = "One of her advisers, Tom Ferris, told reporters that the ferry would run by spring."
    (att,) = extract_attributions(text)
    assert att.speaker == "Tom Ferris"
    text = "Brask has said for weeks she is the only candidate who can fix the ferry."
    (att,) = extract_attributions(text)
    s, e = att.content[0]
    assert att.speaker == "Brask" and text[s:e].startswith("she is the only candidate")
    for text in ("Breaking News: The ferry sank", "Calder Primary: Results Are In Tonight"):
        assert extract_attributions(text) == (), text


def test_coordinated_names_speak_together() -> None:
    text = 'Olwen Brask and Tom Ferris say the ferry will run. "It is ready," they said.'
    atts = extract_attributions(text)
    assert [a.speaker for a in atts] == ["Olwen Brask and Tom Ferris"] * 2
    (att,) = extract_attributions("Brask and Ferris said the ferry would run by spring.")
    assert att.speaker == "Brask and Ferris"
    # a single name after "and" in a clause is no coordination
    (att,) = extract_attributions("The board met, and Brask said the ferry would run.")
    assert att.speaker == "Brask"
