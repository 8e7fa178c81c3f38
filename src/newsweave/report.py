"""Reports of an analysis: the JSON contract, plain text (rich), Markdown and HTML.

The JSON shape is a contract read by evaluation scripts (see README, "analyze --json"); change
it only by adding keys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from newsweave.models import (
    Article,
    Claim,
    Coverage,
    Event,
    QuoteGroup,
    QuoteVariant,
    RunReport,
    Storyline,
)
from newsweave.outlets import outlet_label


def article_json(article: Article) -> dict[str, Any]:
    """An article as the ``analyze --json`` contract shows it."""
    return {
        "id": article.id,
        "path": article.path,
        "outlet": article.outlet,
        "title": article.title,
        "date": article.date,
        "date_flags": [f.to_dict() for f in article.date_flags],
        "text": article.text,
        "url": article.url,
        "language": article.language,
        "cited_sources": list(article.cited_sources),
        "duplicate_of": article.duplicate_of,
        "removed_lines": [r.to_dict() for r in article.removed_lines],
    }


def _variant_json(v: QuoteVariant) -> dict[str, Any]:
    return {
        "outlet": v.outlet,
        "article": v.article,
        "text": v.text,
        "kind": v.kind,
        "verdict": v.verdict,
        "evidence": v.evidence,  # the differing words when "altered" / why "uncertain"
    }


def _quote_json(q: QuoteGroup) -> dict[str, Any]:
    return {
        "speaker": q.speaker,
        "variants": [_variant_json(v) for v in q.variants],
        "verdict": q.verdict,
        # the same statement in other outlets' reported speech (never a rendering of it)
        "reported": [_variant_json(v) for v in q.reported],
    }


def _claim_json(claim: Claim) -> dict[str, Any]:
    return {"text": claim.text, "article": claim.article_id, "start": claim.start, "end": claim.end}


def event_json(event: Event, coverage: Coverage | None) -> dict[str, Any]:
    """An event with its coverage comparison, as the ``analyze --json`` contract shows it."""
    cov = coverage or Coverage(event_id=event.id)
    return {
        "id": event.id,
        "title": event.title,
        "date": event.date,
        "articles": list(event.article_ids),
        "storyline": event.storyline_id,
        "consensus": [
            {
                "text": g.text,
                "outlets": list(g.outlets),
                "sources": list(g.sources),
                "claims": [_claim_json(c) for c in g.claims],
            }
            for g in cov.consensus
        ],
        "unique": {o: [_claim_json(c) for c in claims] for o, claims in cov.unique.items()},
        "omissions": {o: list(texts) for o, texts in cov.omissions.items()},
        "quotes": [_quote_json(q) for q in cov.quotes],
        # statements only ever reported in indirect speech (same shape as "quotes")
        "reported": [_quote_json(q) for q in cov.reported],
        "terms": [
            {
                "concept": t.concept,
                "variants": {k: list(v) for k, v in t.variants.items()},
                "source": t.source,
            }
            for t in cov.terms
        ],
        "contradictions": [
            {
                "kind": c.kind,
                "detail": c.detail,
                "a": {"outlet": c.a.outlet, "article": c.a.article_id, "text": c.a.text},
                "b": {"outlet": c.b.outlet, "article": c.b.article_id, "text": c.b.text},
            }
            for c in cov.contradictions
        ],
        "summary": [
            {"text": s.text, "cites": list(s.cites), "outlets": list(s.outlets), "label": s.label}
            for s in cov.summary
        ],
    }


def report_json(report: RunReport) -> dict[str, Any]:
    """A run report with counts."""
    return {
        "run_id": report.run_id,
        "counts": report.counts,
        "items": [i.to_dict() for i in report.items],
        "stage_errors": list(report.stage_errors),
    }


def analysis_json(
    articles: Sequence[Article],
    events: Sequence[Event],
    storylines: Sequence[Storyline],
    coverage: Mapping[str, Coverage],
    report: RunReport | None,
) -> dict[str, Any]:
    """The whole ``analyze --json`` object."""
    return {
        "articles": [article_json(a) for a in articles],
        "events": [event_json(e, coverage.get(e.id)) for e in events],
        "storylines": [
            {"id": s.id, "title": s.title, "events": list(s.event_ids)} for s in storylines
        ],
        "report": report_json(report) if report else None,
    }


# -- human-readable views --------------------------------------------------------------------


def _event_outlets(event: Event, by_id: Mapping[str, Article]) -> list[str]:
    return sorted({outlet_label(by_id[i]) for i in event.article_ids if i in by_id})


def plural(count: int, word: str, words: str | None = None) -> str:
    """``"1 article"``, ``"2 articles"`` (``words`` for an irregular plural)."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def chronological(events: Sequence[Event], storylines: Sequence[Storyline] = ()) -> list[Event]:
    """``events`` in time order, as :meth:`newsweave.store.Store.events` lists them.

    By date, then id. An undated event stands at the date of the first dated event of its
    storyline, just before it: nothing says it came later, and it must never be listed after
    its own follow-up. An undated event with no dated storyline mate comes last. Storyline
    membership is ``Event.storyline_id``, or else the storylines' ``event_ids``.
    """
    story_of = {eid: s.id for s in storylines for eid in s.event_ids}
    story = {e.id: e.storyline_id or story_of.get(e.id) for e in events}
    first: dict[str, str] = {}
    for e in events:
        sid = story[e.id]
        if sid and e.date and (sid not in first or e.date < first[sid]):
            first[sid] = e.date

    def key(e: Event) -> tuple[bool, str, bool, str, str]:
        sid = story[e.id]
        anchor = e.date or (first.get(sid) if sid else None)
        return (anchor is None, anchor or "", e.date is not None, e.date or "", e.id)

    return sorted(events, key=key)


def _storyline_groups(
    events: Sequence[Event], storylines: Sequence[Storyline]
) -> list[tuple[Storyline | None, list[Event]]]:
    by_id = {e.id: e for e in events}
    groups: list[tuple[Storyline | None, list[Event]]] = []
    seen: set[str] = set()
    for story in storylines:
        members = chronological([by_id[i] for i in story.event_ids if i in by_id], [story])
        seen.update(e.id for e in members)
        groups.append((story, members))
    rest = chronological([e for e in events if e.id not in seen])
    if rest:
        groups.append((None, rest))
    return groups


def render_markdown(
    articles: Sequence[Article],
    events: Sequence[Event],
    storylines: Sequence[Storyline],
    coverage: Mapping[str, Coverage],
    report: RunReport | None,
) -> str:
    """The report as Markdown (article text is data: Markdown control characters escaped)."""
    by_id = {a.id: a for a in articles}
    lines: list[str] = ["# newsweave report", ""]
    if report is not None:
        counts = report.counts
        lines.append(
            f"{plural(len(articles), 'article')}, {plural(len(events), 'event')}, "
            f"{plural(len(storylines), 'storyline')}. "
            f"Input items: {counts['ingested']} ingested, {counts['duplicate']} duplicate, "
            f"{counts['rejected']} rejected."
        )
        lines.append("")
    for story, members in _storyline_groups(events, storylines):
        lines += [f"## Storyline: {_md(story.title) if story else 'unlinked events'}", ""]
        for event in members:
            cov = coverage.get(event.id) or Coverage(event_id=event.id)
            outlets = _event_outlets(event, by_id)
            lines += [
                f"### {_md(event.title)}",
                "",
                f"`{event.id}` · {event.date or 'undated'} · "
                f"{plural(len(event.article_ids), 'article')} · "
                f"{'outlet' if len(outlets) == 1 else 'outlets'}: {_md(', '.join(outlets))}",
                "",
            ]
            if cov.summary:
                lines.append("**Summary**")
                lines.append("")
                for s in cov.summary:
                    tag = "" if s.label == "consensus" else f" *(only {_md(', '.join(s.outlets))})*"
                    lines.append(f"- {_md(s.text)}{tag} [{', '.join(s.cites)}]")
                lines.append("")
            if cov.quotes:
                lines.append("**Quotes as each outlet rendered them**")
                lines.append("")
                for q in cov.quotes:
                    lines.append(f"- {_md(q.speaker or 'unknown speaker')} — *{q.verdict}*")
                    for v in q.variants:
                        tag = f" *({v.verdict})*" if v.verdict else ""
                        why = f" — {_md(v.evidence)}" if v.evidence else ""
                        lines.append(f"  - {_md(v.outlet)}: “{_md(v.text)}”{tag}{why}")
                    for v in q.reported:
                        lines.append(f"  - {_md(v.outlet)}, in its own words: {_md(v.text)}")
                lines.append("")
            if cov.terms:
                lines.append("**Word choice**")
                lines.append("")
                for t in cov.terms:
                    parts = "; ".join(
                        f"“{_md(term)}” ({_md(', '.join(outs))})"
                        for term, outs in t.variants.items()
                    )
                    lines.append(f"- {_md(t.concept)}: {parts}")
                lines.append("")
            if cov.unique:
                lines.append("**Only one outlet reports**")
                lines.append("")
                for outlet, claims in cov.unique.items():
                    for c in claims[:3]:
                        lines.append(f"- {_md(outlet)}: {_md(c.text)}")
                lines.append("")
            if cov.omissions:
                lines.append("**Omissions** (shared facts an outlet leaves out)")
                lines.append("")
                for outlet, texts in cov.omissions.items():
                    lines.append(
                        f"- {_md(outlet)} omits {len(texts)}: "
                        + "; ".join(_md(t) for t in texts[:2])
                    )
                lines.append("")
            if cov.contradictions:
                lines.append("**Contradictions**")
                lines.append("")
                for con in cov.contradictions:
                    lines.append(
                        f"- {con.kind}: {_md(con.a.outlet)} “{_md(con.a.text)}” vs "
                        f"{_md(con.b.outlet)} “{_md(con.b.text)}” ({_md(con.detail)})"
                    )
                lines.append("")
            flagged = [by_id[i] for i in event.article_ids if i in by_id and by_id[i].date_flags]
            for a in flagged:
                for f in a.date_flags:
                    lines.append(
                        f"> Date flag on `{a.id}`: claims {f.claimed}, evidence suggests "
                        f"{f.estimate} ({f.kind}: {_md('; '.join(f.evidence))})"
                    )
                lines.append("")
    if report is not None:
        rejected = [i for i in report.items if i.status == "rejected"]
        if rejected:
            lines += ["## Rejected input", ""]
            lines += [f"- `{i.source}`: {_md(i.reason or '')}" for i in rejected]
            lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    """Escape Markdown/HTML control characters in untrusted text."""
    out = []
    for ch in text:
        if ch in "\\`*_[]<>#|":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out).replace("\n", " ")


def render_html(
    articles: Sequence[Article],
    events: Sequence[Event],
    storylines: Sequence[Storyline],
    coverage: Mapping[str, Coverage],
    report: RunReport | None,
) -> str:
    """A self-contained HTML report (every piece of article text escaped by Jinja2)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("newsweave", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    by_id = {a.id: a for a in articles}
    groups = _storyline_groups(events, storylines)
    return env.get_template("report.html").render(
        groups=groups,
        coverage=coverage,
        by_id=by_id,
        outlets_of=lambda e: _event_outlets(e, by_id),
        plural=plural,
        report=report,
        counts=report.counts if report else None,
        n_articles=len(articles),
        n_events=len(events),
        n_storylines=len(storylines),
    )


def outlet_counts(articles: Sequence[Article]) -> Counter[str]:
    """Articles per outlet label."""
    return Counter(outlet_label(a) for a in articles)
