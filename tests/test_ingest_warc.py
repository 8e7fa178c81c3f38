from __future__ import annotations

import gzip
import io
import uuid
from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.ingest import read_inputs
from newsweave.ingest.warc import read_warc
from newsweave.models import Article, ItemOutcome

fastwarc = pytest.importorskip("fastwarc")
from fastwarc.warc import WarcRecord, WarcRecordType  # noqa: E402

BODY = "".join(
    f"<p>Paragraph {i} of the report on the harbour reopening, which the authority said would "
    "happen next month after repairs to the storm wall were finished.</p>"
    for i in range(6)
)


def page(title: str, head: str = "") -> bytes:
    return (
        f"<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
        f"{BODY}</article></body></html>"
    ).encode()


def record(
    uri: str,
    body: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    kind: WarcRecordType = WarcRecordType.response,
) -> tuple[str, bytes]:
    """A WARC record written with FastWARC's writer: (record uuid, bytes)."""
    rid = str(uuid.uuid4())
    out = WarcRecord()
    out.init_headers(kind, f"uuid:{rid}".encode())
    out.headers["WARC-Target-URI"] = uri
    out.headers["WARC-Date"] = "2024-03-05T23:50:00Z"
    if kind == WarcRecordType.response:
        out.headers["Content-Type"] = "application/http; msgtype=response"
        http = (
            f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        out.set_bytes_content(http + body)
    else:
        out.set_bytes_content(body)
    buffer = io.BytesIO()
    out.write(buffer, checksum_data=True)
    return rid, buffer.getvalue()


def articles(items: list[Article | ItemOutcome]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def test_warc_gz_html_responses_become_articles(tmp_path: Path) -> None:
    dated = '<meta property="article:published_time" content="2024-03-01T09:00:00+01:00">'
    good_id, good = record("https://a.example/news/one", page("One", dated))
    undated_id, undated = record("https://a.example/news/two", page("Two"))
    _, request = record(
        "https://a.example/news/one", b"GET / HTTP/1.1\r\n\r\n", kind=WarcRecordType.request
    )
    image_id, image = record(
        "https://a.example/logo.png", b"\x89PNG" * 50, content_type="image/png"
    )
    moved_id, moved = record("https://a.example/old", b"", status="301 Moved Permanently")
    path = tmp_path / "seg.warc.gz"
    path.write_bytes(b"".join(gzip.compress(r) for r in (good, request, undated, image, moved)))
    items = list(read_inputs([path], Settings()))
    assert len(items) == 4  # the request record is part of the archive, not an item
    one, two, png, redirect = items
    assert (
        isinstance(one, Article) and one.id == good_id and one.url == "https://a.example/news/one"
    )
    assert (one.date, one.date_source) == ("2024-03-01", "html-metadata")
    assert one.source_key == f"{path.resolve()}#urn:uuid:{good_id}"
    assert isinstance(two, Article) and two.id == undated_id
    assert (two.date, two.date_source) == ("2024-03-05", "warc-date")
    assert "Paragraph 3 of the report" in two.text and two.title == "Two"
    assert isinstance(png, ItemOutcome) and "not HTML (image/png)" in (png.reason or "")
    assert png.source.endswith(f"#urn:uuid:{image_id}")
    assert isinstance(redirect, ItemOutcome) and "HTTP 301" in (redirect.reason or "")
    assert moved_id in redirect.source


def test_uncompressed_warc_and_sniffing(tmp_path: Path) -> None:
    _, one = record("https://b.example/1", page("B one"))
    _, two = record("https://b.example/2", page("B two"))
    (tmp_path / "plain.warc").write_bytes(one + two)
    (tmp_path / "nosuffix").write_bytes(one + two)
    items = list(read_inputs([tmp_path], Settings()))
    assert [i.title for i in articles(items)] == ["B one", "B two", "B one", "B two"]


def test_truncated_and_corrupt_records_each_get_an_outcome(tmp_path: Path) -> None:
    recs = [record(f"https://c.example/{i}", page(f"C {i}"))[1] for i in range(5)]
    members = [gzip.compress(r) for r in recs]
    damaged = (
        members[0]
        + b"garbage between members" * 3
        + members[1]
        + members[2][:60]  # a member cut short, then the next one
        + members[3]
        + members[4][: len(members[4]) - 40]  # the download stopped mid-record
    )
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(damaged)
    items = list(read_warc(path, Settings()))
    assert [a.title for a in articles(items)] == ["C 0", "C 1", "C 3"]
    rejected = [i for i in items if isinstance(i, ItemOutcome)]
    assert len(rejected) == 3
    assert sum("corrupt WARC data" in (r.reason or "") for r in rejected) == 2
    assert "truncated record" in (rejected[-1].reason or "")


def test_truncated_uncompressed_record_header(tmp_path: Path) -> None:
    recs = [record(f"https://d.example/{i}", page(f"D {i}"))[1] for i in range(3)]
    path = tmp_path / "cut.warc"
    path.write_bytes(recs[0] + recs[1][:120] + b"\r\n\r\n" + recs[2])
    items = list(read_warc(path, Settings()))
    assert [a.title for a in articles(items)] == ["D 0", "D 2"]
    assert all(isinstance(i, ItemOutcome) for i in items[1:-1]) and len(items) >= 3


def test_record_body_limit(tmp_path: Path) -> None:
    _, big = record("https://e.example/big", page("Big") + b" " * 5000)
    path = tmp_path / "big.warc"
    path.write_bytes(big)
    (item,) = read_warc(path, Settings(max_file_bytes=2000))
    assert isinstance(item, ItemOutcome) and "max_file_bytes" in (item.reason or "")


def test_not_a_warc_and_empty(tmp_path: Path) -> None:
    (tmp_path / "junk.warc").write_bytes(b"hello, not a warc\n" * 10)
    (tmp_path / "empty.warc.gz").write_bytes(b"")
    items = list(read_inputs([tmp_path], Settings()))
    assert len(items) >= 2 and all(isinstance(i, ItemOutcome) for i in items)


def test_warcio_fallback_reads_the_same(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    from newsweave.ingest.warc import iter_responses

    _, one = record("https://f.example/1", page("F one"))
    path = tmp_path / "f.warc.gz"
    path.write_bytes(gzip.compress(one))
    fast = list(iter_responses(path, Settings(), engine="fastwarc"))
    slow = list(iter_responses(path, Settings(), engine="warcio"))
    assert fast == slow and len(fast) == 1
