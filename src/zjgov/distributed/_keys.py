"""Keys across partitions: the rows whose key may repeat, found by the engine's own group-by.

Pass 1 hashes every row's key in its partition (64-bit, only a pre-filter); the engine counts
the ``(key set, hash)`` pairs and keeps those seen more than once — few, unless the data is
mostly duplicates. Pass 2 brings the rows with such a hash to the driver, numbered as in the
single-machine run, where the exact comparison is made by the same code that judges a frame in
memory. A hash collision can only add a candidate, never hide a duplicate.

>>> import numpy as np, pandas as pd, pyarrow as pa
>>> from zjgov.distributed._engines import LocalEngine
>>> frame = pd.DataFrame({"id": ["a", "b", "c", "a", "d", "b"]})
>>> key = lambda part: hash_keys([pa.array(part["id"])], np.arange(len(part)))
>>> found = candidates(LocalEngine(3), frame, [key])
>>> found[0][["_row", "id"]].values.tolist()
[[0, 'a'], [1, 'b'], [3, 'a'], [5, 'b']]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from zjgov.core.keys import hash_parts
from zjgov.distributed._engines import Engine

#: ``hasher(partition) -> (local rows, int64 hashes)`` of the rows that take part in one key.
Hasher = Callable[[pd.DataFrame], tuple[np.ndarray, np.ndarray]]
ROW = "_row"


def hash_keys(parts: Sequence[pa.Array], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The exact key hash (:func:`zjgov.core.keys.hash_parts`) of ``rows`` of aligned key parts, as int64."""
    if not len(rows):
        return rows, np.zeros(0, dtype=np.int64)
    take = pa.array(rows)
    return rows, hash_parts([p.take(take) for p in parts]).view(np.int64)


def candidates(engine: Engine, data: Any, hashers: Sequence[Hasher]) -> dict[int, pd.DataFrame]:
    """For each hasher ``g``, the rows (all columns, plus ``_row``: the global 0-based row)
    whose hash occurs more than once, in row order; key sets without such rows are absent."""

    def pairs(part: pd.DataFrame, p: int) -> pd.DataFrame:
        out = []
        for g, hasher in enumerate(hashers):
            _, h = hasher(part)
            out.append(pd.DataFrame({"g": np.full(len(h), g, dtype=np.int32), "h": h}))
        return pd.concat(out, ignore_index=True)

    repeated = engine.repeated(data, pairs)
    wanted = {int(g): np.sort(grp["h"].to_numpy(dtype=np.int64)) for g, grp in repeated.groupby("g")}

    def gather(part: pd.DataFrame, p: int) -> tuple[list[int], dict[int, list[pd.DataFrame]]]:
        out: dict[int, list[pd.DataFrame]] = {}
        for g, hasher in enumerate(hashers):
            if g not in wanted:
                continue
            rows, h = hasher(part)
            keep = rows[np.isin(h, wanted[g])]
            if len(keep):
                out[g] = [part.iloc[keep].assign(**{ROW: keep, "_part": p})]
        return [len(part)], out

    def merge(a: tuple[list[int], dict], b: tuple[list[int], dict]) -> tuple[list[int], dict]:
        both = {g: a[1].get(g, []) + b[1].get(g, []) for g in a[1].keys() | b[1].keys()}
        return a[0] + b[0], both

    if not wanted:
        return {}
    lengths, found = engine.map_reduce(data, gather, merge)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    out = {}
    for g, pieces in found.items():
        table = pd.concat(pieces)
        table[ROW] = offsets[table.pop("_part").to_numpy()] + table[ROW].to_numpy()
        out[g] = table.sort_values(ROW, kind="stable")
    return out
