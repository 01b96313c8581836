"""Accuracy (准确性, a GB/T 36344 first-level indicator): formats, ranges, types, dates, uniqueness and duplicates.

Uniqueness and duplicates have no row kernel: the engine groups their keys exactly across
batches (:class:`zjgov.core.keys.KeyGroups`)."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import field_validator, model_validator

from zjgov import i18n
from zjgov.quality.columns import DateFormat, KeyParams, _k, _np, col_dates, col_present, col_text, numbers
from zjgov.quality.rules import Outcome, Params, Reasons, Rule


class PatternParams(Params):
    regex: str

    @field_validator("regex")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:  # RE2 (linear time, no catastrophic backtracking) compiles it alone, then anchored
            pc.match_substring_regex(pa.array([""]), v)  # "a)|(b" is invalid alone, valid wrapped
            pc.match_substring_regex(pa.array([""]), f"^(?:{v})$")
        except pa.ArrowException as exc:
            raise ValueError(i18n.text("quality.bad_regex", "en", detail=str(exc).split(":", 1)[-1].strip())) from None
        return v


def _pattern(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    arr, bad = col_text(frame, r.columns[0])
    ok = _np(pc.match_substring_regex(arr, f"^(?:{r.params.regex})$"), True) & ~bad
    return Outcome(ok=ok, applicable=_np(pc.is_valid(arr)) | bad, reason=Reasons.first(("type", "format"), bad))


_k(
    "pattern",
    PatternParams,
    "row",
    "accuracy",
    "format_compliance",
    (1, 1),
    _pattern,
    "完全匹配格式（正则）",
    "fully matches the pattern",
)


class LengthParams(Params):
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _bounds(self) -> LengthParams:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if (self.min is not None and self.min < 0) or (self.max is not None and self.max < 0):
            raise ValueError("lengths cannot be negative")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


def _length(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    arr, bad = col_text(frame, r.columns[0])
    n = pc.utf8_length(arr).fill_null(0).to_numpy(zero_copy_only=False)
    short = np.zeros(len(n), dtype=bool) if r.params.min is None else n < r.params.min
    long = np.zeros(len(n), dtype=bool) if r.params.max is None else n > r.params.max
    reason = Reasons.first(("type", "too_short", "too_long"), bad, short)
    return Outcome(ok=~(short | long | bad), applicable=_np(pc.is_valid(arr)) | bad, reason=reason)


_k(
    "length",
    LengthParams,
    "row",
    "accuracy",
    "format_compliance",
    (1, 1),
    _length,
    "长度符合要求",
    "length is within bounds",
)


class RangeParams(Params):
    min: float | None = None
    max: float | None = None
    inclusive: bool = True

    @model_validator(mode="after")
    def _bounds(self) -> RangeParams:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


def _range(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    series = frame[r.columns[0]]
    values, not_num = numbers(series)
    p = r.params
    with np.errstate(invalid="ignore"):
        low = np.zeros(len(values), bool) if p.min is None else (values < p.min if p.inclusive else values <= p.min)
        high = np.zeros(len(values), bool) if p.max is None else (values > p.max if p.inclusive else values >= p.max)
    reason = Reasons.first(("not_a_number", "below_min", "above_max"), not_num, low)
    return Outcome(ok=~(low | high | not_num), applicable=col_present(frame, r.columns[0]), reason=reason)


_k(
    "range",
    RangeParams,
    "row",
    "accuracy",
    "format_compliance",
    (1, 1),
    _range,
    "数值在范围内",
    "numbers are within range",
)


class TypeParams(Params):
    type: Literal["int", "integer", "float", "number", "decimal", "bool", "date", "datetime"]
    format: DateFormat | None = None


_BOOLS = ["true", "false", "1", "0", "yes", "no", "y", "n", "t", "f", "是", "否"]


def _type(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    series = frame[r.columns[0]]
    t = r.params.type
    if t in ("int", "integer"):
        arr, bad = col_text(frame, r.columns[0])
        ok = _np(pc.match_substring_regex(pc.utf8_trim_whitespace(arr), r"^[+-]?[0-9]+$"), True) & ~bad
    elif t in ("float", "number", "decimal"):
        _, not_num = numbers(series)
        ok = ~not_num
    elif t == "bool":
        arr, bad = col_text(frame, r.columns[0])
        ok = _np(pc.is_in(pc.utf8_lower(pc.utf8_trim_whitespace(arr)), value_set=pa.array(_BOOLS)), True) & ~bad
        ok |= ~_np(pc.is_valid(arr))
    else:
        dates = col_dates(frame, r.columns[0], r.params.format)
        ok = dates.notna().to_numpy(dtype=bool)
        if t == "date" and r.params.format is None:
            ok &= (dates.dt.normalize() == dates).fillna(False).to_numpy(dtype=bool)
    return Outcome(ok=ok, applicable=col_present(frame, r.columns[0]), reason="type")


_k(
    "type",
    TypeParams,
    "row",
    "accuracy",
    "format_compliance",
    (1, 1),
    _type,
    "可解析为指定类型",
    "parses as the given type",
)


class DateFormatParams(Params):
    format: DateFormat = "%Y-%m-%d"


def _date_format(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    dates = col_dates(frame, r.columns[0], r.params.format)
    return Outcome(
        ok=dates.notna().to_numpy(dtype=bool), applicable=col_present(frame, r.columns[0]), reason="date_format"
    )


_k(
    "date_format",
    DateFormatParams,
    "row",
    "accuracy",
    "format_compliance",
    (1, 1),
    _date_format,
    "日期格式正确且日期存在",
    "dates have the format and exist",
)


class DateRangeParams(Params):
    min: _dt.datetime | None = None
    max: _dt.datetime | None = None
    not_future: bool = False
    format: DateFormat | None = None

    @model_validator(mode="after")
    def _bounds(self) -> DateRangeParams:
        if self.min is None and self.max is None and not self.not_future:
            raise ValueError("give min, max or not_future")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is later than max")
        return self


class NotFutureParams(Params):
    format: DateFormat | None = None


def _date_range(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    dates = col_dates(frame, r.columns[0], r.params.format)
    parsed = dates.notna().to_numpy(dtype=bool)
    values = dates.to_numpy(dtype="datetime64[us]")
    n = len(frame)
    p = r.params
    early = np.zeros(n, bool) if getattr(p, "min", None) is None else parsed & (values < np.datetime64(p.min, "us"))
    late = np.zeros(n, bool) if getattr(p, "max", None) is None else parsed & (values > np.datetime64(p.max, "us"))
    future = np.zeros(n, bool)
    if getattr(p, "not_future", True):
        future = parsed & (values > np.datetime64(state, "us"))
    reason = Reasons.first(("date_format", "before_min", "after_max", "future"), ~parsed, early, late)
    applicable = col_present(frame, r.columns[0])
    return Outcome(ok=parsed & ~(early | late | future), applicable=applicable, reason=reason)


def _now_state(r: Rule, base: Any) -> Any:
    """The reference time of the run (fixed by the rule set for reproducible results)."""
    return pd.Timestamp(base.now).to_datetime64()


_k(
    "date_range",
    DateRangeParams,
    "row",
    "accuracy",
    "content_correctness",
    (1, 1),
    _date_range,
    "日期在合理范围内",
    "dates lie within range",
    _now_state,
)


_k(
    "not_future",
    NotFutureParams,
    "row",
    "accuracy",
    "content_correctness",
    (1, 1),
    _date_range,
    "日期不晚于当前时间",
    "dates do not lie in the future",
    _now_state,
)


_k("unique", KeyParams, "key", "accuracy", "uniqueness", (1, None), None, "取值唯一", "values are unique")


_k(
    "duplicates",
    KeyParams,
    "key",
    "accuracy",
    "duplication_rate",
    (0, None),
    None,
    "无重复记录",
    "no duplicate records",
    all_default=True,
)
