"""Fast, exact parsing of the common fixed-width date shapes (not public API).

``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM:SS`` (or ``T``), ``YYYYMMDD`` and ``YYYY/MM/DD`` are read
straight from the Arrow buffers as digit matrices in NumPy, with real-date checks (month
lengths, leap years); every other value goes through ``pandas.to_datetime`` with the same
format, so the result is the same as pandas' for every input, only faster.

>>> import pyarrow as pa
>>> parse(pa.array(["2024-02-29", "2023-02-29", "2024-02-29 23:59:59", "x", None]), None).tolist()
[Timestamp('2024-02-29 00:00:00'), NaT, Timestamp('2024-02-29 23:59:59'), NaT, NaT]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

# shape: (byte length, positions of digits, {position: separator choices}, has time)
_DATE10 = (10, (0, 1, 2, 3, 5, 6, 8, 9), {4: b"-", 7: b"-"}, False)
_SLASH10 = (10, (0, 1, 2, 3, 5, 6, 8, 9), {4: b"/", 7: b"/"}, False)
_COMPACT8 = (8, (0, 1, 2, 3, 4, 5, 6, 7), {}, False)
_TIME19 = (
    19,
    (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18),
    {4: b"-", 7: b"-", 10: b" T", 13: b":", 16: b":"},
    True,
)
_SPACE19 = (19, _TIME19[1], {4: b"-", 7: b"-", 10: b" ", 13: b":", 16: b":"}, True)

#: Which shapes a format may take the fast path for (None = pandas' ISO 8601 parser).
_SHAPES = {
    None: (_DATE10, _TIME19, _COMPACT8, _SLASH10),
    "ISO8601": (_DATE10, _TIME19, _COMPACT8, _SLASH10),
    "%Y-%m-%d": (_DATE10,),
    "%Y/%m/%d": (_SLASH10,),
    "%Y%m%d": (_COMPACT8,),
    "%Y-%m-%d %H:%M:%S": (_SPACE19,),
}
_DIM = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_MIN_YEAR, _MAX_YEAR = 1, 9999  # what pandas parses (microsecond resolution)


def parse(arr: pa.Array, fmt: str | None) -> pd.Series:
    """Datetimes (``datetime64[us]``, NaT where not a real date in ``fmt``) for a string array."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    n = len(arr)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    valid = np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    todo = valid.copy()
    if n and valid.any():
        offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64, count=n + 1, offset=arr.offset * 8)
        first, last = int(offsets[0]), int(offsets[-1])
        data = arr.buffers()[2]
        raw = (
            np.frombuffer(data, np.uint8, count=last - first, offset=first)
            if data is not None
            else np.zeros(0, np.uint8)
        )
        lengths = np.diff(offsets)
        for shape in _SHAPES.get(fmt, ()):
            length = shape[0]
            sel = todo & (lengths == length)
            if sel.all() and last - first == n * length:  # every value has this width: no copy
                _fast(raw.reshape(n, length), np.arange(n), shape, out, todo)
            elif sel.any():
                rows = np.flatnonzero(sel)
                _fast(raw[(offsets[rows] - first)[:, None] + np.arange(length)], rows, shape, out, todo)
    rest = np.flatnonzero(todo)
    result = pd.Series(out.astype("datetime64[us]"))
    if len(rest):
        values = pd.Series(arr.take(pa.array(rest)).to_pandas())
        parsed = pd.to_datetime(values, format=fmt or "ISO8601", errors="coerce")
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_localize(None)
        result.iloc[rest] = parsed.to_numpy(dtype="datetime64[us]")
    return result


def _fast(m, rows, shape, out, todo) -> None:
    _, digit_pos, seps, has_time = shape
    d = m[:, list(digit_pos)].astype(np.int32) - 0x30
    ok = ((d >= 0) & (d <= 9)).all(axis=1)
    for pos, choices in seps.items():
        col = m[:, pos]
        hit = col == choices[0]
        for c in choices[1:]:
            hit |= col == c
        ok &= hit
    sel = np.flatnonzero(ok)  # rows of the exact shape: decided here, real date or not
    if not len(sel):
        return
    if len(sel) != len(d):
        d = d[sel]
    y = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    mo = d[:, 4] * 10 + d[:, 5]
    day = d[:, 6] * 10 + d[:, 7]
    in_range = (y >= _MIN_YEAR) & (y <= _MAX_YEAR)
    if not in_range.all():
        sel, y, mo, day, d = sel[in_range], y[in_range], mo[in_range], day[in_range], d[in_range]
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    dim = _DIM[np.clip(mo, 0, 12)] + (leap & (mo == 2))
    real = (mo >= 1) & (mo <= 12) & (day >= 1) & (day <= dim)
    months = ((y.astype(np.int64) - 1970) * 12 + np.clip(mo, 1, 12) - 1).astype("datetime64[M]")
    stamp = months.astype("datetime64[D]") + (np.clip(day, 1, 31) - 1).astype("timedelta64[D]")
    stamp = stamp.astype("datetime64[s]")
    if has_time:
        hh, mi, ss = d[:, 8] * 10 + d[:, 9], d[:, 10] * 10 + d[:, 11], d[:, 12] * 10 + d[:, 13]
        real &= (hh <= 23) & (mi <= 59) & (ss <= 59)
        stamp = stamp + (hh * 3600 + mi * 60 + ss).astype("timedelta64[s]")
    stamp[~real] = np.datetime64("NaT")
    target = rows[sel]
    out[target] = stamp
    todo[target] = False
