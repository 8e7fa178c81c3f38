"""Views across events: one outlet, one speaker, and coverage by outlet attributes.

Library functions over records (events, their :class:`~newsweave.models.Coverage` and the
articles), returning plain JSON-ready dicts and lists so that the CLI, the web app and scripts
show the same data:

- :func:`outlet_view`: what an outlet covers and misses, the consensus claims it omits, what
  it alone reports, its habitual word choices, how it renders quotes, where it disagrees;
- :func:`speaker_view`: everything one person is quoted as saying, across events and over
  time, each statement with the outlets that carried it and every rendering with its verdict;
  :func:`speakers` lists every quoted person;
- :func:`coverage_distribution`: an event's articles and outlets by outlet, country, owner and
  lean (from the user's outlet profiles, :class:`~newsweave.outlets.OutletDirectory`);
- :func:`blindspots`: events that only one side covered.

Without outlet profiles the same views work on the outlet name and, where the article URL has
a country-code domain (".de", ".co.uk"), on the country. newsweave ships no ratings: a lean is
whatever the user's profile file says. When most leans carry a number ("VMM +1 (centre
right)"), outlets are grouped by its sign (left of centre / centre / right of centre),
because free-text leans on one numeric scale are rarely identical strings; otherwise each
distinct lean is its own side.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from newsweave.models import Article, Coverage, Event, Outlet, QuoteVariant
from newsweave.outlets import OutletDirectory, outlet_label
from newsweave.text import fold, words
from newsweave.urls import host_of

__all__ = [
    "ATTRIBUTES",
    "blindspots",
    "coverage_distribution",
    "lean_side",
    "numeric_scale",
    "outlet_name",
    "outlet_view",
    "speaker_key",
    "speaker_view",
    "speakers",
]

#: Outlet attributes a distribution is given for, besides the outlet itself.
ATTRIBUTES = ("country", "owner", "lean")
#: Value shown for outlets whose attribute is not known.
UNKNOWN = "unknown"
_SIDES = ("left of centre", "centre", "right of centre")
_NUMBER = re.compile(r"(?<![\w.])([-+−]?\d+(?:\.\d+)?)")
# Country-code domains whose code is not the ISO code of the country.
_TLD_COUNTRY = {"uk": "GB"}
# Generic or reused country-code domains that say nothing about where an outlet is.
_NOT_COUNTRY = frozenset("co io ai tv me fm am cc ly gg to ws la eu".split())


# -- outlets and their attributes -------------------------------------------------------------


class _Outlets:
    """Outlet labels of articles (canonical through the directory) and their attributes."""

    def __init__(self, articles: Iterable[Article], directory: OutletDirectory | None) -> None:
        self.directory = directory or OutletDirectory()
        self.profile: dict[str, Outlet | None] = {}
        self.urls: dict[str, str | None] = {}
        self.label_of: dict[str, str] = {}
        for a in articles:
            found = self.directory.resolve(a) if self.directory else None
            label = found.name if found is not None else outlet_label(a)
            self.label_of[a.id] = label
            self.profile.setdefault(label, found)
            if a.url and not self.urls.get(label):
                self.urls[label] = a.url
        self.numeric_lean = numeric_scale(p.lean for p in self.directory)

    def value(self, label: str, attribute: str) -> str | None:
        """The outlet's value of ``attribute`` ("outlet", "country", "owner", "lean")."""
        if attribute == "outlet":
            return label
        profile = self.profile.get(label)
        if attribute == "lean":
            return lean_side(profile.lean if profile else None, numeric=self.numeric_lean)
        value = getattr(profile, attribute, None) if profile is not None else None
        if value:
            return str(value)
        return _url_country(self.urls.get(label)) if attribute == "country" else None

    def resolve_name(self, name: str) -> str:
        """The label an outlet is known by here, for a name, alias or domain of it."""
        if name in self.profile:
            return name
        found = self.directory.by_name(name) or self.directory.by_host(name)
        return found.name if found is not None else name


def outlet_name(article: Article, directory: OutletDirectory | None = None) -> str:
    """The outlet an article counts for in these views: the profile's name when the directory
    knows the article's outlet name, alias or domain, else ``outlet_label`` ("[<id>]" when
    unknown)."""
    # The same rule as _Outlets, which also keeps the profile found.
    found = directory.resolve(article) if directory else None
    return found.name if found is not None else outlet_label(article)


def numeric_scale(leans: Iterable[str | None]) -> bool:
    """True when most of the given (non-empty) leans carry a number: the scale is then read by
    the number's sign (see :func:`lean_side`)."""
    given = [x for x in leans if x]
    return bool(given) and 2 * sum(_lean_number(x) is not None for x in given) > len(given)


def _lean_number(lean: str | None) -> float | None:
    match = _NUMBER.search(lean or "")
    return float(match.group(1).replace("−", "-")) if match else None


def lean_side(lean: str | None, *, numeric: bool = True) -> str | None:
    """The side of a lean: by the sign of its number on a numeric scale, else the lean itself
    (case-folded); ``None`` when unknown."""
    if not lean or not lean.strip():
        return None
    if not numeric:
        return " ".join(lean.casefold().split())
    number = _lean_number(lean)
    if number is None:
        return None
    return _SIDES[0] if number < 0 else _SIDES[1] if number == 0 else _SIDES[2]


def _url_country(url: str | None) -> str | None:
    """ISO country code of a URL's country-code domain (".de" -> "DE"), if it has one."""
    host = host_of(url)
    if not host or "." not in host:
        return None
    tld = host.rsplit(".", 1)[1].lower()
    if len(tld) != 2 or not tld.isalpha() or tld in _NOT_COUNTRY:
        return None
    return _TLD_COUNTRY.get(tld, tld.upper())


def _by_event(events: Sequence[Event], articles: Sequence[Article]) -> dict[str, list[Article]]:
    by_id = {a.id: a for a in articles}
    return {e.id: [by_id[i] for i in e.article_ids if i in by_id] for e in events}


def _cov(coverages: Mapping[str, Coverage] | Iterable[Coverage]) -> dict[str, Coverage]:
    if isinstance(coverages, Mapping):
        return dict(coverages)
    return {c.event_id: c for c in coverages}


def _event_row(event: Event) -> dict[str, Any]:
    return {"event": event.id, "title": event.title, "date": event.date}


# -- coverage distribution and blindspots -----------------------------------------------------


def _distribution(
    members: Sequence[Article], outlets: _Outlets, attribute: str
) -> list[dict[str, Any]]:
    groups: dict[str, tuple[int, set[str]]] = {}
    for a in members:
        label = outlets.label_of[a.id]
        key = outlets.value(label, attribute) or UNKNOWN
        n, names = groups.get(key, (0, set()))
        groups[key] = (n + 1, names | {label})
    total = max(1, len(members))
    rows: list[dict[str, Any]] = [
        {"value": k, "articles": n, "outlets": sorted(names), "share": round(n / total, 3)}
        for k, (n, names) in groups.items()
    ]
    rows.sort(key=lambda r: (r["value"] == UNKNOWN, -r["articles"], r["value"]))
    return rows


def coverage_distribution(
    event: Event, articles: Sequence[Article], directory: OutletDirectory | None = None
) -> dict[str, Any]:
    """How an event's articles spread over outlets and outlet attributes.

    Args:
        event: the event (its ``article_ids`` select from ``articles``).
        articles: articles (those of other events are ignored).
        directory: outlet profiles; without them only outlet and (URL) country are known.

    Returns:
        ``{"event", "articles", "outlets", "by": {attribute: [{"value", "articles",
        "outlets", "share"}]}}`` for "outlet" and every attribute at least one outlet has;
        unknown values come last as ``"unknown"``.
    """
    members = _by_event([event], articles)[event.id]
    outlets = _Outlets(members, directory)
    by = {"outlet": _distribution(members, outlets, "outlet")}
    for attribute in ATTRIBUTES:
        rows = _distribution(members, outlets, attribute)
        if any(r["value"] != UNKNOWN for r in rows):
            by[attribute] = rows
    return {
        "event": event.id,
        "articles": len(members),
        "outlets": sorted({outlets.label_of[a.id] for a in members}),
        "by": by,
    }


def blindspots(
    events: Sequence[Event],
    articles: Sequence[Article],
    directory: OutletDirectory | None = None,
    attribute: str | None = None,
) -> dict[str, Any]:
    """Events that only one side covered, while the corpus has other sides.

    Args:
        events: the events.
        articles: their articles.
        directory: outlet profiles (lean, country, owner).
        attribute: the attribute that defines sides; by default lean when the corpus's
            outlets have two or more sides, else country, else the outlet itself.

    Returns:
        ``{"attribute", "sides": {side: [outlets]}, "events": [{"event", "title", "date",
        "covered_by", "missing", "outlets", "unknown_outlets"}]}``; outlets whose side is
        unknown neither make nor break a blindspot.
    """
    outlets = _Outlets(articles, directory)
    labels = sorted(set(outlets.label_of.values()))
    if attribute is None:
        attribute = "outlet"
        for candidate in ("lean", "country"):
            if len({outlets.value(o, candidate) for o in labels} - {None}) >= 2:
                attribute = candidate
                break
    sides: dict[str, list[str]] = {}
    for o in labels:
        side = outlets.value(o, attribute)
        if side is not None:
            sides.setdefault(side, []).append(o)
    found = []
    by_event = _by_event(events, articles)
    for event in events:
        present = sorted({outlets.label_of[a.id] for a in by_event[event.id]})
        values = {v for v in (outlets.value(o, attribute) for o in present) if v is not None}
        if len(sides) < 2 or len(values) != 1:
            continue
        (side,) = values
        found.append(
            {
                **_event_row(event),
                "covered_by": side,
                "missing": sorted(set(sides) - values),
                "outlets": present,
                "unknown_outlets": [o for o in present if outlets.value(o, attribute) is None],
            }
        )
    return {"attribute": attribute, "sides": sides, "events": found}


# -- outlet view ------------------------------------------------------------------------------


def outlet_view(
    outlet: str,
    events: Sequence[Event],
    coverages: Mapping[str, Coverage] | Iterable[Coverage],
    articles: Sequence[Article],
    directory: OutletDirectory | None = None,
) -> dict[str, Any]:
    """One outlet across events: coverage, omissions, outlet-only claims, word choices.

    Args:
        outlet: the outlet's name (or an alias or domain the directory knows).
        events: the events to look across.
        coverages: their comparisons, by event id (or an iterable of them).
        articles: the events' articles.
        directory: outlet profiles, to resolve aliases and show the outlet's profile.

    Returns:
        A dict with ``outlet``, ``profile``, ``articles`` (its article ids), ``covered`` and
        ``missed`` events, ``omitted`` (per event, the consensus claims it leaves out and who
        carries them), ``unique`` (per event, what it alone reports), ``terms`` (its word
        choices, most habitual first, with what other outlets say instead), ``quotes`` (its
        renderings with their verdicts), ``contradictions`` (where it disagrees, both sides)
        and ``stats``.
    """
    outlets = _Outlets(articles, directory)
    label = outlets.resolve_name(outlet)
    covs = _cov(coverages)
    by_event = _by_event(events, articles)
    covered, missed, omitted, unique, quotes, disputes = [], [], [], [], [], []
    terms: dict[tuple[str, str], dict[str, Any]] = {}
    consensus_seen = consensus_omitted = 0
    for event in events:
        row = _event_row(event)
        mine = [a.id for a in by_event[event.id] if outlets.label_of[a.id] == label]
        if not mine:
            present = sorted({outlets.label_of[a.id] for a in by_event[event.id]})
            missed.append({**row, "outlets": present})
            continue
        covered.append({**row, "articles": mine})
        cov = covs.get(event.id)
        if cov is None:
            continue
        consensus_seen += len(cov.consensus)
        left_out = [g for g in cov.consensus if label not in g.outlets]
        consensus_omitted += len(left_out)
        if left_out:
            omitted.append(
                {**row, "claims": [{"text": g.text, "outlets": list(g.outlets)} for g in left_out]}
            )
        own = cov.unique.get(label, ())
        if own:
            unique.append(
                {
                    **row,
                    "claims": [
                        {"text": c.text, "article": c.article_id, "start": c.start, "end": c.end}
                        for c in own
                    ],
                }
            )
        for group in cov.quotes:
            for v in group.variants:
                if v.outlet != label:
                    continue
                quotes.append(
                    {
                        **row,
                        "speaker": group.speaker,
                        "article": v.article,
                        "text": v.text,
                        "kind": v.kind,
                        "verdict": v.verdict or group.verdict,
                        "others": [
                            {"outlet": o.outlet, "text": o.text, "verdict": o.verdict}
                            for o in group.variants
                            if o.outlet != label
                        ],
                    }
                )
        for c in cov.contradictions:
            if label in (c.a.outlet, c.b.outlet):
                mine_c, other = (c.a, c.b) if c.a.outlet == label else (c.b, c.a)
                disputes.append(
                    {
                        **row,
                        "kind": c.kind,
                        "detail": c.detail,
                        "text": mine_c.text,
                        "article": mine_c.article_id,
                        "other_outlet": other.outlet,
                        "other_text": other.text,
                        "other_article": other.article_id,
                    }
                )
        for choice in cov.terms:
            for term, users in choice.variants.items():
                if label not in users:
                    continue
                entry = terms.setdefault(
                    (choice.concept, term),
                    {
                        "concept": choice.concept,
                        "term": term,
                        "source": choice.source,
                        "events": [],
                        "others": {},
                    },
                )
                entry["events"].append(event.id)
                for alt, alt_users in choice.variants.items():
                    if alt != term:
                        names = set(entry["others"].get(alt, [])) | set(alt_users) - {label}
                        if names:
                            entry["others"][alt] = sorted(names)
    profile = outlets.profile.get(label)
    return {
        "outlet": label,
        "profile": profile.to_dict() if profile is not None else None,
        "articles": sorted(aid for aid, o in outlets.label_of.items() if o == label),
        "covered": covered,
        "missed": missed,
        "omitted": omitted,
        "unique": unique,
        "terms": sorted(terms.values(), key=lambda t: (-len(t["events"]), t["concept"], t["term"])),
        "quotes": quotes,
        "contradictions": disputes,
        "stats": {
            "events_covered": len(covered),
            "events_missed": len(missed),
            "consensus_claims": consensus_seen,
            "consensus_omitted": consensus_omitted,
            "omission_rate": round(consensus_omitted / consensus_seen, 3) if consensus_seen else 0,
            "unique_claims": sum(len(u["claims"]) for u in unique),
            "quotes_altered": sum(1 for q in quotes if q["verdict"] == "altered"),
        },
    }


# -- speaker view -----------------------------------------------------------------------------

# Courtesy titles dropped before comparing names (job titles stay: "President Lee" and "Lee"
# may be two people; the quote stage resolves job titles to names already).
_HONORIFICS = frozenset("mr mrs ms mx miss dr prof sir dame".split())


def speaker_key(name: str | None) -> str | None:
    """Comparable key of a speaker's name: folded words without courtesy titles."""
    if not name:
        return None
    toks = [w.strip("'’") for w in words(fold(name))]
    toks = [w for w in toks if w and w.rstrip(".") not in _HONORIFICS]
    return " ".join(toks) or None


def _speaker_index(names: Iterable[str | None]) -> dict[str, str]:
    """Key of every name -> key of the person: a one-word name ("Ruiz") joins the one
    multi-word name ending in it ("Ana Ruiz") when there is exactly one."""
    keys = {k for k in (speaker_key(n) for n in names) if k}
    by_last: dict[str, list[str]] = {}
    for k in keys:
        if " " in k:
            by_last.setdefault(k.rsplit(" ", 1)[1], []).append(k)
    return {k: by_last[k][0] if " " not in k and len(by_last.get(k, [])) == 1 else k for k in keys}


def speaker_view(
    name: str,
    events: Sequence[Event],
    coverages: Mapping[str, Coverage] | Iterable[Coverage],
    articles: Sequence[Article],
) -> dict[str, Any]:
    """Everything one person is quoted as saying, across events and over time.

    Args:
        name: the speaker ("Mira Solenko", or "Solenko" when unambiguous).
        events: the events.
        coverages: their comparisons, by event id (or an iterable of them).
        articles: the articles (quotes of articles outside any event are included too).

    Returns:
        ``{"name", "key", "forms", "outlets": {outlet: renderings}, "events": [ids],
        "statements": [...]}``; each statement (oldest first) has ``event``, ``date`` (of the
        first article carrying it), ``text`` (the fullest direct rendering), ``verdict``,
        ``outlets`` and ``renderings`` (``outlet``, ``article``, ``date``, ``text``, ``kind``,
        ``verdict``); ``quotes`` lists every quote of the person in ``articles`` (``article``,
        ``index`` among the article's quotes, ``title``, ``outlet``, ``date``, ``events``,
        ``speaker``, ``text``, ``kind``, ``cue``, ``start``, ``end``). An unknown name gives no
        statements.
    """
    by_id = {a.id: a for a in articles}
    index = _speaker_index(q.speaker for a in articles for q in a.quotes)
    covs = _cov(coverages)
    for found in covs.values():
        index.update(
            {
                k: v
                for k, v in _speaker_index(g.speaker for g in found.quotes).items()
                if k not in index
            }
        )
    key = speaker_key(name)
    person = index.get(key or "", key)
    # A one-word query names the one multi-word person ending in it.
    if person and " " not in person:
        full = {v for v in index.values() if v.rsplit(" ", 1)[-1] == person}
        person = next(iter(full)) if len(full) == 1 else person

    def is_them(speaker: str | None) -> bool:
        k = speaker_key(speaker)
        return k is not None and index.get(k, k) == person

    events_of: dict[str, list[Event]] = {}
    for e in events:
        for aid in e.article_ids:
            events_of.setdefault(aid, []).append(e)
    forms: Counter[str] = Counter()
    said: set[tuple[str, int, int]] = set()  # (article, start, end) of the person's quotes
    quotes: list[dict[str, Any]] = []
    for a in articles:
        for n, q in enumerate(a.quotes):
            if is_them(q.speaker):
                forms[(q.speaker or "").strip()] += 1
                said.add((a.id, q.start, q.end))
                quotes.append(
                    {
                        "article": a.id,
                        "index": n,  # position among the article's quotes
                        "title": a.title,
                        "outlet": outlet_label(a),
                        "date": a.date,
                        "events": [e.id for e in events_of.get(a.id, [])],
                        "speaker": q.speaker,
                        "text": q.text,
                        "kind": q.kind,
                        "cue": q.cue,
                        "start": q.start,
                        "end": q.end,
                    }
                )
    quotes.sort(key=lambda r: (r["date"] or "9999", r["outlet"], r["article"], r["start"]))
    statements: list[dict[str, Any]] = []
    grouped: set[tuple[str, str]] = set()
    spans: list[tuple[str, int, int]] = []  # (article, start, end) of every grouped rendering
    for event in events:
        cov = covs.get(event.id)
        for group in (*cov.quotes, *cov.reported) if cov else ():
            every = (*group.variants, *group.reported)
            if not (
                is_them(group.speaker)
                or (group.speaker is None and any(_within(said, v) for v in every))
            ):
                continue
            renderings = [
                {
                    "outlet": v.outlet,
                    "article": v.article,
                    "date": by_id[v.article].date if v.article in by_id else None,
                    "text": v.text,
                    "kind": v.kind,
                    "verdict": v.verdict,
                }
                for v in every
            ]
            grouped.update((v.article, v.text) for v in every)
            spans.extend((v.article, v.start, v.end) for v in every)
            statements.append(_statement(event.id, group.verdict, renderings))
    # Quotes no comparison grouped (articles outside the events): one rendering each.
    for a in articles:
        for q in a.quotes:
            # a quotation is compared sentence by sentence: any of its pieces grouped counts
            if (
                is_them(q.speaker)
                and (a.id, q.text) not in grouped
                and not any(aid == a.id and q.start <= s < q.end for aid, s, _ in spans)
            ):
                grouped.add((a.id, q.text))
                rendering = {
                    "outlet": outlet_label(a),
                    "article": a.id,
                    "date": a.date,
                    "text": q.text,
                    "kind": q.kind,
                    "verdict": "single",
                }
                event_ids = [e.id for e in events_of.get(a.id, [])]
                statements.append(
                    _statement(event_ids[0] if event_ids else None, "single", [rendering])
                )
    statements.sort(key=lambda s: (s["date"] or "9999", s["event"] or "", s["text"]))
    per_outlet: Counter[str] = Counter(r["outlet"] for s in statements for r in s["renderings"])
    return {
        "name": _display_name(forms) or name,
        "key": person,
        "forms": [f for f, _ in forms.most_common()],
        "outlets": dict(sorted(per_outlet.items())),
        "events": list(dict.fromkeys(s["event"] for s in statements if s["event"])),
        "statements": statements,
        "quotes": quotes,
    }


def _display_name(forms: Counter[str]) -> str | None:
    """The fullest form ("Ana Ruiz" over "Ruiz"), then the most used, then the plainest ("Ana
    Ruiz" over "Dr. Ana Ruiz")."""
    if not forms:
        return None
    best = max(
        forms.items(), key=lambda kv: (len(speaker_key(kv[0]) or ""), kv[1], -len(kv[0]), kv[0])
    )
    return best[0]


def speakers(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """Every quoted person, most quoted first.

    Args:
        articles: the articles (only their quotes, outlet, id and date are read).

    Returns:
        ``[{"name", "key", "quotes", "outlets", "first", "last"}]``: the display name, the
        key :func:`speaker_view` finds the person by, the number of quotes, of outlets quoting
        them, and the first and last article dates. Name forms of one person are merged as in
        :func:`speaker_view`.
    """
    articles = list(articles)
    index = _speaker_index(q.speaker for a in articles for q in a.quotes)
    people: dict[str, tuple[Counter[str], set[str], set[str]]] = {}
    for a in articles:
        for q in a.quotes:
            key = speaker_key(q.speaker)
            if not key or not q.speaker:
                continue
            forms, outlets, dates = people.setdefault(index[key], (Counter(), set(), set()))
            forms[q.speaker.strip()] += 1
            outlets.add(outlet_label(a))
            if a.date:
                dates.add(a.date)
    rows: list[dict[str, Any]] = [
        {
            "name": _display_name(forms) or person,
            "key": person,
            "quotes": sum(forms.values()),
            "outlets": len(outlets),
            "first": min(dates) if dates else None,
            "last": max(dates) if dates else None,
        }
        for person, (forms, outlets, dates) in people.items()
    ]
    rows.sort(key=lambda r: (-r["quotes"], r["name"], r["key"]))
    return rows


def _within(said: set[tuple[str, int, int]], v: QuoteVariant) -> bool:
    """Whether rendering ``v`` lies inside one of the quotes in ``said``."""
    return any(aid == v.article and s <= v.start < e for aid, s, e in said)


def _statement(event: str | None, verdict: str, renderings: list[dict[str, Any]]) -> dict[str, Any]:
    # The group's reference rendering is judged "verbatim" against itself (see quotes.py).
    direct = (
        [r for r in renderings if r["verdict"] == "verbatim"]
        or [r for r in renderings if r["kind"] == "direct"]
        or renderings
    )
    dates = [r["date"] for r in renderings if r["date"]]
    return {
        "event": event,
        "date": min(dates) if dates else None,
        "text": max(direct, key=lambda r: len(r["text"]))["text"],
        "verdict": verdict,
        "outlets": sorted({r["outlet"] for r in renderings}),
        "renderings": sorted(renderings, key=lambda r: (r["date"] or "9999", r["outlet"])),
    }
