"""A store shaped like a real day of news, built from records in a second: 600 invented
articles, about 400 events (most with one article), 300 outlets, storylines, summaries.

The shape is that of the 600 GVA articles of issue 18 (586 articles, 410 events, 296 outlet
names); the text is invented. Used by the web tests (page weight, paging, blindspot caps) and
the browser tests (phone layout, long tokens, source links, merging outlets).
"""

from __future__ import annotations

import random
from pathlib import Path

from newsweave.models import Article, Coverage, Entity, Event, Storyline, SummarySentence
from newsweave.store import Store

ARTICLES = 600
OUTLETS = 300
#: A token no line can hold on a phone (ids and titles carry it).
LONG_TOKEN = "Kharnovo-" + "x" * 90 + "-update"
#: Outlets described in the profile file the tests write (every tenth has a lean).
PROFILED = range(0, OUTLETS, 10)

_PLACES = ["Kharnovo", "Harnovo", "Port Elsam", "Vesk", "Lindau Falls", "Corrin", "Mattock"]
_KINDS = ["flood", "fire", "strike", "vote", "crash", "storm", "trial", "protest"]
_WORDS = (
    "officials said the council would meet again after residents raised concerns about the "
    "river road bridge school budget and police response during the night while volunteers "
    "helped families move to shelters across the district"
).split()


def outlet_name(n: int) -> str:
    return f"Outlet {n:03d} Daily"


def _text(rng: random.Random, place: str, kind: str, n: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(120)]
    return (
        f"{place.upper()} - A {kind} hit {place} on Tuesday, officials said. "
        + " ".join(words)
        + f". Report number {n}."
    )


def build(store: Store, seed: int = 18) -> dict[str, int]:
    """Fill ``store``; return counts (articles, events, multi-outlet events)."""
    rng = random.Random(seed)
    events: list[Event] = []
    coverage: list[Coverage] = []
    article_no = 0
    event_no = 0
    while article_no < ARTICLES:
        # About one event in nine is reported by 2-8 outlets, the rest by one.
        size = rng.randint(2, 8) if rng.random() < 0.11 else 1
        size = min(size, ARTICLES - article_no)
        place, kind = rng.choice(_PLACES), rng.choice(_KINDS)
        day = 10 + rng.randint(0, 9)
        ids = []
        outlets = rng.sample(range(OUTLETS), size)
        for k, o in enumerate(outlets):
            aid = f"art{article_no:04d}"
            if article_no == 7:
                aid = LONG_TOKEN  # an id no phone line holds
            text = _text(rng, place, kind, article_no)
            at = text.index(place, 5)
            article = Article(
                id=aid,
                text=text,
                raw_text=text,
                title=f"{kind.capitalize()} in {place}"
                + (f" {LONG_TOKEN}" if article_no == 3 else ""),
                outlet=outlet_name(o),
                url=f"https://out{o:03d}.example/{day}/{aid}",
                date=f"2024-03-{day + (k % 2):02d}",  # follow-ups a day later
                source_key=f"/day/{aid}",
                path=f"/day/{aid}.txt",
                content_hash=f"h{article_no}",
                entities=(Entity(place, "GPE", at, at + len(place)),),
            )
            store.add_article(article)
            ids.append(aid)
            article_no += 1
        event_id = f"ev{event_no:04d}"
        title = f"{kind.capitalize()} in {place} ({event_no})"
        events.append(Event(event_id, title, f"2024-03-{day:02d}", tuple(ids)))
        if size > 1:
            first = store.get_article(ids[0])
            sentence = first.text.split(". ")[0] + "."
            names = tuple(outlet_name(o) for o in outlets[:2])
            coverage.append(
                Coverage(event_id, summary=(SummarySentence(sentence, tuple(ids[:2]), names),))
            )
        event_no += 1
    # Storylines: events of one place and kind, when there are two or more.
    groups: dict[str, list[str]] = {}
    for event in events:
        groups.setdefault(event.title.rsplit(" (", 1)[0], []).append(event.id)
    storylines = []
    for n, (title, members) in enumerate(sorted(groups.items())):
        if len(members) >= 2:
            storylines.append(Storyline(f"s{n:03d}", title, tuple(members)))
    story_of = {e: s.id for s in storylines for e in s.event_ids}
    events = [Event(e.id, e.title, e.date, e.article_ids, story_of.get(e.id)) for e in events]
    store.replace_analysis(events, storylines, coverage)
    return {
        "articles": article_no,
        "events": len(events),
        "multi": sum(1 for e in events if len(e.article_ids) > 1),
    }


def write_profiles(path: Path) -> Path:
    """An outlet-profile file describing every tenth outlet, leans from -2 to +2."""
    lines = []
    for o in PROFILED:
        lean = (o // 10) % 5 - 2
        lines += [
            "[[outlet]]",
            f'name = "{outlet_name(o)}"',
            f'domains = ["out{o:03d}.example"]',
            f'lean = "{lean:+d}"',
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
