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
    # Every readable record is kept, as warcio reads it: the cut-short last one too, flagged
    # with what is missing and where it starts; the unreadable spots are reported by offset.
    kept = articles(items)
    assert [a.title for a in kept] == ["C 0", "C 1", "C 3", "C 4"]
    assert [a for a in kept if "warc_truncated" in a.meta] == [kept[-1]]
    flag = kept[-1].meta["warc_truncated"]
    assert (
        "payload bytes missing" in flag
        and f"record at byte {damaged.rindex(members[4][:60])}" in flag
    )
    assert "Paragraph 0 of the report" in kept[-1].text
    rejected = [i for i in items if isinstance(i, ItemOutcome)]
    assert len(rejected) == 2
    assert all("corrupt WARC data" in (r.reason or "") for r in rejected)
    assert all("#damage after byte " in r.source for r in rejected)


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
    _, two = record("https://f.example/2", page("F two"))
    cut = two[:-300]  # the download stopped inside the last record
    (tmp_path / "f.warc.gz").write_bytes(gzip.compress(one) + gzip.compress(cut))
    (tmp_path / "f.warc").write_bytes(one + cut)
    for path in (tmp_path / "f.warc.gz", tmp_path / "f.warc"):
        fast = list(iter_responses(path, Settings(), engine="fastwarc"))
        slow = list(iter_responses(path, Settings(), engine="warcio"))
        assert fast == slow and len(fast) == 2
        # 300 bytes cut, 4 of them the blank lines after the record: 296 payload bytes missing.
        assert [getattr(r, "missing", None) for r in fast] == [0, 296]


def test_http_content_length_off_by_one_is_not_damage(tmp_path: Path) -> None:
    # example-wrong-chunks.warc.gz: the HTTP header announces one byte more than the record
    # holds, while the WARC record is whole. warcio reads the page; so does newsweave.
    body = page("Off by one")
    rid, good = record("https://g.example/1", body)
    bad = good.replace(
        f"Content-Length: {len(body)}\r\n\r\n".encode(),
        f"Content-Length: {len(body) + 1}\r\n\r\n".encode(),
    )
    path = tmp_path / "g.warc.gz"
    path.write_bytes(gzip.compress(bad))
    (item,) = read_warc(path, Settings())
    assert isinstance(item, Article) and item.id == rid and item.title == "Off by one"
    assert "warc_truncated" not in item.meta


def test_wget_target_uri_in_angle_brackets_and_odd_suffixes(tmp_path: Path) -> None:
    _, one = record("<https://h.example/news/one>", page("H one"))
    (tmp_path / "h.warc.gz.1").write_bytes(gzip.compress(one))  # rotated, still a WARC
    (tmp_path / "h.bin").write_bytes(one)
    items = list(read_inputs([tmp_path], Settings()))
    assert [(a.url, a.title) for a in articles(items)] == [
        ("https://h.example/news/one", "H one"),
        ("https://h.example/news/one", "H one"),
    ]


def arc_records(pages: list[tuple[str, bytes]]) -> list[bytes]:
    """The records of an ARC (version 1) file, the Internet Archive's format before WARC."""
    desc = b"1 0 newsweave test\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [b"filedesc://t.arc 0.0.0.0 20240305120000 text/plain %d\n" % len(desc) + desc + b"\n"]
    for url, body in pages:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(
            body
        )
        out.append(
            b"%s 192.0.2.7 20240305120000 text/html %d\n" % (url.encode(), len(http + body))
            + http
            + body
            + b"\n"
        )
    return out


def test_arc_files_plain_and_gzipped(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    records = arc_records(
        [("http://i.example/one", page("I one")), ("http://i.example/two", page("I two"))]
    )
    (tmp_path / "a.arc").write_bytes(b"".join(records))
    (tmp_path / "b.arc.gz").write_bytes(b"".join(gzip.compress(r) for r in records))
    first = list(read_inputs([tmp_path], Settings()))
    assert [(a.url, a.title, a.date) for a in articles(first)] == [
        ("http://i.example/one", "I one", "2024-03-05"),
        ("http://i.example/two", "I two", "2024-03-05"),
    ] * 2
    assert len(first) == 4
    # Ids are stable across runs (warcio makes ARC record ids up at random).
    again = list(read_inputs([tmp_path], Settings()))
    assert [a.id for a in articles(again)] == [a.id for a in articles(first)]
    assert len({a.id for a in articles(first)[:2]}) == 2
