"""Reports of an analysis: the JSON contract, plain text (rich), Markdown and HTML.

The JSON shape is a contract read by evaluation scripts (see README, "analyze --json"); change
it only by adding keys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsweave.models import (
    Article,
    Claim,
    ClaimGroup,
    Contradiction,
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
                "confidence": g.confidence,
            }
            for g in cov.consensus
        ],
        "unique": {
            o: [{**_claim_json(c), "confidence": c.confidence} for c in claims]
            for o, claims in cov.unique.items()
        },
        "omissions": {o: list(texts) for o, texts in cov.omissions.items()},
        # per outlet, the confidence of each omission in the order of "omissions"
        "omission_confidence": {o: list(cs) for o, cs in cov.omission_confidence.items()},
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
                "confidence": c.confidence,
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


#: Most entries of one list (outlet-only claims, omissions, contradictions, matrix facts) that
#: the text and Markdown reports print; the rest are counted ("… and N more"). The HTML report
#: folds them away instead. ``analyze --json`` always has every one.
LIST_LIMIT = 10


def _sure(confidence: float | None) -> float:
    return -1.0 if confidence is None else confidence


def exclusives(cov: Coverage) -> list[tuple[str, Claim]]:
    """Every "only this outlet" claim as ``(outlet, claim)``, surest first (then outlet and
    position in the article)."""
    pairs = [(o, c) for o, claims in cov.unique.items() for c in claims]
    return sorted(pairs, key=lambda p: (-_sure(p[1].confidence), p[0], p[1].article_id, p[1].index))


@dataclass(frozen=True, slots=True)
class Omission:
    """One omission of a report: ``outlet`` leaves out the fact ``text``."""

    outlet: str
    text: str
    confidence: float | None


def omissions(cov: Coverage) -> list[Omission]:
    """Every omission of ``cov``, surest first (then outlet and listing order)."""
    out = []
    for outlet, texts in cov.omissions.items():
        sure = cov.omission_confidence.get(outlet, ())
        for k, text in enumerate(texts):
            out.append(Omission(outlet, text, sure[k] if k < len(sure) else None))
    order = {id(o): k for k, o in enumerate(out)}
    return sorted(out, key=lambda o: (-_sure(o.confidence), order[id(o)]))


def contradictions(cov: Coverage) -> list[Contradiction]:
    """The contradictions of ``cov``, surest first (ties keep the comparison's order)."""
    return sorted(cov.contradictions, key=lambda c: -_sure(c.confidence))


@dataclass(frozen=True, slots=True)
class CoverageTable:
    """Facts (consensus claims) x outlets, ordered for reading.

    ``facts``: the consensus groups by number of outlets carrying them, then confidence, then
    the comparison's order; ``outlets``: by number of those facts they carry, then name;
    ``states[i][j]``: ``"shared"`` (outlet j carries fact i), ``"omitted"`` (listed as an
    omission of the outlet) or ``"absent"`` (not reported, not judged an omission);
    ``fact_totals[i]``: outlets carrying fact i; ``outlet_totals[j]``: facts outlet j carries.
    """

    facts: tuple[ClaimGroup, ...]
    outlets: tuple[str, ...]
    states: tuple[tuple[str, ...], ...]
    fact_totals: tuple[int, ...]
    outlet_totals: tuple[int, ...]


def coverage_table(cov: Coverage, outlets: Sequence[str]) -> CoverageTable:
    """The coverage matrix of ``cov`` over the event's ``outlets`` (see :class:`CoverageTable`);
    outlets that appear only in the comparison are added."""
    omitted = {o: set(texts) for o, texts in cov.omissions.items()}
    names = list(dict.fromkeys([*outlets, *(o for g in cov.consensus for o in g.outlets)]))
    order = {id(g): k for k, g in enumerate(cov.consensus)}
    facts = sorted(
        cov.consensus, key=lambda g: (-len(set(g.outlets)), -_sure(g.confidence), order[id(g)])
    )
    carried = Counter(o for g in facts for o in set(g.outlets))
    names.sort(key=lambda o: (-carried[o], o.startswith("["), o))

    def state(g: ClaimGroup, o: str) -> str:
        if o in g.outlets:
            return "shared"
        mine = omitted.get(o, set())
        return "omitted" if g.text in mine or any(c.text in mine for c in g.claims) else "absent"

    states = tuple(tuple(state(g, o) for o in names) for g in facts)
    return CoverageTable(
        facts=tuple(facts),
        outlets=tuple(names),
        states=states,
        fact_totals=tuple(len(set(g.outlets) & set(names)) for g in facts),
        outlet_totals=tuple(carried[o] for o in names),
    )


def _conf(confidence: float | None) -> str:
    return "" if confidence is None else f" (confidence {confidence:.2f})"


_MARK = {"shared": "●", "omitted": "○", "absent": "·"}


def _markdown_matrix(cov: Coverage, outlets: Sequence[str]) -> list[str]:
    table = coverage_table(cov, outlets)
    if not table.facts or len(table.outlets) < 2:
        return []
    lines = [
        "**Coverage matrix** (● carries, ○ omits, · not reported; facts by outlets carrying "
        "them, outlets by facts carried)",
        "",
        "| Fact | " + " | ".join(_md(o) for o in table.outlets) + " | Outlets |",
        "|---|" + "---|" * (len(table.outlets) + 1),
    ]
    for k, g in enumerate(table.facts[:LIST_LIMIT]):
        marks = " | ".join(_MARK[s] for s in table.states[k])
        lines.append(f"| {_md(_short(g.text))} | {marks} | {table.fact_totals[k]} |")
    totals = " | ".join(str(n) for n in table.outlet_totals)
    lines.append(f"| **Facts carried** | {totals} | {len(table.facts)} |")
    lines.append("")
    if len(table.facts) > LIST_LIMIT:
        lines += [f"… and {len(table.facts) - LIST_LIMIT} more facts", ""]
    return lines


def _short(text: str, most: int = 90) -> str:
    """``text`` cut at a word boundary to at most ``most`` characters (for table cells)."""
    if len(text) <= most:
        return text
    return text[:most].rsplit(" ", 1)[0] + " …"


def _more(lines: list[str], total: int) -> None:
    if total > LIST_LIMIT:
        lines.append(f"- … and {total - LIST_LIMIT} more")


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
            lines += _markdown_matrix(cov, outlets)
            only = exclusives(cov)
            if only:
                lines.append("**Only one outlet reports** (surest first)")
                lines.append("")
                for outlet, c in only[:LIST_LIMIT]:
                    lines.append(f"- {_md(outlet)}: {_md(c.text)}{_conf(c.confidence)}")
                _more(lines, len(only))
                lines.append("")
            left_out = omissions(cov)
            if left_out:
                lines.append("**Omissions** (shared facts an outlet leaves out; surest first)")
                lines.append("")
                for om in left_out[:LIST_LIMIT]:
                    lines.append(f"- {_md(om.outlet)} omits: {_md(om.text)}{_conf(om.confidence)}")
                _more(lines, len(left_out))
                lines.append("")
            clashes = contradictions(cov)
            if clashes:
                lines.append("**Contradictions** (surest first)")
                lines.append("")
                for con in clashes[:LIST_LIMIT]:
                    lines.append(
                        f"- {con.kind}: {_md(con.a.outlet)} “{_md(con.a.text)}” vs "
                        f"{_md(con.b.outlet)} “{_md(con.b.text)}” ({_md(con.detail)})"
                        f"{_conf(con.confidence)}"
                    )
                _more(lines, len(clashes))
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
        exclusives=exclusives,
        omissions=omissions,
        contradictions=contradictions,
        table=lambda e, cov: coverage_table(cov, _event_outlets(e, by_id)),
        limit=LIST_LIMIT,
        report=report,
        counts=report.counts if report else None,
        n_articles=len(articles),
        n_events=len(events),
        n_storylines=len(storylines),
    )


def outlet_counts(articles: Sequence[Article]) -> Counter[str]:
    """Articles per outlet label."""
    return Counter(outlet_label(a) for a in articles)
