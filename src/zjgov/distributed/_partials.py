"""Mergeable partial results of the quality engine, built from its public single-machine run.

A partition is checked by ``zjgov.quality.check`` itself (the same kernels, sample masking
and reason codes); what it returns is cut down to a :class:`QualityPartial` — counters,
reasons and the first failing rows, numbered from the partial's first row. :func:`merge`
adds counters and shifts the right-hand rows by the left-hand row count, so it is
associative and the merged partial of all partitions, in order, holds exactly the counters
and samples of one run over the whole data.

Uniqueness cannot be decided inside a partition; for ``key`` rules the partials keep only
``checked``, and ``zjgov.distributed.quality`` settles the duplicates across partitions.

>>> import pandas as pd
>>> from zjgov.quality import RuleSet, rule
>>> rs = RuleSet.from_rules("t", [rule("not_null", "a")])
>>> frame = pd.DataFrame({"a": ["x", None, "y", None]})
>>> parts = [evaluate(frame.iloc[i : i + 2].reset_index(drop=True), rs, now=None) for i in (0, 2)]
>>> both = merge(*parts)
>>> both.rows, both.rules["not_null:a"].failed, [s.row for s in both.rules["not_null:a"].sample]
(4, 2, [2, 4])
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as _dt

import pandas as pd

from zjgov.quality import RuleSet, check
from zjgov.quality.result import RuleError, RuleResult, SampleRow


@dataclasses.dataclass
class RulePartial:
    """One rule's counters over a run of consecutive rows."""

    checked: int = 0
    failed: int = 0
    reasons: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    sample: list[SampleRow] = dataclasses.field(default_factory=list)  # rows 1-based from the partial's start
    error: RuleError | None = None


@dataclasses.dataclass
class QualityPartial:
    """Every rule's :class:`RulePartial` over consecutive partitions (``lengths`` in order)."""

    rows: int
    lengths: list[int]
    rules: dict[str, RulePartial]
    template: dict[str, RuleResult]  # the static fields of each rule's result
    sample_size: int


def evaluate(
    part: pd.DataFrame,
    rules: RuleSet,
    *,
    now: _dt.datetime | None,
    mask: bool = True,
    sample_size: int = 5,
) -> QualityPartial:
    """The partial of one partition (``rules`` holds row and key rules only)."""
    res = check(part, rules, now=now, mask=mask, sample_size=sample_size, progress=False)
    out: dict[str, RulePartial] = {}
    for r in res.rules:
        out[r.id] = RulePartial(r.checked, r.failed, collections.Counter(r.reasons), list(r.sample), r.error)
    return QualityPartial(len(part), [len(part)], out, {r.id: r for r in res.rules}, sample_size)


def merge(a: QualityPartial, b: QualityPartial) -> QualityPartial:
    """``a`` followed by ``b``: counters added, ``b``'s rows shifted by ``a.rows``, samples cut."""
    rules = {}
    for rule_id, x in a.rules.items():
        y = b.rules[rule_id]
        shifted = [s.model_copy(update={"row": s.row + a.rows}) for s in y.sample]
        rules[rule_id] = RulePartial(
            x.checked + y.checked,
            x.failed + y.failed,
            x.reasons + y.reasons,
            (x.sample + shifted)[: a.sample_size],
            x.error or y.error,
        )
    return QualityPartial(a.rows + b.rows, a.lengths + b.lengths, rules, a.template, a.sample_size)


def rule_result(template: RuleResult, part: RulePartial, *, reasons: dict[str, int] | None = None) -> RuleResult:
    """The final result of one rule from its merged partial (the engine's rate and threshold logic)."""
    if part.error is not None:
        return template.model_copy(
            update={"checked": 0, "passed": 0, "failed": 0, "pass_rate": None, "threshold_met": False,
                    "reasons": {}, "sample": [], "error": part.error}
        )  # fmt: skip
    checked, failed = part.checked, part.failed
    rate = (checked - failed) / checked if checked else None
    counts = part.reasons if reasons is None else reasons
    ordered = dict(sorted(((k, int(v)) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0])))
    return template.model_copy(
        update={
            "checked": checked,
            "passed": checked - failed,
            "failed": failed,
            "pass_rate": rate,
            "threshold_met": rate is None or rate >= template.threshold - 1e-12,
            "reasons": ordered,
            "sample": part.sample,
            "error": None,
        }
    )


def as_partial(result: RuleResult) -> RulePartial:
    """A finished rule result back as a partial (for rules settled outside the partitions)."""
    return RulePartial(result.checked, result.failed, collections.Counter(result.reasons), list(result.sample),
                       result.error)  # fmt: skip


__all__ = ["QualityPartial", "RulePartial", "as_partial", "evaluate", "merge", "rule_result"]
