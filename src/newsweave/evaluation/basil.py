"""Coverage comparison on BASIL (60 events x 3 outlets): the reader of its articles and phrase
annotations, and the figures ``compare_event`` is scored by.

- **quote-pair alignment precision** (text only): every annotated quote of a triplet (BASIL
  phrase annotations with ``quote = yes`` and a speaker) becomes a quote *with its speaker
  hidden*; :func:`newsweave.compare.quotes.group_quotes` groups them by text alone. An aligned
  cross-outlet pair is counted correct when both quotes have the same gold speaker (same
  statement implies same speaker, so this is an upper bound on true precision), and checked
  against the labelled same-statement pairs of ``benchmarks/data/basil_quote_pairs.json``.
- **claim alignment precision on quote claims**: consensus groups of ``compare_event``; every
  cross-outlet pair of claims that both contain an annotated quote is correct when the
  speakers agree.
- **lex coverage**: share of BASIL ``lex`` (word-choice bias) spans that overlap an occurrence,
  in that article, of a term newsweave reports as the article's outlet's word choice.
- **time per event**: ``compare_event`` on the model-free path (3 articles, ~600 words each).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsweave.compare import compare_event, load_lexicon
from newsweave.compare.quotes import QuoteItem, group_quotes
from newsweave.compare.terms import _term_pattern
from newsweave.config import Settings
from newsweave.embeddings import Embedder, load_embedder
from newsweave.evaluation import CHECKOUT, MissingData
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
    ann_id: str = ""  # BASIL's annotation id ("p10")


@dataclass
class Triplet:
    """One BASIL event: three articles and their located annotations."""

    uuid: str
    articles: list[Article]
    spans: dict[str, list[Span]] = field(default_factory=dict)  # article id -> spans


def load_basil(root: Path) -> list[Triplet]:
    """Read BASIL articles and annotations from ``root`` (``articles/``, ``annotations/``)."""
    if not (root / "articles").is_dir():
        raise MissingData(f"BASIL not found at {root}")
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
                        str(p.get("id", "")),
                    )
                )
        trip.spans[aid] = spans
    return [by_triplet[k] for k in sorted(by_triplet)]


@dataclass
class Figures:
    """Measured figures of one BASIL run."""

    events: int = 0
    embeddings: bool = False
    quote_pairs_aligned: int = 0
    quote_pairs_correct: int = 0  # aligned pairs whose gold speakers agree
    quote_pairs_gold: int = 0  # labelled same-statement pairs (benchmarks/data)
    quote_pairs_gold_aligned: int = 0
    quote_pairs_aligned_true: int = 0  # aligned pairs that are labelled same-statement
    same_speaker_pairs: int = 0
    same_speaker_aligned: int = 0
    claim_quote_pairs: int = 0
    claim_quote_correct: int = 0
    claim_gold_pairs: int = 0  # labelled quote pairs whose claims could be compared
    claim_gold_aligned: int = 0
    lex_spans: int = 0
    lex_covered: int = 0
    term_concepts: int = 0
    term_occurrences: int = 0
    term_occurrences_in_spans: int = 0
    times: list[float] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)
    term_samples: list[str] = field(default_factory=list)
    lex_samples: list[str] = field(default_factory=list)

    @property
    def quote_precision(self) -> float:
        """Aligned cross-outlet quote pairs whose gold speakers agree (an upper bound)."""
        return self.quote_pairs_correct / max(1, self.quote_pairs_aligned)

    @property
    def quote_pair_precision(self) -> float:
        """Aligned cross-outlet quote pairs that are labelled the same statement."""
        return self.quote_pairs_aligned_true / max(1, self.quote_pairs_aligned)

    @property
    def quote_pair_recall(self) -> float:
        """Labelled same-statement pairs that were aligned."""
        return self.quote_pairs_gold_aligned / max(1, self.quote_pairs_gold)

    @property
    def claim_precision(self) -> float:
        return self.claim_quote_correct / max(1, self.claim_quote_pairs)

    @property
    def claim_recall(self) -> float:
        """Labelled same-statement quote pairs whose claims were grouped."""
        return self.claim_gold_aligned / max(1, self.claim_gold_pairs)

    @property
    def lex_coverage(self) -> float:
        return self.lex_covered / max(1, self.lex_spans)


GOLD_PAIRS = CHECKOUT / "benchmarks" / "data" / "basil_quote_pairs.json"


def gold_quote_pairs() -> set[frozenset[tuple[str, str]]]:
    """Labelled same-statement quote pairs: {(article, annotation id), (article, ann id)}."""
    data = json.loads(GOLD_PAIRS.read_text(encoding="utf-8"))
    return {frozenset({(a, x), (b, y)}) for a, x, b, y in data["pairs"]}


_HIDDEN = "Speaker Hidden"  # a stand-in name: grouping needs a named, equal speaker


def _quote_pairs(
    trip: Triplet, fig: Figures, gold: set[frozenset[tuple[str, str]]], embedder: Embedder | None
) -> None:
    items: list[QuoteItem] = []
    speakers: list[str] = []
    keys: list[tuple[str, str]] = []
    for art in trip.articles:
        for sp in trip.spans.get(art.id, []):
            if not (sp.quote and sp.speaker):
                continue
            text = sp.text.strip(_QUOTE_CHARS)
            # One stand-in speaker for every quote: grouping needs a known, equal speaker, so
            # the text alone decides which quotes are one statement.
            quote = Quote(text=text, speaker=_HIDDEN, kind="direct", start=sp.start, end=sp.end)
            items.append(QuoteItem(quote, art.id, art.outlet or art.id, art.id))
            speakers.append(sp.speaker)
            keys.append((art.id, sp.ann_id))
    present = {k for k in keys}
    fig.quote_pairs_gold += sum(1 for pair in gold if pair <= present)
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i].outlet != items[j].outlet and speakers[i] == speakers[j]:
                fig.same_speaker_pairs += 1
    index = {(it.article, it.quote.start, it.quote.end): k for k, it in enumerate(items)}
    for group in group_quotes(items, embedder):
        members = sorted(
            {
                index[(v.article, it.quote.start, it.quote.end)]
                for v in group.variants
                for it in items
                if it.article == v.article and it.quote.text == v.text
            }
        )
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if items[i].outlet == items[j].outlet:
                    continue
                fig.quote_pairs_aligned += 1
                same = frozenset({keys[i], keys[j]}) in gold
                fig.quote_pairs_aligned_true += same
                fig.quote_pairs_gold_aligned += same
                if speakers[i] == speakers[j]:
                    fig.quote_pairs_correct += 1
                    fig.same_speaker_aligned += 1


def _claim_pairs(
    trip: Triplet,
    cov: Coverage,
    fig: Figures,
    sample: int,
    gold: set[frozenset[tuple[str, str]]],
) -> None:
    def speakers_of(article: str, start: int, end: int) -> set[str]:
        return {
            sp.speaker
            for sp in trip.spans.get(article, [])
            if sp.quote and sp.speaker and sp.start < end and start < sp.end
        }

    group_of: dict[tuple[str, int], int] = {}
    for gi, group in enumerate(cov.consensus):
        claims = list(group.claims)
        for c in claims:
            group_of[(c.article_id, c.start)] = gi
        for x, a in enumerate(claims):
            for b in claims[x + 1 :]:
                if len(fig.samples) < sample:
                    fig.samples.append(f"- {a.outlet}: {a.text}\n  {b.outlet}: {b.text}")
                sa = speakers_of(a.article_id, a.start, a.end)
                sb = speakers_of(b.article_id, b.start, b.end)
                if sa and sb:
                    fig.claim_quote_pairs += 1
                    fig.claim_quote_correct += bool(sa & sb)
    # Recall proxy: a labelled same-statement quote pair whose two sentences are claims should
    # have those claims in one group (when the rest of the sentences agree too; a lower bound).
    claims_of = _claims_by_article(cov, trip)
    spans = {(art, sp.ann_id): sp for art, sps in trip.spans.items() for sp in sps}
    for pair in gold:
        (ka, kb) = tuple(pair)
        if ka not in spans or kb not in spans:
            continue
        ca = _claim_at(claims_of.get(ka[0], []), spans[ka])
        cb = _claim_at(claims_of.get(kb[0], []), spans[kb])
        if ca is None or cb is None:
            continue
        fig.claim_gold_pairs += 1
        ga, gb = group_of.get((ka[0], ca)), group_of.get((kb[0], cb))
        fig.claim_gold_aligned += ga is not None and ga == gb


def _claims_by_article(cov: Coverage, trip: Triplet) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for group in cov.consensus:
        for c in group.claims:
            out.setdefault(c.article_id, []).append((c.start, c.end))
    for claims in cov.unique.values():
        for c in claims:
            out.setdefault(c.article_id, []).append((c.start, c.end))
    return out


def _claim_at(claims: list[tuple[int, int]], span: Span) -> int | None:
    for start, end in claims:
        if start <= span.start and span.end <= end + 2:
            return start
    return None


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
        hits: list[tuple[int, int, str]] = []
        norm = normalize_punct(art.text)
        for term in terms:
            hits.extend((m.start(), m.end(), term) for m in _term_pattern(term).finditer(norm))
        fig.term_occurrences += len(hits)
        fig.term_occurrences_in_spans += sum(
            1 for s, e, _ in hits if any(sp.start < e and s < sp.end for sp in spans)
        )
        for sp in lex:
            hit = next((t for s, e, t in hits if sp.start < e and s < sp.end), None)
            if hit is not None:
                fig.lex_covered += 1
                if len(fig.lex_samples) < sample:
                    fig.lex_samples.append(f"- {art.outlet}: lex {sp.text!r} ~ term {hit!r}")


def measure(shared_data: Path, sample: int = 0, embeddings: str = "off") -> Figures:
    """Run the comparison on every BASIL triplet and collect the figures.

    Args:
        shared_data: the ``../shared/data`` folder.
        sample: how many aligned pairs and terms to keep for reading.
        embeddings: "off" (model-free path) or "on" (dense embeddings; raises ConfigError
            when the model is not installed).
    """
    triplets = load_basil(shared_data / "basil")
    settings = Settings(embeddings=embeddings)
    embedder = load_embedder(settings.embeddings, "compare")
    lexicon = load_lexicon()
    gold = gold_quote_pairs()
    fig = Figures(embeddings=embedder is not None)
    for trip in triplets:
        event = Event(trip.uuid, trip.uuid, None, tuple(a.id for a in trip.articles))
        start = time.perf_counter()
        cov = compare_event(event, trip.articles, settings, lexicon, embedder=embedder)
        fig.times.append(time.perf_counter() - start)
        fig.events += 1
        _quote_pairs(trip, fig, gold, embedder)
        _claim_pairs(trip, cov, fig, sample, gold)
        _lex(trip, cov, fig, sample)
    return fig
