"""ner="auto" skips the model, and the quote pass that places its windows, on a text known to
be in another language than the model's (issue 17, speed). Invented texts, fake pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from newsweave.config import Settings
from newsweave.extract import Extractor
from newsweave.extract.entities import EntityRecognizer, NerParams
from newsweave.models import Article
from newsweave.names import rule_entities

ENGLISH = (
    "Heavy rain flooded the lower town of Velmar overnight and closed the coast road.\n"
    "Harbour master Alan Steinberg inspected the damage at dawn.\n"
    '"The quay held, but the sea wall did not," Steinberg said.\n'
)
GERMAN = (
    "Starker Regen hat in der Nacht die Unterstadt von Velmar überflutet.\n"
    "Hafenmeister Alan Steinberg besichtigte am Morgen die Schäden an der Mole.\n"
    '"Der Kai hat gehalten, die Ufermauer nicht", sagte Steinberg den Reportern.\n'
    "Die Reparaturen könnten Wochen dauern, teilte die Gemeinde in einer Erklärung mit."
)


@dataclass
class _Ent:
    text: str
    label_: str
    start_char: int
    end_char: int


@dataclass
class _Doc:
    ents: list[_Ent]


@dataclass
class FakeNlp:
    """An English pipeline that tags "Steinberg" as PERSON; records what it reads."""

    lang: str = "en"
    read: list[str] = field(default_factory=list)

    def pipe(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[_Doc]:
        for text in texts:
            self.read.append(text)
            k = text.find("Steinberg")
            yield _Doc([_Ent("Steinberg", "PERSON", k, k + 9)] if k >= 0 else [])


def _extractor(nlp: Any) -> Extractor:
    extractor = Extractor(Settings(ner="auto"))
    rec = EntityRecognizer("auto", params=NerParams(window=20))
    rec._nlp, rec._tried = nlp, True
    extractor._ner = rec
    return extractor


def test_text_in_another_language_gets_the_rules_entities_without_the_quote_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import newsweave.extract.quotes.extractor as quotes

    calls: list[str] = []
    real = quotes.extract_attributions
    monkeypatch.setattr(
        quotes, "extract_attributions", lambda text, ents=(): calls.append(text) or real(text, ents)
    )
    nlp = FakeNlp()
    (german,) = _extractor(nlp).entities([GERMAN], ["de"])
    assert german == tuple(rule_entities(GERMAN))
    assert nlp.read == [] and calls == []
    # Without a known language the quote pass places the windows, as before.
    _extractor(nlp).entities([GERMAN], [None])
    assert calls == [GERMAN]


def test_english_and_unknown_language_texts_are_read_as_before() -> None:
    for language in ("en", None):
        nlp = FakeNlp()
        (ents,) = _extractor(nlp).entities([ENGLISH], [language])
        assert nlp.read  # the speaker window
        said = ENGLISH.index("Steinberg said")
        assert any(e.start == said and e.label == "PERSON" for e in ents)
        (same,) = _extractor(FakeNlp()).entities([ENGLISH])
        assert ents == same


@pytest.mark.parametrize("model_language", ["xx", "de"])
def test_a_model_of_the_texts_language_reads_it(
    model_language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.extract.quotes.extractor as quotes

    calls: list[str] = []
    real = quotes.extract_attributions
    monkeypatch.setattr(
        quotes, "extract_attributions", lambda text, ents=(): calls.append(text) or real(text, ents)
    )
    _extractor(FakeNlp(lang=model_language)).entities([GERMAN], ["de"])
    assert calls == [GERMAN]


def test_stream_detects_the_language_once_and_keeps_it() -> None:
    nlp = FakeNlp()
    extractor = _extractor(nlp)
    articles = [
        Article(id="de1", text=GERMAN),
        Article(id="en1", text=ENGLISH + ENGLISH.replace("Velmar", "Orsk")),
    ]
    de, en = list(extractor(articles))
    assert de.language == "de" and en.language == "en"
    assert de.entities == tuple(rule_entities(GERMAN))
    assert len(nlp.read) >= 1 and all("Hafenmeister" not in t for t in nlp.read)
    # The same articles one by one give the same entities.
    for article, batched in zip(articles, (de, en), strict=True):
        assert _extractor(FakeNlp()).extract(article).entities == batched.entities
