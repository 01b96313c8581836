"""The built-in rule kinds, all vectorised over Arrow/NumPy (no Python loop per row).

Value rules judge only the values present: a null or blank cell is "not applicable" to a
pattern, a code or a range, and is counted by the completeness rules (``not_null``,
``not_blank``, ``record_completeness``) instead. Reason codes are short stable strings; their
messages live in the catalogue under ``quality.reason.<code>``.

>>> import pandas as pd
>>> from zjgov.quality.rules import rule
>>> r = rule("pattern", "phone", regex=r"1[3-9][0-9]{9}")
>>> out = r.spec.kernel(pd.DataFrame({"phone": ["13800138000", "138001380001", None]}), r, None)
>>> out.ok.tolist(), out.applicable.tolist()
([True, False, True], [True, True, False])
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as _dt
import itertools
import os
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import AfterValidator, Field, field_validator, model_validator

from zjgov import _data, codes, i18n
from zjgov.codes._engine import to_arrow
from zjgov.core.dates import parse_datetimes
from zjgov.core.text import compact_arrow
from zjgov.errors import ConfigError, ValidationError
from zjgov.quality.expr import compile_expr
from zjgov.quality.rules import DatasetFacts, Kind, Outcome, Params, Reasons, Rule, local_time, register_kind

i18n.add(
    {
        "quality.reason.missing": ("值为空", "value is missing"),
        "quality.reason.blank": ("值为空白", "value is blank"),
        "quality.reason.missing_column": ("缺少必需的列", "a required column is missing"),
        "quality.reason.incomplete": ("记录不完整", "the record is incomplete"),
        "quality.reason.type": ("类型不符", "wrong type"),
        "quality.reason.length": ("长度不正确", "wrong length"),
        "quality.reason.format": ("格式不正确", "wrong format"),
        "quality.reason.checksum": ("校验码错误", "wrong check character"),
        "quality.reason.component": ("组成部分无效", "a component is invalid"),
        "quality.reason.not_in_table": ("不在代码表中", "not in the code table"),
        "quality.reason.not_in_set": ("不在允许值中", "not an allowed value"),
        "quality.reason.too_short": ("长度过短", "too short"),
        "quality.reason.too_long": ("长度过长", "too long"),
        "quality.reason.not_a_number": ("不是数值", "not a number"),
        "quality.reason.below_min": ("小于下限", "below the minimum"),
        "quality.reason.above_max": ("大于上限", "above the maximum"),
        "quality.reason.date_format": ("日期格式不符或日期不存在", "wrong date format or impossible date"),
        "quality.reason.before_min": ("早于最早日期", "before the earliest date"),
        "quality.reason.after_max": ("晚于最晚日期", "after the latest date"),
        "quality.reason.future": ("日期在未来", "date lies in the future"),
        "quality.reason.duplicate": ("重复", "duplicated"),
        "quality.reason.mismatch": ("与关联字段不一致", "inconsistent with the related field"),
        "quality.reason.false": ("不满足条件", "condition not met"),
        "quality.reason.not_found": ("在参照数据中找不到", "not found in the reference data"),
        "quality.reason.stale": ("更新不及时", "not updated in time"),
        "quality.reason.lag": ("登记滞后过长", "recorded too late after the event"),
        "quality.reason.order": ("时间先后顺序错误", "times are in the wrong order"),
        "quality.reason.row_count_low": ("记录数过少", "too few records"),
        "quality.reason.row_count_high": ("记录数过多", "too many records"),
        "quality.reason.stale_file": ("文件过旧", "the file is too old"),
        "quality.reason.no_file": ("没有文件可检查", "there is no file to check"),
        "quality.reason.invalid": ("不合规", "invalid"),
        "quality.no_table": (
            "未知的代码表：{name}（可用：{names}）",
            "unknown code table: {name} (available: {names})",
        ),
        "quality.no_table_field": ("代码表 {name} 没有列 {field}", "code table {name} has no column {field}"),
        "quality.bad_regex": ("正则表达式无效：{detail}", "invalid regular expression: {detail}"),
        "quality.no_reference": ("无法读取参照数据：{detail}", "cannot read the reference data: {detail}"),
    }
)


#: The directives of Python's ``strptime`` (what ``pandas.to_datetime(format=...)`` reads).
_DIRECTIVES = set("aAwdbBmyYHIpMSfzZjUWcxXGuV%")


def strftime_format(v: str) -> str:
    """Check a strftime date format at load time: directives known to ``strptime``, at least one.

    >>> strftime_format("%Y年%m月%d日")
    '%Y年%m月%d日'
    >>> strftime_format("%Q")
    Traceback (most recent call last):
    ValueError: unknown strftime directive %Q (use %Y, %m, %d, %H, %M, %S …)
    """
    found = re.findall(r"%(.?)", v)
    for d in found:
        if d not in _DIRECTIVES:
            raise ValueError(f"unknown strftime directive %{d} (use %Y, %m, %d, %H, %M, %S …)")
    if not [d for d in found if d != "%"]:
        raise ValueError("a date format needs strftime directives such as %Y-%m-%d")
    return v


DateFormat = Annotated[str, AfterValidator(strftime_format)]


# -- value helpers ----------------------------------------------------------------------------
def text_array(series: pd.Series) -> tuple[pa.Array, np.ndarray]:
    """The column as an Arrow string array with blanks as nulls, and a mask of non-text cells."""
    arr, bad = to_arrow(series)
    blank = pc.or_(pc.utf8_is_space(arr), pc.equal(pc.binary_length(arr), 0))
    if pc.any(blank).as_py():
        arr = pc.if_else(blank, pa.scalar(None, arr.type), arr)
    return arr, bad


def present(series: pd.Series) -> np.ndarray:
    """Cells that are neither null nor blank text."""
    notna = series.notna().to_numpy(dtype=bool)
    if pd.api.types.is_string_dtype(series.dtype) or pd.api.types.is_object_dtype(series.dtype):
        arr, _ = to_arrow(series)
        blank = np.asarray(pc.equal(pc.utf8_trim_whitespace(arr), "").fill_null(False).to_numpy(zero_copy_only=False))
        return notna & ~blank.astype(bool)
    return notna


def _np(arr: pa.Array | pa.ChunkedArray, fill: bool = False) -> np.ndarray:
    return np.asarray(arr.fill_null(fill).to_numpy(zero_copy_only=False), dtype=bool)


def normalised(series: pd.Series, text: tuple[pa.Array, np.ndarray] | None = None) -> pa.Array:
    """Identifier text by the one normaliser (full-width forms, spaces, dashes, case; separators removed).

    The same rules as :func:`zjgov.text.compact`, so the consistency rules read an ID number
    or a division code exactly as the ``code`` rule does: ``"１１０１０５"`` and ``"11–0105"``
    are ``110105``, while ``"①①0105"`` stays a format error. Nulls for blanks and non-text.
    """
    arr, bad = text if text is not None else text_array(series)
    arr = compact_arrow(arr)
    if bad.any():
        arr = pc.if_else(pa.array(bad), pa.scalar(None, arr.type), arr)
    return arr


def compact_as(arr: pa.Array, code: str) -> pa.Array:
    """``arr`` (large_string) in the compact form of the standard ``code``, as its ``compact()`` gives it.

    >>> compact_as(pa.array(["１１０１０５１９４９１２３１００２ｘ", "110105-19491231002x", None], pa.large_string()), "citizen_id").to_pylist()
    ['11010519491231002X', '11010519491231002X', None]
    """
    spec = getattr(codes.get(code).compact, "__self__", None)  # the code's engine: separators, prepare
    out = compact_arrow(arr, getattr(spec, "separators", " -"))
    prepare = getattr(spec, "prepare", None)
    return prepare(out) if prepare is not None else out


def parse_dates(series: pd.Series, fmt: str | None = None) -> pd.Series:
    """Datetimes (NaT where the text is not a real date in ``fmt``; ISO 8601 forms by default)."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series
    arr, _ = text_array(series)
    parsed = parse_datetimes(arr, fmt)
    parsed.index = series.index
    return parsed


class BatchCache:
    """Derived columns of one batch (text, presence, dates, code checks), computed once for its rules.

    The engine opens one with :func:`sharing` around the rules of a batch; the ``col_*``
    helpers use it when they are given that very frame, and compute directly otherwise.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._store: dict[tuple, _Entry] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, make: Any) -> Any:
        with self._lock:  # rules may run in threads: each derived column is computed once
            entry = self._store.get(key)
            if entry is None:
                entry = self._store[key] = _Entry()
        with entry.lock:
            if not entry.done:
                entry.value = make()
                entry.done = True
        return entry.value


_SHARED: contextvars.ContextVar[BatchCache | None] = contextvars.ContextVar("zjgov_quality_batch", default=None)


@contextlib.contextmanager
def sharing(frame: pd.DataFrame) -> Iterator[BatchCache]:
    """Share derived columns of ``frame`` between the rules run inside the block (this context only)."""
    cache = BatchCache(frame)
    token = _SHARED.set(cache)
    try:
        yield cache
    finally:
        _SHARED.reset(token)


class _Entry:
    __slots__ = ("done", "lock", "value")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = False
        self.value: Any = None


def _cached(kind: str, frame: pd.DataFrame, column: str, extra: Any, make: Any) -> Any:
    cache = _SHARED.get()
    if cache is None or cache.frame is not frame:
        return make()
    return cache.get((kind, column, extra), make)


def cached(kind: str, frame: pd.DataFrame, column: str, extra: Any, make: Any) -> Any:
    """``make()`` once per batch for ``(kind, column, extra)`` (shared by the engine's passes)."""
    return _cached(kind, frame, column, extra, make)


def col_text(frame: pd.DataFrame, column: str) -> tuple[pa.Array, np.ndarray]:
    """:func:`text_array` of ``frame[column]`` (cached within a batch)."""
    return _cached("text", frame, column, None, lambda: text_array(frame[column]))


def col_present(frame: pd.DataFrame, column: str) -> np.ndarray:
    """:func:`present` of ``frame[column]`` (cached within a batch; do not modify)."""

    def make() -> np.ndarray:
        series = frame[column]
        if pd.api.types.is_string_dtype(series.dtype) or pd.api.types.is_object_dtype(series.dtype):
            arr, bad = col_text(frame, column)  # blanks are already nulls there
            return _np(pc.is_valid(arr)) | bad
        return series.notna().to_numpy(dtype=bool)

    return _cached("present", frame, column, None, make)


def col_dates(frame: pd.DataFrame, column: str, fmt: str | None) -> pd.Series:
    """:func:`parse_dates` of ``frame[column]`` (cached within a batch)."""
    return _cached("dates", frame, column, fmt, lambda: parse_dates(frame[column], fmt))


def col_ids(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, pa.Array]:
    """Valid citizen IDs (default strictness) and the normalised text (cached within a batch)."""
    return _cached("ids", frame, column, None, lambda: _valid_ids(frame, column))


def col_normalised(frame: pd.DataFrame, column: str) -> pa.Array:
    """:func:`normalised` of ``frame[column]`` (cached within a batch)."""
    return _cached("normalised", frame, column, None, lambda: normalised(frame[column], col_text(frame, column)))


def col_six_digits(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Which cells are six-digit codes and their values (cached within a batch)."""
    return _cached("six", frame, column, None, lambda: _six_digit_codes(col_normalised(frame, column)))


def col_check(frame: pd.DataFrame, column: str, code: str, options: dict[str, Any]) -> Any:
    """``codes.get(code).check(frame[column], **options)`` (cached within a batch)."""
    extra = (code, repr(sorted(options.items())))
    return _cached("check", frame, column, extra, lambda: codes.get(code).check(frame[column], **options))


# -- completeness -------------------------------------------------------------------------------
class NoParams(Params):
    pass


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


def _required_columns(facts: DatasetFacts, r: Rule, state: Any) -> tuple[int, int, dict[str, int]]:
    missing = [c for c in r.columns if c not in facts.columns]
    return len(r.columns), len(r.columns) - len(missing), ({"missing_column": len(missing)} if missing else {})


# -- conformity -------------------------------------------------------------------------------
class CodeParams(Params):
    code: str
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> CodeParams:
        try:
            module = codes.get(self.code)
        except ConfigError as exc:
            raise ValueError(exc.message_en) from None
        try:
            module.validate("", **self.options)
        except ValidationError:
            pass
        except (TypeError, ConfigError) as exc:
            raise ValueError(getattr(exc, "message_en", str(exc))) from None
        return self


def _code(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    applicable = col_present(frame, r.columns[0])
    result = col_check(frame, r.columns[0], r.params.code, r.params.options)
    return Outcome(ok=result.valid.to_numpy(dtype=bool), applicable=applicable, reason=result.reason)


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


#: Code tables usable by name in ``in_table`` (aliases of the packaged reference tables).
TABLES = {
    "sex": "gbt2261_1_sex",
    "GB/T 2261.1": "gbt2261_1_sex",
    "ethnicity": "gbt3304_ethnic_groups",
    "GB/T 3304": "gbt3304_ethnic_groups",
    "education": "gbt4658_education",
    "GB/T 4658": "gbt4658_education",
    "family_relationship": "gbt4761_family_relationship",
    "GB/T 4761": "gbt4761_family_relationship",
    "division": "gb2260_history",
    "GB/T 2260": "gb2260_history",
    "division_current": "gb2260_divisions",
}
_PACKAGED = {
    "gbt2261_1_sex",
    "gbt3304_ethnic_groups",
    "gbt4658_education",
    "gbt4761_family_relationship",
    "gb2260_history",
    "gb2260_divisions",
    "plate_province_abbreviations",
    "gb32100_org_types",
    "gb32100_registration_authorities",
}


class TableParams(Params):
    table: str
    field: str = "code"

    @model_validator(mode="after")
    def _exists(self) -> TableParams:
        stem = TABLES.get(self.table, self.table)
        if stem not in _PACKAGED:
            names = ", ".join(sorted({*TABLES, *_PACKAGED}))
            raise ValueError(i18n.text("quality.no_table", "en", name=self.table, names=names))
        if self.field not in _data.table(stem).columns:
            raise ValueError(i18n.text("quality.no_table_field", "en", name=self.table, field=self.field))
        return self


def _in_table(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    table = _data.table(TABLES.get(r.params.table, r.params.table))
    arr, bad = col_text(frame, r.columns[0])
    arr = pc.utf8_trim_whitespace(arr)
    ok = _np(pc.is_in(arr, value_set=pa.array(table[r.params.field].unique(), type=arr.type)))
    return Outcome(ok=ok & ~bad, applicable=_np(pc.is_valid(arr)) | bad, reason="not_in_table")


class SetParams(Params):
    values: list[str]
    case_sensitive: bool = True

    @field_validator("values", mode="before")
    @classmethod
    def _texts(cls, v: Any) -> Any:
        if isinstance(v, (list, tuple)) and v:
            return [str(x) for x in v]
        raise ValueError("give a non-empty list of allowed values")


def _in_set(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    arr, bad = col_text(frame, r.columns[0])
    arr = pc.utf8_trim_whitespace(arr)
    allowed = r.params.values
    if not r.params.case_sensitive:
        arr, allowed = pc.utf8_upper(arr), [v.upper() for v in allowed]
    ok = _np(pc.is_in(arr, value_set=pa.array(allowed, type=arr.type)))
    return Outcome(ok=ok & ~bad, applicable=_np(pc.is_valid(arr)) | bad, reason="not_in_set")


# -- accuracy: format ---------------------------------------------------------------------------
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


def numbers(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Values as float64 and a mask of cells present but not numbers."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return values, np.zeros(len(series), dtype=bool)
    arr, bad = text_array(series)
    values = pd.to_numeric(pd.Series(pc.utf8_trim_whitespace(arr).to_pandas()), errors="coerce")
    values = values.to_numpy(dtype=np.float64, na_value=np.nan)
    return values, (_np(pc.is_valid(arr)) & np.isnan(values)) | bad


def _range(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    series = frame[r.columns[0]]
    values, not_num = numbers(series)
    p = r.params
    with np.errstate(invalid="ignore"):
        low = np.zeros(len(values), bool) if p.min is None else (values < p.min if p.inclusive else values <= p.min)
        high = np.zeros(len(values), bool) if p.max is None else (values > p.max if p.inclusive else values >= p.max)
    reason = Reasons.first(("not_a_number", "below_min", "above_max"), not_num, low)
    return Outcome(ok=~(low | high | not_num), applicable=col_present(frame, r.columns[0]), reason=reason)


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


class DateFormatParams(Params):
    format: DateFormat = "%Y-%m-%d"


def _date_format(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    dates = col_dates(frame, r.columns[0], r.params.format)
    return Outcome(
        ok=dates.notna().to_numpy(dtype=bool), applicable=col_present(frame, r.columns[0]), reason="date_format"
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


# -- consistency: predefined --------------------------------------------------------------------
class DateColumnParams(Params):
    format: DateFormat | None = None


def _valid_ids(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, pa.Array]:
    valid = col_check(frame, column, "citizen_id", {}).valid.to_numpy(dtype=bool)
    return valid, col_normalised(frame, column)


def _fixed_rows(arr: pa.Array, rows: np.ndarray, width: int) -> np.ndarray:
    """The ``rows`` of an ASCII string array (all ``width`` bytes long) as a ``(k, width)`` digit matrix."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    n = len(arr)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64, count=n + 1, offset=arr.offset * 8)
    first, last = int(offsets[0]), int(offsets[-1])
    data = arr.buffers()[2]
    raw = np.frombuffer(data, np.uint8, count=last - first, offset=first) if data is not None else np.zeros(0, np.uint8)
    if len(rows) == n and last - first == n * width:
        m = raw.reshape(n, width)
    else:
        m = raw[(offsets[rows] - first)[:, None] + np.arange(width)]
    return m.astype(np.int16) - 0x30


def _digits_value(d: np.ndarray) -> np.ndarray:
    out = np.zeros(len(d), dtype=np.int64)
    for j in range(d.shape[1]):
        out *= 10
        out += d[:, j]
    return out


@dataclasses.dataclass(frozen=True)
class _IdParts:
    valid: np.ndarray  # the ID is valid (default strictness)
    region: np.ndarray  # 6-digit region as an integer
    birth: np.ndarray  # YYYYMMDD as an integer
    sex: np.ndarray  # 1 male, 2 female (GB/T 2261.1), 0 where invalid


def col_id_parts(frame: pd.DataFrame, column: str) -> _IdParts:
    """Region, birth date and sex of the valid citizen IDs of a column (cached within a batch)."""

    def make() -> _IdParts:
        valid, ids = col_ids(frame, column)
        n = len(valid)
        region, birth = np.zeros(n, np.int64), np.zeros(n, np.int64)
        sex = np.zeros(n, np.int8)
        lengths = pc.binary_length(ids).fill_null(0).to_numpy(zero_copy_only=False)
        for width in (18, 15):
            rows = np.flatnonzero(valid & (lengths == width))
            if not len(rows):
                continue
            d = _fixed_rows(ids, rows, width)
            region[rows] = _digits_value(d[:, :6])
            if width == 18:
                birth[rows] = _digits_value(d[:, 6:14])
                digit = d[:, 16]
            else:
                century = np.where(_digits_value(d[:, 12:15]) >= 996, 18_000_000, 19_000_000)
                birth[rows] = century + _digits_value(d[:, 6:12])
                digit = d[:, 14]
            sex[rows] = np.where(digit % 2 == 1, 1, 2)
        return _IdParts(valid, region, birth, sex)

    return _cached("id_parts", frame, column, None, make)


def _six_digit_codes(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Which values are exactly six ASCII digits, and their integer value (0 elsewhere)."""
    ok = _np(pc.match_substring_regex(arr, r"^[0-9]{6}$"))
    value = np.zeros(len(arr), dtype=np.int64)
    rows = np.flatnonzero(ok)
    if len(rows):
        value[rows] = _digits_value(_fixed_rows(arr, rows, 6))
    return ok, value


def _ymd(dates: pd.Series) -> np.ndarray:
    """YYYYMMDD as an integer for each datetime (0 for NaT)."""
    d = dates.to_numpy(dtype="datetime64[us]").astype("datetime64[D]")
    nat = np.isnat(d)
    months = d.astype("datetime64[M]")
    y = months.astype("datetime64[Y]").astype(np.int64) + 1970
    m = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return np.where(nat, 0, y * 10000 + m * 100 + day)


def _id_birth_date(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    parts = col_id_parts(frame, r.columns[0])
    dates = col_dates(frame, r.columns[1], r.params.format)
    have = dates.notna().to_numpy(dtype=bool)
    return Outcome(ok=parts.birth == _ymd(dates), applicable=parts.valid & have, reason="mismatch")


_SEX = {"1": 1, "男": 1, "男性": 1, "M": 1, "MALE": 1, "2": 2, "女": 2, "女性": 2, "F": 2, "FEMALE": 2}


def _id_sex(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    parts = col_id_parts(frame, r.columns[0])
    sex_text, _ = col_text(frame, r.columns[1])
    idx = _index_of(pc.utf8_upper(pc.utf8_trim_whitespace(sex_text)), list(_SEX))
    code = np.where(idx >= 0, np.array(list(_SEX.values()))[np.clip(idx, 0, None)], 0)
    return Outcome(ok=code == parts.sex, applicable=parts.valid & (code > 0), reason="mismatch")


def _index_of(arr: pa.Array, values: list[str]) -> np.ndarray:
    """Position of each value in ``values`` (-1 where absent or null)."""
    idx = pc.index_in(arr, value_set=pa.array(values, type=arr.type))
    return idx.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


class RegionParams(Params):
    level: Literal["auto", "province", "prefecture", "county"] = "auto"


_LEVEL_DIGITS = {"province": 2, "prefecture": 4, "county": 6}


def _level_digits(codes: np.ndarray) -> np.ndarray:
    return np.where(codes % 10000 == 0, 2, np.where(codes % 100 == 0, 4, 6)).astype(np.int64)


def _within(region: np.ndarray, division: np.ndarray, level_name: str = "auto") -> np.ndarray:
    """Whether the 6-digit ``region`` and ``division`` codes (integers) agree.

    ``auto`` compares at the coarser level of the two (``XX0000`` province, ``XXXX00``
    prefecture, else county), so an ID's county lies within a prefecture column and a
    USCC's prefecture authority covers a county column; a fixed level compares the first
    2, 4 or 6 digits of both.
    """
    if level_name != "auto":
        level = np.full(len(region), _LEVEL_DIGITS[level_name], dtype=np.int64)
    else:  # the coarser of the two levels: a county lies within its prefecture and vice versa
        level = np.minimum(_level_digits(division), _level_digits(region))
    scale = 10 ** (6 - level)
    return region // scale == division // scale


def _id_region(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    parts = col_id_parts(frame, r.columns[0])
    div_ok, division = col_six_digits(frame, r.columns[1])
    ok = _within(parts.region, division, r.params.level)
    return Outcome(ok=ok, applicable=parts.valid & div_ok, reason="mismatch")


def _uscc_region(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    valid = col_check(frame, r.columns[0], "uscc", {}).valid.to_numpy(dtype=bool)
    region_ok, region = _six_digit_codes(pc.utf8_slice_codeunits(col_normalised(frame, r.columns[0]), 2, 8))
    div_ok, division = col_six_digits(frame, r.columns[1])
    ok = _within(region, division, r.params.level)
    return Outcome(ok=ok, applicable=valid & region_ok & div_ok & (region != 100000), reason="mismatch")


# -- consistency: general -----------------------------------------------------------------------
class CompareParams(Params):
    op: Literal["<", "<=", "==", "!=", ">", ">="]
    type: Literal["text", "number", "date"] = "text"
    format: DateFormat | None = None


_OPS = {"<": np.less, "<=": np.less_equal, "==": np.equal, "!=": np.not_equal, ">": np.greater, ">=": np.greater_equal}


def _compare(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    a, b = frame[r.columns[0]], frame[r.columns[1]]
    p = r.params
    if p.type == "number":
        va, _ = numbers(a)
        vb, _ = numbers(b)
        have = ~np.isnan(va) & ~np.isnan(vb)
        with np.errstate(invalid="ignore"):
            ok = _OPS[p.op](va, vb)
    elif p.type == "date":
        da, db = parse_dates(a, p.format), parse_dates(b, p.format)
        have = (da.notna() & db.notna()).to_numpy(dtype=bool)
        ok = _OPS[p.op](da.to_numpy(dtype="datetime64[us]"), db.to_numpy(dtype="datetime64[us]"))
    else:
        ta, _ = text_array(a)
        tb, _ = text_array(b)
        fn = {"<": pc.less, "<=": pc.less_equal, "==": pc.equal, "!=": pc.not_equal, ">": pc.greater}
        fn[">="] = pc.greater_equal
        res = fn[p.op](pc.utf8_trim_whitespace(ta), pc.utf8_trim_whitespace(tb))
        have = _np(pc.is_valid(res))
        ok = _np(res, True)
    return Outcome(ok=np.asarray(ok, dtype=bool) | ~have, applicable=have, reason="mismatch")


class ExpressionParams(Params):
    expr: str

    @field_validator("expr")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            compile_expr(v)
        except ConfigError as exc:
            raise ValueError(exc.message_en) from None
        return v


def _expression(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    res = state.evaluate(frame)
    have = res.notna().to_numpy(dtype=bool)
    return Outcome(ok=res.fillna(True).to_numpy(dtype=bool), applicable=have, reason="false")


def _expression_state(r: Rule, base: Any) -> Any:
    return compile_expr(r.params.expr)


class KeyParams(Params):
    """How a key compares: ``code`` binds every key column to a standard code, ``codes`` binds by
    column, ``compare: text`` compares the raw text even where a ``code`` rule binds a column."""

    code: str | None = None
    codes: dict[str, str] | None = None
    compare: Literal["auto", "text"] = "auto"

    @model_validator(mode="after")
    def _known(self) -> KeyParams:
        for name in [self.code, *(self.codes or {}).values()]:
            if name is not None:
                try:
                    codes.get(name)
                except ConfigError as exc:
                    raise ValueError(exc.message_en) from None
        return self


class ReferenceParams(KeyParams):
    reference: Any
    ref_columns: list[str] | None = None
    encoding: str | None = None

    @field_validator("reference")
    @classmethod
    def _kind(cls, v: Any) -> Any:
        if isinstance(v, pd.DataFrame):
            return v
        if isinstance(v, (str, os.PathLike)) and str(v):
            return str(v)
        raise ValueError("reference must be a file path or a pandas DataFrame")


def _keys(frame: pd.DataFrame, columns: list[str], codes_of: dict[str, str]) -> tuple[pa.Array, np.ndarray]:
    """One exact text key per row and a mask of rows with every part present.

    Columns in ``codes_of`` are compared in their code's compact form. Parts of a composite
    key are written ``<length>:<text>`` and joined, so no value can imitate another split.
    """
    parts, have = [], np.ones(len(frame), dtype=bool)
    for c in columns:
        arr, _ = text_array(frame[c])
        arr = pc.utf8_trim_whitespace(arr)
        if c in codes_of:
            arr = compact_as(arr, codes_of[c])
        have &= _np(pc.is_valid(arr))
        parts.append(arr)
    if len(parts) == 1:
        return parts[0], have
    sep = pa.scalar(":", pa.large_string())
    coded = [pc.binary_join_element_wise(pc.cast(pc.utf8_length(p), pa.large_string()), p, sep) for p in parts]
    return pc.binary_join_element_wise(*coded, pa.scalar("|", pa.large_string())), have


def key_codes(r: Rule, columns: Sequence[str], bound: dict[str, str]) -> dict[str, str]:
    """Which of a key's ``columns`` compare in the compact form of which standard code.

    A column is bound by the rule's own ``code`` (every column) or ``codes`` (by column), or
    else by a ``code`` rule on it in the same rule set (``bound``); ``compare: text`` turns
    it off.
    """
    p = r.params
    if getattr(p, "compare", "auto") == "text":
        return {}
    explicit = dict(getattr(p, "codes", None) or {})
    if getattr(p, "code", None):
        explicit = dict.fromkeys(columns, p.code) | explicit
    return {c: explicit.get(c) or bound[c] for c in columns if explicit.get(c) or c in bound}


def _reference_state(r: Rule, base: Any) -> Any:
    p = r.params
    ref_cols = p.ref_columns or list(r.columns)
    if len(ref_cols) != len(r.columns):
        raise ConfigError(
            "ref_columns 的列数必须与规则的列数相同",
            "ref_columns must have as many columns as the rule",
            field="ref_columns",
        )
    if isinstance(p.reference, pd.DataFrame):
        table = p.reference
    else:
        from zjgov import io

        path = Path(p.reference)
        if not path.is_absolute() and base.source_dir is not None:
            path = base.source_dir / path
        kwargs = {"columns": ref_cols}
        if p.encoding:
            kwargs["encoding"] = p.encoding
        try:
            table = io.read_table(path, **kwargs)
        except TypeError:
            table = io.read_table(path, columns=ref_cols)
    missing = [c for c in ref_cols if c not in table.columns]
    if missing:
        raise ConfigError(
            f"参照数据缺少列：{', '.join(missing)}",
            f"the reference data lacks column(s): {', '.join(missing)}",
            field="ref_columns",
        )
    codes_of = key_codes(r, r.columns, getattr(base, "codes", {}))
    key, have = _keys(table, ref_cols, {ref: codes_of[c] for c, ref in zip(r.columns, ref_cols) if c in codes_of})
    return pc.unique(key.filter(pa.array(have))), codes_of


def _foreign_key(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    keys, codes_of = state
    key, have = _keys(frame, list(r.columns), codes_of)
    ok = _np(pc.is_in(key, value_set=keys.cast(key.type)))
    return Outcome(ok=ok, applicable=have, reason="not_found")


# -- timeliness ---------------------------------------------------------------------------------
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


# -- dataset level ------------------------------------------------------------------------------
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


# -- registration -------------------------------------------------------------------------------
def _k(name, params, scope, dim, ind, cols, kernel, zh, en, prepare=None, all_default=False) -> None:
    register_kind(Kind(name, params, scope, dim, ind, cols, kernel, (zh, en), prepare, all_default))


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
_k(
    "required_columns",
    NoParams,
    "dataset",
    "conformity",
    "data_model",
    (1, None),
    _required_columns,
    "必需的列都存在",
    "every required column is present",
)
_k(
    "code",
    CodeParams,
    "row",
    "conformity",
    "data_standard",
    (1, 1),
    _code,
    "符合国家标准代码规则",
    "conforms to the national code standard",
)
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
_k(
    "in_table",
    TableParams,
    "row",
    "conformity",
    "reference_data",
    (1, 1),
    _in_table,
    "取值来自标准代码表",
    "values come from the standard code table",
)
_k(
    "in_set",
    SetParams,
    "row",
    "conformity",
    "reference_data",
    (1, 1),
    _in_set,
    "取值在允许值范围内",
    "values are among the allowed values",
)
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
_k(
    "id_birth_date",
    DateColumnParams,
    "row",
    "consistency",
    "related_data_consistency",
    (2, 2),
    _id_birth_date,
    "出生日期与身份证号一致",
    "birth date agrees with the citizen ID",
)
_k(
    "id_sex",
    NoParams,
    "row",
    "consistency",
    "related_data_consistency",
    (2, 2),
    _id_sex,
    "性别与身份证号一致",
    "sex agrees with the citizen ID",
)
_k(
    "id_region",
    RegionParams,
    "row",
    "consistency",
    "related_data_consistency",
    (2, 2),
    _id_region,
    "身份证号地区码在行政区划内",
    "citizen ID region lies within the division",
)
_k(
    "uscc_region",
    RegionParams,
    "row",
    "consistency",
    "related_data_consistency",
    (2, 2),
    _uscc_region,
    "统一社会信用代码地区码与登记地一致",
    "USCC region agrees with the registered division",
)
_k(
    "compare",
    CompareParams,
    "row",
    "consistency",
    "related_data_consistency",
    (2, 2),
    _compare,
    "字段间比较关系成立",
    "the comparison between columns holds",
)
_k(
    "expression",
    ExpressionParams,
    "row",
    "consistency",
    "related_data_consistency",
    (0, None),
    _expression,
    "表达式条件成立",
    "the expression holds",
    _expression_state,
)
_k(
    "foreign_key",
    ReferenceParams,
    "row",
    "consistency",
    "related_data_consistency",
    (1, None),
    _foreign_key,
    "取值在参照数据中存在",
    "values exist in the reference data",
    _reference_state,
)
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
