"""Imported once by the fork server of ``newsweave extract``'s worker processes (see
:mod:`newsweave.cli.extract_run`), so that every worker forks with it in memory instead of
loading it again: the page readers' libraries, the stages the workers run, and the data
they load on first use (py3langid's model, the Public Suffix List). Whatever fails here is
left for the workers to meet as one process would."""

from __future__ import annotations

import contextlib
import importlib

from newsweave.ingest.base import HTML_MODULES
from newsweave.urls import registered_domain

for _module in (*HTML_MODULES, "newsweave.ingest", "newsweave.cli.extract_run"):
    with contextlib.suppress(Exception):  # an exception here would stop the fork server
        importlib.import_module(_module)
with contextlib.suppress(Exception):
    importlib.import_module("newsweave.extract.quotes")  # sources and outlets read its lexicon
    registered_domain("news.example.co.uk")  # parses the Public Suffix List once (cached)
    importlib.import_module("py3langid").classify("Der Hafen ist wieder offen.")  # its model
