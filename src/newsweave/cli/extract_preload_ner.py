"""Imported once by the fork server of ``newsweave extract``'s worker processes when entities
come from spaCy (``ner`` "auto" or "on"): spaCy without torch
(:func:`~newsweave.cli.extract_run.import_spacy_lean`) and the entity model, loaded here once
and shared by every worker forked afterwards (:func:`~newsweave.extract.entities.load_spacy`
keeps it per process). Whatever fails here is left for the workers to meet as one process
would (spaCy or its model missing: the rules' entities, or the error ``ner="on"`` raises)."""

from __future__ import annotations

import contextlib

from newsweave.cli.extract_run import import_spacy_lean
from newsweave.extract.entities import DEFAULT_NER_PARAMS, load_spacy

with contextlib.suppress(Exception):  # an exception here would stop the fork server
    import_spacy_lean()
    load_spacy(DEFAULT_NER_PARAMS.model)
