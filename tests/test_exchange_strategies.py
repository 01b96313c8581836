"""Strategies of records and frames from a schema: valid output passes validate; labelled violations are
found exactly."""

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from zjgov.exchange import Schema, library, load_schema
from zjgov.testing.records import dataframes, dataframes_with_violations, element_values, records

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCHEMA = Schema.from_dict(
    {
        "name": "mixed",
        "elements": [
            {"use": "公民身份号码", "required": True},
            {"use": "姓名", "required": True},
            {"use": "民族"},
            {"use": "出生日期"},
            {"use": "联系电话"},
            {"use": "统一社会信用代码"},
            {"use": "登记状态"},
            {"中文名称": "婚姻状况", "数据格式": "n2", "值域": "10=未婚;20=已婚;30=丧偶"},
            {"中文名称": "收入", "数据类型": "数值型", "数据格式": "n..12,2", "值域": "range:0..1000000"},
            {"中文名称": "登记时间", "数据类型": "日期时间型", "数据格式": "YYYY-MM-DDThh:mm:ss"},
            {"中文名称": "年月", "数据类型": "日期型", "数据格式": "YYYY-MM"},
            {"中文名称": "代号", "数据格式": "an..8", "值域": "regex:[A-Z]{2}[0-9]{1,6}", "唯一": "是"},
            {"中文名称": "在职", "数据类型": "布尔型"},
        ],
        "primary_key": ["公民身份号码"],
    }
)
FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _found(frame, schema):
    v = schema.validate(frame).violations
    return v[["row", "column", "reason"]].astype({"row": int, "column": str, "reason": str}).reset_index(drop=True)


@FAST
@given(records(SCHEMA))
def test_records_pass(record):
    assert set(record) == set(SCHEMA.columns)
    frame = pd.DataFrame({k: pd.array([v], dtype="str") for k, v in record.items()})
    report = SCHEMA.validate(frame)
    assert report.ok, report.violations[["column", "reason"]].values.tolist()


@FAST
@given(dataframes(SCHEMA, min_rows=0, max_rows=6))
def test_dataframes_pass(frame):
    assert list(frame.columns) == SCHEMA.columns
    assert all(str(t) == "str" for t in frame.dtypes)
    assert frame.index.equals(pd.RangeIndex(len(frame)))
    report = SCHEMA.validate(frame)
    assert report.ok, report.violations[["row", "column", "reason"]].values.tolist()
    assert frame["公民身份号码"].is_unique


@pytest.mark.parametrize("name", ["population_schema.yaml", "legal_person_schema.yaml"])
def test_example_schemas_generate_valid_frames(name):
    schema = load_schema(EXAMPLES / name)

    @FAST
    @given(dataframes(schema, min_rows=1, max_rows=5))
    def run(frame):
        assert schema.validate(frame).ok

    run()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dataframes_with_violations(SCHEMA, max_rows=6))
def test_labelled_violations_are_found_exactly(labelled):
    frame, expected = labelled
    assert len(expected) >= 1
    pd.testing.assert_frame_equal(
        _found(frame, SCHEMA), expected.astype({"row": int, "column": str, "reason": str}), check_dtype=False
    )
    report = SCHEMA.validate(frame)
    assert set(report.quarantined_rows().index + 1) == set(expected["row"])


def _labelled_reasons(schema, *, examples: int, min_rows: int, max_rows: int) -> set[str]:
    """Every reason the labelled-violation strategy put into ``examples`` frames."""
    reasons: set[str] = set()

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(dataframes_with_violations(schema, min_rows=min_rows, max_rows=max_rows))
    def collect(labelled):
        reasons.update(labelled.expected["reason"])

    collect()
    return reasons


def test_labelled_violations_cover_every_kind():
    reasons = _labelled_reasons(SCHEMA, examples=200, min_rows=2, max_rows=4)  # domain: in about 1 example of 8
    expected = {"missing", "checksum", "length", "format", "component:date", "domain", "range", "duplicate_key"}
    assert expected <= reasons, expected - reasons


@FAST
@given(dataframes_with_violations(load_schema(EXAMPLES / "legal_person_schema.yaml"), max_rows=4))
def test_labelled_violations_on_an_example_schema(labelled):
    schema = load_schema(EXAMPLES / "legal_person_schema.yaml")
    pd.testing.assert_frame_equal(
        _found(labelled.frame, schema), labelled.expected.astype({"row": int, "column": str, "reason": str})
    )


def test_element_values_respect_code_and_format():
    el = library.get("统一社会信用代码")

    @FAST
    @given(element_values(el))
    def run(value):
        from zjgov.codes import uscc

        assert len(value) == 18 and uscc.is_valid(value)

    run()


def test_bad_arguments():
    with pytest.raises(InvalidArgument):
        dataframes(SCHEMA, min_rows=3, max_rows=1).example()
    with pytest.raises(InvalidArgument):
        dataframes_with_violations(SCHEMA, min_rows=0).example()
    impossible = Schema.from_dict(
        {"elements": [{"中文名称": "x", "数据类型": "整数型", "数据格式": "n..2", "值域": "range:500..600"}]}
    )
    with pytest.raises(InvalidArgument):
        records(impossible).example()
    with pytest.raises(InvalidArgument):
        st.lists(records(impossible)).example()


ORGS = Schema.from_dict(
    {
        "name": "orgs",
        "elements": [
            {"use": "统一社会信用代码", "required": True},
            {"use": "机构名称"},
            {"use": "统一社会信用代码", "column": "上级单位代码"},
        ],
        "primary_key": ["统一社会信用代码"],
        "foreign_keys": [
            {"columns": ["上级单位代码"], "reference": {"resource": "orgs", "columns": ["统一社会信用代码"]}}
        ],
    }
)
ORG_CODES = ["91110000600037341L", "91310115591693856A", "91330100716105852F"]
MEMBERS = Schema.from_dict(
    {
        "name": "members",
        "elements": [{"use": "统一社会信用代码", "column": "单位", "required": True}, {"use": "公民身份号码"}],
        "primary_key": ["单位"],  # one member per unit: the foreign keys must be distinct
        "foreign_keys": [{"columns": ["单位"], "reference": {"resource": "orgs", "columns": ["统一社会信用代码"]}}],
    }
)


def test_reference_codes_are_valid():
    assert (
        Schema.from_dict({"elements": [{"use": "统一社会信用代码"}]})
        .validate(pd.DataFrame({"统一社会信用代码": ORG_CODES}, dtype="str"))
        .ok
    )


@FAST
@given(dataframes(ORGS, min_rows=1, max_rows=8))
def test_self_references_point_at_generated_rows(frame):
    report = ORGS.validate(frame)
    assert report.ok and not report.unchecked, report.violations[["row", "column", "reason"]].values.tolist()
    parents = frame["上级单位代码"].dropna()
    assert parents.isin(frame["统一社会信用代码"]).all()


def test_self_references_are_filled_in_some_frames():
    filled = []

    @FAST
    @given(dataframes(ORGS, min_rows=3, max_rows=6))
    def collect(frame):
        filled.append(frame["上级单位代码"].notna().sum())

    collect()
    assert sum(filled) > 0


@FAST
@given(dataframes(MEMBERS, min_rows=1, max_rows=3, references={"orgs": pd.DataFrame({"统一社会信用代码": ORG_CODES})}))
def test_foreign_keys_point_at_given_references(frame):
    orgs = pd.DataFrame({"统一社会信用代码": ORG_CODES}, dtype="str")
    report = MEMBERS.validate(frame, references={"orgs": orgs})
    assert report.ok and not report.unchecked, report.violations[["row", "column", "reason"]].values.tolist()
    assert frame["单位"].isin(ORG_CODES).all() and frame["单位"].is_unique


def test_foreign_keys_into_data_not_given_stay_unchecked():
    @FAST
    @given(dataframes(MEMBERS, min_rows=1, max_rows=3))
    def run(frame):
        report = MEMBERS.validate(frame)
        assert report.ok and "orgs" in report.unchecked[0][1]

    run()
    with pytest.raises(InvalidArgument):
        dataframes(MEMBERS, references={"orgs": pd.DataFrame({"统一社会信用代码": [None]})}).example()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dataframes_with_violations(ORGS, min_rows=2, max_rows=6))
def test_labelled_violations_with_self_references(labelled):
    pd.testing.assert_frame_equal(
        _found(labelled.frame, ORGS), labelled.expected.astype({"row": int, "column": str, "reason": str})
    )


def test_labelled_violations_include_dangling_self_references():
    assert "foreign_key" in _labelled_reasons(ORGS, examples=60, min_rows=2, max_rows=6)
