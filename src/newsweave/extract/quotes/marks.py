"""Direct quotes: pairing quotation marks, and sentence units with quotes as single tokens.

The first step of quote extraction (:mod:`newsweave.extract.quotes`). Each quotation mark is
judged opening or closing from its neighbours first and its glyph second, so mixed marks
(``"...”``) pair up; an opener met inside an open quote closes the first one at its last
sentence end; an unclosed quote is kept only when it opens its paragraph and the next paragraph
opens with a quote (the multi-paragraph convention). Nothing runs past a paragraph.

Articles that use no double quotation marks at all are read in the British convention: single
marks (``‘...’``, ``'...'``) quote, with stricter rules so that apostrophes ("don’t",
"voters’ views") are not taken for quotation marks.

Sentence units (:func:`sentence_units`) are sentences merged so that no direct quote crosses a
unit boundary; :func:`unit_tokens` tokenizes a unit with each direct quote as one placeholder
token, so that cue verbs inside quotes are never read as attributions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsweave.extract.quotes.lexicon import Tok, tokenize
from newsweave.text import sentence_spans

# -- direct quotes -----------------------------------------------------------------------------

_DOUBLE = '"“”„‟«»'
_LEFT_GLYPHS = "“„‟«"
_RIGHT_GLYPHS = "”»"
_OPEN_LEFT = "([{—–-/:"
_CLOSE_RIGHT = ".,;:!?)]}—–-"


@dataclass(frozen=True, slots=True)
class DirectQuote:
    """A direct quote: mark span ``[open, close)`` and content span ``[cs, ce)``."""

    open: int
    close: int
    cs: int
    ce: int


# Double quotation marks: typographic ones, plus the two-character ASCII forms '' and `` that
# treebank-style and some wire texts use (PolNeAR's New York Times articles do).
_MARK = re.compile(r"''(?!')|``|[\"“”„‟«»]")
# Single marks, read as quotation marks only in articles without double ones.
_SINGLE = re.compile(r"[‘’']")


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
    return [(q.open, q.close, q.cs, q.ce) for q in direct_quotes(text)]


def direct_quotes(text: str) -> list[DirectQuote]:
    """The direct quotes of ``text`` in order (see :func:`find_direct_quotes`).

    Double marks when the text has any; else single marks (the British convention).
    """
    if _MARK.search(text) is not None:
        return _pair(text, _MARK, _role)
    if _SINGLE.search(text) is None:
        return []
    return _pair(text, _SINGLE, _single_role)


def _single_role(text: str, i: int, j: int) -> str:
    """Role of a single mark; 'skip' for apostrophes ("don’t", "’90s", "voters’ views")."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[j] if j < len(text) else " "
    left_free = prev.isspace() or prev in _OPEN_LEFT or prev in _DOUBLE
    right_free = nxt.isspace() or nxt in _CLOSE_RIGHT
    if left_free and not right_free:
        # "’90s", "’Tis", "'em": a right mark or a straight one before a digit or a lower-case
        # word elides letters; only "‘" opens anything, and "'" before a capital.
        if text[i] == "‘" or (text[i] == "'" and nxt.isupper()):
            return "open"
        return "skip"
    if right_free and not left_free:
        if prev in ".,!?…":
            return "close"
        # "voters’ views": a plural possessive before a lower-case word is not a closer.
        if prev in "sS" and nxt.isspace() and text[j + 1 : j + 2].islower():
            return "skip"
        return "close"
    return "skip"


def _pair(
    text: str, marks: re.Pattern[str], role_of: Callable[[str, int, int], str]
) -> list[DirectQuote]:
    """Pair the quotation marks ``marks`` line by line; ``role_of`` judges each mark."""
    out: list[DirectQuote] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for li, (ls, le) in enumerate(lines):
        open_at: tuple[int, int] | None = None  # span of the pending opening mark
        for mark in marks.finditer(text, ls, le):
            i, j = mark.span()
            role = role_of(text, i, j)
            if role == "skip":
                continue
            if open_at is None:
                if role != "close":
                    open_at = (i, j)
                continue
            if role != "open":
                cs, ce = _content(text, open_at[1], i)
                if ce > cs:
                    out.append(DirectQuote(open_at[0], j, cs, ce))
                open_at = None
                continue
            # An opener inside an open quote: close the first at its last sentence end.
            seg = text[open_at[1] : i].rstrip()
            if seg and seg[-1] in ".!?":
                cs, ce = _content(text, open_at[1], open_at[1] + len(seg))
                out.append(DirectQuote(open_at[0], ce, cs, ce))
            open_at = (i, j)
        if open_at is not None:
            before = text[ls : open_at[0]]
            starts_line = not before.strip() or before.rstrip().endswith(":")
            nxt = lines[li + 1] if li + 1 < len(lines) else None
            continued = nxt is not None and marks.match(text[nxt[0] : nxt[1]].lstrip()) is not None
            if starts_line:
                cs, ce = _content(text, open_at[1], le)
                if ce > cs and (continued or text[ce - 1] in ".!?"):
                    out.append(DirectQuote(open_at[0], le, cs, ce))
    return out


def sentence_units(text: str, dqs: Sequence[DirectQuote]) -> list[tuple[int, int]]:
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


def unit_tokens(text: str, s: int, e: int, dqs: Sequence[DirectQuote]) -> list[Tok]:
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


def leading_quotes(toks: Sequence[Tok]) -> list[int]:
    out = []
    for k, t in enumerate(toks):
        if t.quote < 0:
            break
        out.append(k)
    return out


def quote_run(toks: Sequence[Tok], s: int) -> list[int]:
    out = [s]
    while out[-1] + 1 < len(toks) and toks[out[-1] + 1].quote >= 0:
        out.append(out[-1] + 1)
    return out
