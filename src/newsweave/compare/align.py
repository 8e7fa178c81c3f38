"""Align claims across articles by meaning: similarity matrix and constrained grouping.

Similarity of two claims is a blend of
- a word TF-IDF cosine over *canonical* content keys (lemma-ish stems mapped through a small
  synonym table, see :mod:`newsweave.compare.normalize`, then spelling variants of the event's
  own vocabulary merged with rapidfuzz), uni- and bigrams, so "No conditions are required" and
  "No preconditions are necessary" share every key;
- a character n-gram TF-IDF cosine over the folded content words, which catches compounds,
  prefixes and transliterations ("preconditions"/"conditions", "Kyiv"/"Kiev");
- optionally a dense sentence-embedding cosine, when an embedder is passed.

Grouping is greedy average-link clustering over cross-article pairs in decreasing similarity,
with two constraints: a group never holds two claims of the same article (an article repeating
itself is not corroboration), and a merge must keep the average cross-similarity of the two
groups above :data:`LINK_THRESHOLD` (stops chaining A~B~C when A and C differ).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz
from scipy.sparse import csr_matrix

from newsweave.compare.normalize import content_keys, is_content, word_key
from newsweave.embeddings import Embedder
from newsweave.text import fold, words

#: A function that maps texts to L2-normalised dense vectors (rows).

# Blend weights of the lexical similarity. Words carry meaning; character n-grams rescue
# spelling and morphology the stemmer misses. Chosen on hand-written paraphrase pairs and a
# look at BASIL alignments (benchmarks/compare.py); rerun it after changing them.
WORD_WEIGHT = 0.6
CHAR_WEIGHT = 0.4
#: With an embedder, the lexical score gets this share and the embedding cosine the rest.
LEXICAL_SHARE_WITH_EMBEDDINGS = 0.5
#: Embedding cosine that counts as no similarity at all (see similarity_matrix). With 0 the
#: blend aligned "the lawsuit argues Colorado created a dangerous gap" with "we support this
#: action because Colorado's decisions are not without consequences" (cosine 0.72, lexical
#: 0.12) on BASIL; 0.2 keeps reworded same statements (cosine 0.7+, some shared words) and
#: drops those. Rerun ``python -m benchmarks.compare --embeddings on``.
DENSE_FLOOR = 0.2
#: A claim wholly contained (by IDF mass of its keys) in another scores this much; 70%
#: containment then reaches ALIGN_THRESHOLD. Read off BASIL pairs in the 0.3-0.45 band.
CONTAIN_WEIGHT = 0.5
# Containment needs this many content keys in the shorter claim: "It is wrong." is contained
# in too many sentences.
_MIN_CONTAINED_KEYS = 4
#: Pair similarity at or above which two claims from different articles may be grouped.
#: Tuned so that paraphrases of one statement group while two sentences that merely share the
#: event's names do not (tests/test_compare_align.py; BASIL quote-pair precision in
#: benchmarks/compare.py).
ALIGN_THRESHOLD = 0.42
#: Average cross-similarity two groups must keep to merge (anti-chaining), see module doc.
LINK_THRESHOLD = 0.34
# Spelling variants: two vocabulary keys of at least this length that share their first two
# letters merge above this rapidfuzz ratio ("organis"/"organiz", "theatre"/"theater").
_FUZZY_MIN_LEN = 5
_FUZZY_RATIO = 85.0


def _vocabulary_map(keys: set[str]) -> dict[str, str]:
    """Merge spelling variants of the event's own vocabulary onto one representative key."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        if len(key) >= _FUZZY_MIN_LEN and key.isalpha():
            buckets[key[:2]].append(key)
    mapping: dict[str, str] = {}
    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        bucket.sort()
        for i, a in enumerate(bucket):
            if a in mapping:
                continue
            for b in bucket[i + 1 :]:
                if b not in mapping and fuzz.ratio(a, b) >= _FUZZY_RATIO:
                    mapping[b] = a
    return mapping


_word_key = word_key  # the canonical key of a content word (compounds.py reads it here)


@lru_cache(maxsize=65536)
def _char_word(word: str) -> str | None:
    """The folded form of a content word whose n-grams :func:`_char_matrix` counts, or None."""
    return fold(word, keep_backtick=True, blocks_only=True) if is_content(word) else None


def claim_keys(texts: Sequence[str]) -> list[list[str]]:
    """Canonical content keys of each text, with the event's spelling variants merged."""
    raw = [content_keys(t) for t in texts]  # cached per text (other steps need them too)
    mapping = _vocabulary_map({k for ks in raw for k in ks})
    return [[mapping.get(k, k) for k in ks] for ks in raw]


@dataclass(frozen=True, slots=True)
class Tfidf:
    """A fitted TF-IDF: L2-normalised rows, vocabulary and idf (sklearn's smooth idf)."""

    matrix: csr_matrix
    vocabulary: dict[str, int]
    idf: NDArray[np.float64]


def tfidf(docs: Sequence[Sequence[str]]) -> Tfidf:
    """Sublinear-tf, smooth-idf, L2-normalised TF-IDF of token lists.

    Hand-rolled instead of sklearn's TfidfVectorizer. Measured against
    ``TfidfVectorizer(analyzer=<identity>, sublinear_tf=True, smooth_idf=True, norm="l2",
    lowercase=False)`` (scikit-learn 1.9.1) on the canonical-key uni+bigram documents of
    claim-length sentences from examples/corpus and the seed articles (723 distinct
    sentences, repeated for the larger sizes), best of 7-20 runs on a shared 2-core machine:

    =========  ========  =======
    sentences  own       sklearn
    =========  ========  =======
    200        2.2 ms    3.8 ms
    500        5.4 ms    7.8 ms
    1,000      8.9 ms    11.9 ms
    2,000      18.9 ms   21.2 ms
    =========  ========  =======

    Same idf; the matrices (columns permuted: sklearn sorts its vocabulary) differ in the last
    bit (up to 1.4e-16), and the float32 cosine matrices were equal. The character n-gram
    matrix of :func:`_char_matrix` against a vectorizer fed the same n-grams: 32/49/71/93 ms
    (own) vs 85/75/224/330 ms for 200/500/1,000/2,000 sentences, equal float32 cosines. Not
    identical and slower, so both stay hand-rolled.
    """
    tallies = [Counter(doc) for doc in docs]  # counted in C
    tokens = [tok for tally in tallies for tok in tally]
    # Columns numbered in order of first occurrence, as a running setdefault would.
    vocab = {tok: k for k, tok in enumerate(dict.fromkeys(tokens))}
    cols = np.fromiter(map(vocab.__getitem__, tokens), dtype=np.int64, count=len(tokens))
    counts = np.fromiter(
        (c for tally in tallies for c in tally.values()), dtype=np.float64, count=len(tokens)
    )
    lengths = np.fromiter(map(len, tallies), dtype=np.int64, count=len(tallies))
    return _weighted(len(docs), max(1, len(vocab)), lengths, cols, counts, vocab)


def _index_arrays(
    cols: NDArray[np.int64], indptr: NDArray[np.int64]
) -> tuple[NDArray[np.signedinteger[Any]], NDArray[np.signedinteger[Any]]]:
    """CSR index arrays in 32 bits when they fit (what scipy would convert them to; handing
    them over so spares it a scan and a copy per matrix)."""
    if len(cols) < 2**31 - 1 and (not len(cols) or int(cols.max()) < 2**31 - 1):
        return cols.astype(np.int32), indptr.astype(np.int32)
    return cols, indptr


def _weighted(
    n: int,
    width: int,
    lengths: NDArray[np.int64],
    cols: NDArray[np.int64],
    counts: NDArray[np.float64],
    vocab: dict[str, int],
) -> Tfidf:
    """Sublinear-tf, smooth-idf, L2-normalised rows from each row's distinct columns and counts
    (rows in order, ``lengths`` entries each).

    The arithmetic is scipy's, step for step, on the CSR arrays directly (one matrix built
    instead of seven: building them cost most of the time on events of a few dozen claims):
    entries sorted by column within a row (the canonical order a COO-to-CSR conversion
    gives), tf ``1 + log(count)`` times idf, each row's squared norm summed with
    ``np.add.reduceat`` in that order (as ``csr.sum(axis=1)`` does) and the row multiplied by
    the reciprocal of its norm. The products of the matrix are therefore the same to the bit.
    """
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    order = np.lexsort((cols, rows))
    cols = cols[order]
    data = 1.0 + np.log(counts[order])
    df = np.bincount(cols, minlength=width)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    data = data * idf[cols]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    squares = np.zeros(n, dtype=np.float64)
    filled = np.flatnonzero(lengths)
    if filled.size:
        squares[filled] = np.add.reduceat(data * data, indptr[filled])
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    data = data * (1.0 / norms)[rows]
    matrix = csr_matrix((data, *_index_arrays(cols, indptr)), shape=(n, width))
    return Tfidf(matrix, vocab, idf)


@lru_cache(maxsize=65536)
def _char_ngrams(word: str) -> tuple[str, ...]:
    """Character 3-5-grams of `` word `` with boundary spaces (as sklearn's ``char_wb``)."""
    padded = f" {word} "
    return tuple(padded[i : i + n] for n in (3, 4, 5) for i in range(max(0, len(padded) - n + 1)))


class _GramIds:
    """Run-wide ids of character n-grams, and each content word's n-gram ids as an array.

    Ids only need to be consistent within one call of :func:`_char_matrix` (which renumbers
    them in order of first occurrence), so the tables are simply dropped when they grow past
    ``limit`` n-grams (or a tenth as many words), between calls: some 100 MB at most.
    """

    def __init__(self, limit: int = 500_000) -> None:
        self.limit = limit
        self.ids: dict[str, int] = {}
        self.of_word: dict[str, NDArray[np.int64]] = {}

    def trim(self) -> None:
        if len(self.ids) > self.limit or len(self.of_word) > self.limit // 10:
            self.ids.clear()
            self.of_word.clear()

    def word(self, word: str) -> NDArray[np.int64]:
        found = self.of_word.get(word)
        if found is None:
            grams = _char_ngrams(word)
            setdefault, ids = self.ids.setdefault, self.ids
            found = np.fromiter(
                (setdefault(g, len(ids)) for g in grams), dtype=np.int64, count=len(grams)
            )
            self.of_word[word] = found
        return found


_GRAMS = _GramIds()


@lru_cache(maxsize=65536)
def _char_words(text: str) -> tuple[str, ...]:
    """The folded content words of ``text`` whose n-grams :func:`_char_matrix` counts."""
    return tuple(k for k in map(_char_word, words(text)) if k is not None)


def _char_matrix(texts: Sequence[str]) -> csr_matrix:
    """L2-normalised sublinear TF-IDF of the character 3-5-grams of each text's content words.

    N-grams are listed once per distinct word of the event and numbered in order of first
    occurrence (as a running setdefault over the words' n-grams would number them); each
    text's n-gram counts come from its word occurrences, counted per (text, n-gram) in one
    sort, which gives the rows in canonical (column-sorted) order. The weighting is
    :func:`_weighted`'s.
    """
    per_text = [_char_words(t) for t in texts]
    flat = [k for ks in per_text for k in ks]
    # Ids in order of first occurrence, as a running setdefault would give them.
    word_ids = {w: j for j, w in enumerate(dict.fromkeys(flat))}
    n = len(texts)
    if not word_ids:
        return csr_matrix((n, 1), dtype=np.float64)
    _GRAMS.trim()
    arrays = [_GRAMS.word(w) for w in word_ids]
    sizes = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
    run = np.concatenate(arrays)
    # Renumber the run-wide ids by first occurrence in ``run``.
    _, first, inverse = np.unique(run, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first), dtype=np.int64)
    local = rank[inverse]
    width = len(first)
    starts = np.zeros(len(arrays), dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    occ = np.fromiter(map(word_ids.__getitem__, flat), dtype=np.int64, count=len(flat))
    occ_sizes = sizes[occ]
    total = int(occ_sizes.sum())
    # Positions in ``local`` of each occurrence's n-grams, occurrence after occurrence.
    ends = np.cumsum(occ_sizes)
    take = np.arange(total, dtype=np.int64) + np.repeat(starts[occ] - (ends - occ_sizes), occ_sizes)
    text_rows = np.repeat(np.arange(n, dtype=np.int64), [len(ks) for ks in per_text])
    keys = np.repeat(text_rows, occ_sizes) * width + local[take]
    cells, counts = np.unique(keys, return_counts=True)
    rows, cols = np.divmod(cells, width)
    lengths = np.bincount(rows, minlength=n)
    return _weighted(n, width, lengths, cols, counts.astype(np.float64), {}).matrix


def _containment(
    keys: list[list[str]], fitted: Tfidf, only: Sequence[int] | None = None
) -> NDArray[np.float32]:
    """IDF mass of the shorter claim's keys found in the other claim, over its total mass.

    A short claim that another outlet's longer sentence wholly contains ("I have not broken any
    laws." / "I have not broken any laws, said Ms. Lerner, who leads ...") is the same claim,
    but the cosine of the two is low because of the extra words.

    With ``only``, only those rows of the matrix (the same values).
    """
    n = len(keys)
    vocab, idf = fitted.vocabulary, fitted.idf
    # Each claim's distinct keys as sorted columns (the CSR order scipy would give them).
    flat = [k for ks in keys for k in ks]
    row_of = np.repeat(np.arange(n, dtype=np.int64), [len(ks) for ks in keys])
    col_of = np.fromiter(map(vocab.__getitem__, flat), dtype=np.int64, count=len(flat))
    width = len(idf)
    cells = np.unique(row_of * width + col_of)
    rows, cols = np.divmod(cells, width)
    lengths = np.bincount(rows, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    data = idf[cols].astype(np.float32)
    index = _index_arrays(cols, indptr)
    weighted = csr_matrix((data, *index), shape=(n, width))
    binary = csr_matrix((np.ones(len(cols), dtype=np.float32), *index), shape=(n, width))
    own = np.zeros(n, dtype=np.float32)  # as weighted.sum(axis=1) adds each row up
    filled = np.flatnonzero(lengths)
    if filled.size:
        own[filled] = np.add.reduceat(data, indptr[filled])
    counts = lengths.astype(np.float32)
    if only is None:
        shared = (weighted @ binary.T).toarray()  # [i, j]: idf mass of i's keys found in j
        across = shared.T
        mine_counts, mine_own = counts, own
    else:
        # Both products add the shared keys' weights in increasing column order, as the
        # full product does for [i, j] and for [j, i].
        picked = np.asarray(only, dtype=np.int64)
        shared = (weighted[picked] @ binary.T).toarray()
        across = (binary[picked] @ weighted.T).toarray()
        mine_counts, mine_own = counts[picked], own[picked]
    # Orient to the shorter claim (fewer keys) of each pair.
    shorter_is_i = mine_counts[:, None] <= counts[None, :]
    mass = np.where(shorter_is_i, shared, across)
    denom = np.where(shorter_is_i, mine_own[:, None], own[None, :])
    small = np.minimum(mine_counts[:, None], counts[None, :]) < _MIN_CONTAINED_KEYS
    out = np.where(small | (denom <= 0), 0.0, mass / np.maximum(denom, 1e-9))
    return out.astype(np.float32)


def similarity_matrix(
    texts: Sequence[str], embedder: Embedder | None = None
) -> NDArray[np.float32]:
    """Return the symmetric ``n x n`` similarity matrix of ``texts`` (diagonal 1).

    Args:
        texts: claim texts.
        embedder: optional dense embedder; blended with the lexical score when given.
    """
    n = len(texts)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    keys = claim_keys(texts)
    sim = np.zeros((n, n), dtype=np.float32)
    if any(keys):
        # Bigrams of canonical keys: word order inside a short span matters ("Russia attacked
        # Ukraine" vs "Ukraine attacked Russia" still differ a little).
        docs = [ks + [f"{a} {b}" for a, b in itertools.pairwise(ks)] for ks in keys]
        word = tfidf(docs)
        sim += WORD_WEIGHT * (word.matrix @ word.matrix.T).toarray().astype(np.float32)
        chars = _char_matrix(texts)
        sim += CHAR_WEIGHT * (chars @ chars.T).toarray().astype(np.float32)
        sim = np.maximum(sim, CONTAIN_WEIGHT * _containment(keys, word))
    np.fill_diagonal(sim, 1.0)
    return sim if embedder is None else blend_dense(sim, texts, embedder)


def similarity_rows(
    texts: Sequence[str], rows: Sequence[int], keys: list[list[str]] | None = None
) -> NDArray[np.float32]:
    """The ``rows`` of :func:`similarity_matrix` of ``texts`` (lexical; the same values),
    without computing the others: a few claims against many sentences. ``keys``: other word
    keys per text than :func:`claim_keys` (the same blend of word and character TF-IDF and
    containment is built on them)."""
    n = len(texts)
    picked = np.asarray(rows, dtype=np.int64)
    sim = np.zeros((len(picked), n), dtype=np.float32)
    if n == 0 or not len(picked):
        return sim
    keys = claim_keys(texts) if keys is None else keys
    if any(keys):
        docs = [ks + [f"{a} {b}" for a, b in itertools.pairwise(ks)] for ks in keys]
        word = tfidf(docs)
        sim += WORD_WEIGHT * (word.matrix[picked] @ word.matrix.T).toarray().astype(np.float32)
        chars = _char_matrix(texts)
        sim += CHAR_WEIGHT * (chars[picked] @ chars.T).toarray().astype(np.float32)
        sim = np.maximum(sim, CONTAIN_WEIGHT * _containment(keys, word, rows))
    sim[np.arange(len(picked)), picked] = 1.0
    return sim


def blend_dense(
    lexical: NDArray[np.float32], texts: Sequence[str], embedder: Embedder
) -> NDArray[np.float32]:
    """Blend a lexical similarity matrix of ``texts`` with their embedding cosines.

    Kept apart from :func:`similarity_matrix` so that a caller can hold both: contradiction
    checks stay on the lexical scale their thresholds were set on.
    """
    if len(texts) == 0:
        return lexical
    emb = np.asarray(embedder(texts), dtype=np.float32)
    # Cosines of unrelated sentences about one event sit at 0.1-0.3 with MiniLM; rescale so
    # that only what exceeds that floor counts.
    dense = np.clip((emb @ emb.T - DENSE_FLOOR) / (1.0 - DENSE_FLOOR), 0.0, 1.0)
    sim: NDArray[np.float32] = (
        LEXICAL_SHARE_WITH_EMBEDDINGS * lexical + (1 - LEXICAL_SHARE_WITH_EMBEDDINGS) * dense
    ).astype(np.float32)
    np.fill_diagonal(sim, 1.0)
    return sim


def group_claims(
    sim: NDArray[np.float32],
    article_of: Sequence[str],
    threshold: float = ALIGN_THRESHOLD,
    link_threshold: float = LINK_THRESHOLD,
) -> list[list[int]]:
    """Group claim indices that say the same thing, across articles.

    Args:
        sim: similarity matrix from :func:`similarity_matrix`.
        article_of: article id of each claim; claims of one article never share a group.
        threshold: smallest pair similarity that may start a merge.
        link_threshold: smallest average cross-similarity of two groups to merge.

    Returns:
        Groups of indices (each sorted), singletons included, ordered by first index.
    """
    n = len(article_of)
    if n == 0:
        return []
    ids: dict[str, int] = {}
    art = np.asarray([ids.setdefault(a, len(ids)) for a in article_of])
    upper = np.triu(sim, k=1)
    cand = np.argwhere((upper >= threshold) & (art[:, None] != art[None, :]))
    order: Sequence[int] = (
        np.argsort(-upper[cand[:, 0], cand[:, 1]], kind="stable").tolist() if len(cand) else []
    )
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    articles: dict[int, set[str]] = {i: {article_of[i]} for i in range(n)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for k in order:
        i, j = (int(x) for x in cand[k])
        ri, rj = find(i), find(j)
        if ri == rj or articles[ri] & articles[rj]:
            continue
        a, b = members[ri], members[rj]
        if float(sim[np.ix_(a, b)].mean()) < link_threshold:
            continue
        parent[rj] = ri
        members[ri] = a + b
        articles[ri] |= articles.pop(rj)
        del members[rj]
    return sorted((sorted(m) for m in members.values()), key=lambda g: g[0])
