"""Model-free article features for event clustering: words, names, numbers, places, time.

Every feature family becomes a sparse vector (``dict[int, float]``) over *hashed* keys, so the
vocabulary never grows without bound on an endless stream (a stable CRC32 hash, not Python's
salted ``hash``, so vectors agree across processes and pickles). Term weights are TF-IDF with
document frequencies kept by :class:`DocFreq`, which a batch run fills from the whole corpus
and an online run keeps updating as batches arrive (a "running IDF").

Families, and why each is there:

* ``tok``  -- content words of title, lead and body (title and lead count extra: news puts
  the who/what/where first). The backbone; separates topics.
* ``ent``  -- names from the rule-based recogniser (``newsweave.names.rule_entities``; see
  ``ClusterParams.model_entities``), else capitalised word sequences. Two look-alike events (two
  earthquakes, two rehab stays) differ in names. Keys are consonant skeletons
  (:func:`spelling_key`), so transliterations of one name ("Kyiv"/"Kiev") match.
* ``num``  -- numbers (ages, tolls, magnitudes, years): look-alike events differ in them.
* ``place`` -- place names (GPE/LOC/FAC entities, datelines, capitalised words after "in",
  "at", "near"...): the same kind of happening in two towns is two events.
* ``title`` -- the title's words alone (a second, sharper view of what happened).
* ``heads`` -- the article's protagonists (:func:`title_people`): the people its title names
  and the one person its body is mostly about. Not a vector: an article whose protagonists an
  event about someone else never mentions reports a new happening (``cluster/scoring.py``).
* ``where`` -- the article's place: its dateline's (:func:`dateline_place`), else the place its
  title names (:func:`title_place`); with the names of its title and lead (``lead``). Not a
  vector: a report from a new place about an event placed elsewhere, which it does not name up
  front, reports a new happening (``cluster/scoring.py``).
* ``day``  -- the event date or the defended publication date, as a day number.
* ``status`` -- where a named office holder stands in time, from the title's modifier:
  "President-elect Donald Trump" (before office), "President Donald Trump" (in office),
  "former President Donald Trump" (after). Not a vector: two reports that put one person in
  two different states were written at two different times (see ``cluster/scoring.py``).

An outlet's own vocabulary (its city, its station's name, a sign-off every one of its articles
carries) says "same outlet", not "same event": :class:`OutletKeys` discounts keys found in a
large share of one outlet's articles.

IDF is smoothed towards general-English word frequencies (:class:`Background`, from the
optional ``wordfreq`` package) so that a corpus of a few articles about one story does not
mistake its shared words for common ones.
"""

from __future__ import annotations

import heapq
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from newsweave.cluster.params import DEFAULT_PARAMS, ClusterParams
from newsweave.models import Article, Entity
from newsweave.names import person_cue, rule_entities, said_after
from newsweave.text import STOPWORDS, fold
from newsweave.time import day_number

SparseVec = dict[int, float]

#: Hash space per family: 2**21 buckets keeps the DF table at 32 MB for four families and
#: collisions rare (a vocabulary of ~1M keys collides on ~25% of *rare* keys, which barely
#: move a cosine).
HASH_BITS = 21
_MASK = (1 << HASH_BITS) - 1

#: Only this many characters of an article are featurised: the first few kilobytes carry the
#: event (inverted pyramid) and a 1 MB text must not cost a second.
MAX_CHARS = 20_000

# Extra counts for title and lead words (news puts the who/what/where first). Set by hand;
# on the ECB+ and GVA tune parts, title weights 1-3 and lead weights 0-2 moved BCubed F1 by
# less than 0.01 (lead 0 was worst).
TITLE_WEIGHT = 2.0
LEAD_WEIGHT = 1.0
LEAD_CHARS = 400

_FAMILIES = ("tok", "ent", "num", "place")
_SALT = {name: i << HASH_BITS for i, name in enumerate(_FAMILIES)}
_SALT_TOK = _SALT["tok"]
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)  # as newsweave.text.words

_CAP_SEQ = re.compile(
    r"(?<![\w.])(?:[A-Z][\w'’.-]*[\w]|[A-Z])"
    r"(?:\s+(?:(?:of|de|del|da|van|von|al|bin|la|le|the|and|for)\s+)?(?:[A-Z][\w'’.-]*[\w]|[A-Z]))*"
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
#: Offices whose holders change with elections and appointments (not ranks such as "officer").
_OFFICE = (
    r"(?:[Pp]resident|[Pp]rime [Mm]inister|[Pp]remier|[Cc]hancellor|[Gg]overnor|[Mm]ayor|"
    r"[Mm]inister|[Ss]ecretary|[Ss]enator|[Kk]ing|[Qq]ueen|[Pp]ope|[Ss]peaker|[Cc]hairman|"
    r"[Cc]hairwoman|[Cc]hair|CEO|[Cc]hief [Ee]xecutive)"
)
_STATUS = re.compile(
    r"(?<![\w-])(?:(?P<post>[Ff]ormer|[Ee]x-|[Ll]ate|[Tt]hen-)\s*)?"
    # up to two qualifiers: "US", "Russian", "transport", "foreign"
    r"(?:(?!(?:[Ff]ormer|[Ee]x|[Ll]ate|[Tt]hen)\b)(?:[A-Z][\w.]*|[a-z]+)\s+){0,2}?"
    rf"{_OFFICE}(?P<pre>-elect|\s+elect|-designate|\s+designate)?"
    r"\s+(?P<name>[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+){0,2})(?![\w'’-])"
)
STATUS_PRE, STATUS_IN, STATUS_POST = 1, 2, 4
POSSESSIVE_END = re.compile(r"['’]s?$")
_PLACE_CUE = re.compile(
    r"\b(?:in|at|near|from|outside|across|to)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,3})"
)
# "PUYALLUP, Wash. —", "MOSCOW (Reuters) -", "LONDON:" at the start of a text or line.
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]{2,40}?)\s*(?:,|\(|—|–|-{1,2}|:)", re.MULTILINE)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "MISC", "PRODUCT", "WORK_OF_ART", "LAW"}
)
# Capitalised function words that start sentences and headlines; never names on their own.
_CAP_STOP = frozenset(
    w.capitalize()
    for w in STOPWORDS
    | set(
        """monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr read more
        photo video update updated breaking news click image advertisement share like follow
        """.split()
    )
)


#: Pseudo-documents of background English the IDF starts from (see :class:`DocFreq`). A
#: corpus of a few articles about one story would otherwise make its own shared words
#: ("president-elect", "inauguration") look common; beyond a few thousand articles the corpus
#: dominates. Tuned on ECB+ topics 1-20 / GVA tune split (benchmarks/clustering.py).
BACKGROUND_DOCS = 1000.0
#: Words per background document when turning word frequency into document frequency.
_BACKGROUND_DOC_WORDS = 300.0


class Background:
    """General-English word frequencies (the optional ``wordfreq`` package), for IDF priors.

    Without ``wordfreq`` installed every probability is 0 and IDF comes from the corpus
    alone. The table (~320k words, ~0.5 s to load) is held on the instance, not in a module
    global, and is dropped when pickled and reloaded on first use (Spark workers).
    """

    def __init__(self) -> None:
        self._table: dict[str, float] | None = None

    def __getstate__(self) -> dict[str, object]:
        return {}  # the table is reloadable data, not state

    def __setstate__(self, state: dict[str, object]) -> None:
        self._table = None

    def _load(self) -> dict[str, float]:
        if self._table is None:
            try:
                from wordfreq import get_frequency_dict

                self._table = dict(get_frequency_dict("en"))
            except Exception:  # not installed or data missing: no prior, corpus IDF only
                self._table = {}
        return self._table

    @property
    def available(self) -> bool:
        """True when background frequencies are installed."""
        return bool(self._load())

    def table(self) -> dict[str, float]:
        """Word -> frequency (empty without ``wordfreq``)."""
        return self._load()

    def doc_prob(self, word: str) -> float:
        """Probability that a background document contains ``word`` (folded)."""
        return self.prob_in(self._load(), word)

    @staticmethod
    def prob_in(table: dict[str, float], word: str) -> float:
        """:meth:`doc_prob` with the table given (the hot path of featurising)."""
        if not table:
            return 0.0
        f = table.get(word)
        if f is None and "-" in word:
            # Compounds: wordfreq's own rule, 1/f = sum of 1/f_i over the parts.
            parts = [table.get(p, 0.0) for p in word.split("-") if p]
            if parts and all(x > 0 for x in parts):
                f = 1.0 / sum(1.0 / x for x in parts)
        if not f:
            return 0.0
        return min(1.0, f * _BACKGROUND_DOC_WORDS)


def stable_hash(key: str, family: str) -> int:
    """Bucket of ``key`` in ``family``'s hash space; stable across processes and runs."""
    return _SALT[family] | (zlib.crc32(key.encode("utf-8")) & _MASK)


def _stem(word: str) -> str:
    # A deliberately tiny plural stripper: "shootings"/"shooting", "victims"/"victim".
    # Full stemmers merge more than they help on names, which dominate news vocabulary.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 17)
def _word_key(word: str) -> int:
    """The "tok" key of a folded word (memoised: news vocabulary repeats heavily)."""
    return _SALT_TOK | (zlib.crc32(_stem(word).encode("utf-8")) & _MASK)


def word_counts(text: str) -> Counter[str]:
    """Counts of the folded content words of ``text`` (stopwords, 1-letter words, numbers out)."""
    counts = Counter(_WORD.findall(fold(text, keep_backtick=True)))
    for w in [w for w in counts if len(w) < 2 or w in STOPWORDS or w[0].isdigit()]:
        del counts[w]
    return counts


def content_words(text: str) -> list[str]:
    """Folded, stemmed content words of ``text`` (stopwords, 1-letter words and numbers out)."""
    return [
        _stem(w)
        for w in _WORD.findall(fold(text, keep_backtick=True))
        if len(w) >= 2 and w not in STOPWORDS and not w[0].isdigit()
    ]


def numbers(text: str) -> list[str]:
    """Number tokens of ``text`` with thousands separators removed ("1,200" -> "1200")."""
    out: list[str] = []
    for m in _NUMBER.finditer(text):
        tok = m.group().replace(",", "")
        if tok.count(".") > 1:  # "1.2.3": a version or a date, keep the parts
            out.extend(p for p in tok.split(".") if p)
        else:
            out.append(tok.rstrip(".").lstrip("0") or "0")
    return out


def capitalised_names(text: str) -> list[str]:
    """Cheap name candidates: capitalised word sequences, minus sentence-initial function words.

    A single capitalised word right after a sentence start is kept only when the same word is
    also capitalised mid-sentence elsewhere in the text (so "Police said" drops "Police" unless
    the text writes "Police" mid-sentence too).
    """
    found: list[tuple[str, bool]] = []
    for m in _CAP_SEQ.finditer(text):
        name = m.group().strip(" .'’-")
        toks = name.split()
        while toks and toks[0] in _CAP_STOP:
            toks.pop(0)
        while toks and toks[-1] in _CAP_STOP:
            toks.pop()
        if not toks:
            continue
        before = text[max(0, m.start() - 3) : m.start()]
        initial = m.start() == 0 or bool(re.search(r"(?:[.!?:\"“”]\s*|\n\s*|^\s*)$", before))
        found.append((" ".join(toks), initial and len(toks) == 1))
    mid = {n for n, initial in found if not initial}
    return [n for n, initial in found if not initial or n in mid]


def place_names(text: str) -> list[str]:
    """Cheap place candidates: datelines and capitalised words after place prepositions."""
    out = [
        m.group(1).strip().title()
        for m in _DATELINE.finditer(text[:2000])
        if len(m.group(1).strip()) > 2
    ]
    for m in _PLACE_CUE.finditer(text):
        toks = m.group(1).split()
        while toks and toks[-1] in _CAP_STOP:
            toks.pop()
        if toks and toks[0] not in _CAP_STOP:
            out.append(" ".join(toks))
    return out


@dataclass(slots=True)
class RawFeatures:
    """Unweighted term counts of one article, per family, before IDF weighting."""

    tok: dict[int, float] = field(default_factory=dict)
    ent: dict[int, float] = field(default_factory=dict)
    num: dict[int, float] = field(default_factory=dict)
    place: dict[int, float] = field(default_factory=dict)
    title: dict[int, float] = field(default_factory=dict)  # title words, "tok" keys
    day: int | None = None
    words: int = 0
    prior: dict[int, float] = field(default_factory=dict)  # key -> background doc probability
    status: dict[str, int] = field(default_factory=dict)  # surname -> STATUS_* bits
    heads: list[str] = field(default_factory=list)  # protagonists' keys (title_people)
    where: str | None = None  # spelling key of its place (dateline_place, title_place)
    lead: list[str] = field(default_factory=list)  # name keys in title and lead (with a place)
    outlet: str | None = None  # the article's outlet, folded (OutletKeys)

    def family(self, name: str) -> dict[int, float]:
        """The count vector of family ``name``."""
        vec: dict[int, float] = getattr(self, name)
        return vec


def _add(vec: dict[int, float], keys: Iterable[str], family: str, weight: float = 1.0) -> None:
    for k in keys:
        h = stable_hash(k, family)
        vec[h] = vec.get(h, 0.0) + weight


def _add_words(
    feats: RawFeatures,
    counts: Counter[str],
    weight: float,
    table: dict[str, float] | None,
    title: bool = False,
) -> None:
    """Add stemmed word counts to the word vector (and the title vector, and priors)."""
    tok = feats.tok
    for w, c in counts.items():
        h = _word_key(w)
        tok[h] = tok.get(h, 0.0) + c * weight
        if title:
            feats.title[h] = feats.title.get(h, 0.0) + c
        if table is not None and h not in feats.prior:
            feats.prior[h] = Background.prob_in(table, w)


def raw_features(
    article: Article, background: Background | None = None, params: ClusterParams = DEFAULT_PARAMS
) -> RawFeatures:
    """Count the features of one article (no corpus statistics needed).

    With ``background``, word keys also get their background document probability (the IDF
    prior of :class:`DocFreq`). Names come from the rule-based recogniser unless
    ``params.model_entities`` (then from ``Article.entities``).
    """
    body = (article.text or "")[:MAX_CHARS]
    title = (article.title or "").strip()
    feats = RawFeatures()
    table = background.table() if background is not None else None
    table = table or None
    body_counts = word_counts(body)
    feats.words = sum(body_counts.values())
    _add_words(feats, body_counts, 1.0, table)
    if title:
        _add_words(feats, word_counts(title), TITLE_WEIGHT, table, title=True)
    if LEAD_WEIGHT:
        _add_words(feats, word_counts(body[:LEAD_CHARS]), LEAD_WEIGHT, table)

    found = article.entities if params.model_entities else rule_entities(body)
    ents = [e for e in found if e.label in _NAME_LABELS and e.start < MAX_CHARS]
    if ents:
        names = [e.text for e in ents]
        places = [e.text for e in ents if e.label in _PLACE_LABELS]
    else:
        names = capitalised_names(body)
        places = place_names(body)
    if title:
        names = names + capitalised_names(title)
    _add(feats.ent, _name_keys(names), "ent")
    if ents:
        feats.heads = title_people(title, body, ents)
    _add(feats.place, (_spell(fold(p)) for p in places), "place")
    nums = numbers(body)
    if title:
        nums += numbers(title)
    _add(feats.num, nums, "num")
    feats.status = office_status(body)
    feats.day = day_number(article.event_date) or day_number(article.date)
    place = dateline_place(body) or title_place(title, body)
    if place:
        feats.where = _spell(fold(place))
        # What the article names up front: a report from elsewhere that names the event's
        # place there is about it ("VALMERE - ... after Tuesday's fire in Kessling").
        if ents:
            lead = [e.text for e in ents if e.start < LEAD_CHARS]
        else:
            lead = capitalised_names(body[:LEAD_CHARS])
        # Every capitalised word of the title: a headline's first word is a name too.
        lead += [w for w in _WORD.findall(title) if w[0].isupper()] + capitalised_names(title)
        feats.lead = sorted(set(_name_keys(lead)))
    if article.outlet:
        feats.outlet = fold(article.outlet)
    return feats


_DATELINE_PLACE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z'’.\-]*(?:[ ][A-Z][A-Z'’.\-]*){0,3})"
    r"(?=[ \t]*(?:,[ \t]*\S|\([^)\n]{1,40}\)[ \t]*[-—–]|[-—–][ \t]))",
    re.MULTILINE,
)


def dateline_place(text: str) -> str | None:
    """The place of a news dateline in the first lines ("KESSLING, March 3 (Agency) -",
    "PORT VALEN (Agency) —"): capitals only, as wires write it.

    >>> dateline_place("KESSLING, March 3 (Harbour Wire) - The bridge closed on Tuesday.")
    'KESSLING'
    >>> dateline_place("PORT VALEN (Agency) — Floods hit.")
    'PORT VALEN'
    >>> dateline_place("The bridge closed on Tuesday, officials said.") is None
    True
    >>> dateline_place("BREAKING NEWS - Floods hit.") is None
    True
    """
    m = _DATELINE_PLACE.search(text[:300])
    if not m:
        return None
    place = m.group("place").strip(" .-")
    words = fold(place).split()
    if sum(c.isalpha() for c in place) < 3 or any(
        w in STOPWORDS or w in _NOT_PLACES for w in words
    ):
        return None  # "A FIRE, ...", "BREAKING NEWS - ...", "MONDAY, ..."
    return place


# "in Selke", "at Port Valen", "the town of Selke": a place named as a place.
_PLACED = re.compile(
    r"\b(?:in|at|near|outside|(?:town|city|village|county|district) of)\s+"
    r"((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})"
)


def title_place(title: str, body: str) -> str | None:
    """The place an article's title names: the first name in the title that the body names as
    a place ("in Selke", "the town of Selke"), for articles without a dateline.

    >>> title_place("Two dead as flash flood hits Selke", "The flood hit the town of Selke.")
    'Selke'
    >>> title_place("Mayor Pallo resigns", "Pallo resigned in Selke on Monday.") is None
    True
    """
    if not title:
        return None
    low = " " + " ".join(_WORD.findall(fold(title))) + " "
    best: tuple[int, str] | None = None
    tried: set[str] = set()
    for m in _PLACED.finditer(body[:MAX_CHARS]):
        toks = m.group(1).split()
        while toks and toks[-1] in _CAP_STOP:
            toks.pop()
        name = " ".join(toks)
        if not toks or toks[0] in _CAP_STOP or name in tried:
            continue
        tried.add(name)
        at = low.find(" " + " ".join(_WORD.findall(fold(name))) + " ")
        if at >= 0 and (best is None or at < best[0]):
            best = (at, name)
    return best[1] if best else None


#: Capitalised words that open a first line the way a dateline does without being a place.
_NOT_PLACES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december breaking update updated news
    exclusive watch video photos live alert urgent developing correction editor opinion
    analysis""".split()
)


def title_people(title: str, body: str, ents: Iterable[Entity]) -> list[str]:
    """Spelling keys of an article's protagonists: the people its title names, and the one
    person its body names far more often than anyone else (at least 3 times and twice as
    often as the next; "X said" does not count, a quoted source is not the subject). Only
    surnames of PERSON entities the body marks as a person at least once count
    (``person_cue``: the rule-based recogniser calls most two-word capitalised sequences
    PERSON, "Port Valen" included), so a Title Case headline adds no false names.

    >>> from newsweave.models import Entity
    >>> body = "Prosecutors charged Ana Vela, a former minister. Port Valen was calm."
    >>> ents = [Entity("Ana Vela", "PERSON", 20, 28), Entity("Port Valen", "PERSON", 49, 59)]
    >>> title_people("Ex-Minister Vela Charged as Port Valen Waits", body, ents)
    ['vl']
    """
    words = {fold(POSSESSIVE_END.sub("", w)) for w in _WORD.findall(title)}
    cued: set[str] = set()
    mentions: Counter[str] = Counter()  # surname -> mentions ending in it, bare or full
    for e in ents:
        parts = e.text.split()
        if not parts or e.label in _PLACE_LABELS or e.label == "ORG":
            continue
        surname = fold(POSSESSIVE_END.sub("", parts[-1]))
        if len(surname) < 3:
            continue
        if not said_after(body, e.end):  # a quoted source is not what the story is about
            mentions[surname] += 1
        if e.label == "PERSON" and person_cue(body, e.start, e.end):
            cued.add(surname)
    heads = {s for s in cued if s in words}
    if cued:
        ranked = sorted(((mentions[s], s) for s in cued), reverse=True)
        top, name = ranked[0]
        if top >= 3 and (len(ranked) == 1 or top >= 2 * ranked[1][0]):
            heads.add(name)
    return sorted({spelling_key(s) for s in heads})


def office_status(text: str) -> dict[str, int]:
    """Surname -> bits of the states (before, in, after office) the text gives its holder.

    >>> office_status("US President-elect Donald Trump met former President Joe Biden.")
    {'trump': 1, 'biden': 4}
    """
    out: dict[str, int] = {}
    for m in _STATUS.finditer(text):
        surname = fold(POSSESSIVE_END.sub("", m.group("name").split()[-1]))
        if len(surname) < 3 or surname.capitalize() in _CAP_STOP:
            continue
        if m.group("pre"):
            bit = STATUS_PRE
        elif m.group("post"):
            bit = STATUS_POST
        else:
            bit = STATUS_IN
        out[surname] = out.get(surname, 0) | bit
    return out


#: Letter groups that transliterations of one name render differently ("Kharkiv"/"Harkiv",
#: "Tsar"/"Czar", "Ph"/"F"); folded before vowels are dropped.
_SPELLING = [("kh", "h"), ("ph", "f"), ("ts", "c"), ("cz", "c"), ("ck", "k"), ("q", "k")]
_VOWELS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=1 << 16)
def spelling_key(word: str) -> str:
    """A name's consonant skeleton, the same for common variant spellings of it.

    The first letter stays; later vowels (``y`` included) go and repeated letters collapse,
    so "Kyiv" and "Kiev", "Zelensky" and "Zelenskyy", "Kharnovo" and "Harnovo" agree.

    >>> [spelling_key(w) for w in ("kyiv", "kiev", "kharnovo", "harnovo")]
    ['kv', 'kv', 'hrnv', 'hrnv']
    """
    w = word
    for a, b in _SPELLING:
        w = w.replace(a, b)
    if not w:
        return w
    body = _VOWELS.sub("", w[1:])
    out = [w[0]]
    for ch in body:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


def _spell(key: str) -> str:
    return " ".join(spelling_key(part) for part in key.split())


def _name_keys(names: Iterable[str]) -> Iterator[str]:
    # A full name and its last word both count, so "Lindsay Lohan" and later "Lohan" match;
    # keys are spelling skeletons, so transliteration variants of one name match too.
    for name in names:
        key = fold(name).replace("'s", "").replace("’s", "").strip()
        if len(key) < 2:
            continue
        yield _spell(key)
        parts = key.split()
        if len(parts) > 1 and len(parts[-1]) > 2:
            yield "~" + spelling_key(parts[-1])


class DocFreq:
    """Document frequencies per hashed key: the IDF half of TF-IDF, batch or running.

    IDF is smoothed towards a background of ``background_docs`` pseudo-documents in which a
    word occurs with its general-English probability (:class:`Background`)::

        idf(k) = ln((N + B + 1) / (df(k) + B * p(k) + 1)) + 1

    With no background probabilities (``p = 0``, or ``B = 0``) this is scikit-learn's smooth
    IDF shifted by B. Names and numbers have no background probability: for them the prior only
    says "rare", which they usually are.
    """

    def __init__(self, background_docs: float = 0.0) -> None:
        self.df: npt.NDArray[np.float32] = np.zeros(len(_FAMILIES) << HASH_BITS, dtype=np.float32)
        self.n_docs = 0
        self.background_docs = background_docs
        # Word keys only (the "tok" family owns the first hash range).
        self.prior: npt.NDArray[np.float32] = np.zeros(1 << HASH_BITS, dtype=np.float32)

    def update(self, feats: Sequence[RawFeatures]) -> None:
        """Count each key once per document (and remember the keys' background priors)."""
        keys: list[int] = []
        for f in feats:
            for name in _FAMILIES:
                keys.extend(f.family(name))
            if self.background_docs and f.prior:
                idx = np.fromiter(f.prior.keys(), dtype=np.int64, count=len(f.prior))
                self.prior[idx] = np.fromiter(
                    f.prior.values(), dtype=np.float32, count=len(f.prior)
                )
        if keys:
            np.add.at(self.df, np.fromiter(keys, dtype=np.int64, count=len(keys)), 1.0)
        self.n_docs += len(feats)

    def idf(self, key: int) -> float:
        """Smoothed IDF of one key."""
        b = self.background_docs
        p = float(self.prior[key]) if b and key < len(self.prior) else 0.0
        return math.log((self.n_docs + b + 1.0) / (float(self.df[key]) + b * p + 1.0)) + 1.0

    def weigh(self, counts: dict[int, float]) -> SparseVec:
        """Sublinear-TF times smoothed IDF, L2-normalised (empty in, empty out)."""
        if not counts:
            return {}
        idf = self.idf
        vec = {k: (1.0 + math.log(c)) * idf(k) for k, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {k: v / norm for k, v in vec.items()} if norm > 0 else {}


#: The families discounted ("title" shares the "tok" keys). Numbers include a station's channel
#: number ("News 12"), which alone can hold a station's stories together; discounting them cost
#: the GVA tune part pairwise F1 (batch 0.794 -> 0.778) at the same B-cubed F1 (0.927 / 0.926).
OUTLET_FAMILIES = ("tok", "title", "ent", "num", "place")


class OutletKeys:
    """Per outlet, in how many of its articles each key occurs: its own vocabulary.

    A local station's articles about ten different shootings share its city, its name, its
    channel number and its sign-off; to a clusterer, those shared keys look like evidence that
    the ten reports are one event. :meth:`discount` scales a key of an article from outlet *O*
    down by the share of *O*'s other articles having it *beyond* the share of all articles
    having it::

        weight *= 1 - max(0, (c - 1) / (n - 1) - df / N)

    (``c`` of *O*'s ``n`` articles have the key; ``df`` of all ``N``). The article's own
    occurrence is left out, so a key only it has in *O* keeps its weight; a word common
    everywhere is left to IDF, so a stream whose outlets all write alike loses nothing. The
    vector is not re-normalised: a family made only of the outlet's keys (a station's city as
    its one place) must lose its weight, not get it back. Measured on the tune parts (batch
    B-cubed F1): GVA 0.922 -> 0.926 (precision 0.966 -> 0.985, recall 0.881 -> 0.872), BASIL
    0.970 -> 0.985; ECB+ has no outlets and is unchanged.

    Like :class:`DocFreq`, a batch run counts the whole corpus and an online run keeps
    counting. Counts are bounded (``params.outlet_max_keys``, ``params.outlet_max``): when an
    outlet's table doubles its cap, its rarest keys are dropped, which can only under-count a
    key and so only weaken its discount. A profile is trusted from ``params.outlet_min_docs``
    of an outlet's articles on, for keys in at least ``params.outlet_min_key`` of them.
    """

    def __init__(self, params: ClusterParams = DEFAULT_PARAMS) -> None:
        self.params = params
        self.docs: dict[str, int] = {}
        # outlet -> key -> articles having it; outlets in order of last use (LRU)
        self.counts: dict[str, dict[int, int]] = {}

    def update(self, feats: Sequence[RawFeatures]) -> None:
        """Count each key once per article of a known outlet."""
        max_outlets = self.params.outlet_max
        max_keys = self.params.outlet_max_keys
        for f in feats:
            if not f.outlet:
                continue
            outlet = f.outlet
            table = self.counts.pop(outlet, None)
            if table is None:
                table = {}
                if len(self.counts) >= max_outlets:  # forget the least recently seen outlet
                    oldest = next(iter(self.counts))
                    del self.counts[oldest]
                    self.docs.pop(oldest, None)
            self.counts[outlet] = table  # most recently used last
            self.docs[outlet] = self.docs.get(outlet, 0) + 1
            keys: set[int] = set()
            for name in _FAMILIES:  # as DocFreq counts them ("title" keys are "tok" keys)
                keys.update(f.family(name))
            get = table.get
            for k in keys:
                table[k] = get(k, 0) + 1
            if len(table) > 2 * max_keys:
                keep = heapq.nlargest(max_keys, table.items(), key=_count_of)
                self.counts[outlet] = dict(keep)

    def discount(self, outlet: str | None, vecs: dict[str, SparseVec], df: DocFreq) -> None:
        """Scale down, in place, the keys of ``vecs`` that are ``outlet``'s own (``df``: the
        document frequencies of all articles)."""
        n = self.docs.get(outlet or "", 0)
        if n < self.params.outlet_min_docs:
            return
        min_key = self.params.outlet_min_key
        table = self.counts[outlet or ""]
        counts = df.df
        total = max(1, df.n_docs)
        for fam in OUTLET_FAMILIES:
            vec = vecs.get(fam)
            if not vec:
                continue
            for k, v in vec.items():
                c = table.get(k, 0)
                if c >= min_key:
                    vec[k] = v * min(1.0, 1.0 - (c - 1) / (n - 1) + float(counts[k]) / total)


def _count_of(item: tuple[int, int]) -> int:
    return item[1]


def dot(a: SparseVec, b: SparseVec) -> float:
    """Dot product of two sparse vectors (iterates over the smaller)."""
    # The key intersection runs in C over the smaller dict; shared keys are few.
    return sum([a[k] * b[k] for k in a.keys() & b.keys()])
