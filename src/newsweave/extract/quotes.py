"""Quote extraction: direct and indirect quotes with their speakers, cue verbs and exact spans.

Rule-based and model-free (the pipeline needs hundreds of articles per second on two cores),
in four steps:

1. **Direct quotes** are paired quotation marks (straight, curly, guillemets) inside a
   paragraph. Each mark is judged opening or closing from its neighbours first and its glyph
   second, so mixed marks (``"...”``) pair up; an opener met inside an open quote closes the
   first one at its last sentence end; an unclosed quote is kept only when it opens its
   paragraph and the next paragraph opens with a quote (the multi-paragraph convention).
   Nothing runs past a paragraph.
2. **Units**: sentences (``newsweave.text.sentence_spans``) merged so that no direct quote
   crosses a unit boundary; each unit is tokenized with every direct quote as one placeholder
   token, so cue verbs inside quotes are never read as attributions.
3. **Attribution** around every cue word of the lexicon (:data:`SPEECH_VERBS`,
   :data:`COGNITION_VERBS`, "according to", "X quoted Y as saying"): the speaker is the noun
   phrase before the cue (``Peskov said``) or after it (``said Peskov``, ``according to X``);
   the content is the quote or clause before it (``"...," he said`` / ``CLAUSE, X said``) or
   after it (``X said (that) CLAUSE`` / ``X added: "..."``), plus split quotes
   (``"A," he said, "B."``) and participial follow-ups (``..., adding that CLAUSE``).
4. **Speakers** are resolved by :class:`newsweave.extract.speakers.SpeakerResolver`
   (surnames to full names, titles to the named person, pronouns to the salient person).

The cue lexicon (``newsweave/data/quote_lexicon.toml``) is general English reporting vocabulary;
tune it there, then rerun
``python -m benchmarks.polnear`` (PolNeAR train/dev) and ``pytest tests/test_quotes.py``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.extract.speakers import (
    DETERMINERS,
    MONTHS_DAYS,
    PRONOUNS,
    Mention,
    SpeakerResolver,
    Tok,
    analyse_mention,
    build_cue_forms,
    head_index,
    head_ok,
    is_adverb_or_aux,
    is_possessive,
    left_speaker,
    load_lexicon,
    np_span_right,
    np_token,
    object_end,
    skip_left,
    speaker_kind,
    subject_at,
    tokenize,
)
from newsweave.models import Entity, Quote
from newsweave.text import sentence_spans

# -- cue lexicon -------------------------------------------------------------------------------

_CUES = load_lexicon()["cues"]
#: Verbs of saying that introduce direct or indirect speech (lemmas; inflections generated).
SPEECH_VERBS = _CUES["speech"]
#: Verbs of thinking and wanting: attributions of a belief, not of words. Off by default in
#: :func:`extract_quotes` (a reader wants what people said), on for attribution corpora.
COGNITION_VERBS = _CUES["cognition"]
#: Cues that take a clause without "that" ("he said the plan failed").
BARE_CLAUSE = _CUES["bare_clause"]
#: Cues whose listener comes before the content ("told reporters that").
TAKES_OBJECT = _CUES["takes_object"]
#: Cues whose content may be an infinitive ("vowed to end the war").
TAKES_INFINITIVE = _CUES["takes_infinitive"]
# Verbs that, after "and"/"but", start the subject's next action rather than reported content.
_SECOND_VERBS = _CUES["second_verbs"]
#: Cues that report words only with a direct quote in their clause ("called it "a disaster"").
NEEDS_QUOTE = _CUES["needs_quote"]

_SPEECH_FORMS = build_cue_forms(SPEECH_VERBS)
_COGNITION_FORMS = build_cue_forms(COGNITION_VERBS)
_PARTICIPLE_OK_AFTER = frozenset(", while before after by when".split())
_TIME_WORDS = frozenset(
    """on in at during last this earlier later today yesterday tonight recently again also
    publicly privately repeatedly previously once then too late early via through over
    separately further still""".split()
)
_CLAUSE_START_BLOCK = frozenset(
    """to of for about with by from on in at into as than so if because whether what how
    why when where which who up out off down back away over around against""".split()
)
_OBJ_PRONOUNS = frozenset("him her them me us you it".split())
_QUOTE_CUES = frozenset("quote cite".split())

# -- direct quotes -----------------------------------------------------------------------------

_DOUBLE = '"“”„‟«»'
_LEFT_GLYPHS = "“„‟«"
_RIGHT_GLYPHS = "”»"
_OPEN_LEFT = "([{—–-/:"
_CLOSE_RIGHT = ".,;:!?)]}—–-"


@dataclass(frozen=True, slots=True)
class _DQ:
    """A direct quote: mark span ``[open, close)`` and content span ``[cs, ce)``."""

    open: int
    close: int
    cs: int
    ce: int


# Double quotation marks: typographic ones, plus the two-character ASCII forms '' and `` that
# treebank-style and some wire texts use (PolNeAR's New York Times articles do).
_MARK = re.compile(r"''|``|[\"“”„‟«»]")


def _role(text: str, i: int, j: int) -> str:
    """'open', 'close' or 'amb' for the quotation mark ``text[i:j]``: context, then glyph."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[j] if j < len(text) else " "
    left_free = prev.isspace() or prev in _OPEN_LEFT or prev in _DOUBLE
    right_free = nxt.isspace() or nxt in _CLOSE_RIGHT or nxt in _DOUBLE
    if left_free and not right_free:
        return "open"
    if right_free and not left_free:
        return "close"
    if text[i] in _LEFT_GLYPHS or text[i] == "`":
        return "open"
    if text[i] in _RIGHT_GLYPHS:
        return "close"
    return "amb"


def _content(text: str, cs: int, ce: int) -> tuple[int, int]:
    """Trim whitespace and a trailing comma (an artefact of attribution) from a content span."""
    while cs < ce and text[cs].isspace():
        cs += 1
    while ce > cs and (text[ce - 1].isspace() or text[ce - 1] == ","):
        ce -= 1
    return cs, ce


def find_direct_quotes(text: str) -> list[tuple[int, int, int, int]]:
    """Find direct quotes: ``(open, close, content_start, content_end)`` per quote, in order.

    ``[open, close)`` covers the quotation marks; ``[content_start, content_end)`` is the quoted
    text without marks, surrounding spaces or a trailing comma. Quotes never cross a line break;
    stray and unbalanced marks are dropped rather than allowed to swallow the text.
    """
    out: list[_DQ] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for li, (ls, le) in enumerate(lines):
        open_at: tuple[int, int] | None = None  # span of the pending opening mark
        for mark in _MARK.finditer(text, ls, le):
            i, j = mark.span()
            role = _role(text, i, j)
            if open_at is None:
                if role != "close":
                    open_at = (i, j)
                continue
            if role != "open":
                cs, ce = _content(text, open_at[1], i)
                if ce > cs:
                    out.append(_DQ(open_at[0], j, cs, ce))
                open_at = None
                continue
            # An opener inside an open quote: close the first at its last sentence end.
            seg = text[open_at[1] : i].rstrip()
            if seg and seg[-1] in ".!?":
                cs, ce = _content(text, open_at[1], open_at[1] + len(seg))
                out.append(_DQ(open_at[0], ce, cs, ce))
            open_at = (i, j)
        if open_at is not None:
            before = text[ls : open_at[0]]
            starts_line = not before.strip() or before.rstrip().endswith(":")
            nxt = lines[li + 1] if li + 1 < len(lines) else None
            continued = nxt is not None and _MARK.match(text[nxt[0] : nxt[1]].lstrip()) is not None
            if starts_line:
                cs, ce = _content(text, open_at[1], le)
                if ce > cs and (continued or text[ce - 1] in ".!?"):
                    out.append(_DQ(open_at[0], le, cs, ce))
    return [(q.open, q.close, q.cs, q.ce) for q in out]


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


@dataclass(slots=True)
class _Raw:
    """An attribution before speaker resolution."""

    unit: int
    content: list[tuple[int, int, int]]  # (unit, first token, end token)
    cue: tuple[int, int] | None  # char span
    source: tuple[int, int] | None  # char span of the speaker mention
    mention: Mention | None
    start: int = 0  # first char offset, for ordering
    parent: _Raw | None = None  # speaker comes from this attribution (participles, orphans)


class QuoteExtractor:
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
        self._cues = dict(_SPEECH_FORMS)
        if cognition:
            for form, val in _COGNITION_FORMS.items():
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
        dqs = [_DQ(*q) for q in find_direct_quotes(text)]
        units = _units(text, dqs)
        unit_toks = [_unit_tokens(text, s, e, dqs) for s, e in units]
        resolver = SpeakerResolver(text, entities)
        for u, toks in enumerate(unit_toks):  # learn full names first, then mentions in order
            resolver.scan_unit(u, toks, names_only=True)
        for u, toks in enumerate(unit_toks):
            resolver.scan_unit(u, toks)
        raws: list[_Raw] = []
        claimed_quotes: set[int] = set()
        pending: _Raw | None = None
        for u, toks in enumerate(unit_toks):
            claimed = [False] * len(toks)
            if pending is not None:
                qs = _leading_quotes(toks)
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

    # -- per unit --------------------------------------------------------------------------------

    def _cue_at(self, toks: Sequence[Tok], i: int) -> tuple[int, str, str] | None:
        """``(end index, lemma, form)`` if a cue starts at token ``i``."""
        t = toks[i]
        if t.low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
            return i + 2, "according to", "phrase"
        if t.quote >= 0 or not t.text[0].islower():
            return None
        val = self._cues.get(t.low)
        if val is None:
            return None
        lemma, form = val
        if form == "ing":
            prev = toks[i - 1].low if i > 0 else ""
            if prev not in _PARTICIPLE_OK_AFTER and prev not in _BE:
                return None
        return i + 1, lemma, form

    def _unit_raws(self, text: str, u: int, toks: list[Tok], claimed: list[bool]) -> list[_Raw]:
        out: list[_Raw] = []
        i = 0
        while i < len(toks):
            if claimed[i]:
                i += 1
                continue
            cue = self._cue_at(toks, i)
            raw = None
            if cue is not None:
                if cue[1] == "according to":
                    raw = self._according_to(u, toks, i, cue[0], claimed)
                else:
                    raw = self._verb_attribution(text, u, toks, i, cue, claimed, out)
            if raw is not None:
                out.append(raw)
            i += 1
        return out

    def _verb_attribution(
        self,
        text: str,
        u: int,
        toks: list[Tok],
        i: int,
        cue: tuple[int, str, str],
        claimed: list[bool],
        previous: list[_Raw],
    ) -> _Raw | None:
        n = len(toks)
        cue_end, lemma, form = cue
        participial = form == "ing" and (i == 0 or toks[i - 1].low not in _BE)
        k = skip_left(toks, i - 1)
        src: tuple[int, int] | None = None
        mention: Mention | None = None
        quoted_by = -1  # start of "X" in "X quoted Y as saying"
        after = cue_end
        inverted = False
        if lemma in _QUOTE_CUES:  # "X quoted Y as saying", "Y was quoted as saying"
            a, b = np_span_right(toks, cue_end, n)
            if b > a and b + 1 < n and toks[b].low == "as" and self._is_ing_cue(toks[b + 1]):
                agent = left_speaker(toks, k) if k >= 0 else None
                quoted_by = agent[0] if agent else i
                src, cue_end, after = (a, b), b + 2, b + 2
                lemma = self._cues[toks[b + 1].low][0]
            elif (
                cue_end + 1 < n
                and toks[cue_end].low == "as"
                and self._is_ing_cue(toks[cue_end + 1])
            ):
                lemma = self._cues[toks[cue_end + 1].low][0]
                cue_end = after = cue_end + 2
            else:
                return None
        if participial:
            src = None
        elif src is None and k >= 0 and toks[k].low == "and" and form in ("past", "3sg"):
            src = subject_at(toks, k)  # "Obama met survivors ... and said"
        elif src is None and k >= 0:
            src = left_speaker(toks, k)
        if src is not None:
            mention = analyse_mention(toks, src[0], src[1], text, ())
            if mention is None or is_possessive(toks[src[1] - 1]):
                src, mention = None, None
        if (
            src is None
            and not participial
            and form in ("past", "3sg")
            and (k < 0 or toks[k].text in (",", ":", "—", "–") or toks[k].quote >= 0)
        ):
            a, b = np_span_right(toks, cue_end, n)
            if b > a and (
                b == n
                or toks[b].quote >= 0
                or not toks[b].text[0].isalnum()
                or toks[b].low in _TIME_WORDS
                or toks[b].low in ("who", "with", "of", "for", "from")
            ):
                m2 = analyse_mention(toks, a, b, text, ())
                if m2 is not None and not is_possessive(toks[b - 1]):
                    src, mention, after, inverted = (a, b), m2, b, True
        if src is None and not participial:
            return None
        if form == "base" and not participial and not _base_subject_ok(toks, k, i, mention):
            return None
        # -- content after the cue
        j = after
        if lemma in TAKES_OBJECT and j < n:
            if toks[j].low in _OBJ_PRONOUNS:
                j += 1
            else:
                j = object_end(toks, j)
        j, saw_that = _skip_adjuncts(toks, j)
        sub = _in_fronted_subclause(toks, src[0] if src is not None and not inverted else i)
        fwd: list[tuple[int, int]] = []
        split: list[int] = []
        colon_next = False
        if j < n and toks[j].text in (":", ",") and j + 1 < n and toks[j + 1].quote >= 0:
            split = _quote_run(toks, j + 1)
            if toks[j].text == ":":
                fwd, split = [(split[0], split[-1] + 1)], []
        elif (j < n and toks[j].quote >= 0) or (saw_that and j < n):
            fwd = [(j, self._clause_end(toks, j, sub))]
        elif j < n and toks[j].text == ":":
            if j + 1 < n:
                fwd = [(j + 1, self._clause_end(toks, j + 1, sub))]
            else:
                colon_next = True
        elif j < n and lemma in NEEDS_QUOTE:
            end = self._clause_end(toks, j, sub)
            if any(t.quote >= 0 for t in toks[j:end]):
                fwd = [(j, end)]
        elif (
            (j < n and lemma in BARE_CLAUSE and _clause_start(toks[j], lemma not in _LOOSE))
            or (j < n and lemma in TAKES_INFINITIVE and toks[j].low == "to")
            or (j < n and lemma == "ask" and toks[j].low in _WH)
        ):
            fwd = [(j, self._clause_end(toks, j, sub))]
        fwd = [(a, b) for a, b in fwd if b - a >= 1 and not any(claimed[a:b])]
        if fwd and fwd[0][1] - fwd[0][0] < 2 and toks[fwd[0][0]].quote < 0:
            fwd = []
        # -- content before the speaker or cue
        left_edge = i if (inverted or src is None) else src[0]
        if quoted_by >= 0:
            left_edge = quoted_by
        back: list[tuple[int, int]] = []
        p = left_edge - 1
        comma = p >= 0 and toks[p].text == ","
        if comma:
            p -= 1
        if p >= 0 and toks[p].quote >= 0 and not claimed[p]:
            q = p
            while (
                q - 1 >= 0
                and not claimed[q - 1]
                and (
                    toks[q - 1].quote >= 0
                    or (toks[q - 1].text == "," and q - 2 >= 0 and toks[q - 2].quote >= 0)
                )
            ):
                q -= 1
            if q == 0 or claimed[q - 1] or toks[q - 1].text in (":", ";", "—", "–", "(", ","):
                back = [(q, p + 1)]
            elif not fwd and not split and _tail_ok(toks, j):
                s0 = q
                while s0 - 1 >= 0 and not claimed[s0 - 1] and toks[s0 - 1].text != ";":
                    s0 -= 1
                back = [(s0, p + 1)]
        elif comma and not fwd and not split and not participial and p >= 0 and _tail_ok(toks, j):
            s0 = p
            while s0 - 1 >= 0 and not claimed[s0 - 1] and toks[s0 - 1].text != ";":
                s0 -= 1
            if p + 1 - s0 >= 3:
                back = [(s0, p + 1)]
                if j + 1 < n and toks[j].text == ",":  # "A, X said, B": both halves
                    b_end = self._clause_end(toks, j + 1)
                    nt = toks[j + 1]
                    if b_end - (j + 1) >= 3 and nt.low != "according" and not self._is_ing_cue(nt):
                        back.append((j + 1, b_end))
        if back:
            content = back + ([(split[0], split[-1] + 1)] if split else [])
        elif fwd:
            content = fwd
        elif split:
            content = [(split[0], split[-1] + 1)]
        elif (
            j + 1 < n
            and toks[j].text == ","
            and src is not None
            and not participial
            and sum(t.text[0].isalnum() for t in toks[:left_edge]) <= 3
            and self._clause_end(toks, j + 1) - (j + 1) >= 3
        ):
            content = [(j + 1, self._clause_end(toks, j + 1))]  # "But, experts say, CLAUSE"
        elif colon_next:
            content = []
        else:
            return None
        parent: _Raw | None = None
        if participial:
            parent = previous[-1] if previous else None
            if parent is None:
                src = subject_at(toks, i)
                mention = analyse_mention(toks, src[0], src[1], text, ()) if src else None
        for a, b in content:
            for x in range(a, b):
                claimed[x] = True
        for x in range(i, cue_end):
            claimed[x] = True
        src_chars = None
        if parent is not None:
            src_chars = parent.source
        elif src is not None:
            src_chars = (toks[src[0]].start, toks[src[1] - 1].end)
            if not participial:
                for x in range(src[0], src[1]):
                    claimed[x] = True
        cue_span = (toks[i].start, toks[cue_end - 1].end)
        start = min([toks[a].start for a, _ in content] + [cue_span[0]])
        return _Raw(u, [(u, a, b) for a, b in content], cue_span, src_chars, mention, start, parent)

    def _is_ing_cue(self, tok: Tok) -> bool:
        val = self._cues.get(tok.low)
        return val is not None and val[1] == "ing"

    def _clause_end(self, toks: Sequence[Tok], c: int, sub: bool = False) -> int:
        """End (exclusive) of a reported clause starting at ``c``, trailing punctuation cut.

        ``sub``: the cue sits in a fronted subordinate clause ("While X said Y, Z ..."), so the
        content ends at the first comma.
        """
        n = len(toks)
        m = c
        while m < n:
            t = toks[m]
            if t.text == ";" or (
                t.text in ("—", "–") and m > c + 2 and m + 1 < n and toks[m + 1].low in _CONJ
            ):
                break
            if (
                t.low in ("and", "but")
                and m > c + 2
                and m + 1 < n
                and self._verb_after_conj(toks[m + 1])
            ):
                break
            if (
                t.text == ","
                and m + 2 < n
                and m > c + 2
                and toks[m + 1].low in _CONJ
                and toks[m + 2].low in PRONOUNS
            ):
                break  # ", and he railed against ..." starts a new clause
            if t.text == "," and m + 1 < n and m > c:
                nt = toks[m + 1]
                if (
                    sub
                    or nt.low == "according"
                    or self._is_ing_cue(nt)
                    or self._is_tail(toks, m + 1)
                    or self._new_attribution(toks, m + 1)
                ):
                    break
            m += 1
        while (
            m > c
            and toks[m - 1].quote < 0
            and not toks[m - 1].text[0].isalnum()
            and (toks[m - 1].text not in (")", "]", "%", "$"))
        ):
            m -= 1
        return m

    def _verb_after_conj(self, tok: Tok) -> bool:
        """True for "(and) added" / "(but) declined": a second verb phrase of the subject."""
        if tok.quote >= 0 or not tok.text[0].islower():
            return False
        val = self._cues.get(tok.low)
        if val is not None and val[1] in ("past", "3sg"):
            return True
        return tok.low in _SECOND_VERBS

    def _new_attribution(self, toks: Sequence[Tok], s: int) -> bool:
        """True if a new "SPEAKER CUE" clause starts at ``s`` ("..., he mentioned that")."""
        k = s
        if k < len(toks) and toks[k].low in PRONOUNS and toks[k].low != "it":
            k += 1
        else:
            a, b = np_span_right(toks, k, len(toks), 6)
            if b == a or not head_ok(toks[b - 1]):
                return False
            k = b
        while k < len(toks) and toks[k].text[0].islower() and is_adverb_or_aux(toks[k].low):
            k += 1
        if k >= len(toks) or not toks[k].text[0].islower():
            return False
        val = self._cues.get(toks[k].low)
        return val is not None and val[1] in ("past", "3sg")

    def _is_tail(self, toks: Sequence[Tok], s: int) -> bool:
        """True if ``toks[s:]`` is a trailing attribution: "(NP) CUE (NP) (adjuncts)"."""
        n = len(toks)
        for c in range(s, min(n, s + 9)):
            t = toks[c]
            if t.quote >= 0 or t.low == "that":
                return False
            val = self._cues.get(t.low) if t.text[0].islower() else None
            if val is not None and val[1] in ("past", "3sg"):
                return all(x.quote < 0 and x.low != "that" for x in toks[c + 1 : n]) and n - c <= 10
            if not (np_token(t) or t.low in PRONOUNS or is_adverb_or_aux(t.low) or t.text == "."):
                return False
        return False

    def _orphans(
        self,
        text: str,
        units: Sequence[tuple[int, int]],
        unit_toks: Sequence[Sequence[Tok]],
        dqs: Sequence[_DQ],
        claimed_quotes: set[int],
        raws: Sequence[_Raw],
    ) -> list[_Raw]:
        """Direct quotes without a cue, continuing the attribution just before them.

        In the same paragraph as a direct quote's attribution, the orphan joins that
        attribution's content (one statement, as PolNeAR annotates it); further away it becomes
        an attribution of its own with the same speaker.
        """
        out: list[_Raw] = []
        by_unit: dict[int, list[_Raw]] = {}
        for r in raws:
            by_unit.setdefault(r.unit, []).append(r)
        last: _Raw | None = None
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
            direct_parent = any(
                any(t.quote >= 0 for t in unit_toks[pu][a:b]) for pu, a, b in last.content
            )
            for k in qk:
                q = dqs[toks[k].quote]
                if len(text[q.cs : q.ce].split()) < self.min_orphan_words:
                    continue
                if same_par and direct_parent:
                    last.content.append((u, k, k + 1))
                else:
                    out.append(_Raw(u, [(u, k, k + 1)], None, last.source, None, q.cs, last))
        return out

    def _according_to(
        self, u: int, toks: list[Tok], i: int, cue_end: int, claimed: list[bool]
    ) -> _Raw | None:
        """ "CLAUSE, according to X." / "According to X, CLAUSE." / "A, according to X, B"."""
        n = len(toks)
        a, b = np_span_right(toks, cue_end, n, 12)
        if b <= a or not head_ok(toks[head_index(toks, a, b)]):
            return None
        mention = analyse_mention(toks, a, b, "", ())
        if mention is None:
            return None
        if b < n and toks[b].low in ("who", "which") and b > a:
            while b < n and toks[b].text != ",":
                b += 1
        before = [t for t in toks[:i] if t.text[0].isalnum() and t.low not in _CONJ]
        content: list[tuple[int, int]] = []
        if not before:
            if b < n and toks[b].text == "," and b + 1 < n:
                content = [(b + 1, self._clause_end(toks, b + 1))]
        else:
            p = i - 1
            if p >= 0 and toks[p].text == ",":
                p -= 1
            s0 = p
            while s0 - 1 >= 0 and not claimed[s0 - 1] and toks[s0 - 1].text != ";":
                s0 -= 1
            if p >= s0:
                content = [(s0, _trim(toks, s0, p + 1))]
            if b + 1 < n and toks[b].text == "," and toks[b + 1].text[0].isalnum():
                content.append((b + 1, self._clause_end(toks, b + 1)))
        content = [(x, y) for x, y in content if y - x >= 2 and not any(claimed[x:y])]
        if not content:
            return None
        for x, y in [*content, (i, b)]:
            for z in range(x, y):
                claimed[z] = True
        src = (toks[a].start, toks[b - 1].end)
        start = min(toks[x].start for x, _ in content)
        return _Raw(
            u,
            [(u, x, y) for x, y in content],
            (toks[i].start, toks[cue_end - 1].end),
            src,
            mention,
            start,
        )

    def _headline_colon(self, text: str, u: int, toks: list[Tok]) -> _Raw | None:
        """Headline form "Marco Rubio: I'm not interested" — a name, a colon, the statement."""
        n = len(toks)
        _, b = np_span_right(toks, 0, n, 5)
        if b == 0 or b >= n - 1 or toks[b].text != ":":
            return None
        mention = analyse_mention(toks, 0, b, text, ())
        if (
            mention is None
            or mention.kind != "person"
            or not mention.name
            or (" " not in mention.name)
        ):
            return None
        end = _trim(toks, b + 1, n)
        if end - (b + 1) < 3 and toks[b + 1].quote < 0:
            return None
        src = (toks[0].start, toks[b - 1].end)
        return _Raw(u, [(u, b + 1, end)], (toks[b].start, toks[b].end), src, mention, toks[0].start)

    # -- resolution ------------------------------------------------------------------------------

    def _resolve(
        self,
        text: str,
        unit_toks: Sequence[Sequence[Tok]],
        dqs: Sequence[_DQ],
        raws: list[_Raw],
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


# -- helpers -------------------------------------------------------------------------------------

_BE = frozenset("is was are were been be being am".split())
_WH = frozenset("whether if why how what when where who which".split())
_CONJ = frozenset("and but or while yet so".split())
_ADV_SKIP = frozenset(
    """earlier later today yesterday tonight recently again also publicly privately repeatedly
    previously once then too still further separately afterwards""".split()
)
_PREP_SKIP = frozenset("on in at during via through over after before with last this from".split())
#: Cues that take a bare clause with any first word; the others need a pronoun, determiner or
#: name to start it ("added a feature" is not speech, "added the plan failed" is).
_LOOSE = frozenset("say tell think believe".split())
_LY = re.compile(r"^[a-z]{3,}ly$")


def _units(text: str, dqs: Sequence[_DQ]) -> list[tuple[int, int]]:
    """Sentence spans merged so that no direct quote crosses a boundary."""
    out: list[tuple[int, int]] = []
    qi = 0
    for s, e in sentence_spans(text):
        if out:
            ps, pe = out[-1]
            while qi < len(dqs) and dqs[qi].close <= pe:
                qi += 1
            if qi < len(dqs) and dqs[qi].open < pe:
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def _unit_tokens(text: str, s: int, e: int, dqs: Sequence[_DQ]) -> list[Tok]:
    """Tokens of ``text[s:e]`` with every direct quote inside as one placeholder token."""
    toks: list[Tok] = []
    pos = s
    lo = bisect.bisect_left([q.open for q in dqs], s)
    for qi in range(lo, len(dqs)):
        q = dqs[qi]
        if q.open >= e:
            break
        if q.close > e:
            continue
        toks.extend(tokenize(text, pos, q.open))
        toks.append(Tok(q.open, q.close, text[q.open : q.close], '"', qi))
        pos = q.close
    toks.extend(tokenize(text, pos, e))
    return toks


def _leading_quotes(toks: Sequence[Tok]) -> list[int]:
    out = []
    for k, t in enumerate(toks):
        if t.quote < 0:
            break
        out.append(k)
    return out


def _quote_run(toks: Sequence[Tok], s: int) -> list[int]:
    out = [s]
    while out[-1] + 1 < len(toks) and toks[out[-1] + 1].quote >= 0:
        out.append(out[-1] + 1)
    return out


def _trim(toks: Sequence[Tok], a: int, b: int) -> int:
    """End of ``toks[a:b]`` without trailing punctuation."""
    while b > a and toks[b - 1].quote < 0 and not toks[b - 1].text[0].isalnum():
        b -= 1
    return b


_SUBORDINATORS = frozenset(
    "although though while whereas because since if unless when after before as once".split()
)


def _in_fronted_subclause(toks: Sequence[Tok], s: int) -> bool:
    """True if token ``s`` follows a unit-initial subordinator ("While X said ..., Y ...")."""
    for k in range(0, min(s, 3)):
        if toks[k].low in _SUBORDINATORS:
            return True
        if toks[k].text[0].isalnum() and toks[k].low not in _CONJ:
            return False
    return False


def _tail_ok(toks: Sequence[Tok], j: int) -> bool:
    """True if nothing but punctuation or a comma-led follow-up comes after position ``j``."""
    return j >= len(toks) or _trim(toks, j, len(toks)) == j or toks[j].text in (",", "(")


def _base_subject_ok(toks: Sequence[Tok], k: int, i: int, mention: Mention | None) -> bool:
    """A bare verb form ("say") is a cue after a modal/auxiliary or a plural subject."""
    if k < i - 1:
        return True  # "will say", "did not say", "have also said"
    if mention is None:
        return False
    if mention.kind == "pronoun":
        return mention.head in ("i", "we", "you", "they")
    return mention.head.endswith("s") and mention.kind == "nominal"


def _clause_start(tok: Tok, strict: bool) -> bool:
    """True if a reported clause can start with ``tok``."""
    if tok.quote >= 0:
        return True
    if not tok.text[0].isalnum() or tok.low in _CLAUSE_START_BLOCK:
        return False
    if not strict:
        return True
    return (
        tok.low in PRONOUNS
        or tok.low in DETERMINERS
        or tok.text[0].isupper()
        or tok.text[0].isdigit()
        or tok.low == "there"
    )


def _skip_adjuncts(toks: Sequence[Tok], j: int) -> tuple[int, bool]:
    """Skip time words and a prepositional phrase after a cue; True if "that" was passed."""
    n = len(toks)
    while (
        j < n
        and toks[j].quote < 0
        and (toks[j].low in _ADV_SKIP or toks[j].low in MONTHS_DAYS or bool(_LY.match(toks[j].low)))
    ):
        j += 1
    if j < n and toks[j].low in _PREP_SKIP:
        for m in range(j, min(n, j + 14)):
            t = toks[m]
            if t.low == "that":
                return m + 1, True
            if t.quote >= 0 or t.text == ":":
                return m, False
            if t.text == "," and m + 1 < n and toks[m + 1].quote >= 0:
                return m, False
            if t.text in (".", ";", "!", "?", ","):
                # "said on Friday." / "said in a statement, ...": a short adjunct is consumed.
                return (
                    m if (m - j <= 8 and _trim(toks, m, n) in (m, n)) or t.text == "," else j
                ), False
        return j, False
    if j < n and toks[j].low == "that":
        return j + 1, True
    return j, False


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


__all__ = [
    "COGNITION_VERBS",
    "SPEECH_VERBS",
    "Attribution",
    "QuoteExtractor",
    "extract_attributions",
    "extract_quotes",
    "find_direct_quotes",
]
