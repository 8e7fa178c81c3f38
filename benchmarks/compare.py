"""Coverage comparison on BASIL (60 events x 3 outlets): quote alignment, word choice, speed.

Reproduce: ``python -m benchmarks.compare`` (``--sample N`` also prints N aligned claim pairs
and N discovered terms for reading).

The figures (quote-pair alignment precision and recall, claim alignment precision on quote
claims, lex coverage, time per event) are measured by :func:`newsweave.evaluation.basil.measure`,
whose module says how each is counted; this module writes them as the BENCHMARKS.md section,
model-free and with dense embeddings when installed, followed by the example-corpus figures.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from benchmarks.compare_examples import section as examples_section
from newsweave.errors import ConfigError
from newsweave.evaluation.basil import Figures, measure


def _rows(fig: Figures) -> list[str]:
    times = sorted(fig.times)
    p95 = times[int(0.95 * (len(times) - 1))]
    return [
        f"| quote pairs, text only: precision (labelled same statement) | "
        f"{fig.quote_pair_precision:.3f} ({fig.quote_pairs_aligned_true}/"
        f"{fig.quote_pairs_aligned}) |",
        f"| quote pairs, text only: recall of labelled same-statement pairs | "
        f"{fig.quote_pair_recall:.3f} ({fig.quote_pairs_gold_aligned}/{fig.quote_pairs_gold}) |",
        f"| quote pairs, text only: precision by gold speaker agreement | "
        f"{fig.quote_precision:.3f} ({fig.quote_pairs_correct}/{fig.quote_pairs_aligned}) |",
        f"| claim alignment precision on claims holding quotes (speaker agrees) | "
        f"{fig.claim_precision:.3f} ({fig.claim_quote_correct}/{fig.claim_quote_pairs}) |",
        f"| claims holding a labelled same-statement quote pair, grouped | "
        f"{fig.claim_recall:.3f} ({fig.claim_gold_aligned}/{fig.claim_gold_pairs}) |",
        f"| `lex` spans covered by a reported word-choice term of the article's outlet | "
        f"{fig.lex_coverage:.3f} ({fig.lex_covered}/{fig.lex_spans}) |",
        f"| word-choice concepts reported (all events) | {fig.term_concepts} |",
        f"| reported term occurrences inside any BASIL bias span | "
        f"{fig.term_occurrences_in_spans}/{fig.term_occurrences} |",
        f"| time per event, mean / p95 / max | {statistics.mean(times) * 1000:.0f} / "
        f"{p95 * 1000:.0f} / {times[-1] * 1000:.0f} ms |",
    ]


def run(shared_data: Path) -> str:
    """Return the Markdown section for BENCHMARKS.md (with embeddings too when installed)."""
    off = measure(shared_data)
    try:
        on: Figures | None = measure(shared_data, embeddings="on")
    except ConfigError:
        on = None
    lines = [
        "## Coverage comparison (BASIL, 60 events x 3 outlets)",
        "",
        "`python -m benchmarks.compare` — model-free path"
        + (", and with dense embeddings (all-MiniLM-L6-v2)." if on else " (no embeddings)."),
        "",
        "| figure | model-free |" + (" embeddings |" if on else ""),
        "|---|---|" + ("---|" if on else ""),
        f"| events | {off.events} |" + (f" {on.events} |" if on else ""),
    ]
    rows_on = _rows(on) if on else None
    for k, row in enumerate(_rows(off)):
        lines.append(row + (rows_on[k].rsplit("|", 2)[-2] + "|" if rows_on else ""))
    lines += [
        "",
        "Quote pairs: every annotated BASIL quote with a speaker becomes a quote with its "
        "speaker hidden, and `group_quotes` aligns them by text alone. Same-statement pairs "
        "are labelled in `benchmarks/data/basil_quote_pairs.json` (84 of the 467 cross-outlet "
        "pairs that share a gold speaker; see its `about`). Claims: the sentences holding a "
        "labelled pair, when both are claims, should share a consensus group.",
        "",
        examples_section(),
    ]
    return "\n".join(lines)


def main() -> None:
    """Command line: print the section (and samples with ``--sample N``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(__file__).resolve().parents[1] / ".." / "shared" / "data",
    )
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--embeddings", choices=("off", "on"), default=None)
    args = parser.parse_args()
    if args.embeddings is None:
        print(run(args.shared))
        return
    fig = measure(args.shared, sample=args.sample, embeddings=args.embeddings)
    print("\n".join(_rows(fig)))
    if args.sample:
        print("### aligned claim pairs\n" + "\n".join(fig.samples))
        print("### terms\n" + "\n".join(fig.term_samples))
        print("### covered lex spans\n" + "\n".join(fig.lex_samples))


if __name__ == "__main__":
    main()
