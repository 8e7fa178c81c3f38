"""Ingest: turn paths and URLs into articles and per-item outcomes, losing nothing.

:func:`read_inputs` walks files and folders and dispatches each file to the reader registered
for its suffix (or whose sniffer recognises its content). Readers live in their own modules and
register themselves with :func:`~newsweave.ingest.base.register_reader`; importing this package
registers the built-in ones: text/Markdown, JSON/JSONL, HTML (``.html``, ``.htm``, gzipped),
RSS/Atom feeds (``.rss``, ``.atom``, ``.rdf``, or any file whose root element is a feed's),
WARC and ARC archives (``.warc``, ``.warc.gz``, ``.warc.lz4``, ``.arc``, ``.arc.gz``, or any
file that starts like one) and URL lists (``.urls``: one http(s) URL per line). A format
recognised for certain from the content wins over the suffix (see :func:`reader_for`).

A reader whose dependency is missing raises :class:`~newsweave.errors.MissingPackageError`
(a broken install stops the run with one message); anything else a reader raises becomes a
rejection of that file and the run goes on.

``http://`` and ``https://`` arguments are fetched (see :mod:`newsweave.ingest.fetch`); one
fetcher serves the whole call, so per-host delays and robots.txt rules hold across inputs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import Any

from newsweave.config import Settings
from newsweave.errors import MissingDependencyError
from newsweave.ingest import feeds, html, jsonl, text, urls, warc  # noqa: F401  # registers readers
from newsweave.ingest.base import (
    Item,
    ReaderSpec,
    item_label,
    missing_package,
    readers,
    reject,
    scrub_item,
)

__all__ = ["Item", "item_label", "read_inputs", "read_url_list", "reader_for"]


#: Bytes of a file's start given to sniffers: a feed's DOCTYPE may declare many entities
#: before the root element.
SNIFF_BYTES = 1 << 16


def reader_for(path: Path) -> ReaderSpec | None:
    """The reader for ``path``.

    A format recognised without doubt from the content (a WARC header, a feed's root element)
    comes first, whatever the suffix: a feed saved as ``.xml`` or ``.html`` is a feed. Then
    the longest matching suffix; then the looser sniffers (HTML) for files no suffix claims.
    """
    name = path.name.lower()
    try:
        with path.open("rb") as handle:
            head: bytes | None = handle.read(SNIFF_BYTES)
    except OSError:
        head = None
    specs = readers()
    if head:
        for spec in specs:
            if spec.exact and spec.sniff is not None and spec.sniff(head):
                return spec
    by_suffix = [
        (len(suffix), spec)
        for spec in specs
        for suffix in spec.suffixes
        if suffix and name.endswith(suffix)
    ]
    if by_suffix:
        return max(by_suffix, key=lambda pair: pair[0])[1]
    if head is None:
        return None
    for spec in specs:
        if not spec.exact and spec.sniff is not None and spec.sniff(head):
            return spec
    if not path.suffix:
        return next((s for s in specs if "" in s.suffixes), None)
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
    (what ``newsweave ingest --urls FILE`` passes). A lone surrogate in any string of an item
    (a JSON escape without its pair, a file name that is not UTF-8) becomes U+FFFD: no store
    could write it.
    """
    items = _read_inputs(paths, settings, url_lists)
    try:
        for item in items:
            yield scrub_item(item)
    finally:
        items.close()


def _read_inputs(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    url_lists: Iterable[str | os.PathLike[str]],
) -> Generator[Item, None, None]:
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
                except MissingDependencyError:
                    raise  # a broken install, not a bad file: stop with one message
                except Exception as exc:  # a reader bug must not stop the run
                    yield reject(
                        str(file), f"{spec.name} reader failed: {type(exc).__name__}: {exc}"
                    )
        for url_list in url_lists:
            from newsweave.ingest.urls import read_url_list

            try:
                yield from read_url_list(url_list, settings, fetcher)
            except MissingDependencyError:
                raise
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
    except MissingDependencyError:
        raise
    except ImportError as exc:
        raise missing_package("URL", exc) from exc
    except Exception as exc:  # a fetch or extraction bug must not stop the run
        yield reject(url, f"URL reader failed: {type(exc).__name__}: {exc}")
