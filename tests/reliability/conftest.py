"""Shared helpers of the reliability suite: a synthetic corpus, the CLI as a real subprocess,
small filesystems (full or read-only) and fault counters reported at the end of the run.

Everything is generated on the fly in ``tmp_path``; nothing large is committed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

#: Figures the suite measures (cases run, faults injected, items lost), printed at the end of
#: the session so RELIABILITY.md can quote a real run. Keys are free-form counter names.
FIGURES: Counter[str] = Counter()


def count(name: str, n: int = 1) -> None:
    """Add ``n`` to the suite-wide figure ``name`` (shown in the terminal summary)."""
    FIGURES[name] += n


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for name in sorted(FIGURES):
        terminalreporter.write_line(f"{name}: {FIGURES[name]}")


# -- a synthetic corpus ----------------------------------------------------------------------

_PLACES = (
    "Varnholt Salbrino Duneholm Kessling Orvieto Maravent Tollby Ressan Quillon Averno".split()
)
_PEOPLE = (
    "Ilse Brandauer|Tomas Quirevel|Petra Vashenko|Anton Greiss|Mira Holtz|Joran Pell|"
    "Sofia Adeyemi|Karel Dvorsky|Lena Marsh|Oskar Tamm"
).split("|")
_HAPPENINGS = (
    "An earthquake of magnitude {n}.1 struck near {place}, damaging {m} homes, {person} said.",
    "Dock workers in {place} walked out over a {n} percent pay cut, union leader {person} said.",
    "Voters in {place} elected {person} as mayor with {n}{n} percent of the vote.",
    "Floods in {place} forced {m} families from their homes, {person} told reporters.",
    "A court in {place} sentenced former minister {person} to {n} years for bribery.",
)
_FILLER = (
    "Rescue teams searched the area through the night. Officials promised help within days. "
    "Residents gathered outside the town hall to wait for news. The regional office said it "
    "would publish figures on {day}. Critics said the response came too late."
)


@dataclass
class Corpus:
    """A generated input folder and what a complete ingest of it must store."""

    root: Path
    good: int  # input items that must become articles
    bad: int  # input items that must be rejected
    texts: dict[str, str] = field(default_factory=dict)  # marker -> the item's unique text


def _article_text(rng: random.Random, index: int, marker: str) -> str:
    template = _HAPPENINGS[index % len(_HAPPENINGS)]
    lead = template.format(
        n=rng.randint(2, 9),
        m=rng.randint(20, 900),
        place=rng.choice(_PLACES),
        person=rng.choice(_PEOPLE),
    )
    day = f"2025-0{1 + index % 9}-1{index % 10}"
    return f"Report {marker}\n\n{lead} {_FILLER.format(day=day)} Ref {marker}.\n"


def make_corpus(root: Path, *, files: int, jsonl_lines: int = 0, seed: int = 7) -> Corpus:
    """Write ``files`` text articles, a JSONL file of ``jsonl_lines`` records and a few bad
    items (empty file, binary file, broken JSON line) under ``root``."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(root, 0, 0)
    for i in range(files):
        marker = f"M{seed}x{i:05d}"
        text = _article_text(rng, i, marker)
        (root / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        corpus.texts[marker] = text
        corpus.good += 1
    if jsonl_lines:
        lines = []
        for i in range(jsonl_lines):
            marker = f"J{seed}x{i:05d}"
            text = _article_text(rng, i + 3, marker)
            corpus.texts[marker] = text
            lines.append(json.dumps({"id": f"j{i}", "text": text, "outlet": "Wire"}))
            corpus.good += 1
        lines.insert(len(lines) // 2, '{"id": "broken", "text": ')
        corpus.bad += 1
        (root / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(bytes(range(256)) * 8)
    corpus.bad += 2
    return corpus


# -- the CLI as a real process ---------------------------------------------------------------


def cli_env(**extra: str) -> dict[str, str]:
    """Environment of a CLI subprocess: the model-free path, no user config, repo sources."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWEAVE_")}
    env.update(
        NEWSWEAVE_NER="off",
        NEWSWEAVE_EMBEDDINGS="off",
        NEWSWEAVE_PER_HOST_DELAY="0",
        NEWSWEAVE_CONFIG=os.devnull,
        PYTHONPATH=str(REPO / "src"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def cli_command(*args: str) -> list[str]:
    """argv running ``newsweave ARGS`` with this interpreter."""
    return [sys.executable, "-c", "from newsweave.cli import main; main()", *args]


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120, **kw: object
) -> subprocess.CompletedProcess[str]:
    """Run ``newsweave ARGS`` to completion and return the finished process."""
    return subprocess.run(
        cli_command(*args),
        env=env or cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        **kw,  # type: ignore[arg-type]  # preexec_fn and friends, passed through
    )


def assert_clean_failure(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    """A CLI run failed the way a user should see it: exit 1, one "Error:" line, no traceback."""
    assert done.returncode == 1, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.stderr.startswith("Error: "), done.stderr[-2000:]
    low = done.stderr.lower()
    for needle in needles:
        assert needle.lower() in low, (needle, done.stderr)


# -- small filesystems -----------------------------------------------------------------------


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)


@contextmanager
def small_fs(
    where: Path, size_kb: int, *, read_only: bool = False, seed: Sequence[Path] = ()
) -> Iterator[Path]:
    """A private tmpfs of ``size_kb`` KiB mounted at ``where`` (root only; skips otherwise).

    ``seed`` files are copied in first; ``read_only`` then remounts it read-only, which even
    root cannot write (unlike a chmod).
    """
    if shutil.which("mount") is None or (hasattr(os, "geteuid") and os.geteuid() != 0):
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    where.mkdir(parents=True, exist_ok=True)
    tag = f"nwtest{uuid.uuid4().hex[:6]}"
    done = _mount("-t", "tmpfs", "-o", f"size={size_kb}k,mode=0777", tag, str(where))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        for path in seed:
            shutil.copy2(path, where / path.name)
        if read_only:
            ro = _mount("-o", "remount,ro", str(where))
            assert ro.returncode == 0, ro.stderr
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)
