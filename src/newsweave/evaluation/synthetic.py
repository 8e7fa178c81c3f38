"""A synthetic stream of news-like articles with gold events, for speed and memory runs.

The generator writes news-like articles about synthetic events: every event has invented
people, a place, numbers, a date and a few topical words; its 1-8 reports (most events have
few, as in real news) reword a shared core with different sentences drawn from common filler
and a Zipf-distributed invented vocabulary, plus boilerplate. Each article comes from one of
:data:`OUTLETS` invented outlets, so the clusterer profiles outlets as it would on a real
feed (``features.OutletKeys``). Articles arrive in date order, ``per_day`` a day; each carries
its gold event in ``meta["event"]``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import accumulate

from newsweave.models import Article

_SYLLABLES = (
    "ka lo mi ra te su vo ne ba di gu ha je ko lu ma ni po ri sa to vi ze ar en il or".split()
)
_KINDS = [
    ("fire", "A fire broke out at {place} {when}, and {n1} people were hurt, {p1} said."),
    (
        "shooting",
        "{n1} people were shot near {place} {when}; police chief {p1} said {p2} was held.",
    ),
    ("flood", "Floods hit {place} {when}, forcing {n1} families from their homes, said {p1}."),
    ("vote", "The council of {place} voted {n1} to {n2} {when} on the plan backed by {p1}."),
    ("strike", "Workers at {p2}'s plant in {place} began a strike {when} over a {n1} percent cut."),
    ("crash", "A bus crash outside {place} {when} killed {n1} and injured {n2}, {p1} said."),
]
_FILLER = (
    "officials residents statement investigation morning evening local authorities spokesperson "
    "community families witnesses report update details hospital road building area city "
    "county region week support response emergency services department agency meeting plans "
    "decision concerns questions public safety program budget project cost schedule review"
).split()
_PAPERS = ("Courier", "Herald", "Post", "Times", "Gazette", "Tribune", "News", "Observer")
#: Outlets the stream's articles come from (each article from one at random).
OUTLETS = 500
_BOILER = [
    "Sign up for our newsletter to get the latest news.",
    "Copyright 2024 Example Media. All rights reserved.",
    "Follow us on social media for updates.",
]


def _name(rng: random.Random, parts: int) -> str:
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(parts)
    )


def _vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    """Invented words; drawn with Zipf weights they give news-like word frequencies."""
    return ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def synthetic_articles(n: int, seed: int = 7, per_day: int = 2000) -> Iterator[Article]:
    """Yield ``n`` synthetic articles in date order (see module doc)."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    # Cumulative weights computed once: ``choices(weights=...)`` would re-add 20,000 of them on
    # every call (same draws either way).
    zipf = list(accumulate(1.0 / (rank + 10) for rank in range(len(vocab))))
    # Outlets from their own generator, so that the texts are the same with or without them.
    outlet_rng = random.Random(seed + 1)
    outlets = [f"The {_name(outlet_rng, 1)} {outlet_rng.choice(_PAPERS)}" for _ in range(OUTLETS)]
    start = date(2020, 1, 1)
    produced = 0
    event = 0
    while produced < n:
        event += 1
        kind, template = rng.choice(_KINDS)
        place = _name(rng, rng.randint(1, 2))
        people = [_name(rng, 2) for _ in range(3)]
        n1, n2 = rng.randint(2, 90), rng.randint(2, 900)
        day = start + timedelta(days=produced // per_day)
        core = template.format(
            place=place, when="on " + day.strftime("%A"), n1=n1, n2=n2, p1=people[0], p2=people[1]
        )
        reports = min(n - produced, rng.choice((1, 1, 1, 2, 2, 3, 4, 8)))
        # Each event has its own topical words (as real events do), used by all its reports.
        topic = rng.choices(vocab, cum_weights=zipf, k=8)
        for r in range(reports):
            body = [core if r == 0 else f"{people[0]} said more about the {kind} in {place}."]
            for _ in range(rng.randint(4, 9)):
                words = rng.sample(_FILLER, 4) + rng.choices(vocab, cum_weights=zipf, k=6)
                words += rng.sample(topic, 2)
                rng.shuffle(words)
                words.insert(rng.randrange(12), rng.choice(people))
                sentence = " ".join(words)
                body.append(sentence[0].upper() + sentence[1:] + ".")
            body.append(f"The {kind} left {n1} affected, {people[2]} told reporters in {place}.")
            body.append(rng.choice(_BOILER))
            yield Article(
                id=f"a{produced}",
                text="\n".join(body),
                title=f"{kind.capitalize()} in {place}: {n1} affected",
                date=(day + timedelta(days=rng.choice((0, 0, 0, 1)))).isoformat(),
                outlet=outlet_rng.choice(outlets),
                meta={"event": str(event)},
            )
            produced += 1
