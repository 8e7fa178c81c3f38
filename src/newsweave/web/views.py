"""What every page shows, as JSON-ready dicts: the page's ``.json`` is exactly this data.

Each ``*_view`` function reads the store and returns plain dicts and lists; templates render
the same dicts, so a page and its JSON can never disagree. Events and articles reuse the
``analyze --json`` shapes of :mod:`newsweave.report` (``event_json``, ``article_json``) and add
keys for what the page shows on top (coverage matrix, distribution, blindspot, spans).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsweave.errors import NotFoundError
from newsweave.models import Article, Coverage, Event, Storyline
from newsweave.report import article_json, event_json, outlet_label
from newsweave.store import Store
from newsweave.store.base import MATCH_END, MATCH_START, ArticleBrief
from newsweave.web.highlight import Span, split_marked, valid_spans
from newsweave.web.profiles import (
    Blindspot,
    OutletProfiles,
    blindspot_attribute,
    distribution,
    find_blindspot,
)
from newsweave.web.speakers import build_speaker_index

#: Events per page on the home page.
PAGE_SIZE = 50
#: Search results read from the store (the events shown are those holding these articles).
SEARCH_LIMIT = 200
#: Longest accepted search query and filter value, in characters.
MAX_QUERY = 200

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadRequest(ValueError):
    """A request parameter is invalid; the message says which and what is accepted."""


def _label(brief: ArticleBrief) -> str:
    return brief.outlet or f"[{brief.id}]"  # same rule as report.outlet_label


@dataclass(frozen=True, slots=True)
class Corpus:
    """The listing data of the whole store, read once per request, with derived maps."""

    events: list[Event]
    storylines: list[Storyline]
    briefs: dict[str, ArticleBrief]
    outlets: list[str]  # every outlet label, sorted
    urls: dict[str, str | None]  # outlet label -> one article URL (profiles match domains)
    events_of: dict[str, list[str]]  # article id -> ids of its events
    storyline_titles: dict[str, str]

    @classmethod
    def read(cls, store: Store) -> Corpus:
        """Read events, storylines and article briefs and derive the maps."""
        events, storylines = store.events(), store.storylines()
        briefs = {b.id: b for b in store.article_briefs()}
        urls: dict[str, str | None] = {}
        for brief in briefs.values():
            if brief.url:
                urls.setdefault(_label(brief), brief.url)
        events_of: dict[str, list[str]] = {}
        for event in events:
            for article_id in event.article_ids:
                events_of.setdefault(article_id, []).append(event.id)
        return cls(
            events,
            storylines,
            briefs,
            sorted({_label(b) for b in briefs.values()}),
            urls,
            events_of,
            {s.id: s.title for s in storylines},
        )

    def outlet_articles(self, event: Event) -> Counter[str]:
        """Outlet label -> number of the event's articles."""
        return Counter(_label(self.briefs[i]) for i in event.article_ids if i in self.briefs)


def _blindspot_json(spot: Blindspot | None) -> dict[str, Any] | None:
    if spot is None:
        return None
    return {
        "attribute": spot.attribute,
        "covered_by": spot.covered_by,
        "missing": list(spot.missing),
        "unknown_outlets": list(spot.unknown_outlets),
    }


def _event_brief(
    event: Event, corpus: Corpus, profiles: OutletProfiles, attribute: str
) -> dict[str, Any]:
    outlets = corpus.outlet_articles(event)
    spot = find_blindspot(outlets, corpus.outlets, profiles, attribute, corpus.urls)
    return {
        "id": event.id,
        "title": event.title,
        "date": event.date,
        "storyline": event.storyline_id,
        "storyline_title": corpus.storyline_titles.get(event.storyline_id or ""),
        "articles": len(event.article_ids),
        "outlets": sorted(outlets),
        "blindspot": _blindspot_json(spot),
    }


def _check_date(name: str, value: str | None) -> str | None:
    if not value:
        return None
    if not _ISO_DATE.match(value):
        raise BadRequest(f"`{name}` must be a date written YYYY-MM-DD.")
    return value


def _check_text(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > MAX_QUERY:
        raise BadRequest(f"`{name}` is too long (at most {MAX_QUERY} characters).")
    return value.strip()


def _snippet(snippet: str) -> dict[str, Any]:
    pieces = split_marked(snippet, MATCH_START, MATCH_END)
    text, matches, pos = "", [], 0
    for piece, is_match in pieces:
        if is_match:
            matches.append([pos, pos + len(piece)])
        text += piece
        pos += len(piece)
    return {"text": text, "matches": matches}


def home_view(
    store: Store,
    profiles: OutletProfiles,
    *,
    q: str | None = None,
    outlet: str | None = None,
    storyline: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page: int = 1,
) -> dict[str, Any]:
    """Events by date (newest first) with search, filters, storylines and blindspots."""
    q = _check_text("q", q)
    outlet = _check_text("outlet", outlet)
    storyline = _check_text("storyline", storyline)
    date_from, date_to = _check_date("from", date_from), _check_date("to", date_to)
    if page < 1:
        raise BadRequest("`page` must be 1 or more.")
    corpus = Corpus.read(store)
    attribute = blindspot_attribute(profiles, corpus.outlets)
    hits: list[dict[str, Any]] = []
    hit_ids: set[str] | None = None
    if q:
        found = store.search_articles(q, limit=SEARCH_LIMIT)
        hit_ids = {h.article_id for h in found}
        events_of = corpus.events_of
        for h in found:
            brief = corpus.briefs.get(h.article_id)
            if brief is None:
                continue
            hits.append(
                {
                    "article": brief.id,
                    "title": brief.title,
                    "outlet": brief.outlet,
                    "date": brief.date,
                    "events": events_of.get(brief.id, []),
                    "snippet": _snippet(h.snippet),
                }
            )
    selected = []
    for event in corpus.events:
        if hit_ids is not None and not hit_ids.intersection(event.article_ids):
            continue
        if outlet and outlet not in corpus.outlet_articles(event):
            continue
        if storyline and event.storyline_id != storyline:
            continue
        if (date_from or date_to) and not event.date:
            continue
        if date_from and (event.date or "") < date_from:
            continue
        if date_to and (event.date or "")[:10] > date_to:
            continue
        selected.append(event)
    # Newest first; undated events last.
    selected.sort(key=lambda e: (e.date is not None, e.date or "", e.id), reverse=True)
    briefs = [_event_brief(e, corpus, profiles, attribute) for e in selected]
    pages = max(1, -(-len(briefs) // PAGE_SIZE))
    shown = briefs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {
        "filters": {
            "q": q,
            "outlet": outlet,
            "storyline": storyline,
            "from": date_from,
            "to": date_to,
            "page": page,
            "pages": pages,
        },
        "counts": {
            "articles": len(corpus.briefs),
            "events": len(corpus.events),
            "storylines": len(corpus.storylines),
            "matching_events": len(briefs),
        },
        "events": shown,
        "search": {"query": q, "hits": hits} if q else None,
        "storylines": [
            {"id": s.id, "title": s.title, "events": list(s.event_ids)} for s in corpus.storylines
        ],
        "outlets": corpus.outlets,
        "blindspot_attribute": attribute,
        "blindspots": [b for b in briefs if b["blindspot"]],
    }


def _article_row(article: Article, events_of: Mapping[str, list[str]]) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": outlet_label(article),
        "date": article.date,
        "claimed_date": article.claimed_date,
        "date_source": article.date_source,
        "date_flags": [f.to_dict() for f in article.date_flags],
        "duplicate_of": article.duplicate_of,
        "url": article.url,
        "events": events_of.get(article.id, []),
    }


def coverage_matrix(cov: Coverage, outlets: Sequence[str]) -> dict[str, Any]:
    """Claims x outlets: each cell ``shared``, ``only-here``, ``omitted`` or ``absent``.

    Consensus claims are ``shared`` by the outlets that carry them and ``omitted`` by the
    event's other outlets; an outlet-only claim is ``only-here`` in its outlet's column and
    ``absent`` elsewhere (not an omission: no other outlet corroborates it). Cells that an
    outlet's claim backs link to the claim's article and offsets.
    """
    rows: list[dict[str, Any]] = []
    for group in cov.consensus:
        cells = []
        for o in outlets:
            claim = next((c for c in group.claims if c.outlet == o), None)
            state = "shared" if claim is not None or o in group.outlets else "omitted"
            cells.append(_cell(o, state, claim.article_id if claim else None, claim))
        rows.append({"kind": "consensus", "text": group.text, "cells": cells})
    for owner, claims in cov.unique.items():
        for claim in claims:
            cells = [
                _cell(o, "only-here", claim.article_id, claim)
                if o == owner
                else _cell(o, "absent", None, None)
                for o in outlets
            ]
            rows.append({"kind": "unique", "outlet": owner, "text": claim.text, "cells": cells})
    return {"outlets": list(outlets), "rows": rows}


def _cell(outlet: str, state: str, article: str | None, claim: Any) -> dict[str, Any]:
    cell: dict[str, Any] = {"outlet": outlet, "state": state}
    if article is not None and claim is not None:
        cell.update(article=article, start=claim.start, end=claim.end)
    return cell


def event_view(store: Store, profiles: OutletProfiles, event_id: str) -> dict[str, Any]:
    """An event: the ``analyze --json`` event plus distribution, blindspot, matrix, articles."""
    corpus = Corpus.read(store)
    event = next((e for e in corpus.events if e.id == event_id), None)
    if event is None:
        raise NotFoundError("No event with this id.")
    cov = store.get_coverage(event.id) or Coverage(event_id=event.id)
    outlets = corpus.outlet_articles(event)
    # Matrix columns: outlets by number of articles, then name; unknown "[id]" outlets last.
    columns = sorted(outlets, key=lambda o: (o.startswith("["), -outlets[o], o))
    urls = corpus.urls
    attrs = ("outlet", *profiles.attributes())
    attribute = blindspot_attribute(profiles, corpus.outlets)
    spot = find_blindspot(outlets, corpus.outlets, profiles, attribute, urls)
    events_of = corpus.events_of
    articles = list(store.iter_articles(event.article_ids))
    articles.sort(key=lambda a: (a.date or "9999", outlet_label(a), a.id))
    total = sum(outlets.values()) or 1
    data = event_json(event, cov)
    data.update(
        {
            "storyline_title": corpus.storyline_titles.get(event.storyline_id or ""),
            "outlets": columns,
            "distribution": {
                attr: [
                    {
                        "value": c.value,
                        "articles": c.articles,
                        "outlets": list(c.outlets),
                        "share": round(c.articles / total, 3),
                    }
                    for c in distribution(outlets, profiles, attr, urls)
                ]
                for attr in attrs
            },
            "blindspot_attribute": attribute,
            "blindspot": _blindspot_json(spot),
            "matrix": coverage_matrix(cov, columns),
            "article_list": [_article_row(a, events_of) for a in articles],
        }
    )
    return data


def _claim_spans(article_id: str, coverages: Iterable[Coverage]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for cov in coverages:
        for group in cov.consensus:
            for c in group.claims:
                if c.article_id == article_id:
                    out.append(
                        {
                            "start": c.start,
                            "end": c.end,
                            "text": c.text,
                            "kind": "shared",
                            "event": cov.event_id,
                            "outlets": list(group.outlets),
                        }
                    )
        for claims in cov.unique.values():
            for c in claims:
                if c.article_id == article_id:
                    out.append(
                        {
                            "start": c.start,
                            "end": c.end,
                            "text": c.text,
                            "kind": "unique",
                            "event": cov.event_id,
                            "outlets": [c.outlet],
                        }
                    )
    out.sort(key=lambda s: (s["start"], s["end"]))
    return out


def claim_anchor(start: int, end: int) -> str:
    """Element id of a claim on its article page (links from the coverage matrix)."""
    return f"c-{start}-{end}"


def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """An article: the ``analyze --json`` article plus quotes, entities, claims and events."""
    try:
        article = store.get_article(article_id)
    except NotFoundError:
        raise NotFoundError("No article with this id.") from None
    corpus = Corpus.read(store)
    event_ids = corpus.events_of.get(article.id, [])
    events = [e for e in corpus.events if e.id in event_ids]
    coverages = [c for c in (store.get_coverage(e.id) for e in events) if c is not None]
    data = article_json(article)
    data.update(
        {
            "outlet_label": outlet_label(article),
            "claimed_date": article.claimed_date,
            "date_source": article.date_source,
            "authors": list(article.authors),
            "events": [{"id": e.id, "title": e.title, "date": e.date} for e in events],
            "quotes": [q.to_dict() for q in article.quotes],
            "entities": [e.to_dict() for e in article.entities],
            "claims": _claim_spans(article.id, coverages),
        }
    )
    return data


def article_spans(data: Mapping[str, Any]) -> list[Span]:
    """Highlight spans of an :func:`article_view` (quotes, entities, claims), offsets checked."""
    spans: list[Span] = []
    for c in data["claims"]:
        kind = "claim-shared" if c["kind"] == "shared" else "claim-unique"
        what = "Shared by " if c["kind"] == "shared" else "Only in "
        spans.append(
            Span(
                c["start"],
                c["end"],
                kind,
                what + ", ".join(c["outlets"]),
                claim_anchor(c["start"], c["end"]),
            )
        )
    for e in data["entities"]:
        spans.append(Span(e["start"], e["end"], "entity", e["label"]))
    for n, q in enumerate(data["quotes"]):
        who = q.get("speaker") or "unknown speaker"
        spans.append(Span(q["start"], q["end"], "quote", f"{q['kind']} quote: {who}", f"q-{n}"))
    return valid_spans(data["text"], spans)


def outlets_view(store: Store, profiles: OutletProfiles) -> dict[str, Any]:
    """Every outlet with its article and event counts and profile."""
    corpus = Corpus.read(store)
    urls = corpus.urls
    articles = Counter(_label(b) for b in corpus.briefs.values())
    events: Counter[str] = Counter()
    for event in corpus.events:
        events.update(corpus.outlet_articles(event).keys())
    rows: list[dict[str, Any]] = []
    for name in corpus.outlets:
        profile = profiles.match(name, urls.get(name))
        rows.append(
            {
                "name": name,
                "articles": articles[name],
                "events": events[name],
                "profile": profile.to_dict() if profile else None,
                "side": profiles.side(profile),
            }
        )
    matched = {r["profile"]["name"] for r in rows if r["profile"]}
    return {
        "outlets": rows,
        "profiles_file": profiles.source,
        "described_but_absent": [o.name for o in profiles.outlets if o.name not in matched],
    }


def outlet_view(store: Store, profiles: OutletProfiles, name: str) -> dict[str, Any]:
    """One outlet across events: what it covers, misses, omits, says alone, and its words."""
    corpus = Corpus.read(store)
    labels = set(corpus.outlets)
    urls = corpus.urls
    label = name if name in labels else None
    if label is None:  # an alias or the profile name of an outlet stored under another form
        profile = profiles.match(name)
        candidates = [o for o in labels if profile and profiles.match(o, urls.get(o)) == profile]
        label = candidates[0] if len(candidates) == 1 else None
    if label is None:
        raise NotFoundError("No outlet with this name.")
    profile = profiles.match(label, urls.get(label))
    briefs = sorted(
        (b for b in corpus.briefs.values() if _label(b) == label),
        key=lambda b: (b.date or "9999", b.id),
    )
    covered, missed = [], []
    omissions, unique, renderings = [], [], []
    terms: dict[tuple[str, str], dict[str, Any]] = {}
    for event in corpus.events:
        outlets = corpus.outlet_articles(event)
        row = {"id": event.id, "title": event.title, "date": event.date}
        if label not in outlets:
            missed.append({**row, "outlets": sorted(outlets)})
            continue
        covered.append({**row, "articles": outlets[label]})
        cov = store.get_coverage(event.id)
        if cov is None:
            continue
        if cov.omissions.get(label):
            omissions.append({**row, "claims": list(cov.omissions[label])})
        if cov.unique.get(label):
            unique.append(
                {
                    **row,
                    "claims": [
                        {"text": c.text, "article": c.article_id, "start": c.start, "end": c.end}
                        for c in cov.unique[label]
                    ],
                }
            )
        for group in cov.quotes:
            for v in group.variants:
                if v.outlet == label:
                    renderings.append(
                        {
                            **row,
                            "speaker": group.speaker,
                            "verdict": group.verdict,
                            "text": v.text,
                            "article": v.article,
                            "others": [
                                {"outlet": o.outlet, "text": o.text}
                                for o in group.variants
                                if o.outlet != label
                            ],
                        }
                    )
        for choice in cov.terms:
            for term, users in choice.variants.items():
                if label in users:
                    entry = terms.setdefault(
                        (choice.concept, term),
                        {"concept": choice.concept, "term": term, "events": [], "others": {}},
                    )
                    entry["events"].append(event.id)
                    for other, other_users in choice.variants.items():
                        if other != term:
                            names = set(entry["others"].get(other, [])) | set(other_users)
                            entry["others"][other] = sorted(names)
    return {
        "name": label,
        "profile": profile.to_dict() if profile else None,
        "side": profiles.side(profile),
        "articles": [
            {"id": b.id, "title": b.title, "date": b.date, "duplicate_of": b.duplicate_of}
            for b in briefs
        ],
        "covered": covered,
        "missed": missed,
        "omissions": omissions,
        "unique": unique,
        "terms": sorted(terms.values(), key=lambda t: (-len(t["events"]), t["concept"])),
        "quotes": renderings,
    }


def speakers_view(store: Store) -> dict[str, Any]:
    """Every quoted person with how often, by how many outlets, and when."""
    rows = list(store.article_quotes())
    index = build_speaker_index(rows)
    stats: dict[str, dict[str, Any]] = {}
    for row in rows:
        for quote in row.quotes:
            key = index.resolve(quote.speaker)
            if key is None:
                continue
            s = stats.setdefault(key, {"outlets": set(), "dates": set()})
            s["outlets"].add(row.outlet or f"[{row.article_id}]")
            if row.date:
                s["dates"].add(row.date)
    out: list[dict[str, Any]] = [
        {
            "name": index.display[key],
            "quotes": index.counts[key],
            "outlets": len(s["outlets"]),
            "first": min(s["dates"]) if s["dates"] else None,
            "last": max(s["dates"]) if s["dates"] else None,
        }
        for key, s in stats.items()
    ]
    out.sort(key=lambda r: (-r["quotes"], r["name"]))
    return {"speakers": out}


def speaker_view(store: Store, name: str) -> dict[str, Any]:
    """Everything one person is quoted as saying, over time and per outlet."""
    rows = list(store.article_quotes())
    index = build_speaker_index(rows)
    key = index.resolve(name)
    if key is None:
        raise NotFoundError("No quotes from a speaker with this name.")
    corpus = Corpus.read(store)
    events_of = corpus.events_of
    quotes: list[dict[str, Any]] = []
    forms: Counter[str] = Counter()
    for row in rows:
        for n, quote in enumerate(row.quotes):
            if index.resolve(quote.speaker) != key:
                continue
            forms[quote.speaker or ""] += 1
            quotes.append(
                {
                    "index": n,  # position among the article's quotes (its page anchor)
                    "date": row.date,
                    "article": row.article_id,
                    "title": row.title,
                    "outlet": row.outlet or f"[{row.article_id}]",
                    "events": events_of.get(row.article_id, []),
                    "text": quote.text,
                    "kind": quote.kind,
                    "cue": quote.cue,
                    "mention": quote.speaker_mention,
                    "start": quote.start,
                    "end": quote.end,
                }
            )
    quotes.sort(key=lambda q: (q["date"] or "9999", q["outlet"], q["article"], q["start"]))
    event_ids = list(dict.fromkeys(e for q in quotes for e in q["events"]))
    by_event = {e.id: e for e in corpus.events}
    statements = []
    for event_id in event_ids:
        cov = store.get_coverage(event_id)
        event = by_event[event_id]
        for group in cov.quotes if cov else ():
            if index.resolve(group.speaker) == key or (
                group.speaker is None
                and any(_same_quote(v.article, v.text, quotes) for v in group.variants)
            ):
                # When it was said: the first article carrying it (the event may span weeks).
                dates = [
                    b.date
                    for v in group.variants
                    if (b := corpus.briefs.get(v.article)) is not None and b.date
                ]
                statements.append(
                    {
                        "event": event.id,
                        "event_title": event.title,
                        "date": min(dates) if dates else event.date,
                        "verdict": group.verdict,
                        "variants": [v.to_dict() for v in group.variants],
                    }
                )
    statements.sort(key=lambda s: (s["date"] or "9999", s["event"]))
    per_outlet: dict[str, list[dict[str, Any]]] = {}
    for q in quotes:
        per_outlet.setdefault(q["outlet"], []).append(q)
    return {
        "name": index.display[key],
        "key": key,
        "forms": [f for f, _ in forms.most_common()],
        "outlets": {o: len(qs) for o, qs in sorted(per_outlet.items())},
        "statements": statements,
        "quotes": quotes,
        "per_outlet": per_outlet,
    }


def _same_quote(article: str, text: str, quotes: Sequence[Mapping[str, Any]]) -> bool:
    return any(q["article"] == article and q["text"] == text for q in quotes)
