"""ner="auto": the entity model reads only the text around speaker mentions (issue 16, speed).

A fake spaCy pipeline records what it is given, so these run without the model; the model's
own behaviour is tested in test_extract_entities.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from newsweave.config import Settings
from newsweave.errors import ConfigError
from newsweave.extract import Extractor
from newsweave.extract.entities import (
    EntityRecognizer,
    NerParams,
    merge_windows,
    speaker_windows,
)
from newsweave.extract.quotes.extractor import extract_attributions
from newsweave.models import Article, Entity
from newsweave.names import rule_entities

TEXT = (
    "Heavy rain flooded the lower town of Velmar overnight and closed the coast road.\n"
    "Harbour master Alan Steinberg inspected the damage at dawn.\n"
    "Schools stayed open, and buses ran on a shorter route through the hills.\n"
    '"The quay held, but the sea wall did not," Steinberg said.\n'
    "Repairs could take weeks, the regional council said in a statement."
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
    """Tags every capitalised word after the first as PERSON; records the texts it reads."""

    read: list[str] = field(default_factory=list)

    def pipe(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[_Doc]:
        for text in texts:
            self.read.append(text)
            ents = []
            pos = 0
            for word in text.split():
                start = text.index(word, pos)
                pos = start + len(word)
                core = word.strip('",.')
                if core[:1].isupper() and start > 0:
                    begin = text.index(core, start)
                    ents.append(_Ent(core, "PERSON", begin, begin + len(core)))
            yield _Doc(ents)


def _recognizer(mode: str, nlp: Any, window: int = 40) -> EntityRecognizer:
    rec = EntityRecognizer(mode, params=NerParams(window=window))
    rec._nlp, rec._tried = nlp, True
    return rec


def test_speaker_windows_cover_the_mention_and_earlier_mentions_of_a_surname() -> None:
    said = TEXT.index("Steinberg said")
    windows = speaker_windows(TEXT, [(said, said + len("Steinberg"))], 10)
    covered = [TEXT[s:e] for s, e in windows]
    first = TEXT.index("Alan Steinberg")
    assert any("Alan Steinberg" in piece for piece in covered)  # the full name, earlier
    assert any("Steinberg said." in piece for piece in covered)
    for s, e in windows:  # whole words only
        assert s == 0 or TEXT[s - 1].isspace()
        assert e == len(TEXT) or TEXT[e].isspace()
    assert sum(e - s for s, e in windows) < len(TEXT) / 2
    assert first > windows[0][0] - 1
    # a pronoun has no earlier mentions to read
    he = TEXT.index("Steinberg said")
    pronoun_text = TEXT[:he] + "He said" + TEXT[he + len("Steinberg said") :]
    only = speaker_windows(pronoun_text, [(he, he + 2)], 0)
    assert len(only) == 1 and pronoun_text[only[0][0] : only[0][1]] == "He"
    # ... but with pronoun_context the text before it, where the person was named
    (before,) = speaker_windows(pronoun_text, [(he, he + 2)], 0, pronoun_context=70)
    assert "not," in pronoun_text[before[0] : before[1]]
    assert pronoun_text[before[0] : before[1]].endswith("He")


def test_windows_merge_where_they_overlap() -> None:
    text = "Ana Holt said so. Tomas Reyk said no."
    windows = speaker_windows(text, [(0, 8), (18, 28)], 20)
    assert windows == ((0, len(text)),)
    assert speaker_windows(text, [], 40) == ()


def test_merge_keeps_model_entities_inside_and_rule_entities_outside() -> None:
    rules = (Entity("Velmar", "GPE", 2, 8), Entity("Holt", "ORG", 30, 34))
    model = [Entity("Holt", "PERSON", 30, 34)]
    merged = merge_windows(model, rules, [(25, 40)])
    assert merged == (Entity("Velmar", "GPE", 2, 8), Entity("Holt", "PERSON", 30, 34))


def test_auto_reads_only_the_speaker_windows_and_on_reads_everything() -> None:
    nlp = FakeNlp()
    extractor = Extractor(Settings(ner="auto"))
    extractor._ner = _recognizer("auto", nlp, window=10)
    (ents,) = extractor.entities([TEXT])
    assert nlp.read and sum(len(t) for t in nlp.read) < 0.6 * len(TEXT)
    assert all(piece in TEXT for piece in nlp.read)
    # lines without a speaker are left to the rules
    assert not any("Schools" in piece or "Velmar" in piece for piece in nlp.read)
    # inside a window the model's label stands; outside, the rules' entities do
    said = TEXT.index("Steinberg said")
    assert Entity("Steinberg", "PERSON", said, said + 9) in ents
    outside = [e for e in rule_entities(TEXT) if e.start < TEXT.index("Harbour master")]
    assert all(e in ents for e in outside)
    assert list(ents) == sorted(ents, key=lambda e: (e.start, e.end))

    whole = FakeNlp()
    on = Extractor(Settings(ner="on"))
    on._ner = _recognizer("on", whole)
    on.entities([TEXT])
    assert whole.read == [TEXT]


def test_auto_windows_follow_the_quote_extractors_speakers() -> None:
    sources = [a.source for a in extract_attributions(TEXT, rule_entities(TEXT)) if a.source]
    assert sources  # "Steinberg said", "the regional council said"
    nlp = FakeNlp()
    extractor = Extractor(Settings(ner="auto"))
    extractor._ner = _recognizer("auto", nlp, window=0)
    extractor.entities([TEXT])
    read = " | ".join(nlp.read)
    for s, e in sources:
        assert TEXT[s:e] in read


def test_auto_without_the_model_is_the_rules_and_the_stage_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extractor = Extractor(Settings(ner="auto"))
    extractor._ner = _recognizer("auto", None)
    assert extractor.entities([TEXT]) == [rule_entities(TEXT)]
    nlp = FakeNlp()
    extractor._ner = _recognizer("auto", nlp)
    article = Article(id="a", text=TEXT, raw_text=TEXT)
    (out,) = list(extractor([article]))
    assert out.quotes and any(q.speaker and "Steinberg" in q.speaker for q in out.quotes)
    assert out.entities == extractor.entities([TEXT])[0]


def test_window_parameter_is_validated() -> None:
    with pytest.raises(ConfigError, match="window"):
        NerParams(window=-1)
    with pytest.raises(ConfigError, match="pronoun_context"):
        NerParams(pronoun_context=True)
    assert NerParams().window == 20 and NerParams().pronoun_context == 100
