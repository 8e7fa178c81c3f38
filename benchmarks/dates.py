"""Publication dates of web pages: day accuracy on two sets, newsweave beside htmldate.

* ``../shared/data/dates`` (174 pages, gold.json): the set the first rules were written on,
  kept as a floor (day accuracy >= 0.92, pinned in tests/eval/test_dates.py);
* ``../shared/data/dates-more`` (309 pages, gzipped): the other half of htmldate's own
  evaluation pages, which no rule had seen before issue 17.

Each set is split by :func:`newsweave.evaluation.tune_half` on the URL
(:func:`newsweave.evaluation.dates.load_pages`): the rules of
:func:`newsweave.ingest.pagedate.html_date` (byline date next to the headline, URL day,
publication cue, declared metadata in the publisher's local day, htmldate, URL month) were
chosen on the *tune* halves; the *report* halves were only measured. htmldate alone
(``original_date=True``, fast and extensive search) runs beside it in the same process.

Speed is pages per second of CPU time over one pass, htmldate's caches cleared before each
method. dateparser (used by htmldate's extensive search) loads its locales on its first call,
about 3 s once per process; that is done before timing and reported apart.

Reproduce: ``python -m benchmarks --only dates`` (or ``python -m benchmarks.dates``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsweave.evaluation import MissingData
from newsweave.evaluation.dates import DATE_SETS, load_pages, score
from newsweave.ingest.pagedate import html_date


def warm_dateparser() -> float:
    """Load dateparser's locales (its first call on unknown text); return the seconds taken."""
    import dateparser

    started = time.process_time()
    dateparser.parse("zzz 3 qqq 2019 www")
    return time.process_time() - started


def _htmldate(extensive: bool) -> Callable[[str, str], str | None]:
    from htmldate import find_date

    def find(html: str, url: str) -> str | None:
        try:
            found = find_date(
                html,
                url=url,
                original_date=True,
                extensive_search=extensive,
                outputformat="%Y-%m-%d",
            )
        except Exception:  # the baseline counts a crash as a miss
            return None
        return str(found) if found else None

    return find


def finders() -> dict[str, Callable[[str, str], str | None]]:
    """The configurations the benchmark compares, newsweave's first."""
    return {
        "newsweave `html_date`": lambda html, url: html_date(html, url),
        "htmldate (original date, fast)": _htmldate(False),
        "htmldate (original date, extensive)": _htmldate(True),
    }


def _table(name: str, shared_data: Path) -> list[str]:
    pages = load_pages(shared_data, name)
    lines = [
        f"### `{name}` ({len(pages)} pages)",
        "",
        "| method | tune | report | all | pages/s |",
        "|---|---|---|---|---|",
    ]
    scores = {}
    for method, finder in finders().items():
        s = scores[method] = score(pages, finder)
        lines.append(
            f"| {method} | {s.accuracy('tune'):.3f} ({s.correct.get('tune', 0)}/"
            f"{s.total.get('tune', 0)}) | {s.accuracy('report'):.3f} "
            f"({s.correct.get('report', 0)}/{s.total.get('report', 0)}) | "
            f"{s.accuracy():.3f} | {s.pages_per_second:.0f} |"
        )
    ours = scores["newsweave `html_date`"]
    peer = scores["htmldate (original date, extensive)"]
    lines += [
        "",
        f"newsweave minus htmldate extensive, report half: "
        f"{ours.accuracy('report') - peer.accuracy('report'):+.3f} "
        f"(tune half: {ours.accuracy('tune') - peer.accuracy('tune'):+.3f}).",
        "",
    ]
    return lines


def run(shared_data: Path) -> str:
    """Score date extraction on both date sets; return a Markdown section."""
    cold = warm_dateparser()
    lines = [
        "## Dates: publication day of web pages",
        "",
        "Command: `python -m benchmarks --only dates`. Data: `../shared/data/dates` (the floor "
        "set, >= 0.92 overall) and `../shared/data/dates-more` (the other half of htmldate's "
        "evaluation pages, unseen before issue 17), gold.json each. Accuracy at day "
        "granularity; rules chosen on the *tune* halves (`tune_half` of the URL), *report* "
        "halves only measured. htmldate runs beside newsweave in the same process. Pages/s = "
        f"CPU time of one pass; dateparser's one-time locale loading ({cold:.1f} s) excluded.",
        "",
    ]
    for name in DATE_SETS:
        try:
            lines += _table(name, shared_data)
        except MissingData as exc:
            lines += [f"### `{name}`", "", f"Skipped: {exc}", ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    sys.stdout.write(run(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
