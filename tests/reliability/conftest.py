"""The reliability suite's terminal summary: the figures it measured (cases run, faults
injected, items lost), printed at the end of the session so RELIABILITY.md can quote a real
run. The helpers (generated corpora, the CLI as a subprocess, small filesystems, ``count``)
live in tests/helpers.py.
"""

from __future__ import annotations

import pytest

from tests.helpers import FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for name in sorted(FIGURES):
        terminalreporter.write_line(f"{name}: {FIGURES[name]}")
