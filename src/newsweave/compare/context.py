"""Context articles: for each event, a few articles of OTHER events that may report its facts.

"Only this outlet" means that no other outlet's article in the corpus reports a fact, not
only none of the event's own articles. Clustering sometimes splits one happening into two
events (the outlet that carries a fact lands in the other half), so the comparison of an
event also looks at a bounded set of *context* articles, chosen here on the driver from the
whole corpus, and uses them only to veto "only this outlet" claims
(:func:`newsweave.compare.compare_event`, keyword ``context``).

A context article of an event:

- belongs to another event, and its outlet is not the only outlet of the event (an outlet's
  own article cannot make its claim non-exclusive);
- was published within :attr:`ContextParams.max_days` of the event's articles (either side
  undated: allowed);
- shares at least :attr:`ContextParams.min_shared` *rare keys* with the event's articles:
  capitalised words inside a sentence (names, places) and numbers of two or more digits,
  each found in at most :attr:`ContextParams.max_key_articles` articles of the corpus.

Cost: an inverted index from rare key to articles; an event looks up its own keys only, each
posting list is at most ``max_key_articles`` long, so the work is linear in the corpus. At
most :attr:`ContextParams.max_articles` context articles per event, best first (the sum of the
shared keys' inverse document frequencies), ties by article id: the choice depends only on
the events and articles given, never on their order or on where it runs.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsweave.errors import ConfigError
from newsweave.models import Article, Event
from newsweave.outlets import outlet_label
from newsweave.text import STOPWORDS, fold
from newsweave.time import day_number

__all__ = ["ContextParams", "article_keys", "context_articles", "pick_context"]


@dataclass(frozen=True, slots=True)
class ContextParams:
    """Tunables of :func:`pick_context`.

    Attributes:
        max_articles: most context articles per event (bounds the comparison's extra work).
        max_days: a dated context article lies at most this many days from the event's first
            and last dated article.
        max_key_articles: a key found in more articles than this is too common to tie an
            article to an event ("Monday", "Police", "2024").
        min_shared: rare keys a context article must share with the event. Read off the
            clustering dev sets (gold incidents in ``meta["event"]``): on the first 600 GVA
            dev articles, 5 of the 6 article-event pairs sharing 6 keys found in at most 10
            articles report the same incident, against 6 of 15 at 4 keys and 7 of 86 at 2;
            on the comparison gold's tune part, the two halves of the split event share 6-9.
    """

    max_articles: int = 20
    max_days: int = 3
    max_key_articles: int = 10
    min_shared: int = 6

    def __post_init__(self) -> None:
        for name in ("max_articles", "max_days", "max_key_articles", "min_shared"):
            value = getattr(self, name)
            low = 0 if name == "max_days" else 1
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ConfigError(
                    f"ContextParams.{name} must be a whole number >= {low}, got {value!r}; "
                    f"pass e.g. ContextParams({name}={getattr(ContextParams(), name)})."
                )


# A capitalised word that does not open a sentence (names and places), or a number of two or
# more digits (with thousands separators or a decimal part).
_INNER_NAME = re.compile(r"(?<=[^\s.!?:\"“‘'(\[])\s+([A-Z][\w’'-]*\w)")
_NUMBER = re.compile(r"(?<![\w.,])\d[\d,.]*\d(?![\w])")


def article_keys(article: Article) -> frozenset[str]:
    """The keys of ``article`` that may tie it to another event: folded inner capitalised
    words (not stopwords, at least three letters) and numbers of two digits or more."""
    text = article.text
    names = {
        fold(m.group(1), keep_backtick=True, blocks_only=True).lower()
        for m in _INNER_NAME.finditer(text)
    }
    keys = {f"n:{n}" for n in names if len(n) >= 3 and n not in STOPWORDS}
    keys |= {f"#:{m.group(0).rstrip('.,').replace(',', '')}" for m in _NUMBER.finditer(text)}
    return frozenset(keys)


def pick_context(
    events: Sequence[Event],
    articles: Iterable[Article],
    params: ContextParams | None = None,
) -> dict[str, tuple[str, ...]]:
    """For each event with a context, the ids of its context articles, best first.

    Args:
        events: all events of the run (their ``article_ids`` name the members).
        articles: the run's articles (members of ``events``; others are ignored).
        params: tunables; ``None`` uses :class:`ContextParams` defaults.

    Returns:
        Event id -> context article ids (events without any are left out).
    """
    params = params or ContextParams()
    by_id = {a.id: a for a in articles}
    event_of: dict[str, str] = {}
    for e in events:
        for aid in e.article_ids:
            if aid in by_id:
                event_of.setdefault(aid, e.id)
    keys = {aid: article_keys(by_id[aid]) for aid in event_of}
    postings: dict[str, list[str]] = defaultdict(list)
    for aid in sorted(keys):
        for k in keys[aid]:
            postings[k].append(aid)
    total = max(1, len(keys))
    idf = {
        k: math.log(1.0 + total / len(ids))
        for k, ids in postings.items()
        if 2 <= len(ids) <= params.max_key_articles
    }
    label = {aid: outlet_label(by_id[aid]) for aid in event_of}
    day = {aid: day_number(by_id[aid].date) for aid in event_of}
    out: dict[str, tuple[str, ...]] = {}
    for e in events:
        members = [aid for aid in e.article_ids if event_of.get(aid) == e.id]
        if not members:
            continue
        outlets = {label[aid] for aid in members}
        days = [d for aid in members if (d := day[aid]) is not None]
        lo, hi = (min(days), max(days)) if days else (None, None)
        mine = {k for aid in members for k in keys[aid] if k in idf}
        shared: dict[str, list[str]] = defaultdict(list)
        for k in sorted(mine):  # a fixed order: the idf sums below are then exact repeats
            for aid in postings[k]:
                if event_of[aid] != e.id:
                    shared[aid].append(k)
        ranked: list[tuple[float, str]] = []
        for aid, ks in shared.items():
            if len(ks) < params.min_shared or outlets == {label[aid]}:
                continue
            if not _near_in_time(day[aid], lo, hi, params.max_days):
                continue
            ranked.append((-sum(idf[k] for k in ks), aid))
        ranked.sort()
        if ranked:
            out[e.id] = tuple(aid for _, aid in ranked[: params.max_articles])
    return out


def _near_in_time(day: int | None, lo: int | None, hi: int | None, max_days: int) -> bool:
    """Whether ``day`` lies within ``max_days`` of ``lo``..``hi`` (unknown dates: yes)."""
    if day is None or lo is None or hi is None:
        return True
    return lo - max_days <= day <= hi + max_days


def context_articles(
    context: Mapping[str, Sequence[str]], event: Event, by_id: Mapping[str, Article]
) -> list[Article]:
    """The context articles of ``event`` (from :func:`pick_context`) that ``by_id`` holds."""
    return [by_id[aid] for aid in context.get(event.id, ()) if aid in by_id]
