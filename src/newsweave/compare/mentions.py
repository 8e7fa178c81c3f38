"""What a claim states, read for the contradiction checks: numbers and what they count,
dates and which happening they date, whether it denies, and the people it is about.

- numbers (:class:`Mention`): the value, the unit word after it, a qualifier ("about",
  "at least", "up to"), the rate it is given at ("40 crowns a day"), the content words
  around it and its *count class* (the dead, injured, missing, arrested, evacuated; votes
  for and against) read from the words around it ("nine people died" / "the death toll rose
  to eleven"). Numbers in conditions and wishes ("if ... $2 trillion"), durations, and
  numbers that are part of a name or label ("Gate 4", "Flight 370", "World War 2", the day
  of "March 12" or "12 March") are left out: they count nothing;
- dates: calendar dates and weekdays with their relation ("on", "since", "by"), whether they
  are scheduled ("would resume on Friday") and the words before and around them. Dates of
  saying ("told reporters on Friday") and datelines are left out;
- :class:`Features`: everything the checks of :mod:`newsweave.compare.contradictions` need
  from one claim, computed once per claim, including its denial (:func:`negated`) and the
  surnames of the people it is about, without its sources (who said what).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.compare.normalize import (
    canonical,
    content_keys,
    dates,
    is_content,
    negated,
    numbers,
    stem,
)
from newsweave.compare.terms import POSSESSIVE
from newsweave.names import rule_entities, said_after
from newsweave.text import fold, words

#: Cheap test for claims that may hold a number or a date (the full parse is slower).
FACTUAL = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|dozen|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|january|february|march|april|may|june|july|august|september|"
    r"october|november|december)",
    re.IGNORECASE,
)


def fmt_value(value: float) -> str:
    """A count as findings print it: "1,200", "2.5"."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


# Qualifiers before a number: "about 300" (approximate), "at least 14" (lower bound), "up to 40"
# (upper bound). They decide which other values are compatible.
_QUALIFIER = re.compile(
    r"(?:(about|around|nearly|almost|some|roughly|approximately|an estimated)"
    r"|(at least|more than|over|upwards of)|(up to|fewer than|less than|under|at most))"
    r"\s+[$€£¥]?\s*$"
)
# Words either side of a number that describe what it counts, and words before a date.
_CONTEXT_WORDS = 4
_DATE_CONTEXT_WORDS = 3
# Words either side of a date that say which happening it dates, for claims compared only
# because they are about the same part of the story.
_DATE_NEAR_WORDS = 8


@dataclass(frozen=True, slots=True)
class Mention:
    """A number or date in a claim, with what it counts and the words around it."""

    value: float | str  # number, or date key ("march 21", "friday")
    unit: str  # canonical unit word for numbers ("people"), "" for dates or none
    qualifier: str  # "" exact, "approx", "min", "max"
    context: frozenset[str]  # canonical content keys near it
    snippet: str  # the number and its unit as written
    what: str = ""  # count class from the words around it ("#dead", "#against"), see below
    near: frozenset[str] = frozenset()  # dates: content keys within _DATE_NEAR_WORDS
    rate: str = ""  # numbers: the time unit of a rate ("day" in "40 crowns a day"), else ""


# Words that say when or who said, not what happened.
_NOT_DATE_CONTEXT = frozenset(
    stem(w)
    for w in "said told say tell announce report add confirm accord day week year month "
    "today yesterday tomorrow time".split()
)
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


# What a count counts, whatever noun follows the number: news gives one toll as "nine people
# died", "killing nine" and "the death toll rose to nine". General casualty and detention
# vocabulary of news reports (surface forms, stemmed below); the class is read from the words
# around a number and must agree for two counts to be compared. The classes came with the
# example-corpus contradiction benchmark (435837e) and cover the example corpus's gold
# count contradictions (people injured / "hurt", the flood's dead / "killing" / "toll",
# people evacuated), so the example-corpus contradiction figures are not independent of them.
_COUNT_CLASSES = {
    "#dead": "die died dies dying dead death deaths kill killed killing kills fatality "
    "fatalities toll lives drowned",
    "#injured": "injured injury injuries hurt wounded wounding",
    "#missing": "missing",
    "#arrested": "arrested arrest arrests detained detention",
    "#evacuated": "evacuated evacuation evacuees",
}
_CLASS_OF = {stem(w): c for c, ws in _COUNT_CLASSES.items() for w in ws.split()}
# Words after a number that say when, not what ("rose to eleven on Monday afternoon").
_TIME_UNITS = frozenset(
    stem(w)
    for w in "monday tuesday wednesday thursday friday saturday sunday january february march "
    "april may june july august september october november december morning afternoon evening "
    "night midday midnight dawn noon overnight".split()
)
# Vote tallies: "voted 112 to 41", "by a 112-41 vote"; "44 voting against", "112 in favour".
_VOTE_WORD = re.compile(r"\b(?:vot\w*|ballot\w*|approv\w*|passed|adopted|rejected)\b", re.I)
_TALLY = re.compile(r"(?<![\d.,])(\d[\d,]*)\s*(?:to|-|–|—)\s*(\d[\d,]*)(?![\d.,])")
_AGAINST = re.compile(
    r"(?<![\d.,])(\d[\d,]*)\s+(?:[a-z]+\s+){0,2}?(?:vot(?:ing|ed|es?)\s+)?against\b", re.I
)
_IN_FAVOUR = re.compile(
    r"(?<![\d.,])(\d[\d,]*)\s+(?:[a-z]+\s+){0,2}?(?:vot(?:ing|ed|es?)\s+for|in\s+favou?r)\b",
    re.I,
)


# Units that count time, not casualties ("nine days after floods killed eleven people").
_DURATIONS = frozenset(
    stem(w) for w in "second minute hour day week month year decade time".split()
)
_PART_OF = re.compile(r"\b(?:including|among them|among whom)\s+$", re.IGNORECASE)
_OF_THEM = re.compile(r"\s+of\s+(?:them|whom)\b", re.IGNORECASE)
# "The death toll from the flood rose to eleven": the toll named earlier in the same clause.
_TOLL_BEFORE = re.compile(r"\btoll\b[^,;:.]*$", re.IGNORECASE)


#: Cheap test for claims that may count the dead, injured, missing, arrested, evacuated or
#: votes (the words the count classes are read from).
CLASS_WORDS = re.compile(
    r"\b(?:"
    + "|".join(sorted({w for ws in _COUNT_CLASSES.values() for w in ws.split()}, key=len))
    + r"|vot\w*|ballot\w*|against|in favou?r)\b",
    re.IGNORECASE,
)


# A number in a conditional or a wish ("if the president wants $2 trillion", "should press for
# $2 trillion") is no reported fact. Same clause only: the words since the last comma.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|should|could|might|wants?|would like)\b[^,;:.]*$", re.IGNORECASE
)


def _count_class(text: str, start: int, end: int) -> str:
    """The count class of the nearest class word within four words of a number (or of a toll
    named earlier in the same clause)."""
    if _TOLL_BEFORE.search(text[max(0, start - 120) : start]):
        return "#dead"
    if _PART_OF.search(text[max(0, start - 15) : start]) or _OF_THEM.match(text, end):
        # "14 injured, including four police officers" / "five of them police officers": a
        # part of the count before it, so of the same class.
        for w in reversed(words(text[max(0, start - 100) : start])):
            cls = _CLASS_OF.get(stem(w))
            if cls:
                return cls
    before = words(text[max(0, start - 60) : start])[-_CONTEXT_WORDS:]
    after = words(text[end : end + 60])[:_CONTEXT_WORDS]
    # Nearest first: the word right after, the word right before, and so on outwards.
    for k in range(_CONTEXT_WORDS):
        for w in (after[k] if k < len(after) else "", before[-1 - k] if k < len(before) else ""):
            cls = _CLASS_OF.get(stem(w)) if w else None
            if cls:
                return cls
    return ""


def _vote_mentions(text: str) -> list[Mention]:
    """Counts of votes for and against in a claim about a vote."""
    if not _VOTE_WORD.search(text):
        return []
    out = []
    for m in _TALLY.finditer(text):
        for group, what in ((1, "#for"), (2, "#against")):
            value = float(m.group(group).replace(",", ""))
            out.append(Mention(value, "", "", frozenset(), m.group(), what))
    for pattern, what in ((_AGAINST, "#against"), (_IN_FAVOUR, "#for")):
        for m in pattern.finditer(text):
            value = float(m.group(1).replace(",", ""))
            out.append(Mention(value, "", "", frozenset(), m.group().strip(), what))
    return out


# A rate: the number, its unit (one word, after an optional scale), then "a day", "per
# month", "each week" or "daily": "40 crowns a day" and "3 crowns a month" are different
# quantities, and neither is a total.
_RATE = re.compile(
    r"[^\s]*(?:\s+(?:thousand|million|billion|trillion|m|bn))?(?:[\s-]+[\w’'-]+)?[\s-]+"
    r"(?:(?:a|an|per|each|every)\s+(second|minute|hour|day|night|week|month|quarter|year)\b"
    r"|(hourly|daily|nightly|weekly|monthly|quarterly|yearly|annually)\b)",
    re.IGNORECASE,
)
_RATE_ADVERB = {
    "hourly": "hour", "daily": "day", "nightly": "night", "weekly": "week", "monthly": "month",
    "quarterly": "quarter", "yearly": "year", "annually": "year",
}  # fmt: skip


def _rate(text: str, off: int) -> str:
    """The time unit of a rate right after the number at ``off`` ("day" for "40 crowns a
    day"), else ""."""
    m = _RATE.match(text, off)
    if m is None:
        return ""
    return m.group(1).lower() if m.group(1) else _RATE_ADVERB[m.group(2).lower()]


# A number that is part of a name or label comes right after a capitalised word (or is
# hyphened to it): "Gate 4", "Route 9", "Terminal 2", "Article 5", "Flight 370", "Apollo 11",
# "World War 2", "Section 230", "Local 9", "COVID-19", the day of "March 12". Counts come
# after a capitalised word only at the start of a sentence ("About 300", "Nearly 40", "The 31
# detainees"), after a weekday ("said Monday 14 people were hurt") or after a possessive
# ("Harnovo's 2,300 evacuees").
_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][\w]*)(?:[ \t]+|-)$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”(]\s*|\n\s*)$")
_WEEKDAY_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Words that open a sentence before a count ("Nearly 40 ...") without being stopwords.
_COUNT_OPENERS = frozenset(
    "nearly roughly approximately almost around another every estimated additional extra "
    "total exactly precisely barely fully least".split()
)
_MONTH_AFTER = re.compile(
    r"[\d.,]*\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b",
    re.IGNORECASE,
)


def is_label_number(text: str, off: int) -> bool:
    """True if the number at ``off`` is part of a name or label ("Gate 4", "Flight 370") or
    the day of a date ("March 12", "12 March"), not a quantity.

    >>> is_label_number("They were held at Gate 4 overnight.", 23)
    True
    >>> is_label_number("About 300 people were evacuated.", 6)
    False
    """
    if not text[off : off + 1].isdigit():
        return False  # labels are written in digits; "Police Department five people" counts
    if _MONTH_AFTER.match(text, off):
        return True  # "12 March": a day of the month
    m = _WORD_BEFORE.search(text[max(0, off - 40) : off])
    if m is None:
        return False
    word = m.group(1)
    low = word.lower()
    if low in _WEEKDAY_NAMES or not is_content(low):
        return False
    start = off - len(m.group())
    if _SENTENCE_START.search(text[max(0, start - 3) : start]):
        # A sentence opens with it: a label only if it is no count opener ("Gate 4 was
        # reopened" / "Nearly 40 were hurt").
        return low not in _COUNT_OPENERS
    return True


def _number_mentions(text: str) -> list[Mention]:
    out = _vote_mentions(text)
    low = fold(text, keep_backtick=True, blocks_only=True)
    for value, unit, off in numbers(text):
        if is_label_number(text, off):
            continue  # "Gate 4", "Flight 370", "March 12": a name or a date, not a count
        if unit in _TIME_UNITS:
            unit = ""
        if _HYPOTHETICAL.search(low[max(0, off - 50) : off]):
            continue  # "should press for $2 trillion in cuts": a wish, not a count
        snippet = _snippet(text, off) or fmt_value(value)
        first = len(snippet.split()[0])
        what = "" if unit in _DURATIONS else _count_class(text, off, off + first)
        if not unit and not what:
            continue
        m = _QUALIFIER.search(low[max(0, off - 20) : off])
        qual = "" if m is None else "approx" if m.group(1) else "min" if m.group(2) else "max"
        ctx = _context(text, off, off + first) - {unit}
        if what:
            ctx |= {what}
        out.append(Mention(value, unit, qual, ctx, snippet, what, rate=_rate(text, off)))
    return out


# A date right after a verb of saying dates the saying ("told the Gazette on Friday",
# "said Tuesday"), not the happening reported.
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told|tells|announced|reported|added|stated|confirmed|according)\b"
    r"(?:\s+[\w'’-]+){0,3}\s+(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)


# How a date relates to its happening: "on Tuesday" dates it, "since Sunday" starts it, "by
# May 10" bounds it. Two dates compare only in the same relation (stored as the mention's
# ``unit``): "broke up on Tuesday" / "had blocked since Sunday" are two happenings.
_DATE_RELATION = {
    **dict.fromkeys(("since", "from"), "from"),
    **dict.fromkeys(("until", "till", "through", "by", "before"), "until"),
    "after": "after",
}
# A weekday after a future or plan marker names a scheduled happening ("work would resume
# ... on Friday"); a bare weekday in news is the day of the outlet's own news ("resigned
# Monday", "apologized Saturday"), which differs between outlets publishing on different days
# about different steps of a story.
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|would|shall|'ll|going to|expected|scheduled|due|set to|plans?|planned|next)"
    r"\b(?:\W+\w+){0,8}?\W*$",
    re.IGNORECASE,
)
# A dateline's date is the filing date ("AMSEL, March 21 (Kestrel) -"), not a happening's.
_DATELINE = re.compile(r"(?:\([^)]*\)\s*)?[A-Z][A-Z .'’-]+,\s*(?:[A-Z][\w.' ]+,\s*)?$")


def _date_mentions(text: str) -> list[Mention]:
    out = []
    low = fold(text, keep_backtick=True, blocks_only=True)
    # In text order (a set's order follows the hash seed, and so would the reported conflict).
    for key in sorted(dates(text), key=lambda k: (low.find(k.split()[0]), k)):
        first = key.split()[0]
        pos = low.find(first)
        pos = pos if pos >= 0 else 0
        if " " in key:  # "14 October": the day number may come first
            day = re.search(rf"\b{key.split()[1]}\s+{first}", low)
            if day is not None:
                pos = day.start()
        if _SAID_BEFORE.search(text[max(0, pos - 50) : pos]) or _DATELINE.match(text[:pos]):
            continue
        # What a date dates is said before it ("resume on Friday", "signed on March 21"); the
        # words after it start the next thought.
        before = words(text[max(0, pos - 60) : pos])[-_DATE_CONTEXT_WORDS:]
        ctx = frozenset(canonical(w) for w in before if is_content(w) and not w[:1].isdigit())
        # A wider window, both sides, for claims that are only about the same part of the
        # story: "on Saturday morning, 23 March, when the first shift ... reports for work".
        around = (
            words(text[max(0, pos - 80) : pos])[-_DATE_NEAR_WORDS:]
            + words(text[pos : pos + 120])[: _DATE_NEAR_WORDS + 1]
        )
        near = frozenset(
            canonical(w)
            for w in around
            if is_content(w) and not w[:1].isdigit() and stem(w) not in _TIME_UNITS
        )
        prep = re.search(r"(\w+)\W+(?:(?:late|early|the)\W+)?$", low[max(0, pos - 30) : pos])
        rel = _DATE_RELATION.get(prep.group(1), "at") if prep else "at"
        ahead = "future" if _FUTURE_BEFORE.search(text[max(0, pos - 80) : pos]) else ""
        out.append(Mention(key, rel, ahead, ctx, key, near=near - _NOT_DATE_CONTEXT))
    return out


@dataclass(frozen=True, slots=True)
class Features:
    """What the checks need from one claim, computed once per claim."""

    text: str
    tokens: list[str]
    stems: list[str]
    numbers: list[Mention]
    dates: list[Mention]
    negated: bool
    keys: set[str]
    date_keys: set[str]  # content keys without date, time and reporting words
    actors: frozenset[str]  # surnames of the people the claim is about (not its sources)

    @classmethod
    def of(cls, text: str) -> Features:
        toks = words(text)
        keys = set(content_keys(text))
        return cls(
            text=text,
            tokens=toks,
            stems=[stem(w) for w in toks],
            numbers=_number_mentions(text),
            dates=_date_mentions(text),
            negated=negated(text),
            keys=keys,
            date_keys=keys - _TIME_UNITS - _NOT_DATE_CONTEXT,
            actors=_actors(text),
        )


_SOURCE_BEFORE = re.compile(r"(?:\b(?:said|says|told|according to|quoted|cited)\s*,?\s*$)", re.I)


def _actors(text: str) -> frozenset[str]:
    """Surnames of the people a claim is about: full person names the rule-based recogniser
    finds, except sources ("..., Kord said", "said prosecutor Kord", "according to Kord")."""
    out = set()
    for e in rule_entities(text):
        if e.label != "PERSON" or " " not in e.text:
            continue
        if said_after(text, e.end) or _SOURCE_BEFORE.search(text[max(0, e.start - 40) : e.start]):
            continue
        out.add(POSSESSIVE.sub("", e.text.split()[-1]).lower())
    return frozenset(out)
