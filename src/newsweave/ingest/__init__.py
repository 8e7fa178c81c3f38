"""Ingest: turn paths and URLs into articles and per-item outcomes, losing nothing.

:func:`read_inputs` walks files and folders and dispatches each file to the reader registered
for its suffix (or whose sniffer recognises its content). Readers live in their own modules and
register themselves with :func:`~newsweave.ingest.base.register_reader`; importing this package
registers the built-in ones: text/Markdown, JSON/JSONL, HTML (``.html``, ``.htm``, gzipped),
RSS/Atom feeds (``.rss``, ``.atom``, ``.rdf``, or any XML that starts like a feed), WARC
(``.warc``, ``.warc.gz``) and URL lists (``.urls``: one http(s) URL per line).

``http://`` and ``https://`` arguments are fetched (see :mod:`newsweave.ingest.fetch`); one
fetcher serves the whole call, so per-host delays and robots.txt rules hold across inputs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from newsweave.config import Settings
from newsweave.ingest import feeds, html, jsonl, text, urls, warc  # noqa: F401  # registers readers
from newsweave.ingest.base import Item, ReaderSpec, item_label, readers, reject

__all__ = ["Item", "item_label", "read_inputs", "read_url_list", "reader_for"]


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


def read_inputs(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    *,
    url_lists: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[Item]:
    """Yield an :class:`~newsweave.models.Article` or a rejection for every input item.

    Folders are walked recursively in sorted order. Every file yields at least one item, so the
    run report accounts for all input; hidden files are reported as skipped, not dropped.
    http(s) URLs among ``paths`` are fetched; ``url_lists`` are files of URLs, one per line
    (what ``newsweave ingest --urls FILE`` passes).
    """
    # One fetcher for the whole call (URLs, URL lists, feeds' teaser links): per-host delays
    # and robots.txt rules hold across inputs. It opens no connection until first used.
    fetcher = _fetcher(settings)
    try:
        for raw in paths:
            path = Path(raw)
            if str(raw).strip().lower().startswith(("http://", "https://")):
                yield from _read_url(str(raw).strip(), settings, fetcher)
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
                    if spec.name in _FETCHING_READERS:
                        yield from _FETCHING_READERS[spec.name](file, settings, fetcher)
                    else:
                        yield from spec.read(file, settings)
                except Exception as exc:  # a reader bug must not stop the run
                    yield reject(
                        str(file), f"{spec.name} reader failed: {type(exc).__name__}: {exc}"
                    )
        for url_list in url_lists:
            from newsweave.ingest.urls import read_url_list

            try:
                yield from read_url_list(url_list, settings, fetcher)
            except Exception as exc:  # a reader bug must not stop the run
                yield reject(str(url_list), f"URL list failed: {type(exc).__name__}: {exc}")
    finally:
        fetcher.close()


def read_url_list(path: str | os.PathLike[str], settings: Settings) -> Iterator[Item]:
    """Items of every URL listed in ``path`` (one per line; ``#`` comments and blanks skip)."""
    from newsweave.ingest.urls import read_url_list as read_list

    yield from read_list(path, settings)


#: Readers that may fetch (feed teaser links, URL lists) get the run's shared fetcher.
_FETCHING_READERS: dict[str, Callable[..., Iterator[Item]]] = {
    "feed": feeds.read_feed,
    "urls": urls.read_url_file,
}


def _fetcher(settings: Settings) -> Any:
    from newsweave.ingest.fetch import Fetcher

    return Fetcher(settings)


def _read_url(url: str, settings: Settings, fetcher: Any) -> Iterator[Item]:
    from newsweave.ingest.urls import read_url

    try:
        yield from read_url(url, settings, fetcher)
    except Exception as exc:  # a fetch or extraction bug must not stop the run
        yield reject(url, f"URL reader failed: {type(exc).__name__}: {exc}")
