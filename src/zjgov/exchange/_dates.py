"""Vectorised date parsing for record checkers (not public API).

Uses :mod:`zjgov.exchange.dates` when it offers a column normaliser; otherwise parses the
forms agencies write: GB/T 7408 basic (``20240102``) and extended (``2024-01-02``),
``2024/1/2``, ``2024.1.2`` and ``2024年1月2日``, optionally followed by a time of day
(Excel cells read as text). Impossible dates (30 February) are reported, never shifted.

>>> import pandas as pd
>>> d, bad = parse_dates(pd.Series(["2024-01-02", "2024年1月2日", "20240230", "x", None], dtype="str"))
>>> [str(x.date()) if x == x else None for x in d], bad.tolist()
(['2024-01-02', '2024-01-02', None, None, None], [False, False, True, True, False])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_PATTERN = (
    r"^\s*(?P<y>\d{4})(?:[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?|(?P<m2>\d{2})(?P<d2>\d{2}))"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$"
)


def parse_dates(series: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """``(dates, bad)``: datetime64 values (NaT where missing or bad) and a mask of bad values.

    Missing values are not bad; every other value that is not a real calendar date is.
    """
    text = series.astype("str") if not pd.api.types.is_string_dtype(series) else series
    text = text.str.strip()
    missing = (text.isna() | (text == "")).to_numpy()
    parts = text.str.extract(_PATTERN)
    year = pd.to_numeric(parts["y"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    month = pd.to_numeric(parts["m"].fillna(parts["m2"]), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    day = pd.to_numeric(parts["d"].fillna(parts["d2"]), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    shaped = ~(np.isnan(year) | np.isnan(month) | np.isnan(day))
    plausible = shaped & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31) & (year >= 1)
    y, m, d = (np.where(plausible, a, v).astype("int64") for a, v in ((year, 2000), (month, 1), (day, 1)))
    dates = pd.to_datetime(pd.DataFrame({"year": y, "month": m, "day": d}, index=series.index), errors="coerce")
    real = plausible & dates.notna().to_numpy() & (dates.dt.day.to_numpy() == d) & (dates.dt.month.to_numpy() == m)
    out = dates.where(real & ~missing)
    return out, ~missing & ~real
