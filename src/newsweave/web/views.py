"""What every page shows, as JSON-ready dicts: the page's ``.json`` is exactly this data.

Each ``*_view`` function reads the store and returns plain dicts and lists; templates render
the same dicts, so a page and its JSON can never disagree. Events and articles reuse the
``analyze --json`` shapes of :mod:`newsweave.report` (``event_json``, ``article_json``); the
outlet and speaker pages, coverage distributions and blindspots are the dicts of
:mod:`newsweave.compare.views` (the same data the library gives scripts), with keys added for
what the page shows on top (titles, coverage matrix, spans).

The listing pages never decode article texts: the compare views read only an article's id,
outlet, URL, date and quotes, so they are handed records built from the store's listing
columns (:meth:`Store.article_briefs`, :meth:`Store.article_quotes`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsweave.cluster.titles import outlet_headlines
from newsweave.compare import views as compare
from newsweave.errors import NotFoundError
from newsweave.models import Article, Coverage, Event, Storyline
from newsweave.outlets import OutletDirectory, outlet_label
from newsweave.report import (
    article_json,
    coverage_table,
    event_json,
    exclusives,
    omissions,
)
from newsweave.store import Store
from newsweave.store.base import MATCH_END, MATCH_START, ArticleBrief, ArticleQuotes
from newsweave.web.highlight import Span, split_marked, valid_spans
from newsweave.web.profiles import OutletProfiles

#: Events an outlet missed listed on its page (those covered by the most outlets).
MISSED_SHOWN = 20

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadRequest(ValueError):
    """A request parameter is invalid; the message says which and what is accepted."""


def _listed(brief: ArticleBrief) -> Article:
    """An article record holding only the listing columns (no text), for the compare views."""
    return Article(
        id=brief.id,
        text="",
        title=brief.title,
        outlet=brief.outlet,
        url=brief.url,
        date=brief.date,
        duplicate_of=brief.duplicate_of,
    )


def _quoting(row: ArticleQuotes) -> Article:
    """An article record holding only what the speaker views read: outlet, date, quotes."""
    return Article(
        id=row.article_id, text="", title=row.title, outlet=row.outlet, date=row.date,
        quotes=row.quotes,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Corpus:
    """The listing data of the whole store, read once per request, with derived maps.

    Outlet labels are those of :func:`newsweave.compare.views.outlet_name`: the profile's name
    when the outlet profiles know an article's outlet or domain, so every page counts an
    outlet the way the compare views do.
    """

    events: list[Event]
    storylines: list[Storyline]
    briefs: dict[str, ArticleBrief]
    listed: list[Article]  # the briefs as text-less records, for the compare views
    label_of: dict[str, str]  # article id -> outlet label
    outlets: list[str]  # every outlet label, sorted
    events_of: dict[str, list[str]]  # article id -> ids of its events
    storyline_titles: dict[str, str]
    storyline_sizes: dict[str, int]  # storyline id -> number of its events

    @classmethod
    def read(cls, store: Store, directory: OutletDirectory | None = None) -> Corpus:
        """Read events, storylines and article briefs and derive the maps."""
        events, storylines = store.events(), store.storylines()
        briefs = {b.id: b for b in store.article_briefs()}
        listed = [_listed(b) for b in briefs.values()]
        label_of = {a.id: compare.outlet_name(a, directory) for a in listed}
        events_of: dict[str, list[str]] = {}
        for event in events:
            for article_id in event.article_ids:
                events_of.setdefault(article_id, []).append(event.id)
        return cls(
            events,
            storylines,
            briefs,
            listed,
            label_of,
            sorted(set(label_of.values())),
            events_of,
            {s.id: s.title for s in storylines},
            {s.id: len(s.event_ids) for s in storylines},
        )

    def outlet_articles(self, event: Event) -> Counter[str]:
        """Outlet label -> number of the event's articles."""
        return Counter(self.label_of[i] for i in event.article_ids if i in self.label_of)


def _blindspot_json(found: Mapping[str, Any] | None, attribute: str) -> dict[str, Any] | None:
    """The page's blindspot of one event, from a row of ``compare.views.blindspots``."""
    if found is None:
        return None
    return {
        "attribute": attribute,
        "covered_by": found["covered_by"],
        "missing": list(found["missing"]),
        "unknown_outlets": list(found["unknown_outlets"]),
    }


def blindspots(
    events: Sequence[Event],
    articles: Sequence[Article],
    profiles: OutletProfiles,
    labels: Iterable[str],
) -> tuple[str | None, dict[str, dict[str, Any]]]:
    """The attribute that defines sides and, by event id, the blindspot of each event.

    Sides come only from the outlet profiles (:meth:`OutletProfiles.sides_attribute` over
    the store's outlet ``labels``): without profiles, or with profiles that give fewer than
    two sides, there are no blindspots -- not one per one-article event naming every other
    outlet as "missing".
    """
    attribute = profiles.sides_attribute(labels)
    if attribute is None:
        return None, {}
    found = compare.blindspots(events, articles, profiles.directory, attribute)
    return attribute, {
        row["event"]: spot
        for row in found["events"]
        if (spot := _blindspot_json(row, attribute)) is not None
    }


def check_date(name: str, value: str | None) -> str | None:
    """A YYYY-MM-DD request parameter (``None`` when absent); :class:`BadRequest` otherwise."""
    if not value:
        return None
    if not _ISO_DATE.match(value):
        raise BadRequest(f"`{name}` must be a date written YYYY-MM-DD.")
    return value


def check_text(name: str, value: str | None, longest: int) -> str | None:
    """A text request parameter, stripped (``None`` when blank); at most ``longest`` chars."""
    if value is None or not value.strip():
        return None
    if len(value) > longest:
        raise BadRequest(f"`{name}` is too long (at most {longest} characters).")
    return value.strip()


def search_snippet(snippet: str) -> dict[str, Any]:
    """A store snippet with match marks as ``{"text", "matches": [[start, end]]}``."""
    pieces = split_marked(snippet, MATCH_START, MATCH_END)
    text, matches, pos = "", [], 0
    for piece, is_match in pieces:
        if is_match:
            matches.append([pos, pos + len(piece)])
        text += piece
        pos += len(piece)
    return {"text": text, "matches": matches}


def _article_row(article: Article) -> dict[str, Any]:
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
    }


def coverage_matrix(cov: Coverage, outlets: Sequence[str]) -> dict[str, Any]:
    """Claims x outlets: each cell ``shared``, ``only-here``, ``omitted`` or ``absent``.

    Consensus claims are ``shared`` by the outlets that carry them and ``omitted`` by an
    outlet only where the comparison listed the omission (most outlets carry the fact and
    nothing of this outlet comes near it); other outlets are ``absent``. An outlet-only claim
    is ``only-here`` in its outlet's column and ``absent`` elsewhere (not an omission: no other
    outlet corroborates it). Cells that an outlet's claim backs link to the claim's article and
    offsets.

    Order (:func:`newsweave.report.coverage_table`): consensus rows by number of outlets
    carrying them, then confidence; outlet columns by number of those facts they carry;
    outlet-only rows surest first. ``totals``: facts each column's outlet carries (same order
    as ``outlets``); each consensus row's ``carried``: outlets carrying it.
    """
    table = coverage_table(cov, outlets)
    rows: list[dict[str, Any]] = []
    for k, group in enumerate(table.facts):
        cells = []
        for o, state in zip(table.outlets, table.states[k], strict=True):
            claim = next((c for c in group.claims if c.outlet == o), None)
            cells.append(_cell(o, state, claim.article_id if claim else None, claim))
        rows.append(
            {
                "kind": "consensus",
                "text": group.text,
                "cells": cells,
                "carried": table.fact_totals[k],
                "confidence": group.confidence,
            }
        )
    for owner, claim in exclusives(cov):
        cells = [
            _cell(o, "only-here", claim.article_id, claim)
            if o == owner
            else _cell(o, "absent", None, None)
            for o in table.outlets
        ]
        rows.append(
            {
                "kind": "unique",
                "outlet": owner,
                "text": claim.text,
                "cells": cells,
                "confidence": claim.confidence,
            }
        )
    return {"outlets": list(table.outlets), "rows": rows, "totals": list(table.outlet_totals)}


def _omissions_by_confidence(cov: Coverage) -> list[dict[str, Any]]:
    """``[{"outlet", "items": [{"text", "confidence"}]}]``, surest first within and across."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for om in omissions(cov):
        grouped.setdefault(om.outlet, []).append({"text": om.text, "confidence": om.confidence})
    return [{"outlet": o, "items": items} for o, items in grouped.items()]


def _cell(outlet: str, state: str, article: str | None, claim: Any) -> dict[str, Any]:
    cell: dict[str, Any] = {"outlet": outlet, "state": state}
    if article is not None and claim is not None:
        cell.update(article=article, start=claim.start, end=claim.end)
    return cell


#: Order of the distributions on the event page: lean first, as blindspots are about sides.
_DISTRIBUTION_ORDER = ("outlet", "lean", "country", "owner")


def event_view(store: Store, profiles: OutletProfiles, event_id: str) -> dict[str, Any]:
    """An event: the ``analyze --json`` event plus distribution, blindspot, matrix, articles."""
    try:
        event = store.get_event(event_id)
    except NotFoundError:
        raise NotFoundError("No event with this id.") from None
    cov = store.get_coverage(event.id) or Coverage(event_id=event.id)
    articles = list(store.iter_articles(event.article_ids))
    articles.sort(key=lambda a: (a.date or "9999", outlet_label(a), a.id))
    # Matrix columns are the names the comparison used (coverage names outlets as stored),
    # by number of articles, then name; unknown "[id]" outlets last.
    counts = Counter(outlet_label(a) for a in articles)
    columns = sorted(counts, key=lambda o: (o.startswith("["), -counts[o], o))
    # Sides exist corpus-wide: the blindspot needs every outlet, read from listing columns.
    listed = [_listed(b) for b in store.article_briefs()]
    labels = {compare.outlet_name(a, profiles.directory) for a in listed}
    attribute, spots = blindspots([event], listed, profiles, labels)
    by = compare.coverage_distribution(event, articles, profiles.directory)["by"]
    titles = {s.id: s.title for s in store.storylines()} if event.storyline_id else {}
    data = event_json(event, cov)
    data.update(
        {
            "storyline_title": titles.get(event.storyline_id or ""),
            "outlets": columns,
            "distribution": {k: by[k] for k in _DISTRIBUTION_ORDER if k in by},
            "blindspot_attribute": attribute,
            "blindspot": spots.get(event.id),
            "matrix": coverage_matrix(cov, columns),
            # omissions per outlet, surest first (the outlet with the surest one first)
            "omissions_by_confidence": _omissions_by_confidence(cov),
            # the contradictions surest first (the contract's "contradictions" keep their order)
            "contradictions_by_confidence": sorted(
                data["contradictions"],
                key=lambda c: -1.0 if c["confidence"] is None else -c["confidence"],
            ),
            "article_list": [_article_row(a) for a in articles],
            "headlines": outlet_headlines(articles),
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


def outlet_names(store: Store, profiles: OutletProfiles) -> list[str]:
    """Every outlet label of the store (unknown "[id]" outlets left out), sorted."""
    labels = {compare.outlet_name(_listed(b), profiles.directory) for b in store.article_briefs()}
    return sorted(label for label in labels if not label.startswith("["))


def outlets_view(store: Store, profiles: OutletProfiles) -> dict[str, Any]:
    """Every outlet with its article and event counts and profile."""
    corpus = Corpus.read(store, profiles.directory)
    articles = Counter(corpus.label_of.values())
    events: Counter[str] = Counter()
    for event in corpus.events:
        events.update(corpus.outlet_articles(event).keys())
    rows: list[dict[str, Any]] = []
    for name in corpus.outlets:
        profile = profiles.match(name)  # labels are profile names wherever a profile matched
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
    """One outlet across events (:func:`newsweave.compare.views.outlet_view`), with its side
    and its articles' titles.

    Raises:
        NotFoundError: no article is from an outlet of this name, alias or domain.
    """
    corpus = Corpus.read(store, profiles.directory)
    directory = profiles.directory
    # A first pass without comparisons finds the outlet and the events it covers, so that only
    # their comparisons are read (a store may hold thousands).
    found = compare.outlet_view(name, corpus.events, {}, corpus.listed, directory)
    if not found["articles"]:
        raise NotFoundError("No outlet with this name.")
    coverages = {
        e["event"]: cov
        for e in found["covered"]
        if (cov := store.get_coverage(e["event"])) is not None
    }
    data = compare.outlet_view(found["outlet"], corpus.events, coverages, corpus.listed, directory)
    profile = profiles.match(data["outlet"])
    briefs = sorted(
        (corpus.briefs[i] for i in data["articles"]), key=lambda b: (b.date or "9999", b.id)
    )
    data["side"] = profiles.side(profile)
    # Missing a story only one other outlet ran says little; a store of a day holds hundreds.
    wide = [m for m in data["missed"] if len(m["outlets"]) >= 2]
    wide.sort(key=lambda m: -len(m["outlets"]))
    data["missed_widely"] = wide[:MISSED_SHOWN]
    data["missed_widely_total"] = len(wide)
    data["article_list"] = [
        {"id": b.id, "title": b.title, "date": b.date, "duplicate_of": b.duplicate_of, "url": b.url}
        for b in briefs
    ]
    return data


def is_named(speaker: str) -> bool:
    """False for a speaker that is a description ("union officials", "police") rather than a
    name: cased letters, none of its words capitalised. Scripts without case count as names."""
    return any(w[:1].isupper() for w in speaker.split()) or not any(c.islower() for c in speaker)


def speakers_view(store: Store) -> dict[str, Any]:
    """Every quoted person with how often, by how many outlets, and when; ``named`` tells
    people from sources described without a name."""
    rows = compare.speakers(_quoting(r) for r in store.article_quotes())
    for row in rows:
        row["named"] = is_named(row["name"])
    return {"speakers": rows}


def speaker_view(store: Store, name: str) -> dict[str, Any]:
    """Everything one person is quoted as saying (:func:`newsweave.compare.views.speaker_view`),
    with the titles of the events.

    Raises:
        NotFoundError: nobody of this name (or surname, when unambiguous) is quoted.
    """
    quoting = [_quoting(r) for r in store.article_quotes()]
    # A first pass without events finds the person's quotes; only the events holding them
    # (and their comparisons) are read for the second.
    found = compare.speaker_view(name, [], {}, quoting)
    if not found["quotes"]:
        raise NotFoundError("No quotes from a speaker with this name.")
    theirs = {q["article"] for q in found["quotes"]}
    events = [e for e in store.events() if theirs.intersection(e.article_ids)]
    coverages = {e.id: cov for e in events if (cov := store.get_coverage(e.id)) is not None}
    data = compare.speaker_view(name, events, coverages, quoting)
    titles = {e.id: e.title for e in events}
    for statement in data["statements"]:
        statement["event_title"] = titles.get(statement["event"] or "")
    return data
