import re
import warnings
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import zjgov.quality.pandera as zp
from zjgov import codes
from zjgov.codes import citizen_id
from zjgov.errors import ConfigError
from zjgov.testing import strategies as zst

ID_OK = "11010519491231002X"
ID_BAD_CHECKSUM = "110105194912310021"
_BODY = "33011319900101123"  # 330113 临平区 was created in 2021: unknown in the holder's birth year
ID_NEW_COUNTY = _BODY + citizen_id.check_char(_BODY)
USCC_OK = "91110000600037341L"


def _failures(schema, frame):
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        # pandera shows the check's error text: keep the check name in front of it
        names = [re.split(r"[(:]", str(c), maxsplit=1)[0] for c in cases["check"]]
        return sorted(zip(cases["column"], cases["index"], names, strict=True))
    return []


def test_every_code_has_a_registered_check():
    assert set(zp.CHECKS) == {"zjgov_code"} | {f"zjgov_{n}" for n in codes.names()}
    assert all(name in pa.Check.REGISTERED_CUSTOM_CHECKS for name in zp.CHECKS)
    assert zp.register() == zp.CHECKS  # idempotent


def test_a_real_schema_reports_exactly_the_invalid_rows():
    frame = pd.DataFrame(
        {
            "sfzh": [ID_OK, ID_BAD_CHECKSUM, None, "abc", ID_NEW_COUNTY],
            "tyshxydm": [USCC_OK, USCC_OK, "91110000600037341X", USCC_OK, None],
        }
    )
    schema = pa.DataFrameSchema(
        {
            "sfzh": pa.Column(str, pa.Check.zjgov_citizen_id(), nullable=True),
            "tyshxydm": pa.Column(str, pa.Check.zjgov_code("uscc"), nullable=True),
        }
    )
    assert _failures(schema, frame) == [
        ("sfzh", 1, "zjgov_citizen_id"),
        ("sfzh", 3, "zjgov_citizen_id"),
        ("tyshxydm", 2, "zjgov_code"),
    ]


def test_options_are_honoured():
    frame = pd.DataFrame({"sfzh": [ID_OK, ID_NEW_COUNTY]})
    lenient = pa.DataFrameSchema({"sfzh": pa.Column(str, pa.Check.zjgov_citizen_id())})
    strict = pa.DataFrameSchema({"sfzh": pa.Column(str, pa.Check.zjgov_citizen_id(strictness="birth_year"))})
    generic = pa.DataFrameSchema({"sfzh": pa.Column(str, pa.Check.zjgov_code("citizen_id", strictness="birth_year"))})
    assert _failures(lenient, frame) == []
    assert _failures(strict, frame) == [("sfzh", 1, "zjgov_citizen_id")]
    assert _failures(generic, frame) == [("sfzh", 1, "zjgov_code")]
    legacy = pd.DataFrame({"sfzh": ["110105491231002"]})
    assert _failures(lenient, legacy) == []
    no_legacy = pa.DataFrameSchema({"sfzh": pa.Column(str, pa.Check.zjgov_citizen_id(allow_legacy=False))})
    assert _failures(no_legacy, legacy) == [("sfzh", 0, "zjgov_citizen_id")]


def test_nulls_follow_pandera_nullable():
    frame = pd.DataFrame({"sfzh": [ID_OK, None]})
    schema = pa.DataFrameSchema({"sfzh": pa.Column(str, pa.Check.zjgov_citizen_id(), nullable=False)})
    failures = _failures(schema, frame)
    assert len(failures) == 1 and failures[0][1] == 1 and failures[0][2] == "not_nullable"


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: pa.Check.zjgov_citizen_id(strictness="bogus"), None),
        (lambda: pa.Check.zjgov_citizen_id(bogus=1), "bogus"),
        (lambda: pa.Check.zjgov_code("citizen_id", bogus=1), "bogus"),
        (lambda: pa.Check.zjgov_code("no_such_code"), None),
    ],
)
def test_bad_options_fail_when_the_check_is_built(build, field):
    with pytest.raises(ConfigError) as info:
        build()
    assert info.value.message_zh and info.value.message_en
    assert info.value.field == field


def test_pandera_options_still_reach_pandera():
    check = pa.Check.zjgov_citizen_id(strictness="checksum", raise_warning=True, error="自定义")
    assert check.raise_warning and check.error == "自定义" and check.statistics["strictness"] == "checksum"
    frame = pd.DataFrame({"sfzh": [ID_BAD_CHECKSUM]})
    with pytest.warns(UserWarning):
        pa.DataFrameSchema({"sfzh": pa.Column(str, check)}).validate(frame)


def test_the_error_names_the_code_in_both_languages():
    check = pa.Check.zjgov_citizen_id(strictness="birth_year")
    assert check.error == "zjgov_citizen_id(strictness=birth_year): 公民身份号码不合规 / invalid citizen ID number"
    assert pa.Check.zjgov_code("uscc").error.startswith("zjgov_code(uscc): 统一社会信用代码不合规 / invalid")
    assert pa.Check.zjgov_mobile().error == "zjgov_mobile: 手机号码不合规 / invalid mobile number"


def test_a_frame_level_check_judges_every_column():
    frame = pd.DataFrame({"a": ["13800138000", "1"], "b": ["13800138000", "13900139000"]})
    valid = pa.Check.zjgov_mobile()(frame).check_output
    assert valid.to_dict("list") == {"a": [True, False], "b": [True, True]}


_MIXED = st.one_of(zst.valid_values("citizen_id"), zst.near_misses("citizen_id").map(lambda miss: miss.value))


@given(st.lists(_MIXED, max_size=20))
def test_decisions_equal_zjgov_codes(values):
    frame = pd.DataFrame({"sfzh": pd.Series(values, dtype="str")})
    schema = pa.DataFrameSchema({"sfzh": pa.Column(str, pa.Check.zjgov_citizen_id())})
    expected = sorted(("sfzh", i, "zjgov_citizen_id") for i, v in enumerate(values) if not citizen_id.is_valid(v))
    assert _failures(schema, frame) == expected


def test_the_column_is_checked_in_one_vectorised_call(monkeypatch):
    calls = []
    original = citizen_id.check

    def spy(column, **options):
        calls.append(len(column))
        return original(column, **options)

    schema = pa.DataFrameSchema({"sfzh": pa.Column(str, pa.Check.zjgov_citizen_id())})
    monkeypatch.setattr(citizen_id, "check", spy)
    schema.validate(pd.DataFrame({"sfzh": [ID_OK] * 5000}))
    assert calls == [5000]


def test_series_schema_and_yaml_round_trip():
    series_schema = pa.SeriesSchema(str, pa.Check.zjgov_uscc())
    assert series_schema.validate(pd.Series([USCC_OK])).tolist() == [USCC_OK]
    schema = pa.DataFrameSchema({"sfzh": pa.Column(str, pa.Check.zjgov_citizen_id(strictness="birth_year"))})
    again = pa.DataFrameSchema.from_yaml(schema.to_yaml())
    assert again.columns["sfzh"].checks[0].statistics["strictness"] == "birth_year"
    assert _failures(again, pd.DataFrame({"sfzh": [ID_NEW_COUNTY]})) == [("sfzh", 0, "zjgov_citizen_id")]
    # unset options come back as None and mean the code's default (15-digit numbers allowed)
    assert _failures(again, pd.DataFrame({"sfzh": ["110105491231002"]})) == []


def test_schema_example_generates_valid_values():
    schema = pa.DataFrameSchema(
        {
            "sfzh": pa.Column(str, pa.Check.zjgov_citizen_id(strictness="birth_year")),
            "tyshxydm": pa.Column(str, pa.Check.zjgov_code("uscc")),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pandera re-filters frame-level checks it cannot see into
        frame = schema.example(size=5)
    assert len(frame) == 5
    assert citizen_id.check(frame["sfzh"], strictness="birth_year").all_valid
    assert codes.get("uscc").check(frame["tyshxydm"]).all_valid


def test_the_documented_example_runs():
    doc = (Path(__file__).parent.parent / "docs" / "quality_pandera.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, flags=re.S)
    assert len(blocks) == 2
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/quality_pandera.md", "exec"), namespace)
