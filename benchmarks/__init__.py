"""Benchmarks of newsweave, run by `make bench` (python -m benchmarks), written to BENCHMARKS.md.

Each module here exposes ``run(shared_data: pathlib.Path) -> str`` returning one Markdown section
(heading, the command that reproduces it, the figures) and can be run alone with
``python -m benchmarks.<name>``. A benchmark whose data is absent raises :class:`SkipBenchmark`
(the data readers in :mod:`newsweave.evaluation` raise ``MissingData``). The readers and
scorers the quality gates in tests/eval share with these benchmarks live in
:mod:`newsweave.evaluation`; what is only reporting (Markdown, timing, baselines) stays here.
"""


class SkipBenchmark(Exception):
    """The data a benchmark needs is absent; the message names the path."""
