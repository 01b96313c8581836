"""Built-in rule kinds on known vectors, argument checks at build time, user rules, expressions."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from zjgov.codes import citizen_id
from zjgov.errors import ConfigError
from zjgov.quality import RuleSet, check, kinds, register_rule, rule
from zjgov.quality.expr import compile_expr
from zjgov.quality.masking import mask_value

GOOD_ID = "11010519491231002X"  # female, 1949-12-31, 110105
MALE_ID = "330103199001011230"  # male, 1990-01-01, 下城区 (abolished 2021)
BAD_CHECK = "110105194912310021"
BAD_DATE = "11010519900230123" + citizen_id.check_char("11010519900230123")  # 30 February


def run_one(frame, r, **kw):
    res = check(frame, RuleSet.from_rules("t", [r]), **kw)
    return res.rules[0]


def failing_rows(frame, r, **kw):
    out = run_one(frame, r, **kw)
    return out


# -- completeness ------------------------------------------------------------------------------
def test_not_null_and_not_blank():
    f = pd.DataFrame({"a": ["x", None, " ", "\u3000", ""]})
    r = run_one(f, rule("not_null", "a"))
    assert (r.checked, r.failed, r.reasons) == (5, 1, {"missing": 1})
    r = run_one(f, rule("not_blank", "a"))
    assert (r.checked, r.failed) == (5, 4)
    assert r.reasons == {"blank": 3, "missing": 1}
    assert [s.row for s in r.sample] == [2, 3, 4, 5]


def test_record_completeness_with_ratio():
    f = pd.DataFrame({"a": ["1", None, None], "b": ["1", "2", None], "c": ["1", "2", "3"]})
    assert run_one(f, rule("record_completeness")).failed == 2
    assert run_one(f, rule("record_completeness", min_filled=0.6)).failed == 1
    assert run_one(f, rule("record_completeness", ["b", "c"])).failed == 1


def test_required_columns_is_dataset_level():
    f = pd.DataFrame({"a": [1], "b": [2]})
    r = run_one(f, rule("required_columns", ["a", "b", "c"]))
    assert (r.checked, r.passed, r.failed, r.reasons) == (3, 2, 1, {"missing_column": 1})


# -- conformity --------------------------------------------------------------------------------
def test_code_rule_reports_reasons_and_skips_blanks():
    ids = [GOOD_ID, BAD_CHECK, BAD_DATE, None, "  ", MALE_ID]
    r = run_one(pd.DataFrame({"id": ids}), rule("code", "id", code="citizen_id"))
    assert (r.checked, r.failed) == (4, 2)
    assert r.reasons == {"checksum": 1, "component:birth_date": 1}
    assert r.dimension == "conformity" and r.indicator == "data_standard"


def test_code_rule_options_are_passed_and_checked():
    f = pd.DataFrame({"d": ["330103", "330106"]})
    assert run_one(f, rule("code", "d", code="division")).failed == 0
    assert run_one(f, rule("code", "d", code="division", options={"current": True})).failed == 1
    with pytest.raises(ConfigError):
        rule("code", "d", code="division", options={"nonsense": 1})
    with pytest.raises(ConfigError):
        rule("code", "d", code="no_such_code")


def test_pattern_is_full_match_and_re2():
    f = pd.DataFrame({"p": ["13800138000", "138001380001", "x13800138000", None]})
    r = run_one(f, rule("pattern", "p", regex=r"1[3-9]\d{9}"))
    assert (r.checked, r.failed) == (3, 2)
    with pytest.raises(ConfigError):
        rule("pattern", "p", regex="(unclosed")
    with pytest.raises(ConfigError):  # backreferences need backtracking: RE2 refuses them
        rule("pattern", "p", regex=r"(a+)\1")


def test_pattern_is_fast_on_catastrophic_input():
    import time

    f = pd.DataFrame({"p": ["a" * 5000 + "!"] * 200})
    start = time.perf_counter()
    r = run_one(f, rule("pattern", "p", regex="(a+)+$"))
    assert r.failed == 200
    assert time.perf_counter() - start < 5


def test_in_table_gb_code_tables():
    f = pd.DataFrame({"sex": ["1", "2", "9", "3", "男"], "eth": ["01", "56", "57", "1", None]})
    assert run_one(f, rule("in_table", "sex", table="sex")).failed == 2
    r = run_one(f, rule("in_table", "eth", table="GB/T 3304"))
    assert (r.checked, r.failed) == (4, 2)
    r = run_one(f, rule("in_table", "eth", table="ethnicity", field="name"))
    assert r.failed == 4
    with pytest.raises(ConfigError):
        rule("in_table", "sex", table="nope")
    with pytest.raises(ConfigError):
        rule("in_table", "sex", table="sex", field="nope")


def test_in_set_custom_list():
    f = pd.DataFrame({"s": ["在册", "迁出", "Active", "active"]})
    assert run_one(f, rule("in_set", "s", values=["在册", "迁出", "active"])).failed == 1
    assert run_one(f, rule("in_set", "s", values=["在册", "迁出", "active"], case_sensitive=False)).failed == 0
    with pytest.raises(ConfigError):
        rule("in_set", "s", values=[])


# -- accuracy ----------------------------------------------------------------------------------
def test_length_range_type():
    f = pd.DataFrame({"s": ["ab", "abcdef", "张三", None], "n": ["5", "-1", "x", "150.5"]})
    r = run_one(f, rule("length", "s", min=2, max=4))
    assert (r.checked, r.failed, r.reasons) == (3, 1, {"too_long": 1})
    r = run_one(f, rule("range", "n", min=0, max=150))
    assert r.reasons == {"above_max": 1, "below_min": 1, "not_a_number": 1}
    assert run_one(f, rule("type", "n", type="int")).failed == 2
    assert run_one(f, rule("type", "n", type="number")).failed == 1
    numeric = pd.DataFrame({"n": [1.0, np.nan, 200.0]})
    r = run_one(numeric, rule("range", "n", max=100))
    assert (r.checked, r.failed) == (2, 1)


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("length", {"min": 5, "max": 2}),
        ("length", {}),
        ("length", {"min": -1}),
        ("range", {"min": 3, "max": 1}),
        ("range", {"min": "abc"}),
        ("type", {"type": "complex"}),
        ("date_format", {"format": "YYYY"}),
        ("date_range", {}),
        ("updated_within", {"days": 0}),
        ("record_completeness", {"min_filled": 1.5}),
        ("not_null", {"unexpected": 1}),
        ("expression", {"expr": "a.__class__"}),
        ("expression", {"expr": "open('x')"}),
        ("expression", {"expr": "[x for x in a]"}),
        ("expression", {"expr": "lambda: 1"}),
        ("compare", {"op": "=~"}),
    ],
)
def test_bad_arguments_fail_when_built(kind, params):
    columns = ["a", "b"] if kind == "compare" else (None if kind in ("expression", "record_completeness") else "a")
    with pytest.raises(ConfigError):
        rule(kind, columns, **params)


@pytest.mark.parametrize(
    "common",
    [
        {"threshold": 1.5},
        {"threshold": -0.1},
        {"severity": "fatal"},
        {"weight": -1},
        {"dimension": "beauty"},
        {"dimension": "timeliness", "indicator": "uniqueness"},
        {"filter": "import os"},
    ],
)
def test_bad_common_fields(common):
    with pytest.raises(ConfigError):
        rule("not_null", "a", **common)


def test_column_arity_and_unknown_kind():
    with pytest.raises(ConfigError):
        rule("id_sex", ["only_one"])
    with pytest.raises(ConfigError):
        rule("code", ["a", "b"], code="citizen_id")
    with pytest.raises(ConfigError):
        rule("no_such_kind", "a")
    assert {"not_null", "code", "unique", "duplicates", "foreign_key", "updated_within"} <= set(kinds())


def test_dates():
    f = pd.DataFrame({"d": ["2020-01-31", "2020-02-30", "20200101", "2030-01-01", "1850-05-05", None]})
    r = run_one(f, rule("date_format", "d", format="%Y-%m-%d"))
    assert (r.checked, r.failed) == (5, 2)
    r = run_one(f, rule("date_range", "d", min=dt.datetime(1900, 1, 1), not_future=True), now=dt.datetime(2026, 1, 1))
    assert r.reasons == {"before_min": 1, "date_format": 1, "future": 1}
    r = run_one(f, rule("not_future", "d"), now=dt.datetime(2026, 1, 1))
    assert r.reasons == {"date_format": 1, "future": 1}


def test_unique_and_duplicates_differ():
    f = pd.DataFrame({"k": ["a", "b", "a", "a", None, None], "v": ["1", "2", "1", "3", "x", "x"]})
    u = run_one(f, rule("unique", "k"))
    assert (u.checked, u.failed, [s.row for s in u.sample]) == (4, 3, [1, 3, 4])
    d = run_one(f, rule("duplicates"))
    assert (d.checked, d.failed, [s.row for s in d.sample]) == (6, 2, [3, 6])
    assert d.indicator == "duplication_rate" and d.lower_is_better
    multi = run_one(f, rule("unique", ["k", "v"]))
    assert multi.failed == 2
    tricky = pd.DataFrame({"a": ["x|1:y", "x", None, "-", "", None], "b": ["z", "y|1:z", "-", None, None, ""]})
    assert run_one(tricky, rule("duplicates")).failed == 0
    assert run_one(tricky, rule("unique", ["a", "b"])).checked == 2


def test_duplicate_groups_are_reported():
    f = pd.DataFrame({"id": [GOOD_ID, MALE_ID, GOOD_ID, MALE_ID, GOOD_ID]})
    res = check(f, RuleSet.from_rules("t", [rule("unique", "id")]))
    groups = [(g.count, g.rows, g.key) for g in res.duplicates]
    assert groups == [(3, [1, 3, 5], {"id": "1101**********002X"}), (2, [2, 4], {"id": "3301**********1230"})]


# -- consistency -------------------------------------------------------------------------------
def test_id_birth_date_and_sex():
    f = pd.DataFrame(
        {
            "id": [GOOD_ID, GOOD_ID, MALE_ID, MALE_ID, BAD_CHECK, "110105491231002"],
            "birth": ["1949-12-31", "1949-12-30", "19900101", "1990/01/02", "1949-12-31", "1949-12-31"],
            "sex": ["2", "女", "男", "2", "1", "9"],
        }
    )
    r = run_one(f, rule("id_birth_date", ["id", "birth"]))
    assert (r.checked, r.failed, [s.row for s in r.sample]) == (5, 2, [2, 4])
    r = run_one(f, rule("id_sex", ["id", "sex"]))
    assert (r.checked, r.failed, [s.row for s in r.sample]) == (4, 1, [4])


def test_id_region_and_uscc_region():
    f = pd.DataFrame({"id": [GOOD_ID, GOOD_ID, GOOD_ID, MALE_ID], "div": ["110105", "110000", "330000", "330100"]})
    r = run_one(f, rule("id_region", ["id", "div"]))
    assert (r.checked, r.failed, r.sample[0].row) == (4, 1, 3)
    r = run_one(f, rule("id_region", ["id", "div"], level="province"))
    assert r.failed == 1
    u = pd.DataFrame({"u": ["91330100716105852F", "91110000600037341L"], "div": ["330106", "330100"]})
    r = run_one(u, rule("uscc_region", ["u", "div"]))
    assert (r.checked, r.failed, r.sample[0].row) == (2, 1, 2)


def test_compare_and_expression():
    f = pd.DataFrame({"a": ["1", "5", "3", None], "b": ["2", "4", "3", "1"], "s": ["在册", "在册", "迁出", "在册"]})
    r = run_one(f, rule("compare", ["a", "b"], op="<=", type="number"))
    assert (r.checked, r.failed) == (3, 1)
    r = run_one(f, rule("expression", expr="number(a) <= number(b) or s == '迁出'"))
    assert (r.checked, r.failed, r.columns) == (3, 1, ["a", "b", "s"])
    d = pd.DataFrame({"x": ["2020-01-01", "2021-01-01"], "y": ["2020-06-01", "2020-06-01"]})
    assert run_one(d, rule("compare", ["x", "y"], op="<", type="date")).failed == 1


def test_filter_limits_rows_checked():
    f = pd.DataFrame({"s": ["在册", "迁出", "在册"], "p": ["x", "x", "13800138000"]})
    r = run_one(f, rule("pattern", "p", regex=r"1\d{10}", filter="s == '在册'"))
    assert (r.checked, r.failed, r.filter) == (2, 1, "s == '在册'")


def test_foreign_key_frame_and_file(tmp_path):
    ref = pd.DataFrame({"code": ["330106", "330102"], "name": ["西湖区", "上城区"]})
    f = pd.DataFrame({"div": ["330106", "999999", None, "330102"]})
    r = run_one(f, rule("foreign_key", "div", reference=ref, ref_columns=["code"]))
    assert (r.checked, r.failed, r.reasons) == (3, 1, {"not_found": 1})
    path = tmp_path / "ref.csv"
    ref.to_csv(path, index=False)
    r = run_one(f, rule("foreign_key", "div", reference=str(path), ref_columns=["code"]))
    assert (r.checked, r.failed) == (3, 1)
    with pytest.raises(ConfigError) as exc:  # an unreadable reference is a configuration error
        run_one(f, rule("foreign_key", "div", reference=str(tmp_path / "missing.csv")))
    assert "missing.csv" in str(exc.value)


# -- timeliness and dataset --------------------------------------------------------------------
def test_timeliness_rules():
    now = dt.datetime(2026, 6, 30)
    f = pd.DataFrame(
        {
            "event": ["2026-06-01", "2026-01-01", "2026-06-10", None],
            "record": ["2026-06-03", "2026-03-01", "2026-06-09", "2026-06-01"],
            "updated": ["2026-06-29 10:00:00", "2024-01-01", "2026-07-05", "bad"],
        }
    )
    r = run_one(f, rule("updated_within", "updated", days=30), now=now)
    assert r.reasons == {"date_format": 1, "future": 1, "stale": 1} and r.checked == 4  # "bad" is reported
    r = run_one(f, rule("updated_within", "updated", days=30, reference_time=dt.datetime(2024, 1, 10)), now=now)
    assert r.failed == 3
    r = run_one(f, rule("lag", ["event", "record"], max_days=7))
    assert r.reasons == {"lag": 1, "order": 1}
    r = run_one(f, rule("time_order", ["event", "record"]))
    assert (r.checked, r.failed) == (3, 1)


def test_dataset_rules(tmp_path):
    f = pd.DataFrame({"a": range(10)})
    assert run_one(f, rule("row_count", min=5, max=20)).failed == 0
    assert run_one(f, rule("row_count", min=50)).reasons == {"row_count_low": 1}
    assert run_one(f, rule("file_fresh", max_age_days=1)).checked == 0  # a frame has no file
    path = tmp_path / "d.csv"
    f.to_csv(path, index=False)
    rs = RuleSet.from_rules("t", [rule("file_fresh", max_age_days=1)])
    assert check(path, rs).rules[0].passed == 1
    assert check(path, rs, now=dt.datetime.now() + dt.timedelta(days=3)).rules[0].failed == 1


# -- user rules and rule errors ----------------------------------------------------------------
def test_user_rule_decorator_and_signature_checks():
    @register_rule("test_even", dimension="accuracy", indicator="content_correctness")
    def even(values, *, divisor: int = 2):
        return pd.to_numeric(values, errors="coerce") % divisor == 0

    f = pd.DataFrame({"n": ["2", "3", "4", None]})
    r = run_one(f, rule("test_even", "n"))
    assert (r.checked, r.failed) == (3, 1)
    assert run_one(f, rule("test_even", "n", divisor=3)).failed == 2
    with pytest.raises(ConfigError):
        rule("test_even", "n", divisor="x")
    with pytest.raises(ConfigError):
        rule("test_even", "n", other=1)
    with pytest.raises(ConfigError):  # duplicate name
        register_rule("test_even")(lambda v: v)
    with pytest.raises(ConfigError):  # non keyword-only parameter
        register_rule("test_bad1")(lambda v, x: v)
    with pytest.raises(ConfigError):  # no parameter for the column
        register_rule("test_bad2")(lambda: None)
    with pytest.raises(ConfigError):  # reserved name
        register_rule("test_bad3")(lambda v, *, threshold=1: v)
    with pytest.raises(ConfigError):
        register_rule("test_bad4", dimension="timeliness", indicator="uniqueness")


def test_a_rule_that_raises_is_reported_without_losing_the_others():
    @register_rule("test_boom")
    def boom(values):
        raise RuntimeError("secret value 11010519491231002X")

    @register_rule("test_wrong_length")
    def wrong(values):
        return [True]

    f = pd.DataFrame({"a": ["1", "2"]})
    res = check(
        f, RuleSet.from_rules("t", [rule("test_boom", "a"), rule("test_wrong_length", "a"), rule("not_null", "a")])
    )
    boom_r, wrong_r, ok_r = res.rules
    assert boom_r.error.type == "RuntimeError" and "11010519" not in boom_r.error.message_zh + boom_r.error.message_en
    assert wrong_r.error is not None
    assert ok_r.error is None and ok_r.checked == 2
    assert not res.passed
    assert res.score.overall == 100.0  # errored rules do not count in the score


# -- expressions and masking -------------------------------------------------------------------
def test_expression_language_is_safe_and_vectorised():
    f = pd.DataFrame({"年龄": ["17", "30", None], "name with space": ["a", "b", "c"]})
    assert compile_expr("col('name with space') in ['a', 'c']").evaluate(f).tolist() == [True, False, True]
    assert compile_expr("年龄 >= 18").evaluate(f).tolist() == [False, True, pd.NA]
    assert compile_expr("18 <= 年龄 < 60").evaluate(f).tolist() == [False, True, pd.NA]
    for bad in ["__import__('os').system('x')", "年龄.real", "年龄[0]", "(lambda: 1)()", "f'{x}'", "a if b else c", ""]:
        with pytest.raises(ConfigError):
            compile_expr(bad)


def test_masking_by_shape():
    assert mask_value(GOOD_ID) == "1101**********002X"
    assert mask_value("110105491231002") == "1101*******1002"
    assert mask_value("13800138000") == "138****8000"
    assert mask_value("91330100716105852F") == "91************852F"
    assert mask_value("欧阳娜娜") == "欧***"
    assert mask_value("x") == "x"
    for v in [GOOD_ID, "13800138000", "张三", "abcdefgh", "2020-01-01"]:
        assert mask_value(v) != v or len(v) < 2


def test_scalar_and_engine_agree_on_citizen_ids():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from zjgov.testing import strategies as zst

    @settings(max_examples=30, deadline=None)
    @given(st.lists(st.one_of(zst.citizen_ids(), st.text(max_size=20)), max_size=30))
    def prop(values):
        f = pd.DataFrame({"id": pd.Series(values, dtype=object)})
        r = run_one(f, rule("code", "id", code="citizen_id"), sample_size=len(values) or 1)
        present_values = [v for v in values if v.strip()]
        assert r.checked == len(present_values)
        assert r.failed == sum(not citizen_id.is_valid(v) for v in present_values)

    prop()
