"""What a data officer reads first: failing rows beside the score, top values, scaled bars, the run index."""

import datetime as dt

import pandas as pd

from zjgov.quality import RuleSet, check, report, rule

FRAME = pd.DataFrame({"xb": ["1", "2", "3", "3", "1"] * 20, "mz": ["汉族"] * 99 + ["火星"]})
RULES = RuleSet.from_rules(
    "t",
    [
        rule("in_table", "xb", table="sex", threshold=0.5),
        rule("in_table", "mz", table="ethnicity", field="name", threshold=0.95),
        rule("required_columns", ["xb", "mz"]),
        rule("row_count", min=1),
    ],
)


def test_rows_failing_at_least_one_rule_stand_beside_the_score():
    res = check(FRAME, RULES)
    assert res.dataset.rows_failing == 41
    page = report.to_html(res)
    assert "不合格行" in page and "41.0%" in page and "41 行至少一条规则不合格" in page
    text = report.to_markdown(res, "en")
    assert "Failing rows: **41.0%** (41 rows fail at least one rule)" in text
    assert "41.0% of the rows (41) fail at least one rule." in text


def test_top_values_and_clear_samples_for_columns_that_identify_nobody():
    res = check(FRAME, RULES)
    text = report.to_markdown(res)
    assert "最常见的不合格值" in text and "| 3 | 40 |" in text and "| 火星 | 1 |" in text


def test_the_column_table_leaves_out_dataset_level_rules():
    res = check(FRAME, RULES)
    text = report.to_markdown(res, "en")
    section = text.split("### Pass rate per column")[1].split("###")[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert [line.split("|")[2].strip() for line in rows] == ["1", "1"]  # one rule each, not three


def test_pass_rate_bars_start_near_the_thresholds():
    res = check(FRAME, RULES)
    text = report.to_markdown(res, "en")
    assert "The axis starts at 45%" in text  # thresholds 50 % and 95 %, pass rates 60 % and 99 %


def test_a_folder_of_reports_gets_an_index(tmp_path):
    first = check(FRAME, RULES, now=dt.datetime(2026, 1, 1))
    report.write(first, tmp_path / "a.html")
    assert not (tmp_path / "index.html").exists()  # one report needs no index
    second = check(FRAME.head(10), RULES)
    report.write(second, tmp_path / "b.html", "en")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="a.html"' in index and 'href="b.html"' in index
    assert index.index('href="b.html"') < index.index('href="a.html"') or first.created <= second.created
    (tmp_path / "index.html").write_text("<p>mine</p>", encoding="utf-8")
    report.write(second, tmp_path / "c.html")
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "<p>mine</p>"  # not ours: left alone
