"""Ingest: turn paths into articles and per-item outcomes, losing nothing.

:func:`read_inputs` walks files and folders and dispatches each file to the reader registered
for its suffix (or whose sniffer recognises its content). Readers live in their own modules and
register themselves with :func:`~newsweave.ingest.base.register_reader`; importing this package
registers the built-in ones.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsweave.config import Settings
from newsweave.ingest import html, jsonl, text  # noqa: F401  # registers the readers
from newsweave.ingest.base import Item, ReaderSpec, item_label, readers, reject

__all__ = ["Item", "item_label", "read_inputs", "reader_for"]


def reader_for(path: Path) -> ReaderSpec | None:
    """The reader for ``path``: by longest matching suffix, else by sniffing its first bytes."""
    name = path.name.lower()
    by_suffix = [
        (len(suffix), spec)
        for spec in readers()
        for suffix in spec.suffixes
        if suffix and name.endswith(suffix)
    ]
    if by_suffix:
        return max(by_suffix, key=lambda pair: pair[0])[1]
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    for spec in readers():
        if spec.sniff is not None and spec.sniff(head):
            return spec
    if not path.suffix:
        return next((s for s in readers() if "" in s.suffixes), None)
    return None


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in a stable order (sorted), streaming, following no symlinked dirs."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            yield Path(dirpath) / filename


def read_inputs(paths: Iterable[str | os.PathLike[str]], settings: Settings) -> Iterator[Item]:
    """Yield an :class:`~newsweave.models.Article` or a rejection for every input item.

    Folders are walked recursively in sorted order. Every file yields at least one item, so the
    run report accounts for all input; hidden files are reported as skipped, not dropped.
    """
    for raw in paths:
        path = Path(raw)
        if str(raw).startswith(("http://", "https://")):
            yield from _read_url(str(raw), settings)
            continue
        if path.is_dir():
            files: Iterable[Path] = _walk(path)
        elif path.exists():
            files = [path]
        else:
            yield reject(str(raw), "no such file or folder")
            continue
        for file in files:
            if any(part.startswith(".") for part in file.relative_to(path).parts):
                yield reject(str(file), "hidden file, skipped")
                continue
            spec = reader_for(file)
            if spec is None:
                yield reject(str(file), f"unsupported format ({file.suffix or 'no suffix'})")
                continue
            try:
                yield from spec.read(file, settings)
            except Exception as exc:  # a reader bug must not stop the run
                yield reject(str(file), f"{spec.name} reader failed: {type(exc).__name__}: {exc}")


def _read_url(url: str, settings: Settings) -> Iterator[Item]:
    try:
        from newsweave.ingest import urls  # type: ignore[attr-defined]
    except ImportError:
        yield reject(url, "fetching URLs is not supported in this version")
        return
    yield from urls.read_url(url, settings)
