from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.errors import MissingPackageError
from newsweave.ingest import item_label, read_inputs
from newsweave.ingest.base import DecodeError, decode_bytes, mostly_utf8, normalize_date
from newsweave.models import Article, ItemOutcome

SETTINGS = Settings()


def _items(*paths: Path | str, settings: Settings = SETTINGS) -> list[Article | ItemOutcome]:
    return list(read_inputs([str(p) for p in paths], settings))


def test_text_and_markdown_files_become_articles(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("Headline\r\nFirst paragraph.\r\n", encoding="utf-8")
    (tmp_path / "two.md").write_text("# Title\n\nSee [the report](http://x.example) **now**.\n")
    items = _items(tmp_path)
    assert [i.id for i in items if isinstance(i, Article)] == ["one", "two"]
    one, two = items
    assert isinstance(one, Article) and one.raw_text == "Headline\nFirst paragraph.\n"
    assert isinstance(two, Article) and two.raw_text == "Title\n\nSee the report now.\n"
    assert one.content_hash and one.source_key.endswith("one.txt")


def test_bad_files_are_rejected_with_reasons_and_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_text("  \n")
    (tmp_path / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "c_good.txt").write_text("A real article.")
    (tmp_path / "d.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("secret")
    items = _items(tmp_path)
    by_source = {Path(i.source).name: i for i in items if isinstance(i, ItemOutcome)}
    assert by_source["a_empty.txt"].reason == "empty file"
    assert "binary" in (by_source["b_binary.txt"].reason or "")
    assert "unsupported format" in (by_source["d.pdf"].reason or "")
    assert "hidden" in (by_source[".hidden.txt"].reason or "")
    assert [i.id for i in items if isinstance(i, Article)] == ["c_good"]
    assert len(items) == 5  # every file accounted for


def test_missing_path_is_reported(tmp_path: Path) -> None:
    (item,) = _items(tmp_path / "nope")
    assert isinstance(item, ItemOutcome) and item.reason == "no such file or folder"


def test_jsonl_broken_line_rejected_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "r1", "text": "Text one.", "outlet": "Daily", "date": "2025-01-10"}),
        "{broken",
        "",
        json.dumps({"id": "r3", "title": "No text"}),
        json.dumps({"text": "No id here.", "url": "https://www.example.org/a", "extra": [1]}),
        json.dumps(["not", "a", "record"]),
    ]
    path.write_text("\n".join(lines))
    items = _items(path)
    assert len(items) == 5  # one per non-blank line
    r1, broken, r3, r5, r6 = items
    assert isinstance(r1, Article) and (r1.outlet, r1.date, r1.claimed_date) == (
        "Daily",
        "2025-01-10",
        "2025-01-10",
    )
    assert isinstance(broken, ItemOutcome) and broken.source.endswith("feed.jsonl#line 2")
    assert "invalid JSON" in (broken.reason or "")
    assert isinstance(r3, ItemOutcome) and "no 'text'" in (r3.reason or "")
    assert isinstance(r5, Article) and r5.id == "feed-5" and r5.meta == {"extra": "[1]"}
    assert item_label(r5).endswith("feed.jsonl#line 5")
    assert isinstance(r6, ItemOutcome) and "not an article record" in (r6.reason or "")


def test_json_list_single_and_export_shapes(tmp_path: Path) -> None:
    (tmp_path / "single.json").write_text(json.dumps({"text": "Solo."}))
    (tmp_path / "many.json").write_text(json.dumps([{"id": "m1", "text": "A."}, {"text": "B."}]))
    (tmp_path / "export.json").write_text(json.dumps({"articles": [{"id": "x1", "text": "C."}]}))
    (tmp_path / "scalar.json").write_text("42")
    ids = [i.id if isinstance(i, Article) else i.reason for i in _items(tmp_path)]
    assert ids == ["x1", "m1", "many-1", "not article records: top-level JSON int", "single"]


def test_record_with_html_is_extracted(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Port reopens</title></head><body><article><h1>Port reopens</h1>"
        + "".join(
            f"<p>Paragraph {i} of the story about the harbour reopening after repairs.</p>"
            for i in range(8)
        )
        + "</article></body></html>"
    )
    (tmp_path / "r.jsonl").write_text(json.dumps({"id": "h1", "html": html}))
    (item,) = _items(tmp_path)
    assert isinstance(item, Article) and "Paragraph 3" in item.text
    assert item.title == "Port reopens"


def test_html_file_and_gzip_bomb_limit(tmp_path: Path) -> None:
    body = "".join(
        f"<p>Sentence number {i} of a long enough article body here.</p>" for i in range(10)
    )
    (tmp_path / "page.html").write_text(f"<html><body><article>{body}</article></body></html>")
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<html>" + b" " * 5_000_000))
    items = _items(tmp_path, settings=Settings(max_file_bytes=1_000_000))
    kinds = {Path(getattr(i, "path", None) or i.source).name: i for i in items}  # type: ignore[union-attr]
    assert isinstance(kinds["page.html"], Article)
    bomb = kinds["bomb.html.gz"]
    assert isinstance(bomb, ItemOutcome) and "max_file_bytes" in (bomb.reason or "")


def test_file_over_size_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 2000)
    (item,) = _items(tmp_path, settings=Settings(max_file_bytes=1000))
    assert isinstance(item, ItemOutcome) and "max_file_bytes" in (item.reason or "")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Grüße aus Köln".encode(), "Grüße aus Köln"),
        ("Grüße aus Köln, sagte er.".encode("cp1252"), "Grüße aus Köln, sagte er."),
        (b"\xff\xfe" + "Kyiv".encode("utf-16-le"), "Kyiv"),
        (b"\xff\xfe\x00\x00" + "Kyiv".encode("utf-32-le"), "Kyiv"),
        (b"\x00\x00\xfe\xff" + "Kyiv".encode("utf-32-be"), "Kyiv"),
        # UTF-8 with one stray latin-1 byte: UTF-8, the byte replaced (not cp1250 "SchĂ¤fer").
        (
            "Schäfer prüfen die Größe der Herde für den Übergang in München. ".encode() * 2
            + b"K\xfcchen",
            "Schäfer prüfen die Größe der Herde für den Übergang in München. " * 2 + "K\ufffdchen",
        ),
    ],
)
def test_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


# Invented sentences in the languages of the legacy encodings that must never pass for UTF-8
# with stray bytes: single-byte (Latin, Cyrillic, Greek, Hebrew, Arabic, Thai) and the East
# Asian double-byte ones, which hold some valid UTF-8 sequences by accident.
LEGACY = [
    ("Die Fähre nach Südholm fährt wieder; die Brücke über den Fluss wird repariert.", "cp1252"),
    ("Les élèves ont été reçus à l'hôtel de ville où le maire a présenté le budget.", "latin-1"),
    ("Władze miasta ogłosiły, że nowy most zostanie otwarty w przyszłym tygodniu.", "cp1250"),
    ("Городской совет объявил, что новый мост откроется на следующей неделе; «ёлка».", "cp1251"),
    ("Міська рада оголосила, що новий міст відкриють наступного тижня; їжак і ґанок.", "koi8-u"),
    (
        "Το δημοτικό συμβούλιο ανακοίνωσε ότι η νέα γέφυρα θα ανοίξει την επόμενη εβδομάδα.",
        "cp1253",
    ),
    ("מועצת העיר הודיעה כי הגשר החדש מעל הנהר ייפתח בשבוע הבא.", "cp1255"),
    ("أعلن مجلس المدينة أن الجسر الجديد فوق النهر سيفتح الأسبوع المقبل.", "cp1256"),
    ("市议会宣布，河上的新桥将于下周开放；居民们很满意，尽管成本有所上升。", "gbk"),
    ("市議会は、川に架かる新しい橋が来週開通すると発表した。住民は満足している。", "shift_jis"),
    ("市議会は、川に架かる新しい橋が来週開通すると発表した。住民は満足している。", "euc_jp"),
    ("시의회는 강 위의 새 다리가 다음 주에 개통될 것이라고 발표했다.", "euc_kr"),
    ("市議會宣布，河上的新橋將於下週開放；居民們很滿意。", "big5"),
    ("สภาเมืองประกาศว่าสะพานใหม่ข้ามแม่น้ำจะเปิดในสัปดาห์หน้า", "tis-620"),
]


@pytest.mark.parametrize(("text", "codec"), LEGACY)
def test_legacy_encodings_are_not_taken_for_utf8_with_stray_bytes(text: str, codec: str) -> None:
    data = (text + " ") * 20
    encoded = data.encode(codec)
    assert mostly_utf8(encoded) is None
    # ... nor is a UTF-8 page that quotes a few such bytes taken for the legacy encoding.
    mixed = data.encode() + text.encode(codec)[:12]
    assert mostly_utf8(mixed) == mixed.decode("utf-8", "replace")


def test_decode_refuses_binary() -> None:
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(256)) * 4)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-10T12:00:00Z", "2025-01-10"),
        ("January 10, 2025", "2025-01-10"),
        ("2025-02-30", None),
        ("not a date", None),
        (1736500000, "2025-01-10"),
        (None, None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


@pytest.mark.slow
def test_ten_thousand_files_stream(tmp_path: Path) -> None:
    for i in range(10_000):
        (tmp_path / f"f{i:05d}.txt").write_text(f"Article {i}." if i % 1000 else "")
    items = _items(tmp_path)
    assert len(items) == 10_000
    assert sum(isinstance(i, ItemOutcome) for i in items) == 10


# -- a missing dependency stops the run --------------------------------------------------------

PAGE = (
    "<html><head><title>Ferry returns</title></head><body><article><h1>Ferry returns</h1>"
    + "<p>The island council said the ferry would run twice a day from Monday, and the harbour "
    "master asked drivers to book their crossings in advance.</p>" * 6 + "</article></body></html>"
)


def _uninstall(monkeypatch: pytest.MonkeyPatch, missing: str, *dependents: str) -> None:
    """Make ``import missing`` fail as if it were not installed, and forget the already
    imported modules that import it (so they import it again)."""
    for name in list(sys.modules):
        if any(name == d or name.startswith(f"{d}.") for d in (missing, *dependents)):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, missing, None)


def test_missing_lxml_html_clean_stops_the_run_with_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What pip 23.2 left out (jusText asks for it as lxml[html_clean], an extra it skips).
    (tmp_path / "a.txt").write_text("A short text article needs no HTML extraction.")
    (tmp_path / "b.html").write_text(PAGE)
    (tmp_path / "c.html").write_text(PAGE)
    _uninstall(monkeypatch, "lxml_html_clean", "lxml.html.clean", "justext")
    items = read_inputs([tmp_path], SETTINGS)
    assert isinstance(next(items), Article)  # the text reader needs nothing missing
    with pytest.raises(MissingPackageError) as caught:
        next(items)  # not one rejection per page: the run stops at the first
    error = caught.value
    assert error.reader == "html" and error.package == "lxml_html_clean"
    message = str(error)
    assert "\n" not in message and "pip install lxml_html_clean" in message


def test_missing_feedparser_stops_the_feed_reader_before_any_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><item><title>T</title>'
        "<description>Text.</description></item></channel></rss>"
    )
    _uninstall(monkeypatch, "feedparser")
    with pytest.raises(MissingPackageError, match="'feedparser' is missing"):
        list(read_inputs([feed], SETTINGS))


def test_cli_exits_non_zero_with_one_line_for_a_missing_dependency(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from newsweave.cli import main

    (tmp_path / "page.html").write_text(PAGE)
    _uninstall(monkeypatch, "lxml_html_clean", "lxml.html.clean", "justext")
    for command in (["extract", "--json"], ["ingest", "--db", str(tmp_path / "n.db")]):
        result = CliRunner().invoke(main, [*command, str(tmp_path / "page.html")])
        assert result.exit_code == 1, result.output
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and "lxml_html_clean" in errors[0]
        assert "Traceback" not in result.output and '"error"' not in result.output
