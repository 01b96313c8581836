"""Samples are masked by what a column holds; the most frequent unexpected values are counted."""

import datetime as dt

import pandas as pd

from zjgov.quality import RuleSet, check, rule

ID = "11010519491231002X"


def test_columns_that_identify_nobody_are_shown_in_clear():
    frame = pd.DataFrame(
        {
            "sfzh": [ID, "110105194912310021"],
            "mz": ["汉族", "火星"],
            "xb": ["1", "3"],
            "gxsj": ["2020-01-01 08:00:00", "2026-01-01 08:00:00"],
            "xm": ["张三", "欧阳娜娜娜"],
            "c1": ["甲乙", "丙丁"],
        }
    )
    rules = [
        rule("code", "sfzh", code="citizen_id"),
        rule("in_table", "mz", table="ethnicity", field="name"),
        rule("in_table", "xb", table="sex"),
        rule("updated_within", "gxsj", days=30),
        rule("length", "xm", max=4),
        rule("in_set", "c1", values=["丙"]),
    ]
    res = check(frame, RuleSet.from_rules("t", rules, reference_time=dt.datetime(2026, 1, 2)))
    sample = {r.id: r.sample[0].values for r in res.rules}
    assert sample["code:sfzh"] == {"sfzh": "1101**********0021"}  # bound to an identifying code
    assert sample["in_table:mz"] == {"mz": "火星"}  # ethnicity identifies nobody
    assert sample["in_table:xb"] == {"xb": "3"}
    assert sample["updated_within:gxsj"] == {"gxsj": "2020-01-01 08:00:00"}
    assert sample["length:xm"] == {"xm": "欧****"}  # a name is masked
    assert sample["in_set:c1"] == {"c1": "甲*"}  # a column name the classifier does not know: masked
    assert res.rule("in_table:mz").top_values[0].model_dump() == {"value": "火星", "count": 1}
    assert res.rule("code:sfzh").top_values == [] and res.rule("in_set:c1").top_values == []


def test_top_values_are_exact_across_batches_and_most_frequent_first():
    frame = pd.DataFrame({"xb": ["3", "9", "3", "x", "1", "3", "x"] * 5})
    rs = RuleSet.from_rules("t", [rule("in_set", "xb", values=["1", "2"])])
    for batch_rows in (1, 3, 1000):
        top = check(frame, rs, batch_rows=batch_rows).rules[0].top_values
        assert [(t.value, t.count) for t in top] == [("3", 15), ("x", 10), ("9", 5)]


def test_an_identifier_in_a_clear_column_is_still_masked():
    frame = pd.DataFrame({"bz": [ID]})
    res = check(frame, RuleSet.from_rules("t", [rule("in_set", "bz", values=["无"])]))
    assert res.rules[0].sample[0].values["bz"] == "1101**********002X"
    assert [t.value for t in res.rules[0].top_values] == ["1101**********002X"]
