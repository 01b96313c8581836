"""Timeliness (时效性, a GB/T 36344 first-level indicator): updates within a period, lags, order of events, fresh files."""

from __future__ import annotations

import datetime as _dt
import itertools
import os
from typing import Any

import numpy as np
import pandas as pd
from pydantic import field_validator

from zjgov.quality.columns import DateFormat, _k, col_dates, col_present
from zjgov.quality.rules import DatasetFacts, Outcome, Params, Reasons, Rule, local_time


class WithinParams(Params):
    days: float
    reference_time: _dt.datetime | None = None
    format: DateFormat | None = None

    @field_validator("days")
    @classmethod
    def _positive(cls, v: float) -> float:
        if not v > 0:
            raise ValueError("days must be positive")
        return v


def _within_state(r: Rule, base: Any) -> Any:
    """The reference time: the rule's own (an aware one converted to the rule set's zone) or the run's."""
    ref = r.params.reference_time
    return local_time(ref if ref is not None else base.now, base.timezone).to_datetime64()


def _updated_within(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    dates = col_dates(frame, r.columns[0], r.params.format)
    parsed = dates.notna().to_numpy(dtype=bool)
    age = (np.datetime64(state, "us") - dates.to_numpy(dtype="datetime64[us]")) / np.timedelta64(1, "D")
    with np.errstate(invalid="ignore"):
        stale = age > r.params.days
        future = age < 0
    reason = Reasons.first(("date_format", "future", "stale"), ~parsed, future)
    ok = parsed & ~(stale | future)  # a timestamp that cannot be read is reported, as not_future does
    return Outcome(ok=ok, applicable=col_present(frame, r.columns[0]), reason=reason)


_k(
    "updated_within",
    WithinParams,
    "row",
    "timeliness",
    "point_timeliness",
    (1, 1),
    _updated_within,
    "在规定天数内更新",
    "updated within the given number of days",
    _within_state,
)


class LagParams(Params):
    max_days: float
    format: DateFormat | None = None

    @field_validator("max_days")
    @classmethod
    def _non_negative(cls, v: float) -> float:
        if v < 0:
            raise ValueError("max_days cannot be negative")
        return v


def _lag(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    event = col_dates(frame, r.columns[0], r.params.format)
    record = col_dates(frame, r.columns[1], r.params.format)
    have = (event.notna() & record.notna()).to_numpy(dtype=bool)
    lag = (record.to_numpy(dtype="datetime64[us]") - event.to_numpy(dtype="datetime64[us]")) / np.timedelta64(1, "D")
    with np.errstate(invalid="ignore"):
        late, before = lag > r.params.max_days, lag < 0
    reason = Reasons.first(("order", "lag"), before)
    return Outcome(ok=~(late | before), applicable=have, reason=reason)


_k(
    "lag",
    LagParams,
    "row",
    "timeliness",
    "point_timeliness",
    (2, 2),
    _lag,
    "事件到登记的滞后在允许范围内",
    "the lag from event to record is acceptable",
)


class OrderParams(Params):
    strict: bool = False
    format: DateFormat | None = None


def _time_order(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    parsed = [col_dates(frame, c, r.params.format) for c in r.columns]
    ok = np.ones(len(frame), dtype=bool)
    have = np.ones(len(frame), dtype=bool)
    for a, b in itertools.pairwise(parsed):
        both = (a.notna() & b.notna()).to_numpy(dtype=bool)
        va, vb = a.to_numpy(dtype="datetime64[us]"), b.to_numpy(dtype="datetime64[us]")
        ok &= ~both | ((va < vb) if r.params.strict else (va <= vb))
        have &= both
    return Outcome(ok=ok, applicable=have, reason="order")


_k(
    "time_order",
    OrderParams,
    "row",
    "timeliness",
    "sequence",
    (2, None),
    _time_order,
    "时间先后顺序正确",
    "times are in order",
)


class FreshParams(Params):
    max_age_days: float

    @field_validator("max_age_days")
    @classmethod
    def _positive(cls, v: float) -> float:
        if not v > 0:
            raise ValueError("max_age_days must be positive")
        return v


def _file_fresh(facts: DatasetFacts, r: Rule, state: Any) -> tuple[int, int, dict[str, int]]:
    if facts.path is None:
        return 0, 0, {}
    modified = local_time(pd.Timestamp(os.stat(facts.path).st_mtime, unit="s", tz="UTC"), state)
    age = (facts.now - modified) / pd.Timedelta(days=1)
    return (1, 1, {}) if age <= r.params.max_age_days else (1, 0, {"stale_file": 1})


_k(
    "file_fresh",
    FreshParams,
    "dataset",
    "timeliness",
    "point_timeliness",
    (0, 0),
    _file_fresh,
    "数据文件足够新",
    "the data file is recent enough",
    lambda r, base: base.timezone,
)
