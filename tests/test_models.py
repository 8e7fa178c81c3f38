from __future__ import annotations

import dataclasses
import pickle

import pytest

from newsweave.models import (
    Article,
    Claim,
    ClaimGroup,
    Coverage,
    DateFlag,
    ItemOutcome,
    Quote,
    RunReport,
    TermChoice,
)


def _article() -> Article:
    return Article(
        id="a1",
        text="Body.",
        raw_text="Title\nBody.",
        quotes=(Quote("No.", "Ana Ruiz", "direct", 0, 3, cue="said"),),
        date_flags=(DateFlag("dated-id", "2024-01-02", "2025-10-25", ("ID25102025",)),),
        meta={"section": "world"},
    )


def test_article_round_trips_through_dict_and_pickle() -> None:
    article = _article()
    assert Article.from_dict(article.to_dict()) == article
    assert pickle.loads(pickle.dumps(article)) == article


def test_records_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        _article().id = "b"  # type: ignore[misc]


def test_coverage_nested_round_trip() -> None:
    claim = Claim("a1#0", "a1", "Outlet", "It rained.", 0, 10)
    cov = Coverage(
        event_id="e1",
        consensus=(ClaimGroup("It rained.", (claim,), ("Outlet",), ("a1",)),),
        unique={"Outlet": (claim,)},
        omissions={"Other": ("It rained.",)},
        terms=(TermChoice("city", {"Kyiv": ("A",), "Kiev": ("B",)}),),
    )
    back = Coverage.from_dict(cov.to_dict())
    assert back == cov
    assert isinstance(back.unique["Outlet"][0], Claim)


def test_from_dict_ignores_unknown_keys() -> None:
    data = _article().to_dict() | {"future_field": 1}
    assert Article.from_dict(data).id == "a1"


def test_run_report_counts_every_status() -> None:
    report = RunReport(
        "r", (ItemOutcome("x", "ingested"), ItemOutcome("y", "rejected", reason="e"))
    )
    assert report.counts == {"ingested": 1, "duplicate": 0, "rejected": 1}
