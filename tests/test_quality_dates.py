"""The quality date parser (zjgov.core.dates.parse_datetimes) agrees with pandas on every input."""

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from zjgov.core import dates

VALUES = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1)).map(str),
    st.from_regex(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?", fullmatch=True),
    st.from_regex(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", fullmatch=True),
    st.from_regex(r"\d{8}", fullmatch=True),
    st.from_regex(r"\d{4}/\d{2}/\d{2}", fullmatch=True),
    st.text(max_size=12),
    st.none(),
)
FORMATS = st.sampled_from([None, "%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y"])


@given(st.lists(VALUES, max_size=25), FORMATS)
def test_same_as_pandas(values, fmt):
    mine = dates.parse_datetimes(pa.array(values, pa.string()), fmt)
    ref = pd.to_datetime(pd.Series(values, dtype=object), format=fmt or "ISO8601", errors="coerce")
    assert mine.isna().tolist() == ref.isna().tolist()
    assert (mine.dropna() == ref.dropna()).all()


def test_known_vectors():
    got = dates.parse_datetimes(
        pa.array(["2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2024-13-01", "2024-04-31"]), None
    )
    assert got.notna().tolist() == [True, False, False, True, False, False]
    got = dates.parse_datetimes(pa.array(["2024-01-01 24:00:00", "2024-01-01 23:59:59", "2024-01-01T08:30:00"]), None)
    assert got.tolist()[1:] == [pd.Timestamp("2024-01-01 23:59:59"), pd.Timestamp("2024-01-01 08:30:00")]
    assert pd.isna(got.iloc[0])
    assert dates.parse_datetimes(pa.array(["20240101"]), "%Y-%m-%d").isna().all()  # wrong shape for the format


@given(st.lists(st.datetimes(min_value=dt.datetime(1, 1, 1)), min_size=1, max_size=30))
def test_seconds_count_the_proleptic_calendar(stamps):
    """The integer days-from-civil count equals datetime's own arithmetic, years 1–9999."""
    parts = [np.array([getattr(t, f) for t in stamps]) for f in ("year", "month", "day", "hour", "minute", "second")]
    epoch = dt.datetime(1970, 1, 1)
    assert dates.seconds(*parts).tolist() == [int((t.replace(microsecond=0) - epoch).total_seconds()) for t in stamps]
    no_time = dates.stamps(*parts[:3], -1, -1, -1, np.ones(len(stamps), dtype=bool))
    assert no_time.astype("datetime64[D]").astype(object).tolist() == [t.date() for t in stamps]


@given(st.lists(st.one_of(st.none(), st.datetimes(min_value=dt.datetime(1, 1, 1))), min_size=1, max_size=30))
def test_ymd_numbers_invert_the_day_count(stamps):
    values = np.array([np.datetime64("NaT") if t is None else np.datetime64(t, "us") for t in stamps], "datetime64[us]")
    expected = [0 if t is None else t.year * 10000 + t.month * 100 + t.day for t in stamps]
    assert dates.ymd_numbers(values).tolist() == expected
