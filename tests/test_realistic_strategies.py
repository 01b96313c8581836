"""zjgov.testing.records: realistic records (names, addresses, birth date and sex from the ID, no
future dates) and frames that print as the code rebuilding them."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings

from zjgov import _data
from zjgov.codes import citizen_id
from zjgov.exchange import load_schema
from zjgov.testing.records import dataframes, dataframes_with_violations, frame_code, records
from zjgov.testing.strategies import _realistic

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
POPULATION = load_schema(EXAMPLES / "population_schema.yaml")
LEGAL = load_schema(EXAMPLES / "legal_person_schema.yaml")
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SURNAMES = set(_data.table("chinese_surnames").surname)
COUNTY_NAMES = {full for _, full, _ in _realistic._counties()}


def _split_name(name):
    for n in (2, 1):
        if name[:n] in SURNAMES and 1 <= len(name) - n <= 2:
            return name[:n], name[n:]
    raise AssertionError(name)


def _is_person_name(name):
    _surname, given = _split_name(name)
    return all(c in _realistic.GIVEN_NAME_CHARS for c in given)


def _is_address(text):
    return any(text.startswith(full) for full in COUNTY_NAMES) and "号" in text


def _dates_not_in_future(frame, columns):
    now = dt.datetime.now()
    for column in columns:
        for value in frame[column].dropna():
            digits = "".join(c for c in value if c.isdigit())
            when = dt.datetime.strptime(digits[:8], "%Y%m%d")
            assert when <= now, (column, value)


@FAST
@given(dataframes(POPULATION, min_rows=1, max_rows=6, realistic=True))
def test_realistic_population_frames(frame):
    assert POPULATION.validate(frame).ok
    for _, row in frame.iterrows():
        number = row["公民身份号码"]
        assert row["出生日期"] == number[6:14]
        assert row["性别"] == ("1" if int(number[16]) % 2 else "2")
        if number[6:10] >= "1950":  # parse refuses births before 1949 (a codes issue, left alone)
            person = citizen_id.parse(number)
            assert (person.birth_date.strftime("%Y%m%d"), person.sex_code) == (row["出生日期"], row["性别"])
        assert _is_person_name(row["姓名"]), row["姓名"]
        if not pd.isna(row["住址"]):
            assert _is_address(row["住址"]), row["住址"]
    _dates_not_in_future(frame, ["出生日期", "更新时间"])


@FAST
@given(dataframes(LEGAL, min_rows=1, max_rows=5, realistic=True))
def test_realistic_legal_person_frames(frame):
    assert LEGAL.validate(frame).ok
    for name in frame["法定代表人"]:
        assert _is_person_name(name), name
    for name in frame["机构名称"]:
        assert name.endswith(("有限公司", "有限责任公司")), name
    for address in frame["注册地址"].dropna():
        assert _is_address(address), address
    _dates_not_in_future(frame, ["成立日期"])


@FAST
@given(records(POPULATION))
def test_default_records_are_unchanged_by_the_realistic_mode(record):
    """Without realistic=True the generic text generator is used (its names are not from the table)."""
    assert set(record) == set(POPULATION.columns)


@FAST
@given(dataframes_with_violations(POPULATION, max_rows=5, realistic=True))
def test_realistic_labelled_violations_are_found_exactly(labelled):
    frame, expected = labelled
    found = POPULATION.validate(frame).violations
    got = found[["row", "column", "reason"]].astype({"row": int, "column": str, "reason": str})
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.astype({"row": int}), check_dtype=False)


def test_role_detection():
    from zjgov.exchange import library

    roles = {name: _realistic.role(library.get(name)) for name in ("姓名", "住址", "出生日期", "性别代码", "机构名称")}
    assert roles == {
        "姓名": "person_name",
        "住址": "address",
        "出生日期": "birth_date",
        "性别代码": "sex",
        "机构名称": "org_name",
    }
    assert _realistic.role(library.get("公民身份号码")) is None


@FAST
@given(dataframes(POPULATION, min_rows=0, max_rows=4))
def test_frame_code_rebuilds_the_frame(frame):
    rebuilt = eval(frame_code(frame), {"pd": pd})
    pd.testing.assert_frame_equal(rebuilt, frame)


def test_frame_code_keeps_a_non_default_index():
    frame = pd.DataFrame({"a": ["1", None]}, index=[5, 7], dtype="str")
    pd.testing.assert_frame_equal(eval(frame_code(frame), {"pd": pd}), frame)


def test_falsifying_example_prints_as_code():
    """What hypothesis reports for a failing frame test is code that rebuilds the frame."""

    @settings(max_examples=50, deadline=None, database=None, phases=[Phase.generate, Phase.shrink])
    @given(dataframes(POPULATION, min_rows=1, max_rows=5))
    def failing(frame):
        assert not frame["民族"].notna().any()

    with pytest.raises(AssertionError) as info:
        failing()
    report = "\n".join(getattr(info.value, "__notes__", []))
    assert "frame=pd.DataFrame(" in report and "dtype='str'" in report, report
    code = report[report.index("pd.DataFrame(") :]
    code = code[: code.index("dtype='str',") + len("dtype='str',")] + "\n)"
    frame = eval(code, {"pd": pd})
    assert frame["民族"].notna().any() and POPULATION.validate(frame).ok
