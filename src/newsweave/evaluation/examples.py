"""Coverage comparison on the bundled example corpus, scored against examples/expected.json.

``python -m benchmarks.compare_examples`` prints these figures. The corpus is fictional and
written for newsweave (examples/README.md); its gold lists the planted contradictions,
outlet-only facts and quote variants. The articles go through the real pipeline (ingest,
clean, extract with outlet profiles, dedup); events are the gold events, so these figures
measure comparison alone, not clustering.

Figures:

- **contradictions**: a gold contradiction is found when a reported contradiction of its
  event sets a value of one side against a value of the other (numbers and dates read from
  the gold values and from the reported detail). A reported contradiction that matches no
  gold entry is counted false.
- **unique facts**: a gold outlet-only fact is found when its evidence phrase is inside a
  claim that the comparison lists as unique to that outlet (recall).
- **quote variants**: gold renderings found in the same quote group as the statement's
  reference rendering (recall), and how many of those get the gold per-variant verdict.
- **summary**: a sentence is unsupported when it cites nothing, is not a verbatim sentence of
  one of the articles it cites, or states a number or date that a cited article does not
  state anywhere (must be 0); consensus sentences must cite two outlets.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from newsweave.compare import compare_event, load_lexicon
from newsweave.compare.normalize import dates, numbers
from newsweave.config import Settings
from newsweave.evaluation import CHECKOUT
from newsweave.models import Article, Contradiction, Coverage, Event

EXAMPLES = CHECKOUT / "examples"


def expected() -> dict[str, Any]:
    """examples/expected.json."""
    data: dict[str, Any] = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    return data


@cache
def processed_articles(embeddings: str = "off") -> tuple[Article, ...]:
    """The example corpus through ingest, clean, extract (with outlet profiles) and dedup."""
    from newsweave.ingest import read_inputs
    from newsweave.pipeline import process_articles

    settings = Settings(
        embeddings=embeddings, ner="off", outlets_file=str(EXAMPLES / "outlets.toml")
    )
    items = [x for x in read_inputs([EXAMPLES / "corpus"], settings) if isinstance(x, Article)]
    return tuple(process_articles(items, settings))


def gold_events() -> list[Event]:
    """The gold events of examples/expected.json as :class:`Event` records."""
    return [
        Event(e["key"], e["title"], e["date"], tuple(e["articles"]), e.get("storyline"))
        for e in expected()["events"]
    ]


def _marks(text: str) -> set[str]:
    """Numbers and dates in ``text`` as comparable keys."""
    out = {f"{v:g}" for v, _, _ in numbers(text)}
    out.update(dates(text))
    out.update(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", text.replace(",", "")))
    return out


def _matches(found: Contradiction, gold: dict[str, Any]) -> bool:
    sides = [_marks(v) for v in gold["values"].values()]
    left, _, right = found.detail.partition(" vs ")
    ml, mr = _marks(left), _marks(right)
    for x in sides:
        for y in sides:
            # What tells the two sides apart: "September 14, 2021" / "14 October 2021".
            dx, dy = x - y, y - x
            if dx and dy and dx & ml and dy & mr:
                return True
    return False


@dataclass
class ExampleFigures:
    """Figures of one run on the example corpus."""

    contradictions_gold: int = 0
    contradictions_found: int = 0
    contradictions_false: list[str] = field(default_factory=list)
    contradictions_missed: list[str] = field(default_factory=list)
    contradictions_misquote: int = 0
    unique_gold: int = 0
    unique_found: int = 0
    unique_missed: list[str] = field(default_factory=list)
    variants_gold: int = 0
    variants_grouped: int = 0
    variants_verdict_ok: int = 0
    summary_sentences: int = 0
    summary_unsupported: list[str] = field(default_factory=list)
    seconds: float = 0.0
    coverages: dict[str, Coverage] = field(default_factory=dict)


def measure(embeddings: str = "off") -> ExampleFigures:
    """Compare every gold event of the example corpus and score it against the gold."""
    arts = processed_articles(embeddings)
    by_id = {a.id: a for a in arts}
    settings = Settings(embeddings=embeddings)
    lexicon = load_lexicon()
    gold = expected()
    fig = ExampleFigures()
    start = time.perf_counter()
    for event in gold_events():
        members = [by_id[i] for i in event.article_ids if i in by_id]
        fig.coverages[event.id] = compare_event(event, members, settings, lexicon)
    fig.seconds = time.perf_counter() - start
    _score_contradictions(fig, gold)
    _score_unique(fig, gold)
    _score_quotes(fig, gold)
    _score_summary(fig, by_id)
    return fig


def _score_contradictions(fig: ExampleFigures, gold: dict[str, Any]) -> None:
    entries = gold["contradictions"]
    fig.contradictions_gold = len(entries)
    hit: set[int] = set()
    altered = _altered_renderings(gold)
    for key, cov in fig.coverages.items():
        for c in cov.contradictions:
            ok = [i for i, g in enumerate(entries) if g["event"] == key and _matches(c, g)]
            hit.update(ok)
            if not ok and _is_altered_quote(c, altered.get(key, [])):
                # Two renderings of one statement whose numbers differ, one of them marked
                # "altered" in the gold: a real contradiction (a misquote), counted apart.
                fig.contradictions_misquote += 1
                continue
            if not ok:
                fig.contradictions_false.append(
                    f"{key}: [{c.kind}] {c.detail} | {c.a.text} | {c.b.text}"
                )
    fig.contradictions_found = len(hit)
    fig.contradictions_missed = [
        f"{g['event']}: {g['detail']}" for i, g in enumerate(entries) if i not in hit
    ]


def _altered_renderings(gold: dict[str, Any]) -> dict[str, list[list[str]]]:
    """Per event, the renderings of each gold statement that has an "altered" variant."""
    out: dict[str, list[list[str]]] = {}
    for entry in gold["quote_variants"]:
        if any(v["verdict"] == "altered" for v in entry["variants"]):
            texts = [v["text"].lower() for v in entry["variants"]]
            out.setdefault(entry["event"], []).append(texts)
    return out


def _is_altered_quote(found: Contradiction, statements: list[list[str]]) -> bool:
    def inside(side: str, texts: list[str]) -> bool:
        side = side.lower()
        return any(t[:40] in side or side[:40] in t for t in texts)

    return any(inside(found.a.text, t) and inside(found.b.text, t) for t in statements)


def _score_unique(fig: ExampleFigures, gold: dict[str, Any]) -> None:
    for fact in gold["unique_facts"]:
        fig.unique_gold += 1
        cov = fig.coverages[fact["event"]]
        needle = fact["evidence"].lower()
        if any(needle in c.text.lower() for c in cov.unique.get(fact["outlet"], ())):
            fig.unique_found += 1
        else:
            fig.unique_missed.append(f"{fact['event']} / {fact['outlet']}: {fact['evidence']}")


def _score_quotes(fig: ExampleFigures, gold: dict[str, Any]) -> None:
    """Gold renderings of a statement against newsweave's quote groups.

    The gold names whole renderings; newsweave compares a quotation sentence by sentence
    (:func:`newsweave.compare.quotes.statement_pieces`), so a rendering is read as its pieces
    (the renderings of its article that lie inside its text, or the whole rendering). It is
    grouped with its statement when one of its pieces shares a group with a piece of the
    statement's first gold rendering; its verdict is right when its pieces' verdicts say the
    gold one: "altered" when one piece is altered, "paraphrased" when one is paraphrased or
    uncertain (none altered), "trimmed" when all grouped pieces are verbatim or trimmed (a
    cut quotation is verbatim sentence by sentence), "verbatim" when all are verbatim.
    """

    def norm(text: str) -> str:
        return " ".join(text.lower().split())

    def pieces(cov: Coverage, v: dict[str, Any]) -> list[tuple[int, str]]:
        whole = norm(v["text"])
        found = []
        for gi, g in enumerate(cov.quotes):
            for x in (*g.variants, *g.reported):
                text = norm(x.text)
                if x.article == v["article"] and (
                    text in whole or whole in text or text[:30] in whole or whole[:30] in text
                ):
                    found.append((gi, x.verdict))
        return found

    for entry in gold["quote_variants"]:
        cov = fig.coverages[entry["event"]]
        ref_groups = {gi for gi, _ in pieces(cov, entry["variants"][0])}
        for v in entry["variants"]:
            fig.variants_gold += 1
            mine = pieces(cov, v)
            if not ref_groups or not any(gi in ref_groups for gi, _ in mine):
                continue
            fig.variants_grouped += 1
            shared = [verdict for gi, verdict in mine if gi in ref_groups]
            fig.variants_verdict_ok += _verdict_says(shared, v["verdict"])


def _verdict_says(verdicts: list[str], wanted: str) -> bool:
    """Whether the verdicts of a rendering's grouped pieces say the statement-level one."""
    if wanted == "altered":
        return "altered" in verdicts
    if "altered" in verdicts:
        return False
    if wanted == "paraphrased":
        return bool({"paraphrased", "uncertain"} & set(verdicts))
    if wanted == "trimmed":
        return set(verdicts) <= {"verbatim", "trimmed"}
    return set(verdicts) <= {"verbatim"}


def _score_summary(fig: ExampleFigures, by_id: dict[str, Article]) -> None:
    for key, cov in fig.coverages.items():
        for s in cov.summary:
            fig.summary_sentences += 1
            texts = [by_id[c].text for c in s.cites if c in by_id]
            facts = _marks(s.text)
            if not s.cites or len(texts) != len(s.cites):
                fig.summary_unsupported.append(f"{key}: cites unknown articles: {s.text}")
            elif not any(s.text in t for t in texts):
                fig.summary_unsupported.append(f"{key}: in no cited article: {s.text}")
            elif not all(facts <= _marks(t) for t in texts):
                fig.summary_unsupported.append(f"{key}: a cited article lacks its facts: {s.text}")
            elif s.label == "consensus" and len(set(s.outlets)) < 2:
                fig.summary_unsupported.append(f"{key}: consensus with one outlet: {s.text}")
