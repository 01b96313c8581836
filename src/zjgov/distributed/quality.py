"""GB/T 36344 rule sets over a distributed frame, with the result of a single-machine run.

Row rules run in every partition through the quality engine itself and their partials are
merged (:mod:`zjgov.distributed._partials`); ``unique`` and ``duplicates`` are settled across
partitions (:mod:`zjgov.distributed._keys`): every row whose key hash repeats is brought to
the driver, in row order, and judged there by the same engine, so the failing rows, the
sample and the duplicate groups are those of the in-memory run; dataset rules see the total
row count and the columns.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np
import pandas as pd

from zjgov import __version__
from zjgov.distributed import _partials
from zjgov.distributed._engines import Engine
from zjgov.distributed._keys import ROW, candidates, hash_keys
from zjgov.quality import QualityResult, RuleSet, check
from zjgov.quality.engine import SAMPLE_SIZE, score
from zjgov.quality.result import DatasetInfo, DuplicateGroup, RuleResult, RuleSetInfo, Score


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
    head = engine.head(data)
    stamp = pd.Timestamp(now or rules.reference_time or _dt.datetime.now()).to_pydatetime()
    check(head, rules, now=stamp, progress=False)  # a missing column is a ConfigError here, on the driver
    scopes = {r.id: r.spec.scope for r in rules.rules}
    partitioned = RuleSet.from_rules(rules.name, [r for r in rules.rules if scopes[r.id] != "dataset"])
    part = partitioned.rules and engine.map_reduce(
        data,
        lambda frame, p: _partials.evaluate(frame, partitioned, now=stamp, mask=mask, sample_size=sample_size),
        _partials.merge,
    )
    rows = part.rows if part else sum(engine.lengths(data))
    settled: dict[str, RuleResult] = {}
    groups: dict[str, list[DuplicateGroup]] = {}
    keyed = [r for r in partitioned.rules if scopes[r.id] == "key" and part.rules[r.id].error is None]
    if keyed:
        settled, groups = _keys(engine, data, keyed, part, stamp, mask, sample_size)
    dataset = [r for r in rules.rules if scopes[r.id] == "dataset"]
    if dataset:
        zero = np.broadcast_to(np.bool_(False), rows)  # n rows of every column, without memory
        shape = pd.DataFrame({c: pd.Series(zero, copy=False) for c in head.columns}, copy=False)
        ds = check(shape, RuleSet.from_rules(rules.name, dataset), now=stamp, progress=False)
        settled.update({r.id: r for r in ds.rules})
    results = []
    for r in rules.rules:
        if r.id in settled:
            results.append(settled[r.id])
        else:
            results.append(_partials.rule_result(part.template[r.id], part.rules[r.id]))
    dims, weights, overall = score(results, rules.weights)
    return QualityResult(
        created=_dt.datetime.now(_dt.UTC).replace(microsecond=0),
        zjgov_version=__version__,
        dataset=DatasetInfo(name=name or "dataframe", path=None, rows=rows, columns=[str(c) for c in head.columns]),
        ruleset=RuleSetInfo(name=rules.name, source=rules.source),
        passed=all(r.threshold_met for r in results if r.severity == "error"),
        score=Score(overall=overall, weights=weights),
        dimensions=dims,
        rules=results,
        duplicates=[g for r in rules.rules for g in groups.get(r.id, [])],
    )


def _keys(engine, data, keyed, part, stamp, mask, sample_size):
    """``unique`` and ``duplicates`` across partitions: the candidates judged by the engine in one frame."""
    columns = {r.id: tuple(part.template[r.id].columns) for r in keyed}

    def hasher(r):
        def fn(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
            use = np.ones(len(frame), dtype=bool)
            if r.kind != "duplicates":  # a key with a null part is never a duplicate
                use &= frame[list(columns[r.id])].notna().all(axis=1).to_numpy()
            if r.filter is not None:
                use &= r.filter.evaluate(frame.reset_index(drop=True)).fillna(False).to_numpy(dtype=bool)
            return hash_keys(frame, columns[r.id], np.flatnonzero(use))

        return fn

    found = candidates(engine, data, [hasher(r) for r in keyed])
    settled, groups = {}, {}
    for g, r in enumerate(keyed):
        template, counted = part.template[r.id], part.rules[r.id]
        if g not in found:
            settled[r.id] = _partials.rule_result(template, _partials.RulePartial(checked=counted.checked))
            continue
        table = found[g]
        glob = table.pop(ROW).to_numpy(dtype=np.int64)
        res = check(table.reset_index(drop=True), RuleSet.from_rules("keys", [r]), now=stamp, mask=mask,
                    sample_size=sample_size, progress=False)  # fmt: skip
        (one,) = res.rules
        sample = [s.model_copy(update={"row": int(glob[s.row - 1]) + 1}) for s in one.sample]
        merged = _partials.RulePartial(
            counted.checked, one.failed, _partials.as_partial(one).reasons, sample, one.error
        )
        settled[r.id] = _partials.rule_result(template, merged)
        groups[r.id] = [
            grp.model_copy(update={"rows": [int(glob[x - 1]) + 1 for x in grp.rows]}) for grp in res.duplicates
        ]
    return settled, groups
