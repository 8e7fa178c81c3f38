"""A neutral, cited, extractive summary of one event.

Only source sentences are used, never generated text, so every sentence is supported by the
articles it cites. Consensus claims (carried by two or more independent outlets) come first,
picked by support, centrality and lead position; then, clearly labelled ``single-outlet``, the
most central claims only one outlet carries. Near-duplicates are skipped (maximal marginal
relevance), and the length is bounded. Sentences are printed in story order (the average
position of their claims in the articles), consensus block first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsweave.compare.align import tfidf
from newsweave.compare.normalize import content_keys, dates, numbers
from newsweave.models import Claim, ClaimGroup, SummarySentence
from newsweave.text import words

#: Default bound on summary length; 5-8 sentences read in well under a minute.
MAX_SENTENCES = 7
#: Default number of single-outlet sentences after the consensus block.
MAX_SINGLE = 2
#: Cosine (content-key TF-IDF) above which a candidate repeats an already chosen sentence.
REDUNDANCY = 0.5
# Sentences longer than this many words are hard to read as a summary line; they are ranked
# down, not excluded (some leads are long).
_LONG_WORDS = 45

# Score weights. Support (how many articles carry a claim) matters most for a consensus
# summary; centrality (similarity to the rest of the event) and lead position (news puts the
# main fact first) break ties. Chosen by reading summaries of the seed event and BASIL
# triplets; rerun `python -m benchmarks.compare` and read its sample after changing them.
_W_SUPPORT, _W_CENTRAL, _W_LEAD = 0.5, 0.3, 0.2


# Sentences that lean on a previous one ("He added ...", "the mayor vetoed it" after a ";")
# read badly out of context; ranked down, not excluded.
_DANGLING_PENALTY = 0.15
_DANGLING = re.compile(
    r"^[\"'“‘(]?(?:[a-z]|(?:He|She|They|It|This|That|These|Those|But|And|Also|However)\b)"
)


def _dangling(text: str) -> bool:
    return bool(_DANGLING.match(text))


@dataclass(frozen=True, slots=True)
class _Candidate:
    text: str
    cites: tuple[str, ...]
    outlets: tuple[str, ...]
    label: str
    support: int
    lead: float  # in (0, 1], 1 for the first claim of an article
    order: float  # mean claim index, for story order


def _lead(claims: Sequence[Claim]) -> float:
    return sum(1.0 / math.sqrt(1.0 + c.index) for c in claims) / max(1, len(claims))


def _similarities(texts: Sequence[str]) -> NDArray[np.float64]:
    """Cosines of the content-key TF-IDF vectors of ``texts`` (a dense ``n x n`` matrix).

    The product is taken on the sparse rows: the dense ``n x vocabulary`` matrix an event of
    a few thousand claims would need costs seconds to multiply, the sparse one milliseconds.
    """
    docs = [content_keys(t) for t in texts]
    if not any(docs):
        return np.zeros((len(texts), len(texts)))
    matrix = tfidf(docs).matrix
    return np.asarray((matrix @ matrix.T).toarray())


def _facts(text: str) -> frozenset[str]:
    """Numbers and dates a sentence states (what a citing article must state too)."""
    return frozenset({f"{v:g}" for v, _, _ in numbers(text)} | dates(text))


def _supported_wording(group: ClaimGroup) -> tuple[str, list[Claim]]:
    """The wording of ``group`` that most of its outlets back, and the claims backing it.

    A claim backs a wording when it states every number and date the wording states: an
    aligned claim saying "eleven dead" does not support the sentence "nine people died", so
    its article is not cited for it. The group's representative wins ties.
    """
    facts = {c.id: _facts(c.text) for c in group.claims}
    best: tuple[tuple[int, int, bool], str, list[Claim]] | None = None
    for cand in sorted(group.claims, key=lambda c: c.text != group.text):
        need = facts[cand.id]
        backing = [c for c in group.claims if need <= facts[c.id]]
        key = (len({c.outlet for c in backing}), len(backing), cand.text == group.text)
        if best is None or key > best[0]:
            best = (key, cand.text, backing)
    assert best is not None  # a group has at least one claim
    return best[1], best[2]


def summarize(
    consensus: Sequence[ClaimGroup],
    unique: Mapping[str, Sequence[Claim]],
    *,
    max_sentences: int = MAX_SENTENCES,
    max_single: int = MAX_SINGLE,
) -> tuple[SummarySentence, ...]:
    """Build the cited extractive summary of an event.

    Args:
        consensus: claim groups carried by two or more independent outlets.
        unique: outlet -> claims only that outlet carries.
        max_sentences: upper bound on the number of sentences.
        max_single: upper bound on single-outlet sentences when consensus exists; when the
            consensus is short, single-outlet sentences fill up to ``max_sentences``.

    Returns:
        Consensus sentences (``label="consensus"``) in story order, then single-outlet ones
        (``label="single-outlet"``), each citing the article ids that carry it.
    """
    cands: list[_Candidate] = []
    for g in consensus:
        text, backing = _supported_wording(g)
        if len({c.outlet for c in backing}) < 2:
            continue  # the outlets agree on the gist but not on its numbers or dates
        cands.append(
            _Candidate(
                text=text,
                cites=tuple(dict.fromkeys(c.article_id for c in backing)),
                outlets=tuple(sorted({c.outlet for c in backing})),
                label="consensus",
                support=len({c.article_id for c in backing}),
                lead=_lead(g.claims),
                order=sum(c.index for c in g.claims) / max(1, len(g.claims)),
            )
        )
    n_cons = len(cands)
    for outlet, claims in unique.items():
        for c in claims:
            cands.append(
                _Candidate(
                    text=c.text,
                    cites=(c.article_id,),
                    outlets=(outlet,),
                    label="single-outlet",
                    support=1,
                    lead=_lead([c]),
                    order=float(c.index),
                )
            )
    if not cands or max_sentences <= 0:
        return ()
    sims = _similarities([c.text for c in cands])
    central = (sims.sum(axis=1) - np.diag(sims)) / max(1, len(cands) - 1)
    central = central / central.max() if central.max() > 0 else central
    max_support = max(c.support for c in cands)
    scores = np.array(
        [
            _W_SUPPORT * c.support / max_support
            + _W_CENTRAL * central[i]
            + _W_LEAD * c.lead
            - (0.1 if len(words(c.text)) > _LONG_WORDS else 0.0)
            - (_DANGLING_PENALTY if _dangling(c.text) else 0.0)
            for i, c in enumerate(cands)
        ]
    )
    singles_available = len(cands) - n_cons
    cons_budget = max_sentences - min(max_single, singles_available) if n_cons else 0
    chosen_cons = _pick(range(n_cons), scores, sims, cands, max(cons_budget, 0), [])
    # Single-outlet sentences fill what the consensus left: at least ``max_single`` slots were
    # reserved for them, more when the outlets share few claims.
    single_budget = max_sentences - len(chosen_cons)
    chosen_single = _pick(
        range(n_cons, len(cands)), scores, sims, cands, single_budget, chosen_cons
    )
    out = []
    for block in (chosen_cons, chosen_single):
        for i in sorted(block, key=lambda i: (cands[i].order, -scores[i])):
            cand = cands[i]
            out.append(
                SummarySentence(
                    text=cand.text,
                    cites=tuple(sorted(set(cand.cites))),
                    outlets=cand.outlets,
                    label=cand.label,
                )
            )
    return tuple(out)


def _pick(
    pool: range,
    scores: NDArray[np.float64],
    sims: NDArray[np.float64],
    cands: Sequence[_Candidate],
    budget: int,
    already: list[int],
) -> list[int]:
    chosen: list[int] = []
    seen_text = {" ".join(words(cands[i].text.lower())) for i in already}
    for i in sorted(pool, key=lambda i: -scores[i]):
        if len(chosen) >= budget:
            break
        key = " ".join(words(cands[i].text.lower()))
        if key in seen_text:
            continue
        if any(sims[i, j] > REDUNDANCY for j in already + chosen):
            continue
        chosen.append(i)
        seen_text.add(key)
    return chosen
