"""``newsweave extract`` runs only what its output needs (quotes never, NER for --json only),
and imports spaCy without torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.cli.extract import output_settings
from newsweave.cli.extract_run import no_quotes
from newsweave.config import Settings

STORY = """Quay reopens after storm repairs
VALEN, March 5 - The northern quay of Valen harbour reopened on Tuesday.
"We finished two weeks early," harbour master Ana Petrova told reporters.
Fishing crews said they would move their boats back this week.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "quay.txt").write_text(STORY)
    return folder


def test_extract_finds_no_quotes_and_table_skips_ner() -> None:
    assert no_quotes('He said: "Yes."', ()) == ()
    config = Settings(ner="on")
    assert output_settings(config, as_json=True) is config  # entities are printed
    assert output_settings(config, as_json=False).ner == "off"  # the table shows none


@pytest.mark.parametrize("as_json", [True, False])
def test_extract_never_runs_the_quote_extractor(
    corpus: Path, monkeypatch: Any, as_json: bool
) -> None:
    import newsweave.extract.quotes as quotes_package

    calls: list[str] = []

    def spy(text: str, entities: Any) -> tuple[()]:
        calls.append(text)
        return ()

    monkeypatch.setattr(quotes_package, "extract_quotes", spy)
    args = ["extract", str(corpus), "--ner", "off", *(["--json"] if as_json else [])]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert calls == []
    if as_json:  # the shape is kept: entities still printed
        row = json.loads(result.output)
        assert row["title"] == "Quay reopens after storm repairs"
        assert "entities" in row and "quotes" not in row


def test_table_output_does_not_load_the_ner_model(corpus: Path, monkeypatch: Any) -> None:
    from newsweave.extract import entities

    def refuse(model: str) -> Any:
        raise AssertionError("the table prints no entities: the model must not load")

    monkeypatch.setattr(entities, "load_spacy", refuse)
    result = CliRunner().invoke(main, ["extract", str(corpus), "--ner", "on"])
    assert result.exit_code == 0, result.output


def test_spacy_is_imported_without_torch_in_a_fresh_process() -> None:
    pytest.importorskip("spacy")
    code = (
        "import sys\n"
        "from newsweave.cli.extract_run import import_spacy_lean\n"
        "done = import_spacy_lean()\n"
        "import thinc.compat\n"
        "print(done, 'torch' in sys.modules, thinc.compat.has_torch)\n"
        "print(import_spacy_lean())\n"  # a second call: spaCy is in, nothing to do
        "import importlib.util\n"  # torch, when installed, still imports afterwards
        "print(importlib.util.find_spec('torch') is None or hasattr(__import__('torch'), 'tensor'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    # spaCy in, torch not imported, thinc told it is absent.
    assert out[0] == "True False False"
    assert out[1] == "False"
    assert out[2] == "True"
