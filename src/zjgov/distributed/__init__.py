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
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from zjgov import i18n
from zjgov.distributed._engines import Engine, LocalEngine, detect, missing_extra
from zjgov.distributed.cli import ENGINES
from zjgov.errors import ConfigError

if TYPE_CHECKING:
    from zjgov.classification import Inventory
    from zjgov.exchange import Schema, ValidationReport
    from zjgov.quality import QualityResult, RuleSet
    from zjgov.security import AuditRecord, Policy
    from zjgov.security.audit import AuditResult

# The defaults of zjgov.classification.classifier.DEFAULT_SAMPLE and zjgov.quality.engine.SAMPLE_SIZE,
# written here so that the CLI verbs, which import zjgov.distributed.cli (so this package), do not
# load classification and quality to build their parsers (tests/test_distributed_local.py checks them).
DEFAULT_SAMPLE = 2000
SAMPLE_SIZE = 5

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
    """``frame`` as a frame of engine ``name``, its rows in order (``partitions`` partitions for
    Dask; Spark slices it by its default parallelism — a repartition would shuffle the rows)."""
    if name == "pandas":
        return frame
    engine(name)
    if name == "dask":
        import dask.dataframe as dd

        return dd.from_pandas(frame, npartitions=partitions, sort=False)
    from zjgov.distributed.spark import connect

    return connect().createDataFrame(frame)


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
    ``engine`` distributes a pandas frame (``partitions`` partitions); a Dask or Spark frame is
    recognised by its type.
    """
    from zjgov.distributed import quality

    eng, frame = _resolve(data, engine, partitions)
    return quality.run(eng, frame, rules, name=name, mask=mask, sample_size=sample_size, now=now)


def validate(
    data: Any,
    schema: Schema,
    *,
    lazy: bool = True,
    references: Mapping[str, Any] | None = None,
    engine: str | None = None,
    partitions: int | None = None,
) -> ValidationReport:
    """``schema.validate`` of ``data`` across partitions: the same violations, in the same order.

    ``references`` maps a foreign key's resource to its data (pandas, Dask or Spark frame, a
    Series or a set of keys); a self-reference reads the data itself.
    """
    from zjgov.distributed import schema as _schema

    eng, frame = _resolve(data, engine, partitions)
    return _schema.validate(eng, frame, schema, lazy=lazy, references=references)


def mask(
    data: Any,
    policy: Policy,
    keys: Callable[[], Any] | None = None,
    *,
    inventory: Any = None,
    audit: bool = True,
    engine: str | None = None,
    partitions: int | None = None,
) -> tuple[Any, AuditRecord | None]:
    """``zjgov.security.apply`` on every partition: a lazy masked frame and the merged audit record.

    ``keys`` is a zero-argument callable that builds the key ring on each worker (keys are never
    pickled); see :mod:`zjgov.distributed.masking`.
    """
    from zjgov.distributed import masking as _mask

    eng, frame = _resolve(data, engine, partitions)
    return _mask.mask(eng, frame, policy, keys, inventory=inventory, audit=audit)


def measure(
    data: Any,
    qis: Sequence[str],
    *,
    sensitive: Sequence[str] = (),
    population: Any = None,
    threshold: float | None = None,
    c: float = 2.0,
    distance: str = "auto",
    engine: str | None = None,
    partitions: int | None = None,
) -> Any:
    """:func:`zjgov.security.privacy.measure` from the engine's group-by: k, l, t-closeness,
    prosecutor, journalist (against ``population``, a pandas, Dask or Spark frame) and marketer
    risk, uniqueness and the class-size histogram."""
    from zjgov.distributed import privacy

    eng, frame = _resolve(data, engine, partitions)
    extra = {} if threshold is None else {"threshold": threshold}
    return privacy.measure(eng, frame, qis, sensitive=sensitive, population=population, c=c, distance=distance, **extra)


def audit(
    data: Any, *, engine: str | None = None, partitions: int | None = None, seed: int = 0, **options: Any
) -> AuditResult:
    """``zjgov.security.audit.audit`` of ``data`` (``protection_list=``, ``scenario=``, ``inventory=``,
    ``mask_record=``, ``qis=``, ``sensitive=``, ``population=`` — a pandas, Dask or Spark frame):
    the same violations and figures, the table's facts gathered on the engine
    (:mod:`zjgov.distributed.release`; without ``inventory`` the classification reads a sample of
    2,000 rows drawn by the engine)."""
    from zjgov.distributed.release import EngineFacts
    from zjgov.security.audit import audit as audit_facts

    eng, frame = _resolve(data, engine, partitions)
    return audit_facts(EngineFacts(eng, frame, seed=seed), **options)


def sample_rows(
    data: Any, n: int | None, *, seed: int = 0, engine: str | None = None, partitions: int | None = None
) -> tuple[pd.DataFrame, int]:
    """A uniform sample of ``n`` rows that does not depend on the partitioning, and the row count."""
    from zjgov.distributed import sample

    eng, frame = _resolve(data, engine, partitions)
    return sample.sample_rows(eng, frame, _sample_size(n), seed=seed)


def classify(
    data: Any,
    *,
    sample: int | None = DEFAULT_SAMPLE,
    seed: int = 0,
    engine: str | None = None,
    partitions: int | None = None,
    **options: Any,
) -> Inventory:
    """``zjgov.classification.classify`` of a :func:`sample_rows` sample, graded for the whole size."""
    from zjgov.distributed import sample as _sample

    eng, frame = _resolve(data, engine, partitions)
    return _sample.classify(eng, frame, sample=_sample_size(sample), seed=seed, **options)


def _sample_size(n: Any) -> int | None:
    if n is not None and (not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1):
        raise ConfigError(
            i18n.text("classification.bad_sample", "zh"), i18n.text("classification.bad_sample", "en"), field="sample"
        )
    return n


__all__ = [
    "ENGINES",
    "audit",
    "check",
    "classify",
    "distribute",
    "engine",
    "mask",
    "measure",
    "sample_rows",
    "validate",
]
