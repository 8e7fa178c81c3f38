"""Entry point for spark-submit: ``spark-submit .../newsweave/distributed/__main__.py INPUT...
--out DIR`` or ``python -m newsweave.distributed INPUT... --out DIR`` (local mode).

Same options as ``newsweave spark`` (it *is* that command).
"""

from __future__ import annotations

from newsweave.watch_cli import spark

if __name__ == "__main__":  # pragma: no cover
    spark(prog_name="newsweave-spark")
