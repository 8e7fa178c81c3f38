"""Word choice: lexicon, name spelling variants, substitutions in aligned claims."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from newsweave.compare.align import group_claims, similarity_matrix
from newsweave.compare.claims import split_claims
from newsweave.compare.terms import Lexicon, LexiconConcept, find_term_choices, spelling_variants
from newsweave.config import Settings
from newsweave.errors import ConfigError
from newsweave.models import Article, Entity


def _run(articles: list[Article], lexicon: Lexicon) -> dict[str, dict[str, tuple[str, ...]]]:
    labels = {a.id: a.outlet or a.id for a in articles}
    claims = [c for a in articles for c in split_claims(a, labels[a.id])]
    groups = group_claims(
        similarity_matrix([c.text for c in claims]), [c.article_id for c in claims]
    )
    found = find_term_choices(articles, labels, claims, groups, lexicon)
    return {t.concept: dict(t.variants) for t in found}


def test_spelling_variants() -> None:
    assert spelling_variants("Kyiv", "Kiev")
    assert spelling_variants("Zelensky", "Zelenskyy")
    assert spelling_variants("Mohammed", "Muhammad")
    assert not spelling_variants("Iran", "Iraq")
    assert not spelling_variants("Russia", "Russian")
    assert not spelling_variants("Ukraine", "Ukrainian")
    assert not spelling_variants("Austria", "Australia")


def test_default_lexicon_loads_and_finds_longest_terms() -> None:
    lex = Lexicon.default()
    assert len(lex) >= 10
    hits = lex.find("Moscow calls it a special military operation, not a war.")
    terms = [t for _, t, _, _ in hits]
    assert "special military operation" in terms and "war" in terms
    assert "Kyiv" in [t for _, t, _, _ in lex.find("Officials in Kyiv said.")]
    assert pickle.loads(pickle.dumps(lex)).find("in Kiev")  # patterns rebuilt


def test_user_lexicon_extends_and_replaces(tmp_path: Path) -> None:
    user = tmp_path / "lex.toml"
    user.write_text(
        '[[concept]]\nlabel = "flood barrier"\nterms = ["sea wall", "dike"]\n'
        '[[concept]]\nlabel = "capital of Ukraine"\nterms = ["Kyiv", "Kiev", "Kyjiw"]\n',
        encoding="utf-8",
    )
    lex = Lexicon.from_settings(Settings(lexicon_file=str(user)))
    labels = [c.label for c in lex.concepts]
    assert "flood barrier" in labels and labels.count("capital of Ukraine") == 1
    cap = next(c for c in lex.concepts if c.label == "capital of Ukraine")
    assert "Kyjiw" in cap.terms


def test_bad_lexicon_file_says_what_to_fix(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[concept]]\nlabel = "x"\nterms = ["only one"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="2\\+ strings"):
        Lexicon.load(bad)
    with pytest.raises(ConfigError, match="Cannot read"):
        Lexicon.load(tmp_path / "missing.toml")


def test_name_spelling_variants_discovered_without_lexicon() -> None:
    a = Article(
        id="a",
        outlet="A",
        text="Air raid sirens sounded in Kyiv overnight, residents said. Kyiv was dark.",
    )
    b = Article(
        id="b", outlet="B", text="Air raid sirens sounded in Kiev overnight, the mayor said."
    )
    c = Article(id="c", outlet="C", text="Air raid sirens sounded in Kiev overnight.")
    found = _run([a, b, c], Lexicon(()))
    concept = next(k for k in found if "Kyiv" in k)
    assert found[concept] == {"Kyiv": ("A",), "Kiev": ("B", "C")}


def test_name_variants_from_entities() -> None:
    text_a = "Officials met Volodymyr Zelensky in the capital on Monday."
    text_b = "Officials met Volodymyr Zelenskyy in the capital on Monday."
    a = Article(
        id="a", outlet="A", text=text_a, entities=(Entity("Volodymyr Zelensky", "PERSON", 13, 31),)
    )
    b = Article(
        id="b", outlet="B", text=text_b, entities=(Entity("Volodymyr Zelenskyy", "PERSON", 13, 32),)
    )
    found = _run([a, b], Lexicon(()))
    assert any("Zelensky" in k and "Zelenskyy" in k for k in found)


def test_substitution_needs_a_pattern_not_one_paraphrase() -> None:
    one_off = [
        Article(
            id="a", outlet="A", text="It seems the harbour will reopen next month, officials said."
        ),
        Article(
            id="b",
            outlet="B",
            text="It appears the harbour will reopen next month, officials said.",
        ),
    ]
    assert _run(one_off, Lexicon(())) == {}
    habit = [
        Article(
            id="a",
            outlet="A",
            text=(
                "The war in the north entered its third year on Monday.\n"
                "Food prices rose sharply because of the war in the north, traders said.\n"
            ),
        ),
        Article(
            id="b",
            outlet="B",
            text=(
                "The conflict in the north entered its third year on Monday.\n"
                "Food prices rose sharply because of the conflict in the north, traders said.\n"
            ),
        ),
    ]
    found = _run(habit, Lexicon(()))
    assert found == {"conflict / war": {"conflict": ("B",), "war": ("A",)}}


def test_no_choice_when_every_outlet_uses_both() -> None:
    lex = Lexicon([LexiconConcept("fight", ("war", "conflict"))])
    a = Article(id="a", outlet="A", text="The war, a long conflict, goes on in the north.")
    b = Article(id="b", outlet="B", text="The conflict, a long war, goes on in the north.")
    assert _run([a, b], lex) == {}


def test_load_lexicon_for_the_pipeline(tmp_path: Path) -> None:
    from newsweave.compare import load_lexicon

    user = tmp_path / "lex.toml"
    user.write_text('[[concept]]\nlabel = "flood barrier"\nterms = ["sea wall", "dike"]\n')
    assert len(load_lexicon(str(user))) == len(load_lexicon()) + 1


def test_added_stance_adverb_is_a_word_choice() -> None:
    a = Article(id="a", outlet="A", text="The senator sharply criticized the new budget on Monday.")
    b = Article(id="b", outlet="B", text="The senator criticized the new budget on Monday.")
    found = _run([a, b], Lexicon(()))
    assert found == {
        "criticized / sharply criticized": {"criticized": ("B",), "sharply criticized": ("A",)}
    }
    # Time and scope adverbs are not stance: no word choice.
    c = Article(
        id="c", outlet="C", text="The senator recently criticized the new budget on Monday."
    )
    assert _run([b, c], Lexicon(())) == {}


def test_possessives_are_not_spelling_variants() -> None:
    assert not spelling_variants("Pennsylvania", "Pennsylvania's")
    assert not spelling_variants("Walmart’s", "Walmart")
    assert not spelling_variants("Donald Trump‘s", "Donald Trump")
    assert spelling_variants("Wal-Mart's", "Walmart")


def test_variant_with_other_initial_and_one_article_naming_both() -> None:
    assert spelling_variants("Kharnovo", "Harnovo")
    texts = {
        "a": "Floods hit Kharnovo on Monday. Kharnovo, officially Harnovo, is on the river.",
        "b": "Floods hit Kharnovo on Monday, and the river kept rising.",
        "c": "Floods hit Harnovo on Monday, officials said.",
        "d": "Floods hit Harnovo on Monday as the river rose.",
        "e": "Floods hit Harnovo on Monday; schools closed.",
    }
    arts = [Article(id=k, outlet=k.upper(), text=v) for k, v in texts.items()]
    found = _run(arts, Lexicon(()))
    assert found == {
        "Harnovo / Kharnovo": {"Harnovo": ("A", "C", "D", "E"), "Kharnovo": ("A", "B")}
    }


def test_added_stance_adverb_in_differently_built_aligned_claims() -> None:
    from newsweave.compare.terms import _added_modifiers
    from newsweave.text import words

    a = "Ilse Varga, the mayor's deputy, sharply criticized the port authority's new rota."
    b = "Ilse Varga criticized the rota the port authority introduced in a radio interview."
    assert _added_modifiers(words(a), words(b)) == [("sharply criticized", "criticized", True)]
    # No bare head in the other claim, or the adverb in both: nothing.
    assert _added_modifiers(words(a), words("Ilse Varga spoke about the new rota.")) == []
    assert _added_modifiers(words(a), words(a)) == []


def test_verb_terms_find_every_form_and_calendar_typos_are_no_names() -> None:
    lex = Lexicon([LexiconConcept("saying verbs", ("insisted", "slammed"))])
    found = [t for _, t, _, _ in lex.find("She insists; he insisting. They slam it; it slams.")]
    assert found == ["insisted", "insisted", "slammed", "slammed"]
    assert not lex.find("The insistence of the slamming door.")  # other words, not the verb
    assert not spelling_variants("Wednesday", "Wednedsay")
    assert spelling_variants("Kharnovo", "Harnovo")
