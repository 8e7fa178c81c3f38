"""The search box: ``NOT``, and names spelled the way clustering folds them.

The store searches web-search syntax (:meth:`newsweave.store.Store.search_articles`: words,
``"a phrase"``, ``OR``, ``-word``). On top of it the web app

- reads ``NOT word`` (and ``NOT "a phrase"``) as ``-word``: people type the operator;
- folds the spellings of names as event clustering does: clustering compares names by
  :func:`newsweave.cluster.features.spelling_key` of :func:`newsweave.text.fold` ("Kharnovo"
  and "Harnovo" are one key), so a search for either finds the articles of both. Only words
  the articles use as names are folded: a word that also occurs in lower case in the articles
  ("strike") is an ordinary word and is searched as typed, and it is never offered as the
  spelling of a name (so "Strik" never widens to "stark warning").

The expanded query is still the store's syntax: each spelling makes one more alternative
joined with ``OR`` (AND binds tighter than OR on both backends), with the exclusions repeated
in every alternative, so no user input ever reaches a backend's own query language.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from newsweave.cluster.features import spelling_key
from newsweave.models import Article
from newsweave.text import fold, words
from newsweave.web.params import DEFAULT_PARAMS, WebParams

# A query token, as the store reads it: an optional "-", then a "quoted phrase" or a bare run.
_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
#: Entity labels whose words are names (those clustering keys by spelling).
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "MISC", "PRODUCT", "WORK_OF_ART", "LAW"}
)


@dataclass(frozen=True, slots=True)
class Term:
    """One searched word or phrase."""

    text: str
    phrase: bool = False

    def render(self, negative: bool = False) -> str:
        body = f'"{self.text}"' if self.phrase else self.text
        return ("-" if negative else "") + body


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search: alternatives (each an AND of terms) and exclusions."""

    alternatives: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def render(self) -> str:
        """The query in the store's syntax; exclusions repeated in every alternative."""
        minus = " ".join(t.render(negative=True) for t in self.excluded)
        parts = [" ".join([*(t.render() for t in alt), *([minus] if minus else [])])
                 for alt in self.alternatives]  # fmt: skip
        return " OR ".join(parts)


def _clean(raw: str) -> str:
    # Only word characters and spaces reach the store's syntax (quotes would end a phrase).
    return " ".join(words(raw)) if raw else ""


def parse_query(text: str) -> Query:
    """Read web-search syntax plus ``NOT``: ``a b OR c -d NOT e NOT "f g"``."""
    alternatives: list[list[Term]] = [[]]
    excluded: list[Term] = []
    negate_next = False
    for match in _TOKEN.finditer(text):
        minus, phrase, bare = match.group(1), match.group(2), match.group(3)
        if phrase is None and not minus and bare in ("NOT", "OR"):
            if bare == "NOT":
                negate_next = True
            elif alternatives[-1]:
                alternatives.append([])
            continue
        body = _clean(phrase if phrase is not None else bare or "")
        if not body:
            continue
        term = Term(body, phrase is not None and " " in body)
        if minus or negate_next:
            excluded.append(term)
        else:
            alternatives[-1].append(term)
        negate_next = False
    return Query(tuple(tuple(a) for a in alternatives if a), tuple(excluded))


@dataclass(slots=True)
class NameSpellings:
    """The words the articles use as names, by spelling key, and their ordinary words.

    Built from the articles' entities (their words, folded) and from every lower-case word of
    their texts (an ordinary word is never folded into a name, nor a name into one).
    """

    names: dict[str, set[str]] = field(default_factory=dict)  # spelling key -> folded names
    ordinary: set[str] = field(default_factory=set)  # folded lower-case words of the texts

    @classmethod
    def from_articles(cls, articles: Iterable[Article]) -> NameSpellings:
        found = cls()
        found.add(articles)
        return found

    def add(self, articles: Iterable[Article]) -> None:
        """Take in the names and ordinary words of more articles."""
        for article in articles:
            for text in (article.text, article.title or ""):
                self.ordinary.update(fold(w) for w in words(text) if w.islower())
            for entity in article.entities:
                if entity.label in NAME_LABELS:
                    for w in words(entity.text):
                        key = _name_word(w)
                        if key:
                            self.names.setdefault(spelling_key(key), set()).add(key)

    def variants(self, word: str, limit: int) -> list[str]:
        """Other spellings of ``word`` that the articles use as names (at most ``limit``)."""
        folded = _name_word(word)
        if not folded or folded in self.ordinary:
            return []
        found = self.names.get(spelling_key(folded), set()) - self.ordinary - {folded}
        return sorted(found)[:limit]


def _name_word(word: str) -> str:
    """A word folded as clustering folds names (possessive dropped); "" for non-names."""
    key = fold(word).removesuffix("'s").removesuffix("’s")
    return key if len(key) >= 3 and key.isalpha() else ""


def expand(
    query: Query, spellings: NameSpellings, params: WebParams = DEFAULT_PARAMS
) -> tuple[Query, dict[str, list[str]]]:
    """``query`` with every name also searched in the spellings clustering folds with it.

    Returns the expanded query and, per word that was widened, the spellings added (shown
    on the page, so a user sees why an article matched).
    """
    added: dict[str, list[str]] = {}
    alternatives: dict[tuple[Term, ...], None] = {}
    for n, alt in enumerate(query.alternatives):
        options = [_term_forms(t, spellings, params.variants_per_word, added) for t in alt]
        # Every typed alternative keeps at least its as-typed form (the first combination).
        room = max(
            1, params.max_alternatives - len(alternatives) - (len(query.alternatives) - n - 1)
        )
        for combo in itertools.islice(itertools.product(*options), room):
            alternatives.setdefault(combo, None)
    return Query(tuple(alternatives), query.excluded), added


def _term_forms(
    term: Term, spellings: NameSpellings, limit: int, added: dict[str, list[str]]
) -> list[Term]:
    parts = term.text.split(" ")
    per_word: list[list[str]] = []
    for w in parts:
        others = spellings.variants(w, limit - 1)
        if others:
            added[w] = others
        per_word.append([w, *others])
    forms = [" ".join(p) for p in itertools.product(*per_word)][:limit]
    return [Term(f, term.phrase) for f in forms]


class SpellingsCache:
    """One :class:`NameSpellings` for the store as it is, kept between searches.

    Building it decodes every article (entities and text), so it is kept and brought up to
    date from the store's listing (article id -> a key of its listing columns): articles
    that are new since are read and added; when a known article changed or went, it is
    built again. A re-analysis that changes only an article's entities is seen after the
    next such change or a restart.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, int] = {}
        self._value: NameSpellings | None = None

    def get(
        self,
        listing: Mapping[str, int],
        load: Callable[[list[str] | None], Iterable[Article]],
    ) -> NameSpellings:
        """The spellings of the articles in ``listing``; ``load(ids)`` reads articles (all
        of them for ``None``)."""
        with self._lock:
            value, seen = self._value, self._seen
            if value is not None and all(listing.get(i) == k for i, k in seen.items()):
                new = [i for i in listing if i not in seen]
                if not new:
                    return value
                grown = NameSpellings(
                    {k: set(v) for k, v in value.names.items()}, set(value.ordinary)
                )
                grown.add(load(new))
                self._value, self._seen = grown, dict(listing)
                return grown
            built = NameSpellings.from_articles(load(None))
            self._value, self._seen = built, dict(listing)
            return built


__all__ = [
    "NAME_LABELS",
    "NameSpellings",
    "Query",
    "SpellingsCache",
    "Term",
    "expand",
    "parse_query",
]
