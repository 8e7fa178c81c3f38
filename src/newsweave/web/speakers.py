"""Who said what: speakers across articles, events and time (the speaker view).

Quotes carry a resolved speaker name per article ("Ana Ruiz", sometimes only "Ruiz"). The
index groups the forms of one person: a name is keyed by its case- and accent-folded words
without honorifics ("Dr. Ana Ruiz" -> "ana ruiz"), and a one-word name ("Ruiz") joins the one
multi-word name ending in that word when there is exactly one, else it stays on its own (two
different Ruizes are never merged by guess).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from newsweave.store.base import ArticleQuotes
from newsweave.text import fold, words

#: Courtesy titles dropped from names before comparing them (not job titles: "President Lee"
#: and "Lee" may be different people, and the quote stage already resolves job titles).
HONORIFICS = frozenset("mr mrs ms mx miss dr prof sir dame".split())


def speaker_key(name: str | None) -> str | None:
    """Comparable key of a speaker name, ``None`` for an empty or unknown name."""
    if not name:
        return None
    toks = [w.strip("'’") for w in words(fold(name))]
    toks = [w for w in toks if w and w.rstrip(".") not in HONORIFICS]
    return " ".join(toks) or None


@dataclass(frozen=True, slots=True)
class SpeakerIndex:
    """Maps every written form of a speaker to one canonical key and a display name."""

    canonical: dict[str, str]  # key of any form -> canonical key
    display: dict[str, str]  # canonical key -> most used full written form
    counts: dict[str, int]  # canonical key -> number of quotes

    def resolve(self, name: str | None) -> str | None:
        """The canonical key of ``name``, or ``None`` if no quote has that speaker."""
        key = speaker_key(name)
        return self.canonical.get(key) if key else None


def build_speaker_index(rows: Iterable[ArticleQuotes]) -> SpeakerIndex:
    """Index the speakers of every quote in ``rows``."""
    forms: dict[str, Counter[str]] = {}
    for row in rows:
        for quote in row.quotes:
            key = speaker_key(quote.speaker)
            if key and quote.speaker:
                forms.setdefault(key, Counter())[quote.speaker.strip()] += 1
    multi = [k for k in forms if " " in k]
    by_last: dict[str, list[str]] = {}
    for key in multi:
        by_last.setdefault(key.rsplit(" ", 1)[1], []).append(key)
    canonical: dict[str, str] = {}
    for key in forms:
        if " " not in key and len(by_last.get(key, [])) == 1:
            canonical[key] = by_last[key][0]
        else:
            canonical[key] = key
    display: dict[str, str] = {}
    counts: Counter[str] = Counter()
    merged: dict[str, Counter[str]] = {}
    for key, written in forms.items():
        target = canonical[key]
        merged.setdefault(target, Counter()).update(written)
        counts[target] += sum(written.values())
    for target, written in merged.items():
        # The fullest name ("Ana Ruiz" over "Ruiz"), then the most used, then the plainest
        # ("Ana Ruiz" over "Dr. Ana Ruiz").
        best = max(
            written.items(),
            key=lambda kv: (len(speaker_key(kv[0]) or ""), kv[1], -len(kv[0]), kv[0]),
        )
        display[target] = best[0]
    return SpeakerIndex(canonical, display, dict(counts))
