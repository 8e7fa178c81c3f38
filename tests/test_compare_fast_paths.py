"""The comparison's fast paths give exactly what the plain computations give (issue 16, speed).

Each test holds a plain reference (the loop the fast code replaced) and checks equality on
invented text, including the inputs the shortcuts could get wrong.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

import numpy as np
from scipy.sparse import csr_matrix

from newsweave.compare import align, summary, terms
from newsweave.compare.normalize import canonical, content_keys, is_content
from newsweave.compare.terms import Lexicon, LexiconConcept, spelling_variants
from newsweave.text import fold, normalize_punct, words

CLAIMS = [
    "The Harbour Council voted 7-2 on Tuesday to close the eastern pier.",
    "Councillors voted seven to two to shut the east pier, officials said.",
    "Mayor Ana Holt said the pier would reopen in spring.",
    "Holt said the pier will reopen next spring after repairs.",
    "Fishermen protested outside the council chamber.",
    "It is wrong.",
    "",
    "Ünïcode naïve café owners in Kyiv and Kiev complained; the organisation and organization agreed.",
]


def _reference_tfidf(docs: list[list[str]]) -> tuple[csr_matrix, dict[str, int]]:
    vocab: dict[str, int] = {}
    rows, cols, counts = [], [], []
    for i, doc in enumerate(docs):
        tally = Counter(doc)
        rows.extend([i] * len(tally))
        cols.extend(vocab.setdefault(tok, len(vocab)) for tok in tally)
        counts.extend(tally.values())
    vals = 1.0 + np.log(np.asarray(counts, dtype=np.float64))
    n = len(docs)
    x = csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))), dtype=np.float64)
    df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=max(1, len(vocab)))
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    x = csr_matrix(x.multiply(idf[None, :]))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return csr_matrix(x.multiply(1.0 / norms[:, None])), vocab


def _reference_char_grams(texts: list[str]) -> tuple[csr_matrix, csr_matrix]:
    word_ids: dict[str, int] = {}
    rows, cols = [], []
    for i, t in enumerate(texts):
        for w in words(t):
            if is_content(w):
                rows.append(i)
                key = fold(w, keep_backtick=True, blocks_only=True)
                cols.append(word_ids.setdefault(key, len(word_ids)))
    per_word = csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(word_ids)), dtype=np.float64
    )
    gram_ids: dict[str, int] = {}
    g_rows, g_cols = [], []
    for w, j in word_ids.items():
        for g in align._char_ngrams(w):
            g_rows.append(j)
            g_cols.append(gram_ids.setdefault(g, len(gram_ids)))
    grams = csr_matrix(
        (np.ones(len(g_rows)), (g_rows, g_cols)), shape=(len(word_ids), len(gram_ids))
    )
    return per_word, grams


def test_tfidf_matches_the_running_vocabulary_build() -> None:
    keys = align.claim_keys(CLAIMS)
    docs = [ks + [f"{a} {b}" for a, b in itertools.pairwise(ks)] for ks in keys]
    fitted = align.tfidf(docs)
    reference, vocab = _reference_tfidf(docs)
    assert fitted.vocabulary == vocab  # same columns in the same order
    assert (fitted.matrix != reference).nnz == 0


def test_claim_keys_and_char_matrix_match_the_word_loops() -> None:
    raw = [[canonical(w) for w in words(t) if is_content(w)] for t in CLAIMS]
    merged = align._vocabulary_map({k for ks in raw for k in ks})
    assert align.claim_keys(CLAIMS) == [[merged.get(k, k) for k in ks] for ks in raw]
    per_word, grams = _reference_char_grams(CLAIMS)
    counts = csr_matrix(per_word @ grams)
    counts.sum_duplicates()
    fast = align._char_matrix(CLAIMS)
    assert fast.shape == counts.shape
    # the same n-gram columns with the same counts: compare the binary patterns
    assert np.array_equal((fast.toarray() > 0), (counts.toarray() > 0))


def test_similarity_matrix_is_unchanged_on_repeated_runs() -> None:
    first = align.similarity_matrix(CLAIMS)
    again = align.similarity_matrix(list(CLAIMS))  # word caches warm now
    assert np.array_equal(first, again)
    assert first.shape == (len(CLAIMS), len(CLAIMS))
    assert first[2, 3] > align.ALIGN_THRESHOLD > first[2, 4]


def test_summary_similarities_equal_the_dense_product() -> None:
    sims = summary._similarities(CLAIMS)
    docs = [content_keys(t) for t in CLAIMS]
    dense = align.tfidf(docs).matrix.toarray()
    assert np.allclose(sims, dense @ dense.T, rtol=0, atol=1e-12)
    assert summary._similarities(["", "."]).shape == (2, 2)


def _plain_find(lex: Lexicon, text: str) -> list[tuple[int, str, int, int]]:
    norm = normalize_punct(text)
    out = []
    for ci, (found_terms, pattern) in enumerate(lex._patterns):
        for m in pattern.finditer(norm):
            out.append((ci, found_terms[(m.lastindex or 1) - 1], m.start(), m.end()))
    return sorted(out, key=lambda x: x[2])


def test_lexicon_find_skips_only_concepts_that_cannot_match() -> None:
    lex = Lexicon(
        [
            *Lexicon.default().concepts,
            LexiconConcept("pier", ("slammed", "criticized", "Harbour Council")),
            LexiconConcept("wall", ("sea wall", "dike")),
        ]
    )
    texts = [
        "Officials slams the plan; critics slammed it and were slamming it again.",
        "The Harbour Council criticizes the Sea-Wall; residents INSISTED.",
        "Kyiv and Kiev; a special military operation or a war?",
        # "ſ" and the Kelvin sign match "s" and "k" case-insensitively: never skipped wrongly
        "The ſea wall held. \u212aiev officials spoke.",
        "He slams it; she insists.",  # only other forms of "slammed" and "insisted"
        "Nothing to see here.",
        "",
    ]
    for text in texts:
        assert lex.find(text) == _plain_find(lex, text), text
    assert lex.find("The ſea wall held.")  # found through the long s


def test_term_literal_is_in_every_match() -> None:
    for term in ("slammed", "insisted", "sea wall", "Harbour Council", "war", "pro-life"):
        lit = terms._literal(term)
        assert lit is not None
        for m in terms._term_pattern(term).finditer(
            "slams slamming slammed insists insisting sea-wall sea wall Harbour Council "
            "wars pro life pro-life"
        ):
            assert lit in m.group().lower(), (term, m.group())
    assert terms._literal("Kyjiw") == "kyjiw" and terms._literal("Élysée") is None


def _plain_spelling_variants(a: str, b: str) -> bool:
    a, b = terms.POSSESSIVE.sub("", a), terms.POSSESSIVE.sub("", b)
    fa, fb = (fold(x, keep_backtick=True, blocks_only=True) for x in (a, b))
    if fa == fb or min(len(fa), len(fb)) < 4 or terms._derived(a, b):
        return False
    if any(
        terms.fuzz.ratio(f, day) >= terms._SPELLING_RATIO
        for f in (fa, fb)
        for day in terms._CALENDAR
    ):
        return False
    ratio = terms.fuzz.ratio(fa, fb)
    if fa[0] == fb[0] and terms._skeleton(a) == terms._skeleton(b) and ratio >= 75.0:
        return True
    return min(len(fa), len(fb)) >= 6 and ratio >= 88.0


def test_spelling_variants_match_the_plain_rule_on_many_pairs() -> None:
    names = sorted(
        set(re.findall(r"[A-Z][a-z]+", " ".join(CLAIMS)))
        | {"Kyiv", "Kiev", "Zelensky", "Zelenskyy", "Mohammed", "Muhammad", "Kharnovo"}
        | {"Harnovo", "Iran", "Iraq", "Russia", "Russian", "Wednedsay", "Holt's", "Holts"}
    )
    agree = 0
    for a, b in itertools.product(names, repeat=2):
        assert spelling_variants(a, b) == _plain_spelling_variants(a, b), (a, b)
        agree += spelling_variants(a, b)
    assert agree >= 8  # the known pairs, both ways
