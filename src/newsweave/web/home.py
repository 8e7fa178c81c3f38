"""The home page, the top stories and search: events ranked by how widely they were covered.

A real day of news is hundreds of events, most of them reported by one outlet. The home page
therefore lists events by number of outlets (then articles, then date), hides one-article
events unless asked (``singles=1``), and pages the rest; ``sort=date`` lists them newest
first instead. Filters:

- ``q``: search (:mod:`newsweave.web.search`: ``NOT``, ``-word``, names folded as
  clustering folds them); the hits are paged with the events;
- ``from`` / ``to``: an event matches when ANY of its articles is dated in the range (an
  event of 12 March with a follow-up on 20 March is in 10-15 March);
- ``outlet``, ``storyline``.

Blindspots come only from outlet profiles (:func:`newsweave.web.views.blindspots`); the
page lists the most widely covered few (:attr:`WebParams.blindspot_limit`) and says how
many there are and what they are measured on. Cards carry a lean bar when the profiles
give leans.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from newsweave.models import Article, Event
from newsweave.store import Store
from newsweave.time import from_iso
from newsweave.web.params import DEFAULT_PARAMS, WebParams
from newsweave.web.profiles import OutletProfiles
from newsweave.web.search import NameSpellings, SpellingsCache, expand, parse_query
from newsweave.web.timeline import build_timeline
from newsweave.web.views import (
    BadRequest,
    Corpus,
    blindspots,
    check_date,
    check_text,
    search_snippet,
)

SORTS = ("outlets", "date")
#: Lean sides in the order a bar draws them (numeric scales; text leans follow, sorted).
_SIDE_ORDER = ("left of centre", "centre", "right of centre")
_SIDE_CLASS = {"left of centre": "left", "centre": "centre", "right of centre": "right"}


def event_days(event: Event, corpus: Corpus) -> list[str]:
    """The days (YYYY-MM-DD) of the event's articles; the event's own date if none has one."""
    days = sorted(
        {b.date[:10] for i in event.article_ids if (b := corpus.briefs.get(i)) and b.date}
    )
    if not days and event.date:
        days = [event.date[:10]]
    return days


def in_range(days: Sequence[str], start: str | None, end: str | None) -> bool:
    """True when any of ``days`` lies in [start, end] (open ends allowed)."""
    return any((start is None or d >= start) and (end is None or d <= end) for d in days)


def lean_bar(outlets: Sequence[str], profiles: OutletProfiles) -> list[dict[str, Any]] | None:
    """The event's outlets by lean side as bar segments (``x``/``width`` in percent), or
    ``None`` when the profiles give no leans."""
    if not any(o.lean for o in profiles.outlets):
        return None
    counts = Counter(profiles.value(o, "lean") or "unknown" for o in outlets)
    order = [s for s in _SIDE_ORDER if s in counts]
    order += sorted(s for s in counts if s not in _SIDE_ORDER and s != "unknown")
    order += ["unknown"] if "unknown" in counts else []
    texts = sorted(s for s in counts if s not in _SIDE_ORDER and s != "unknown")
    total, x, out = max(1, sum(counts.values())), 0.0, []
    for side in order:
        width = round(100 * counts[side] / total, 2)
        css = _SIDE_CLASS.get(side) or (
            "unknown" if side == "unknown" else f"other{texts.index(side) % 6}"
        )
        out.append({"side": side, "outlets": counts[side], "x": x, "width": width, "css": css})
        x = round(x + width, 2)
    return out


def _brief(
    event: Event,
    corpus: Corpus,
    profiles: OutletProfiles,
    spots: Mapping[str, dict[str, Any]],
    days: Sequence[str],
) -> dict[str, Any]:
    outlets = sorted(corpus.outlet_articles(event))
    return {
        "id": event.id,
        "title": event.title,
        "date": event.date,
        "first": days[0] if days else None,
        "last": days[-1] if days else None,
        "storyline": event.storyline_id,
        "storyline_title": corpus.storyline_titles.get(event.storyline_id or ""),
        "storyline_events": corpus.storyline_sizes.get(event.storyline_id or "", 0),
        "articles": len(event.article_ids),
        "outlets": outlets,
        "lean": lean_bar(outlets, profiles),
        "blindspot": spots.get(event.id),
    }


def _rank(events: list[Event], corpus: Corpus, sort: str) -> list[Event]:
    # Newest first, undated last; then (stable) by outlets and articles for "outlets".
    events = sorted(events, key=lambda e: (e.date is not None, e.date or "", e.id), reverse=True)
    if sort == "outlets":
        events.sort(key=lambda e: (-len(corpus.outlet_articles(e)), -len(e.article_ids)))
    return events


def _blindspot_info(
    attribute: str | None,
    spots: Mapping[str, dict[str, Any]],
    corpus: Corpus,
    profiles: OutletProfiles,
) -> dict[str, Any]:
    """What the page says about blindspots: the sides' attribute, or why there are none."""
    info: dict[str, Any] = {
        "attribute": attribute,
        "profiles_file": profiles.source,
        "events": len(spots),
        "outlets": len(corpus.outlets),
    }
    if attribute is None:
        info["reason"] = (
            "no outlet profiles are configured (setting outlets_file, or serve --outlets)"
            if not profiles.outlets
            else "the outlet profiles give fewer than two leans, countries or owners "
            "among this store's outlets"
        )
        info["unprofiled_outlets"] = None
    else:
        info["unprofiled_outlets"] = sum(
            1 for o in corpus.outlets if profiles.value(o, attribute) is None
        )
    return info


def _link(filters: Mapping[str, Any], **change: Any) -> str:
    """The home page URL of these filters with ``change`` applied (page 1 unless given)."""
    merged = {**filters, "page": 1, **change}
    keep = {
        "q": merged.get("q"),
        "outlet": merged.get("outlet"),
        "storyline": merged.get("storyline"),
        "from": merged.get("from"),
        "to": merged.get("to"),
        "sort": merged["sort"] if merged.get("sort") != SORTS[0] else None,
        "singles": "1" if merged.get("singles") else None,
        "page": merged["page"] if merged["page"] != 1 else None,
    }
    query = urlencode({k: v for k, v in keep.items() if v not in (None, "")})
    return "/" + ("?" + query if query else "")


def _spellings(store: Store, corpus: Corpus, cache: SpellingsCache | None) -> NameSpellings:
    def load(ids: list[str] | None) -> Iterable[Article]:
        return store.iter_articles(ids)

    if cache is None:
        return NameSpellings.from_articles(load(None))
    listing = {b.id: hash((b.title, b.date, b.outlet, b.url)) for b in corpus.briefs.values()}
    return cache.get(listing, load)


def search(
    store: Store,
    corpus: Corpus,
    q: str,
    params: WebParams,
    cache: SpellingsCache | None,
) -> dict[str, Any]:
    """Articles matching ``q`` (all of them up to ``search_limit``), best first."""
    parsed = parse_query(q)
    if not parsed.alternatives:
        return {"query": q, "searched": None, "spellings": {}, "hits": [], "note": (
            "Nothing to search: give at least one word an article must contain."
        )}  # fmt: skip
    expanded, added = expand(parsed, _spellings(store, corpus, cache), params)
    searched = expanded.render()
    hits = []
    for h in store.search_articles(searched, limit=params.search_limit):
        brief = corpus.briefs.get(h.article_id)
        if brief is not None:
            hits.append(
                {
                    "article": brief.id,
                    "title": brief.title,
                    "outlet": corpus.label_of.get(brief.id, brief.outlet),
                    "date": brief.date,
                    "url": brief.url,
                    "events": corpus.events_of.get(brief.id, []),
                    "snippet": search_snippet(h.snippet),
                }
            )
    return {"query": q, "searched": searched, "spellings": added, "hits": hits, "note": None}


def home_view(
    store: Store,
    profiles: OutletProfiles,
    *,
    params: WebParams = DEFAULT_PARAMS,
    spellings: SpellingsCache | None = None,
    q: str | None = None,
    outlet: str | None = None,
    storyline: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page: int = 1,
    sort: str | None = None,
    singles: bool = False,
) -> dict[str, Any]:
    """Events ranked by outlets (or newest first), filtered, paged, with search and
    blindspots."""
    q = check_text("q", q, params.max_query)
    outlet = check_text("outlet", outlet, params.max_query)
    storyline = check_text("storyline", storyline, params.max_query)
    date_from, date_to = check_date("from", date_from), check_date("to", date_to)
    sort = sort or SORTS[0]
    if sort not in SORTS:
        raise BadRequest("`sort` must be `outlets` or `date`.")
    if page < 1:
        raise BadRequest("`page` must be 1 or more.")
    corpus = Corpus.read(store, profiles.directory)
    found = search(store, corpus, q, params, spellings) if q else None
    hit_ids = {h["article"] for h in found["hits"]} if found is not None else None
    days = {e.id: event_days(e, corpus) for e in corpus.events}
    selected: list[Event] = []
    for event in corpus.events:
        if hit_ids is not None and not hit_ids.intersection(event.article_ids):
            continue
        if outlet and outlet not in corpus.outlet_articles(event):
            continue
        if storyline and event.storyline_id != storyline:
            continue
        if (date_from or date_to) and not in_range(days[event.id], date_from, date_to):
            continue
        selected.append(event)
    hidden = 0 if singles else sum(1 for e in selected if len(e.article_ids) <= 1)
    if not singles:
        selected = [e for e in selected if len(e.article_ids) > 1]
    selected = _rank(selected, corpus, sort)
    attribute, spots = blindspots(corpus.events, corpus.listed, profiles, corpus.outlets)
    hit_count = len(found["hits"]) if found else 0
    pages = max(1, -(-len(selected) // params.page_size), -(-hit_count // params.hits_per_page))
    shown = selected[(page - 1) * params.page_size : page * params.page_size]
    listed_spots = [
        e for e in _rank(corpus.events, corpus, "outlets")
        if e.id in spots and (singles or len(e.article_ids) > 1)
    ]  # fmt: skip
    filters = {
        "q": q, "outlet": outlet, "storyline": storyline, "from": date_from, "to": date_to,
        "sort": sort, "singles": singles, "page": page, "pages": pages,
    }  # fmt: skip
    if found is not None:
        start = (page - 1) * params.hits_per_page
        found = {
            **found,
            "total": hit_count,
            "hits": found["hits"][start : start + params.hits_per_page],
        }
    return {
        "filters": filters,
        "counts": {
            "articles": len(corpus.briefs),
            "events": len(corpus.events),
            "storylines": len(corpus.storylines),
            "matching_events": len(selected),
            "hidden_single_article_events": hidden,
        },
        "links": {
            "prev": _link(filters, page=page - 1) if page > 1 else None,
            "next": _link(filters, page=page + 1) if page < pages else None,
            "singles": _link(filters, singles=not singles),
            "sort": {s: _link(filters, sort=s) for s in SORTS},
        },
        "events": [_brief(e, corpus, profiles, spots, days[e.id]) for e in shown],
        "search": found,
        "storylines": [
            {"id": s.id, "title": s.title, "events": list(s.event_ids)} for s in corpus.storylines
        ],
        "outlets": corpus.outlets,
        "timeline": asdict(build_timeline(shown, corpus.storylines)),
        "blindspot_attribute": attribute,
        "blindspot_info": _blindspot_info(attribute, spots, corpus, profiles),
        "blindspots": [
            _brief(e, corpus, profiles, spots, days[e.id])
            for e in listed_spots[: params.blindspot_limit]
        ],
    }


def top_view(
    store: Store,
    profiles: OutletProfiles,
    *,
    params: WebParams = DEFAULT_PARAMS,
    days: int | None = None,
) -> dict[str, Any]:
    """The most widely covered events (two outlets or more) of the last ``days`` days before
    the newest article (``0``: all time), each with its summary's first sentence."""
    days = params.top_days if days is None else days
    if days < 0 or days > 36_500:
        raise BadRequest("`days` must be a number of days (0 for all time).")
    corpus = Corpus.read(store, profiles.directory)
    spans = {e.id: event_days(e, corpus) for e in corpus.events}
    newest = max((d[-1] for d in spans.values() if d), default=None)
    since = None
    if days and newest and (day := from_iso(newest)) is not None:
        since = (day - timedelta(days=days - 1)).isoformat()
    chosen = [
        e
        for e in corpus.events
        if len(corpus.outlet_articles(e)) >= 2
        and (since is None or in_range(spans[e.id], since, None))
    ]
    ranked = _rank(chosen, corpus, "outlets")[: params.top_stories]
    attribute, spots = blindspots(corpus.events, corpus.listed, profiles, corpus.outlets)
    stories = []
    for event in ranked:
        row = _brief(event, corpus, profiles, spots, spans[event.id])
        cov = store.get_coverage(event.id)
        first = cov.summary[0] if cov is not None and cov.summary else None
        row["summary"] = {"text": first.text, "cites": list(first.cites)} if first else None
        stories.append(row)
    return {
        "days": days,
        "since": since,
        "newest": newest,
        "stories": stories,
        "counts": {"events": len(corpus.events), "covered_by_two_or_more": len(chosen)},
        "blindspot_attribute": attribute,
        "lean_bars": any(o.lean for o in profiles.outlets),
    }


__all__ = ["SORTS", "event_days", "home_view", "in_range", "lean_bar", "search", "top_view"]
