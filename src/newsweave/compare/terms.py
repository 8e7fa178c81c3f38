"""Word choice: the different terms outlets use for the same referent.

Three sources, all per event:

1. **Name spelling variants** ("Kyiv"/"Kiev", "Zelensky"/"Zelenskyy"): names (NER entities, or
   capitalised words when the article has none) whose consonant skeletons match (a
   transliteration changes vowels, ``y``, ``h`` and doubled letters, rarely consonants:
   "Iran"/"Iraq" stay apart), that no single article uses together, and that share context.
2. **Differences inside aligned claims**: where two outlets' versions of the same claim differ
   by a short phrase and agree around it ("Russia's war"/"Russia's conflict", counted when seen
   in two or more claims), or where one adds a stance adverb to a word the other uses bare
   ("sharply criticized"/"criticized"), however differently the rest of the sentences run.
   A discovered variant of a term the lexicon reports joins that lexicon concept.
3. **The contested-terms lexicon** (``newsweave/data/lexicon.toml``, user-extendable through
   ``Settings.lexicon_file``).

A concept is reported only when outlets *split* on it: one outlet uses a term another avoids
and vice versa. A term every outlet uses alongside the other is not a choice.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz

from newsweave.compare.normalize import canonical, is_content, stem
from newsweave.config import Settings
from newsweave.errors import ConfigError
from newsweave.models import Article, Claim, TermChoice
from newsweave.text import fold, normalize_punct, sentence_spans, words

# -- lexicon ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LexiconConcept:
    """One contested referent and its competing terms."""

    label: str
    terms: tuple[str, ...]
    note: str = ""


def _term_body(term: str) -> str:
    """Regex body of ``term``: whole words; hyphen and space interchangeable; lower-case terms
    match any case and a plural -s/-es ("protest" finds "Protests"), capitalised ones exactly."""
    words_ = re.split(r"[\s-]+", normalize_punct(term).strip())
    parts = [re.escape(p) for p in words_]
    if term[:1].isupper():
        return r"[\s-]+".join(parts)
    last = words_[-1].lower()
    if last.endswith(("ed", "ing")) and len(last) > 5 and last.isalpha():
        # A verb written in one form finds them all: "insisted" finds "insists", "insisting".
        base = stem(last)
        parts[-1] = re.escape(base) + r"(?:e|es|s|ed|d|ing)?"
        if len(base) > 3 and base[-1] == base[-2]:  # "slammed" -> "slamm": "slams" too
            parts[-1] = f"(?:{parts[-1]}|{re.escape(base[:-1])}s?)"
        return "(?i:" + r"[\s-]+".join(parts) + ")"
    body = r"[\s-]+".join(parts)
    if term[-1:].isalpha():
        body += r"(?:s|es)?"
    return "(?i:" + body + ")"


def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + _term_body(term) + r"(?![\w-])")


# Characters outside ASCII that a case-insensitive pattern matches to an ASCII letter
# ("ſ" ~ "s", Kelvin sign ~ "k", dotted and dotless i); found by trying every code point.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def _literal(term: str) -> str | None:
    """Lower-cased text that every match of ``_term_body(term)`` contains (its first word, or
    the verb stem a one-word verb term is matched by), or None when it is not plain ASCII.

    A speed filter: a text that lacks the literal of every term of a pattern is not scanned.
    """
    words_ = re.split(r"[\s-]+", normalize_punct(term).strip())
    first = words_[0]
    if len(words_) == 1 and not term[:1].isupper():
        last = first.lower()
        if last.endswith(("ed", "ing")) and len(last) > 5 and last.isalpha():
            base = stem(last)
            first = base[:-1] if len(base) > 3 and base[-1] == base[-2] else base
    return first.lower() if first and first.isascii() else None


class _Literals:
    """Which term literals (see :func:`_literal`) occur in one punctuation-normalised text."""

    def __init__(self, norm: str) -> None:
        # Case-insensitive matching can reach an ASCII letter from these few characters;
        # a text holding one is always scanned.
        self.exact = not any(c in _FOLDS_TO_ASCII for c in norm) if not norm.isascii() else True
        self.lower = norm.lower()

    def any_of(self, literals: Iterable[str | None]) -> bool:
        """True if the text may hold a match of a term with one of ``literals``."""
        if not self.exact:
            return True
        return any(lit is None or lit in self.lower for lit in literals)


class Lexicon:
    """A set of contested-term concepts; load with :meth:`default` or :meth:`from_settings`."""

    def __init__(self, concepts: Iterable[LexiconConcept] = ()) -> None:
        """Store ``concepts``; later concepts with an existing label replace the earlier."""
        by_label: dict[str, LexiconConcept] = {}
        for c in concepts:
            by_label[c.label] = c
        self.concepts: tuple[LexiconConcept, ...] = tuple(by_label.values())
        # One alternation per concept, longest terms first, so "special military operation"
        # wins over "operation" at the same position; group i is term i.
        self._patterns: list[tuple[tuple[str, ...], re.Pattern[str]]] = []
        for c in self.concepts:
            terms = tuple(sorted(c.terms, key=len, reverse=True))
            alts = "|".join(f"({_term_body(t)})" for t in terms)
            self._patterns.append((terms, re.compile(r"(?<![\w-])(?:" + alts + r")(?![\w-])")))
        self._literals = [tuple(_literal(t) for t in terms) for terms, _ in self._patterns]

    def __len__(self) -> int:
        return len(self.concepts)

    def __getstate__(self) -> tuple[LexiconConcept, ...]:
        # Compiled patterns pickle fine but are rebuilt cheaply; keep the state small.
        return self.concepts

    def __setstate__(self, state: tuple[LexiconConcept, ...]) -> None:
        self.__init__(state)  # type: ignore[misc]  # re-run __init__ to rebuild patterns

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        """Read a lexicon TOML file (``[[concept]]`` tables with ``label`` and ``terms``).

        Raises:
            ConfigError: the file is missing, not TOML, or an entry lacks label/terms.
        """
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"Cannot read lexicon file {path}: {exc}. Fix or remove it.") from exc
        return cls(_parse(data, str(path)))

    @classmethod
    def default(cls) -> Lexicon:
        """The lexicon shipped with newsweave."""
        text = resources.files("newsweave").joinpath("data/lexicon.toml").read_text("utf-8")
        return cls(_parse(tomllib.loads(text), "newsweave/data/lexicon.toml"))

    @classmethod
    def from_settings(cls, settings: Settings | None) -> Lexicon:
        """The shipped lexicon extended by ``settings.lexicon_file``, if set."""
        base = cls.default()
        if settings is None or not settings.lexicon_file:
            return base
        return cls(base.concepts + cls.load(settings.lexicon_file).concepts)

    def __repr__(self) -> str:
        return f"Lexicon({len(self.concepts)} concepts)"

    def find(self, text: str) -> list[tuple[int, str, int, int]]:
        """Occurrences in ``text`` as ``(concept index, term, start, end)``, non-overlapping."""
        norm = normalize_punct(text)
        present = _Literals(norm)
        out: list[tuple[int, str, int, int]] = []
        for ci, (terms, pattern) in enumerate(self._patterns):
            if not present.any_of(self._literals[ci]):
                continue  # no term of the concept can match: skip the scan
            for m in pattern.finditer(norm):
                term = terms[(m.lastindex or 1) - 1]
                out.append((ci, term, m.start(), m.end()))
        return sorted(out, key=lambda x: x[2])


def _parse(data: Mapping[str, object], where: str) -> list[LexiconConcept]:
    entries = data.get("concept", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: 'concept' must be an array of tables ([[concept]]).")
    out = []
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or not isinstance(e.get("label"), str):
            raise ConfigError(f"{where}: concept #{i + 1} needs a string 'label'.")
        terms = e.get("terms")
        if (
            not isinstance(terms, list)
            or len(terms) < 2
            or not all(isinstance(t, str) and t.strip() for t in terms)
        ):
            raise ConfigError(f"{where}: concept {e['label']!r} needs 'terms', 2+ strings.")
        out.append(LexiconConcept(e["label"], tuple(terms), str(e.get("note", ""))))
    return out


# -- discovery --------------------------------------------------------------------------------

_NAME_LABELS = frozenset({"PERSON", "GPE", "LOC", "ORG", "NORP", "FAC", "MISC", "EVENT"})
_CAPWORD = re.compile(r"\b[A-Z][a-z]+(?:[-'’‘][A-Z]?[a-z]+)*\b")
# Derivational endings: "Russia"/"Russian", "Ukraine"/"Ukrainian" are different words, not
# spellings of one name.
_DERIVATIONS = ("n", "an", "ian", "ans", "ians", "s", "es", "ese", "i", "is", "ish", "ern", "ic")
# Longest phrase (in words) a substitution may have on either side.
_MAX_SUB_WORDS = 3
# Share of the shorter claim's tokens that must match around a substitution (same sentence
# frame), and the fewest matching tokens: below that the "substitution" is just two sentences.
_MIN_FRAME_SHARE = 0.5
_MIN_FRAME_TOKENS = 4
# A discovered swap is a choice when seen in this many aligned claim groups (see _habitual).
# Set by reading the discovered terms of BASIL triplets and the seeds: 1 lists one-off
# paraphrases ("seems"/"appears"); rerun `python -m benchmarks.compare --sample 60`.
_MIN_SWAP_GROUPS = 2
# Largest concept discovered by substitution chains; bigger ones are chains of unrelated swaps.
_MAX_CONCEPT_TERMS = 5


# rapidfuzz ratios for spelling variants: with equal consonant skeletons, and without. Set
# from transliteration pairs (Kyiv/Kiev, Mohammed/Muhammad, Zelensky/Zelenskyy) against
# look-alike words (Real/Reilly 60, Place/Police 73, Iran/Iraq); see test_compare_terms.py.
_SKELETON_RATIO = 75.0
_SPELLING_RATIO = 88.0
# Spelling variants differ in length by at most this many characters.
_MAX_LENGTH_GAP = 3
# Share of the articles using either spelling that may use both.
_MAX_SHARED_ARTICLES = 0.25


def _skeleton(name: str) -> str:
    """Consonant skeleton: folded, vowels/y/h/w dropped, doubled letters collapsed."""
    return _folded_skeleton(fold(name, keep_backtick=True, blocks_only=True))


def _folded_skeleton(folded: str) -> str:
    s = re.sub(r"[aeiouyhw\W\d_]", "", folded)
    return re.sub(r"(.)\1+", r"\1", s)


def _derived(a: str, b: str) -> bool:
    return _folded_derived(
        fold(a, keep_backtick=True, blocks_only=True), fold(b, keep_backtick=True, blocks_only=True)
    )


def _folded_derived(fa: str, fb: str) -> bool:
    short, long_ = sorted((fa, fb), key=len)
    for base in (short, short[:-1] if short[-1:] in "ae" else short):
        if long_.startswith(base) and long_[len(base) :] in _DERIVATIONS:
            return True
    return False


# Apostrophes as typed in news text, including the left quote some sites use ("Trump‘s").
POSSESSIVE = re.compile(r"['’‘`]s?$")


# Day and month names are capitalised but no names of referents: "Wednedsay" is a typo, not
# an outlet's word choice.
_CALENDAR = tuple(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december".split()
)


@dataclass(frozen=True, slots=True)
class _Spelling:
    """What :func:`spelling_variants` reads of one name, computed once per name."""

    folded: str  # possessive stripped, folded
    calendar: bool  # close to a day or month name
    skeleton: str

    @classmethod
    def of(cls, name: str) -> _Spelling:
        return _spelling_of(name)


@lru_cache(maxsize=65536)
def _spelling_of(name: str) -> _Spelling:
    """:meth:`_Spelling.of`, once per name (names recur across the events of a run)."""
    folded = fold(POSSESSIVE.sub("", name), keep_backtick=True, blocks_only=True)
    calendar = any(fuzz.ratio(folded, day) >= _SPELLING_RATIO for day in _CALENDAR)
    return _Spelling(folded, calendar, _folded_skeleton(folded))


def spelling_variants(a: str, b: str) -> bool:
    """True if names ``a`` and ``b`` look like two spellings of one name ("Kyiv"/"Kiev",
    "Kharnovo"/"Harnovo")."""
    return _spelling_match(_Spelling.of(a), _Spelling.of(b))


def _spelling_match(x: _Spelling, y: _Spelling) -> bool:
    """:func:`spelling_variants` of two names read by :meth:`_Spelling.of`."""
    fa, fb = x.folded, y.folded
    if fa == fb or min(len(fa), len(fb)) < 4 or x.calendar or y.calendar:
        return False
    # Both tests below need at least the lower ratio; below it (most pairs) stop here.
    ratio = fuzz.ratio(fa, fb, score_cutoff=min(_SKELETON_RATIO, _SPELLING_RATIO))
    if not ratio or _folded_derived(fa, fb):
        return False
    # Same first letter and consonants, mostly the same letters ("Kyiv"/"Kiev" 75,
    # "Mohammed"/"Muhammad" 75); a short skeleton alone is too weak ("Real"/"Reilly").
    if fa[0] == fb[0] and x.skeleton == y.skeleton and ratio >= _SKELETON_RATIO:
        return True
    # Longer names nearly equal letter for letter, even at the start ("Kharnovo"/"Harnovo").
    return min(len(fa), len(fb)) >= 6 and ratio >= _SPELLING_RATIO


def _names(article: Article, common: frozenset[str]) -> dict[str, list[int]]:
    """Name surface forms of ``article`` with their offsets.

    Without NER entities, capitalised words are taken, except at sentence or quote starts and
    except words in ``common`` (seen lower-case in the event's texts).
    """
    out: dict[str, list[int]] = defaultdict(list)
    ents = [e for e in article.entities if e.label in _NAME_LABELS]
    if ents:
        for e in ents:
            if e.text.isupper():
                continue  # acronyms and upper-case datelines ("HARNOVO, Veltria -")
            out[POSSESSIVE.sub("", e.text)].append(e.start)
            # Multi-word names also contribute their words ("Kyiv" in "Kyiv region").
            for m in _CAPWORD.finditer(e.text):
                if m.group() != e.text:
                    out[m.group()].append(e.start + m.start())
        return out
    starts = {s for s, _ in sentence_spans(article.text)}
    for m in _CAPWORD.finditer(article.text):
        before = article.text[max(0, m.start() - 2) : m.start()]
        if m.start() in starts or any(c in before for c in "\"'“‘:(—-"):
            continue  # sentence or quote starts capitalise ordinary words
        name = POSSESSIVE.sub("", m.group())
        if name.lower() in common:
            continue  # written lower-case elsewhere in the event: a word, not a name
        out[name].append(m.start())
    return out


def _context(text: str, offsets: Iterable[int], skip: str) -> set[str]:
    keys: set[str] = set()
    low_skip = fold(skip, keep_backtick=True, blocks_only=True)
    for off in offsets:
        window = text[max(0, off - 60) : off + len(skip) + 60]
        keys.update(
            canonical(w)
            for w in words(window)
            if is_content(w) and fold(w, keep_backtick=True, blocks_only=True) != low_skip
        )
    return keys


def _splits(usage: Mapping[str, set[str]]) -> bool:
    """True if some outlet uses a term another outlet avoids, and the other way round."""
    terms = [t for t, outs in usage.items() if outs]
    for i, a in enumerate(terms):
        for b in terms[i + 1 :]:
            if (usage[a] - usage[b]) and (usage[b] - usage[a]):
                return True
    return False


def _strip_phrase(tokens: Sequence[str]) -> list[str]:
    toks = list(tokens)
    while toks and not is_content(toks[0]):
        toks.pop(0)
    while toks and not is_content(toks[-1]):
        toks.pop()
    return toks


def _differences(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, str, bool]]:
    """Word-choice differences inside the same sentence frame of two aligned claims.

    Returns ``(phrase in a, phrase in b, is_modifier)``: swapped phrases ("war"/"conflict"),
    and evaluative adverbs one outlet adds to a shared word ("sharply criticized" /
    "criticized", ``is_modifier`` true).
    """
    ka, kb = [stem(w) for w in a], [stem(w) for w in b]
    sm = SequenceMatcher(None, ka, kb, autojunk=False)
    matched = sum(block.size for block in sm.get_matching_blocks())
    if matched < _MIN_FRAME_TOKENS or matched < _MIN_FRAME_SHARE * min(len(a), len(b)):
        return []
    out: list[tuple[str, str, bool]] = []
    ops = sm.get_opcodes()
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op in ("insert", "delete") and 0 < k < len(ops) - 1 and ops[k + 1][0] == "equal":
            added, head = (b[j1:j2], a[i2]) if op == "insert" else (a[i1:i2], b[j2])
            if len(added) == 1 and _is_evaluative_adverb(added[0]) and is_content(head):
                with_mod, without = f"{added[0]} {head}", head
                out.append(
                    (without, with_mod, True) if op == "insert" else (with_mod, without, True)
                )
            continue
        if op != "replace" or i2 - i1 > _MAX_SUB_WORDS or j2 - j1 > _MAX_SUB_WORDS:
            continue
        pa, pb = _strip_phrase(a[i1:i2]), _strip_phrase(b[j1:j2])
        if not pa or not pb or any(w.isdigit() for w in pa + pb):
            continue
        ta, tb = " ".join(pa), " ".join(pb)
        if re.sub(r"[\s-]", "", fold(ta, keep_backtick=True, blocks_only=True)) == re.sub(
            r"[\s-]", "", fold(tb, keep_backtick=True, blocks_only=True)
        ):
            continue  # "tax-filing" / "tax filing": spelling, not word choice
        cap_a, cap_b = ta[0].isupper(), tb[0].isupper()
        if cap_a or cap_b:
            # Names: only spelling variants are word choice; other name swaps are
            # contradictions (handled there) or different people.
            if not (cap_a and cap_b and spelling_variants(ta, tb)):
                continue
        elif canonical(pa[-1]) == canonical(pb[-1]) and len(pa) == len(pb) == 1:
            continue  # inflection or neutral synonym ("required"/"necessary")
        out.append((ta, tb, False))
    return out


def _added_modifiers(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, str, bool]]:
    """Stance adverbs one aligned claim puts on a word the other uses bare, whatever the rest
    of the two sentences ("... sharply criticized her sister's stance" / "... criticized her
    sister's opposition ..."): the same shape as :func:`_differences`' modifier findings."""
    out: list[tuple[str, str, bool]] = []
    for first, second, flip in ((a, b, False), (b, a, True)):
        other_stems = {stem(w) for w in second}
        other_words = {w.lower() for w in second}
        for k, adverb in enumerate(first[:-1]):
            head = first[k + 1]
            if not _is_evaluative_adverb(adverb) or adverb.lower() in other_words:
                continue
            if not is_content(head) or head[:1].isupper() or stem(head) not in other_stems:
                continue
            bare = next(w for w in second if stem(w) == stem(head)).lower()
            pair = (bare, f"{adverb} {head}") if flip else (f"{adverb} {head}", bare)
            out.append((*pair, True))
    return out


# -ly words that are not manner/stance adverbs: time, frequency, scope, or not adverbs at all.
# Listed in the commit that set the BASIL word-choice quality floors (0186ba8,
# tests/eval/test_basil.py), so those BASIL figures are not independent of this list.
_PLAIN_LY = frozenset(
    "only early family july italy daily weekly monthly yearly quarterly hourly nightly apply "
    "reply supply rally ally fly holy belly jelly lily bully assembly anomaly mostly nearly "
    "partly mainly largely fully recently currently previously formerly initially finally "
    "eventually subsequently respectively approximately roughly exactly directly publicly "
    "officially originally separately jointly briefly simply really actually".split()
)


def _is_evaluative_adverb(word: str) -> bool:
    """A lower-case -ly adverb of manner or stance ("sharply", "reportedly", "bitterly")."""
    low = word.lower()
    return word.islower() and low.endswith("ly") and len(low) >= 6 and low not in _PLAIN_LY


def _usage_map(
    terms: Sequence[str], texts: Mapping[str, str], labels: Mapping[str, str]
) -> dict[str, set[str]]:
    """Outlets using each term; a term inside a longer term of the set is not counted
    ("criticized" inside "sharply criticized")."""
    ordered = sorted(terms, key=len, reverse=True)
    alts = "|".join(f"({_term_body(t)})" for t in ordered)
    pattern = re.compile(r"(?<![\w-])(?:" + alts + r")(?![\w-])")
    usage: dict[str, set[str]] = {t: set() for t in terms}
    literals = [_literal(t) for t in ordered]
    for aid, text in texts.items():
        norm = normalize_punct(text)
        if not _Literals(norm).any_of(literals):
            continue  # no term can match here: skip the scan
        for m in pattern.finditer(norm):
            usage[ordered[(m.lastindex or 1) - 1]].add(labels[aid])
    return usage


def find_term_choices(
    articles: Sequence[Article],
    labels: Mapping[str, str],
    claims: Sequence[Claim],
    groups: Sequence[Sequence[int]],
    lexicon: Lexicon | None = None,
) -> tuple[TermChoice, ...]:
    """Word-choice differences of one event.

    Args:
        articles: the event's articles.
        labels: article id -> outlet label.
        claims: the event's claims (indices used by ``groups``).
        groups: aligned claim groups (indices into ``claims``).
        lexicon: contested-terms lexicon; ``None`` uses the shipped one.

    Returns:
        Lexicon concepts first, then discovered ones, each with ``variants`` term -> outlets.
    """
    lex = lexicon if lexicon is not None else Lexicon.default()
    texts = {a.id: a.text for a in articles}
    out: list[TermChoice] = []
    covered: set[str] = set()

    # 1. lexicon
    found: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for a in articles:
        for ci, term, _, _ in lex.find(a.text):
            found[ci][term].add(labels[a.id])
    # folded term -> index in ``out`` of the lexicon concept reporting it
    lexicon_of: dict[str, int] = {}
    for ci in sorted(found):
        usage = found[ci]
        if len(usage) >= 2 and _splits(usage):
            for t in usage:
                lexicon_of[fold(t, keep_backtick=True, blocks_only=True)] = len(out)
            out.append(_choice(lex.concepts[ci].label, usage, "lexicon"))
            covered.update(fold(t, keep_backtick=True, blocks_only=True) for t in usage)

    # 2. substitutions in aligned claims; ``evidence`` records in which groups each was seen
    pairs: list[tuple[str, str]] = []
    evidence: dict[tuple[str, str], set[int]] = defaultdict(set)
    # Name spelling variants and added stance adverbs need no repetition to count.
    marked: set[tuple[str, str]] = set()
    for gi, g in enumerate(groups):
        for x, i in enumerate(g):
            for j in g[x + 1 :]:
                if claims[i].outlet != claims[j].outlet:
                    wa, wb = words(claims[i].text), words(claims[j].text)
                    diffs = _differences(wa, wb)
                    if not any(modifier for *_, modifier in diffs):
                        diffs += _added_modifiers(wa, wb)
                    for ta, tb, modifier in diffs:
                        pairs.append((ta, tb))
                        evidence[(ta, tb)].add(gi)
                        if modifier:  # marked by itself: an added stance adverb
                            marked.add((ta, tb))
    # 3. name spelling variants
    common = frozenset(w for a in articles for w in words(a.text) if w.islower())
    names = {a.id: _names(a, common) for a in articles}
    forms: dict[str, set[str]] = defaultdict(set)  # form -> article ids
    for aid, ns in names.items():
        for form in ns:
            forms[form].add(aid)
    form_list = sorted(forms, key=len)
    spelling = {form: _Spelling.of(form) for form in form_list}
    for x, fa in enumerate(form_list):
        sa = spelling[fa]
        for fb in form_list[x + 1 :]:
            if len(fb) - len(fa) > _MAX_LENGTH_GAP:
                break  # sorted by length: every later form is longer still
            if not _spelling_match(sa, spelling[fb]):
                continue
            both = forms[fa] & forms[fb]
            # Outlets keep to one spelling; an article may mention the other once ("Harnovo,
            # as Kharnovo is now officially called"), so a little overlap is allowed.
            if len(both) > _MAX_SHARED_ARTICLES * len(forms[fa] | forms[fb]):
                continue
            ctx_a = set().union(*(_context(texts[i], names[i][fa], fa) for i in forms[fa]))
            ctx_b = set().union(*(_context(texts[i], names[i][fb], fb) for i in forms[fb]))
            if ctx_a & ctx_b:
                pairs.append((fa, fb))
                marked.add((fa, fb))

    parent: dict[str, str] = {}

    def find(t: str) -> str:
        parent.setdefault(t, t)
        while parent[t] != t:
            t = parent[t]
        return t

    for ta, tb in pairs:
        ra, rb = find(ta), find(tb)
        if ra != rb:
            parent[rb] = ra
    comps: dict[str, set[str]] = defaultdict(set)
    for t in parent:
        comps[find(t)].add(t)
    for terms in sorted(comps.values(), key=lambda c: sorted(c)):
        if not 2 <= len(terms) <= _MAX_CONCEPT_TERMS:
            continue
        overlap = sorted(covered & {fold(t, keep_backtick=True, blocks_only=True) for t in terms})
        if overlap:
            # A discovered variant of a lexicon term ("sharply criticized" beside the
            # lexicon's "criticized"/"blasted") joins that concept instead of being lost.
            if _habitual(terms, pairs, evidence, marked):
                k = lexicon_of[overlap[0]]
                merged = set(out[k].variants) | terms
                usage = _usage_map(sorted(merged), texts, labels)
                if _splits(usage):
                    out[k] = _choice(out[k].concept, usage, "lexicon")
            continue
        usage = _usage_map(sorted(terms), texts, labels)
        if sum(1 for u in usage.values() if u) < 2 or not _splits(usage):
            continue
        if not _habitual(terms, pairs, evidence, marked):
            continue
        ranked = sorted((t for t in usage if usage[t]), key=lambda t: (-len(usage[t]), t))
        out.append(_choice(" / ".join(ranked), usage, "discovered"))
    return tuple(out)


def _habitual(
    terms: set[str],
    pairs: Sequence[tuple[str, str]],
    evidence: Mapping[tuple[str, str], set[int]],
    marked: set[tuple[str, str]],
) -> bool:
    """Whether a discovered substitution is an outlet's word choice, not a one-off paraphrase.

    A single swap of "seems" for "appears" in one quoted sentence is paraphrase noise. A choice
    shows as a pattern (a swap seen in two or more aligned claims) or is marked by itself:
    names spelt differently, a stance adverb one outlet adds ("sharply criticized").
    """
    inside = [p for p in pairs if p[0] in terms and p[1] in terms]
    if any(p in marked for p in inside):
        return True
    return len(set().union(*(evidence.get(p, set()) for p in inside))) >= _MIN_SWAP_GROUPS


def _choice(label: str, usage: Mapping[str, set[str]], source: str) -> TermChoice:
    variants = {t: tuple(sorted(o)) for t, o in usage.items() if o}
    return TermChoice(concept=label, variants=variants, source=source)
