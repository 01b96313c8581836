"""GB/T 36344 rule sets over a distributed frame, through the quality engine's mergeable partials.

The :class:`~zjgov.quality.engine.Plan` is built once on the driver (configuration errors and
the reference time are settled there); every partition is evaluated by ``plan.evaluate`` at
its global row offset, the partials are merged in partition order (a tree on Dask, on the
driver for Spark) and ``plan.finalise`` gives the result — the same code path as a
single-machine run, so the result is the same: counts, samples, duplicate groups across
partitions (``KeyGroups`` merge exactly), rows failing any rule, scores.

Key rules (``unique``, ``duplicates``) make every partial hold one entry per distinct key.
Dask merges the partials in a tree on the workers, which copes (measured: faster than one
more pass); Spark merges them on the driver, which would then grow with the rows. So where the
engine merges on the driver (``Engine.merges_on_driver``), a first pass hashes
each key rule's keys in the partitions (``plan.key_hashes``) and the engine's own group-by
keeps the hashes seen more than once — as the schema path does for its keys; the partitions
are then evaluated with those hashes only (``plan.evaluate(..., repeated=...)``), and the
partials carry the rows of repeated keys alone: work on the driver in proportion to the
duplicates. A hash shared by two different keys only adds a candidate, compared exactly.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np
import pandas as pd

from zjgov.distributed._engines import Engine
from zjgov.quality import QualityResult, RuleSet
from zjgov.quality.engine import SAMPLE_SIZE, Plan, merge


def run(
    engine: Engine,
    data: Any,
    rules: RuleSet,
    *,
    name: str | None = None,
    mask: bool = True,
    sample_size: int = SAMPLE_SIZE,
    now: _dt.datetime | None = None,
) -> QualityResult:
    """Check ``data`` (a frame of ``engine``) against ``rules``; see :func:`zjgov.distributed.check`."""
    plan = Plan(rules, engine.columns(data), now=now, mask=mask, sample_size=sample_size)
    lengths = engine.lengths(data)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    repeated = _repeated_keys(engine, data, plan) if engine.merges_on_driver else None
    partial = engine.map_reduce(data, lambda part, p: plan.evaluate(part, int(offsets[p]), repeated=repeated), merge)
    return plan.finalise(partial, name=name or "dataframe")


def _repeated_keys(engine: Engine, data: Any, plan: Plan) -> dict[int, np.ndarray] | None:
    """Each key rule's sorted key hashes that occur more than once over all partitions (none: no key rule)."""
    if not any(r.spec.scope == "key" for r in plan.rules.rules):
        return None

    def pairs(part: pd.DataFrame, p: int) -> pd.DataFrame:
        found = plan.key_hashes(part)
        g = [np.full(len(h), i, dtype=np.int32) for i, h in found]
        h = [h.view(np.int64) for _, h in found]
        return pd.DataFrame(
            {
                "g": np.concatenate(g) if g else np.zeros(0, np.int32),
                "h": np.concatenate(h) if h else np.zeros(0, np.int64),
            }
        )

    table = engine.repeated(data, pairs)
    gs, hs = table["g"].to_numpy(dtype=np.int64), table["h"].to_numpy(dtype=np.int64).view(np.uint64)
    return {int(g): np.sort(hs[gs == g]) for g in np.unique(gs)}
