"""Contradictions: claims from independent sources that disagree.

Checked for every compared pair, one finding per disagreement (a pair may hold several):

- ``number``: both claims count the same thing with incompatible values ("at least 14" /
  "12"; "about 300" / "310" agree). The same thing is the same *count class* read from the
  words around a number -- the dead ("nine people died" / "the death toll rose to eleven"),
  injured, missing, arrested, evacuated, and votes for and against ("voted 112 to 41" / "44
  voting against") -- or the same unit word with matching near words ("14 people injured" /
  "Twelve people were injured"), at the same rate ("40 crowns a day" and "3 crowns a month"
  are two quantities). Numbers in conditions and wishes ("if ... $2 trillion") are no
  reported facts, and numbers in names ("Gate 4", "Flight 370") count nothing: both skipped;
- ``date``: both date the same happening on different days: in aligned claims, dates whose
  preceding words agree; in claims about the same part of the story, calendar dates and
  scheduled weekdays ("work would resume on Friday") whose surrounding words agree. Dates of
  saying ("told reporters on Friday"), datelines and other relations ("since Sunday" vs "on
  Tuesday") are never compared;
- ``name``: the same sentence frame holds different names in the same slot
  ("introduced by Senator Smith" / "introduced by Senator Jones"), or two outlets name
  different people for one office ("prosecutor Livia Andrecht" / "prosecutor Marta Olin");
- ``negation``: one claim is negated and the other is not, while their content words agree.

Pairs aligned by :mod:`newsweave.compare.align` get every check; claims only about the same
part of the story get the number and date checks, and only for values described by the same
near words, so two numbers about different things in one event do not clash; claims more
loosely related compare only class counts (tolls, tallies), which are about the event itself.

What each claim states (its numbers, dates, denial and the people it is about) is read by
:mod:`newsweave.compare.mentions`; this module compares what two claims state.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from difflib import SequenceMatcher

import numpy as np
from numpy.typing import NDArray

from newsweave.compare.mentions import CLASS_WORDS, FACTUAL, Features, Mention, fmt_value
from newsweave.compare.normalize import content_keys, negated
from newsweave.compare.terms import POSSESSIVE, spelling_variants
from newsweave.models import Claim, Contradiction
from newsweave.text import fold

#: Similarity above which two claims not grouped together are still compared (a group may
#: have left one out because its article already had a member). Slightly above the alignment
#: threshold of align.py: contradictions are loud findings and should be sure.
PAIR_THRESHOLD = 0.45
#: Reports published further apart than this are not checked against each other (see
#: :func:`find_contradictions`); a day either way covers time zones and overnight editions.
MAX_DAYS_APART = 2
#: Similarity above which two claims are about the same part of the story, so that their
#: numbers and dates with matching near words are compared ("14 people injured" / "Twelve
#: people were injured" in differently built sentences). Set on the example corpus's gold
#: contradictions (examples/expected.json) and checked for false findings on BASIL.
TOPIC_THRESHOLD = 0.15
#: Similarity above which two claims that both count casualties, arrests or votes (count
#: classes, see :mod:`~newsweave.compare.mentions`) have those counts compared: a toll or a
#: tally is about the event itself, so looser relatedness suffices ("MPs voted by 112 to
#: 41" / "with 44 voting against").
#: Set on the example corpus's gold contradictions, checked for false findings on BASIL.
CLASS_TOPIC_THRESHOLD = 0.1
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


#: Content words (outside dates, times and the event's everywhere-words) that two claims
#: about the same part of the story must share for their dates to be compared: enough to name
#: one happening ("first payment restaurant"). Set on the example corpus's gold
#: contradictions and checked for false findings on BASIL (benchmarks/compare*.py).
DATE_SHARED_KEYS = 3
#: Relative difference two approximate counts may have and still agree ("about 300" / "310").
APPROX_TOLERANCE = 0.15


def _compatible(a: Mention, b: Mention) -> bool:
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


def _other_people(fa: Features, fb: Features) -> bool:
    """Both claims are about named people, and not the same ones: their figures (a bribe, a
    sentence, an age) belong to different people and cannot contradict each other."""
    return bool(fa.actors) and bool(fb.actors) and not (fa.actors & fb.actors)


def _number_conflict(
    fa: Features,
    fb: Features,
    aligned: bool,
    generic: frozenset[str] = frozenset(),
    classes_only: bool = False,
) -> list[tuple[str, str]]:
    """Counts both claims give for the same thing with incompatible values.

    The same thing: the same count class ("#dead": "nine people died" / "the death toll rose
    to eleven") or the same unit word and near words ("14 people injured" / "Twelve people
    were injured"). Each counted thing is judged once: any compatible pair of values clears it.
    """
    pairs: dict[str, list[tuple[Mention, Mention]]] = {}
    for ma in fa.numbers:
        for mb in fb.numbers:
            what = _same_thing(ma, mb, aligned, generic)
            if what is not None and (what.startswith("#") or not classes_only):
                pairs.setdefault(what, []).append((ma, mb))
    out = []
    for what in sorted(pairs):
        if what == "%" and not aligned:
            continue  # a story holds many shares (polls, rates, votes): aligned claims only
        found = pairs[what]
        if any(_compatible(x, y) for x, y in found):
            continue
        cls = what.split(":")[0]
        if cls.startswith("#") and any(
            _compatible(x, y)
            for x in fa.numbers
            if x.what == cls
            for y in fb.numbers
            if y.what == cls
        ):
            continue  # they agree on a count of this kind; the others count other subsets
        ma, mb = found[0]
        values = sorted({fmt_value(float(ma.value)), fmt_value(float(mb.value))})
        # Keyed by class and values, not unit: "nine people died" / "the toll rose to eleven"
        # and "nine people died" / "eleven people were killed" are one disagreement.
        out.append((f"{ma.snippet} vs {mb.snippet}", f"number:{what.split(':')[0]}:{values}"))
    return out


def _same_thing(a: Mention, b: Mention, aligned: bool, generic: frozenset[str]) -> str | None:
    """What two numbers both count (a class or a unit), or ``None`` if they count different
    things. Amounts at different rates ("40 crowns a day" / "3 crowns a month") or a rate
    and a total are different quantities."""
    if a.rate != b.rate:
        return None
    if a.what and b.what:
        if a.what != b.what:
            return None
        if a.unit and b.unit:
            # "14 people injured" / "four police officers" (injured) count different people.
            return f"{a.what}:{a.unit}" if a.unit == b.unit else None
        return a.what
    if a.unit and a.unit == b.unit and _same_count(a, b, aligned, generic):
        return a.unit
    return None


def _same_count(a: Mention, b: Mention, aligned: bool, generic: frozenset[str]) -> bool:
    if not aligned:
        # Only about the same event: the describing words must match, and not just words the
        # whole event repeats ("cut" in a budget story).
        return bool((a.context & b.context) - generic)
    if a.context and b.context:
        return bool(a.context & b.context)
    return True


def _date_conflict(
    fa: Features, fb: Features, aligned: bool, generic: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """Both claims date the same happening on different days.

    The same happening: aligned claims whose dates share near words ("resume on Friday" /
    "resume on Saturday"), or claims about the same part of the story whose other content
    words agree (at least :data:`DATE_SHARED_KEYS` words the event does not repeat
    everywhere: "the first payment ... at a restaurant on September 14" / "the first cash
    payment ... at a restaurant on 14 October"). Dates of saying ("told reporters on Friday")
    are not dates of the happening and are left out when the claims were read.
    """
    if not fa.dates or not fb.dates:
        return None
    if not aligned and len((fa.date_keys & fb.date_keys) - generic) < DATE_SHARED_KEYS:
        return None
    for month_day in (False, True):
        xa = [m for m in fa.dates if (" " in str(m.value)) == month_day]
        xb = [m for m in fb.dates if (" " in str(m.value)) == month_day]
        if {m.value for m in xa} & {n.value for n in xb}:
            continue  # they agree on a date; another date may date something else
        for m in xa:
            for n in xb:
                if _same_happening(m, n, aligned, generic):
                    return f"{m.value} vs {n.value}", f"date:{sorted({str(m.value), str(n.value)})}"
    return None


def _same_happening(a: Mention, b: Mention, aligned: bool, generic: frozenset[str]) -> bool:
    """Two dates date one happening: in the same relation ("on"/"since"/"by") and the words
    just before them agree in aligned claims ("resigned on Monday" / "resigned on Tuesday"),
    or the words right around them agree: calendar dates ("a restaurant ... on September 14"
    / "a restaurant ... on 14 October") and scheduled weekdays ("work would resume ... on
    Friday" / "will come back to life on Saturday")."""
    if a.unit != b.unit:
        return False
    if aligned:
        return bool(a.context & b.context)
    if not (a.near & b.near) - generic:
        return False
    # Weekdays compare this way only when both are scheduled (see mentions._FUTURE_BEFORE).
    return " " in str(a.value) or a.qualifier == b.qualifier == "future"


def _name_conflict(
    fa: Features, fb: Features, aligned: bool, generic: frozenset[str] = frozenset()
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
                keys = sorted(fold(x, keep_backtick=True, blocks_only=True) for x in (na, nb))
                return f"{na} vs {nb}", f"name:{keys}"
    return None


# Offices one person holds at a time within a story ("the transport minister", "presiding
# judge", "the Kremlin spokesman"). Roles many people share at once (senator, officer, lawmaker,
# analyst, member) are left out: two of them named by two outlets are two people.
_ROLES = frozenset(
    "minister secretary spokesman spokeswoman spokesperson prosecutor judge mayor governor "
    "president premier chancellor chairman chairwoman chair ceo commissioner director coach "
    "ambassador".split()
)
# Words before a role that do not make it more specific.
_ROLE_SKIP = frozenset("the a an its his her their former then new acting said by".split())


def _role_names(tokens: Sequence[str]) -> list[tuple[str, str, bool]]:
    """``(role key, person name, qualified)`` for "ROLE First Last" mentions: "prosecutor
    Livia Andrecht", "Transport Minister Jonas Verhal" (qualified: a word narrows the role)."""
    out = []
    folded = [fold(t, keep_backtick=True, blocks_only=True) for t in tokens]
    for i in range(len(tokens) - 1):
        if folded[i] not in _ROLES:
            continue
        name = []
        for k in range(i + 1, min(i + 4, len(tokens))):
            if not tokens[k][:1].isupper() or folded[k] in _ROLES:
                break
            name.append(tokens[k])
        if len(name) < 2:
            continue  # a surname alone may be anybody's; "Judge Nemeth" vs "Judge Halvard Nemeth"
        prev = tokens[i - 1] if i > 0 else ""
        qualified = bool(prev) and folded[i - 1] not in _ROLE_SKIP and not prev[:1].isdigit()
        role = f"{folded[i - 1]} {folded[i]}" if qualified else folded[i]
        out.append((role, " ".join(name), qualified))
    return out


def _role_conflict(fa: Features, fb: Features, aligned: bool = True) -> tuple[str, str] | None:
    """Two outlets name different people for one office ("prosecutor Livia Andrecht" /
    "prosecutor Marta Olin"). Claims only about the same part of the story need a qualified
    office ("transport minister"): an unqualified one ("the judge") may be another court."""
    ra, rb = _role_names(fa.tokens), _role_names(fb.tokens)
    for role_a, name_a, qual in ra:
        if not (aligned or qual):
            continue
        for role_b, name_b, _ in rb:
            if role_a != role_b or _same_name(name_a, name_b):
                continue
            last_a, last_b, key_a, key_b = (
                fold(n, keep_backtick=True, blocks_only=True)
                for n in (name_a.split()[-1], name_b.split()[-1], name_a, name_b)
            )
            if last_a == last_b:
                continue  # same surname: a variant of one name, or kin; not worth a finding
            detail = f"{role_a}: {name_a} vs {name_b}"
            return detail, f"name:{role_a}:{sorted((key_a, key_b))}"
    return None


def _same_name(a: str, b: str) -> bool:
    """True if two written names can be one name: spelling variants, acronyms written with or
    without dots ("FBI"/"F.B.I."), possessives, abbreviations ("Ark"/"Arkansas")."""
    ka = re.sub(r"[^a-z]", "", fold(POSSESSIVE.sub("", a), keep_backtick=True, blocks_only=True))
    kb = re.sub(r"[^a-z]", "", fold(POSSESSIVE.sub("", b), keep_backtick=True, blocks_only=True))
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return True
    return spelling_variants(a, b)


def _negation_conflict(
    fa: Features, fb: Features, aligned: bool, generic: frozenset[str] = frozenset()
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
    found = _check(Features.of(a.text), Features.of(b.text), aligned)
    return Contradiction(kind=found[0][0], a=a, b=b, detail=found[0][1]) if found else None


def _check(
    fa: Features,
    fb: Features,
    aligned: bool,
    generic: frozenset[str] = frozenset(),
    classes_only: bool = False,
) -> list[tuple[str, str, str]]:
    """Every disagreement of a pair as ``(kind, detail, key)``: a pair may hold several
    ("14 vs 12 people injured" and "five vs four police officers" in one sentence).
    ``classes_only``: the pair is only loosely related; compare class counts alone (tolls,
    vote tallies)."""
    # Figures, dates and denials of two different people do not contradict each other; two
    # names for one role or one quote still can.
    others = _other_people(fa, fb)
    out = []
    if not others:
        found_numbers = _number_conflict(fa, fb, aligned, generic, classes_only)
        out = [("number", d, k) for d, k in found_numbers]
    if classes_only:
        return out
    for kind, test in (
        ("date", _date_conflict),
        ("name", _name_conflict),
        ("negation", _negation_conflict),
    ):
        if others and kind != "name":
            continue
        found = test(fa, fb, aligned, generic)
        if found:
            out.append((kind, found[0], found[1]))
    if not out:
        role = _role_conflict(fa, fb, aligned)
        if role:
            out.append(("name", role[0], role[1]))
    return out


def find_contradictions(
    claims: Sequence[Claim],
    origins: Sequence[str],
    groups: Sequence[Sequence[int]],
    sim: NDArray[np.float32],
    days: Sequence[int | None] | None = None,
) -> tuple[Contradiction, ...]:
    """Contradictions between claims of different outlets and independent origins.

    Claims of articles published more than :data:`MAX_DAYS_APART` days apart are not
    compared: an event's later reports legitimately carry other figures (a toll that rose,
    ships still waiting, the strike's final length) and look-alike facts of another phase.

    Aligned pairs (same group, or similarity >= :data:`PAIR_THRESHOLD`) get every check;
    pairs about the same part of the story (similarity >= :data:`TOPIC_THRESHOLD`) that both
    hold numbers or dates get the number and date checks with matching near words. Each
    disagreement is reported once, from its most similar pair.

    Args:
        claims: the event's claims.
        origins: original-article id of each claim (copies share their original's).
        groups: aligned groups of claim indices.
        sim: claim similarity matrix.
        days: publication day number of each claim's article (None when undated); without
            it every pair is compared.
    """
    n = len(claims)
    if len({c.outlet for c in claims}) < 2:
        return ()  # every pair would be skipped below: one outlet cannot contradict itself
    aligned: set[tuple[int, int]] = set()
    for g in groups:
        for x, i in enumerate(g):
            for j in g[x + 1 :]:
                aligned.add((min(i, j), max(i, j)))
    upper = np.triu(sim, k=1)
    for i, j in np.argwhere(upper >= PAIR_THRESHOLD):
        aligned.add((int(i), int(j)))
    # The two patterns are read only for claims in some pair that reaches the lower of the
    # two topic thresholds; no other claim can be part of a related or loose pair.
    near = upper >= min(TOPIC_THRESHOLD, CLASS_TOPIC_THRESHOLD)
    paired = set(np.flatnonzero(near.any(axis=1) | near.any(axis=0)).tolist())
    factual = np.array([bool(k in paired and FACTUAL.search(c.text)) for k, c in enumerate(claims)])
    related = {
        (int(i), int(j))
        for i, j in np.argwhere((upper >= TOPIC_THRESHOLD) & factual[:, None] & factual[None, :])
    }
    counted = np.array(
        [bool(f and CLASS_WORDS.search(c.text)) for c, f in zip(claims, factual, strict=True)],
        dtype=bool,
    )
    loose = {
        (int(i), int(j))
        for i, j in np.argwhere(
            (upper >= CLASS_TOPIC_THRESHOLD) & counted[:, None] & counted[None, :]
        )
    } - related
    pairs = sorted(aligned | related | loose, key=lambda p: -float(sim[p]))
    df: dict[str, int] = {}
    for c in claims:
        for key in set(content_keys(c.text)):
            df[key] = df.get(key, 0) + 1
    feats: dict[int, Features] = {}
    generic = frozenset(w for w, m in df.items() if m > max(GENERIC_MIN, GENERIC_SHARE * n))
    out: list[Contradiction] = []
    seen: set[str] = set()
    for i, j in pairs:
        a, b = claims[i], claims[j]
        if a.outlet == b.outlet or origins[i] == origins[j] or a.text == b.text:
            continue
        if days is not None:
            di, dj = days[i], days[j]
            if di is not None and dj is not None and abs(di - dj) > MAX_DAYS_APART:
                continue
        for k in (i, j):
            if k not in feats:
                feats[k] = Features.of(claims[k].text)
        is_aligned = (i, j) in aligned
        only = not is_aligned and (i, j) in loose
        for kind, detail, key in _check(feats[i], feats[j], is_aligned, generic, only):
            # One finding per disagreement: four outlets repeating one number against a
            # fifth would otherwise list the same clash many times.
            if key not in seen:
                seen.add(key)
                out.append(Contradiction(kind=kind, a=a, b=b, detail=detail))
    return tuple(out)
