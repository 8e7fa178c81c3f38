"""Geometry of the storyline timeline drawn on the home page (inline SVG, server-side).

One row per storyline, its events as circles placed by date and sized by article count, joined
by a line. Only numbers and record text come out of here; the template writes the SVG elements
with every text escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from newsweave.models import Event, Storyline
from newsweave.time import from_iso

#: Drawing size in SVG user units; the picture scales to the page width (viewBox).
WIDTH = 960
LABEL_WIDTH = 220
ROW_HEIGHT = 34
TOP = 28
RIGHT_PAD = 24
#: Circle radius range: the largest event gets MAX_R, a one-article event MIN_R.
MIN_R, MAX_R = 4.0, 11.0
#: Storyline titles longer than this are cut in the label column (full title on hover).
LABEL_CHARS = 30


@dataclass(frozen=True, slots=True)
class Point:
    """One event on the timeline."""

    x: float
    r: float
    event_id: str
    title: str
    date: str
    articles: int


@dataclass(frozen=True, slots=True)
class Row:
    """One storyline on the timeline."""

    y: float
    storyline_id: str | None
    title: str
    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    """A date label on the axis."""

    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Timeline:
    """Everything the template needs to draw the picture."""

    width: int
    height: int
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    undated: int  # events left out for want of a date


def _ticks(first: date, last: date, scale: float) -> list[Tick]:
    span = (last - first).days
    if span == 0:
        return [Tick(LABEL_WIDTH + (WIDTH - LABEL_WIDTH - RIGHT_PAD) / 2, first.isoformat())]
    count = min(6, span + 1)
    out = []
    for k in range(count):
        day = first + timedelta(days=round(k * span / (count - 1)))
        out.append(Tick(LABEL_WIDTH + (day - first).days * scale, day.isoformat()))
    return out


def build_timeline(
    events: Sequence[Event], storylines: Sequence[Storyline], *, max_rows: int = 40
) -> Timeline:
    """Lay out ``events`` by storyline and date (events outside storylines get one row)."""
    by_id = {e.id: e for e in events}
    groups: list[tuple[str | None, str, list[Event]]] = []
    placed: set[str] = set()
    for story in storylines:
        members = [by_id[i] for i in story.event_ids if i in by_id]
        if members:
            groups.append((story.id, story.title, members))
            placed.update(e.id for e in members)
    rest = [e for e in events if e.id not in placed]
    if rest:
        groups.append((None, "Not in a storyline", rest))
    groups = groups[:max_rows]
    dated = [d for _, _, members in groups for e in members if (d := from_iso(e.date))]
    undated = sum(1 for _, _, members in groups for e in members if from_iso(e.date) is None)
    if not dated:
        return Timeline(WIDTH, TOP, (), (), undated)
    first, last = min(dated), max(dated)
    plot = WIDTH - LABEL_WIDTH - RIGHT_PAD
    span = (last - first).days
    scale = plot / span if span else 0.0
    most = max(len(e.article_ids) for _, _, members in groups for e in members) or 1
    rows: list[Row] = []
    for story_id, title, members in groups:
        points = []
        for event in sorted(members, key=lambda e: (e.date or "", e.id)):
            day = from_iso(event.date)
            if day is None:
                continue
            x = LABEL_WIDTH + (day - first).days * scale if span else LABEL_WIDTH + plot / 2
            n = len(event.article_ids)
            r = MIN_R + (MAX_R - MIN_R) * (n - 1) / max(most - 1, 1)
            points.append(
                Point(round(x, 1), round(r, 1), event.id, event.title, day.isoformat(), n)
            )
        if not points:
            continue
        y = TOP + ROW_HEIGHT * (len(rows) + 0.5)
        label = title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1] + "…"
        rows.append(Row(y, story_id, title, label, tuple(points)))
    height = int(TOP + ROW_HEIGHT * len(rows) + 8)
    return Timeline(WIDTH, height, tuple(rows), tuple(_ticks(first, last, scale)), undated)
