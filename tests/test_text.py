from __future__ import annotations

from newsweave.text import fold, normalize_punct, sentence_spans, sentences, words


def test_sentences_respect_abbreviations_and_initials() -> None:
    text = (
        "Lt. Gen. Ana B. Ruiz spoke to the U.S. Senate. It voted no. Then it left at No. 5 Main St."
    )
    assert sentences(text) == [
        "Lt. Gen. Ana B. Ruiz spoke to the U.S. Senate.",
        "It voted no.",
        "Then it left at No. 5 Main St.",
    ]


def test_sentences_split_after_closing_quote_and_on_lines() -> None:
    text = "“We are ready.” She left.\nNext paragraph here"
    assert sentences(text) == ["“We are ready.”", "She left.", "Next paragraph here"]


def test_sentence_spans_point_into_text() -> None:
    text = "  One thing.  Two things!\n\nThree?"
    for start, end in sentence_spans(text):
        assert text[start:end] == text[start:end].strip()
        assert text[start:end]


def test_lowercase_continuation_does_not_split() -> None:
    assert len(sentences("He said “it is over.” and left.")) == 1


def test_normalize_and_fold() -> None:
    assert normalize_punct("“Kyiv’s” — x") == '"Kyiv\'s" - x'
    assert fold("Kyïv") == "kyiv"
    assert words("Kyiv's mayor, re-elected in 2024.") == [
        "Kyiv's",
        "mayor",
        "re-elected",
        "in",
        "2024",
    ]
