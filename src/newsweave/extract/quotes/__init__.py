"""Quote extraction: direct and indirect quotes with their speakers, cue verbs and exact spans.

Rule-based and model-free (the pipeline needs hundreds of articles per second on two cores),
in four steps:

1. **Direct quotes** (:mod:`newsweave.extract.quotes.marks`): paired quotation marks inside a
   paragraph (straight, curly, guillemets; single marks in articles that use no double ones).
2. **Units**: sentences merged so that no direct quote crosses a unit boundary, each tokenized
   with every direct quote as one placeholder token, so cue verbs inside quotes are never read
   as attributions.
3. **Attribution** around every cue word of the lexicon (:data:`SPEECH_VERBS`,
   :data:`COGNITION_VERBS`, "according to", "X quoted Y as saying"): the speaker is the noun
   phrase before the cue (``Peskov said``) or after it (``said Peskov``, ``according to X``);
   the content is the quote or clause before it (``"...," he said`` / ``CLAUSE, X said``) or
   after it (``X said (that) CLAUSE`` / ``X added: "..."``), plus split quotes
   (``"A," he said, "B."``) and participial follow-ups (``..., adding that CLAUSE``). Also:
   nouns of saying after a possessor (``his claim that CLAUSE``), ``as X put it``, and verbs
   of evidence with a document subject (``the poll shows ...``, ``the audit found that ...``).
   Fronted adjuncts (``Throughout the campaign, ...``, ``Responding to reports that ...,``,
   ``Hours later, ...``) and datelines (``WASHINGTON (Wire) —``) are never speakers, and
   cue-shaped nouns inside them are never cues. A clause closed by a colon before a quotation
   (``X issued the following statement:``) and a signature line (``— Ann Lowe``) attribute
   the quotation too.
   Speaker phrases are found by :mod:`newsweave.extract.quotes.phrases`, clause ends by
   :mod:`newsweave.extract.quotes.clauses`.
4. **Speakers** are resolved by :class:`newsweave.extract.quotes.speakers.SpeakerResolver`
   (surnames to full names, titles to the named person, pronouns to the salient person; a
   description whose party or place differs from the person's stays unresolved, and
   "the source" or "the second official" never names a person).

The cue lexicon (``newsweave/data/quote_lexicon.toml``) is English reporting vocabulary, much of
it added while tuning on PolNeAR train (its header says which lists); tune it there, then rerun
``python -m benchmarks.polnear`` (PolNeAR train/dev) and ``pytest tests/test_quotes.py``.
"""

from __future__ import annotations

from newsweave.extract.quotes.clauses import COGNITION_VERBS, SPEECH_VERBS
from newsweave.extract.quotes.extractor import (
    Attribution,
    QuoteExtractor,
    extract_attributions,
    extract_quotes,
)
from newsweave.extract.quotes.marks import find_direct_quotes

__all__ = [
    "COGNITION_VERBS",
    "SPEECH_VERBS",
    "Attribution",
    "QuoteExtractor",
    "extract_attributions",
    "extract_quotes",
    "find_direct_quotes",
]
