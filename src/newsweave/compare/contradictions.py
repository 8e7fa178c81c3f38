"""Contradictions: aligned claims from independent sources that disagree.

Checked in this order, one finding per claim pair:

- ``number``: both claims count the same thing (same unit word after the number, "12 people" /
  "15 people") with different values;
- ``date``: both name a weekday or a month-day, and the dates differ;
- ``name``: the same sentence frame holds different names in the same slot
  ("introduced by Senator Smith" / "introduced by Senator Jones");
- ``negation``: one claim is negated and the other is not, while their content words agree.

Only pairs aligned by :mod:`newsweave.compare.align` (same group, or similar enough to be about
the same thing) are checked, so two numbers about different things in one event do not clash.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from numpy.typing import NDArray

from newsweave.compare.normalize import content_keys, dates, fold, negated, numbers, stem
from newsweave.compare.terms import POSSESSIVE, spelling_variants
from newsweave.models import Claim, Contradiction
from newsweave.text import words

#: Similarity above which two claims not grouped together are still compared (a group may
#: have left one out because its article already had a member). Slightly above the alignment
#: threshold of align.py: contradictions are loud findings and should be sure.
PAIR_THRESHOLD = 0.45
#: Content-key overlap (Jaccard) that two claims must keep for a negation flip to count:
#: "the minister did not resign" vs "the minister resigned" share everything but "not".
NEGATION_OVERLAP = 0.6
# Longest differing stretch (words) that may carry a negation flip.
_MAX_NEGATION_DIFF = 3
# A name swap counts only inside a matching frame of at least this share of the shorter claim.
_NAME_FRAME_SHARE = 0.6


def _fmt(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True, slots=True)
class _Features:
    """What the checks need from one claim, computed once per claim."""

    text: str
    tokens: list[str]
    stems: list[str]
    numbers: dict[str, set[float]]  # unit -> values
    dates: set[str]
    negated: bool
    keys: set[str]

    @classmethod
    def of(cls, text: str) -> _Features:
        toks = words(text)
        nums: dict[str, set[float]] = {}
        for value, unit, _ in numbers(text):
            if unit:
                nums.setdefault(unit, set()).add(value)
        return cls(
            text=text,
            tokens=toks,
            stems=[stem(w) for w in toks],
            numbers=nums,
            dates=dates(text),
            negated=negated(text),
            keys=set(content_keys(text)),
        )


def _number_conflict(fa: _Features, fb: _Features) -> str | None:
    na, nb = fa.numbers, fb.numbers
    for unit in sorted(set(na) & set(nb)):
        if not na[unit] & nb[unit]:
            va = ", ".join(_fmt(v) for v in sorted(na[unit]))
            vb = ", ".join(_fmt(v) for v in sorted(nb[unit]))
            return f"{va} vs {vb} ({unit})"
    return None


def _date_conflict(fa: _Features, fb: _Features) -> str | None:
    da, db = fa.dates, fb.dates
    # Compare like with like: weekday with weekday, month-day with month-day.
    for month_day in (False, True):
        xa = {d for d in da if (" " in d) == month_day}
        xb = {d for d in db if (" " in d) == month_day}
        if xa and xb and not xa & xb:
            return f"{', '.join(sorted(xa))} vs {', '.join(sorted(xb))}"
    return None


def _name_conflict(fa: _Features, fb: _Features) -> str | None:
    ta, tb = fa.tokens, fb.tokens
    caps_a = {w for w in ta[1:] if w[:1].isupper()}
    caps_b = {w for w in tb[1:] if w[:1].isupper()}
    if not (caps_a - caps_b) or not (caps_b - caps_a):
        return None  # cheap exit: no name on one side that the other lacks
    sm = SequenceMatcher(None, fa.stems, fb.stems, autojunk=False)
    matched = sum(m.size for m in sm.get_matching_blocks())
    if matched < _NAME_FRAME_SHARE * min(len(ta), len(tb)):
        return None
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "replace" or i1 == 0 or j1 == 0:  # sentence-initial capitals are not names
            continue
        pa, pb = ta[i1:i2], tb[j1:j2]
        if len(pa) > 3 or len(pb) > 3:
            continue
        if all(w[:1].isupper() for w in pa + pb):
            na, nb = " ".join(pa), " ".join(pb)
            if not _same_name(na, nb):
                return f"{na} vs {nb}"
    return None


def _same_name(a: str, b: str) -> bool:
    """True if two written names can be one name: spelling variants, acronyms written with or
    without dots ("FBI"/"F.B.I."), possessives, abbreviations ("Ark"/"Arkansas")."""
    ka = re.sub(r"[^a-z]", "", fold(POSSESSIVE.sub("", a)))
    kb = re.sub(r"[^a-z]", "", fold(POSSESSIVE.sub("", b)))
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return True
    return spelling_variants(a, b)


def _negation_conflict(fa: _Features, fb: _Features) -> str | None:
    if fa.negated == fb.negated:
        return None
    ka, kb = fa.keys, fb.keys
    if not ka or not kb or len(ka & kb) / len(ka | kb) < NEGATION_OVERLAP:
        return None
    # The negation must sit inside the shared frame, in a short difference between matching
    # stretches ("did not resign" / "resigned"), not in an extra clause one outlet added
    # ("..., but has not yet agreed on a date").
    ta, tb = fa.tokens, fb.tokens
    sm = SequenceMatcher(None, fa.stems, fb.stems, autojunk=False)
    ops = sm.get_opcodes()
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal" or 0 in (k, len(ops) - 1):
            continue
        if i2 - i1 > _MAX_NEGATION_DIFF or j2 - j1 > _MAX_NEGATION_DIFF:
            continue
        if negated(" ".join(ta[i1:i2])) != negated(" ".join(tb[j1:j2])):
            return "negated in one, affirmed in the other"
    return None


def check_pair(a: Claim, b: Claim) -> Contradiction | None:
    """Return the first contradiction between two aligned claims, or ``None``."""
    return _check(a, b, _Features.of(a.text), _Features.of(b.text))


def _check(a: Claim, b: Claim, fa: _Features, fb: _Features) -> Contradiction | None:
    for kind, test in (
        ("number", _number_conflict),
        ("date", _date_conflict),
        ("name", _name_conflict),
        ("negation", _negation_conflict),
    ):
        detail = test(fa, fb)
        if detail:
            return Contradiction(kind=kind, a=a, b=b, detail=detail)
    return None


def find_contradictions(
    claims: Sequence[Claim],
    origins: Sequence[str],
    groups: Sequence[Sequence[int]],
    sim: NDArray[np.float32],
) -> tuple[Contradiction, ...]:
    """Contradictions between aligned claims of different outlets and independent origins.

    Args:
        claims: the event's claims.
        origins: original-article id of each claim (copies share their original's).
        groups: aligned groups of claim indices.
        sim: claim similarity matrix.
    """
    n = len(claims)
    pairs: set[tuple[int, int]] = set()
    for g in groups:
        for x, i in enumerate(g):
            for j in g[x + 1 :]:
                pairs.add((min(i, j), max(i, j)))
    if n:
        for i, j in np.argwhere(np.triu(sim, k=1) >= PAIR_THRESHOLD):
            pairs.add((int(i), int(j)))
    out: list[Contradiction] = []
    seen: set[tuple[str, str, frozenset[str]]] = set()
    feats: dict[int, _Features] = {}
    for i, j in sorted(pairs):
        a, b = claims[i], claims[j]
        if a.outlet == b.outlet or origins[i] == origins[j] or a.text == b.text:
            continue
        for k in (i, j):
            if k not in feats:
                feats[k] = _Features.of(claims[k].text)
        found = _check(a, b, feats[i], feats[j])
        if found is None:
            continue
        # One finding per disagreement and outlet pair: four outlets repeating one number
        # against a fifth would otherwise list the same clash many times.
        key = (found.kind, found.detail, frozenset((a.outlet, b.outlet)))
        if key not in seen:
            seen.add(key)
            out.append(found)
    return tuple(out)
