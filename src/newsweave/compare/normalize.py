"""Lemma-ish token normalisation shared by claim alignment, quotes, terms and contradictions.

Comparison across outlets needs tokens that ignore inflection ("meets"/"meeting"/"met" are
close enough), spelling of accents and typographic quotes, and a handful of everyday synonyms
that paraphrasing reporters swap ("required"/"necessary"/"needed"). A real lemmatiser is not
required on the model-free path: a small suffix stripper plus a synonym table is fast (no
model, no load time) and good enough for alignment, where TF-IDF and character n-grams do
most of the work.

Where the synonym table comes from: most groups are general news synonyms, but several were
drawn from the wording of the five seed articles the project started from (shared
data/seeds: the Kremlin on a Putin-Trump meeting), on which the comparison is evaluated.
They came in with the first compare commit (ad8c4e2), whose tests quote seed sentences, and
match how the seed outlets render one statement: "No conditions are required" / "No
preconditions are necessary" (condition, require), "ready" / "prepared", "meeting" /
"summit", "talks" / "discussions" / "dialogue", "problems" / "issues", "mutual desire"
(mutual; "shared" was dropped from that group in 4096741). Alignment and summary figures on
the seed event therefore overstate what the table does for unseen events. Extend it only
with pairs that hold in general news text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsweave.text import STOPWORDS, fold, words

#: Words that negate a clause. "No conditions are required" is negated as well as
#: "conditions are not required".
NEGATIONS = frozenset(
    "not no never none nobody nothing neither nor without cannot can't won't don't doesn't "
    "didn't isn't aren't wasn't weren't hasn't haven't hadn't shouldn't wouldn't couldn't "
    "mustn't n't refuse refused refuses deny denied denies reject rejected rejects".split()
)
#: Modal verbs: changing "will" into "may" changes what a quote commits the speaker to.
MODALS = frozenset("will would can could may might must shall should".split())
#: Hedges: "possibly", "likely" weaken a statement; adding or dropping one alters meaning.
HEDGES = frozenset(
    "possibly perhaps probably likely unlikely maybe allegedly reportedly apparently "
    "seemingly presumably potentially".split()
)

# Groups of words that news paraphrases swap freely. The first word is the canonical form.
# Kept to pairs whose meanings overlap in nearly every news context; ambiguous words (e.g.
# "fire", "charge") are left out because a wrong merge makes unrelated claims look alike.
_SYNONYM_GROUPS = (
    "require necessary need needed requisite",
    "condition precondition prerequisite",
    "say state tell remark note comment declare",
    "ready prepared willing",
    "meet meeting summit",
    "talk negotiation discussion dialogue",
    "begin start commence launch",
    "end finish conclude",
    "help aid assist support",
    "buy purchase acquire",
    "big large huge major",
    "small little minor",
    "show indicate demonstrate reveal",
    "kill slay",
    "die perish",
    "injure wound hurt",
    "arrest detain",
    "attack assault strike",
    "decline fall drop",
    "rise increase climb",
    "plan intend",
    "try attempt seek",
    "want wish desire",
    "allow permit",
    "ban prohibit forbid",
    "quit resign",
    "warn caution",
    "answer reply respond",
    "ask request",
    "build construct",
    "hide conceal",
    "car vehicle automobile",
    "child kid",
    "company firm",
    "job employment",
    "law legislation",
    "leader head chief",
    "official authority",
    "people person individual",
    "president leader",
    "probe investigation inquiry",
    "rule regulation",
    "town city",
    "problem issue",
    "fight battle combat",
    "agreement deal accord pact",
    "election vote ballot",
    "soldier troop",
    "mutual joint",
)


def _build_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SYNONYM_GROUPS:
        members = group.split()
        head = stem(members[0])
        for word in members:
            # First group wins: "leader" stays with "head", not with "president".
            table.setdefault(stem(word), head)
    return table


_IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "met": "meet",
    "went": "go",
    "gone": "go",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "been": "be",
    "am": "be",
    "has": "have",
    "had": "have",
    "did": "do",
    "does": "do",
    "done": "do",
    "made": "make",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "began": "begin",
    "begun": "begin",
    "held": "hold",
    "left": "leave",
    "sought": "seek",
    "thought": "think",
    "brought": "bring",
    "bought": "buy",
    "won": "win",
    "lost": "lose",
    "saw": "see",
    "seen": "see",
    "spoke": "speak",
    "spoken": "speak",
    "wrote": "write",
    "written": "write",
    "fell": "fall",
    "rose": "rise",
    "risen": "rise",
    "struck": "strike",
    "fought": "fight",
    "children": "child",
    "people": "people",
    "men": "man",
    "women": "woman",
}

_VOWELS = set("aeiouy")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return a lemma-ish stem of ``word``: folded, inflection and final ``e`` stripped.

    Not a linguistic lemma: "organize", "organized" and "organizing" all become "organiz".
    Only the equality of stems matters.
    """
    w = fold(word, keep_backtick=True, blocks_only=True).replace("'", "")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and _VOWELS & set(w[: -len(suffix)]):
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":  # "stopp" -> "stop"
                w = w[:-1]
            break
    if w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


_SYNONYMS: dict[str, str] = {}


def canonical(word: str) -> str:
    """Return the stem of ``word`` mapped to its synonym group's head, if it has one."""
    if not _SYNONYMS:
        _SYNONYMS.update(_build_synonyms())
    s = stem(word)
    return _SYNONYMS.get(s, s)


_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS) | frozenset(STOPWORDS)
# Reporting verbs and function words that carry no claim content; negations are kept out of
# this set on purpose (they are content for contradiction and quote checks).
_EXTRA_STOP = frozenset("say tell state note add report accord also just".split())


@lru_cache(maxsize=65536)
def is_content(word: str) -> bool:
    """True if ``word`` is a content word (not a stopword, reporting verb or punctuation)."""
    low = fold(word, keep_backtick=True, blocks_only=True)
    if low in NEGATIONS:
        return False
    return low not in STOPWORDS and stem(low) not in _STOP_STEMS and stem(low) not in _EXTRA_STOP


def content_keys(text: str) -> list[str]:
    """Canonical keys of the content words of ``text``, in order (repeats kept)."""
    return list(_content_keys(text))


@lru_cache(maxsize=65536)
def _content_keys(text: str) -> tuple[str, ...]:
    # Cached: alignment, contradictions, quotes and the summary each need a claim's keys.
    return tuple(k for k in map(word_key, words(text)) if k is not None)


@lru_cache(maxsize=65536)
def word_key(word: str) -> str | None:
    """The canonical key of a content word, None for other words (cached: the claims of one
    event, and the events of one run, repeat most of their words)."""
    return canonical(word) if is_content(word) else None


_NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUM = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(%|percent|per cent))?"
    r"(?:\s+(thousand|million|billion|trillion))?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_NUMWORD_ALT = "|".join(sorted((*_NUMBER_WORDS, *_SCALE), key=len, reverse=True))
# A run of spelled-out number words: "four hundred", "twenty-five", "two thousand and six".
_WORDNUM = re.compile(rf"\b(?:{_NUMWORD_ALT})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMWORD_ALT}))*\b")


def numbers(text: str) -> list[tuple[float, str, int]]:
    """Numbers in ``text`` as ``(value, unit word after it, offset)``; years are excluded.

    The unit is the stem of the next content word ("12 people" -> "people"), used to compare
    only numbers that count the same thing.
    """
    out: list[tuple[float, str, int]] = []
    low = fold(text, keep_backtick=True, blocks_only=True)
    for m in _NUM.finditer(low):
        raw = m.group(1)
        if _YEAR.match(raw) and not m.group(2) and not m.group(3):
            continue
        value = float(raw.replace(",", ""))
        if m.group(3):
            value *= _SCALE[m.group(3)]
        unit = "%" if m.group(2) else _next_content(low, m.end())
        out.append((value, unit, m.start()))
    for m in _WORDNUM.finditer(low):
        toks = re.split(r"[\s-]+(?:and[\s-]+)?", m.group())
        if toks == ["one"]:  # "one of", "no one": too often not a count
            continue
        if all(t in _SCALE or t in ("hundred", "dozen") for t in toks) and not re.search(
            r"\ba\s+$", low[max(0, m.start() - 3) : m.start()]
        ):
            # The scale of a digit number ("2.4 million", counted above) or a vague amount
            # ("several hundred"); "a dozen", "a million" count.
            continue
        out.append((_word_value(toks), _next_content(low, m.end()), m.start()))
    return out


def _word_value(tokens: list[str]) -> float:
    """Value of a spelled-out number ("four hundred" 400, "twenty-five" 25, "two dozen" 24)."""
    total, current = 0.0, 0.0
    for t in tokens:
        if t == "hundred":
            current = max(current, 1.0) * 100
        elif t == "dozen":
            current = max(current, 1.0) * 12
        elif t in _SCALE:
            total += max(current, 1.0) * _SCALE[t]
            current = 0.0
        else:
            current += _NUMBER_WORDS[t]
    return total + current


def _next_content(text: str, pos: int) -> str:
    for w in words(text[pos : pos + 60]):
        if w in _SCALE or w in ("of", "a", "an", "the", "more", "than", "least", "about"):
            continue
        if is_content(w) and not w.isdigit():
            return canonical(w)
    return ""


_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_DATE = re.compile(
    r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})\b|\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\b"
    r"|\b(" + "|".join(_WEEKDAYS) + r")\b",
)


def dates(text: str) -> set[str]:
    """Date mentions in ``text`` normalised to keys ("march 3", "friday").

    Relative words ("yesterday") are left out: outlets publishing on different days rightly
    use different ones for the same date.
    """
    out: set[str] = set()
    # "may" is also a modal verb: only count it with a day number (handled by the regex).
    for m in _DATE.finditer(fold(text, keep_backtick=True, blocks_only=True)):
        if m.group(1):
            out.add(f"{m.group(1)} {int(m.group(2))}")
        elif m.group(4):
            out.add(f"{m.group(4)} {int(m.group(3))}")
        elif m.group(5):
            out.add(m.group(5))
    return out


def negated(text: str) -> bool:
    """True if ``text`` contains a negation word."""
    low = fold(text, keep_backtick=True, blocks_only=True)
    return "n't" in low or any(w in NEGATIONS for w in words(low))
