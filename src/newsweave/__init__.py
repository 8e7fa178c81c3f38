"""newsweave: make sense of many news articles from many outlets."""

from __future__ import annotations

import logging

from newsweave.config import Settings, load_settings
from newsweave.models import (
    Article,
    Claim,
    Coverage,
    Event,
    Outlet,
    Quote,
    RunReport,
    Storyline,
)
from newsweave.pipeline import Analysis, analyze, ingest_paths
from newsweave.store import Store, open_store

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Analysis",
    "Article",
    "Claim",
    "Coverage",
    "Event",
    "Outlet",
    "Quote",
    "RunReport",
    "Settings",
    "Store",
    "Storyline",
    "__version__",
    "analyze",
    "ingest_paths",
    "load_settings",
    "open_store",
]
