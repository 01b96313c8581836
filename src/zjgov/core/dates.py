"""One calendar and one date parser for the whole library (internal; stable names).

Two notations describe the same fixed-width layouts:

* GB/T 7408 / data-element patterns: ``YYYY`` ``MM`` ``DD`` ``hh`` ``mm`` ``ss`` and literal
  characters (``YYYY-MM-DD``, ``YYYYMMDDhhmmss``, ``YYYY年MM月DD日``);
* strftime forms: ``%Y`` ``%m`` ``%d`` ``%H`` ``%M`` ``%S`` ``%%`` and literals.

:func:`layout` turns either into a :class:`Layout` (bytes of UTF-8: digits or literals), and
:func:`match` reads every row of that byte width straight from the Arrow buffers as integer
parts — no Python object per value. The calendar (:func:`real_date`, :func:`real_time`,
:func:`stamps`) decides which parts make a real date: proleptic Gregorian, years 1–9999,
29 February in leap years only, times 00:00:00–23:59:59 (no leap second).

Users of this module:

* :func:`parse_arrow` — the exchange parser (``zjgov.exchange.dates``): free GB/T 7408 and
  common Chinese forms, or one exact pattern; reports ``format`` / ``component:date`` /
  ``component:time`` per row;
* :func:`parse_datetimes` — the quality parser (``quality/dates``): ``datetime64`` values
  for a strftime format (``None`` = ISO 8601), fixed-width layouts in NumPy and every other
  value through ``pandas.to_datetime`` with the same format, so results equal pandas';
* :func:`to_strftime` / :func:`from_strftime` — convert between the notations.

>>> import pyarrow as pa
>>> p = parse_arrow(pa.array(["2024-02-29", "2023-02-29", "2024/1/2", "x", None]))
>>> p.year.tolist()[:3], p.bad_date.tolist(), p.bad_format.tolist()
([2024, 2023, 2024], [False, True, False, False, False], [False, False, False, True, False])
>>> parse_datetimes(pa.array(["2024-02-29", "2023-02-29", "2024-02-29 23:59:59", "x", None]), None).tolist()
[Timestamp('2024-02-29 00:00:00'), NaT, Timestamp('2024-02-29 23:59:59'), NaT, NaT]
>>> to_strftime("YYYY-MM-DD hh:mm:ss"), from_strftime("%Y%m%d")
('%Y-%m-%d %H:%M:%S', 'YYYYMMDD')
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from zjgov.core.arrow import byte_matrix, mask, offsets_data, string_array

__all__ = [
    "PARTS",
    "Layout",
    "ParsedArrow",
    "from_strftime",
    "layout",
    "match",
    "parse_arrow",
    "parse_datetimes",
    "real_date",
    "real_time",
    "seconds",
    "stamps",
    "to_strftime",
    "ymd_numbers",
]

#: The parts of a date-time, in order: year, month, day, hour, minute, second.
PARTS = "YMDhms"
#: GB/T 7408 tokens, longest first, and the part each stands for.
TOKENS = {"YYYY": "Y", "MM": "M", "DD": "D", "hh": "h", "HH": "h", "mm": "m", "ss": "s"}
_STRFTIME = {"%Y": "YYYY", "%m": "MM", "%d": "DD", "%H": "hh", "%M": "mm", "%S": "ss"}
_TO_STRFTIME = {"YYYY": "%Y", "MM": "%m", "DD": "%d", "hh": "%H", "HH": "%H", "mm": "%M", "ss": "%S"}
_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
MIN_YEAR, MAX_YEAR = 1, 9999


# -- notations -----------------------------------------------------------------------------
def _tokens(pattern: str) -> list[str]:
    out, i = [], 0
    while i < len(pattern):
        token = next((t for t in TOKENS if pattern.startswith(t, i)), None)
        out.append(token or pattern[i])
        i += len(token) if token else 1
    return out


def to_strftime(pattern: str) -> str | None:
    """``YYYY-MM-DD`` → ``%Y-%m-%d``; ``None`` when the pattern has no token or other letters."""
    tokens = _tokens(pattern)
    if not any(t in TOKENS for t in tokens):
        return None
    if any(t not in TOKENS and t.isalpha() and t.isascii() and t != "T" for t in tokens):
        return None
    return "".join(_TO_STRFTIME.get(t, "%%" if t == "%" else t) for t in tokens)


def from_strftime(fmt: str) -> str | None:
    """``%Y-%m-%d`` → ``YYYY-MM-DD``; ``None`` for directives without a fixed width (``%b``, ``%j`` …)
    or literal ASCII letters that would read as tokens."""
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%":
            d = fmt[i : i + 2]
            if d in _STRFTIME:
                out.append(_STRFTIME[d])
            elif d == "%%":
                out.append("%")
            else:
                return None
            i += 2
            continue
        if fmt[i].isascii() and fmt[i].isalpha() and fmt[i] != "T":
            return None
        out.append(fmt[i])
        i += 1
    return "".join(out) if any(t in _STRFTIME.values() for t in out) else None


@dataclasses.dataclass(frozen=True)
class Layout:
    """A fixed-width layout over UTF-8 bytes: ``fields`` are ``(part, start, width)`` runs of
    digits, ``literals`` ``(start, choices)`` bytes (several choices: ``T`` or space)."""

    width: int
    fields: tuple[tuple[str, int, int], ...]
    literals: tuple[tuple[int, bytes], ...]  # (byte position, the byte or bytes allowed there)

    @property
    def parts(self) -> frozenset[str]:
        return frozenset(p for p, _, _ in self.fields)


@functools.lru_cache(maxsize=256)
def layout(pattern: str) -> Layout | None:
    """The :class:`Layout` of a GB/T 7408 pattern or a strftime format (``%`` in it), or ``None``
    when it has no fixed width.

    >>> layout("YYYY-MM-DD").fields
    (('Y', 0, 4), ('M', 5, 2), ('D', 8, 2))
    >>> layout("%Y年%m月").width  # UTF-8 bytes: 年 and 月 take three each
    12
    """
    if "%" in pattern:
        converted = from_strftime(pattern)
        if converted is None:
            return None
        pattern = converted
    fields, literals, pos = [], [], 0
    for token in _tokens(pattern):
        if token in TOKENS:
            fields.append((TOKENS[token], pos, len(token)))
            pos += len(token)
            continue
        raw = token.encode("utf-8")
        for k, b in enumerate(raw):
            literals.append((pos + k, bytes([b])))
        pos += len(raw)
    if not fields or len({p for p, _, _ in fields}) != len(fields):
        return None
    return Layout(pos, tuple(fields), tuple(literals))


# -- calendar ------------------------------------------------------------------------------
def _month_day_table() -> np.ndarray:
    """Valid (month, day) pairs in a leap year, for months and days -1..99 (-1 = absent): the entry
    of ``(month + 1) * 101 + day + 1`` (parsed months and days have at most two digits)."""
    mo, d = np.arange(-1, 100)[:, None], np.arange(-1, 100)[None, :]
    dim = _DAYS[np.clip(mo, 0, 12)] + (mo == 2)
    month_ok = ((mo >= 1) & (mo <= 12)) | (mo < 0)
    return (month_ok & (((d >= 1) & (d <= dim)) | (d < 0))).ravel()


_MONTH_DAY = _month_day_table()
_FEB29 = 3 * 101 + 30  # (2 + 1) * 101 + 29 + 1


def real_date(y: np.ndarray, mo: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Whether ``(y, mo, d)`` is a real date (``-1`` = part absent: ``YYYY-MM`` has no day).

    >>> real_date(np.array([2024, 2023, 2024, 0]), np.array([2, 2, 13, 1]), np.array([29, 29, 1, 1])).tolist()
    [True, False, False, False]
    """
    has_date = y >= 0
    slot = (mo + 1) * 101 + (d + 1)
    ok = ~has_date | ((y >= MIN_YEAR) & (y <= MAX_YEAR) & np.take(_MONTH_DAY, slot, mode="clip"))
    ok &= (mo >= -1) & (mo <= 99) & (d >= -1) & (d <= 99)  # the table covers two-digit parts only
    feb29 = np.flatnonzero((slot == _FEB29) & has_date)
    if len(feb29):
        yy = y[feb29]
        ok[feb29] &= ((yy % 4 == 0) & (yy % 100 != 0)) | (yy % 400 == 0)
    return ok


def real_time(h: np.ndarray, mi: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Whether ``h:mi:s`` is a time of day (``-1`` = absent part)."""
    return (h <= 23) & (mi <= 59) & (s <= 59)


def seconds(y, mo, d, h, mi, s) -> np.ndarray:
    """Seconds since 1970-01-01 of the parts (``-1`` absent: month and day 1, time 0; no date:
    1970-01-01), by integer arithmetic (the days-from-civil count of the proleptic Gregorian
    calendar), for parts that :func:`real_date` accepts.

    >>> seconds(np.array([1970, 2000, 1]), np.array([1, 3, 1]), np.array([2, 1, 1]), -1, -1, -1).tolist()
    [86400, 951868800, -62135596800]
    """
    y = np.asarray(y, dtype=np.int64)
    mo = np.where(np.asarray(mo) > 0, mo, 1).astype(np.int64)
    d = np.where(np.asarray(d) > 0, d, 1).astype(np.int64)
    has_date = y >= 0
    y = np.where(has_date, y, 1970) - (mo <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(mo > 2, mo - 3, mo + 9) + 2) // 5 + d - 1
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
    out = days * 86400
    h = np.asarray(h)
    if h.ndim or h >= 0:
        out += np.where(h >= 0, h, 0) * 3600 + np.maximum(mi, 0) * 60 + np.maximum(s, 0)
    return out


def ymd_numbers(stamps: np.ndarray) -> np.ndarray:
    """``YYYYMMDD`` as an integer per ``datetime64`` value (0 for NaT): the inverse of the
    days-from-civil count of :func:`seconds`, in integer arithmetic.

    >>> ymd_numbers(np.array(["2024-02-29T23:59", "0001-01-01", "NaT"], dtype="datetime64[us]")).tolist()
    [20240229, 10101, 0]
    """
    stamps = np.asarray(stamps)
    nat = np.isnat(stamps)
    z = stamps.astype("datetime64[D]").view(np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return np.where(nat, 0, year * 10000 + month * 100 + day)


def stamps(y, mo, d, h, mi, s, ok: np.ndarray) -> np.ndarray:
    """``datetime64[s]`` for the parts (``-1`` absent: month and day 1, time 0), NaT where not ``ok``.
    A value with a time and no date is that time on 1970-01-01."""
    return np.where(ok, seconds(y, mo, d, h, mi, s), _NAT).view("datetime64[s]")


_NAT = np.iinfo(np.int64).min


# -- fixed-width matching ------------------------------------------------------------------
def match(arr: pa.Array, lay: Layout, rows: np.ndarray | None = None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Rows of ``arr`` (a string array; ``rows`` limits the search) that fit ``lay`` exactly, and
    their integer parts (``-1`` where a part is absent or the row does not fit).

    Rows of the layout's byte width are read from the data buffer as one byte matrix; eight-byte
    layouts over a whole buffer are read as 64-bit words (SWAR).
    """
    arr = string_array(arr)
    n = len(arr)
    matched = np.zeros(n, dtype=bool)
    absent = np.full(n, -1, dtype=np.int64)  # shared by the parts the layout lacks (never written)
    parts = {k: (np.full(n, -1, dtype=np.int64) if k in lay.parts else absent) for k in PARTS}
    if not n:
        return matched, parts
    offs, data, _ = offsets_data(arr)
    same = np.diff(offs) == lay.width
    if arr.null_count:
        same &= mask(arr.is_valid())
    if rows is not None:
        keep = np.zeros(n, dtype=bool)
        keep[rows] = True
        same &= keep
    sel, ok, values = _read(offs, data, same, lay)
    if sel is None:  # every row read: the parts are the values themselves
        matched[:] = ok
        for name, value in values.items():
            parts[name] = np.where(ok, value, -1).astype(np.int64)
        return matched, parts
    matched[sel] = ok
    for name, value in values.items():
        parts[name][sel] = np.where(ok, value, -1)
    return matched, parts


def _read(
    offs: np.ndarray, data: np.ndarray, same: np.ndarray, lay: Layout
) -> tuple[np.ndarray | None, np.ndarray, dict[str, np.ndarray]]:
    """The rows ``same`` marks (rows of the layout's width; ``None``: every row, one after
    another), which of them fit ``lay`` and the integer parts of each (meaningful where it fits)."""
    n = len(same)
    count = int(np.count_nonzero(same))
    if not count:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool), {}
    whole = count == n and int(offs[-1]) - int(offs[0]) == n * lay.width
    if whole and lay.width == 8:
        ok, values = _swar8(data[offs[0] : offs[-1]].view("<u8"), lay)
        return None, ok, values
    sel = None if whole else np.flatnonzero(same)
    m = byte_matrix(offs, data, sel, lay.width)
    mt = np.ascontiguousarray(m.T)  # one row per byte: contiguous passes
    ok = np.ones(mt.shape[1], dtype=bool)
    for pos, choices in lay.literals:
        hit = mt[pos] == choices[0]
        for c in choices[1:]:
            hit |= mt[pos] == c
        ok &= hit
    digits = mt - np.uint8(0x30)
    values = {}
    for name, start, w in lay.fields:
        value = np.zeros(mt.shape[1], dtype=np.int32)
        for j in range(start, start + w):
            ok &= digits[j] <= 9
            value = value * 10 + digits[j]
        values[name] = value
    return sel, ok, values


def _swar8(words: np.ndarray, lay: Layout) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Match an 8-byte layout against values read as little-endian 64-bit words (byte ``k`` of a
    word is byte ``k`` of the value): digits and literals are tested for all eight bytes at
    once, and adjacent digits are paired into two-digit numbers in one multiply."""
    digits = lit_mask = lit_value = 0
    for _, start, w in lay.fields:
        for k in range(start, start + w):
            digits |= 0xFF << (8 * k)
    for pos, choices in lay.literals:
        lit_mask |= 0xFF << (8 * pos)
        lit_value |= choices[0] << (8 * pos)
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
    by_byte = pairs.view(np.uint8).reshape(-1, 8)  # column k: the two-digit number at byte k
    values = {}
    for name, start, w in lay.fields:
        value = by_byte[:, start].astype(np.int64)
        if w == 4:
            value *= 100
            value += by_byte[:, start + 2]
        values[name] = value
    return ok, values


# -- the exchange parser -------------------------------------------------------------------
_TIME = r"(?:(?:T|\s+)(?P<h>[0-9]{1,2}):(?P<m>[0-9]{1,2})(?::(?P<s>[0-9]{1,2})(?:\.[0-9]+)?)?)?"
_SEPARATED = r"^(?P<Y>[0-9]{4})-(?P<M>[0-9]{1,2})-(?P<D>[0-9]{1,2})" + _TIME + "$"
_BASIC = r"^(?P<Y>[0-9]{4})(?P<M>[0-9]{2})(?P<D>[0-9]{2})(?:T?(?P<h>[0-9]{2})(?P<m>[0-9]{2})(?P<s>[0-9]{2})?)?$"


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


def _ints(struct: pa.StructArray, name: str) -> np.ndarray:
    if name not in [struct.type.field(i).name for i in range(struct.type.num_fields)]:
        return np.full(len(struct), -1, dtype=np.int64)
    field = pc.struct_field(struct, name)
    field = pc.if_else(pc.equal(field, ""), None, field)
    return np.asarray(pc.cast(field, pa.int64()).fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _extract(arr: pa.Array, regex: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    parts = pc.extract_regex(arr, regex)  # null where the value does not match
    return mask(parts.is_valid()), {k: _ints(parts, k) for k in PARTS}


def _normalise_text(arr: pa.Array) -> pa.Array:
    arr = pc.replace_substring_regex(arr, "[年月/]", "-")
    arr = pc.replace_substring_regex(arr, r"^([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})", r"\1-\2-\3")
    arr = pc.replace_substring_regex(arr, "日\\s*", " ")
    arr = pc.replace_substring_regex(arr, "[时分]", ":")
    arr = pc.replace_substring(arr, "秒", "")
    return pc.utf8_trim(arr, " :")


def _exact(arr: pa.Array, pattern: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    lay = layout(pattern)
    if lay is None:
        raise ValueError(f"not a fixed-width date pattern: {pattern!r}")
    return match(arr, lay)


def parse_arrow(arr: pa.Array | pa.ChunkedArray, *, pattern: str | None = None) -> ParsedArrow:
    """Parse a string array: GB/T 7408 basic and extended forms and the common Chinese forms
    (``2024年1月2日``, ``2024/1/2``, ``2024.1.2``), or, with ``pattern`` (either notation), only
    that exact form. Leading and trailing spaces are ignored; blank cells are not present."""
    arr = string_array(arr)
    n = len(arr)
    if pattern is not None and n and pattern == pattern.strip():
        # A value that matches the pattern as it stands has no spaces to trim: only the others
        # are trimmed and matched again.
        matched, parts = _exact(arr, pattern)
        present = matched.copy()
        rest = np.flatnonzero(~matched)
        if len(rest):
            parts = {k: v if v.flags.writeable else v.copy() for k, v in parts.items()}
            sub = pc.utf8_trim_whitespace(arr.take(pa.array(rest)))
            present[rest] = mask(pc.is_valid(sub)) & mask(pc.not_equal(sub, ""))
            sub_matched, sub_parts = _exact(sub, pattern)
            matched[rest] = sub_matched
            for k in parts:  # parts the pattern lacks share one array of -1: writing -1 keeps it so
                parts[k][rest] = sub_parts[k]
    else:
        trimmed = pc.utf8_trim_whitespace(arr)
        present = mask(pc.is_valid(trimmed)) & mask(pc.not_equal(trimmed, ""))
        if pattern is not None:
            matched, parts = _exact(trimmed, pattern)
        else:
            norm = _normalise_text(trimmed)
            matched, parts = _extract(norm, _SEPARATED)
            basic_ok, basic = _extract(norm, _BASIC)
            take = ~matched & basic_ok
            for k in parts:
                parts[k] = np.where(take, basic[k], parts[k])
            matched |= basic_ok
    y, mo, d, h, mi, s = (parts[k] for k in PARTS)
    bad_format = present & ~matched
    ok = present & matched
    date_ok = real_date(y, mo, d)
    no_time = h is mi is s and (h < 0).all()  # a date pattern: the three share one "absent" array
    time_ok = np.ones(n, dtype=bool) if no_time else real_time(h, mi, s)
    bad_date = ok & ~date_ok
    bad_time = ok & date_ok & ~time_ok
    return ParsedArrow(y, mo, d, h, mi, s, present, bad_format, bad_date, bad_time)


# -- the quality parser --------------------------------------------------------------------
#: Layouts decided in NumPy for a strftime format; ``None`` (ISO 8601) takes the shapes pandas'
#: ISO 8601 parser reads the same way.
_ISO_LAYOUTS = ("YYYY-MM-DD", "YYYY-MM-DDThh:mm:ss", "YYYY-MM-DD hh:mm:ss", "YYYYMMDD", "YYYY/MM/DD")


def parse_datetimes(arr: pa.Array | pa.ChunkedArray, fmt: str | None) -> pd.Series:
    """``datetime64[us]`` values (NaT where not a real date in ``fmt``) for a string array.

    ``fmt`` is a strftime format, ``"ISO8601"`` or ``None`` (ISO 8601). Values that fit a
    fixed-width layout of the format are decided in NumPy (an impossible date is NaT there);
    every other value goes through ``pandas.to_datetime(..., format=fmt, errors="coerce")``, so
    the result equals pandas' for every input. Time zones are dropped (local wall time).
    """
    arr = string_array(arr)
    n = len(arr)
    out = np.full(n, _NAT, dtype=np.int64)  # microseconds since 1970
    todo = mask(arr.is_valid()) if arr.null_count else np.ones(n, dtype=bool)
    if fmt in (None, "ISO8601"):
        layouts = [layout(p) for p in _ISO_LAYOUTS]
    else:
        lay = layout(fmt) if "%" in fmt else None
        layouts = [lay] if lay is not None else []
    offs, data, _ = offsets_data(arr)
    lens = np.diff(offs)
    for lay in layouts:
        if lay is None:
            continue
        sel, ok, values = _read(offs, data, todo & (lens == lay.width), lay)
        if not len(ok):
            continue
        rows = np.flatnonzero(ok) if sel is None else sel[ok]
        if not len(rows):
            continue
        absent = np.full(len(rows), -1, dtype=np.int32)
        y, mo, d, h, mi, s = (values[k][ok] if k in values else absent for k in PARTS)
        real = real_date(y, mo, d)
        if h is not absent:
            real &= real_time(h, mi, s)
        out[rows] = np.where(real, seconds(y, mo, d, h, mi, s) * 1_000_000, _NAT)
        todo[rows] = False  # rows of the exact shape: decided here, real date or not
    result = pd.Series(out.view("datetime64[us]"))
    rest = np.flatnonzero(todo)
    if len(rest):
        values = pd.Series(arr.take(pa.array(rest)).to_pandas())
        parsed = pd.to_datetime(values, format=fmt or "ISO8601", errors="coerce")
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_localize(None)
        result.iloc[rest] = parsed.to_numpy(dtype="datetime64[us]")
    return result
