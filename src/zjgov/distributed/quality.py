"""GB/T 36344 rule sets over a distributed frame, through the quality engine's mergeable partials.

The :class:`~zjgov.quality.engine.Plan` is built once on the driver (configuration errors and
the reference time are settled there); every partition is evaluated by ``plan.evaluate`` at
its global row offset, the partials are merged in partition order (a tree on Dask, on the
driver for Spark) and ``plan.finalise`` gives the result — the same code path as a
single-machine run, so the result is the same: counts, samples, duplicate groups across
partitions (``KeyGroups`` merge exactly), rows failing any rule, scores.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np

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
    partial = engine.map_reduce(data, lambda part, p: plan.evaluate(part, int(offsets[p])), merge)
    return plan.finalise(partial, name=name or "dataframe")
