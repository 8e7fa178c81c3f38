"""Lexicon and tokens of quote extraction: cue inflections, closed-class words, phrase tests.

Model-free on purpose (the quote extractor must run at hundreds of articles per second on two
cores): noun phrases are recognised with a small closed-class lexicon (determiners, pronouns,
role nouns such as *spokesman* or *official*, organisation nouns) plus capitalisation. The
open-class lists live in ``newsweave/data/quote_lexicon.toml``; many of their entries (cue
nouns, evidence verbs, document nouns, the given-name lists) were added while tuning on PolNeAR
train, so train scores are in-sample (see the file's header; extend the lists there, then rerun
``python -m benchmarks.polnear`` and ``pytest tests/test_quotes.py``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from newsweave.names import is_place

# -- tokens --------------------------------------------------------------------------------------


class Tok(NamedTuple):
    """A token with its character span; ``quote`` >= 0 marks a whole direct quote (placeholder)."""

    start: int
    end: int
    text: str
    low: str
    quote: int = -1


# A US party-and-state tag ("R-S.C.", "D-Mo.") is one token with its final period, and so is
# "Jr." before a comma ("James B. Comey Jr., the director ...").
_TOKEN_RE = re.compile(
    r"[RDI]-[A-Z][a-z]*(?:\.[A-Z][a-z]*)*\.(?=[,)\s])|(?:Jr|Sr)\.(?=,)"
    r"|[^\W_]+(?:[-'’.&][^\W_]+)*|\S",
    re.UNICODE,
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """Tokenize ``text[start:end]`` into words and single punctuation marks, offsets kept."""
    stop = len(text) if end is None else end
    return [
        Tok(m.start(), m.end(), m.group(), m.group().lower())
        for m in _TOKEN_RE.finditer(text, start, stop)
    ]


def word_set(s: str) -> frozenset[str]:
    return frozenset(s.split())


def load_lexicon(path: Path | None = None) -> dict[str, dict[str, frozenset[str]]]:
    """Read the quote lexicons (``newsweave/data/quote_lexicon.toml`` unless ``path``).

    Returns:
        ``{section: {list name: words}}``; see the file's comments for what each list is.
    """
    if path is None:
        raw = resources.files("newsweave").joinpath("data/quote_lexicon.toml").read_text("utf-8")
    else:
        raw = path.read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    return {sec: {k: word_set(v) for k, v in vals.items()} for sec, vals in data.items()}


_IRREGULAR = {
    "say": ("said", "says", "saying", "said"),
    "tell": ("told", "tells", "telling", "told"),
    "write": ("wrote", "writes", "writing", "written"),
    "think": ("thought", "thinks", "thinking", "thought"),
    "feel": ("felt", "feels", "feeling", "felt"),
    "know": ("knew", "knows", "knowing", "known"),
    "find": ("found", "finds", "finding", "found"),
}
_DOUBLE_FINAL = frozenset("admit quip commit regret".split())


def _inflect(lemma: str) -> dict[str, str]:
    """Map each inflected form of ``lemma`` to its form name (base, 3sg, past, ing, pp)."""
    if lemma in _IRREGULAR:
        past, s3, ing, pp = _IRREGULAR[lemma]
    else:
        stem = lemma + lemma[-1] if lemma in _DOUBLE_FINAL else lemma
        if lemma.endswith("e"):
            past, ing = lemma + "d", lemma[:-1] + "ing"
        elif lemma.endswith("y") and lemma[-2] not in "aeiou":
            past, ing = lemma[:-1] + "ied", lemma + "ing"
        else:
            past, ing = stem + "ed", stem + "ing"
        if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
            s3 = lemma + "es"
        elif lemma.endswith("y") and lemma[-2] not in "aeiou":
            s3 = lemma[:-1] + "ies"
        else:
            s3 = lemma + "s"
        pp = past
    return {lemma: "base", s3: "3sg", past: "past", pp: "past", ing: "ing"}


def build_cue_forms(lemmas: frozenset[str]) -> dict[str, tuple[str, str]]:
    """Map every inflected form of ``lemmas`` to ``(lemma, form)``; form is base/3sg/past/ing."""
    out: dict[str, tuple[str, str]] = {}
    for lemma in sorted(lemmas):
        for form, kind in _inflect(lemma).items():
            out.setdefault(form, (lemma, kind))
    return out


def is_possessive(tok: Tok) -> bool:
    """True for a word ending in 's."""
    return tok.low.endswith(("'s", "’s"))


# -- closed-class lexicons -------------------------------------------------------------------------

PRONOUNS_M = word_set("he")
PRONOUNS_F = word_set("she")
PRONOUNS_PL = word_set("they")
PRONOUNS_1 = word_set("i we you")
PRONOUNS = PRONOUNS_M | PRONOUNS_F | PRONOUNS_PL | PRONOUNS_1 | word_set("it")

DETERMINERS = word_set(
    "the a an this these those his her its their our my your some many several two three "
    "four five six seven eight nine ten dozens hundreds thousands both other another most few "
    "one each every all no any"
)

_LEX = load_lexicon()
# Role nouns that head a phrase naming a person, with gender for pronoun compatibility.
ROLE_NOUNS: dict[str, str | None] = {
    **dict.fromkeys(_LEX["speakers"]["roles"], None),
    **dict.fromkeys(_LEX["speakers"]["roles_male"], "m"),
    **dict.fromkeys(_LEX["speakers"]["roles_female"], "f"),
}
#: Role heads that may refer to any person given a role ("the official" after "Kremlin
#: spokesman X"); an honorific alone ("Sen. X") is no such role.
#: ("the source" is left out: a source a report names is never called "the source" later.)
GENERIC_ROLES = word_set("official spokesperson spokesman spokeswoman aide diplomat")
#: Synonym groups: a mention head matches a stored title in the same group.
ROLE_GROUPS = (
    word_set("spokesperson spokesman spokeswoman spokespeople press-secretary"),
    # "president-elect" is its own role: the president-elect is not the sitting president.
    word_set("chairman chairwoman chair chairperson"),
    word_set("adviser advisor aide"),
    word_set("candidate nominee front-runner frontrunner challenger"),
    word_set("lawyer attorney"),
    word_set("congressman congresswoman representative lawmaker legislator"),
)

GROUP_NOUNS = _LEX["speakers"]["groups"]
MODIFIERS = _LEX["speakers"]["modifiers"]
TITLES = _LEX["speakers"]["titles"]
HONORIFIC_GENDER = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
}

NON_NAMES = _LEX["speakers"]["non_names"]
#: Common given names (``[names]`` in quote_lexicon.toml, both genders).
GIVEN_NAMES = _LEX["names"]["male"] | _LEX["names"]["female"]
MONTHS_DAYS = word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december"""
)
ORG_SUFFIXES = _LEX["speakers"]["org_suffixes"]
PLACE_HEADS = _LEX["speakers"]["place_heads"]

NAME_PARTICLES = word_set("de del della der den van von bin al al- da di du le la st st. ibn")

AUX_ADVERBS = _LEX["speakers"]["aux_adverbs"]
_LY_ADVERB = re.compile(r"^[a-z]{3,}ly$")
LINK_PREPS = word_set("of for at from with")
#: Prepositions (closed class): a phrase they open is an adjunct, never a speaker.
PREPOSITIONS = word_set(
    """about above across after against along amid amidst among amongst around as at before
    behind below beneath beside besides between beyond by despite during except following for
    from in inside into like near of off on onto out outside over past per since than through
    throughout till to toward towards under underneath unlike until upon via with within
    without"""
)
#: Subordinating conjunctions that open a fronted clause ("While X said ..., Y ...").
SUBORDINATORS = word_set(
    "although though while whereas because since if unless when after before as once whether"
)
#: Party and ideology adjectives used as nouns for a person ("the Republican said").
ADJECTIVAL_NOUNS = _LEX["speakers"]["adjectival"]
# Capitalised words shaped like demonyms that name an organisation or a newspaper instead.
_NOT_DEMONYMS = word_set("taliban vatican guardian")
_DEMONYM = re.compile(r"^[a-z]{3,}(?:ian|ean|an|ese|ish|i)$")


def adjectival_noun(low: str, definite: bool) -> bool:
    """True for a party word or (after "the") a demonym standing for a person ("Republican").

    Demonym endings (-an, -ian, -ese, -ish, -i) are trusted only after "the": many names end
    the same way ("Ryan", "Pelosi").
    """
    low = strip_possessive(low)
    if low in ADJECTIVAL_NOUNS:
        return True
    return definite and low not in _NOT_DEMONYMS and bool(_DEMONYM.match(low))


def strip_possessive(low: str) -> str:
    for suffix in ("'s", "’s"):
        if low.endswith(suffix):
            return low[: -len(suffix)]
    return low


def is_capitalized(tok: Tok) -> bool:
    """True for a word starting with an upper-case letter (or a digit)."""
    return tok.quote < 0 and tok.text[0].isupper()


def is_adverb_or_aux(low: str) -> bool:
    """Words that may stand between a speaker and its cue verb."""
    return low in AUX_ADVERBS or (bool(_LY_ADVERB.match(low)) and low not in ROLE_NOUNS)


def role_noun(low: str) -> str | None:
    """The singular role noun of ``low`` ("officials" -> "official"), or None."""
    low = strip_possessive(low)
    if low in ROLE_NOUNS:
        return low
    if low.endswith("s") and low[:-1] in ROLE_NOUNS:
        return low[:-1]
    if low.endswith("men") and low[:-3] + "man" in ROLE_NOUNS:
        return low[:-3] + "man"
    return None


def person_or_group(low: str) -> bool:
    """True for role nouns (singular or plural) and organisation/group nouns.

    A hyphenated word counts by its last part ("three-fourths", "co-founders").
    """
    low = strip_possessive(low)
    if "-" in low and low not in GROUP_NOUNS and role_noun(low) is None:
        low = low.rsplit("-", 1)[1]
    return role_noun(low) is not None or low in GROUP_NOUNS


#: Plural heads without a final "s" ("the women say").
IRREGULAR_PLURALS = word_set("people women men children police staff clergy media")


def is_plural_head(low: str) -> bool:
    """True for a plural noun head ("voters", "women", "three-fourths")."""
    low = strip_possessive(low)
    return (low.endswith("s") and not low.endswith("ss")) or low in IRREGULAR_PLURALS


def np_token(tok: Tok) -> bool:
    """True if ``tok`` can be part of a speaker noun phrase."""
    if tok.quote >= 0:
        return False
    first = tok.text[0]
    if first.isupper() or first.isdigit():
        return True
    low = strip_possessive(tok.low)
    return (
        low in DETERMINERS
        or person_or_group(low)
        or low in MODIFIERS
        or low in ("&", "-", "'s", "’s", "and")
        or (tok.text[-1:].isalpha() and low.endswith(("ian", "ese", "ish")) and len(low) > 4)
    )


_PARTITIVES = frozenset("one some many most each several all both two three four".split())
#: Prepositions that attach a phrase to a role or group noun in a subject ("aides to Clinton",
#: "a blogger on the website X"): the noun before them heads the phrase.
SUBJECT_PREPS = word_set("to on in at near inside within")
#: Adjectives and participles between a source noun and its preposition ("a person familiar
#: with the talks", "a source close to the governor"): the noun heads the phrase.
BRIDGES = word_set("familiar close briefed involved knowledgeable aware")


def head_index(toks: Sequence[Tok], a: int, b: int) -> int:
    """Index of the head of the phrase ``toks[a:b]``: last word before a linking preposition
    (or before "to"/"on"/"in"/... after a lower-case role or group noun)."""
    for k in range(a + 1, b):
        if toks[k].low == "of" and k - 1 == a and toks[a].low in _PARTITIVES:
            continue  # "One of his advisers": the advisers head the phrase
        if toks[k].low in LINK_PREPS and toks[k - 1].text not in (",",):
            return k - 1
        prev = toks[k - 1]
        if toks[k].low in BRIDGES and k + 1 < b and person_or_group(prev.low):
            return k - 1
        if (
            toks[k].low in SUBJECT_PREPS
            and (prev.text[0].islower() or k - 1 == a)
            and person_or_group(prev.low)
        ):
            return k - 1
    return b - 1


def head_ok(tok: Tok) -> bool:
    """True if ``tok`` can head a speaker phrase: a name, a role/group noun or a pronoun."""
    low = strip_possessive(tok.low)
    if tok.quote >= 0 or not tok.text[0].isalnum():
        return False
    if tok.text[0].isupper():
        return low not in NON_NAMES or low in PRONOUNS
    return person_or_group(low) or low in PRONOUNS


def is_abbrev(tok: Tok) -> bool:
    return tok.text[0].isupper() and (len(tok.text) <= 4 or "." in tok.text)


#: Words opening a fronted time adverbial ("Hours later, ...", "Early in his campaign, ...").
FRONT_TIME = word_set(
    "early late later earlier hours days weeks months years minutes moments shortly soon "
    "afterward afterwards meanwhile overnight"
)
_DATELINE_DASHES = frozenset(("—", "–", "-", "--"))


def dateline_end(toks: Sequence[Tok], i: int) -> int:
    """Index after a dateline opening the unit ("WASHINGTON —", "Washington (AFP) –",
    "PARIS, Dec. 8 (Reuters) -"), else 0: a place in capitals or a known place, then only
    capitalised words, numbers and punctuation up to a dash within the first 12 tokens."""
    if not toks or toks[0].quote >= 0:
        return 0
    first = toks[0].text
    if not ((first.isupper() and len(first) > 1) or is_place(first)):
        return 0
    for k in range(1, min(i, 12)):
        t = toks[k]
        if t.text in _DATELINE_DASHES:
            return k + 1
        if t.quote >= 0 or not (t.text[0].isupper() or t.text[0].isdigit() or t.text in ",.()"):
            return 0
    return 0
