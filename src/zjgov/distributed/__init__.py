"""Beyond one machine: zjgov's checks on Dask and Spark, with the results of a single-machine run.

Pass a Dask or PySpark DataFrame to any function here (the engine is recognised), or a pandas
frame with ``engine="dask"`` / ``engine="spark"`` to distribute it. The engines are optional
extras: ``pip install "zjgov[dask]"`` or ``pip install "zjgov[spark]"``; they are imported only
when used. ``engine="pandas"`` runs the same code in this process (``partitions`` slices), the
reference the distributed runs are compared with.

>>> import pandas as pd
>>> from zjgov.quality import RuleSet, rule
>>> rs = RuleSet.from_rules("t", [rule("unique", "id"), rule("not_null", "id")])
>>> frame = pd.DataFrame({"id": ["a", "b", None, "a"]})
>>> res = check(frame, rs, engine="pandas", partitions=3)
>>> [(r.id, r.checked, r.failed) for r in res.rules]
[('unique:id', 3, 2), ('not_null:id', 4, 1)]
"""

from __future__ import annotations

import datetime as _dt
import importlib
from typing import Any

import pandas as pd

from zjgov import i18n
from zjgov.distributed._engines import Engine, LocalEngine, detect, missing_extra
from zjgov.errors import ConfigError
from zjgov.quality import QualityResult, RuleSet
from zjgov.quality.engine import SAMPLE_SIZE

ENGINES = ("pandas", "dask", "spark")
_EXTRA_PACKAGE = {"dask": "dask[dataframe]", "spark": "pyspark"}


def engine(name: str) -> Engine:
    """The engine adapter called ``name`` (``pandas``, ``dask`` or ``spark``)."""
    if name not in ENGINES:
        raise ConfigError(
            i18n.text("distributed.unknown_engine", "zh", engine=name),
            i18n.text("distributed.unknown_engine", "en", engine=name),
            field="engine",
        )
    if name == "pandas":
        return LocalEngine()
    try:
        module = importlib.import_module(f"zjgov.distributed.{name}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in ("dask", "pyspark", "distributed", "py4j"):
            raise missing_extra(name, _EXTRA_PACKAGE[name]) from exc
        raise
    return module.DaskEngine() if name == "dask" else module.SparkEngine()


def distribute(frame: pd.DataFrame, name: str, *, partitions: int = 2) -> Any:
    """``frame`` as a frame of engine ``name`` (``partitions`` partitions for Dask; Spark's default)."""
    if name == "pandas":
        return frame
    engine(name)
    if name == "dask":
        import dask.dataframe as dd

        return dd.from_pandas(frame, npartitions=partitions, sort=False)
    from zjgov.distributed.spark import connect

    return connect().createDataFrame(frame).repartition(partitions) if partitions else connect().createDataFrame(frame)


def _resolve(data: Any, engine_name: str | None, partitions: int | None) -> tuple[Engine, Any]:
    kind = detect(data)
    if kind == "pandas":
        if engine_name in (None, "pandas"):
            return LocalEngine(partitions or 1), data
        return engine(engine_name), distribute(data, engine_name, partitions=partitions or 2)
    if engine_name not in (None, kind):
        raise ConfigError(
            i18n.text("distributed.engine_mismatch", "zh", engine=engine_name, kind=kind),
            i18n.text("distributed.engine_mismatch", "en", engine=engine_name, kind=kind),
            field="engine",
        )
    return engine(kind), data


i18n.add(
    {
        "distributed.engine_mismatch": (
            "engine={engine} 与数据类型不符（数据是 {kind} DataFrame）",
            "engine={engine} does not match the data (a {kind} DataFrame)",
        ),
    }
)


def check(
    data: Any,
    rules: RuleSet,
    *,
    engine: str | None = None,
    partitions: int | None = None,
    name: str | None = None,
    mask: bool = True,
    sample_size: int = SAMPLE_SIZE,
    now: _dt.datetime | None = None,
) -> QualityResult:
    """Check ``data`` — a pandas, Dask or Spark DataFrame — against ``rules``.

    The result equals ``zjgov.quality.check`` of the same rows in one frame (up to ``created``).
    """
    from zjgov.distributed import quality

    eng, frame = _resolve(data, engine, partitions)
    return quality.run(eng, frame, rules, name=name, mask=mask, sample_size=sample_size, now=now)


__all__ = ["ENGINES", "check", "distribute", "engine"]
