"""Results that followed the iteration order of a set of strings, which changes with Python's
hash seed (issue 19: Spark executors run with ``PYTHONHASHSEED=0``, ``analyze``, ``cluster``,
``watch`` and the Spark driver with a random one). Each test runs the same input under several
seeds in fresh processes; before its fix, some of these seeds disagreed. All text is invented.
"""

from __future__ import annotations

from newsweave.compare.contradictions import _date_conflict
from newsweave.compare.mentions import Features
from newsweave.dedup import Deduplicator
from newsweave.models import Article
from tests.helpers import run_with_seed

#: Seeds that gave three different answers to the inputs below before the fixes.
SEEDS = (0, 1, 2, 4)

# -- contradictions: which pair of dates a date conflict names ----------------------------------

_DATES = (
    "Workers at the port resumed work on Monday and again resumed work on Wednesday.",
    "Workers at the port resumed work on Tuesday and again resumed work on Thursday.",
)
_DATE_CONFLICT = f"""
import json
from newsweave.compare.contradictions import _date_conflict
from newsweave.compare.mentions import Features
a, b = (Features.of(t) for t in {list(_DATES)!r})
print(json.dumps([_date_conflict(a, b, True), [m.value for m in a.dates]]))
"""


def test_a_date_conflict_names_the_same_dates_whatever_the_seed() -> None:
    """Two dates in each claim: the conflict reported was the first pair in the order of a set
    of date keys (``compare.mentions._date_mentions`` iterated ``dates(text)``), so its text
    and key ("monday vs thursday" or "wednesday vs tuesday") changed with the seed."""
    runs = [run_with_seed(seed, _DATE_CONFLICT) for seed in SEEDS]
    assert all(run == runs[0] for run in runs), runs
    # And in this process: a conflict is found, between a date of each claim.
    found = _date_conflict(Features.of(_DATES[0]), Features.of(_DATES[1]), True)
    assert found is not None
    left, right = found[0].split(" vs ")
    assert left in ("monday", "wednesday") and right in ("tuesday", "thursday")


def test_one_date_per_claim_still_conflicts() -> None:
    """Ordinary prose: one date each, the plain case, unchanged."""
    found = _date_conflict(
        Features.of("The port reopened on Monday after the strike."),
        Features.of("The port reopened on Tuesday after the strike."),
        True,
    )
    assert found is not None and found[0] == "monday vs tuesday"
    same = _date_conflict(
        Features.of("The port reopened on Monday after the strike."),
        Features.of("The port reopened on Monday, after a strike of nine days."),
        True,
    )
    assert same is None


# -- dedup: the original a streaming copy points at (``watch``) --------------------------------

_PARTS = (
    "The harbour board in Kessling voted on Tuesday to close the old grain terminal after "
    "engineers found cracks in the quay wall that had widened since the winter storms.",
    "Dock workers who lose their shifts will be moved to the container berth across the bay, "
    "according to a letter the union sent to its members late on Wednesday evening.",
    "A survey of the seabed near the terminal is planned for the spring, and the board said "
    "demolition could begin next year if divers confirm the damage to the foundations.",
)


def _bridged() -> list[Article]:
    """Three articles that are not copies of each other (each shares half its text with the
    next), whose originality ranks in a cycle (dates beat positions, one is undated), and a
    fourth page that holds all three."""
    a, b, c = _PARTS
    return [
        Article(id="xa", text=f"{a}\n\n{b}", date="2016-01-05"),
        Article(id="zc", text=f"{c}\n\n{a}"),
        Article(id="yb", text=f"{b}\n\n{c}", date="2016-01-03"),
        Article(id="wall", text=f"{a}\n\n{b}\n\n{c}"),
    ]


_DEDUP = """
import json
from newsweave.dedup import Deduplicator
from tests.test_seed_independence import _bridged
dedup = Deduplicator()
print(json.dumps([dedup.mark(a).duplicate_of for a in _bridged()]))
"""


def test_a_streaming_copy_of_several_groups_points_at_one_original_whatever_the_seed() -> None:
    """``Deduplicator.mark`` chose the original among the groups a new article bridges by
    iterating a set of their ids: with originality ranks in a cycle, seeds 0, 2 and 4 named
    three different originals."""
    runs = [run_with_seed(seed, _DEDUP) for seed in SEEDS]
    assert all(run == runs[0] for run in runs), runs
    assert runs[0][:3] == [None, None, None] and runs[0][3] in ("xa", "yb", "zc")


def test_batch_dedup_of_the_same_articles_is_one_group() -> None:
    """The whole-corpus path (what ``analyze`` and the Spark job run) decides in input order:
    one group, one original, the earliest dated article."""
    out = Deduplicator().dedupe(_bridged())
    assert [a.duplicate_of for a in out] == ["yb", "yb", None, "yb"]


# -- quotes: the gender a person's apposition suggests ----------------------------------------

_MOTHER = """A 6-year-old boy is expected to recover after he was hurt on Monday evening in \
Kessling, police said.

Officers went to a house on Alder Street shortly after 8 p.m. Monday, said Sergeant Tomas Eke, \
a police spokesman.

"It appears to be an accident," he said.

Eke said the child was taken to Kessling Medical Center before being flown to Valmere to be \
treated.

Lt. Piet Sorensen said Tuesday that the boy is expected to recover from his injuries.

Hedda Lunn, the boy's mother, said her son is in stable condition now at Valmere General \
Hospital.

"He's going to have to have an operation. I'm just waiting for the doctors to come and tell me \
what's happening," she said by phone from the hospital.

"He's doing fine," she said."""

_QUOTES = f"""
import json
from newsweave.extract.entities import rule_entities
from newsweave.extract.quotes import extract_quotes
text = {_MOTHER!r}
print(json.dumps([q.speaker for q in extract_quotes(text, rule_entities(text))]))
"""


def test_a_speakers_gender_from_her_apposition_does_not_follow_the_seed() -> None:
    """ "Hedda Lunn, the boy's mother": ``extract.quotes.speakers.gender_of`` returned the
    gender of the first gendered word of a set ({"boy", "mother"}), so under some seeds she
    was "he" and the next "she said" went to Kessling Medical Center (found on gva-dev: one
    quote group's speaker changed between seeds 0 and 1)."""
    runs = [run_with_seed(seed, _QUOTES) for seed in SEEDS]
    assert all(run == runs[0] for run in runs), runs
    assert runs[0][-2:] == ["Hedda Lunn", "Hedda Lunn"]


def test_one_gendered_role_word_still_gives_its_gender() -> None:
    """Ordinary prose: a single gendered role word ("mother", "father") decides as before."""
    from newsweave.extract.quotes.speakers import gender_of

    assert gender_of(frozenset({"mother"})) == "f"
    assert gender_of(frozenset({"the", "father"})) == "m"
    assert gender_of(frozenset({"spokesperson"})) is None
