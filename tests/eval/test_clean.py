"""Quality gate of cleaning on real text in ../shared/data.

* BASIL and PolNeAR article texts are clean already: every line removed there, other than a
  headline ("title") or a line without letters or digits outside markup (separators, empty
  embeds), is a suspected false removal. PolNeAR does carry some real boilerplate (author bios, "(Reporting by ...)"
  credits, "FACEBOOK." link residue), so the ceiling is not zero.
* GVA texts are raw scraped pages: the cleaner, fitted on the corpus, must remove a lot, and
  repetition alone must never remove a prose sentence.

Measured when last raised: BASIL 2 suspected / 2,699 lines; PolNeAR 51 / 19,291 (0.26%, most
of them real boilerplate); GVA 3,025 boilerplate lines removed from 3,104 articles. If a
change breaks a floor, rerun this file with ``-s`` and read the printed removals.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator

import pytest

from newsweave.clean import MARKUP_TAG, Cleaner, clean_text, is_prose
from newsweave.models import Article
from tests.helpers import SHARED_DATA as SHARED

pytestmark = pytest.mark.eval


def _basil() -> Iterator[tuple[str | None, str]]:
    root = SHARED / "basil" / "articles"
    if not root.is_dir():
        pytest.skip(f"BASIL data absent at {root}")
    for path in sorted(root.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        paras = data["body-paragraphs"]
        paras = ast.literal_eval(paras) if isinstance(paras, str) else paras
        lines = [" ".join(p) if isinstance(p, list) else str(p) for p in paras]
        yield data.get("title"), "\n".join(lines)


def _polnear() -> Iterator[tuple[str | None, str]]:
    root = SHARED / "polnear"
    if not root.is_dir():
        pytest.skip(f"PolNeAR data absent at {root}")
    for path in sorted(root.glob("*/text/*.txt")):
        yield None, path.read_text(encoding="utf-8")


def _suspected(texts: Iterator[tuple[str | None, str]]) -> tuple[int, int, list[str]]:
    lines = suspected = 0
    shown: list[str] = []
    for title, text in texts:
        lines += sum(1 for line in text.split("\n") if line.strip())
        for r in clean_text(text, title=title)[1]:
            if r.reason != "title" and any(c.isalnum() for c in MARKUP_TAG.sub("", r.text)):
                suspected += 1
                shown.append(f"{r.reason}: {r.text[:100]}")
    print("\n".join(shown))
    return suspected, lines, shown


def test_clean_texts_lose_almost_nothing_basil() -> None:
    suspected, lines, _ = _suspected(_basil())
    assert lines > 2000
    assert suspected <= 6  # measured 2


def test_clean_texts_lose_almost_nothing_polnear() -> None:
    suspected, lines, _ = _suspected(_polnear())
    assert lines > 15000
    assert suspected / lines <= 0.004  # measured 0.0026


def test_gva_boilerplate_removed_and_prose_kept() -> None:
    path = SHARED / "clustering" / "gva-dev.jsonl"
    if not path.is_file():
        pytest.skip(f"GVA data absent at {path}")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    articles = [
        Article(id=r["id"], text="", raw_text=r["text"], url=r.get("url"), title=r.get("title"))
        for r in rows
    ]
    cleaned = list(Cleaner().fit(articles)(articles))
    removed = [r for a in cleaned for r in a.removed_lines if r.reason != "title"]
    assert len(removed) >= 2800  # measured 3,025
    prose_by_repetition = [
        r.text
        for r in removed
        if r.reason == "repeated"
        and is_prose(r.text, len(r.text.split()))
        and not any(w in r.text.lower() for w in ("you", "please", "click", "sign", "subscri"))
    ]
    assert prose_by_repetition == []
    # Position and shape never remove a long prose sentence: only a pattern can.
    by_shape = [
        r.text
        for r in removed
        if r.reason in ("chrome", "dateline", "id")
        and is_prose(r.text, len(r.text.split()))
        and len(r.text.split()) >= 12
    ]
    assert len(by_shape) <= 3, by_shape  # measured 0
