"""A hand-written quality result covering every part of the report (shared by the report tests)."""

from __future__ import annotations

import copy

_RULE = {
    "params": {},
    "severity": "error",
    "threshold": 1.0,
    "lower_is_better": False,
    "reasons": {},
    "sample": [],
    "failures_file": None,
    "error": None,
    "description_zh": "",
    "description_en": "",
}


def _rule(**kw):
    rule = copy.deepcopy(_RULE)
    rule.update(kw)
    return rule


RESULT = {
    "format": "zjgov.quality.result",
    "version": 1,
    "created": "2026-11-28T10:00:00Z",
    "zjgov_version": "0.1.0",
    "dataset": {"name": "人口基础信息", "path": "people.csv", "rows": 1000, "columns": ["sfzh", "xm", "xb", "csrq"]},
    "ruleset": {"name": "人口库规则", "source": "rules.yaml"},
    "passed": False,
    "score": {"overall": 83.4, "weights": {"conformity": 0.4, "completeness": 0.4, "accuracy": 0.2}},
    "dimensions": [
        {
            "dimension": "conformity",
            "name_zh": "规范性",
            "name_en": "conformity",
            "score": 95.2,
            "rules": 1,
            "rules_passed": 0,
        },
        {
            "dimension": "completeness",
            "name_zh": "完整性",
            "name_en": "completeness",
            "score": 99.5,
            "rules": 1,
            "rules_passed": 1,
        },
        {
            "dimension": "accuracy",
            "name_zh": "准确性",
            "name_en": "accuracy",
            "score": 27.6,
            "rules": 2,
            "rules_passed": 0,
        },
    ],
    "rules": [
        _rule(
            id="sfzh_valid",
            kind="code",
            dimension="conformity",
            indicator="data_standard",
            indicator_zh="数据标准",
            indicator_en="data standard",
            columns=["sfzh"],
            params={"code": "citizen_id"},
            threshold=0.99,
            checked=1000,
            passed=952,
            failed=48,
            pass_rate=0.952,
            threshold_met=False,
            reasons={"checksum": 30, "component:birth_date": 12, "missing": 6},
            sample=[
                {"row": 3, "values": {"sfzh": "3301**********123X"}, "reason": "checksum"},
                {"row": 17, "values": {"sfzh": "<script>alert('x')</script>"}, "reason": "format"},
            ],
            failures_file="failures.csv",
            description_zh="身份证号符合 GB 11643",
            description_en="citizen ID conforms to GB 11643",
        ),
        _rule(
            id="xm_not_null",
            kind="not_null",
            dimension="completeness",
            indicator="element_completeness",
            indicator_zh="数据元素完整性",
            indicator_en="data element completeness",
            columns=["xm"],
            severity="warning",
            threshold=0.99,
            checked=1000,
            passed=995,
            failed=5,
            pass_rate=0.995,
            threshold_met=True,
            reasons={"missing": 5},
            sample=[{"row": 8, "values": {"xm": None}, "reason": "missing"}],
        ),
        _rule(
            id="sfzh_unique",
            kind="unique",
            dimension="accuracy",
            indicator="duplication_rate",
            indicator_zh="数据重复率",
            indicator_en="duplication rate",
            columns=["sfzh"],
            checked=1000,
            passed=552,
            failed=448,
            pass_rate=0.552,
            threshold_met=False,
            lower_is_better=True,
            reasons={"duplicate": 448},
        ),
        _rule(
            id="xb_matches_id",
            kind="id_sex",
            dimension="accuracy",
            indicator="content_correctness",
            indicator_zh="数据内容正确性",
            indicator_en="content correctness",
            columns=["sfzh", "xb"],
            error={"type": "KeyError", "message_zh": "列 xb 的值无法解析", "message_en": "column xb could not be read"},
            threshold_met=False,
        ),
        _rule(
            id="row_count",
            kind="row_count",
            dimension="completeness",
            indicator="record_completeness",
            indicator_zh="数据记录完整性",
            indicator_en="record completeness",
            columns=[],
            severity="info",
            checked=1,
            passed=1,
            failed=0,
            pass_rate=1.0,
            threshold_met=True,
        ),
    ],
    "duplicates": [
        {
            "rule": "sfzh_unique",
            "columns": ["sfzh"],
            "key": {"sfzh": "3301**********0011"},
            "count": 3,
            "rows": [4, 9, 12],
        }
    ],
    "comparison": {
        "previous_created": "2026-11-01T10:00:00Z",
        "overall_before": 80.0,
        "overall_after": 83.4,
        "overall_delta": 3.4,
        "overall_change": "better",
        "dimensions": [
            {"dimension": "conformity", "before": 90.0, "after": 95.2, "delta": 5.2, "change": "better"},
            {"dimension": "accuracy", "before": 30.0, "after": 27.6, "delta": -2.4, "change": "worse"},
        ],
        "rules": [
            {"id": "sfzh_valid", "before": 0.9, "after": 0.952, "delta": 0.052, "change": "better"},
            {"id": "sfzh_unique", "before": 0.6, "after": 0.552, "delta": -0.048, "change": "worse"},
            {"id": "xm_not_null", "before": 0.995, "after": 0.995, "delta": 0.0, "change": "same"},
        ],
    },
}


def result() -> dict:
    """A fresh deep copy of :data:`RESULT`."""
    return copy.deepcopy(RESULT)
