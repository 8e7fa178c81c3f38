"""Tests of newsweave.extract.title and newsweave.extract.language."""

from __future__ import annotations

from newsweave.extract.language import detect_language
from newsweave.extract.title import pick_title
from newsweave.models import RemovedLine


def test_title_prefers_record_then_title_line_then_headline_shape():
    removed = (RemovedLine(0, "× Night Ferries Approved", "title"),)
    assert pick_title("  Record  Title ", removed, "Body.") == "Record Title"
    assert pick_title(None, removed, "Body.") == "Night Ferries Approved"
    assert pick_title(None, (), "Night ferries approved for islands\nThe authority said.") == (
        "Night ferries approved for islands"
    )
    assert pick_title(None, (), "The authority approved night ferries on Tuesday.\nMore.") is None
    assert pick_title(None, (), "") is None


def test_language():
    assert (
        detect_language("The harbour authority approved a plan on Tuesday to run night ferries.")
        == "en"
    )
    assert (
        detect_language(
            "Der Hafen wurde am Dienstag nach dem Sturm wieder geöffnet, sagte die Behörde."
        )
        == "de"
    )
    assert (
        detect_language(
            "La autoridad portuaria aprobó el martes un plan para operar transbordadores."
        )
        == "es"
    )
    assert detect_language("12 34") is None
