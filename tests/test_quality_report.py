import json
import re

import pytest

from _html_check import parse
from _quality_report_sample import result
from zjgov.errors import ConfigError
from zjgov.quality import report
from zjgov.quality.result import QualityResult


def test_json_is_the_documented_versioned_document():
    text = report.to_json(result())
    data = json.loads(text)
    assert data["format"] == "zjgov.quality.result" and data["version"] == 1
    assert QualityResult.model_validate_json(text) == QualityResult.model_validate(result())
    assert "人口基础信息" in text  # Chinese kept readable


def test_model_and_dict_give_the_same_report():
    model = QualityResult.model_validate(result())
    assert report.to_html(model) == report.to_html(result())
    assert report.to_markdown(model, "en") == report.to_markdown(result(), "en")


def test_html_shows_the_summary_a_data_officer_needs():
    page = report.to_html(result())
    doc = parse(page)
    text = doc.text
    assert "数据质量报告：人口基础信息" in text
    assert "83.4" in text and "未通过" in text  # overall score and verdict
    assert "数据未通过检查：2 条规则未达到阈值，其中 2 条为“错误”级别。" in text
    assert "1 条规则运行出错" in text and "与上次结果相比，总分 +3.4（变好）。" in text
    # the worst rules are listed first: the erroring rule, then the lowest error-level pass rate
    attention = text.split("最需关注的规则", 1)[1]
    assert attention.index("xb_matches_id") < attention.index("sfzh_unique") < attention.index("sfzh_valid")
    for score in ("95.2", "99.5", "27.6"):
        assert score in text
    assert text.count("未评估") >= 3  # the three dimensions without rules


def test_html_has_the_charts():
    page = report.to_html(result())
    doc = parse(page)
    labels = [a.get("aria-label") for a in doc.find("svg")]
    assert "各维度得分（GB/T 36344）" in labels and "各规则通过率" in labels
    assert "各列通过率" in labels and "失败原因分布" in labels
    # every rule has a bar with its threshold tick; per column: sfzh pools two rules 2000 checks, 496 failures
    assert page.count("<line ") == 5
    assert "75.20%" in doc.text and "2,000" in doc.text and "496" in doc.text
    # failures by reason add up over rules (missing: 6 + 5); the erroring rule is left out
    reasons = doc.text.split("失败原因分布", 2)[2]
    assert re.search(r"值为空\s*missing\s*11", reasons)
    assert re.search(r"重复\s*duplicate\s*448", reasons)


def test_html_escapes_sample_values_and_shows_masked_samples():
    page = report.to_html(result())
    doc = parse(page)
    assert doc.count("script") == 0
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "3301**********123X" in doc.text
    assert "failures.csv" in doc.text
    details = doc.find("details")
    assert len(details) == 2 and "open" in details[0]  # the failing rule's samples are open


def test_rule_errors_are_shown_clearly():
    text = parse(report.to_html(result())).text
    errors = text.split("规则错误", 2)[2]
    assert "xb_matches_id" in errors and "KeyError" in errors and "列 xb 的值无法解析" in errors
    text_en = parse(report.to_html(result(), "en")).text
    assert "column xb could not be read" in text_en


def test_duplicates_and_comparison():
    text = parse(report.to_html(result())).text
    assert "3301**********0011" in text and "4, 9, 12" in text
    assert "总分：80.0 → 83.4（+3.4，变好）" in text
    comparison = text.split("与上次结果比较", 2)[2]
    assert comparison.index("sfzh_unique") < comparison.index("sfzh_valid")  # worse first
    assert "-4.8" in comparison and "xm_not_null" not in comparison  # unchanged rules are omitted


def test_english_report_has_no_chinese_headings():
    doc = parse(report.to_html(result(), "en"))
    headings = [t for t in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", report.to_html(result(), "en"))]
    assert headings and all(not re.search(r"[\u4e00-\u9fff]", h) for h in headings)
    assert doc.find("html")[0]["lang"] == "en"
    assert "The data failed: 2 rules fell below their threshold" in doc.text
    assert "lower is better" in doc.text


def test_markdown_has_the_same_content():
    text = report.to_markdown(result())
    assert text.startswith("# 数据质量报告：人口基础信息\n")
    for needle in ("**83.4**", "**未通过**", "95.2", "27.6", "未评估", "`sfzh_valid`", "75.20%", "KeyError"):
        assert needle in text
    assert "列 xb 的值无法解析" in text and "3301\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*123X" in text
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert "80.0 → 83.4" in text and "| 值为空 | `missing` | 11 |" in text
    en = report.to_markdown(result(), "en")
    assert en.startswith("# Data quality report:") and "## Rule errors" in en


def test_a_clean_result_reads_as_passed():
    data = result()
    data.update(passed=True, comparison=None, duplicates=[])
    data["rules"] = [r for r in data["rules"] if r["id"] in ("xm_not_null", "row_count")]
    for r in data["rules"]:
        r.update(failed=0, passed=r["checked"], pass_rate=1.0, reasons={}, sample=[])
    text = parse(report.to_html(data, "en")).text
    assert "The data passed: 2 of 2 rules met their threshold." in text and "No failing rows." in text
    assert "Rule errors" not in text and "Failing samples" not in text


def test_an_empty_rule_set_still_renders():
    data = result()
    data.update(rules=[], dimensions=[], duplicates=[], comparison=None, passed=True)
    data["score"] = {"overall": None, "weights": {}}
    page = report.to_html(data)
    assert "规则集中没有规则" in parse(page).text
    assert "规则集中没有规则" in report.to_markdown(data)


def test_a_malformed_result_names_the_field():
    data = result()
    del data["rules"][0]["kind"]
    with pytest.raises(ConfigError) as info:
        report.to_html(data)
    assert info.value.field == "rules.0.kind" and "rules.0.kind" in info.value.message("en")
    with pytest.raises(TypeError):
        report.to_html(["not", "a", "result"])


def test_write_picks_the_format_from_the_suffix(tmp_path):
    for name, start in (("r.html", "<!DOCTYPE html>"), ("r.md", "# 数据质量报告"), ("r.json", "{")):
        path = report.write(result(), tmp_path / name)
        assert path.read_text(encoding="utf-8").startswith(start)
    with pytest.raises(ConfigError) as info:
        report.write(result(), tmp_path / "r.pdf")
    assert "r.pdf" in info.value.message("en")
    with pytest.raises(ConfigError):
        report.write(result(), tmp_path / "missing-dir" / "r.html")


def test_a_real_engine_result_reports_masked_values_only():
    import pandas as pd

    from zjgov.quality import RuleSet, check, rule

    bad_ids = ["110105194912310021", "330106199001011231"]  # wrong check characters
    frame = pd.DataFrame({"sfzh": ["11010519491231002X", *bad_ids, None], "xm": ["张三", "李四", "", "王五"]})
    rules = RuleSet.from_rules(
        "人口", [rule("code", "sfzh", code="citizen_id"), rule("not_blank", "xm"), rule("unique", "sfzh")]
    )
    res = check(frame, rules)
    page, text = report.to_html(res), report.to_markdown(res)
    for raw in bad_ids:
        assert raw not in page and raw not in text
    doc = parse(page)
    assert f"{res.score.overall:.1f}" in doc.text
    code_rule = res.rule("code:sfzh")
    assert code_rule.failed == 2 and f"{code_rule.pass_rate * 100:.2f}%" in doc.text
    assert all(s.values["sfzh"] in doc.text for s in code_rule.sample)  # the engine's masked samples are shown


def test_a_failed_check_is_never_shown_green():
    from zjgov.report.html import TONES

    data = result()
    data["score"]["overall"] = 98.6
    data["dimensions"][0]["score"] = 99.0  # high, but its only rule missed the threshold
    arcs = re.findall(r'<circle [^>]*stroke="(#[0-9a-f]{6})"[^>]*stroke-dasharray', report.to_html(data))
    overall, conformity, completeness = arcs[:3]
    assert overall == TONES["warn"] and conformity == TONES["warn"] and completeness == TONES["good"]
    data["passed"] = True
    assert (
        re.findall(r'<circle [^>]*stroke="(#[0-9a-f]{6})"[^>]*stroke-dasharray', report.to_html(data))[0]
        == TONES["good"]
    )


def test_rule_configuration_is_shown_escaped():
    data = result()
    data["rules"][0]["filter"] = "xb == '1' and <x>"
    page, text = report.to_html(data, "en"), report.to_markdown(data, "en")
    assert "only where xb == &#x27;1&#x27; and &lt;x&gt;" in page and "code=citizen_id" in page
    assert "only where xb == '1' and &lt;x&gt;" in text
