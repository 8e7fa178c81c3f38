"""The quote extractor: attributions of a whole text, orphan quotes, speaker resolution.

:class:`QuoteExtractor` runs the steps described in :mod:`newsweave.extract.quotes` on one
text; the per-unit cue rules are :class:`newsweave.extract.quotes.cues.CueRules`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.extract.quotes.clauses import (
    COGNITION_FORMS,
    EVIDENCE_FORMS,
    SPEECH_FORMS,
)
from newsweave.extract.quotes.cues import CueRules, RawAttribution
from newsweave.extract.quotes.lexicon import (
    Tok,
    tokenize,
)
from newsweave.extract.quotes.marks import (
    DirectQuote,
    direct_quotes,
    leading_quotes,
    sentence_units,
    unit_tokens,
)
from newsweave.extract.quotes.phrases import (
    analyse_mention,
)
from newsweave.extract.quotes.speakers import SpeakerResolver, speaker_kind
from newsweave.models import Entity, Quote

# -- attributions ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution relation found in a text (richer than :class:`~newsweave.models.Quote`).

    Attributes:
        kind: "direct" when the content is one or more quotation-marked quotes, else "indirect".
        content: character spans of the content (several for split quotes).
        cue: span of the cue ("said", "according to", "quoted ... as saying"), if any.
        source: span of the speaker mention as written, if any.
        speaker: resolved speaker name (or the nominal mention when no name resolves).
        speaker_mention: the mention as written ("he", "the Kremlin spokesman").
        cue_text: the cue as written.
    """

    kind: str
    content: tuple[tuple[int, int], ...]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    speaker: str | None
    speaker_mention: str | None
    cue_text: str | None


class QuoteExtractor(CueRules):
    """Extracts attributions (quotes with speakers) from one text at a time.

    Args:
        cognition: also attribute beliefs and wishes ("X believes that ...").
        orphan_quotes: keep direct quotes without a cue of their own, with the speaker of the
            quote just before them (the usual continuation paragraphs of news).
        min_orphan_words: an orphan quote needs at least this many words (shorter quoted
            phrases are usually scare quotes or titles, not statements).
    """

    def __init__(
        self, cognition: bool = False, orphan_quotes: bool = True, min_orphan_words: int = 4
    ) -> None:
        self.cognition = cognition
        self.orphan_quotes = orphan_quotes
        self.min_orphan_words = min_orphan_words
        self._cues = dict(SPEECH_FORMS)
        for form, val in EVIDENCE_FORMS.items():
            self._cues.setdefault(form, val)
        if cognition:
            for form, val in COGNITION_FORMS.items():
                self._cues.setdefault(form, val)

    # -- public --------------------------------------------------------------------------------

    def quotes(self, text: str, entities: Sequence[Entity] = ()) -> tuple[Quote, ...]:
        """Return the quotes of ``text``: one :class:`Quote` per content span, in text order."""
        out: list[Quote] = []
        for att in self.attributions(text, entities):
            cue = att.cue_text
            for s, e in att.content:
                out.append(Quote(text[s:e], att.speaker, att.kind, s, e, cue, att.speaker_mention))
        out.sort(key=lambda q: q.start)
        return tuple(out)

    def attributions(self, text: str, entities: Sequence[Entity] = ()) -> tuple[Attribution, ...]:
        """Return every attribution of ``text`` with content, cue and source spans."""
        dqs = direct_quotes(text)
        units = sentence_units(text, dqs)
        unit_toks = [unit_tokens(text, s, e, dqs) for s, e in units]
        resolver = SpeakerResolver(text, entities)
        for u, toks in enumerate(unit_toks):  # learn full names first, then mentions in order
            resolver.scan_unit(u, toks, names_only=True)
        for u, toks in enumerate(unit_toks):
            resolver.scan_unit(u, toks)
        raws: list[RawAttribution] = []
        claimed_quotes: set[int] = set()
        pending: RawAttribution | None = None
        for u, toks in enumerate(unit_toks):
            claimed = [False] * len(toks)
            if pending is not None:
                qs = leading_quotes(toks)
                if qs:
                    pending.content = [(u, k, k + 1) for k in qs]
                    for k in qs:
                        claimed[k] = True
                    raws.append(pending)
                pending = None
            found = self._unit_raws(text, u, toks, claimed)
            for raw in found:
                if not raw.content:
                    pending = raw
                else:
                    raws.append(raw)
            if not found:
                head = self._headline_colon(text, u, toks)
                if head is not None:
                    raws.append(head)
            for k, t in enumerate(toks):
                if t.quote >= 0 and claimed[k]:
                    claimed_quotes.add(t.quote)
        if self.orphan_quotes:
            raws.extend(self._orphans(text, units, unit_toks, dqs, claimed_quotes, raws))
        return self._resolve(text, unit_toks, dqs, raws, resolver)

    def _orphans(
        self,
        text: str,
        units: Sequence[tuple[int, int]],
        unit_toks: Sequence[Sequence[Tok]],
        dqs: Sequence[DirectQuote],
        claimed_quotes: set[int],
        raws: Sequence[RawAttribution],
    ) -> list[RawAttribution]:
        """Direct quotes without a cue, continuing the attribution just before them.

        In the same paragraph as a direct quote's attribution, the orphan joins that
        attribution's content (one statement, as PolNeAR annotates it); further away it becomes
        an attribution of its own with the same speaker.
        """
        out: list[RawAttribution] = []
        by_unit: dict[int, list[RawAttribution]] = {}
        for r in raws:
            by_unit.setdefault(r.unit, []).append(r)
        last: RawAttribution | None = None
        for u, toks in enumerate(unit_toks):
            if u in by_unit:
                last = max(by_unit[u], key=lambda r: r.start)
            qk = [k for k, t in enumerate(toks) if t.quote >= 0 and t.quote not in claimed_quotes]
            if not qk:
                continue
            others = [t for t in toks if t.quote < 0 and t.text[0].isalnum()]
            if len(others) > 2 or last is None or u - last.unit > 2:
                continue
            same_par = "\n" not in text[units[last.unit][1] : units[u][0]]
            # Only a wholly quoted parent continues: 'X "felt" it, Y said. "More."' is two.
            direct_parent = all(
                all(t.quote >= 0 or not t.text[0].isalnum() for t in unit_toks[pu][a:b])
                for pu, a, b in last.content
            )
            for k in qk:
                q = dqs[toks[k].quote]
                if len(text[q.cs : q.ce].split()) < self.min_orphan_words:
                    continue
                if same_par and direct_parent:
                    last.content.append((u, k, k + 1))
                else:
                    out.append(
                        RawAttribution(u, [(u, k, k + 1)], None, last.source, None, q.cs, last)
                    )
        return out

    # -- resolution ------------------------------------------------------------------------------

    def _resolve(
        self,
        text: str,
        unit_toks: Sequence[Sequence[Tok]],
        dqs: Sequence[DirectQuote],
        raws: list[RawAttribution],
        resolver: SpeakerResolver,
    ) -> tuple[Attribution, ...]:
        raws.sort(key=lambda r: r.start)
        speakers: dict[int, tuple[str | None, str | None]] = {}
        for r in raws:
            if r.parent is not None or r.source is None:
                continue
            stoks = tokenize(text, r.source[0], r.source[1])
            m = analyse_mention(stoks, 0, len(stoks), text, resolver.ner) if stoks else None
            if m is None:
                m = r.mention
            speaker = resolver.resolve(m, r.source[0], r.unit) if m is not None else None
            if speaker is None and m is not None and m.kind == "nominal":
                # "her senior adviser, Jake Sullivan, said": the name in apposition
                named = _APPOSED_NAME.match(text, r.source[1])
                if named:
                    speaker = named.group(1)
            resolver.note_speaker(r.source[0], r.unit, speaker, speaker_kind(m, speaker))
            speakers[id(r)] = (speaker, text[r.source[0] : r.source[1]])
        out: list[Attribution] = []
        for r in raws:
            root = r
            while root.parent is not None:
                root = root.parent
            speaker, mention = speakers.get(id(root), (None, None))
            spans: list[tuple[int, int]] = []
            direct = True
            for u, a, b in r.content:
                toks = unit_toks[u]
                part = toks[a:b]
                if any(t.quote >= 0 for t in part) and all(
                    t.quote >= 0 or not t.text[0].isalnum() for t in part
                ):
                    spans.extend((dqs[t.quote].cs, dqs[t.quote].ce) for t in part if t.quote >= 0)
                else:
                    direct = False
                    spans.append((part[0].start, part[-1].end))
            spans = [(s, e) for s, e in spans if e > s]
            if not spans:
                continue
            cue = root.cue if r.cue is None else r.cue
            out.append(
                Attribution(
                    "direct" if direct else "indirect",
                    tuple(spans),
                    cue,
                    root.source,
                    speaker,
                    mention,
                    text[cue[0] : cue[1]] if cue else None,
                )
            )
        return tuple(out)


#: A capitalised name of two to four words set off by commas right after a role phrase.
_APPOSED_NAME = re.compile(r"\s*,\s*((?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]+)\s*,")

_DEFAULT = QuoteExtractor()


def extract_quotes(text: str, entities: Sequence[Entity] = ()) -> tuple[Quote, ...]:
    """Extract the direct and indirect quotes of ``text`` with resolved speakers.

    Args:
        text: article text; offsets of the returned quotes index into it.
        entities: named entities of ``text`` (spaCy or heuristic); ``PERSON`` spans help tell
            people from organisations. May be empty.

    Returns:
        Quotes in text order. A quote split by its attribution ("A," he said, "B.") gives one
        :class:`Quote` per part, with the same speaker and cue.
    """
    return _DEFAULT.quotes(text, entities)


def extract_attributions(
    text: str, entities: Sequence[Entity] = (), cognition: bool = False
) -> tuple[Attribution, ...]:
    """Extract attributions with content, cue and source spans (used by the PolNeAR scorer)."""
    extractor = _DEFAULT if not cognition else QuoteExtractor(cognition=True)
    return extractor.attributions(text, entities)


__all__ = ["Attribution", "QuoteExtractor", "extract_attributions", "extract_quotes"]
