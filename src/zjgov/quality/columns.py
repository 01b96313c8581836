"""What every rule kind shares: column access (text, presence, dates, identifiers), the batch
cache of derived columns, key bindings and the catalogue of reason codes (not public API).

Kernels read columns through the ``col_*`` helpers, which compute each derived column once per
batch while the engine shares the batch (:func:`sharing`), and directly otherwise.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import AfterValidator, model_validator

from zjgov import codes, i18n
from zjgov.core.arrow import blank
from zjgov.core.dates import parse_datetimes, ymd_numbers
from zjgov.core.text import compact_arrow, to_arrow
from zjgov.errors import ConfigError
from zjgov.quality.rules import Kind, Params, Rule, register_kind

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
    empty = blank(arr)
    if empty.any():
        arr = pc.if_else(pa.array(empty), pa.scalar(None, arr.type), arr)
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


def _valid_ids(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, pa.Array]:
    valid = col_check(frame, column, "citizen_id", {}).valid.to_numpy(dtype=bool)
    return valid, col_normalised(frame, column)


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


class NoParams(Params):
    pass


def numbers(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Values as float64 and a mask of cells present but not numbers."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return values, np.zeros(len(series), dtype=bool)
    arr, bad = text_array(series)
    values = pd.to_numeric(pd.Series(pc.utf8_trim_whitespace(arr).to_pandas()), errors="coerce")
    values = values.to_numpy(dtype=np.float64, na_value=np.nan)
    return values, (_np(pc.is_valid(arr)) & np.isnan(values)) | bad


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
    return ymd_numbers(dates.to_numpy(dtype="datetime64[us]"))


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


def _k(name, params, scope, dim, ind, cols, kernel, zh, en, prepare=None, all_default=False) -> None:
    register_kind(Kind(name, params, scope, dim, ind, cols, kernel, (zh, en), prepare, all_default))
