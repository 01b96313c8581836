"""The few operations zjgov needs from a distributed engine, and the in-process reference.

Every surface (quality, schema, masking, privacy, classification) is written once against
:class:`Engine`; ``zjgov.distributed.dask`` and ``zjgov.distributed.spark`` implement it with
the engine's own machinery. A partition is handed to zjgov's kernels as a pandas frame with a
fresh ``RangeIndex`` and its partition number; partitions are numbered in row order, so the
row ``r`` of partition ``p`` is the global row ``offset(p) + r`` of the single-machine run.
A partition keeps its index labels where the engine has them (Dask, pandas); Spark has none,
so its partitions have a ``RangeIndex`` and ``labels`` is False.

:class:`LocalEngine` splits a pandas frame into partitions in this process: the reference the
tests compare the real engines with, and a cheap way to exercise partition boundaries.

>>> import pandas as pd
>>> eng = LocalEngine(3)
>>> frame = pd.DataFrame({"a": [1, 2, 3, 4, 5]})
>>> eng.map_reduce(frame, lambda part, p: [(p, len(part))], lambda x, y: x + y)
[(0, 2), (1, 1), (2, 2)]
>>> eng.lengths(frame)
[2, 1, 2]
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

import numpy as np
import pandas as pd

from zjgov import i18n
from zjgov.errors import ConfigError

i18n.add(
    {
        "distributed.missing_extra": (
            'engine={engine} 需要可选依赖 {package}：pip install "zjgov[{extra}]"',
            'engine={engine} needs the optional dependency {package}: pip install "zjgov[{extra}]"',
        ),
        "distributed.unknown_engine": (
            "未知的计算引擎 {engine}，可选：pandas、dask、spark",
            "unknown engine {engine}; use pandas, dask or spark",
        ),
        "distributed.engine_mismatch": (
            "engine={engine} 与数据类型不符（数据是 {kind} DataFrame）",
            "engine={engine} does not match the data (a {kind} DataFrame)",
        ),
        "distributed.not_frame": (
            "数据应为 pandas、Dask 或 Spark DataFrame（或文件路径），实际为 {type}",
            "data must be a pandas, Dask or Spark DataFrame (or a file path), not {type}",
        ),
    }
)

P = TypeVar("P")

#: ``fn(partition_frame, partition_number) -> partial``
PartFn = Callable[[pd.DataFrame, int], Any]


class MissingExtra(ConfigError, ImportError):
    """An engine whose optional dependency is not installed (the message names the pip command)."""


def missing_extra(engine: str, package: str) -> MissingExtra:
    """The bilingual error for an engine whose optional dependency is not installed."""
    kw = {"engine": engine, "package": package, "extra": engine}
    zh, en = (i18n.text("distributed.missing_extra", lang, **kw) for lang in ("zh", "en"))
    return MissingExtra(zh, en, field="engine")


class Engine(Protocol):
    """What a distributed engine gives zjgov (implemented for Dask and Spark)."""

    name: str
    labels: bool
    #: whether the partials are merged on the driver (Spark): key rules then ship only the keys
    #: whose hash repeats (one more pass); a tree merge on the workers (Dask) ships them all
    merges_on_driver: bool

    def columns(self, data: Any) -> list[str]:
        """The column names, in order."""

    def head(self, data: Any) -> pd.DataFrame:
        """An empty pandas frame with the data's columns and dtypes as partitions see them."""

    def map_reduce(self, data: Any, fn: PartFn, merge: Callable[[P, P], P]) -> P:
        """``fn`` on every partition, the partials merged in partition order (``merge`` is associative)."""

    def lengths(self, data: Any) -> list[int]:
        """The number of rows of each partition."""

    def repeated(self, data: Any, fn: PartFn) -> pd.DataFrame:
        """``fn`` gives each partition a frame of ``g`` (int32) and ``h`` (int64) pairs; the pairs
        that occur more than once over all partitions, counted by the engine's own group-by."""

    def group_sizes(self, data: Any, columns: Sequence[str]) -> pd.DataFrame:
        """One row per distinct combination of ``columns`` (nulls a value of their own), with ``count``."""

    def map_frame(self, data: Any, fn: PartFn, like: pd.DataFrame) -> Any:
        """A new distributed frame, ``fn`` applied to each partition (its output shaped like ``like``)."""

    def iter_map(self, data: Any, fn: PartFn) -> Iterator[Any]:
        """``fn`` on every partition, its results handed over one at a time in partition order
        (a few partitions ahead are computed meanwhile): how a whole output reaches one file."""


class LocalEngine:
    """A pandas frame cut into ``partitions`` slices in this process (the reference engine)."""

    name = "pandas"
    labels = True
    merges_on_driver = True  # the reference exercises the driver's path

    def __init__(self, partitions: int = 1, *, sizes: Sequence[int] | None = None) -> None:
        self.partitions = max(1, int(partitions))
        self.sizes = None if sizes is None else [int(s) for s in sizes]

    def _parts(self, frame: pd.DataFrame) -> list[pd.DataFrame]:
        if self.sizes is not None:
            if sum(self.sizes) != len(frame):
                raise ValueError("partition sizes must add up to the number of rows")
            bounds = np.cumsum([0, *self.sizes])
        else:
            bounds = np.linspace(0, len(frame), self.partitions + 1).round().astype(int)
        return [frame.iloc[a:b] for a, b in itertools.pairwise(bounds)]

    def columns(self, data: pd.DataFrame) -> list[str]:
        return [str(c) for c in data.columns]

    def head(self, data: pd.DataFrame) -> pd.DataFrame:
        return data.iloc[:0].reset_index(drop=True)

    def map_reduce(self, data: pd.DataFrame, fn: PartFn, merge: Callable[[P, P], P]) -> P:
        return tree_reduce([fn(part, p) for p, part in enumerate(self._parts(data))], merge)

    def lengths(self, data: pd.DataFrame) -> list[int]:
        return [len(p) for p in self._parts(data)]

    def repeated(self, data: pd.DataFrame, fn: PartFn) -> pd.DataFrame:
        pairs = pd.concat([fn(part, p) for p, part in enumerate(self._parts(data))], ignore_index=True)
        return repeated_pairs(pairs)

    def group_sizes(self, data: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
        return data.groupby(list(columns), dropna=False, sort=False).size().rename("count").reset_index()

    def map_frame(self, data: pd.DataFrame, fn: PartFn, like: pd.DataFrame) -> pd.DataFrame:
        parts = [fn(part, p) for p, part in enumerate(self._parts(data))]
        return pd.concat(parts) if parts else like

    def iter_map(self, data: pd.DataFrame, fn: PartFn) -> Iterator[Any]:
        for p, part in enumerate(self._parts(data)):
            yield fn(part, p)


def repeated_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """The ``(g, h)`` pairs of ``pairs`` that occur more than once."""
    if pairs.empty:
        return pairs[["g", "h"]]
    counts = pairs.groupby(["g", "h"], sort=False).size()
    return counts[counts > 1].reset_index()[["g", "h"]]


def tree_reduce(items: list[P], merge: Callable[[P, P], P]) -> P:
    """Merge neighbours pairwise until one is left (order kept; ``merge`` must be associative).

    >>> tree_reduce([[1], [2], [3], [4], [5]], lambda a, b: a + b)
    [1, 2, 3, 4, 5]
    """
    if not items:
        raise ValueError("nothing to reduce")
    while len(items) > 1:
        pairs = [merge(items[i], items[i + 1]) if i + 1 < len(items) else items[i] for i in range(0, len(items), 2)]
        items = pairs
    return items[0]


@functools.cache
def _dask_frame_type() -> type | None:
    try:
        import dask.dataframe as dd
    except ImportError:
        return None
    return dd.DataFrame


@functools.cache
def _spark_frame_types() -> tuple[type, ...]:
    out: list[type] = []
    try:
        from pyspark.sql import DataFrame
    except ImportError:
        return ()
    out.append(DataFrame)
    try:  # Spark Connect frames are another class
        from pyspark.sql.connect.dataframe import DataFrame as ConnectFrame

        out.append(ConnectFrame)
    except ImportError:
        pass
    return tuple(out)


def detect(data: Any) -> str:
    """``pandas``, ``dask`` or ``spark``, from the type of ``data`` (never imports an engine that is absent)."""
    if isinstance(data, pd.DataFrame):
        return "pandas"
    module = type(data).__module__
    if module.startswith("dask") and (t := _dask_frame_type()) is not None and isinstance(data, t):
        return "dask"
    if module.startswith("pyspark") and isinstance(data, _spark_frame_types()):
        return "spark"
    name = type(data).__name__
    raise TypeError(
        f"{i18n.text('distributed.not_frame', 'zh', type=name)} / {i18n.text('distributed.not_frame', 'en', type=name)}"
    )
