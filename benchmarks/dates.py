"""Publication dates of web pages: day accuracy on ../shared/data/dates (174 pages, gold.json).

The pages are split in two halves by the parity of the MD5 of their URL
(:func:`newsweave.evaluation.dates.load_pages`): the rule order of
:func:`newsweave.ingest.pagedate.html_date` (declared metadata first, htmldate fast search, its
extensive search only when the fast one finds nothing, URL last) was chosen on the *tune* half;
the *report* half was only measured. htmldate alone, with and without extensive search, is
reported as the baseline.

Speed is pages per second of CPU time over one pass, htmldate's caches cleared before each
method. dateparser (used by htmldate's extensive search) loads its locales on its first call,
about 3 s once per process; that is done before timing and reported apart.

Reproduce: ``python -m benchmarks.dates`` (or ``make bench``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsweave.evaluation.dates import load_pages, score
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


def run(shared_data: Path) -> str:
    """Score date extraction on the date benchmark; return a Markdown section."""
    pages = load_pages(shared_data)
    cold = warm_dateparser()
    lines = [
        "## Dates: publication day of web pages",
        "",
        "Command: `python -m benchmarks.dates`. Data: `../shared/data/dates` "
        f"({len(pages)} pages, gold.json). Accuracy at day granularity; rules chosen on the "
        "*tune* half (MD5 of the URL even), *report* half only measured (looked at, not "
        "chosen on). Pages/s = CPU time "
        f"of one pass; dateparser's one-time locale loading ({cold:.1f} s) excluded.",
        "",
        "| method | tune | report | all | pages/s |",
        "|---|---|---|---|---|",
    ]
    for name, finder in finders().items():
        s = score(pages, finder)
        lines.append(
            f"| {name} | {s.accuracy('tune'):.3f} ({s.correct.get('tune', 0)}/"
            f"{s.total.get('tune', 0)}) | {s.accuracy('report'):.3f} "
            f"({s.correct.get('report', 0)}/{s.total.get('report', 0)}) | "
            f"{s.accuracy():.3f} | {s.pages_per_second:.0f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    sys.stdout.write(run(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
