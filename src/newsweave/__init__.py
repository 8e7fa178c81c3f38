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

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Article",
    "Claim",
    "Coverage",
    "Event",
    "Outlet",
    "Quote",
    "RunReport",
    "Settings",
    "Storyline",
    "__version__",
    "load_settings",
]
