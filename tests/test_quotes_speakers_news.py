"""Speaker attribution shapes of real news (issue 15), each rule with prose that must not
trigger it. Invented text throughout."""

from __future__ import annotations

from newsweave.extract.quotes import extract_quotes
from newsweave.models import Quote


def only(quotes: tuple[Quote, ...], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.text]
    assert len(hits) == 1, [q.text for q in quotes]
    return hits[0]


# -- names shaped like titles or adjectives ------------------------------------------------------


def test_surname_shaped_like_a_title_after_a_given_name() -> None:
    text = '"Our current efforts have been insufficient," Amy Pope, a deputy adviser, said.'
    assert only(extract_quotes(text), "insufficient").speaker == "Amy Pope"
    text = '"The plan shows that we can do both," Adam Green, a co-founder of the group, said.'
    assert only(extract_quotes(text), "plan shows").speaker == "Adam Green"


def test_a_place_that_is_also_a_given_name_stays_a_description() -> None:
    # "Virginia" is a given name and a state: "a Virginia Republican" names nobody
    text = (
        "Ilse Varga spoke on Monday.\n\n"
        '"The turnout will be low this year," said a Virginia Republican.'
    )
    q = only(extract_quotes(text), "turnout")
    assert q.speaker != "Virginia Republican"


def test_lone_title_shaped_surname_of_a_person_named_in_full() -> None:
    text = (
        "Rep. Peter King of New York spoke to reporters on Monday.\n\n"
        '"That is not my recollection of the briefing," King said.'
    )
    assert only(extract_quotes(text), "recollection").speaker == "Peter King"
    # no one of that surname: "the King" is no person of the article
    text = '"The harbour will reopen in the spring," the King said in his speech.'
    assert only(extract_quotes(text), "harbour").speaker != "Peter King"


# -- the speaker phrase of a participle and after the cue -----------------------------------------


def test_dateline_is_not_the_speaker() -> None:
    text = (
        "OSLOBURG, March 3 (Wire) — Senator Ilse Varga rallied supporters on Monday, "
        'saying: "We have to be ready to stop him."'
    )
    assert only(extract_quotes(text), "ready").speaker == "Ilse Varga"
    text = 'Washington (Wire) – Ilse Varga took a swipe at her rival, saying "it will not last."'
    assert only(extract_quotes(text), "not last").speaker == "Ilse Varga"


def test_a_possessor_of_the_subject_does_not_speak_the_participle() -> None:
    text = (
        "In response to the proposal, Ilse Varga's right-hand woman rallied supporters, "
        'saying: "We have to be ready to stop him."'
    )
    assert only(extract_quotes(text), "ready").speaker != "Ilse Varga"


def test_fronted_time_phrase_is_not_the_speaker() -> None:
    text = 'Hours later, Tom Brask returned the compliment, telling reporters, "We are friends."'
    assert only(extract_quotes(text), "friends").speaker == "Tom Brask"
    text = 'Early in his campaign, Tom Brask attacked his rival, calling him "a failed candidate."'
    assert only(extract_quotes(text), "failed").speaker == "Tom Brask"


def test_place_after_a_fronted_participle_is_skipped() -> None:
    text = (
        "Speaking at a town hall in Salem, Oregon, Tom Brask went after his rival, "
        'calling him "a total stiff and a loser."'
    )
    assert only(extract_quotes(text), "stiff").speaker == "Tom Brask"


def test_capitalised_modifier_and_role_before_a_name_after_the_cue() -> None:
    text = '"The distraction costs us a little," said Virginia delegate Beau Correll.'
    assert only(extract_quotes(text), "distraction").speaker == "Beau Correll"
    text = '"The distraction costs us a little," said Republican party boss Reince Priebus.'
    assert only(extract_quotes(text), "distraction").speaker == "Reince Priebus"
    # a capitalised plural and a day after the cue: no name
    text = '"We will win," said Ohio voters in a poll on Tuesday.'
    assert only(extract_quotes(text), "win").speaker is None


def test_source_familiar_with_a_topic_speaks_not_the_topic() -> None:
    text = (
        "Governor Tom Brask met the unions on Monday.\n\n"
        'A person close to the governor said, "There will be no deal this year at all."'
    )
    assert only(extract_quotes(text), "no deal").speaker != "Tom Brask"
    text = 'People familiar with the talks said, "There will be no deal this year at all."'
    assert only(extract_quotes(text), "no deal").speaker_mention == "People familiar with the talks"
    # a listener after a verb is no speaker phrase
    text = 'Tom Brask met aides to the governor and said, "There will be no deal this year."'
    assert only(extract_quotes(text), "no deal").speaker == "Tom Brask"


# -- resolution ----------------------------------------------------------------------------------


def test_description_with_another_party_is_not_the_named_candidate() -> None:
    text = (
        "Republican presidential candidate Tom Brask spoke in Ohio on Monday.\n\n"
        "The crowd was small, and the rally ended early.\n\n"
        '"I do not know him that well," the Democratic presidential candidate said.'
    )
    assert only(extract_quotes(text), "know him").speaker != "Tom Brask"
    # the same party: the named candidate
    text = text.replace("the Democratic presidential", "the Republican presidential")
    assert only(extract_quotes(text), "know him").speaker == "Tom Brask"


def test_nominee_is_the_candidate_named_before() -> None:
    text = (
        "Republican presidential candidate Tom Brask spoke in Ohio on Monday.\n\n"
        '"We have to increase the pressure," the presumptive Republican nominee said.'
    )
    assert only(extract_quotes(text), "pressure").speaker == "Tom Brask"


def test_the_source_and_the_second_official_are_never_a_named_person() -> None:
    text = (
        "Press secretary Ann Lowe declined to comment on Monday.\n\n"
        '"The person in question is one of the instigators," the source said.\n\n'
        '"The kids do not like him at all," said the second official.'
    )
    quotes = extract_quotes(text)
    assert only(quotes, "instigators").speaker != "Ann Lowe"
    assert only(quotes, "kids").speaker != "Ann Lowe"
    # the spokesman named before is still "the spokesman"
    text = (
        "Spokesman Dmitri Orlov spoke on Monday.\n\n"
        '"We observe the talks with interest," the spokesman said.'
    )
    assert only(extract_quotes(text), "observe").speaker == "Dmitri Orlov"


def test_common_word_opening_a_sentence_is_not_part_of_the_name() -> None:
    text = (
        "Senator Tom Brask spoke on Monday. Does Brask believe it? "
        "He said he does not.\n\n"
        "The former rival kept quiet.\n\n"
        '"We will win this state easily," Brask said.'
    )
    assert only(extract_quotes(text), "win this").speaker == "Tom Brask"


def test_bare_surname_is_the_person_named_in_full_most_often() -> None:
    text = (
        "Hanna Okafor campaigned in Ohio on Monday. Hanna Okafor later met donors.\n\n"
        "Her husband, Tom Okafor, stayed home.\n\n"
        '"We are going to win this state," Okafor said.'
    )
    assert only(extract_quotes(text), "win this").speaker == "Hanna Okafor"


def test_pronoun_gender_follows_the_given_name() -> None:
    text = (
        "Tom Brask is thanking supporters at a rally in his home state.\n\n"
        "Brask won the primary there. His opponent, Susan Okafor, won two other states.\n\n"
        'He told the crowd that "the people who know me best" gave him a victory.'
    )
    assert only(extract_quotes(text), "know me best").speaker == "Tom Brask"


def test_given_name_outweighs_a_possessive_near_the_name() -> None:
    # "his" in a sentence naming only Okafor is the governor's, not a sign Okafor is a man
    text = (
        "Susan Okafor campaigned in Ohio on Monday.\n\n"
        "Okafor praised the governor and his budget plan.\n\n"
        '"We will win this state," she said.'
    )
    assert only(extract_quotes(text), "win this").speaker == "Susan Okafor"


def test_a_new_subject_between_an_attribution_and_a_quote_speaks_it() -> None:
    text = (
        '"They are running out of road here," said Craig Robinson, editor of a site.\n\n'
        "Iowa State University's Dianne Bystrom agreed.\n\n"
        '"Mainstream voters are running out of time to find an alternative."'
    )
    assert only(extract_quotes(text), "Mainstream").speaker == "Dianne Bystrom"


# -- quotations introduced by a clause and a colon -------------------------------------------------


def test_statement_paragraph_after_a_clause_ending_in_a_colon() -> None:
    text = (
        "After the storm, Mayor Tom Brask issued the following statement:\n\n"
        '"Our thoughts are with all those affected. We will rebuild together."'
    )
    assert only(extract_quotes(text), "rebuild").speaker == "Tom Brask"
    text = 'Tom Brask spoke twice. Later, Brask went even further: "If he loses, it is over."'
    assert only(extract_quotes(text), "loses").speaker == "Tom Brask"


def test_colon_frame_needs_a_named_subject_and_no_other_name() -> None:
    # a thing or a label introduces no speaker
    for text in (
        'The sign read: "America is great and we love it."',
        'Partial transcript as follows: "We are here to talk about the budget today."',
        'Respondents are obliged to disclose: "When did this person come to live here?"',
    ):
        assert all(q.speaker is None for q in extract_quotes(text)), text
    # the author a speaker quotes is not the speaker
    text = 'Tom Brask quoted Lincoln: "A house divided against itself cannot stand."'
    assert all(q.speaker != "Tom Brask" for q in extract_quotes(text))


# -- content spans -------------------------------------------------------------------------------


def test_apposition_after_an_inverted_speaker_is_not_content() -> None:
    text = "That will be true up to a point, said Ann Lowe, a lecturer at the city college."
    (q,) = extract_quotes(text)
    assert q.text == "That will be true up to a point"
    assert q.speaker == "Ann Lowe"
    # the subject before the cue: both halves are content
    text = "Take action before the vote, they said, and you risk being seen as partisan."
    assert len(extract_quotes(text)) == 2


def test_reported_clause_ends_before_the_next_attribution_after_and() -> None:
    text = (
        "Most voters said they were worried about the economy, "
        "and a majority of Democrats said the mayor would do better."
    )
    first = only(extract_quotes(text), "worried")
    assert first.text == "they were worried about the economy"


def test_coordinated_roles_of_a_description() -> None:
    text = (
        "Sen. Ann Lowe responded first, criticising the president late on Tuesday.\n\n"
        '"I have been warning about this for months," the Ohio senator and presidential '
        "candidate said in a statement."
    )
    assert only(extract_quotes(text), "warning").speaker == "Ann Lowe"
    # a role of nobody named stays unresolved
    text = text.replace("Sen. Ann Lowe", "Ann Lowe")
    assert only(extract_quotes(text), "warning").speaker is None


# -- a question or exclamation closed by its quotation, then the attribution ---------------------


def test_attribution_after_a_question_with_a_possessive_or_an_adjunct() -> None:
    text = (
        '"Is this the end of the line?" Mona Brask told Radio Nord\'s morning show on Monday.\n\n'
        '"Why would you try to cozy up to him?" Lichtman said about the senator\'s effort.\n\n'
        '"Is it over?" The mayor said nothing and left the room quietly after that.'
    )
    quotes = extract_quotes(text)
    assert only(quotes, "end of the line").speaker == "Mona Brask"
    assert only(quotes, "cozy up").speaker == "Lichtman"
    # narration after a question is no attribution of it
    assert all(q.speaker is None for q in quotes if "over?" in q.text)


def test_a_lone_surname_acting_between_two_quotes_speaks_the_second() -> None:
    text = (
        "Hanna Okafor and Tom Brask spoke on Monday.\n\n"
        '"We will fight for the workers," Brask said of the bill that Okafor had opposed.\n\n'
        "Okafor touted her credentials as a sponsor of the bill. "
        '"We need to find ways to support workers who want a union."'
    )
    assert only(extract_quotes(text), "find ways").speaker == "Hanna Okafor"
    # the previous speaker acting again keeps the quote
    text = text.replace("Okafor touted her", "Brask touted his")
    assert only(extract_quotes(text), "find ways").speaker == "Tom Brask"


def test_role_and_function_words_opening_a_name_run_are_cut() -> None:
    text = (
        "Neither Tom J. Brask nor his rival came to the debate.\n\n"
        "Reporter Susan Okafor asked about the budget.\n\n"
        '"We will balance it in two years," Brask said. "No doubt," Okafor said.'
    )
    quotes = extract_quotes(text)
    assert only(quotes, "balance").speaker == "Tom J. Brask"
    assert only(quotes, "No doubt").speaker == "Susan Okafor"
    # a middle name that is also a given name stays: "Norbert Leo Butz"
    text = 'Norbert Leo Butz opened the show.\n\n"We had a good night," Butz said.'
    assert only(extract_quotes(text), "good night").speaker == "Norbert Leo Butz"


def test_title_case_headline_run_keeps_the_name_at_its_end() -> None:
    text = (
        "Reason Hedge Funds Support Susan Okafor.\n\n"
        '"We like her plan for the banks," Okafor said on Monday.'
    )
    assert only(extract_quotes(text), "banks").speaker == "Susan Okafor"


def test_according_to_then_a_quotation() -> None:
    text = 'According to Paul Sperry of the institute, "The group has been moving people inland."'
    q = only(extract_quotes(text), "moving people")
    assert (q.speaker, q.kind) == ("Paul Sperry", "direct")
    text = 'According to the Daily Courier: "Senator Lowe has had a mixed record on the issue."'
    assert only(extract_quotes(text), "mixed record").kind == "direct"
    # a quoted phrase inside the clause stays an indirect report of the clause
    text = 'According to a copy of the letter, "a major lawsuit" is coming soon.'
    assert only(extract_quotes(text), "lawsuit").kind == "indirect"


def test_quotation_signed_by_a_dash_and_a_name() -> None:
    text = (
        "Tom Brask said the plan would cost too much.\n\n"
        '"Americans are worried about the future of their kids and their jobs."\n\n'
        "- Susan Okafor.\n\n"
        '"I will look into it, but I do not know the status yet." — Tom Brask'
    )
    quotes = extract_quotes(text)
    assert only(quotes, "worried").speaker == "Susan Okafor"
    assert only(quotes, "look into").speaker == "Tom Brask"
    # a wire credit or a photo credit signs nothing
    for credit in ("— Associated Press", "— Photo by Ann Lowe"):
        text = f'"The council will meet again next week to vote on the budget." {credit}'
        assert all(q.speaker is None for q in extract_quotes(text)), credit


def test_organisation_named_after_a_person_speaks() -> None:
    text = (
        '"Nobody on his team has asked for the endorsement," Ryan\'s office said. '
        '"We will see," the Brask campaign said.'
    )
    quotes = extract_quotes(text)
    assert only(quotes, "endorsement").speaker == "Ryan's office"
    assert only(quotes, "We will see").speaker == "Brask campaign"
    # no name: "the campaign" stays unattributed; "a campaign official" is a person
    text = '"No comment," the campaign said. "Later," a campaign aide said on Monday.'
    quotes = extract_quotes(text)
    assert only(quotes, "No comment").speaker is None
    assert only(quotes, "Later").speaker != "campaign"
