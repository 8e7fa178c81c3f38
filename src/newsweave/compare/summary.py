"""A neutral, cited, extractive summary of one event.

Only source sentences are used, never generated text, so every sentence is supported by the
articles it cites. The summary opens with the event's core fact: the consensus claim with the
widest reach (the most outlets whose articles state it), a lead-like sentence rather than a
quotation. Other consensus claims (carried by two or more independent outlets) follow in story
order, picked by support, centrality and lead position; then, clearly labelled
``single-outlet``, the most central claims only one outlet carries. Near-duplicates are skipped
(maximal marginal relevance), and the length is bounded.

Every summary line is a whole sentence: clauses cut at a ``;`` and pieces of a quotation that
runs over several sentences are never shown. An article is cited for a sentence only when one
of its claims states it: the claim holds most of the sentence's content words, every number and
date it gives, and the same negation (see :func:`_carries`).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from newsweave.compare.align import tfidf
from newsweave.compare.normalize import content_keys, dates, negated, numbers
from newsweave.models import Claim, ClaimGroup, SummarySentence
from newsweave.text import words


@dataclass(frozen=True, slots=True)
class SummaryParams:
    """Tunables of :func:`summarize`.

    The opener weights and ``carry`` were chosen on the tune part of the real-news comparison
    gold (``python -m benchmarks.comparison_gold`` prints ``core_first``): the core fact first
    in 3/14 tune events (1/14 before), which is every tune event where some consensus
    wording states it; the opener weights barely move it (0.2-0.8 each). ``carry`` 0.6 keeps
    the share of citations the gold backs at 63/66 (0.5 would gain one event at 77/82). The
    other weights were chosen by reading summaries of the seed event and BASIL triplets.
    """

    #: Bound on summary length; 5-8 sentences read in well under a minute.
    max_sentences: int = 7
    #: Single-outlet sentences after the consensus block.
    max_single: int = 2
    #: Cosine (content-key TF-IDF) above which a candidate repeats an already chosen sentence.
    redundancy: float = 0.5
    #: Share of a sentence's content words another outlet's claim must state to carry it,
    #: and the fewest shared content words (short sentences share a few words by chance).
    carry: float = 0.6
    carry_min: int = 4
    #: Sentences longer than this many words read badly as a summary line (ranked down).
    long_words: int = 45
    # Body weights: support (how many articles carry a claim) matters most for a consensus
    # summary; centrality (similarity to the rest of the event) and lead position break ties.
    w_support: float = 0.5
    w_central: float = 0.3
    w_lead: float = 0.2
    #: Penalty for sentences leaning on a previous one ("He added ...").
    dangling_penalty: float = 0.15
    # Opener weights: reach (outlets stating the sentence, as a share of the event's
    # outlets), soft reach (mean best cosine to each other outlet's lead claims) and lead
    # position (news puts the main fact first).
    w_open_reach: float = 0.4
    w_open_soft: float = 0.4
    w_open_lead: float = 0.2
    #: Weight of content size: a lead names who, what, where and when; "The child is in
    #: stable condition." is carried widely but says little. Full credit at ``full_content``
    #: distinct content words.
    w_open_size: float = 0.5
    full_content: int = 12
    #: Claims of an article, from the top, that make its lead.
    lead_claims: int = 3


# Sentences that lean on a previous one ("He added ...", "the mayor vetoed it" after a ";")
# read badly out of context; ranked down, not excluded.
_DANGLING = re.compile(
    r"^[\"'“‘(]?(?:[a-z]|(?:He|She|They|It|This|That|These|Those|But|And|Also|However)\b)"
)
# Double quotation marks, including the ``LaTeX-style'' pairs of some corpora.
_OPEN_Q = re.compile(r"“|``|„|«")
_CLOSE_Q = re.compile(r"”|''|»")
_QUOTED = re.compile(r"“[^”]*”|``.*?''|\"[^\"]*\"|«[^»]*»")
_STARTS_QUOTE = re.compile(r"^\s*(?:[\"“‘«]|``|')")


def _dangling(text: str) -> bool:
    return bool(_DANGLING.match(text))


def whole_sentence(text: str) -> bool:
    """True if ``text`` reads as a whole sentence: not a clause cut at ``;``/``,``/``:``,
    not the start or end of a quotation running over several sentences (unbalanced quotation
    marks), not a continuation starting in lower case."""
    stripped = text.strip()
    if not stripped or stripped[-1] in ";,:":
        return False
    if stripped[0].islower():
        return False
    if stripped.count('"') % 2:
        return False
    no_pairs = stripped.replace("``", "").replace("''", "")
    if len(_OPEN_Q.findall(stripped)) != len(_CLOSE_Q.findall(stripped)):
        return False
    return no_pairs.count("“") == no_pairs.count("”")


def quote_led(text: str) -> bool:
    """True if ``text`` is mostly someone's words: it opens with a quotation mark, or half its
    words stand inside quotation marks."""
    if _STARTS_QUOTE.match(text):
        return True
    total = len(words(text))
    inside = sum(len(words(m.group())) for m in _QUOTED.finditer(text))
    return total > 0 and inside * 2 >= total


@dataclass(frozen=True, slots=True)
class _Candidate:
    text: str
    cites: tuple[str, ...]
    outlets: tuple[str, ...]
    label: str
    support: int
    lead: float  # in (0, 1], 1 for the first claim of an article
    order: float  # mean claim index, for story order
    row: int  # the row of the shown wording in the claim matrices
    alt: bool = False  # another wording of a consensus group: a possible opener only


def _lead(claims: Sequence[Claim]) -> float:
    return sum(1.0 / math.sqrt(1.0 + c.index) for c in claims) / max(1, len(claims))


def _similarities(texts: Sequence[str]) -> NDArray[np.float64]:
    """Cosines of the content-key TF-IDF vectors of ``texts`` (a dense ``n x n`` matrix).

    The product is taken on the sparse rows: the dense ``n x vocabulary`` matrix an event of
    a few thousand claims would need costs seconds to multiply, the sparse one milliseconds.
    """
    docs = [list(_keys(t)) for t in texts]
    if not any(docs):
        return np.zeros((len(texts), len(texts)))
    matrix = tfidf(docs).matrix
    return np.asarray((matrix @ matrix.T).toarray())


def _cross(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """Cosines (content-key TF-IDF) of each of ``left`` with each of ``right``."""
    docs = [list(_keys(t)) for t in [*left, *right]]
    if not left or not right or not any(docs):
        return np.zeros((len(left), len(right)))
    matrix = tfidf(docs).matrix
    return np.asarray((matrix[: len(left)] @ matrix[len(left) :].T).toarray())


@lru_cache(maxsize=20_000)
def _keys(text: str) -> tuple[str, ...]:
    """Content keys of a claim, computed once per text (each is needed three times)."""
    return tuple(content_keys(text))


@lru_cache(maxsize=20_000)
def _negated(text: str) -> bool:
    return negated(text)


@lru_cache(maxsize=20_000)
def _facts(text: str) -> frozenset[str]:
    """Numbers and dates a sentence states (what a citing article must state too)."""
    return frozenset({f"{v:g}" for v, _, _ in numbers(text)} | dates(text))


def _supported_wording(group: ClaimGroup) -> tuple[str, list[Claim]]:
    """The wording of ``group`` that most of its outlets back, and the claims backing it.

    A claim backs a wording when it states every number and date the wording states: an
    aligned claim saying "eleven dead" does not support the sentence "nine people died", so
    its article is not cited for it. The group's representative wins ties; whole sentences
    win over cut clauses.
    """
    facts = {c.id: _facts(c.text) for c in group.claims}
    best: tuple[tuple[bool, int, int, bool], str, list[Claim]] | None = None
    for cand in sorted(group.claims, key=lambda c: c.text != group.text):
        need = facts[cand.id]
        backing = [c for c in group.claims if need <= facts[c.id]]
        key = (
            whole_sentence(cand.text),
            len({c.outlet for c in backing}),
            len(backing),
            cand.text == group.text,
        )
        if best is None or key > best[0]:
            best = (key, cand.text, backing)
    assert best is not None  # a group has at least one claim
    return best[1], best[2]


class _Carriers:
    """Which claims state a sentence: most of its content words, its numbers and dates, and
    the same negation. Content-word overlaps come from one sparse product."""

    def __init__(self, claims: Sequence[Claim], share: float, least: int) -> None:
        self.claims = claims
        docs = [sorted(set(_keys(c.text))) for c in claims]
        vocab = {k: i for i, k in enumerate(dict.fromkeys(k for d in docs for k in d))}
        lengths = np.array([len(d) for d in docs], dtype=np.int64)
        rows = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        cols = np.array([vocab[k] for d in docs for k in d], dtype=np.int64)
        # Built in CSR form directly, columns sorted within each row: the canonical order a
        # COO-to-CSR conversion gives, so the product below is the same.
        cols = cols[np.lexsort((cols, rows))]
        indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        incidence = csr_matrix(
            (np.ones(len(cols)), cols, indptr), shape=(len(docs), max(1, len(vocab)))
        )
        self.sizes = np.array([len(d) for d in docs], dtype=np.float64)
        self.overlap = csr_matrix(incidence @ incidence.T)
        self.share = share
        self.least = least

    def of(self, row: int) -> list[Claim]:
        """The claims of other outlets that state claim ``row``."""
        if self.sizes[row] == 0:
            return []
        start, end = self.overlap.indptr[row], self.overlap.indptr[row + 1]
        need = max(self.share * self.sizes[row], float(self.least))
        cols = self.overlap.indices[start:end][self.overlap.data[start:end] >= need]
        own = self.claims[row]
        out = []
        for j in cols:
            other = self.claims[j]
            if other.outlet == own.outlet:
                continue
            if _facts(own.text) <= _facts(other.text) and _negated(own.text) == _negated(
                other.text
            ):
                out.append(other)
        return out


def summarize(
    consensus: Sequence[ClaimGroup],
    unique: Mapping[str, Sequence[Claim]],
    *,
    max_sentences: int | None = None,
    max_single: int | None = None,
    params: SummaryParams | None = None,
) -> tuple[SummarySentence, ...]:
    """Build the cited extractive summary of an event.

    Args:
        consensus: claim groups carried by two or more independent outlets.
        unique: outlet -> claims only that outlet carries.
        max_sentences: upper bound on the number of sentences (default from ``params``).
        max_single: upper bound on single-outlet sentences when consensus exists; when the
            consensus is short, single-outlet sentences fill up to ``max_sentences``.
        params: tunables; ``None`` uses :class:`SummaryParams` defaults.

    Returns:
        The core fact first, then the other consensus sentences (``label="consensus"``) in
        story order, then single-outlet ones (``label="single-outlet"``), each citing the
        article ids that carry it.
    """
    p = params if params is not None else SummaryParams()
    max_sentences = p.max_sentences if max_sentences is None else max_sentences
    max_single = p.max_single if max_single is None else max_single
    all_claims: list[Claim] = [c for g in consensus for c in g.claims]
    all_claims += [c for cs in unique.values() for c in cs]
    if not all_claims or max_sentences <= 0:
        return ()
    row_of = {c.id: i for i, c in enumerate(all_claims)}
    carriers = _Carriers(all_claims, p.carry, p.carry_min)

    cands: list[_Candidate] = []
    for g in consensus:
        text, backing = _supported_wording(g)
        shown = next(c for c in g.claims if c.text == text)
        backing = _with_carriers(backing, carriers.of(row_of[shown.id]))
        if len({c.outlet for c in backing}) < 2:
            continue  # the outlets agree on the gist but not on its numbers or dates
        cands.append(_candidate(text, backing, g.claims, "consensus", row_of[shown.id]))
        # The group's other wordings may open the summary (a lead where the shown one is a
        # later paraphrase) when two outlets back them too.
        for m in dict((c.text, c) for c in g.claims if c.text != text).values():
            alt = [c for c in g.claims if _facts(m.text) <= _facts(c.text)]
            alt = _with_carriers(alt, carriers.of(row_of[m.id]))
            if len({c.outlet for c in alt}) >= 2:
                cand = _candidate(m.text, alt, [m], "consensus", row_of[m.id])
                cands.append(dataclasses.replace(cand, alt=True))
    for claims in unique.values():
        for c in claims:
            backing = _with_carriers([c], carriers.of(row_of[c.id]))
            label = "consensus" if len({b.outlet for b in backing}) >= 2 else "single-outlet"
            cands.append(_candidate(c.text, backing, [c], label, row_of[c.id]))
    # Whole sentences only; consensus first so that a single-outlet copy of a consensus
    # sentence is the one skipped as a repeat.
    cands = [c for c in cands if whole_sentence(c.text)]
    cands.sort(key=lambda c: c.label != "consensus")
    if not cands:
        return ()
    n_cons = sum(1 for c in cands if c.label == "consensus")
    singles_available = len(cands) - n_cons
    sims = _similarities([c.text for c in cands])
    central = (sims.sum(axis=1) - np.diag(sims)) / max(1, len(cands) - 1)
    central = central / central.max() if central.max() > 0 else central
    max_support = max(c.support for c in cands)
    scores = np.array(
        [
            p.w_support * c.support / max_support
            + p.w_central * central[i]
            + p.w_lead * c.lead
            - (0.1 if len(words(c.text)) > p.long_words else 0.0)
            - (p.dangling_penalty if _dangling(c.text) else 0.0)
            for i, c in enumerate(cands)
        ]
    )
    opener = _opener(cands[:n_cons], all_claims, p)
    already = [] if opener is None else [opener]
    cons_budget = max_sentences - min(max_single, singles_available) if n_cons else 0
    cons_budget = max(cons_budget, len(already))
    pool = [i for i in range(n_cons) if not cands[i].alt]
    chosen_cons = already + _pick(
        pool, scores, sims, cands, cons_budget - len(already), already, p.redundancy
    )
    # Single-outlet sentences fill what the consensus left: at least ``max_single`` slots were
    # reserved for them, more when the outlets share few claims.
    single_budget = max_sentences - len(chosen_cons)
    chosen_single = _pick(
        range(n_cons, len(cands)), scores, sims, cands, single_budget, chosen_cons, p.redundancy
    )
    rest = sorted(chosen_cons[len(already) :], key=lambda i: (cands[i].order, -scores[i]))
    singles = sorted(chosen_single, key=lambda i: (cands[i].order, -scores[i]))
    return tuple(
        SummarySentence(
            text=cands[i].text,
            cites=tuple(sorted(set(cands[i].cites))),
            outlets=cands[i].outlets,
            label=cands[i].label,
        )
        for i in already + rest + singles
    )


def _with_carriers(backing: Sequence[Claim], extra: Sequence[Claim]) -> list[Claim]:
    seen = {c.article_id for c in backing}
    out = list(backing)
    for c in extra:
        if c.article_id not in seen:
            seen.add(c.article_id)
            out.append(c)
    return out


def _candidate(
    text: str, backing: Sequence[Claim], members: Sequence[Claim], label: str, row: int
) -> _Candidate:
    return _Candidate(
        text=text,
        cites=tuple(dict.fromkeys(c.article_id for c in backing)),
        outlets=tuple(sorted({c.outlet for c in backing})),
        label=label,
        support=len({c.article_id for c in backing}),
        lead=_lead(members),
        order=sum(c.index for c in members) / max(1, len(members)),
        row=row,
    )


def _opener(cands: Sequence[_Candidate], claims: Sequence[Claim], p: SummaryParams) -> int | None:
    """Index in ``cands`` of the core fact: the lead-like consensus sentence (not a quotation,
    not leaning on a previous sentence) stated by the most outlets, then closest to the
    other outlets' leads, then nearest the top of the articles."""
    plain = [i for i, c in enumerate(cands) if not quote_led(c.text)]
    eligible = [i for i in plain if not _dangling(cands[i].text)] or plain
    if not eligible:
        return None
    outlets = sorted({c.outlet for c in claims})
    column = {o: k for k, o in enumerate(outlets)}
    leads = [c for c in claims if c.index < p.lead_claims]
    # best[k, o]: the best cosine of eligible sentence k with a lead claim of outlet o
    cross = _cross([cands[i].text for i in eligible], [c.text for c in leads])
    best_of = np.zeros((len(eligible), len(outlets)))
    lead_outlet = np.array([column[c.outlet] for c in leads], dtype=np.int64)
    for o in range(len(outlets)):
        cols = np.flatnonzero(lead_outlet == o)
        if cols.size:
            best_of[:, o] = cross[:, cols].max(axis=1)
    best, best_score = None, -math.inf
    for k, i in enumerate(eligible):
        cand = cands[i]
        own = column[claims[cand.row].outlet]
        n_other = len(outlets) - 1
        soft = (best_of[k].sum() - best_of[k, own]) / n_other if n_other else 0.0
        score = (
            p.w_open_reach * len(cand.outlets) / max(1, len(outlets))
            + p.w_open_soft * soft
            + p.w_open_lead * cand.lead
            + p.w_open_size * min(1.0, len(set(_keys(cand.text))) / p.full_content)
            - (0.1 if len(words(cand.text)) > p.long_words else 0.0)
        )
        if score > best_score:
            best, best_score = i, score
    return best


def _pick(
    pool: Sequence[int],
    scores: NDArray[np.float64],
    sims: NDArray[np.float64],
    cands: Sequence[_Candidate],
    budget: int,
    already: list[int],
    redundancy: float,
) -> list[int]:
    chosen: list[int] = []
    seen_text = {" ".join(words(cands[i].text.lower())) for i in already}
    for i in sorted(pool, key=lambda i: -scores[i]):
        if len(chosen) >= budget:
            break
        if i in already:
            continue
        key = " ".join(words(cands[i].text.lower()))
        if key in seen_text:
            continue
        if any(sims[i, j] > redundancy for j in already + chosen):
            continue
        chosen.append(i)
        seen_text.add(key)
    return chosen
