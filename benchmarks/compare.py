"""Coverage comparison on BASIL (60 events x 3 outlets): quote alignment, word choice, speed.

Reproduce: ``python -m benchmarks.compare`` (``--sample N`` also prints N aligned claim pairs
and N discovered terms for reading).

Figures:

- **quote-pair alignment precision** (text only): every annotated quote of a triplet (BASIL
  phrase annotations with ``quote = yes`` and a speaker) becomes a quote *with its speaker
  hidden*; :func:`newsweave.compare.quotes.group_quotes` groups them by text alone. An aligned
  cross-outlet pair is counted correct when both quotes have the same gold speaker (same
  statement implies same speaker, so this is an upper bound on true precision). Also given:
  how many same-speaker cross-outlet pairs exist and how many were aligned.
- **claim alignment precision on quote claims**: consensus groups of ``compare_event``; every
  cross-outlet pair of claims that both contain an annotated quote is correct when the
  speakers agree.
- **lex coverage**: share of BASIL ``lex`` (word-choice bias) spans that overlap an occurrence,
  in that article, of a term newsweave reports as the article's outlet's word choice.
- **time per event**: ``compare_event`` on the model-free path (3 articles, ~600 words each).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import SkipBenchmark
from newsweave.compare import compare_event, load_lexicon
from newsweave.compare.quotes import QuoteItem, group_quotes
from newsweave.compare.terms import _term_pattern
from newsweave.config import Settings
from newsweave.models import Article, Coverage, Event, Quote
from newsweave.text import normalize_punct

_QUOTE_CHARS = "\"'“”‘’ "


@dataclass
class Span:
    """One BASIL phrase annotation located in our article text."""

    start: int
    end: int
    bias: str  # "lex" | "inf"
    quote: bool
    speaker: str
    text: str


@dataclass
class Triplet:
    """One BASIL event: three articles and their located annotations."""

    uuid: str
    articles: list[Article]
    spans: dict[str, list[Span]] = field(default_factory=dict)  # article id -> spans


def load_basil(root: Path) -> list[Triplet]:
    """Read BASIL articles and annotations from ``root`` (``articles/``, ``annotations/``)."""
    if not (root / "articles").is_dir():
        raise SkipBenchmark(f"BASIL not found at {root}")
    by_triplet: dict[str, Triplet] = {}
    for path in sorted((root / "articles").glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        uuid = data["triplet-uuid"]
        text = "\n".join(" ".join(p) for p in data["body-paragraphs"])
        aid = f"{uuid[:8]}_{path.stem.rsplit('_', 1)[1]}"
        art = Article(
            id=aid,
            text=text,
            title=data.get("title"),
            outlet=str(data["source"]).lower(),
            date=data.get("date"),
        )
        trip = by_triplet.setdefault(uuid, Triplet(uuid, []))
        trip.articles.append(art)
        ann_path = root / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        spans: list[Span] = []
        if ann_path.is_file():
            ann = json.loads(ann_path.read_text(encoding="utf-8"))
            for p in ann.get("phrase-level-annotations", []):
                start = text.find(p["txt"])
                if start < 0:
                    continue
                spans.append(
                    Span(
                        start,
                        start + len(p["txt"]),
                        p["bias"],
                        p.get("quote") == "yes",
                        p.get("speaker", ""),
                        p["txt"],
                    )
                )
        trip.spans[aid] = spans
    return [by_triplet[k] for k in sorted(by_triplet)]


@dataclass
class Figures:
    """Measured figures of one BASIL run."""

    events: int = 0
    quote_pairs_aligned: int = 0
    quote_pairs_correct: int = 0
    same_speaker_pairs: int = 0
    same_speaker_aligned: int = 0
    claim_quote_pairs: int = 0
    claim_quote_correct: int = 0
    lex_spans: int = 0
    lex_covered: int = 0
    term_concepts: int = 0
    term_occurrences: int = 0
    term_occurrences_in_spans: int = 0
    times: list[float] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)
    term_samples: list[str] = field(default_factory=list)

    @property
    def quote_precision(self) -> float:
        return self.quote_pairs_correct / max(1, self.quote_pairs_aligned)

    @property
    def claim_precision(self) -> float:
        return self.claim_quote_correct / max(1, self.claim_quote_pairs)

    @property
    def lex_coverage(self) -> float:
        return self.lex_covered / max(1, self.lex_spans)


def _quote_pairs(trip: Triplet, fig: Figures) -> None:
    items: list[QuoteItem] = []
    speakers: list[str] = []
    for art in trip.articles:
        for sp in trip.spans.get(art.id, []):
            if not (sp.quote and sp.speaker):
                continue
            text = sp.text.strip(_QUOTE_CHARS)
            quote = Quote(text=text, speaker=None, kind="direct", start=sp.start, end=sp.end)
            items.append(QuoteItem(quote, art.id, art.outlet or art.id, art.id))
            speakers.append(sp.speaker)
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i].outlet != items[j].outlet and speakers[i] == speakers[j]:
                fig.same_speaker_pairs += 1
    index = {(it.article, it.quote.start, it.quote.end): k for k, it in enumerate(items)}
    for group in group_quotes(items):
        members = [
            index[(v.article, it.quote.start, it.quote.end)]
            for v in group.variants
            for it in items
            if it.article == v.article and it.quote.text == v.text
        ]
        members = sorted(set(members))
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if items[i].outlet == items[j].outlet:
                    continue
                fig.quote_pairs_aligned += 1
                if speakers[i] == speakers[j]:
                    fig.quote_pairs_correct += 1
                    fig.same_speaker_aligned += 1


def _claim_pairs(trip: Triplet, cov: Coverage, fig: Figures, sample: int) -> None:
    def speakers_of(article: str, start: int, end: int) -> set[str]:
        return {
            sp.speaker
            for sp in trip.spans.get(article, [])
            if sp.quote and sp.speaker and sp.start < end and start < sp.end
        }

    for group in cov.consensus:
        claims = list(group.claims)
        for x, a in enumerate(claims):
            for b in claims[x + 1 :]:
                if len(fig.samples) < sample:
                    fig.samples.append(f"- {a.outlet}: {a.text}\n  {b.outlet}: {b.text}")
                sa = speakers_of(a.article_id, a.start, a.end)
                sb = speakers_of(b.article_id, b.start, b.end)
                if sa and sb:
                    fig.claim_quote_pairs += 1
                    fig.claim_quote_correct += bool(sa & sb)


def _lex(trip: Triplet, cov: Coverage, fig: Figures, sample: int) -> None:
    fig.term_concepts += len(cov.terms)
    for t in cov.terms:
        if len(fig.term_samples) < sample:
            fig.term_samples.append(f"- [{t.source}] {t.concept}: {dict(t.variants)}")
    for art in trip.articles:
        spans = trip.spans.get(art.id, [])
        lex = [s for s in spans if s.bias == "lex"]
        fig.lex_spans += len(lex)
        terms = [term for t in cov.terms for term, outs in t.variants.items() if art.outlet in outs]
        hits: list[tuple[int, int]] = []
        norm = normalize_punct(art.text)
        for term in terms:
            hits.extend((m.start(), m.end()) for m in _term_pattern(term).finditer(norm))
        fig.term_occurrences += len(hits)
        fig.term_occurrences_in_spans += sum(
            1 for s, e in hits if any(sp.start < e and s < sp.end for sp in spans)
        )
        fig.lex_covered += sum(1 for sp in lex if any(sp.start < e and s < sp.end for s, e in hits))


def measure(shared_data: Path, sample: int = 0) -> Figures:
    """Run the comparison on every BASIL triplet and collect the figures."""
    triplets = load_basil(shared_data / "basil")
    settings = Settings(embeddings="off")
    lexicon = load_lexicon()
    fig = Figures()
    for trip in triplets:
        event = Event(trip.uuid, trip.uuid, None, tuple(a.id for a in trip.articles))
        start = time.perf_counter()
        cov = compare_event(event, trip.articles, settings, lexicon)
        fig.times.append(time.perf_counter() - start)
        fig.events += 1
        _quote_pairs(trip, fig)
        _claim_pairs(trip, cov, fig, sample)
        _lex(trip, cov, fig, sample)
    return fig


def run(shared_data: Path) -> str:
    """Return the Markdown section for BENCHMARKS.md."""
    fig = measure(shared_data)
    times = sorted(fig.times)
    p95 = times[int(0.95 * (len(times) - 1))]
    return "\n".join(
        [
            "## Coverage comparison (BASIL, 60 events x 3 outlets)",
            "",
            "`python -m benchmarks.compare` — model-free path (no embeddings).",
            "",
            "| figure | value |",
            "|---|---|",
            f"| events | {fig.events} |",
            f"| quote-pair alignment precision, text only (same gold speaker) | "
            f"{fig.quote_precision:.3f} ({fig.quote_pairs_correct}/{fig.quote_pairs_aligned}) |",
            f"| same-speaker cross-outlet quote pairs aligned | "
            f"{fig.same_speaker_aligned}/{fig.same_speaker_pairs} |",
            f"| claim alignment precision on claims holding quotes (speaker agrees) | "
            f"{fig.claim_precision:.3f} ({fig.claim_quote_correct}/{fig.claim_quote_pairs}) |",
            f"| `lex` spans covered by reported word-choice terms | "
            f"{fig.lex_coverage:.3f} ({fig.lex_covered}/{fig.lex_spans}) |",
            f"| word-choice concepts reported (all events) | {fig.term_concepts} |",
            f"| reported term occurrences inside any BASIL bias span | "
            f"{fig.term_occurrences_in_spans}/{fig.term_occurrences} |",
            f"| time per event, mean / p95 / max | {statistics.mean(times) * 1000:.0f} / "
            f"{p95 * 1000:.0f} / {times[-1] * 1000:.0f} ms |",
            "",
            "Same-speaker pairs are not all the same statement (a speaker says several things), "
            "so the aligned share of them is not a recall; precision counts a pair correct when "
            "the speakers agree, an upper bound on same-statement precision.",
            "",
        ]
    )


def main() -> None:
    """Command line: print the section (and samples with ``--sample N``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(__file__).resolve().parents[1] / ".." / "shared" / "data",
    )
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    print(run(args.shared))
    if args.sample:
        fig = measure(args.shared, sample=args.sample)
        print("### aligned claim pairs\n" + "\n".join(fig.samples))
        print("### terms\n" + "\n".join(fig.term_samples))


if __name__ == "__main__":
    main()
