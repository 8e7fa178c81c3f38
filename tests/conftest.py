"""Shared fixtures: paths to the example corpus and the shared benchmark data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()
EXAMPLES = REPO / "examples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test with a clear message when absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared benchmark data not found at {path}; it lives outside the repo")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    """The five real seed articles in ../shared/data/seeds."""
    return shared_path("seeds")
