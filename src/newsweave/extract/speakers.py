"""Speaker mentions of quotes: finding the noun phrase that speaks, and resolving it to a name.

Model-free on purpose (the quote extractor must run at hundreds of articles per second on two
cores): noun phrases are recognised with a small closed-class lexicon (determiners, pronouns,
role nouns such as *spokesman* or *official*, organisation nouns) plus capitalisation, and
resolution uses the article's own evidence:

* names seen in the text (NER ``PERSON`` entities when the caller has them, else runs of
  capitalised words that a title, an honorific or a speech cue marks as a person);
* appositions and pre-name titles ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov, Kremlin
  spokesman"), so that "the spokesman" later maps back to "Dmitry Peskov";
* surnames and honorific forms ("Peskov", "Mr. Peskov") map to a full name seen in the text;
* pronouns (he/she/they) go to the most salient compatible person: the subject of the current
  sentence, else the last quoted speaker nearby, else the most recent person mention.

All lexicons are general English news vocabulary, not fitted to any article; the open-class
lists live in ``newsweave/data/quote_lexicon.toml``.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from newsweave.models import Entity

# -- tokens --------------------------------------------------------------------------------------


class Tok(NamedTuple):
    """A token with its character span; ``quote`` >= 0 marks a whole direct quote (placeholder)."""

    start: int
    end: int
    text: str
    low: str
    quote: int = -1


_TOKEN_RE = re.compile(r"[^\W_]+(?:[-'’.&][^\W_]+)*|\S", re.UNICODE)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """Tokenize ``text[start:end]`` into words and single punctuation marks, offsets kept."""
    stop = len(text) if end is None else end
    return [
        Tok(m.start(), m.end(), m.group(), m.group().lower())
        for m in _TOKEN_RE.finditer(text, start, stop)
    ]


def _words(s: str) -> frozenset[str]:
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
    return {sec: {k: _words(v) for k, v in vals.items()} for sec, vals in data.items()}


_IRREGULAR = {
    "say": ("said", "says", "saying", "said"),
    "tell": ("told", "tells", "telling", "told"),
    "write": ("wrote", "writes", "writing", "written"),
    "think": ("thought", "thinks", "thinking", "thought"),
    "feel": ("felt", "feels", "feeling", "felt"),
    "know": ("knew", "knows", "knowing", "known"),
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

PRONOUNS_M = _words("he")
PRONOUNS_F = _words("she")
PRONOUNS_PL = _words("they")
PRONOUNS_1 = _words("i we you")
PRONOUNS = PRONOUNS_M | PRONOUNS_F | PRONOUNS_PL | PRONOUNS_1 | _words("it")

DETERMINERS = _words(
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
#: Role heads that may refer to any titled person ("the official" after "Kremlin spokesman X").
GENERIC_ROLES = _words("official spokesperson spokesman spokeswoman source aide diplomat")
#: Synonym groups: a mention head matches a stored title in the same group.
_ROLE_GROUPS = (
    _words("spokesperson spokesman spokeswoman spokespeople press-secretary"),
    _words("president president-elect"),
    _words("chairman chairwoman chair chairperson"),
    _words("adviser advisor aide"),
    _words("lawyer attorney"),
    _words("congressman congresswoman representative lawmaker legislator"),
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
MONTHS_DAYS = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december"""
)
ORG_SUFFIXES = _LEX["speakers"]["org_suffixes"]
PLACE_HEADS = _LEX["speakers"]["place_heads"]

NAME_PARTICLES = _words("de del della der den van von bin al al- da di du le la st st. ibn")

AUX_ADVERBS = _LEX["speakers"]["aux_adverbs"]
_LY_ADVERB = re.compile(r"^[a-z]{3,}ly$")
LINK_PREPS = _words("of for at from with")


def _strip_possessive(low: str) -> str:
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
    low = _strip_possessive(low)
    if low in ROLE_NOUNS:
        return low
    if low.endswith("s") and low[:-1] in ROLE_NOUNS:
        return low[:-1]
    if low.endswith("men") and low[:-3] + "man" in ROLE_NOUNS:
        return low[:-3] + "man"
    return None


def person_or_group(low: str) -> bool:
    """True for role nouns (singular or plural) and organisation/group nouns."""
    return role_noun(low) is not None or _strip_possessive(low) in GROUP_NOUNS


def np_token(tok: Tok) -> bool:
    """True if ``tok`` can be part of a speaker noun phrase."""
    if tok.quote >= 0:
        return False
    first = tok.text[0]
    if first.isupper() or first.isdigit():
        return True
    low = _strip_possessive(tok.low)
    return (
        low in DETERMINERS
        or person_or_group(low)
        or low in MODIFIERS
        or low in ("&", "-", "'s", "’s", "and")
        or (tok.text[-1:].isalpha() and low.endswith(("ian", "ese", "ish")) and len(low) > 4)
    )


def head_index(toks: Sequence[Tok], a: int, b: int) -> int:
    """Index of the head of the phrase ``toks[a:b]``: last word before a linking preposition."""
    for k in range(a + 1, b):
        if toks[k].low in LINK_PREPS and toks[k - 1].text not in (",",):
            return k - 1
    return b - 1


def head_ok(tok: Tok) -> bool:
    """True if ``tok`` can head a speaker phrase: a name, a role/group noun or a pronoun."""
    low = _strip_possessive(tok.low)
    if tok.quote >= 0 or not tok.text[0].isalnum():
        return False
    if tok.text[0].isupper():
        return low not in NON_NAMES or low in PRONOUNS
    return person_or_group(low) or low in PRONOUNS


def _is_abbrev(tok: Tok) -> bool:
    return tok.text[0].isupper() and (len(tok.text) <= 4 or "." in tok.text)


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
        if tok.text == "." and a - 2 >= lo and _is_abbrev(toks[a - 2]) and a < end:
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
            and _is_abbrev(toks[b - 1])
            and b + 1 < hi
            and (toks[b + 1].text[0].isupper())
        ):
            b += 1
            continue
        if tok.low in LINK_PREPS and b > start and b + 1 < hi and np_token(toks[b + 1]):
            b += 1
            continue
        break
    while b > start and toks[b - 1].low in (LINK_PREPS | _words("and & -")):
        b -= 1
    return start, b


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
    return (a, b) if a < b else None


def object_end(toks: Sequence[Tok], j: int) -> int:
    """Index after the listener of "told X (that)": the shortest phrase before a clause start."""
    n = len(toks)
    a, b = np_span_right(toks, j, n, max_len=6)
    for c in range(a + 1, b + 1):
        if not head_ok(toks[c - 1]):
            continue
        if c == b or toks[c].low in DETERMINERS or toks[c].low in PRONOUNS:
            return c if c >= n or toks[c].low != "to" else j
    return j


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
        a, b = np_span_left(toks, m, 0)
        if a >= b or not head_ok(toks[b - 1]) or toks[b - 1].low in PRONOUNS:
            continue
        if a == 0 or toks[a - 1].quote >= 0 or toks[a - 1].low in _BOUNDARY:
            best = (a, b)
    return best


def subject_at(toks: Sequence[Tok], i: int) -> tuple[int, int] | None:
    """The subject phrase at the start of a unit (for "..., saying X" without a cue before)."""
    s0 = 0
    while s0 < i and (
        toks[s0].text == ","
        or (
            toks[s0].text[0].isupper()
            and toks[s0].low in NON_NAMES
            and toks[s0].low not in PRONOUNS
            and toks[s0].low not in DETERMINERS
        )
    ):
        s0 += 1
    if s0 < i and toks[s0].low in PRONOUNS:
        return (s0, s0 + 1)
    a, b = np_span_right(toks, s0, i)
    return (a, b) if b > a and head_ok(toks[b - 1]) else None


# -- mentions and resolution -------------------------------------------------------------------


class Mention(NamedTuple):
    """A speaker phrase as analysed: its kind, its name part and its role words."""

    kind: str  # "pronoun" | "person" | "org" | "nominal"
    text: str  # as written, without a leading determiner
    name: str | None  # the name part of a proper mention ("Dmitry Peskov")
    roles: frozenset[str]  # lower-cased role/title words ("kremlin", "spokesman")
    head: str  # lower-cased head word
    definite: bool


def name_part(toks: Sequence[Tok]) -> tuple[list[Tok], list[Tok]]:
    """Split a proper phrase into (title tokens, name tokens): "Lt. Gen. Keith Kellogg"."""
    k = len(toks)
    while k > 0:
        t = toks[k - 1]
        low = _strip_possessive(t.low)
        if t.text == "." and k >= 2 and len(toks[k - 2].text) == 1:
            k -= 1  # an initial: "John F. Kennedy"
            continue
        if low in NAME_PARTICLES and k < len(toks):
            k -= 1
            continue
        if not t.text[0].isupper() or low in TITLES or low in NON_NAMES or t.text == ".":
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
    if not head_ok(head):
        return None
    definite = toks[a].low in ("the", "this", "that")
    lead = a
    while lead < h and toks[lead].low in DETERMINERS:
        lead += 1
    written = text[toks[lead].start : toks[b - 1].end]
    hlow = _strip_possessive(head.low)
    if b - a == 1 and hlow in PRONOUNS:
        return Mention("pronoun", head.text, None, frozenset(), hlow, False)
    roles = frozenset(
        _strip_possessive(t.low) for t in toks[lead : h + 1] if t.text.isalpha() or "-" in t.text
    )
    if head.text[0].isupper():
        titles, name = name_part(toks[lead : h + 1])
        if not name:
            return Mention("nominal", written, None, roles, hlow, definite)
        name_text = text[name[0].start : name[-1].end]
        name_text = re.sub(r"['’]s$", "", name_text)
        kind = _proper_kind(name, titles, definite, person_spans)
        title_words = frozenset(_strip_possessive(t.low) for t in titles)
        return Mention(
            kind, written, name_text, title_words, _strip_possessive(name[-1].low), definite
        )
    return Mention("nominal", written, None, roles, hlow, definite)


def _proper_kind(
    name: Sequence[Tok],
    titles: Sequence[Tok],
    definite: bool,
    person_spans: Sequence[tuple[int, int, str]],
) -> str:
    """Person or organisation, from NER spans when given, else from the phrase's shape."""
    start, end = name[0].start, name[-1].end
    for s, e, label in person_spans:
        if s < end and start < e:
            return "person" if label == "PERSON" else "org"
    last = _strip_possessive(name[-1].low)
    if titles and any(_strip_possessive(t.low) in TITLES for t in titles):
        return "person"
    if definite or last in ORG_SUFFIXES or name[0].low in PLACE_HEADS:
        return "org"
    if all(t.text.isupper() and len(t.text) > 1 for t in name):  # acronyms: NATO, FBI
        return "org"
    return "person"


#: Modifiers that set a role apart: "the former official" needs a stored "former".
_DISTINGUISHING = _words(
    "former ex retired outgoing incoming acting deputy assistant vice junior senior late previous"
)


def roles_compatible(head: str, stored: frozenset[str]) -> bool:
    """True if a nominal head ("spokesman") fits a person's stored title words."""
    if head in stored:
        return True
    for group in _ROLE_GROUPS:
        if head in group and stored & group:
            return True
    return head in GENERIC_ROLES and bool(stored & (frozenset(ROLE_NOUNS) | TITLES))


def gender_of(words: frozenset[str]) -> str | None:
    """Grammatical gender suggested by honorifics or gendered role nouns, if any."""
    for w in words:
        g = HONORIFIC_GENDER.get(w) or ROLE_NOUNS.get(w)
        if g:
            return g
    return None


class _PersonMention(NamedTuple):
    start: int
    unit: int
    name: str
    subject: bool


class SpeakerResolver:
    """Resolves speaker mentions of one article to names, using the article's own evidence.

    Feed every sentence unit (tokens with direct quotes as placeholders, so quoted words are
    not mentions) to :meth:`scan_unit` in text order, then call :meth:`resolve` for mentions in
    text order, telling it each resolved speaker with :meth:`note_speaker`.
    """

    def __init__(self, text: str, entities: Sequence[Entity] = ()) -> None:
        self.text = text
        self.ner = sorted((e.start, e.end, e.label) for e in entities)
        self.ner_starts = [s for s, _, _ in self.ner]
        self.ner_persons = [(e.start, e.end) for e in entities if e.label == "PERSON"]
        self.mentions: list[_PersonMention] = []
        self.titles: dict[str, set[str]] = {}
        self.gender: dict[str, str] = {}
        self.full_names: list[tuple[int, str]] = []  # (first offset, multi-word name)
        self.by_last: dict[str, str] = {}  # last word -> latest multi-word name
        self.speakers: list[tuple[int, int, str, str]] = []  # (offset, unit, name, kind)

    # -- evidence ------------------------------------------------------------------------------

    def _is_ner_person(self, start: int, end: int) -> bool | None:
        """True/False if an NER span overlaps ``[start, end)`` (PERSON or not), else None."""
        k = bisect.bisect_left(self.ner_starts, end)
        for s, e, label in reversed(self.ner[max(0, k - 4) : k]):
            if s < end and start < e:
                return label == "PERSON"
        return None

    def scan_unit(self, unit: int, toks: Sequence[Tok], names_only: bool = False) -> None:
        """Record the person names, titles and appositions of one sentence unit.

        ``names_only``: a quick first pass that only learns multi-word names, so that a surname
        met before the full name ("Peskov: ...", then "Dmitry Peskov") still resolves.
        """
        i, n = 0, len(toks)
        first_person = True
        while i < n:
            if not is_capitalized(toks[i]) or toks[i].quote >= 0:
                i += 1
                continue
            j = i
            while j < n and (
                is_capitalized(toks[j])
                or (
                    toks[j].text == "."
                    and j > i
                    and _is_abbrev(toks[j - 1])
                    and j + 1 < n
                    and is_capitalized(toks[j + 1])
                )
                or (toks[j].low in NAME_PARTICLES and j + 1 < n and is_capitalized(toks[j + 1]))
            ):
                j += 1
            titles, name = name_part(toks[i:j])
            if names_only:
                if (
                    len(name) >= 2
                    and self._is_ner_person(name[0].start, name[-1].end) is not False
                    and name[0].low not in PLACE_HEADS
                    and name[-1].low not in ORG_SUFFIXES
                ):
                    self._add_full_name(self.text[name[0].start : name[-1].end])
                i = j
                continue
            self._add_run(unit, toks, i, j, titles, name, first_person)
            if name and self.mentions and self.mentions[-1].start == name[0].start:
                first_person = False
            i = j

    def _add_run(
        self,
        unit: int,
        toks: Sequence[Tok],
        i: int,
        j: int,
        titles: list[Tok],
        name: list[Tok],
        subject_slot: bool,
    ) -> None:
        if not name:
            return
        start, end = name[0].start, name[-1].end
        name_text = re.sub(r"['’]s$", "", self.text[start:end])
        ner = self._is_ner_person(start, end)
        # Role words before the name: the title run plus lower-case role words just before it.
        pre: set[str] = {_strip_possessive(t.low) for t in titles}
        k = i - 1
        while k >= 0 and i - k <= 4 and np_token(toks[k]) and toks[k].low not in DETERMINERS:
            pre.add(_strip_possessive(toks[k].low))
            k -= 1
        # Apposition after the name: "Dmitry Peskov, Kremlin spokesman, said".
        post: set[str] = set()
        if j + 1 < len(toks) and toks[j].text == ",":
            a, b = np_span_right(toks, j + 1, len(toks), max_len=6)
            if (b > a and b < len(toks) and toks[b].text in (",", ".", ";")) or b == len(toks):
                h = head_index(toks, a, b) if b > a else a
                if b > a and _strip_possessive(toks[h].low) in ROLE_NOUNS:
                    post = {_strip_possessive(t.low) for t in toks[a:b]} - DETERMINERS
        has_title = bool((pre | post) & (TITLES | frozenset(ROLE_NOUNS)))
        words = len([t for t in name if t.text != "."])
        surname = self._full_name_for(name_text)
        if ner is False:
            return
        if ner is None:
            last = _strip_possessive(name[-1].low)
            shaped = (
                words >= 2
                and name[0].low not in PLACE_HEADS
                and last not in ORG_SUFFIXES
                and not all(t.text.isupper() for t in name)
                and not (i > 0 and toks[i - 1].low == "the" and not titles)
            )
            if not ((has_title and last not in ORG_SUFFIXES) or shaped or surname):
                return
        full = surname or name_text
        if words >= 2 and not surname:
            self._add_full_name(name_text)
        roles = (pre | post) - DETERMINERS
        if roles:
            self.titles.setdefault(full, set()).update(roles)
        g = gender_of(frozenset(roles))
        if g and full not in self.gender:
            self.gender[full] = g
        poss = name[-1].low.endswith(("'s", "’s"))
        subject = subject_slot and not poss and (i < 8 or toks[i - 1].text == ",")
        self.mentions.append(_PersonMention(start, unit, full, subject))

    def _add_full_name(self, name: str) -> None:
        name = re.sub(r"['’]s$", "", name)
        self.full_names.append((0, name))
        self.by_last[name.split()[-1]] = name

    def _full_name_for(self, name: str) -> str | None:
        """The multi-word name whose last word is ``name`` (the latest registered)."""
        parts = name.split()
        if len(parts) != 1:
            for _, full in reversed(self.full_names):
                if full != name and full.endswith(" " + name):
                    return full
            return None
        return self.by_last.get(name)

    def note_speaker(self, offset: int, unit: int, name: str | None, kind: str) -> None:
        """Remember a resolved speaker (for later pronouns and continuation quotes)."""
        if name:
            self.speakers.append((offset, unit, name, kind))

    # -- resolution ----------------------------------------------------------------------------

    def resolve(self, m: Mention, offset: int, unit: int) -> str | None:
        """Resolve mention ``m`` found at ``offset`` in sentence ``unit`` to a speaker name."""
        if m.kind == "person" and m.name:
            full = self._full_name_for(m.name) if len(m.name.split()) == 1 else None
            if full is None and len(m.name.split()) > 1:
                full = self._full_name_for(m.name) or m.name
            name = full or m.name
            if m.roles:
                self.titles.setdefault(name, set()).update(m.roles)
            g = gender_of(m.roles)
            if g:
                self.gender.setdefault(name, g)
            return name
        if m.kind == "org":
            return m.name or m.text
        if m.kind == "pronoun":
            return self._resolve_pronoun(m.head, offset, unit)
        return self._resolve_nominal(m, offset, unit)

    def _compatible(self, name: str, gender: str | None) -> bool:
        return gender is None or self.gender.get(name, gender) == gender

    def _resolve_pronoun(self, pron: str, offset: int, unit: int) -> str | None:
        if pron in PRONOUNS_PL:
            for off, u, name, kind in reversed(self.speakers):
                if off < offset and unit - u <= 3 and kind in ("org", "nominal-plural"):
                    return name
            return None
        if pron not in PRONOUNS_M and pron not in PRONOUNS_F:
            return None
        gender = "m" if pron in PRONOUNS_M else "f"
        # 1. the subject of the current sentence, before the pronoun
        for men in self.mentions:
            if (
                men.unit == unit
                and men.start < offset
                and men.subject
                and self._compatible(men.name, gender)
            ):
                return self._settle(men.name, gender)
        # 2. the last person quoted nearby
        for off, u, name, kind in reversed(self.speakers):
            if off < offset and unit - u <= 3 and kind == "person":
                if self._compatible(name, gender):
                    return self._settle(name, gender)
                break
        # 3. the most recent person mentioned
        for men in reversed(self.mentions):
            if men.start < offset and unit - men.unit <= 5 and self._compatible(men.name, gender):
                return self._settle(men.name, gender)
        return None

    def _settle(self, name: str, gender: str) -> str:
        self.gender.setdefault(name, gender)
        return name

    def _resolve_nominal(self, m: Mention, offset: int, unit: int) -> str | None:
        if m.head in ROLE_NOUNS and m.definite:
            marked = m.roles & _DISTINGUISHING
            gender = ROLE_NOUNS.get(m.head)
            best: tuple[int, int, str] | None = None
            seen: set[str] = set()
            for men in reversed(self.mentions):
                if men.start >= offset or men.name in seen:
                    continue
                seen.add(men.name)
                stored = frozenset(self.titles.get(men.name, ()))
                if not roles_compatible(m.head, stored) or not self._compatible(men.name, gender):
                    continue
                if marked - stored:  # "the former official" is not the current spokesman
                    continue
                overlap = len((m.roles - {m.head}) & stored)
                score = (overlap, -len(seen), men.name)
                if best is None or score[:2] > best[:2]:
                    best = score
            if best is not None:
                return best[2]
        return m.text


def speaker_kind(m: Mention | None, speaker: str | None) -> str:
    """How a resolved speaker counts for later pronouns: person, org or plural nominal."""
    if m is None:
        return "unknown"
    if m.kind in ("person", "org"):
        return m.kind
    if m.kind == "pronoun":
        if m.head in PRONOUNS_M or m.head in PRONOUNS_F:
            return "person"
        return "nominal-plural" if m.head in PRONOUNS_PL else "unknown"
    if speaker is not None and speaker != m.text:
        return "person"
    return "nominal-plural" if m.head.endswith("s") else "org"
