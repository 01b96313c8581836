"""Spark: partitions through ``mapInPandas`` over Arrow, partials serialised and merged.

Install with ``pip install "zjgov[spark]"``. Executors run Python: they need zjgov (and
pandas, pyarrow) installed, or the zjgov wheel shipped with ``spark-submit --py-files``, and
``PYSPARK_PYTHON`` naming that interpreter. :func:`prepare_environment` sets
``PYSPARK_PYTHON`` to this interpreter (and ``JAVA_HOME`` when ``java`` is on the path) when
they are unset, which is right for ``local[N]`` and for clusters whose nodes share the
driver's environment.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from zjgov import i18n
from zjgov.distributed._engines import PartFn, missing_extra, repeated_pairs
from zjgov.errors import ZjgovError

try:
    import pyspark
    from pyspark import TaskContext
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import types as T
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("spark", "pyspark") from exc

i18n.add(
    {
        "distributed.spark_partitions": (
            "Spark 分区编号不是 0..n-1，无法确定行号",
            "the Spark partitions are not numbered 0..n-1, so row numbers cannot be known",
        ),
        "distributed.spark_failed": (
            "Spark 作业失败。若执行器报告 No module named 'pandas' 或 'zjgov'，请把 PYSPARK_PYTHON 设为装有 zjgov 的 Python 解释器（当前为 {python}），或用 spark-submit --py-files 分发 zjgov 的 wheel；原始错误类型：{type}",
            "the Spark job failed. If an executor reports No module named 'pandas' or 'zjgov', set PYSPARK_PYTHON to a Python interpreter that has zjgov installed (now {python}) or ship the zjgov wheel with spark-submit --py-files; original error type: {type}",
        ),
    }
)

#: The schema of a partition's serialised partial.
_PARTIAL = T.StructType([T.StructField("p", T.IntegerType()), T.StructField("blob", T.BinaryType())])
_PAIRS = T.StructType([T.StructField("g", T.IntegerType()), T.StructField("h", T.LongType())])


def prepare_environment() -> None:
    """Point Spark's Python workers at this interpreter and Java at the ``java`` on the path, if unset."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if "JAVA_HOME" not in os.environ and (java := shutil.which("java")):
        os.environ["JAVA_HOME"] = str(Path(java).resolve().parent.parent)


def connect(master: str | None = None, *, app: str = "zjgov", conf: dict[str, str] | None = None) -> SparkSession:
    """The active Spark session, or a new one on ``master`` with Arrow enabled. Without ``master``:
    under ``spark-submit`` (or the ``pyspark`` shell) the master it was given, else ``local[2]``."""
    prepare_environment()
    builder = SparkSession.builder.appName(app)
    # spark-submit starts the JVM first and hands its gateway over in PYSPARK_GATEWAY_PORT; a master
    # set here would override its --master (yarn, spark://…) and run the job on the driver alone
    if master or "PYSPARK_GATEWAY_PORT" not in os.environ:
        builder = builder.master(master or "local[2]")
    settings = {"spark.sql.execution.arrow.pyspark.enabled": "true", "spark.ui.enabled": "false"}
    for key, value in (settings | (conf or {})).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _partition() -> int:
    ctx = TaskContext.get()
    return ctx.partitionId() if ctx is not None else 0


def _frames(batches: Iterator[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    """A whole partition as one pandas frame (``mapInPandas`` hands it over in Arrow batches;
    an empty partition gets none, and becomes an empty frame with the columns)."""
    parts = list(batches)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _partition_task(fn: PartFn, columns: list[str]) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """The ``mapInPandas`` function that runs ``fn`` on one partition and answers one row: the
    partition's number and the pickled ``("ok", result)`` or ``("error", ZjgovError)`` (zjgov's
    own errors reach the caller as they are)."""

    def task(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        part = _frames(batches, columns)
        p = _partition()
        try:
            out: tuple[str, Any] = ("ok", fn(part.reset_index(drop=True), p))
        except ZjgovError as exc:
            out = ("error", exc)
        yield pd.DataFrame({"p": [p], "blob": [pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)]})

    return task


class SparkEngine:
    """:class:`zjgov.distributed._engines.Engine` over PySpark DataFrames."""

    name = "spark"
    labels = False
    merges_on_driver = True

    def columns(self, data: DataFrame) -> list[str]:
        return list(data.columns)

    def head(self, data: DataFrame) -> pd.DataFrame:
        return _arrow_schema(data.schema).empty_table().to_pandas()

    def _run(self, data: DataFrame, fn: PartFn) -> list[tuple[int, Any]]:
        task = _partition_task(fn, list(data.columns))
        try:
            rows = data.mapInPandas(task, _PARTIAL).collect()
        except Exception as exc:
            raise _failed(exc) from exc
        out = []
        for p, (status, value) in sorted(((int(r["p"]), pickle.loads(r["blob"])) for r in rows), key=lambda t: t[0]):
            if status == "error":
                raise value
            out.append((p, value))
        return out

    def iter_map(self, data: DataFrame, fn: PartFn) -> Iterator[Any]:
        task = _partition_task(fn, list(data.columns))
        try:  # one row per partition, partitions in order, the next one fetched meanwhile
            rows = data.mapInPandas(task, _PARTIAL).toLocalIterator(prefetchPartitions=True)
            for row in rows:
                status, value = pickle.loads(row["blob"])
                if status == "error":
                    raise value
                yield value
        except ZjgovError:
            raise
        except Exception as exc:
            raise _failed(exc) from exc

    def map_reduce(self, data: DataFrame, fn: PartFn, merge: Callable[[Any, Any], Any]) -> Any:
        from zjgov.distributed._engines import tree_reduce

        return tree_reduce([partial for _, partial in self._run(data, fn)], merge)

    def lengths(self, data: DataFrame) -> list[int]:
        sizes = self._run(data, lambda part, p: len(part))  # every partition answers, in order
        if [p for p, _ in sizes] != list(range(len(sizes))):
            raise RuntimeError(i18n.both("distributed.spark_partitions"))
        return [n for _, n in sizes]

    def repeated(self, data: DataFrame, fn: PartFn) -> pd.DataFrame:
        columns = list(data.columns)

        def task(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
            yield fn(_frames(batches, columns), _partition())

        try:
            found = data.mapInPandas(task, _PAIRS).groupBy("g", "h").count().where("count > 1").select("g", "h")
            rows = found.collect()
        except Exception as exc:
            raise _failed(exc) from exc
        return repeated_pairs(pd.DataFrame({"g": [r["g"] for r in rows] * 2, "h": [r["h"] for r in rows] * 2}))

    def group_sizes(self, data: DataFrame, columns: Sequence[str]) -> pd.DataFrame:
        try:
            grouped = data.groupBy(*columns).count()
            return _whole(grouped, [*columns, "count"])
        except Exception as exc:
            raise _failed(exc) from exc

    def map_frame(self, data: DataFrame, fn: PartFn, like: pd.DataFrame) -> DataFrame:
        schema = _schema_of(like, data.schema)
        columns = list(data.columns)

        def task(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
            yield fn(_frames(batches, columns), _partition())

        return data.mapInPandas(task, schema)


def _arrow_schema(schema: T.StructType) -> pa.Schema:
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(schema)


def _schema_of(like: pd.DataFrame, given: T.StructType) -> T.StructType:
    """The Spark schema of frames shaped like ``like``; a column whose type an empty frame cannot
    tell (object dtype) keeps the input's type, or is a string."""
    from pyspark.sql.pandas.types import from_arrow_type

    inferred = pa.Schema.from_pandas(like, preserve_index=False)
    before = {f.name: f.dataType for f in given.fields}
    fields = []
    for f in inferred:
        kind = before.get(f.name, T.StringType()) if pa.types.is_null(f.type) else from_arrow_type(f.type)
        fields.append(T.StructField(f.name, kind, True))
    return T.StructType(fields)


def _whole(data: DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``data`` collected to pandas through Arrow (only for small results: counts, candidates)."""
    out = data.toPandas()
    return out[list(columns)] if len(out.columns) else pd.DataFrame({c: [] for c in columns})


def _failed(exc: Exception) -> RuntimeError:
    """A bilingual error naming the usual fix; of the original only the exception's class (its
    message may quote data)."""
    raised = re.findall(r"^(\w+(?:Error|Exception)): ", str(exc), flags=re.MULTILINE)
    kw = {"python": os.environ.get("PYSPARK_PYTHON", "-"), "type": raised[-1] if raised else type(exc).__name__}
    text = f"{i18n.text('distributed.spark_failed', 'zh', **kw)} / {i18n.text('distributed.spark_failed', 'en', **kw)}"
    err = RuntimeError(text)
    err.__cause__ = exc
    return err


__all__ = ["SparkEngine", "connect", "prepare_environment", "pyspark"]
