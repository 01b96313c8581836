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

from zjgov.core.dates import ParsedArrow, parse_arrow, stamps
from zjgov.core.text import to_arrow
from zjgov.errors import InvalidComponent, InvalidFormat, MissingValue

__all__ = ["DateResult", "ParsedArrow", "normalise_dates", "parse_arrow", "to_iso"]


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
    stamp = stamps(y, mo, d, h, mi, s, ok)
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
