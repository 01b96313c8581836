"""Dask: partitions as pandas frames, partials merged by a tree reduction on the cluster.

Install with ``pip install "zjgov[dask]"``. zjgov uses whatever scheduler is active: a
``dask.distributed.Client`` you created (``Client("tcp://scheduler:8786")``), or the one
:func:`connect` creates from a scheduler address.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from zjgov.distributed._engines import PartFn, missing_extra, repeated_pairs

try:
    import dask
    import dask.dataframe as dd
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("dask", "dask[dataframe]") from exc


def connect(address: str | None = None) -> Any:
    """A ``dask.distributed.Client`` on ``address`` (``None``: the active client, else a local
    cluster of worker processes); a client already connected to ``address`` is reused."""
    try:
        from dask.distributed import Client
    except ImportError as exc:  # pragma: no cover
        raise missing_extra("dask", "distributed") from exc
    try:  # the client already connected (to that scheduler) serves again
        from dask.distributed import default_client

        client = default_client()
        if address is None or client.scheduler.address == address:
            return client
    except ValueError:
        pass
    return Client(address) if address else Client(processes=True)


def _call(fn: PartFn, part: pd.DataFrame, p: int) -> Any:
    return fn(part, p)


class DaskEngine:
    """:class:`zjgov.distributed._engines.Engine` over ``dask.dataframe`` (``split_every`` partials per merge)."""

    name = "dask"
    labels = True
    merges_on_driver = False  # the tree merge runs on the workers; a pre-filter pass cost more than it saved

    def __init__(self, split_every: int = 8) -> None:
        self.split_every = max(2, int(split_every))

    def columns(self, data: dd.DataFrame) -> list[str]:
        return [str(c) for c in data.columns]

    def head(self, data: dd.DataFrame) -> pd.DataFrame:
        return data._meta

    def _delayed(self, data: dd.DataFrame, fn: PartFn) -> list[Any]:
        call = dask.delayed(_call, pure=True)
        return [call(fn, part, p) for p, part in enumerate(data.to_delayed())]

    def map_reduce(self, data: dd.DataFrame, fn: PartFn, merge: Callable[[Any, Any], Any]) -> Any:
        level = self._delayed(data, fn)
        combine = dask.delayed(_merge_all, pure=True)
        while len(level) > 1:  # a tree: split_every neighbours merged per task, order kept
            level = [combine(merge, level[i : i + self.split_every]) for i in range(0, len(level), self.split_every)]
        (out,) = dask.compute(level[0])
        return out

    def lengths(self, data: dd.DataFrame) -> list[int]:
        return [int(n) for n in data.map_partitions(len).compute()]

    def repeated(self, data: dd.DataFrame, fn: PartFn) -> pd.DataFrame:
        meta = pd.DataFrame({"g": pd.Series(dtype=np.int32), "h": pd.Series(dtype=np.int64)})
        pairs = dd.from_delayed(self._delayed(data, fn), meta=meta, verify_meta=False)
        counts = pairs.groupby(["g", "h"]).size(split_out=max(1, data.npartitions // 8))
        found = counts[counts > 1].compute()
        return found.reset_index()[["g", "h"]] if len(found) else repeated_pairs(meta)

    def group_sizes(self, data: dd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
        sizes = data.groupby(list(columns), dropna=False).size(split_out=max(1, data.npartitions // 8))
        return sizes.rename("count").compute().reset_index()

    def map_frame(self, data: dd.DataFrame, fn: PartFn, like: pd.DataFrame) -> dd.DataFrame:
        parts = data.to_delayed()
        call = dask.delayed(_keep_index, pure=True)
        return dd.from_delayed([call(fn, part, p) for p, part in enumerate(parts)], meta=like, verify_meta=False)

    def iter_map(self, data: dd.DataFrame, fn: PartFn) -> Iterator[Any]:
        level = self._delayed(data, fn)
        ahead = self.split_every  # computed together, handed over in order
        for i in range(0, len(level), ahead):
            yield from dask.compute(*level[i : i + ahead])


def _merge_all(merge: Callable[[Any, Any], Any], items: list[Any]) -> Any:
    """The merge of neighbouring partials. A merge may update its left argument, and that object
    may also be a finished task's result kept by the worker (read again if a later task is
    retried), so the fold starts from a copy."""
    out = pickle.loads(pickle.dumps(items[0], protocol=pickle.HIGHEST_PROTOCOL))
    for item in items[1:]:
        out = merge(out, item)
    return out


def _keep_index(fn: PartFn, part: pd.DataFrame, p: int) -> pd.DataFrame:
    out = fn(part, p)
    out.index = part.index
    return out
