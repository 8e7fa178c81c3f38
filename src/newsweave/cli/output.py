"""Where command output goes: stdout carries only the result, progress and notes go to stderr,
report files are written atomically."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from newsweave.errors import OutputError

err_console = Console(stderr=True)


class StepBars:
    """The progress callback of :func:`progress_bars`: one rich bar per step, made on first use."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, step: str, done: int, total: int | None) -> None:
        if step not in self.tasks:
            self.tasks[step] = self.bar.add_task(step, total=total)
        self.bar.update(self.tasks[step], completed=done, total=total)


@contextmanager
def progress_bars(
    enabled: bool, console: Console | None = None
) -> Iterator[Callable[[str, int, int | None], None]]:
    """A progress callback drawing one rich bar per step on stderr (only on a terminal).

    Each bar shows its count, the time it took and, once its total is known, the time left.
    A step is done when its count reaches its total: its clock stops there (a step whose
    total was unknown, like ingest, states it when it ends).
    """
    console = console or err_console
    if not enabled or not console.is_terminal:
        yield lambda step, done, total: None
        return
    with Progress(
        TextColumn("{task.description:>8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        yield StepBars(bar)


def write(text: str, out: str | None) -> None:
    """Print ``text`` on stdout, or write it to the file ``out``."""
    if out:
        write_atomic(Path(out), text)
        err_console.print(f"wrote {out}")
    else:
        click.echo(text)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it and a rename.

    A crash (kill -9) or a full disk mid-write then never leaves a truncated report: ``path``
    holds either its old content or the whole new one.

    Raises:
        OutputError: the file cannot be written (missing folder, no space, read-only).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise OutputError(
            f"Cannot write {path}: {exc.strerror or exc}. Check that its folder exists, is "
            "writable and has space."
        ) from exc


def dumps(value: Any) -> str:
    """One JSON value on one line, non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False)
