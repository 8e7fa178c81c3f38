"""newsweave on a cluster: the batch pipeline as a Spark job (extra ``newsweave[spark]``).

Run with ``newsweave spark INPUT... --out DIR``, ``python -m newsweave.cli.spark INPUT...
--out DIR``, or through spark-submit with the path of ``newsweave/cli/spark.py`` (see
docs/SPARK.md); this package never imports the command line. pyspark is imported only when a
job runs.
"""

from __future__ import annotations

from newsweave.distributed.spark import (
    DRIVER_DROPS,
    input_tasks,
    read_output,
    run_job,
    run_local,
    spark_session,
)

__all__ = ["DRIVER_DROPS", "input_tasks", "read_output", "run_job", "run_local", "spark_session"]
