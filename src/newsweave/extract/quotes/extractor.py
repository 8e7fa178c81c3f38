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
    PREPOSITIONS,
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
    Mention,
    analyse_mention,
    np_span_right,
)
from newsweave.extract.quotes.speakers import (
    SpeakerResolver,
    org_phrase,
    role_phrase,
    speaker_kind,
)
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
        units = self._merge_tails(text, sentence_units(text, dqs))
        unit_toks = [unit_tokens(text, s, e, dqs) for s, e in units]
        resolver = SpeakerResolver(text, entities)
        for u, toks in enumerate(unit_toks):  # learn full names first, then mentions in order
            resolver.scan_unit(u, toks, names_only=True)
        for u, toks in enumerate(unit_toks):
            resolver.scan_unit(u, toks)
        raws: list[RawAttribution] = []
        claimed_quotes: set[int] = set()
        pending: RawAttribution | None = None
        turn: RawAttribution | None = None  # a "NAME: ..." paragraph still running
        for u, toks in enumerate(unit_toks):
            claimed = [False] * len(toks)
            if turn is not None and "\n" in text[units[u - 1][1] : units[u][0]]:
                turn = None
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
            if not found and turn is not None and toks:
                # the turn of a speaker in a transcript runs to the end of its paragraph
                turn.content.append((u, 0, len(toks)))
                for k in range(len(toks)):
                    claimed[k] = True
            elif not found:
                head = self._headline_colon(text, u, toks)
                frame = self._colon_frame(text, u, toks) if head is None else None
                if frame is not None and frame.content:
                    raws.append(frame)
                    for _, k, _ in frame.content:
                        claimed[k] = True
                elif (
                    frame is not None
                    and "\n"
                    in text[units[u][1] : units[u + 1][0] if u + 1 < len(units) else len(text)]
                ):
                    pending = frame  # the quotation is the next paragraph
                if head is not None:
                    raws.append(head)
                    opens = units[u][0] == 0 or text[units[u][0] - 1] == "\n"
                    turn = head if opens and u > 0 else None
            else:
                turn = None
            for k, t in enumerate(toks):
                if t.quote >= 0 and claimed[k]:
                    claimed_quotes.add(t.quote)
        if self.orphan_quotes:
            raws.extend(self._orphans(text, units, unit_toks, dqs, claimed_quotes, raws))
        return self._resolve(text, unit_toks, dqs, raws, resolver)

    def _narrative_subject(
        self,
        text: str,
        unit_toks: Sequence[Sequence[Tok]],
        last: int,
        u: int,
        source: tuple[int, int] | None,
    ) -> tuple[int, int, Mention] | None:
        """The named person opening the one quote-free sentence between an attribution in
        unit ``last`` and an orphan quotation in unit ``u``, when that person is not the
        previous speaker: ``(start, end, mention)``, else None."""
        if u - last != 2:
            return None
        mid = unit_toks[u - 1]
        if not mid or any(t.quote >= 0 for t in mid):
            return None
        a, b = np_span_right(mid, 0, len(mid), max_len=6)
        if b - a < 1 or b >= len(mid) or not mid[b].text[0].islower():
            return None
        if b - a == 1 and not re.search(rf"\b[A-Z][a-z]+ {re.escape(mid[a].text)}\b", text):
            return None  # a lone word must be the surname of a name written in full
        m = analyse_mention(mid, a, b, text, ())
        if m is None or m.kind != "person" or not m.name:
            return None
        # the same person as the previous speaker: no change of speaker
        prev_text = text[source[0] : source[1]] if source is not None else ""
        if m.name in prev_text or (" " not in m.name and m.head in prev_text.lower().split()):
            return None
        return mid[a].start, mid[b - 1].end, m

    def _merge_tails(self, text: str, units: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Join '"... NOW!" Trump said.' back into one unit: a sentence splitter ends a
        sentence at a quotation closing on "!" or "?", but a short tail with a cue after it in
        the same paragraph ("Trump said.", "asked Ms. Brask.") is that quotation's attribution.
        """
        out: list[tuple[int, int]] = []
        for s, e in units:
            if out:
                ps, pe = out[-1]
                prev = text[ps:pe].rstrip()
                gap = text[pe:s]
                tail = text[s:e]
                words = tail.split()
                if (
                    len(prev) >= 3
                    and prev[-1] in _CLOSERS
                    and prev[-2] in "!?"
                    and "\n" not in gap
                    and len(words) <= 20
                    and not _QUOTE_IN_TAIL.search(tail)
                    and words[0][:1].isalpha()
                    and _short_tail(words, self._cues)
                ):
                    out[-1] = (ps, e)
                    continue
            out.append((s, e))
        return out

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
            sign = _signature(text, toks[qk[-1] + 1 :])
            if (
                sign is None
                and u + 1 < len(unit_toks)
                and all(not t.text[0].isalnum() for t in toks[qk[-1] + 1 :])
            ):
                sign = _signature(text, unit_toks[u + 1])
            if sign is not None:
                # '"..." — Ann Lowe': a quotation signed by a dash and a name
                for k in qk:
                    out.append(
                        RawAttribution(
                            u, [(u, k, k + 1)], None, sign[:2], sign[2], dqs[toks[k].quote].cs
                        )
                    )
                continue
            others = [t for t in toks if t.quote < 0 and t.text[0].isalnum()]
            if len(others) > 2 or last is None or u - last.unit > 2:
                continue
            actor = self._narrative_subject(text, unit_toks, last.unit, u, last.source)
            if actor is not None:
                # '"...," Tom said. Betsy shook her head. "..."': the person who acts in the
                # sentence between speaks next, not the previous speaker
                for k in qk:
                    q = dqs[toks[k].quote]
                    if len(text[q.cs : q.ce].split()) >= self.min_orphan_words:
                        src = (actor[0], actor[1])
                        out.append(RawAttribution(u, [(u, k, k + 1)], None, src, actor[2], q.cs))
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
            colon = r.cue is not None and text[r.cue[0] : r.cue[1]] == ":"
            if colon and m is not None and m.name and m.name.isupper() and len(m.name) > 2:
                # a transcript turn in capitals ("JAKE TAPPER:") names "Jake Tapper"
                m = m._replace(kind="person", name=m.name.title(), text=m.text.title())
            speaker = resolver.resolve(m, r.source[0], r.unit) if m is not None else None
            if speaker is None and m is not None and m.kind == "nominal":
                # "her senior adviser, Jake Sullivan, said": the name in apposition
                # "a former official said": else the role phrase is the speaker
                named = _APPOSED_NAME.match(text, r.source[1])
                written = text[r.source[0] : r.source[1]]
                speaker = named.group(1) if named else role_phrase(written, m)
                if speaker is None:
                    speaker = org_phrase(written, m)  # "Ryan's office", "the Trump campaign"
            written = text[r.source[0] : r.source[1]]
            kind = speaker_kind(m, speaker)
            if _COORDINATED.match(written):
                # "Bush and Christie said": both speak; neither alone is the speaker
                speaker, kind = re.sub(r"^(?:The|the) ", "", written), "nominal-plural"
            resolver.note_speaker(r.source[0], r.unit, speaker, kind)
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


_SIGN_DASHES = frozenset(("-", "—", "–", "--"))


def _signature(text: str, toks: Sequence[Tok]) -> tuple[int, int, Mention] | None:
    """A signature line after a quotation: a dash and a person's name of two to four
    words, nothing else ("— Ann Lowe."): ``(start, end, mention)``, else None."""
    words = [t for t in toks if t.text != "."]
    if len(words) < 3 or len(words) > 5 or words[0].text not in _SIGN_DASHES:
        return None
    name = words[1:]
    if not all(t.quote < 0 and t.text[:1].isupper() for t in name):
        return None
    m = analyse_mention(list(name), 0, len(name), text, ())
    if m is None or m.kind != "person" or not m.name or " " not in m.name:
        return None
    return name[0].start, name[-1].end, m


def _short_tail(words: Sequence[str], cues: dict[str, tuple[str, str]]) -> bool:
    """True for "Trump said.", "said Ms. Brask on Friday.": a cue among the first four words,
    at most four words after it, no "and" (""Is it over?" The mayor said nothing and left")."""
    for k, w in enumerate(words[:4]):
        val = cues.get(w.strip(".,").lower())
        if val is not None and val[1] in ("past", "3sg") and w[:1].islower():
            rest = [x.lower().strip(".,") for x in words[k + 1 :]]
            if "and" in rest or "nothing" in rest or "that" in rest:
                return False
            # a longer tail is an adjunct, a participle or a listener: "Lowe said about the
            # plan ...", "Lowe remarked, alluding to ...", "Lowe told Radio Nord in ..."
            return len(rest) <= 4 or (
                w.endswith(",") or rest[0] in PREPOSITIONS or words[k + 1][:1].isupper()
            )
    return False


#: Two or three capitalised names joined by "and" ("Jeb Bush and Chris Christie").
_COORDINATED = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*(?:,\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)?"
    r",?\s+and\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*$"
)
_CLOSERS = "\"”»’'"
#: A quotation mark in a tail; an apostrophe inside or closing a word ("Britain's",
#: "voters'") is none.
_QUOTE_IN_TAIL = re.compile(r"[\"“”«»]|(?<![\w])['‘’]|(?<![\ws])['’](?!\w)")
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
