"""citizen_id.parse accepts every ID that is_valid accepts (issue 17 item 8)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from zjgov.codes import citizen_id


def _id(body: str) -> str:
    return body + citizen_id.check_char(body)


def test_parse_born_before_1949():
    number = _id("11010519400101001")
    assert citizen_id.is_valid(number)
    info = citizen_id.parse(number)
    assert info.birth_date == dt.date(1940, 1, 1) and info.region_name


@given(st.dates(min_value=dt.date(1880, 1, 1), max_value=dt.date(2020, 12, 31)))
def test_parse_agrees_with_is_valid(born):
    number = _id(f"330106{born:%Y%m%d}001")
    assert citizen_id.is_valid(number)
    assert citizen_id.parse(number).birth_date == born
