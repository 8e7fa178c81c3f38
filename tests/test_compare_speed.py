"""The comparison's faster paths give the same results, to the bit, as the straightforward
computations they replace (issue 19). Invented text."""

from __future__ import annotations

import dataclasses
import itertools
import logging

import numpy as np
from scipy.sparse import csr_matrix

from newsweave.compare import _context_veto, _Reach, align, compare_event, merge_copies, origins_of
from newsweave.compare.claims import is_claim, split_claims
from newsweave.compare.contradictions import find_contradictions
from newsweave.compare.normalize import is_content
from newsweave.models import Article, Claim, Event
from newsweave.text import words

CLAIMS = [
    "The Velmor council approved a budget of 42 million crowns on Tuesday.",
    "Council members in Velmor backed the 42 million crown budget after a long debate.",
    "The budget includes 3 million crowns for the river embankment in Ostrany.",
    "Mayor Ilse Darrow said the embankment work would start in the spring.",
    "Opposition councillor Piet Marwen voted against the budget, citing the embankment cost.",
    "The embankment in Ostrany flooded twice last year, residents said.",
    "It is wrong.",
    "Organisers of the Velmor spring fair asked the council for 200,000 crowns.",
    "Organizers of the spring fair in Velmor requested 200,000 crowns from the council.",
    "",
]


def _reference_char_matrix(texts: list[str]) -> csr_matrix:
    """The character n-gram TF-IDF built from scipy operations, as before the fast path."""
    per_text = [[k for k in map(align._char_word, words(t)) if k is not None] for t in texts]
    flat = [k for ks in per_text for k in ks]
    word_ids = {w: j for j, w in enumerate(dict.fromkeys(flat))}
    n = len(texts)
    rows = np.repeat(np.arange(n), [len(ks) for ks in per_text])
    cols = list(map(word_ids.__getitem__, flat))
    per_word = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(word_ids)))
    word_grams = [align._char_ngrams(w) for w in word_ids]
    all_grams = [g for gs in word_grams for g in gs]
    gram_ids = {g: k for k, g in enumerate(dict.fromkeys(all_grams))}
    g_rows = np.repeat(np.arange(len(word_ids)), [len(gs) for gs in word_grams])
    g_cols = list(map(gram_ids.__getitem__, all_grams))
    grams = csr_matrix(
        (np.ones(len(g_rows)), (g_rows, g_cols)), shape=(len(word_ids), len(gram_ids))
    )
    counts = csr_matrix(per_word @ grams)
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    counts.data = 1.0 + np.log(counts.data)
    x = csr_matrix(counts.multiply(idf[None, :]))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return csr_matrix(x.multiply(1.0 / norms[:, None]))


def _same(a: csr_matrix, b: csr_matrix) -> bool:
    return (
        a.shape == b.shape
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and a.data.tobytes() == b.data.tobytes()
    )


def test_char_matrix_is_the_scipy_computation_to_the_bit() -> None:
    for texts in (CLAIMS, CLAIMS[:1], CLAIMS[3:7], list(reversed(CLAIMS))):
        assert _same(align._char_matrix(texts), _reference_char_matrix(texts))


def test_similarity_rows_are_the_rows_of_the_full_matrix() -> None:
    full = align.similarity_matrix(CLAIMS)
    for rows in ([0], [0, 1, 2], [3, 8], list(range(len(CLAIMS)))):
        assert align.similarity_rows(CLAIMS, rows).tobytes() == full[rows].tobytes()
    keys = align.claim_keys(CLAIMS)
    docs = [ks + [f"{a} {b}" for a, b in itertools.pairwise(ks)] for ks in keys]
    word = align.tfidf(docs)
    whole = align._containment(keys, word)
    assert whole[[1, 4]].tobytes() == align._containment(keys, word, [1, 4]).tobytes()
    assert whole.max() > 0.0  # the containment rows hold something to compare


def _article(aid: str, outlet: str, text: str, date: str = "2031-05-02") -> Article:
    return Article(id=aid, text=text, outlet=outlet, date=date)


def test_a_single_article_event_compares_as_the_full_path_does() -> None:
    text = " ".join(CLAIMS[:6]) + " " + CLAIMS[0]  # a repeated sentence too
    one = _article("a1", "Velmor Courier", text)
    # A second article of the same outlet without a claim takes the full path (two articles)
    # and changes nothing else: the coverage must be the same.
    empty = _article("a2", "Velmor Courier", "Photo.")
    fast = compare_event(Event("e1", "t", None, ("a1",)), [one])
    full = compare_event(Event("e1", "t", None, ("a1", "a2")), [one, empty])
    assert fast == full
    assert fast.unique or fast.summary  # the event has something to compare


def test_one_outlet_never_contradicts_itself_and_two_do() -> None:
    a = Claim("x#0", "x", "Courier", "Eleven people were injured in the fire.", 0, 1, 0)
    b = Claim("y#0", "y", "Courier", "Nine people were injured in the fire.", 0, 1, 0)
    sim = align.similarity_matrix([a.text, b.text])
    groups = align.group_claims(sim, ["x", "y"])
    assert find_contradictions([a, b], ["x", "y"], groups, sim) == ()
    b2 = dataclasses.replace(b, outlet="Herald")
    assert find_contradictions([a, b2], ["x", "y"], groups, sim)


def _reference_is_claim(text: str) -> bool:
    """is_claim as it was: every content word counted."""
    import re

    stripped = text.strip()
    if not stripped or re.search(r"\?[\"'”’»)\]]*\s*$", stripped):
        return False
    if not re.search(r"[.;!…\"'”’»)\]]\s*$", stripped):
        return False
    toks = words(stripped)
    if len(toks) < 5:
        return False
    n_letters = sum(map(str.isalpha, stripped))
    if n_letters and sum(map(str.isupper, stripped)) > 0.6 * n_letters:
        return False
    return len([w for w in toks if is_content(w)]) >= 2


def test_is_claim_counts_content_words_as_before() -> None:
    extra = ("He said it was so.", "They were there and then they left it.", "Is it wrong?")
    results = {text: is_claim(text) for text in (*CLAIMS, *extra)}
    assert results == {text: _reference_is_claim(text) for text in results}
    assert any(results.values()) and not all(results.values())


def _reference_veto(
    only: dict[str, list[Claim]],
    arts: list[Article],
    per_article: list[list[Claim]],
    origin: dict[str, str],
    context: list[Article],
) -> dict[str, list[Claim]]:
    """The context veto with the full similarity matrix and a loop over every pair."""
    from newsweave.compare import CONTEXT_CARRY, CONTEXT_CARRY_PLAIN, _anchors, _clip
    from newsweave.outlets import outlet_label

    ids = {a.id for a in arts}
    ctx = list({a.id: a for a in context if a.id not in ids}.values())
    candidates = [c for cs in only.values() for c in cs]
    ctx_claims = [split_claims(a, outlet_label(a)) for a in ctx]
    flat = [c for cs in ctx_claims for c in cs]
    everyone = [*arts, *ctx]
    roots = merge_copies(everyone, [*per_article, *ctx_claims], origins_of(everyone))
    for aid, root in origin.items():
        roots.setdefault(aid, root)
    anchors = [_anchors(c.text) for c in candidates]
    flat_anchors = [_anchors(c.text) for c in flat]
    sim = align.similarity_matrix([c.text for c in candidates] + [c.text for c in flat])
    n = len(candidates)
    out: dict[str, list[Claim]] = {}
    for i, c in enumerate(candidates):
        mine = {roots.get(c.article_id, c.article_id), origin.get(c.article_id, c.article_id)}
        reach = [
            (
                float(sim[i, n + j])
                / (CONTEXT_CARRY if anchors[i] & flat_anchors[j] else CONTEXT_CARRY_PLAIN),
                j,
            )
            for j, x in enumerate(flat)
            if x.outlet != c.outlet and roots.get(x.article_id, x.article_id) not in mine
        ]
        ratio, _ = max(reach, default=(0.0, -1))
        if ratio >= 1.0:
            continue
        own = c.confidence if c.confidence is not None else 1.0
        sure = min(own, round(0.5 + 0.5 * _clip(1.0 - ratio), 3))
        out.setdefault(c.outlet, []).append(dataclasses.replace(c, confidence=sure))
    return out


def test_context_veto_is_the_pairwise_loop(caplog: object) -> None:
    arts = [
        _article("a1", "Velmor Courier", " ".join(CLAIMS[0:4])),
        _article("a2", "Ostrany Herald", " ".join(CLAIMS[4:6])),
    ]
    context = [
        _article("c1", "River Post", CLAIMS[3] + " " + CLAIMS[7]),  # carries a1's quote
        _article("c2", "Velmor Courier", CLAIMS[2]),  # a1's own outlet: no veto
        _article("c3", "Lake Times", CLAIMS[8] + " The weather was mild in Velmor."),
    ]
    per_article = [split_claims(a, a.outlet) for a in arts]
    origin = origins_of(arts)
    only = {"Velmor Courier": list(per_article[0]), "Ostrany Herald": list(per_article[1])}
    logging.getLogger("newsweave.compare").setLevel(logging.DEBUG)
    got = _context_veto(only, arts, per_article, origin, context)
    assert got == _reference_veto(only, arts, per_article, origin, context)
    kept = [c.text for cs in got.values() for c in cs]
    assert CLAIMS[3] not in kept and CLAIMS[2] in kept  # vetoed by c1; c2 is no other outlet


def _reference_omissions(
    reach: _Reach, groups: list[list[int]], dates: dict[str, str | None]
) -> dict[str, tuple[tuple[str, float], ...]]:
    """_Reach.omissions as a loop over groups and outlets (before the one reduction)."""
    from newsweave.compare import CARRY_MIN, OMIT_MAX_LEXICAL, omission_confidence

    outlets = sorted(set(reach.outlet_of.values()))
    cols = {
        o: [k for k, a in enumerate(reach.articles) if reach.outlet_of[a] == o] for o in outlets
    }
    latest: dict[str, str] = {}
    for aid, o in reach.outlet_of.items():
        d = dates.get(aid)
        if d and (o not in latest or d > latest[o]):
            latest[o] = d
    out: dict[str, dict[str, float]] = {}
    for g in groups:
        near = {o: float(reach.lex[np.ix_(list(g), ks)].max()) for o, ks in cols.items()}
        carriers = {reach.claims[i].outlet for i in g} | {
            o for o, v in near.items() if v >= CARRY_MIN
        }
        if len(carriers) * 2 <= len(outlets):
            continue
        earliest = min((d for i in g if (d := dates.get(reach.claims[i].article_id))), default=None)
        text = max((reach.claims[i] for i in g), key=lambda c: len(c.text)).text
        for o in outlets:
            if o in carriers or near[o] >= OMIT_MAX_LEXICAL:
                continue
            if earliest and latest.get(o) and latest[o] < earliest:
                continue
            sure = omission_confidence(near[o], OMIT_MAX_LEXICAL, len(carriers), len(outlets))
            mine = out.setdefault(o, {})
            mine[text] = max(sure, mine.get(text, 0.0))
    return {o: tuple(ts.items()) for o, ts in sorted(out.items())}


def test_omissions_are_the_loop_over_groups_and_outlets() -> None:
    texts = {
        "a": ("Courier", " ".join(CLAIMS[0:3])),
        "b": ("Herald", " ".join(CLAIMS[0:2] + CLAIMS[3:5])),
        "c": ("Post", " ".join(CLAIMS[0:1] + CLAIMS[2:3])),
        "d": ("Times", CLAIMS[5]),
    }
    claims = [c for aid, (o, t) in texts.items() for c in split_claims(_article(aid, o, t), o)]
    lexical = align.similarity_matrix([c.text for c in claims])
    groups = align.group_claims(lexical, [c.article_id for c in claims])
    reach = _Reach(claims, {a: a for a in texts}, lexical, lexical, False)
    dates: dict[str, str | None] = {a: "2031-05-02" for a in texts}
    got = reach.omissions(groups, dates)
    assert got == _reference_omissions(reach, groups, dates)
    assert "Times" in got  # the one-sentence outlet omits what the others share


def test_bounded_caches_give_the_same_results_when_dropped(monkeypatch: object) -> None:
    import pytest

    from newsweave import compare

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(align, "_GRAMS", align._GramIds(limit=10))  # dropped at every call
    for texts in (CLAIMS, CLAIMS[2:5], CLAIMS):
        assert _same(align._char_matrix(texts), _reference_char_matrix(texts))
    monkeypatch.setattr(compare, "_context_claims", compare._ClaimCache(limit=1))
    test_context_veto_is_the_pairwise_loop(None)
