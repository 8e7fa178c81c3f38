"""Contradictions: aligned claims from independent sources that disagree.

Checked in this order, one finding per claim pair and one per disagreement:

- ``number``: both claims count the same thing (same unit word after the number, "12 people" /
  "15 people") with incompatible values ("at least 14" / "12"; "about 300" / "310" agree);
- ``date``: both date the same thing (shared near words) with a different weekday or day;
- ``name``: the same sentence frame holds different names in the same slot
  ("introduced by Senator Smith" / "introduced by Senator Jones");
- ``negation``: one claim is negated and the other is not, while their content words agree.

Pairs aligned by :mod:`newsweave.compare.align` get every check; claims only about the same
part of the story get the number and date checks, and only for values described by the same
near words, so two numbers about different things in one event do not clash.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from numpy.typing import NDArray

from newsweave.compare.normalize import (
    canonical,
    content_keys,
    dates,
    fold,
    is_content,
    negated,
    numbers,
    stem,
)
from newsweave.compare.terms import POSSESSIVE, spelling_variants
from newsweave.models import Claim, Contradiction
from newsweave.text import words

#: Similarity above which two claims not grouped together are still compared (a group may
#: have left one out because its article already had a member). Slightly above the alignment
#: threshold of align.py: contradictions are loud findings and should be sure.
PAIR_THRESHOLD = 0.45
#: Similarity above which two claims are about the same part of the story, so that their
#: numbers and dates with matching near words are compared ("14 people injured" / "Twelve
#: people were injured" in differently built sentences). Set on the example corpus's gold
#: contradictions (examples/expected.json) and checked for false findings on BASIL.
TOPIC_THRESHOLD = 0.15
# Cheap test for claims that may hold a number or a date (the full parse is slower).
_FACTUAL = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|dozen|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|january|february|march|april|may|june|july|august|september|"
    r"october|november|december)",
    re.IGNORECASE,
)
#: Words in more than this share of an event's claims are the event's own vocabulary ("cut"
#: in a budget story); matching on them alone does not show two numbers count one thing.
GENERIC_SHARE = 0.15
GENERIC_MIN = 3
#: Content-key overlap (Jaccard) that two claims must keep for a negation flip to count:
#: "the minister did not resign" vs "the minister resigned" share everything but "not".
NEGATION_OVERLAP = 0.6
# Longest differing stretch (words) that may carry a negation flip.
_MAX_NEGATION_DIFF = 3
# A name swap counts only inside a matching frame of at least this share of the shorter claim.
_NAME_FRAME_SHARE = 0.6


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


# Qualifiers before a number: "about 300" (approximate), "at least 14" (lower bound), "up to 40"
# (upper bound). They decide which other values are compatible.
_QUALIFIER = re.compile(
    r"(?:(about|around|nearly|almost|some|roughly|approximately|an estimated)"
    r"|(at least|more than|over|upwards of)|(up to|fewer than|less than|under|at most))"
    r"\s+[$€£¥]?\s*$"
)
#: Relative difference two approximate counts may have and still agree ("about 300" / "310").
APPROX_TOLERANCE = 0.15
# Words either side of a number that describe what it counts, and words before a date.
_CONTEXT_WORDS = 4
_DATE_CONTEXT_WORDS = 3


@dataclass(frozen=True, slots=True)
class _Mention:
    """A number or date in a claim, with what it counts and the words around it."""

    value: float | str  # number, or date key ("march 21", "friday")
    unit: str  # canonical unit word for numbers, "" for dates
    qualifier: str  # "" exact, "approx", "min", "max"
    context: frozenset[str]  # canonical content keys near it
    snippet: str  # the number and its unit as written


# Quantity words say how much, not what is counted.
_NOT_CONTEXT = frozenset(
    "hundred thousand million billion trillion dozen percent per cent least more than about "
    "around nearly almost some roughly approximately estimated over under up fewer less most "
    "total".split()
)
# A number as written with up to three words after it, to the first punctuation.
_SNIPPET = re.compile(r"(?:\d[\d,.]*\d|[^\s,;:()\"“”]+)(?:[ \t]+[^\s,;:.()\"“”]+){0,3}")


def _snippet(text: str, start: int) -> str:
    """The number at ``start`` and what it counts, as written ("Twelve people were injured")."""
    m = _SNIPPET.match(text, start)
    if m is None:
        return ""
    toks = m.group().split()
    while len(toks) > 2 and not is_content(toks[-1].strip(".!?'’")):
        toks.pop()
    return " ".join(toks).rstrip(".!?")


def _context(text: str, start: int, end: int) -> frozenset[str]:
    before = words(text[max(0, start - 60) : start])[-_CONTEXT_WORDS:]
    after = words(text[end : end + 60])[:_CONTEXT_WORDS]
    return frozenset(
        canonical(w)
        for w in before + after
        if is_content(w)
        and not w[:1].isdigit()
        and w.lower() not in _NOT_CONTEXT
        and not numbers(w)
    )


def _number_mentions(text: str) -> list[_Mention]:
    out = []
    low = fold(text)
    for value, unit, off in numbers(text):
        if not unit:
            continue
        m = _QUALIFIER.search(low[max(0, off - 20) : off])
        qual = "" if m is None else "approx" if m.group(1) else "min" if m.group(2) else "max"
        snippet = _snippet(text, off) or _fmt(value)
        ctx = _context(text, off, off + len(snippet.split()[0])) - {unit}
        out.append(_Mention(value, unit, qual, ctx, snippet))
    return out


def _date_mentions(text: str) -> list[_Mention]:
    out = []
    low = fold(text)
    for key in dates(text):
        first = key.split()[0]
        pos = low.find(first)
        pos = pos if pos >= 0 else 0
        # What a date dates is said before it ("resume on Friday", "signed on March 21"); the
        # words after it start the next thought.
        before = words(text[max(0, pos - 60) : pos])[-_DATE_CONTEXT_WORDS:]
        ctx = frozenset(canonical(w) for w in before if is_content(w) and not w[:1].isdigit())
        out.append(_Mention(key, "", "", ctx, key))
    return out


def _compatible(a: _Mention, b: _Mention) -> bool:
    va, vb = float(a.value), float(b.value)
    if a.qualifier and b.qualifier and "approx" not in (a.qualifier, b.qualifier):
        return True  # two bounds rarely contradict in a way worth a finding
    for x, y, qx in ((va, vb, a.qualifier), (vb, va, b.qualifier)):
        if qx == "min" and y < x:
            return False
        if qx == "max" and y > x:
            return False
    if "approx" in (a.qualifier, b.qualifier):
        return abs(va - vb) <= APPROX_TOLERANCE * max(abs(va), abs(vb))
    if a.qualifier or b.qualifier:
        return True  # a bound the other value satisfies
    return va == vb or _rounds_to(va, vb) or _rounds_to(vb, va)


def _significant(value: float) -> int:
    digits = f"{abs(value):.12g}".replace(".", "").lstrip("0").rstrip("0")
    return max(1, len(digits))


def _rounds_to(precise: float, rounded: float) -> bool:
    """True if ``rounded`` is ``precise`` rounded or cut to ``rounded``'s significant digits
    ("$43,885,310" / "$43 million", "35.7 percent" / "36 percent")."""
    sig = _significant(rounded)
    if _significant(precise) <= sig or precise == 0:
        return False
    scale = 10 ** (math.floor(math.log10(abs(precise))) - sig + 1)
    return rounded in (round(precise / scale) * scale, math.floor(precise / scale) * scale)


@dataclass(frozen=True, slots=True)
class _Features:
    """What the checks need from one claim, computed once per claim."""

    text: str
    tokens: list[str]
    stems: list[str]
    numbers: list[_Mention]
    dates: list[_Mention]
    negated: bool
    keys: set[str]

    @classmethod
    def of(cls, text: str) -> _Features:
        toks = words(text)
        return cls(
            text=text,
            tokens=toks,
            stems=[stem(w) for w in toks],
            numbers=_number_mentions(text),
            dates=_date_mentions(text),
            negated=negated(text),
            keys=set(content_keys(text)),
        )


def _number_conflict(
    fa: _Features, fb: _Features, aligned: bool, generic: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """A count both claims give for the same thing (unit, and near words unless aligned)."""
    for unit in sorted({m.unit for m in fa.numbers} & {m.unit for m in fb.numbers}):
        if unit == "%" and not aligned:
            continue  # a story holds many shares (polls, rates, votes): aligned claims only
        ma = [m for m in fa.numbers if m.unit == unit]
        mb = [m for m in fb.numbers if m.unit == unit]
        # The numbers must count the same thing described the same way: "14 people injured" /
        # "Twelve people were injured", not "31 people detained" / "12 people injured". Only
        # aligned claims may skip this when a number stands without describing words.
        ma = [m for m in ma if any(_same_count(m, n, aligned, generic) for n in mb)]
        mb = [n for n in mb if any(_same_count(m, n, aligned, generic) for m in ma)]
        if not ma or not mb:
            continue
        if any(_compatible(x, y) for x in ma for y in mb):
            continue
        detail = f"{ma[0].snippet} vs {mb[0].snippet}"
        values = frozenset((_fmt(float(ma[0].value)), _fmt(float(mb[0].value))))
        return detail, f"number:{unit}:{sorted(values)}"
    return None


def _same_count(a: _Mention, b: _Mention, aligned: bool, generic: frozenset[str]) -> bool:
    if not aligned:
        # Only about the same event: the describing words must match, and not just words the
        # whole event repeats ("cut" in a budget story).
        return bool((a.context & b.context) - generic)
    if a.context and b.context:
        return bool(a.context & b.context)
    return True


def _date_conflict(
    fa: _Features, fb: _Features, aligned: bool, generic: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """Aligned claims date the same thing (shared near words) on different days.

    Only aligned claims: a story has many dated happenings, and a date's near words ("on
    Monday", "committee members on Monday") rarely say which one it dates.
    """
    if not aligned:
        return None
    for month_day in (False, True):
        xa = [m for m in fa.dates if (" " in str(m.value)) == month_day]
        xb = [m for m in fb.dates if (" " in str(m.value)) == month_day]
        xa = [m for m in xa if any(m.context & n.context for n in xb)]
        xb = [n for n in xb if any(n.context & m.context for m in xa)]
        if xa and xb and not {m.value for m in xa} & {m.value for m in xb}:
            va = ", ".join(sorted(str(m.value) for m in xa))
            vb = ", ".join(sorted(str(m.value) for m in xb))
            return f"{va} vs {vb}", f"date:{sorted({va, vb})}"
    return None


def _name_conflict(
    fa: _Features, fb: _Features, aligned: bool, generic: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
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
                return f"{na} vs {nb}", f"name:{sorted((fold(na), fold(nb)))}"
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


def _negation_conflict(
    fa: _Features, fb: _Features, aligned: bool, generic: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    if not aligned or fa.negated == fb.negated:
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
            return "negated in one, affirmed in the other", f"negation:{sorted(ka & kb)}"
    return None


def check_pair(a: Claim, b: Claim, *, aligned: bool = True) -> Contradiction | None:
    """Return the first contradiction between two claims, or ``None``.

    Args:
        a: a claim.
        b: a claim of another outlet.
        aligned: the claims were aligned (say the same thing); otherwise they are only about
            the same event, and only numbers and dates with the same near words are compared.
    """
    found = _check(_Features.of(a.text), _Features.of(b.text), aligned)
    return None if found is None else Contradiction(kind=found[0], a=a, b=b, detail=found[1])


def _check(
    fa: _Features, fb: _Features, aligned: bool, generic: frozenset[str] = frozenset()
) -> tuple[str, str, str] | None:
    for kind, test in (
        ("number", _number_conflict),
        ("date", _date_conflict),
        ("name", _name_conflict),
        ("negation", _negation_conflict),
    ):
        found = test(fa, fb, aligned, generic)
        if found:
            return kind, found[0], found[1]
    return None


def find_contradictions(
    claims: Sequence[Claim],
    origins: Sequence[str],
    groups: Sequence[Sequence[int]],
    sim: NDArray[np.float32],
) -> tuple[Contradiction, ...]:
    """Contradictions between claims of different outlets and independent origins.

    Aligned pairs (same group, or similarity >= :data:`PAIR_THRESHOLD`) get every check;
    pairs about the same part of the story (similarity >= :data:`TOPIC_THRESHOLD`) that both
    hold numbers or dates get the number and date checks with matching near words. Each
    disagreement is reported once, from its most similar pair.

    Args:
        claims: the event's claims.
        origins: original-article id of each claim (copies share their original's).
        groups: aligned groups of claim indices.
        sim: claim similarity matrix.
    """
    n = len(claims)
    if n == 0:
        return ()
    aligned: set[tuple[int, int]] = set()
    for g in groups:
        for x, i in enumerate(g):
            for j in g[x + 1 :]:
                aligned.add((min(i, j), max(i, j)))
    upper = np.triu(sim, k=1)
    for i, j in np.argwhere(upper >= PAIR_THRESHOLD):
        aligned.add((int(i), int(j)))
    factual = np.array([bool(_FACTUAL.search(c.text)) for c in claims])
    related = {
        (int(i), int(j))
        for i, j in np.argwhere((upper >= TOPIC_THRESHOLD) & factual[:, None] & factual[None, :])
    }
    pairs = sorted(aligned | related, key=lambda p: -float(sim[p]))
    df: dict[str, int] = {}
    for c in claims:
        for key in set(content_keys(c.text)):
            df[key] = df.get(key, 0) + 1
    feats: dict[int, _Features] = {}
    generic = frozenset(w for w, m in df.items() if m > max(GENERIC_MIN, GENERIC_SHARE * n))
    out: list[Contradiction] = []
    seen: set[str] = set()
    for i, j in pairs:
        a, b = claims[i], claims[j]
        if a.outlet == b.outlet or origins[i] == origins[j] or a.text == b.text:
            continue
        for k in (i, j):
            if k not in feats:
                feats[k] = _Features.of(claims[k].text)
        found = _check(feats[i], feats[j], (i, j) in aligned, generic)
        # One finding per disagreement: four outlets repeating one number against a fifth
        # would otherwise list the same clash many times.
        if found is None or found[2] in seen:
            continue
        seen.add(found[2])
        out.append(Contradiction(kind=found[0], a=a, b=b, detail=found[1]))
    return tuple(out)
