"""Run every benchmark and write BENCHMARKS.md: ``python -m benchmarks [--only NAME] [--out FILE]``.

Each benchmark module's ``run(shared_data)`` returns a Markdown section; a module whose data is
absent raises :class:`benchmarks.SkipBenchmark` (or its reader
:class:`newsweave.evaluation.MissingData`) and is listed as skipped with its reason.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import SkipBenchmark
from newsweave.evaluation import MissingData

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = (REPO / ".." / "shared" / "data").resolve()
ORDER = [
    "extraction",
    "dates",
    "clustering",
    "stream",
    "polnear",
    "compare",
    "comparison_gold",
    "speed",
    "web",
    "scale",
    "spark",
]


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_kb = int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        mem = f"{mem_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        mem = "RAM unknown"
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _modules() -> list[str]:
    found = sorted(p.stem for p in Path(__file__).parent.glob("*.py") if not p.stem.startswith("_"))
    return sorted(found, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    parser.add_argument("--out", default=None, help="write the Markdown here (default: stdout)")
    parser.add_argument("--shared", default=str(DEFAULT_SHARED), help="the shared data folder")
    args = parser.parse_args(argv)
    names = args.only or _modules()
    sections: list[str] = []
    failed = False
    for name in names:
        started = time.perf_counter()
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            section = module.run(Path(args.shared))
        except (SkipBenchmark, MissingData) as exc:
            section = f"## {name}\n\nSkipped: {exc}\n"
        except Exception:  # one broken benchmark must not hide the others
            failed = True
            section = f"## {name}\n\nFAILED:\n\n```\n{traceback.format_exc()}```\n"
        took = time.perf_counter() - started
        print(f"[bench] {name} done in {took:.0f} s", file=sys.stderr, flush=True)
        sections.append(section.rstrip() + f"\n\n_(section took {took:.0f} s)_\n")
    header = (
        "# newsweave benchmarks\n\n"
        f"Command: `make bench` (= `python -m benchmarks --out BENCHMARKS.md`)\n\n"
        f"Machine: {_machine()}\n\n"
        f"Run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, commit {_commit()}\n\n"
        "Data: `../shared/data` (read in place, never copied). Quality floors measured here are "
        "pinned in `tests/eval/`.\n"
    )
    text = header + "\n" + "\n".join(sections)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"[bench] wrote {args.out}", file=sys.stderr)
    else:
        print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
