"""Speaker phrases of quotes: the noun phrase that speaks, found around a cue and analysed.

Finds the speaker phrase before a cue ("the Kremlin spokesman said"), after it ("said Dmitry
Peskov"), behind an apposition ("Elward Edd, an official at ..., said") or at the start of the
clause ("Obama met survivors and said"), and classifies it (:func:`analyse_mention`) as a
pronoun, a person's name, an organisation or a nominal ("a senior official"). Resolution of the
phrase to a name is :mod:`newsweave.extract.quotes.speakers`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from newsweave.extract.quotes.lexicon import (
    ADJECTIVAL_NOUNS,
    BRIDGES,
    DETERMINERS,
    FRONT_TIME,
    GIVEN_NAMES,
    LINK_PREPS,
    MONTHS_DAYS,
    NAME_PARTICLES,
    NON_NAMES,
    ORG_SUFFIXES,
    PLACE_HEADS,
    PREPOSITIONS,
    PRONOUNS,
    SUBJECT_PREPS,
    SUBORDINATORS,
    TITLES,
    Tok,
    adjectival_noun,
    dateline_end,
    head_index,
    head_ok,
    is_abbrev,
    is_adverb_or_aux,
    is_possessive,
    np_token,
    person_or_group,
    role_noun,
    strip_possessive,
    word_set,
)
from newsweave.names import is_place


def np_span_left(toks: Sequence[Tok], end: int, lo: int, max_len: int = 10) -> tuple[int, int]:
    """Return ``(a, end)``: the longest noun-phrase-like run of tokens ending before ``end``.

    ``a == end`` when there is none. Linking prepositions ("spokesman for the Kremlin") are kept
    only between phrase tokens; a leading preposition, conjunction or sentence adverb is cut.
    """
    a = end
    while a > lo and end - a < max_len:
        tok = toks[a - 1]
        if np_token(tok):
            a -= 1
            continue
        if tok.text == "." and a - 2 >= lo and is_abbrev(toks[a - 2]) and a < end:
            a -= 1
            continue
        if tok.low in LINK_PREPS and a < end and a - 2 >= lo and np_token(toks[a - 2]):
            a -= 1
            continue
        break
    # Cut at the last clause-opening capitalised word ("But", "On Friday", "Asked").
    for k in range(end - 1, a - 1, -1):
        if (
            toks[k].low in NON_NAMES
            and toks[k].text[0].isupper()
            and toks[k].low not in (DETERMINERS | PRONOUNS)
        ):
            a = k + 1
            break
    while a < end and (toks[a].low in LINK_PREPS or toks[a].low in ("and", "&", "-", ".")):
        a += 1
    return a, end


def np_span_right(toks: Sequence[Tok], start: int, hi: int, max_len: int = 10) -> tuple[int, int]:
    """Return ``(start, b)``: the noun-phrase-like run of tokens starting at ``start``."""
    b = start
    while b < hi and b - start < max_len:
        tok = toks[b]
        if np_token(tok) and not (tok.low in ("and",) and b == start):
            if (
                b > start
                and tok.text[0].isupper()
                and tok.low in NON_NAMES
                and tok.low not in (DETERMINERS)
            ):
                break
            b += 1
            continue
        if (
            tok.text == "."
            and b > start
            and is_abbrev(toks[b - 1])
            and b + 1 < hi
            and (toks[b + 1].text[0].isupper())
        ):
            b += 1
            continue
        if tok.low in LINK_PREPS and b > start and b + 1 < hi and np_token(toks[b + 1]):
            b += 1
            continue
        break
    while b > start and toks[b - 1].low in (LINK_PREPS | word_set("and & -")):
        b -= 1
    return start, b


# Lower-case words that never sit inside a common noun phrase.
_NOT_NOMINAL = (
    PREPOSITIONS
    | SUBORDINATORS
    | PRONOUNS
    | word_set("and or but nor that who whom whose which what where why how not to there")
)


def plain_word(tok: Tok) -> bool:
    """True for a lower-case word that may sit inside a common noun phrase ("unsigned")."""
    low = tok.low
    return (
        tok.quote < 0
        and tok.text[0].islower()
        and low.replace("-", "").isalpha()
        and low not in _NOT_NOMINAL
        and not is_adverb_or_aux(low)
    )


def det_phrase_left(toks: Sequence[Tok], k: int) -> int | None:
    """Start of a determiner-led phrase ending at ``k`` ("the unsigned opinion", "one user").

    Common nouns outside the role lexicon can speak when a determiner marks the phrase;
    at most three words between the determiner and the head.
    """
    if not plain_word(toks[k]) or toks[k].low in DETERMINERS:
        return None
    for m in range(k - 1, max(-1, k - 5), -1):
        t = toks[m]
        if t.low in DETERMINERS:
            return m
        if not (plain_word(t) or np_token(t)) or t.text in (",", "."):
            return None
    return None


def det_phrase_right(toks: Sequence[Tok], start: int) -> int | None:
    """End of a determiner-led phrase starting at ``start`` ("said one user."), or None.

    A participle after the head starts a post-modifier ("a source involved in ...").
    """
    n = len(toks)
    if start >= n or toks[start].low not in DETERMINERS:
        return None
    m = start + 1
    while m < n and m - start <= 4 and (plain_word(toks[m]) or np_token(toks[m])):
        if m > start + 1 and toks[m].text[0].islower() and toks[m].low.endswith(("ed", "ing")):
            break
        m += 1
    return m if m > start + 1 and plain_word(toks[m - 1]) else None


def premodified_name_right(toks: Sequence[Tok], start: int) -> int | None:
    """End of "retired neurosurgeon Ben Carson" after a cue: lower-case descriptive words, then
    a capitalised name of two or more words that ends the phrase; None otherwise.

    Only the shape the inverted attribution takes ('"...," said former tech executive Carly
    Fiorina.'); a single capitalised word ("said senior aides Tuesday") does not qualify.
    """
    n = len(toks)
    m = start
    while m < n and m - start < 4 and plain_word(toks[m]):
        m += 1
    if m == start or m >= n or not toks[m].text[0].isupper():
        return None
    a, b = np_span_right(toks, m, n, max_len=5)
    if b - a < 2 or not all(t.text[0].isupper() or t.text == "." for t in toks[a:b]):
        return None
    if b < n and toks[b].text[0].isalnum() and toks[b].low not in ("who", "of"):
        return None
    return b


_QUANTIFIERS = word_set("some many most others few several both all")


def with_absolute_subject(toks: Sequence[Tok], i: int) -> tuple[int, int] | None:
    """Subject of an absolute phrase whose participle is token ``i``: "with critics saying",
    "with some saying ... and one blogger asking". The phrase after "with" (or after "and"
    when a "with" opened the coordination) must be a person or group phrase of <= 5 words."""
    if i < 2:
        return None
    a, b = np_span_left(toks, i, 0, max_len=5)
    det = det_phrase_left(toks, i - 1)
    if det is not None and (a == b or det < a):
        a = det
    if a >= b or b != i or a == 0:
        return None
    head = toks[b - 1]
    plural = head.low.endswith("s") and not head.low.endswith(("ss", "us", "is"))
    if not (head_ok(head) or (plain_word(head) and plural) or head.low in _QUANTIFIERS):
        return None
    if head.text[0].isupper() and b - a == 1 and head.low in NON_NAMES:
        return None
    before = toks[a - 1].low
    if before == "with":
        return (a, b)
    if before == "and":
        for m in range(a - 2, max(-1, a - 25), -1):
            t = toks[m]
            if t.text in (".", ";", ":") or (t.quote >= 0 and t.text[0].isalnum()):
                break
            if t.low == "with":
                return (a, b)
    return None


_NUMBER_WORDS = word_set("one two three four five six seven eight nine ten half third quarter")
_QUANTITY_HEADS = word_set(
    "percent % half third thirds quarter quarters majority majorities plurality most many"
)
_SUBJECT_OPENERS = word_set("and but yet so that while whereas although though because as")
_POSSESSIVES = word_set("his her their its our")
_NOT_IN_SUBJECT = word_set("is was are were be been has have had do does did will would can")


def plural_subject_left(toks: Sequence[Tok], k: int) -> tuple[int, int] | None:
    """The plural subject of a bare cue form ("say", "warn") ending at token ``k``: a plural
    noun phrase ("security specialists", "the Khans", "People briefed on the talks"), or a
    share of people ("Six in 10", "42%", "67 percent of voters", "those surveyed").

    The phrase runs from a clause start (the unit start, a comma, "but", "that", ...) and
    holds at most eight words, no verb other than a participle, no quote.
    """
    last = toks[k]
    if (
        last.quote >= 0
        or not (last.text[0].isalnum() or last.text == "%")
        or last.low in PREPOSITIONS
        or last.low in DETERMINERS
        or is_adverb_or_aux(last.low)
    ):
        return None
    s = k
    while s > 0 and k - s < 8:
        prev = toks[s - 1]
        if prev.quote >= 0 or not (prev.text[0].isalnum() or prev.text == "%"):
            break
        if (
            prev.low == "and"
            and s - 2 >= 0
            and toks[s - 2].text[0].isupper()
            and toks[s].text[0].isupper()
        ):
            s -= 1  # "Jeb Bush and Chris Christie"
            continue
        if prev.low in _SUBJECT_OPENERS or prev.low in SUBORDINATORS:
            break
        s -= 1
    if s > 0 and not (
        toks[s - 1].text in (",", ";", ":", "—", "–", "(")
        or toks[s - 1].quote >= 0
        or toks[s - 1].low in _SUBJECT_OPENERS
    ):
        return None
    span = toks[s : k + 1]
    lows = [t.low for t in span]
    if any(
        t.quote >= 0
        or low in _NOT_IN_SUBJECT
        or (
            low in PRONOUNS
            and low != "those"
            and not (low in _POSSESSIVES and m > 0 and lows[m - 1] == "of")
        )
        or low in ("who", "which", "whose")
        for m, (t, low) in enumerate(zip(span, lows, strict=True))
    ):
        return None
    first = strip_possessive(lows[0])
    number = first[0].isdigit() or first in _NUMBER_WORDS
    if (
        number
        and len(lows) >= 3
        and lows[1] == "in"
        and (lows[2][0].isdigit() or lows[2] in _NUMBER_WORDS)
    ):
        return (s, k + 1)  # "Six in 10", "One in five"
    if number and len(lows) >= 2 and lows[1] in _QUANTITY_HEADS:
        return (s, k + 1)  # "42%", "67 percent of voters"
    if lows[0] in ("a", "an") and len(lows) >= 3 and lows[1] in _QUANTITY_HEADS | word_set("full"):
        return (s, k + 1)  # "a third of independents", "a full 79 percent of Democrats"
    if lows[0] == "those" and len(lows) == 2 and lows[1].endswith("ed"):
        return (s, k + 1)  # "those surveyed"
    if (
        lows.count("and") == 1
        and 0 < lows.index("and") < len(lows) - 1
        and all(t.text[0].isupper() or t.low == "and" for t in span)
    ):
        return (s, k + 1)  # "Bush and Christie say"
    # a plural noun heads the phrase: the first word before a preposition or participle
    h = s
    while h < k and not (
        toks[h + 1].low in PREPOSITIONS
        or (toks[h + 1].text[0].islower() and toks[h + 1].low.endswith("ed"))
        or toks[h + 1].low == "close"
    ):
        h += 1
    head = toks[h]
    low = strip_possessive(head.low)
    if low in DETERMINERS or low in _NUMBER_WORDS or len(low) < 4 or h - s > 3:
        return None
    plural = (low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))) or (
        low in word_set("people women men children police staff")
    )
    if not plural:
        return None
    if head.text[0].isupper() and not (
        (h > s and toks[h - 1].low == "the") or person_or_group(low) or h == s
    ):
        return None
    if head.text[0].isupper() and h == s and s > 0 and toks[s - 1].text[0].isalnum():
        return None
    return (s, k + 1)


def relative_subject_left(toks: Sequence[Tok], k: int) -> tuple[int, int] | None:
    """Subject before a relative clause that ends at token ``k`` ("A White House official who
    spoke anonymously [said]"): no punctuation, quote or second "who" inside the clause.

    A cue ending in "s" ("states", "reports") may be a plural noun after a relative clause
    ("moderates who have led big states"), so the cue after ``k`` must not.
    """
    c = k + 1
    while c < len(toks) and toks[c].text[0].islower() and is_adverb_or_aux(toks[c].low):
        c += 1
    if c >= len(toks) or toks[c].low.endswith("s"):
        return None
    for w in range(k, max(-1, k - 10), -1):
        t = toks[w]
        if t.quote >= 0 or not (t.text[0].isalnum() or t.text in ("-", "'s", "’s")):
            return None
        if t.low == "who" and w < k:
            a, b = np_span_left(toks, w, 0)
            det = det_phrase_left(toks, w - 1) if w > 0 else None
            if det is not None and (a == b or det < a):
                return (det, w)
            if a < b and head_ok(toks[b - 1]) and toks[b - 1].low not in PRONOUNS:
                return (a, b)
            return None
    return None


# -- speaker phrases around a cue ------------------------------------------------------------


def left_speaker(toks: Sequence[Tok], k: int) -> tuple[int, int] | None:
    """Speaker phrase ending at token ``k`` (the word before the cue, aux and adverbs skipped)."""
    tk = toks[k]
    if tk.quote >= 0:
        return None
    if (tk.low in PRONOUNS and tk.low != "it") or (tk.low == "it" and tk.text == "it"):
        return (k, k + 1)
    if tk.low == "who" and k >= 1 and toks[k - 1].text == ",":
        a, b = np_span_left(toks, k - 1, 0)
        return (a, b) if a < b else None
    if tk.text in _DASHES:  # "Joyce — who is listed as ... — told"
        m = k - 1
        while m >= 0 and k - m <= 30 and toks[m].text not in _DASHES and toks[m].quote < 0:
            m -= 1
        if m <= 0 or toks[m].text not in _DASHES or m == k - 1:
            return None
        a, b = np_span_left(toks, m, 0)
        if a < b == m and head_ok(toks[b - 1]) and (a == 0 or not toks[a - 1].text[0].isalnum()):
            return (a, b)
        return None
    if tk.text == ",":
        far = apposedsubject_at(toks, k)
        if far is not None:
            return far
        m = k - 1
        while m >= 0 and k - m <= 9 and toks[m].text != ",":
            m -= 1
        if m < 0 or toks[m].text != ",":
            return None
        inner = toks[m + 1 : k]
        if not inner:
            return None
        if inner[0].low in ("who", "which", "whose"):
            a, b = np_span_left(toks, m, 0)
            return (a, b) if a < b else None
        if len(inner) <= 4 and all(t.text[0].islower() and not np_token(t) for t in inner):
            p = m - 1
            while p >= 0 and toks[p].text[0].islower() and is_adverb_or_aux(toks[p].low):
                p -= 1
            return left_speaker(toks, p) if p >= 0 else None
        a2, b2 = np_span_right(toks, m + 1, k)
        if b2 == k and a2 < b2 and head_ok(toks[b2 - 1]):
            a1, b1 = np_span_left(toks, m, 0)
            if a1 < b1 and head_ok(toks[b1 - 1]):
                return (a1, b1)
            return (a2, b2)
        return None
    a, b = np_span_left(toks, k + 1, 0)
    det = det_phrase_left(toks, k)
    if det is not None and (a == b or det < a):
        return _with_role_before(toks, det, k + 1, plain=True)
    if a == b and tk.text[0].islower():
        bridged = _with_role_before(toks, k, k + 1, plain=True)
        return bridged if bridged[0] < k else relative_subject_left(toks, k)
    if a < b:
        return _with_role_before(toks, a, b)
    return None


_CLAUSE_CONJ = word_set("and but or while yet so")
_ROLE_PREPS = SUBJECT_PREPS | word_set("with about of")


def _with_role_before(toks: Sequence[Tok], a: int, b: int, plain: bool = False) -> tuple[int, int]:
    """Extend ``toks[a:b]`` over a role or group noun that a preposition attaches it to:
    "Aides to Clinton", "A blogger on the Web site Freedom's Lighthouse" (the noun speaks, not
    the name after the preposition). Only at a clause start, so "told aides to Clinton" does
    not count. ``plain``: the phrase is a common noun phrase ("the talks", "Rusk's
    thinking"), extended only through an adjective such as "familiar with"."""
    if not plain and not head_ok(toks[b - 1]):
        return (a, b)
    p = a - 1
    while (
        p > 0
        and a - p <= 4
        and toks[p].low not in _ROLE_PREPS
        and (plain_word(toks[p]) or np_token(toks[p]))
    ):
        p -= 1  # "on the Web site Freedom's Lighthouse"
    if p < 1 or toks[p].low not in _ROLE_PREPS:
        return (a, b)
    r = p - 1
    if toks[r].low in BRIDGES and r > 0:
        r -= 1  # "a person familiar with the talks", "a source close to the governor"
    elif toks[p].low not in SUBJECT_PREPS or plain:
        return (a, b)
    noun = toks[r]
    if not (noun.text[0].isalpha() and person_or_group(noun.low)) or noun.low in PRONOUNS:
        return (a, b)
    a2, _ = np_span_left(toks, r + 1, 0, max_len=6)
    det = det_phrase_left(toks, r)
    if det is not None and det < a2:
        a2 = det
    if a2 > r:
        return (a, b)
    before = toks[a2 - 1] if a2 > 0 else None
    if before is None or (
        (
            before.quote >= 0
            or before.text in (",", ";", ":", "—", "–")
            or before.low in _CLAUSE_CONJ
        )
        and not (before.text == "," and fronted_adjunct(toks, a2))
    ):
        return (a2, b)
    return (a, b)


def object_end(toks: Sequence[Tok], j: int) -> int:
    """Index after the listener of "told X (that)": the shortest phrase before a clause start."""
    n = len(toks)
    # "asked the congregation to stand", "asked the Democratic contender if ...": a
    # determiner phrase whose head is no role noun, when an infinitive or a wh-clause follows
    d = det_phrase_right(toks, j)
    if d is not None and d < n and toks[d].low in _OBJECT_THEN:
        return d
    a, b = np_span_right(toks, j, n, max_len=6)
    for c in range(a + 1, b + 1):
        if not head_ok(toks[c - 1]):
            continue
        if c == b or toks[c].low in DETERMINERS or toks[c].low in PRONOUNS:
            return c if c >= n or toks[c].low != "to" else j
    return j


_OBJECT_THEN = word_set("to if whether why how what when where who")


_DASHES = frozenset(("—", "–", "--"))
_REFLEXIVES = word_set("himself herself themselves itself")
_TIME_LEAD = word_set("on later earlier last this next late early")
_APPOS_START = frozenset(
    "who which whose of like including now then also both himself herself itself themselves".split()
)
_BOUNDARY = frozenset(", : ( — – and but".split())


def skip_left(toks: Sequence[Tok], k: int) -> int:
    """Step left over auxiliaries, adverbs and a short parenthesis ("Bryant (R) said")."""
    while k >= 0:
        t = toks[k]
        if t.quote < 0 and t.text[0].islower() and is_adverb_or_aux(t.low):
            k -= 1
        elif t.low in _REFLEXIVES and k > 0 and toks[k - 1].text[0].isupper():
            k -= 1  # "Cruz himself said"
        elif t.low in MONTHS_DAYS and k > 0 and toks[k - 1].low in _TIME_LEAD:
            k -= 2  # "Priebus later Thursday told", "she on Monday said"
        elif t.text == ")":
            m = k - 1
            while m >= 0 and k - m <= 6 and toks[m].text != "(":
                m -= 1
            if m < 0 or toks[m].text != "(":
                return k
            k = m - 1
        else:
            return k
    return k


def apposedsubject_at(toks: Sequence[Tok], k: int) -> tuple[int, int] | None:
    """Subject before a long apposition ending at comma ``k``.

    "Elward Edd, an official at the housing authority in Arizona, which has a backlog, said":
    the farthest comma-delimited phrase that starts a clause and is followed by an apposition
    or relative clause.
    """
    best = None
    for m in range(k - 1, max(-1, k - 40), -1):
        t = toks[m]
        abbrev = (
            t.text == "." and m > 0 and toks[m - 1].text[0].isupper() and len(toks[m - 1].text) <= 4
        )
        if t.quote >= 0 or t.text in (";", ":", "!", "?") or (t.text == "." and not abbrev):
            break
        if t.text != "," or m + 1 >= k:
            continue
        close = m
        if m >= 3 and toks[m - 1].text == ")" and toks[m - 3].text == "(":
            close = m - 3  # "Claire McCaskill (D-Mo.), who ..."
        a, b = np_span_left(toks, close, 0)
        if a >= b or not head_ok(toks[b - 1]) or toks[b - 1].low in PRONOUNS:
            continue
        if a == 0 or toks[a - 1].quote >= 0 or toks[a - 1].low in _BOUNDARY:
            best = (a, b)
    return best


def subject_at(toks: Sequence[Tok], i: int) -> tuple[int, int] | None:
    """The subject phrase of the clause that ends at token ``i`` ("Obama met ... and said").

    Fronted adjuncts are skipped: a prepositional phrase ("Throughout his campaign, the
    Republican ..."), a subordinate clause ("When asked, Peskov ...") or a participle
    ("Responding to reports that ..., Peskov ...") up to its comma.
    """
    s0 = dateline_end(toks, i)
    while s0 < i:
        t = toks[s0]
        if t.text == "," or t.low in ("and", "but", "so", "yet"):
            s0 += 1
            continue
        first = all(x.text == "," or x.low in ("and", "but", "so", "yet") for x in toks[:s0])
        if (
            t.low in PREPOSITIONS
            or t.low in SUBORDINATORS
            or (first and _participle_start(toks, s0))
            or (first and t.low in FRONT_TIME and t.text[0].isupper())
        ):
            c = next((m for m in range(s0 + 1, i) if toks[m].text == ","), None)
            if c is not None and (t.low not in FRONT_TIME or c - s0 <= 6):
                s0 = c + 1
                # "Speaking in Salem, New Hampshire, Trump ...": the place's state too
                a2, b2 = np_span_right(toks, s0, i, max_len=3)
                place = " ".join(x.text for x in toks[a2:b2])
                if b2 > a2 and b2 < i and toks[b2].text == "," and is_place(place):
                    s0 = b2 + 1
                continue
        if (
            t.text[0].isupper()
            and t.low in NON_NAMES
            and t.low not in PRONOUNS
            and t.low not in DETERMINERS
        ):
            s0 += 1
            continue
        break
    if s0 < i and toks[s0].low in PRONOUNS:
        return (s0, s0 + 1)
    a, b = np_span_right(toks, s0, i)
    return (a, b) if b > a and head_ok(toks[b - 1]) else None


def fronted_adjunct(toks: Sequence[Tok], k: int) -> bool:
    """True if token ``k`` lies in a fronted adjunct: the unit opens with a participle or a
    preposition and no comma has closed it yet ("Responding to reports ...")."""
    s0 = 0
    while s0 < k and (toks[s0].text == "," or toks[s0].low in ("and", "but", "so")):
        s0 += 1
    if s0 >= k or not (
        (toks[s0].low in PREPOSITIONS and toks[s0].low != "as") or _participle_start(toks, s0)
    ):
        return False
    return all(t.text != "," for t in toks[s0:k])


def _participle_start(toks: Sequence[Tok], k: int) -> bool:
    """True for a clause-initial participle ("Responding to", "Asked whether", "Citing the").

    The next word must be a preposition, determiner or wh-word, so that a name ending the
    same way ("Ewing told", "Ebeling reminisced") is not taken for one.
    """
    t = toks[k]
    if not t.text[0].isupper() or len(t.low) < 5 or not t.low.endswith(("ing", "ed")):
        return False
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    return (
        nxt is not None
        and nxt.quote < 0
        and nxt.text[0].islower()
        and (nxt.low in PREPOSITIONS or nxt.low in DETERMINERS or nxt.low in _WH_WORDS)
    )


_WH_WORDS = word_set("that whether if why how what when where who which")


# -- mentions and resolution -------------------------------------------------------------------


#: Possessive pronouns and the pronoun whose speaker they name ("his claim" -> "he").
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they"}


class Mention(NamedTuple):
    """A speaker phrase as analysed: its kind, its name part and its role words."""

    kind: str  # "pronoun" | "person" | "org" | "nominal"
    text: str  # as written, without a leading determiner
    name: str | None  # the name part of a proper mention ("Dmitry Peskov")
    roles: frozenset[str]  # lower-cased role/title words ("kremlin", "spokesman")
    head: str  # lower-cased head word
    definite: bool


def _given_name(tok: Tok) -> bool:
    """A capitalised common given name that is not also a place ("Amy", not "Virginia")."""
    return tok.text[:1].isupper() and tok.low in GIVEN_NAMES and not is_place(tok.text)


def name_part(toks: Sequence[Tok]) -> tuple[list[Tok], list[Tok]]:
    """Split a proper phrase into (title tokens, name tokens): "Lt. Gen. Keith Kellogg"."""
    k = len(toks)
    while k > 0:
        t = toks[k - 1]
        low = strip_possessive(t.low)
        if t.text == "." and k >= 2 and len(toks[k - 2].text) == 1:
            k -= 1  # an initial: "John F. Kennedy"
            continue
        if low in NAME_PARTICLES and k < len(toks):
            k -= 1
            continue
        if k < len(toks) and is_possessive(t):
            break  # "The Post's Dana Milbank": the name follows the possessor
        if (
            (low in TITLES or low in ADJECTIVAL_NOUNS)
            and k == len(toks)
            and k >= 2
            and _given_name(toks[k - 2])
            and low not in NON_NAMES
        ):
            k -= 1  # a surname shaped like a title after a given name: "Amy Pope", "Ann King"
            continue
        if (
            not t.text[0].isupper()
            or low in TITLES
            or low in NON_NAMES
            or low in ADJECTIVAL_NOUNS
            or t.text == "."
        ):
            break
        k -= 1
    return list(toks[:k]), list(toks[k:])


def analyse_mention(
    toks: Sequence[Tok], a: int, b: int, text: str, person_spans: Sequence[tuple[int, int, str]]
) -> Mention | None:
    """Classify the speaker phrase ``toks[a:b]``; None if it cannot be a speaker."""
    if a >= b:
        return None
    h = head_index(toks, a, b)
    head = toks[h]
    if not head_ok(head) and not (toks[a].low in DETERMINERS and plain_word(head)):
        return None
    definite = toks[a].low in ("the", "this", "that")
    lead = a
    while lead < h and toks[lead].low in DETERMINERS:
        lead += 1
    written = re.sub(r"['’]s$", "", text[toks[lead].start : toks[b - 1].end])
    hlow = strip_possessive(head.low)
    if b - a == 1 and hlow in PRONOUNS:
        return Mention("pronoun", head.text, None, frozenset(), hlow, False)
    if b - a == 1 and hlow in POSSESSIVE_PRONOUNS:  # "his claim that ..."
        return Mention("pronoun", head.text, None, frozenset(), POSSESSIVE_PRONOUNS[hlow], False)
    roles = frozenset(
        strip_possessive(t.low) for t in toks[lead : h + 1] if t.text.isalpha() or "-" in t.text
    )
    if (
        head.text[0].isupper()
        and h == lead
        and (
            (
                h < b - 1
                and toks[h + 1].low in (LINK_PREPS | SUBJECT_PREPS | BRIDGES)
                and person_or_group(hlow)
            )
            or (b - a == 1 and role_noun(hlow) is not None and hlow not in TITLES)
        )
        and (h == 0 or not toks[h - 1].text[0].isalnum())
    ):
        # "Aides to Clinton", "Members of the committee", "Officials" opening a sentence: a
        # common noun capitalised by its position, not a name.
        return Mention("nominal", written, None, roles, hlow, definite)
    given_before = h > lead and _given_name(toks[h - 1])
    if (
        head.text[0].isupper()
        and h == b - 1
        and adjectival_noun(head.low, definite)
        and not given_before  # "Adam Green" is a name, "the Green" a person described
    ):
        # "the Republican", "the Russian": a person described, resolved like "the spokesman";
        # the determiner stays in the text so that an unresolved mention never reads as a name.
        full = text[toks[a].start : toks[b - 1].end]
        return Mention("nominal", full, None, roles, hlow, definite)
    if head.text[0].isupper():
        titles, name = name_part(toks[lead : h + 1])
        if not name:
            return Mention("nominal", written, None, roles, hlow, definite)
        name_text = text[name[0].start : name[-1].end]
        name_text = re.sub(r"['’]s$", "", name_text)
        kind = _proper_kind(name, titles, definite, person_spans)
        title_words = frozenset(strip_possessive(t.low) for t in titles)
        return Mention(
            kind, written, name_text, title_words, strip_possessive(name[-1].low), definite
        )
    return Mention("nominal", written, None, roles, hlow, definite)


#: NER labels of places and of things that say nothing.
_PLACE_LABELS = frozenset({"GPE"})  # LOC holds facilities too: "the Kremlin"
_THING_LABELS = frozenset(
    {"EVENT", "MISC", "WORK_OF_ART", "LAW", "PRODUCT", "DATE", "TIME", "MONEY", "QUANTITY"}
)


def _proper_kind(
    name: Sequence[Tok],
    titles: Sequence[Tok],
    definite: bool,
    person_spans: Sequence[tuple[int, int, str]],
) -> str:
    """Person, organisation or place (or "thing": an event, a law, a work), from NER spans
    when given, else from the phrase's shape and the place gazetteer.

    A place or a thing is no speaker ("Moscow said" names no one); metonymy a newsroom uses
    for an organisation ("the Kremlin", "the White House": facilities) stays an organisation.
    """
    # The entity over the name's last word decides ("R. Clarke Cooper": a stray "R." entity
    # does not make the man an organisation).
    start, end = name[-1].start, name[-1].end
    for s, e, label in person_spans:
        if s < end and start < e:
            if label == "PERSON":
                return "person"
            if label in _PLACE_LABELS:
                return "place"
            return "thing" if label in _THING_LABELS else "org"
    if not titles and is_place(" ".join(t.text for t in name)):
        return "place"
    last = strip_possessive(name[-1].low)
    if titles and any(strip_possessive(t.low) in TITLES for t in titles):
        return "person"
    if definite or last in ORG_SUFFIXES or name[0].low in PLACE_HEADS:
        return "org"
    if all(t.text.isupper() and len(t.text) > 1 for t in name):  # acronyms: NATO, FBI
        return "org"
    return "person"


#: Modifiers that set a role apart: "the former official" needs a stored "former".
