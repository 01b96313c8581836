"""Dates to ISO 8601 (GB/T 7408 basic/extended and the common Chinese forms), vectorised."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov.errors import InvalidComponent, InvalidFormat, MissingValue
from zjgov.exchange.dates import normalise_dates, to_iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("20240102", "2024-01-02"),
        ("2024-01-02", "2024-01-02"),
        ("2024-1-2", "2024-01-02"),
        ("2024/1/2", "2024-01-02"),
        ("2024/01/02", "2024-01-02"),
        ("2024.1.2", "2024-01-02"),
        ("2024年1月2日", "2024-01-02"),
        ("2024年01月02日", "2024-01-02"),
        (" 2024年1月2日 ", "2024-01-02"),
        ("2024-01-02T10:30:00", "2024-01-02T10:30:00"),
        ("2024-01-02 10:30", "2024-01-02T10:30:00"),
        ("2024-01-02T10:30:00.250", "2024-01-02T10:30:00"),
        ("20240102T103000", "2024-01-02T10:30:00"),
        ("20240102103000", "2024-01-02T10:30:00"),
        ("2024/1/2 8:05", "2024-01-02T08:05:00"),
        ("2024年1月2日 10时5分3秒", "2024-01-02T10:05:03"),
        ("2000-02-29", "2000-02-29"),
    ],
)
def test_forms(text, iso):
    assert to_iso(text) == iso


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("20230229", "component:date"),
        ("1900-02-29", "component:date"),
        ("2024-02-30", "component:date"),
        ("2024年13月1日", "component:date"),
        ("2024-04-31", "component:date"),
        ("2024-00-10", "component:date"),
        ("2024-01-02T25:00:00", "component:time"),
        ("2024-01-02 10:60", "component:time"),
        ("02/01/2024", "format"),
        ("2024010", "format"),
        ("202401021", "format"),
        ("2024-01", "format"),
        ("昨天", "format"),
        ("2024-01-02Z", "format"),
    ],
)
def test_impossible_or_unknown(text, reason):
    result = normalise_dates(pd.Series([text], dtype="str"))
    assert result.reason.tolist() == [reason]
    assert result.iso.isna().all() and result.values.isna().all()
    with pytest.raises(InvalidComponent if reason.startswith("component") else InvalidFormat):
        to_iso(text)


def test_missing_values_are_not_errors():
    result = normalise_dates(pd.Series(["", None, "  ", "20240102"], dtype="str"))
    assert result.reason.isna().all()
    assert result.iso.tolist()[-1] == "2024-01-02"
    assert result.valid.tolist() == [False, False, False, True]
    with pytest.raises(MissingValue):
        to_iso("")


def test_column_keeps_index_and_rows():
    s = pd.Series(["20240102", "x", None, "2024年2月30日"], index=["a", "b", "c", "d"], dtype="str")
    r = normalise_dates(s)
    assert list(r.iso.index) == ["a", "b", "c", "d"]
    assert r.counts == {"format": 1, "component:date": 1}
    assert str(r.values.dtype) == "datetime64[s]"
    assert r.values["a"] == pd.Timestamp("2024-01-02")


def test_pattern_is_exact():
    s = pd.Series(["20240102", "2024-01-02", "2024/1/2"], dtype="str")
    assert normalise_dates(s, pattern="YYYYMMDD").reason.tolist() == [np.nan, "format", "format"]
    assert normalise_dates(s, pattern="YYYY-MM-DD").iso.tolist() == [np.nan, "2024-01-02", np.nan]
    times = normalise_dates(pd.Series(["235959", "240000"]), pattern="hhmmss")
    assert times.iso.tolist()[0] == "23:59:59" and times.reason.tolist()[1] == "component:time"


def test_non_text_values():
    r = normalise_dates(pd.Series([20240102, 3.5, "2024-01-02"], dtype=object))
    assert r.iso.tolist() == ["2024-01-02", np.nan, "2024-01-02"]
    assert r.reason.tolist() == [np.nan, "format", np.nan]
    typed = normalise_dates(pd.Series(pd.to_datetime(["2024-01-02", None])))
    assert typed.iso.tolist() == ["2024-01-02", np.nan]


@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_every_real_date_round_trips_in_every_form(day):
    forms = [
        f"{day.year:04d}{day.month:02d}{day.day:02d}",
        day.isoformat(),
        f"{day.year:04d}年{day.month}月{day.day}日",
        f"{day.year:04d}/{day.month}/{day.day}",
    ]
    r = normalise_dates(pd.Series(forms, dtype="str"))
    assert r.iso.tolist() == [day.isoformat()] * 4
    assert (r.values == pd.Timestamp(day.isoformat()).as_unit("s")).all() if day.year >= 1678 else True


@given(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31))
def test_vectorised_validity_agrees_with_the_calendar(y, m, d):
    try:
        dt.date(y, m, d)
        real = True
    except ValueError:
        real = False
    r = normalise_dates(pd.Series([f"{y:04d}-{m:02d}-{d:02d}"], dtype="str"))
    assert (r.reason.iloc[0] is np.nan or pd.isna(r.reason.iloc[0])) == real
