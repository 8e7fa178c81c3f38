"""Coverage comparison on the bundled example corpus, scored against examples/expected.json.

Reproduce: ``python -m benchmarks.compare_examples``. The figures (contradictions, unique facts,
quote variants, unsupported summary sentences) are measured by
:func:`newsweave.evaluation.examples.measure`, whose module says how each is counted; this
module writes them as a BENCHMARKS.md section and lists what was missed or false.
"""

from __future__ import annotations

from newsweave.evaluation.examples import gold_events, measure


def section(embeddings: str = "off") -> str:
    """Markdown lines for BENCHMARKS.md."""
    fig = measure(embeddings)
    n_articles = sum(len(e.article_ids) for e in gold_events())
    return "\n".join(
        [
            "### Example corpus (examples/expected.json, gold events)",
            "",
            "`python -m benchmarks.compare_examples"
            + (
                " --embeddings on` — with dense embeddings."
                if embeddings == "on"
                else "` — model-free path."
            ),
            "",
            "| figure | value |",
            "|---|---|",
            f"| gold contradictions found | {fig.contradictions_found}/{fig.contradictions_gold} |",
            f"| reported contradictions between a statement's renderings, one gold-altered "
            f"(misquotes) | {fig.contradictions_misquote} |",
            f"| reported contradictions matching no gold entry | {len(fig.contradictions_false)} |",
            f"| outlet-only facts listed as unique to their outlet (recall) | "
            f"{fig.unique_found}/{fig.unique_gold} |",
            f"| gold quote renderings grouped with their statement | "
            f"{fig.variants_grouped}/{fig.variants_gold} |",
            f"| ... with the gold per-variant verdict | "
            f"{fig.variants_verdict_ok}/{fig.variants_grouped} |",
            f"| summary sentences unsupported by a cited article | "
            f"{len(fig.summary_unsupported)}/{fig.summary_sentences} |",
            f"| compare time, {len(fig.coverages)} events / {n_articles} articles | "
            f"{fig.seconds * 1000:.0f} ms |",
            "",
        ]
    )


def main() -> None:
    """Print the figures and what was missed or false."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embeddings", choices=("off", "on"), default="off")
    args = parser.parse_args()
    print(section(args.embeddings))
    fig = measure(args.embeddings)
    for title, rows in (
        ("false contradictions", fig.contradictions_false),
        ("missed contradictions", fig.contradictions_missed),
        ("missed unique facts", fig.unique_missed),
        ("unsupported summary sentences", fig.summary_unsupported),
    ):
        print(f"### {title}\n" + "\n".join(f"- {r}" for r in rows))


if __name__ == "__main__":
    main()
