"""Completeness (完整性, a GB/T 36344 first-level indicator): required values, complete records, record counts."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pydantic import field_validator, model_validator

from zjgov.quality.columns import NoParams, _k, col_present
from zjgov.quality.rules import DatasetFacts, Outcome, Params, Reasons, Rule


def _not_null(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    ok = np.ones(len(frame), dtype=bool)
    for c in r.columns:
        ok &= frame[c].notna().to_numpy(dtype=bool)
    return Outcome(ok=ok, reason="missing")


def _not_blank(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    ok = np.ones(len(frame), dtype=bool)
    null = np.zeros(len(frame), dtype=bool)
    for c in r.columns:
        ok &= col_present(frame, c)
        null |= frame[c].isna().to_numpy(dtype=bool)
    return Outcome(ok=ok, reason=Reasons.first(("missing", "blank"), null))


_k(
    "not_null",
    NoParams,
    "row",
    "completeness",
    "element_completeness",
    (1, None),
    _not_null,
    "必填项不为空",
    "required values are not null",
)


_k(
    "not_blank",
    NoParams,
    "row",
    "completeness",
    "element_completeness",
    (1, None),
    _not_blank,
    "必填项不为空或空白",
    "required values are neither null nor blank",
)


class RecordParams(Params):
    min_filled: float = 1.0

    @field_validator("min_filled")
    @classmethod
    def _ratio(cls, v: float) -> float:
        if not 0 < v <= 1:
            raise ValueError("must lie in (0, 1]")
        return v


def _record_completeness(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    cols = list(r.columns) or list(frame.columns)
    filled = np.zeros(len(frame), dtype=np.int64)
    for c in cols:
        filled += col_present(frame, c)
    need = int(np.ceil(r.params.min_filled * len(cols) - 1e-9))
    return Outcome(ok=filled >= need, reason="incomplete")


_k(
    "record_completeness",
    RecordParams,
    "row",
    "completeness",
    "record_completeness",
    (0, None),
    _record_completeness,
    "记录各字段填写完整",
    "records are filled in completely",
    all_default=True,
)


class RowCountParams(Params):
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _bounds(self) -> RowCountParams:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


def _row_count(facts: DatasetFacts, r: Rule, state: Any) -> tuple[int, int, dict[str, int]]:
    if r.params.min is not None and facts.rows < r.params.min:
        return 1, 0, {"row_count_low": 1}
    if r.params.max is not None and facts.rows > r.params.max:
        return 1, 0, {"row_count_high": 1}
    return 1, 1, {}


_k(
    "row_count",
    RowCountParams,
    "dataset",
    "completeness",
    "record_completeness",
    (0, 0),
    _row_count,
    "记录数在预期范围内",
    "the record count is within range",
)
