"""The extraction benchmark's CLI rows count the CPU time of every process of the run: the
worker processes outlive the command by a moment, as children of the fork server."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest
from benchmarks.extraction import _REAPER

# A process that leaves a grandchild behind which burns half a second of CPU after its
# parent has exited (as the fork server's workers do).
ORPHAN = """
import os, time
if os.fork() == 0:
    time.sleep(0.2)
    start = time.process_time()
    while time.process_time() - start < 0.5:
        pass
    os._exit(0)
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="subreapers are Linux's")
def test_reaper_counts_the_cpu_of_processes_that_outlive_the_command() -> None:
    before = _children_cpu()
    done = subprocess.run([sys.executable, "-c", _REAPER, sys.executable, "-c", ORPHAN])
    assert done.returncode == 0
    assert _children_cpu() - before >= 0.45
    # Without it, the orphan is not this process's to reap: its CPU time is not counted.
    before = _children_cpu()
    subprocess.run([sys.executable, "-c", ORPHAN], check=True)
    assert _children_cpu() - before < 0.45


def test_reaper_passes_the_exit_code_on() -> None:
    code = "import sys; sys.exit(3)"
    done = subprocess.run([sys.executable, "-c", _REAPER, sys.executable, "-c", code])
    assert done.returncode == 3
