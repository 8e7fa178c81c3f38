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

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from rapidfuzz import fuzz

from newsweave.compare.normalize import HEDGES, MODALS, content_keys, negated, numbers
from newsweave.embeddings import Embedder
from newsweave.models import Quote, QuoteGroup, QuoteVariant
from newsweave.text import fold, words

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
# Containment of content keys counts only when the shorter quote has this many keys; a
# two-word quote ("very disappointed") is contained in too many others.
_MIN_CONTAINED_KEYS = 4
# Partial (sub-span) fuzzy matching counts only for quotes at least this many characters.
_MIN_PARTIAL_CHARS = 25
_PARTIAL_FLOOR = 70.0

_SEVERITY = {"verbatim": 0, "trimmed": 1, "paraphrased": 2, "altered": 3}


@dataclass(frozen=True, slots=True)
class QuoteItem:
    """A quote with the article context needed to group it."""

    quote: Quote
    article: str  # article id
    outlet: str  # outlet label
    origin: str  # id of the original article (itself unless a syndicated copy)


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


def quote_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two quote texts (1 for a sub-span or identical text)."""
    return _similarity(_features(a), _features(b))


_Features = tuple[list[str], set[str], str]


def _features(text: str) -> _Features:
    toks = _norm_tokens(text)
    return toks, set(content_keys(text)), " ".join(toks)


def _similarity(fa: _Features, fb: _Features) -> float:
    ta, ka, sa = fa
    tb, kb, sb = fb
    if not ta or not tb:
        return 0.0
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) >= 4 and _contains(long_, short):
        return 1.0
    score = 0.0
    if ka and kb:
        inter = len(ka & kb)
        score = 2 * inter / (len(ka) + len(kb))
        if min(len(ka), len(kb)) >= _MIN_CONTAINED_KEYS:
            score = max(score, 0.9 * inter / min(len(ka), len(kb)))
    if min(len(sa), len(sb)) >= _MIN_PARTIAL_CHARS:
        # partial_ratio scores the shorter text against its best window of the longer one;
        # unrelated sentences sharing a phrase reach ~65-75, a trimmed quote with small edits
        # 90+. Map [_PARTIAL_FLOOR, 100] onto [0, 1].
        partial = fuzz.partial_ratio(sa, sb)
        score = max(score, (partial - _PARTIAL_FLOOR) / (100.0 - _PARTIAL_FLOOR))
    return min(score, 1.0)


def verdict(reference: str, variant: str, *, indirect: bool = False) -> str:
    """Verdict of ``variant`` against ``reference``: verbatim/trimmed/altered/paraphrased.

    ``indirect``: the variant is reported speech, whose tense backshift ("will" -> "would")
    is grammar, not a changed commitment.
    """
    ta, tb = _norm_tokens(reference), _norm_tokens(variant)
    if indirect:
        ta, tb = _tenseless(ta), _tenseless(tb)
    if ta == tb:
        return "verbatim"
    if _contains(ta, tb) or _contains(tb, ta):
        return "trimmed"
    if meaning_changed(reference, variant, indirect=indirect):
        return "altered"
    return "paraphrased"


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
    ta, tb = _norm_tokens(a), _norm_tokens(b)
    if indirect:
        ta = [_BACKSHIFT.get(w, w) for w in ta]
        tb = [_BACKSHIFT.get(w, w) for w in tb]
    if not _differs(ta, tb):
        return False
    blocks = [
        m for m in SequenceMatcher(None, ta, tb, autojunk=False).get_matching_blocks() if m.size
    ]
    if not blocks:
        return True
    # The core drops a head or tail that only one rendering has; when both have one, both stay.
    first, last = blocks[0], blocks[-1]
    a0, b0 = (0, 0) if (first.a == 0) == (first.b == 0) else (first.a, first.b)
    a1, b1 = last.a + last.size, last.b + last.size
    if (a1 == len(ta)) == (b1 == len(tb)):
        a1, b1 = len(ta), len(tb)
    return _differs(ta[a0:a1], tb[b0:b1], strict=True)


# Longest stretch (words) that may carry a negation flip. A longer stretch one rendering
# drops or adds ("..., not one baton was drawn, ...") is a cut or an addition, not a flip.
_MAX_FLIP_WORDS = 3


def _differs(ta: list[str], tb: list[str], *, strict: bool = False) -> bool:
    """Whether negation, modals, hedges or numbers differ; ``strict`` (on the shared core)
    also requires a negation to flip inside a short differing stretch and a number to be
    replaced (each side has one the other lacks), not dropped."""
    da, db = " ".join(ta), " ".join(tb)
    wa, wb = set(ta), set(tb)
    # Modals: "will" -> "may" changes the commitment; so does adding or dropping one.
    if (wa & MODALS) != (wb & MODALS) or (wa & HEDGES) != (wb & HEDGES):
        return True
    na = {round(v, 3) for v, _, _ in numbers(da)}
    nb = {round(v, 3) for v, _, _ in numbers(db)}
    if strict:
        if (na - nb) and (nb - na):
            return True
    elif (na or nb) and na != nb:
        return True
    if negated(da) == negated(db):
        return False
    if not strict:
        return True
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        sa, sb = ta[i1:i2], tb[j1:j2]
        if negated(" ".join(sa)) != negated(" ".join(sb)):
            flipped = sa if negated(" ".join(sa)) else sb
            if len(flipped) <= _MAX_FLIP_WORDS:
                return True
    return False


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def group_quotes(
    items: Sequence[QuoteItem], embedder: Embedder | None = None
) -> tuple[QuoteGroup, ...]:
    """Group ``items`` into statements and give each group a verdict.

    Args:
        items: every quote of the event with its article, outlet label and origin.
        embedder: optional dense sentence embedder. Reworded renderings ("his officers had
            acted with restraint" / "My officers showed restraint") share few words; their
            embedding cosine, less :data:`DENSE_OFFSET`, then competes with the lexical score.

    Returns:
        Multi-source groups first (most outlets first), then singles, each in text order.
    """
    n = len(items)
    keys = [speaker_key(it.quote.speaker) for it in items]
    feats = [_features(it.quote.text) for it in items]
    dense = None
    if embedder is not None and n > 1:
        vecs = np.asarray(embedder([it.quote.text for it in items]), dtype=np.float32)
        dense = vecs @ vecs.T - DENSE_OFFSET
    pairs: list[tuple[float, int, int]] = []
    for i in range(n):
        for j in range(i + 1, n):
            if items[i].article == items[j].article or not _compatible(keys[i], keys[j]):
                continue
            s = _similarity(feats[i], feats[j])
            if dense is not None:
                s = max(s, float(dense[i, j]))
            need = (
                SAME_SPEAKER_THRESHOLD
                if keys[i] is not None and keys[j] is not None
                else UNKNOWN_SPEAKER_THRESHOLD
            )
            if s >= need:
                pairs.append((s, i, j))
    pairs.sort(key=lambda p: -p[0])
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _, i, j in pairs:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = members[gi], members[gj]
        if {items[x].article for x in a} & {items[x].article for x in b}:
            continue  # one rendering per article per statement
        # Speakers must stay compatible across the merged group (no "Smith" with "Jones").
        known = {keys[x] for x in a + b if keys[x] is not None}
        if len(known) > 1:
            continue
        members[gi] = a + b
        for x in b:
            group_of[x] = gi
        del members[gj]
    groups = [_make_group([items[x] for x in sorted(m)]) for m in members.values()]
    order = sorted(
        range(len(groups)),
        key=lambda g: (
            groups[g][1] == "single",
            -len({v.outlet for v in groups[g][0].variants}),
            groups[g][2],
        ),
    )
    return tuple(groups[g][0] for g in order)


def _make_group(members: list[QuoteItem]) -> tuple[QuoteGroup, str, tuple[int, str]]:
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
    judged = {
        id(m): "single"
        if len(members) == 1
        else verdict(ref.quote.text, m.quote.text, indirect=m.quote.kind != "direct")
        for m in members
    }
    variants = tuple(
        QuoteVariant(
            outlet=m.outlet,
            article=m.article,
            text=m.quote.text,
            kind=m.quote.kind,
            verdict=judged[id(m)],
        )
        for m in sorted(members, key=lambda m: (m.outlet, m.article))
    )
    if len({m.origin for m in members}) < 2:
        kind = "single"
    else:
        kind = max((judged[id(m)] for m in members), key=lambda v: _SEVERITY[v])
    first = min(members, key=lambda m: (m.quote.start, m.article))
    return (
        QuoteGroup(speaker=speaker, variants=variants, verdict=kind),
        kind,
        (
            first.quote.start,
            first.article,
        ),
    )
