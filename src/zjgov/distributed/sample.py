"""A deterministic sample of rows across partitions, and classification from it.

Every row gets a key from its global row number and the seed (the splitmix64 finaliser, a
bijection, so no two rows tie); the ``n`` rows with the smallest keys are the sample — an exact
uniform sample without replacement that does not depend on how the rows are partitioned. Each
partition keeps its own ``n`` smallest and the partials merge by keeping the ``n`` smallest, so
only ``n`` rows per partition ever travel.

>>> import pandas as pd
>>> from zjgov.distributed._engines import LocalEngine
>>> frame = pd.DataFrame({"a": range(100)})
>>> one, total = sample_rows(LocalEngine(1), frame, 5, seed=1)
>>> three, _ = sample_rows(LocalEngine(3), frame, 5, seed=1)
>>> total, one["a"].tolist() == three["a"].tolist(), len(one)
(100, True, 5)
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from zjgov.distributed._engines import Engine

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def row_keys(rows: np.ndarray, seed: int) -> np.ndarray:
    """The sampling key of each global row number (uint64)."""
    with np.errstate(over="ignore"):
        x = rows.astype(np.uint64) + np.uint64(seed & 0xFFFFFFFFFFFFFFFF) * _GOLDEN + _GOLDEN
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def _smallest(keys: np.ndarray, n: int) -> np.ndarray:
    return np.arange(len(keys)) if len(keys) <= n else np.argpartition(keys, n - 1)[:n]


def sample_rows(engine: Engine, data: Any, n: int | None, *, seed: int = 0) -> tuple[pd.DataFrame, int]:
    """``n`` rows drawn uniformly (all rows when ``n`` is None), in row order, indexed by their
    0-based global row numbers; and the total number of rows."""
    lengths = engine.lengths(data)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    total = int(sum(lengths))
    limit = total if n is None else int(n)

    def pick(part: pd.DataFrame, p: int) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
        rows = offsets[p] + np.arange(len(part), dtype=np.int64)
        keys = row_keys(rows, seed)
        take = _smallest(keys, limit)
        return keys[take], rows[take], part.iloc[take]

    def merge(a, b):
        keys, rows = np.concatenate([a[0], b[0]]), np.concatenate([a[1], b[1]])
        frame = pd.concat([a[2], b[2]])
        take = _smallest(keys, limit)
        return keys[take], rows[take], frame.iloc[take]

    _, rows, frame = engine.map_reduce(data, pick, merge)
    order = np.argsort(rows, kind="stable")
    out = frame.iloc[order]
    out.index = pd.Index(rows[order], name=None)
    return out, total


def classify(engine: Engine, data: Any, *, sample: int | None, seed: int = 0, source: str = "", **options: Any):
    """:func:`zjgov.classification.classify` of a :func:`sample_rows` sample, graded for the whole size."""
    from zjgov.classification import classify as classify_frame

    part, total = sample_rows(engine, data, sample, seed=seed)
    return classify_frame(part, sample=None, rows=total, seed=seed, source=os.fspath(source), **options)
