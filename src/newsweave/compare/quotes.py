"""Group quotes across outlets: the same speaker's same statement, each rendering side by side.

Two quotes are the same statement when their speakers are compatible (same surname key, or one
unknown) and their texts are close: containment or overlap of canonical content keys, or a
fuzzy partial match of the folded text (a trimmed quote is a sub-span of the full one).

Verdicts compare every variant with the group's reference (its longest direct rendering):

- ``verbatim``: identical up to case, accents, punctuation and spacing;
- ``trimmed``: one rendering is a contiguous sub-span of the other;
- ``altered``: the meaning moved: negation, a number, a modal verb or a hedge differs;
- ``paraphrased``: same statement, other words;
- ``single``: only one independent source carries it.

A group's verdict is the most severe over its variants (altered > paraphrased > trimmed >
verbatim). Syndicated copies (``Article.duplicate_of``) are listed as variants, since their
outlet did carry the quote, but a group whose variants all come from one original is
``single``: a copy is not an independent rendering.

Singles are kept (after the multi-outlet groups) because the speaker view needs every
statement a person made; renderers may hide them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

import numpy as np
from rapidfuzz import fuzz

from newsweave.compare.normalize import HEDGES, MODALS, content_keys, negated, numbers
from newsweave.embeddings import Embedder
from newsweave.models import Quote, QuoteGroup, QuoteVariant
from newsweave.text import fold, sentence_spans, words

#: Quote similarity at which two renderings by the same (or a compatible) speaker are the same
#: statement. Tuned on hand-made renderings (tests/test_compare_quotes.py) and checked by the
#: BASIL same-speaker precision in benchmarks/compare.py.
SAME_SPEAKER_THRESHOLD = 0.5
#: Stricter bar when one speaker is unknown: text alone must carry the match.
UNKNOWN_SPEAKER_THRESHOLD = 0.7
#: With an embedder, a pair's score is at least its embedding cosine minus this: a cosine of
#: 0.6 then reaches SAME_SPEAKER_THRESHOLD and 0.8 UNKNOWN_SPEAKER_THRESHOLD. Read off the
#: labelled BASIL quote pairs (benchmarks/data/basil_quote_pairs.json: reworded same-statement
#: pairs sit at 0.7-0.85, different statements of one speaker up to ~0.66) and the example
#: corpus's quote variants (indirect paraphrases at 0.5-0.75, other statements of the same
#: speaker at most ~0.45). Rerun ``python -m benchmarks.compare --embeddings on``.
DENSE_OFFSET = 0.1
#: Lexical similarity a pair needs before an embedding may lift it: embeddings propose,
#: words decide (two statements on one topic by one speaker sit close in embedding space).
LEXICAL_FLOOR = 0.2
#: ... and between two direct quotes, which quote words: two quotations of one statement share
#: them, so a pair of quotes with fewer shared words is two statements, however close in
#: meaning (one speaker on one topic). Chosen on the tune part of the real-news gold.
QUOTED_LEXICAL_FLOOR = 0.35
#: Renderings in articles published more than this many days apart are one statement only
#: when one repeats the other (lexical similarity >= REPEAT_SIMILARITY).
OCCASION_DAYS = 2
REPEAT_SIMILARITY = 0.9
_MIN_REPEAT_WORDS = 6
_MIN_SHARED_KEYS = 3
# Containment of content keys counts only when the shorter quote has this many keys; a
# two-word quote ("very disappointed") is contained in too many others.
_MIN_CONTAINED_KEYS = 4
# Partial (sub-span) fuzzy matching counts only for quotes at least this many characters.
_MIN_PARTIAL_CHARS = 25
_PARTIAL_FLOOR = 70.0

_SEVERITY = {"verbatim": 0, "trimmed": 1, "paraphrased": 2, "uncertain": 3, "altered": 4}


@dataclass(frozen=True, slots=True)
class QuoteItem:
    """A quote with the article context needed to group it."""

    quote: Quote
    article: str  # article id
    outlet: str  # outlet label
    origin: str  # id of the original article (itself unless a syndicated copy)
    day: int | None = None  # the article's publication day number, if known
    whole: str = ""  # the whole quotation when ``quote`` is one sentence of it


def speaker_key(speaker: str | None) -> str | None:
    """Comparable key of a speaker name: its folded last word ("Dmitry Peskov" -> "peskov")."""
    if not speaker:
        return None
    toks = [
        w
        for w in words(fold(speaker, keep_backtick=True, blocks_only=True))
        if w not in ("jr", "sr", "ii", "iii")
    ]
    return toks[-1] if toks else None


def _norm_tokens(text: str) -> list[str]:
    return words(fold(text, keep_backtick=True, blocks_only=True))


def _contains(longer: list[str], shorter: list[str]) -> bool:
    """True if ``shorter`` occurs as a contiguous run in ``longer``."""
    n = len(shorter)
    if n == 0 or n > len(longer):
        return False
    first = shorter[0]
    return any(
        longer[i] == first and longer[i : i + n] == shorter for i in range(len(longer) - n + 1)
    )


#: A sentence of a quotation with fewer words stays with the sentence before it ("Nothing.").
_MIN_PIECE_WORDS = 7


def statement_pieces(quote: Quote) -> list[Quote]:
    """A direct quotation of several sentences as one quote per sentence.

    Outlets quote a long statement in different cuts -- one gives its first two sentences,
    another the third -- so sentences, not whole quotations, are what renderings share: a
    quotation is compared sentence by sentence (and clause by clause across a semicolon).
    Pieces shorter than ``_MIN_PIECE_WORDS``
    words join the sentence before them. Indirect quotes stay whole.
    """
    if quote.kind != "direct":
        return [quote]
    spans: list[tuple[int, int]] = []
    for s, e in _clauses(quote.text):
        short = len(words(quote.text[s:e])) < _MIN_PIECE_WORDS
        if spans and (
            short or len(words(quote.text[spans[-1][0] : spans[-1][1]])) < _MIN_PIECE_WORDS
        ):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    if len(spans) <= 1:
        return [quote]
    return [
        replace(quote, text=quote.text[s:e], start=quote.start + s, end=quote.start + e)
        for s, e in spans
    ]


def _clauses(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``, split again after each semicolon (a semicolon joins two
    statements an outlet may render as two sentences)."""
    out = []
    for s, e in sentence_spans(text):
        begin = s
        for m in re.finditer(r";\s+", text[s:e]):
            out.append((begin, s + m.start() + 1))
            begin = s + m.end()
        out.append((begin, e))
    return out


def quote_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two quote texts (1 for a sub-span or identical text)."""
    return _similarity(_features(a), _features(b))


_Features = tuple[list[str], set[str], str]


def _features(text: str) -> _Features:
    toks = _norm_tokens(text)
    return toks, set(content_keys(text)), " ".join(toks)


def _similarity(fa: _Features, fb: _Features, *, quoted: bool = False) -> float:
    """Lexical similarity of two renderings; ``quoted``: both are quotations, whose shared
    words must be at least three (or all there is) to count -- a rendering in reported
    speech shares fewer of the speaker's words and is judged more loosely."""
    ta, ka, sa = fa
    tb, kb, sb = fb
    if not ta or not tb:
        return 0.0
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) >= 4 and _contains(long_, short):
        return 1.0
    score = 0.0
    inter = len(ka & kb)
    # Fewer than three shared content words make a statement only when they are all there is
    # ("No conditions are required" / "No preconditions are necessary"); "man" and "ever"
    # shared by two otherwise different quotations do not.
    if ka and kb and (not quoted or inter >= _MIN_SHARED_KEYS or ka == kb):
        score = 2 * inter / (len(ka) + len(kb))
        if min(len(ka), len(kb)) >= _MIN_CONTAINED_KEYS:
            score = max(score, 0.9 * inter / min(len(ka), len(kb)))
    # A fuzzy window counts only with shared content words behind it: "has it ever been done
    # to a man" and "who has ever called a man" share a window, not a statement.
    if min(len(sa), len(sb)) >= _MIN_PARTIAL_CHARS and (
        not quoted or inter >= min(_MIN_SHARED_KEYS, len(ka), len(kb))
    ):
        # partial_ratio scores the shorter text against its best window of the longer one;
        # unrelated sentences sharing a phrase reach ~65-75, a trimmed quote with small edits
        # 90+. Map [_PARTIAL_FLOOR, 100] onto [0, 1].
        partial = fuzz.partial_ratio(sa, sb)
        score = max(score, (partial - _PARTIAL_FLOOR) / (100.0 - _PARTIAL_FLOOR))
    if quoted and score > 0 and _diverge(ta, tb):
        return 0.0
    return min(score, 1.0)


#: Words looked at on each side of the longest stretch two quotations share.
_DIVERGE_WINDOW = 4


def _diverge(ta: list[str], tb: list[str]) -> bool:
    """True when two quotations share a stretch of words but go on (or lead in) with words
    of their own on the same side: two remarks by one speaker on one topic ("he is determined
    to stop X, and I respect that" / "if you are determined to stop X, you act first"), not
    one remark rendered twice. An elision ("my record ... on the committee") is not a
    divergence: the shorter side's words come back later in the fuller rendering."""
    m = SequenceMatcher(None, ta, tb, autojunk=False).find_longest_match(0, len(ta), 0, len(tb))
    if m.size < 3:
        return False
    w = _DIVERGE_WINDOW

    def keys(tokens: list[str]) -> set[str]:
        return set(content_keys(" ".join(tokens)))

    def side(wa: list[str], wb: list[str], ra: list[str], rb: list[str]) -> bool:
        if len(wa) < w or len(wb) < w:
            return False
        ka, kb = keys(wa), keys(wb)
        return bool(ka) and bool(kb) and not (ka & keys(rb)) and not (kb & keys(ra))

    ea, eb = m.a + m.size, m.b + m.size
    after = side(ta[ea : ea + 2 * w], tb[eb : eb + 2 * w], ta[ea:], tb[eb:])
    sa, sb = max(0, m.a - 2 * w), max(0, m.b - 2 * w)
    before = side(ta[sa : m.a], tb[sb : m.b], ta[: m.a], tb[: m.b])
    return after or before


def verdict(reference: str, variant: str, *, indirect: bool = False) -> str:
    """Verdict of ``variant`` against ``reference``: verbatim/trimmed/altered/paraphrased.

    ``indirect``: the variant is reported speech, whose tense backshift ("will" -> "would")
    is grammar, not a changed commitment.
    """
    return judge(reference, variant, indirect=indirect)[0]


def judge(reference: str, variant: str, *, indirect: bool = False) -> tuple[str, str]:
    """``(verdict, evidence)`` of ``variant`` against ``reference``; the evidence of "altered"
    shows the differing words side by side ("400 -> 4,000", "'will' -> 'may'")."""
    ta, tb = _norm_tokens(reference), _norm_tokens(variant)
    if indirect:
        ta, tb = _tenseless(ta), _tenseless(tb)
    if ta == tb:
        return "verbatim", ""
    if _contains(ta, tb) or _contains(tb, ta):
        return "trimmed", ""
    evidence = change_evidence(reference, variant, indirect=indirect)
    if evidence:
        return "altered", evidence
    return "paraphrased", ""


# Reported speech shifts modals back one tense ("we will" -> "they would"); the pairs are read
# as one modal when a rendering is indirect.
_BACKSHIFT = {"would": "will", "could": "can", "might": "may", "should": "shall"}
# ... and auxiliaries ("the court has no doubt" -> "the court had no doubt").
_AUX_BACKSHIFT = {
    **_BACKSHIFT,
    **dict.fromkeys(("is", "are", "was", "were", "am"), "be"),
    **dict.fromkeys(("has", "have", "had"), "have"),
}


def _tenseless(tokens: list[str]) -> list[str]:
    return [_AUX_BACKSHIFT.get(w, w) for w in tokens]


def meaning_changed(a: str, b: str, *, indirect: bool = False) -> bool:
    """True if ``a`` and ``b`` differ in negation, numbers, modal verbs or hedges.

    A difference counts only when it shows both in the full texts and in their shared core:
    words one rendering adds before or after the common part (a longer quote, an extra
    clause) are more text, not changed meaning, and reordered wording ("there will be
    progress" / "progress will be made") is no change either. With ``indirect``, backshifted
    modals ("would" for "will") count as the same modal.
    """
    return bool(change_evidence(a, b, indirect=indirect))


def change_evidence(a: str, b: str, *, indirect: bool = False) -> str:
    """What differs in meaning between ``a`` and ``b`` (see :func:`meaning_changed`), as the
    differing words side by side; "" when nothing does."""
    ta, tb = _norm_tokens(a), _norm_tokens(b)
    if indirect:
        ta = [_BACKSHIFT.get(w, w) for w in ta]
        tb = [_BACKSHIFT.get(w, w) for w in tb]
    if not _difference(ta, tb):
        return ""
    blocks = [
        m for m in SequenceMatcher(None, ta, tb, autojunk=False).get_matching_blocks() if m.size
    ]
    if not blocks:
        return _difference(ta, tb)
    # The core drops a head or tail that only one rendering has; when both have one, both stay.
    first, last = blocks[0], blocks[-1]
    a0, b0 = (0, 0) if (first.a == 0) == (first.b == 0) else (first.a, first.b)
    a1, b1 = last.a + last.size, last.b + last.size
    if (a1 == len(ta)) == (b1 == len(tb)):
        a1, b1 = len(ta), len(tb)
    return _difference(ta[a0:a1], tb[b0:b1], strict=True)


# Longest stretch (words) that may carry a negation flip. A longer stretch one rendering
# drops or adds ("..., not one baton was drawn, ...") is a cut or an addition, not a flip.
_MAX_FLIP_WORDS = 3


def _side_by_side(a_only: Sequence[str], b_only: Sequence[str]) -> str:
    left = ", ".join(f"'{w}'" for w in a_only)
    right = ", ".join(f"'{w}'" for w in b_only)
    if left and right:
        return f"{left} -> {right}"
    return f"drops {left}" if left else f"adds {right}"


def _number(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) else f"{v:,g}"


def _difference(ta: list[str], tb: list[str], *, strict: bool = False) -> str:
    """Evidence that negation, modals, hedges or numbers differ ("" when none); ``strict`` (on
    the shared core) also requires a negation to flip inside a short differing stretch and a
    number to be replaced (each side has one the other lacks), not dropped."""
    da, db = " ".join(ta), " ".join(tb)
    wa, wb = set(ta), set(tb)
    # Modals: "will" -> "may" changes the commitment; so does adding or dropping one.
    for lexicon in (MODALS, HEDGES):
        if (wa & lexicon) != (wb & lexicon):
            return _side_by_side(sorted(wa & lexicon - wb), sorted(wb & lexicon - wa))
    na = {round(v, 3) for v, _, _ in numbers(da)}
    nb = {round(v, 3) for v, _, _ in numbers(db)}
    if (strict and (na - nb) and (nb - na)) or (not strict and (na or nb) and na != nb):
        return _side_by_side(
            [_number(v) for v in sorted(na - nb)], [_number(v) for v in sorted(nb - na)]
        )
    if negated(da) == negated(db):
        return ""
    if not strict:
        return "negation: " + ("only the first says no" if negated(da) else "only the second")
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        sa, sb = ta[i1:i2], tb[j1:j2]
        if negated(" ".join(sa)) != negated(" ".join(sb)):
            flipped = sa if negated(" ".join(sa)) else sb
            if len(flipped) <= _MAX_FLIP_WORDS:
                return f"'{' '.join(sa)}' -> '{' '.join(sb)}'"
    return ""


def _same_speaker(a: str | None, b: str | None) -> bool:
    """One statement needs one speaker: both known and the same ("unattributed" is no
    wildcard; an unattributed rendering joins only by repeating the words, see _repeats)."""
    return a is not None and a == b


def _group_key(speaker: str | None) -> str | None:
    """The speaker key grouping compares (:func:`speaker_key`), or None for no known speaker.

    An unnamed source known only by a role ("senior official", "witness") counts as unknown:
    two outlets' "senior official" may be two people, so such renderings join only by
    repeating the words, as unattributed ones do. A role tied to a name ("spokesman for Acme
    Corp") is known.
    """
    if not speaker or not any(word[:1].isupper() for word in speaker.split()):
        return None
    return speaker_key(speaker)


@dataclass(frozen=True, slots=True)
class _Pair:
    score: float  # the pair's similarity (lexical, or lifted by the embedding)
    lexical: float  # the words' own similarity


def group_quotes(
    items: Sequence[QuoteItem], embedder: Embedder | None = None
) -> tuple[QuoteGroup, ...]:
    """Group ``items`` into statements and give each group a verdict.

    One group is one statement by one speaker on one occasion, as several outlets rendered it:

    - the speakers must be known and the same;
    - the words must carry the match: an embedding can lift a reworded pair whose words
      already share :data:`LEXICAL_FLOOR` (:data:`QUOTED_LEXICAL_FLOOR` for two quotations),
      never join unrelated words alone;
    - renderings from articles published more than :data:`OCCASION_DAYS` apart are one
      statement only when one repeats the other (near-verbatim); otherwise they are what the
      speaker said on two occasions.

    Direct renderings (quotation marks) are the group's ``variants``; reported speech joins as
    ``reported``. A statement no one quotes directly stays one group per reported rendering.

    Args:
        items: every quote of the event with its article, outlet label and origin.
        embedder: optional dense sentence embedder. Reworded renderings ("his officers had
            acted with restraint" / "My officers showed restraint") share few words; their
            embedding cosine, less :data:`DENSE_OFFSET`, then competes with the lexical score.

    Returns:
        Multi-source groups first (most outlets first), then singles, each in text order.
    """
    n = len(items)
    keys = [_group_key(it.quote.speaker) for it in items]
    feats = [_features(it.quote.text) for it in items]
    dense = None
    if embedder is not None and n > 1:
        vecs = np.asarray(embedder([it.quote.text for it in items]), dtype=np.float32)
        dense = vecs @ vecs.T - DENSE_OFFSET
    pairs: dict[tuple[int, int], _Pair] = {}
    for i in range(n):
        for j in range(i + 1, n):
            if items[i].article == items[j].article:
                continue
            if keys[i] != keys[j] and (keys[i] is not None and keys[j] is not None):
                continue
            both_quoted = items[i].quote.kind == items[j].quote.kind == "direct"
            lexical = _similarity(feats[i], feats[j], quoted=both_quoted)
            if not _same_speaker(keys[i], keys[j]) and not _repeats(feats[i], feats[j], lexical):
                continue
            s = lexical
            floor = QUOTED_LEXICAL_FLOOR if both_quoted else LEXICAL_FLOOR
            if dense is not None and lexical >= floor:
                s = max(s, float(dense[i, j]))
            if s < SAME_SPEAKER_THRESHOLD:
                continue
            if not _same_occasion(items[i], items[j], lexical):
                continue
            pairs[(i, j)] = _Pair(s, lexical)
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for (i, j), _ in sorted(pairs.items(), key=lambda kv: -kv[1].score):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = members[gi], members[gj]
        if {items[x].article for x in a} & {items[x].article for x in b}:
            continue  # one rendering per article per statement
        # Speakers must stay one across the merged group (no "Smith" with "Jones").
        if len({keys[x] for x in a + b if keys[x] is not None}) > 1:
            continue
        if not all(
            _same_occasion(items[x], items[y], _lexical(pairs, feats, x, y)) for x in a for y in b
        ):
            continue
        members[gi] = a + b
        for x in b:
            group_of[x] = gi
        del members[gj]
    built: list[tuple[QuoteGroup, str, tuple[int, str]]] = []
    for m in members.values():
        group = [items[x] for x in sorted(m)]
        if any(it.quote.kind == "direct" for it in group):
            built.append(_make_group(group, pairs, {id(items[x]): x for x in m}))
        else:  # a statement nobody quotes: each reported rendering stands alone
            built.extend(_make_group([it], {}, {id(it): 0}) for it in group)
    order = sorted(
        range(len(built)),
        key=lambda g: (
            built[g][1] == "single",
            -len({v.outlet for v in built[g][0].variants}),
            built[g][2],
        ),
    )
    return tuple(built[g][0] for g in order)


def _repeats(fa: _Features, fb: _Features, lexical: float) -> bool:
    """An unattributed rendering joins a speaker's statement only when it repeats it word for
    word (near-verbatim, at least :data:`_MIN_REPEAT_WORDS` words): then the words, not a
    guess, say whose statement it is."""
    return lexical >= REPEAT_SIMILARITY and min(len(fa[0]), len(fb[0])) >= _MIN_REPEAT_WORDS


def _lexical(pairs: dict[tuple[int, int], _Pair], feats: list[_Features], x: int, y: int) -> float:
    pair = pairs.get((min(x, y), max(x, y)))
    return pair.lexical if pair is not None else _similarity(feats[x], feats[y])


def _cut_shorter(m: QuoteItem, ref: QuoteItem) -> bool:
    """Whether ``m``'s whole quotation is a strict sub-span of ``ref``'s."""
    tm, tr = _norm_tokens(m.whole or m.quote.text), _norm_tokens(ref.whole or ref.quote.text)
    return len(tm) < len(tr) and _contains(tr, tm)


def _same_occasion(a: QuoteItem, b: QuoteItem, lexical: float) -> bool:
    """Whether two renderings can be one statement by their articles' days: always when one
    repeats the other, else only when published within :data:`OCCASION_DAYS`."""
    if a.day is None or b.day is None or lexical >= REPEAT_SIMILARITY:
        return True
    return abs(a.day - b.day) <= OCCASION_DAYS


def _make_group(
    members: list[QuoteItem], pairs: dict[tuple[int, int], _Pair], index: dict[int, int]
) -> tuple[QuoteGroup, str, tuple[int, str]]:
    speakers = [m.quote.speaker for m in members if m.quote.speaker]
    # The fullest name wins ("Dmitry Peskov" over "Peskov").
    speaker = max(speakers, key=len) if speakers else None
    # The reference is the fullest rendering: the longest direct quote (an indirect rendering
    # is the reporter's words, never the benchmark of what was said).
    # Among direct renderings, the one that covers (repeats verbatim or contains) the most
    # other renderings wins -- independent origins first, then copies -- so that a misquote as
    # long as the original never becomes the benchmark; then the longest.
    direct = [m for m in members if m.quote.kind == "direct"] or members
    tokens = {id(m): _norm_tokens(m.quote.text) for m in members}

    def support(c: QuoteItem) -> tuple[int, int, int]:
        tc = tokens[id(c)]
        covered = [m for m in members if tokens[id(m)] == tc or _contains(tc, tokens[id(m)])]
        return len({m.origin for m in covered}), len(covered), len(c.quote.text)

    ref = max(direct, key=lambda m: (support(m), m.article))
    judged: dict[int, tuple[str, str]] = {}
    for m in members:
        if len(members) == 1:
            judged[id(m)] = ("single", "")
            continue
        v, evidence = judge(ref.quote.text, m.quote.text, indirect=m.quote.kind != "direct")
        if v == "verbatim" and _cut_shorter(m, ref):
            v = "trimmed"  # this sentence verbatim, but fewer of the statement's sentences
        if v == "paraphrased" and m is not ref:
            i, j = sorted((index[id(m)], index[id(ref)]))
            pair = pairs.get((i, j))
            lexical = (
                pair.lexical if pair is not None else quote_similarity(m.quote.text, ref.quote.text)
            )
            if lexical < SAME_SPEAKER_THRESHOLD:
                v = "uncertain"
                evidence = f"few shared words with the fullest rendering ({lexical:.2f})"
        judged[id(m)] = (v, evidence)

    def variant(m: QuoteItem) -> QuoteVariant:
        v, evidence = judged[id(m)]
        return QuoteVariant(
            outlet=m.outlet,
            article=m.article,
            text=m.quote.text,
            kind=m.quote.kind,
            verdict=v,
            evidence=evidence,
            start=m.quote.start,
            end=m.quote.end,
        )

    ordered = sorted(members, key=lambda m: (m.outlet, m.article))
    quoted = [m for m in ordered if m.quote.kind == "direct"] or ordered
    reported = [m for m in ordered if m not in quoted]
    if len({m.origin for m in quoted}) < 2:
        kind = "single"
    else:
        # The group's verdict comes from the quoted renderings: reported speech is the
        # reporter's words and never makes a quote "altered".
        kind = max((judged[id(m)][0] for m in quoted), key=lambda v: _SEVERITY[v])
    first = min(members, key=lambda m: (m.quote.start, m.article))
    group = QuoteGroup(
        speaker=speaker,
        variants=tuple(variant(m) for m in quoted),
        verdict=kind,
        reported=tuple(variant(m) for m in reported),
    )
    return group, kind, (first.quote.start, first.article)
