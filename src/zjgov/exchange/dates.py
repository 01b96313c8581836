"""Dates and times to ISO 8601 (GB/T 7408), vectorised over a column.

Recognised without a pattern: GB/T 7408 basic (``20240102``, ``20240102T103000``,
``20240102103000``) and extended (``2024-01-02``, ``2024-01-02T10:30:00``, ``2024-01-02 10:30``)
forms, and the common Chinese forms ``2024年1月2日``, ``2024年1月2日 10时30分``, ``2024/1/2``,
``2024.1.2``, ``2024-1-2``. Day-first forms such as ``02/01/2024`` are ambiguous and refused.
With ``pattern=`` (``YYYYMMDD``, ``YYYY-MM-DD`` …, see :mod:`zjgov.exchange.notation`) only that
exact form is accepted. Impossible dates (30 February, month 13) and times (25:00) are reported
with the reason ``component:date`` / ``component:time``; unrecognised text with ``format``.

>>> import pandas as pd
>>> r = normalise_dates(pd.Series(["20240102", "2024年1月2日", "2024/1/2 8:05", "2023-02-29", "02/01/2024", None]))
>>> r.iso.tolist()
['2024-01-02', '2024-01-02', '2024-01-02T08:05:00', nan, nan, nan]
>>> r.reason.tolist()
[nan, nan, nan, 'component:date', 'format', nan]
>>> to_iso("2024年2月29日"), to_iso("20240102", pattern="YYYYMMDD")
('2024-02-29', '2024-01-02')
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from zjgov import i18n
from zjgov.errors import InvalidComponent, InvalidFormat, MissingValue

__all__ = ["DateResult", "normalise_dates", "parse_arrow", "to_iso"]

i18n.add(
    {
        "component:date": (
            "{title}：日期不存在（如 2 月 30 日、13 月）",
            "{title}: the date does not exist (such as 30 February)",
        ),
        "component:time": (
            "{title}：时间不存在（如 25 时）",
            "{title}: the time of day does not exist (such as 25:00)",
        ),
    }
)

_TIME = r"(?:(?:T|\s+)(?P<h>[0-9]{1,2}):(?P<m>[0-9]{1,2})(?::(?P<s>[0-9]{1,2})(?:\.[0-9]+)?)?)?"
_SEPARATED = r"^(?P<Y>[0-9]{4})-(?P<M>[0-9]{1,2})-(?P<D>[0-9]{1,2})" + _TIME + "$"
_BASIC = r"^(?P<Y>[0-9]{4})(?P<M>[0-9]{2})(?P<D>[0-9]{2})(?:T?(?P<h>[0-9]{2})(?P<m>[0-9]{2})(?P<s>[0-9]{2})?)?$"
_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _month_day_table() -> np.ndarray:
    """Valid (month, day) pairs in a leap year, for months and days -1..99 (-1 = absent): the entry
    of ``(month + 1) * 101 + day + 1`` (parsed months and days have at most two digits)."""
    mo, d = np.arange(-1, 100)[:, None], np.arange(-1, 100)[None, :]
    dim = _DAYS[np.clip(mo, 0, 12)] + (mo == 2)
    month_ok = ((mo >= 1) & (mo <= 12)) | (mo < 0)
    return (month_ok & (((d >= 1) & (d <= dim)) | (d < 0))).ravel()


_MONTH_DAY = _month_day_table()
_FEB29 = 3 * 101 + 30  # (2 + 1) * 101 + 29 + 1


@dataclasses.dataclass(frozen=True)
class ParsedArrow:
    """Arrow-level parse: integer parts (``-1`` where absent) and masks of bad rows."""

    year: np.ndarray
    month: np.ndarray
    day: np.ndarray
    hour: np.ndarray
    minute: np.ndarray
    second: np.ndarray
    present: np.ndarray
    bad_format: np.ndarray
    bad_date: np.ndarray
    bad_time: np.ndarray

    @property
    def ok(self) -> np.ndarray:
        return self.present & ~(self.bad_format | self.bad_date | self.bad_time)


@dataclasses.dataclass(frozen=True)
class DateResult:
    """Normalised dates: ``iso`` text, ``values`` (``datetime64``; NaT where missing or bad),
    ``reason`` (NaN where valid or missing) and ``counts`` by reason."""

    iso: pd.Series
    values: pd.Series
    reason: pd.Series
    counts: dict[str, int]

    @property
    def valid(self) -> pd.Series:
        """True where the value is a real date (missing values are not valid)."""
        return self.values.notna()


def _mask(arr) -> np.ndarray:
    return np.asarray(arr.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _ints(struct: pa.StructArray, name: str) -> np.ndarray:
    if name not in [struct.type.field(i).name for i in range(struct.type.num_fields)]:
        return np.full(len(struct), -1, dtype=np.int64)
    field = pc.struct_field(struct, name)
    field = pc.if_else(pc.equal(field, ""), None, field)
    return np.asarray(pc.cast(field, pa.int64()).fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _extract(arr: pa.Array, regex: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    parts = pc.extract_regex(arr, regex)  # null where the value does not match
    return _mask(parts.is_valid()), {k: _ints(parts, k) for k in "YMDhms"}


_TOKENS = {"YYYY": "Y", "MM": "M", "DD": "D", "hh": "h", "mm": "m", "ss": "s"}


def _layout(pattern: str) -> list[tuple[str, int, int]] | None:
    """``[(group or literal, start, width)]`` of an ASCII pattern, or ``None`` when not ASCII."""
    if not pattern.isascii():
        return None
    out, i = [], 0
    while i < len(pattern):
        token = next((t for t in _TOKENS if pattern.startswith(t, i)), None)
        if token:
            out.append((_TOKENS[token], i, len(token)))
            i += len(token)
        else:
            out.append(("=" + pattern[i], i, 1))
            i += 1
    return out


def _extract_pattern(arr: pa.Array, pattern: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Exact-pattern extraction: fixed-width ASCII rows straight from the Arrow buffer, RE2 for the rest."""
    from zjgov.codes._engine import _offsets_data
    from zjgov.exchange.notation import temporal_regex

    layout = _layout(pattern)
    n = len(arr)
    if layout is None or n == 0:
        return _extract(arr, temporal_regex(pattern))
    width = len(pattern)
    blen = np.asarray(pc.binary_length(arr).fill_null(-1).to_numpy(zero_copy_only=False))
    same = blen == width
    count = int(np.count_nonzero(same))
    absent = np.full(n, -1, dtype=np.int64)  # shared by the parts the pattern lacks (only -1 is written there)
    used = {name for name, _, _ in layout if not name.startswith("=")}
    if count:
        if not isinstance(arr, (pa.StringArray, pa.LargeStringArray)):
            arr = arr.cast(pa.large_string())
        offs, data, _ = _offsets_data(arr)
        whole = count == n and offs[-1] - offs[0] == n * width
        if whole and width == 8:  # every value 8 bytes, one after another: 64-bit words
            matched, values = _swar8(data[offs[0] : offs[-1]].view("<u8"), layout)
            bad = np.flatnonzero(~matched)
            for value in values.values():
                value[bad] = -1
            return matched, {k: values.get(k, absent) for k in "YMDhms"}
    rows = np.flatnonzero(same) if count else np.zeros(0, dtype=np.intp)
    matched = np.zeros(n, dtype=bool)
    parts = {k: np.full(n, -1, dtype=np.int64) if k in used else absent for k in "YMDhms"}
    if len(rows):
        if whole:  # every row: one zero-copy matrix
            m = data[offs[0] : offs[-1]].reshape(n, width)
        else:
            m = data[offs[rows].astype(np.int64)[:, None] + np.arange(width, dtype=np.int64)]
        mt = np.ascontiguousarray(m.T) - np.uint8(0x30)  # one row per character: contiguous passes
        ok = np.ones(len(rows), dtype=bool)
        values = {}
        for name, start, w in layout:
            if name.startswith("="):
                ok &= mt[start] == np.uint8((ord(name[1]) - 0x30) & 0xFF)
                continue
            value = np.zeros(len(rows), dtype=np.int32)
            for j in range(start, start + w):
                ok &= mt[j] <= 9
                value = value * 10 + mt[j]
            values[name] = value
        matched[rows] = ok
        bad = np.flatnonzero(~ok)
        for name, value in values.items():
            value = value.astype(np.int64)
            value[bad] = -1
            if len(rows) == n:
                parts[name] = value
            else:
                parts[name][rows] = value
    other = np.flatnonzero(blen != width)
    if len(other):
        sub_ok, sub = _extract(arr.take(pa.array(other)), temporal_regex(pattern))
        matched[other] = sub_ok
        for k in parts:
            parts[k][other] = sub[k]
    return matched, parts


# First bytes of the characters Arrow counts as spaces (ASCII controls and space; U+0085, U+00A0,
# U+1680, U+2000–U+205F, U+3000 start with C2, E1, E2, E3); a value ending in a space ends in an
# ASCII byte of the first kind or a continuation byte (0x80–0xBF).
_SPACE_FIRST = np.zeros(256, dtype=bool)
_SPACE_FIRST[:0x21] = _SPACE_FIRST[0x7F] = True
_SPACE_FIRST[[0xC2, 0xE1, 0xE2, 0xE3]] = True
_SPACE_LAST = _SPACE_FIRST.copy()
_SPACE_LAST[0x80:0xC0] = True


def _offsets_data(arr: pa.Array) -> tuple[np.ndarray, np.ndarray, type]:
    from zjgov.codes._engine import _offsets_data as offsets_data

    return offsets_data(arr)


def _may_need_trim(arr: pa.Array) -> bool:
    """Whether some value may start or end with a space (read from the first and last bytes)."""
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return True
    offs, data, _ = _offsets_data(arr)
    blen = np.diff(offs)
    rows = np.flatnonzero(blen > 0) if (blen == 0).any() else None
    start, end = (offs[:-1], offs[1:] - 1) if rows is None else (offs[rows], offs[rows + 1] - 1)
    return bool(_SPACE_FIRST[data[start]].any() or _SPACE_LAST[data[end]].any())


def _swar8(words: np.ndarray, layout: list[tuple[str, int, int]]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Match an 8-character ASCII pattern against values read as little-endian 64-bit words
    (byte ``k`` of a word is character ``k``): digits and literals are tested for all eight
    bytes at once, and adjacent digits are paired into two-digit numbers in one multiply."""
    digits = lit_mask = lit_value = 0
    for name, start, w in layout:
        for k in range(start, start + w):
            if name.startswith("="):
                lit_mask |= 0xFF << (8 * k)
                lit_value |= ord(name[1]) << (8 * k)
            else:
                digits |= 0xFF << (8 * k)
    high = np.uint64(digits & 0xF0F0F0F0F0F0F0F0)
    thirty = np.uint64(digits & 0x3030303030303030)
    t = np.bitwise_and(words, high)  # one scratch array, reused in place: no fresh pages per step
    ok = t == thirty  # every digit byte is 0x30-0x3F
    np.add(words, np.uint64(digits & 0x0606060606060606), out=t)
    t &= high
    ok &= t == thirty  # ... and not 0x3A-0x3F
    if lit_mask:
        np.bitwise_and(words, np.uint64(lit_mask), out=t)
        ok &= t == np.uint64(lit_value)
    np.bitwise_and(words, np.uint64(digits & 0x0F0F0F0F0F0F0F0F), out=t)
    pairs = t * np.uint64(10)  # byte k: 10 * digit k + digit k+1 (at most 99)
    t >>= np.uint64(8)
    pairs += t
    by_byte = pairs.view(np.uint8).reshape(-1, 8)  # column k: the two-digit number at character k
    values = {}
    for name, start, w in layout:
        if name.startswith("="):
            continue
        value = by_byte[:, start].astype(np.int64)
        if w == 4:
            value *= 100
            value += by_byte[:, start + 2]
        values[name] = value
    return ok, values


def _normalise_text(arr: pa.Array) -> pa.Array:
    arr = pc.utf8_trim_whitespace(arr)
    arr = pc.replace_substring_regex(arr, "[年月/]", "-")
    arr = pc.replace_substring_regex(arr, r"^([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})", r"\1-\2-\3")
    arr = pc.replace_substring_regex(arr, "日\\s*", " ")
    arr = pc.replace_substring_regex(arr, "[时分]", ":")
    arr = pc.replace_substring(arr, "秒", "")
    arr = pc.utf8_trim(arr, " :")
    return arr


def parse_arrow(arr: pa.Array, *, pattern: str | None = None) -> ParsedArrow:
    """Parse an Arrow string array (the vectorised core of :func:`normalise_dates`)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.string())
    n = len(arr)
    if pattern is not None and n and pattern == pattern.strip():
        # A value that matches the pattern as it stands has no spaces to trim: only the others
        # are trimmed and matched again.
        matched, parts = _extract_pattern(arr, pattern)
        present = matched.copy()
        rest = np.flatnonzero(~matched)
        if len(rest):
            matched = matched.copy()
            parts = {k: v if v.flags.writeable else v.copy() for k, v in parts.items()}
            sub = pc.utf8_trim_whitespace(arr.take(pa.array(rest)))
            present[rest] = _mask(pc.is_valid(sub)) & _mask(pc.not_equal(sub, ""))
            sub_matched, sub_parts = _extract_pattern(sub, pattern)
            matched[rest] = sub_matched
            for k in parts:
                parts[k][rest] = sub_parts[k]
    else:
        trimmed = pc.utf8_trim_whitespace(arr)
        present = _mask(pc.is_valid(trimmed)) & _mask(pc.not_equal(trimmed, ""))
        safe = trimmed  # nulls and blanks match nothing; ``present`` masks them out below
        if pattern is not None:
            matched, parts = _extract_pattern(safe, pattern)
        else:
            norm = _normalise_text(safe)
            matched, parts = _extract(norm, _SEPARATED)
            basic_ok, basic = _extract(norm, _BASIC)
            take = ~matched & basic_ok
            for k in parts:
                parts[k] = np.where(take, basic[k], parts[k])
            matched |= basic_ok
    y, mo, d, h, mi, s = (parts[k] for k in "YMDhms")
    bad_format = present & ~matched
    ok = present & matched
    has_date = y >= 0
    # month and day looked up in one table (29 February allowed), then 29 February of common years
    slot = (mo + 1) * 101 + (d + 1)
    month_day = np.take(_MONTH_DAY, slot, mode="clip")
    date_ok = ~has_date | ((y >= 1) & month_day)
    feb29 = np.flatnonzero((slot == _FEB29) & has_date)
    if len(feb29):
        yy = y[feb29]
        date_ok[feb29] &= ((yy % 4 == 0) & (yy % 100 != 0)) | (yy % 400 == 0)
    no_time = h is mi is s and (h < 0).all()  # a date pattern: the three share one "absent" array
    time_ok = np.ones(n, dtype=bool) if no_time else (h <= 23) & (mi <= 59) & (s <= 59)
    bad_date = ok & ~date_ok
    bad_time = ok & date_ok & ~time_ok
    if n == 0:
        empty = np.zeros(0, dtype=bool)
        bad_format = bad_date = bad_time = present = empty
    return ParsedArrow(y, mo, d, h, mi, s, present, bad_format, bad_date, bad_time)


def _pad(values: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(pa.array(values).cast(pa.string()), width, "0")


def normalise_dates(column, *, pattern: str | None = None) -> DateResult:
    """Parse a column of dates (or times, or date-times) and give ISO 8601 text and ``datetime64`` values.

    Dates become ``YYYY-MM-DD``, date-times ``YYYY-MM-DDThh:mm:ss``, times ``hh:mm:ss``,
    year-months ``YYYY-MM``. Rows are never dropped or reordered.
    """
    series = column if isinstance(column, pd.Series) else pd.Series(column, dtype=object)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        values = series.astype("datetime64[s]")
        iso = values.dt.strftime("%Y-%m-%d").where(values.notna()).astype("str")
        reason = pd.Series(np.nan, index=series.index, dtype="str")
        return DateResult(iso, values, reason, {})
    from zjgov.codes._engine import to_arrow

    arr, bad_type = to_arrow(series)
    p = parse_arrow(arr, pattern=pattern)
    ok = p.ok & ~bad_type
    y, mo, d, h, mi, s = p.year, p.month, p.day, p.hour, p.minute, p.second
    has_time = h >= 0
    has_day = d >= 0
    date_part = pc.binary_join_element_wise(_pad(np.maximum(y, 0), 4), _pad(np.maximum(mo, 0), 2), "-")
    date_part = pc.if_else(
        pa.array(has_day), pc.binary_join_element_wise(date_part, _pad(np.maximum(d, 0), 2), "-"), date_part
    )
    time_part = pc.binary_join_element_wise(
        _pad(np.maximum(h, 0), 2), _pad(np.maximum(mi, 0), 2), _pad(np.maximum(s, 0), 2), ":"
    )
    has_date = y >= 0
    iso = pc.if_else(
        pa.array(has_date & has_time),
        pc.binary_join_element_wise(date_part, time_part, "T"),
        pc.if_else(pa.array(has_date), date_part, time_part),
    )
    iso = pc.if_else(pa.array(ok), iso, pa.scalar(None, pa.string()))
    years = np.where(ok & has_date, y, 1970) - 1970
    stamp = years.astype("datetime64[Y]").astype("datetime64[M]") + (np.where(ok & (mo > 0), mo, 1) - 1)
    stamp = stamp.astype("datetime64[D]") + (np.where(ok & has_day, d, 1) - 1)
    secs = np.where(ok & has_time, h * 3600 + mi * 60 + np.maximum(s, 0), 0)
    stamp = stamp.astype("datetime64[s]") + secs.astype("timedelta64[s]")
    if not has_date.any() and has_time.any():  # pure times: seconds after midnight on 1970-01-01
        stamp = np.datetime64("1970-01-01", "s") + secs.astype("timedelta64[s]")
    stamp = np.where(ok, stamp, np.datetime64("NaT"))
    reasons = np.full(len(series), None, dtype=object)
    reasons[p.bad_format | bad_type] = "format"
    reasons[p.bad_date & ~bad_type] = "component:date"
    reasons[p.bad_time & ~bad_type] = "component:time"
    counts = {r: int((reasons == r).sum()) for r in ("format", "component:date", "component:time")}
    return DateResult(
        iso=pd.Series(pd.array(iso.to_pylist(), dtype="str"), index=series.index, name=series.name),
        values=pd.Series(stamp, index=series.index, name=series.name),
        reason=pd.Series(pd.array(reasons, dtype="str"), index=series.index, name="reason"),
        counts={k: v for k, v in counts.items() if v},
    )


def to_iso(value: object, *, pattern: str | None = None) -> str:
    """One date (or time) as ISO 8601 text; raises a :class:`ValidationError` naming the reason.

    >>> to_iso("2024-13-01")
    Traceback (most recent call last):
    zjgov.errors.InvalidComponent: ...
    """
    result = normalise_dates(pd.Series([value], dtype=object), pattern=pattern)
    reason = result.reason.iloc[0]
    title = ("日期", "date")
    if isinstance(reason, str):
        cls = InvalidComponent if reason.startswith("component") else InvalidFormat
        raise cls(reason, title=title)
    iso = result.iso.iloc[0]
    if not isinstance(iso, str):
        raise MissingValue("missing", title=title)
    return iso
