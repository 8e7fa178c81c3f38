"""Highlighting an article's text from character spans, without ever producing HTML.

The article page shows quotes, entities and claims over the cleaned text. The text is untrusted,
so highlighting never inserts markup into it: :func:`segments` cuts the text at every span
boundary into plain-text pieces, each with the kinds of span covering it, and the template
renders every piece escaped inside its own element. Overlapping and nested spans are fine.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A highlighted range of the text."""

    start: int
    end: int
    kind: str  # CSS class: "quote", "entity", "claim-shared", "claim-unique"
    label: str = ""  # hover text ("Quote: Ana Ruiz", "PERSON")
    anchor: str | None = None  # element id placed where the span starts, for links


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text and the spans covering it."""

    text: str
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # ids of spans starting here


def valid_spans(text: str, spans: Iterable[Span]) -> list[Span]:
    """Spans that fit in ``text`` (bad offsets from a stage are dropped, never trusted)."""
    n = len(text)
    return [s for s in spans if 0 <= s.start < s.end <= n]


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut ``text`` at span boundaries; concatenating the segments' text gives ``text`` back."""
    good = valid_spans(text, spans)
    cuts = sorted({0, len(text), *(s.start for s in good), *(s.end for s in good)})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        active = [s for s in good if s.start <= a and s.end >= b]
        kinds = tuple(dict.fromkeys(s.kind for s in active))
        labels = tuple(dict.fromkeys(s.label for s in active if s.label))
        anchors = tuple(s.anchor for s in good if s.start == a and s.anchor)
        out.append(Segment(text[a:b], kinds, labels, anchors))
    return out


def split_marked(snippet: str, start: str, end: str) -> list[tuple[str, bool]]:
    """Split a search snippet into ``(text, is_match)`` pieces at its match marks."""
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        i = rest.find(start)
        if i < 0:
            pieces.append((rest, False))
            break
        if i:
            pieces.append((rest[:i], False))
        rest = rest[i + len(start) :]
        j = rest.find(end)
        if j < 0:
            pieces.append((rest, True))
            break
        pieces.append((rest[:j], True))
        rest = rest[j + len(end) :]
    return [(t.replace(start, "").replace(end, ""), m) for t, m in pieces if t]
