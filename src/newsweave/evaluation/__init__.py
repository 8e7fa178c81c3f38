"""Evaluation data and scorers shared by the quality gates (tests/eval) and benchmarks/.

This package sits on top of newsweave, like the CLI and the web app: it may import the
pipeline and every stage, and no stage imports it. It holds what a figure is computed from --
the readers of the benchmark data sets (ECB+, GVA and BASIL for clustering, the ScrapingHub
extraction pages, the dated pages, PolNeAR, BASIL's annotations, the example corpus's gold),
their tune/report splits and the scorers -- so that a quality floor in tests/eval and the
figure ``python -m benchmarks`` prints come from one definition. What is only reporting
(Markdown sections, timing, third-party baselines such as trafilatura, htmldate or BERTopic)
stays in benchmarks/.

Modules: :mod:`.datasets` (clustering sets and the newsweave code path over them),
:mod:`.extraction` (main-text pages and the shingle metric), :mod:`.dates` (publication-day
pages), :mod:`.polnear` (PolNeAR reader and quote scorer), :mod:`.basil` (coverage comparison
on BASIL), :mod:`.examples` (comparison on the example corpus) and :mod:`.synthetic` (the
synthetic news stream).

The data under ``../shared/data`` is passed in by the caller; the data that lives in the
repository (``examples/``, ``benchmarks/data/``) is found from :data:`CHECKOUT`, so these
modules run from a source checkout (an editable install), not from an installed wheel.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

#: The source checkout this package runs from (src/newsweave/evaluation -> the repository).
CHECKOUT = Path(__file__).resolve().parents[3]


class MissingData(Exception):
    """The data an evaluation reads is absent; the message names the path."""


def tune_half(key: str) -> bool:
    """True when ``key`` (an event, URL or page id) falls in the tune half: its MD5 is even.

    The one split rule of every data set here, so a tune/report figure always means the same
    pages.
    """
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 2 == 0
