"""Quality reports: JSON, Markdown and a self-contained HTML page from one :class:`QualityResult`.

The HTML page opens with what a data officer needs at a glance (overall score, pass or fail,
the rules that need attention), then charts of the scores per GB/T 36344 dimension, the pass
rates per column and per rule and the failures by reason, the rule table, rule errors,
failing samples (masked by the engine), duplicate groups and the comparison with a previous
run. Chinese by default, ``lang="en"`` for English. Every value is escaped.

>>> result = {"format": "zjgov.quality.result", "version": 1, "created": "2026-01-01T00:00:00Z",
...     "zjgov_version": "0.1.0", "dataset": {"name": "人口<库>", "path": None, "rows": 2, "columns": ["id"]},
...     "ruleset": {"name": "r", "source": None}, "passed": True,
...     "score": {"overall": 100.0, "weights": {}}, "dimensions": [], "rules": []}
>>> page = to_html(result, lang="en")
>>> "Data quality report" in page and "人口&lt;库&gt;" in page and "100.0" in page
True
>>> to_markdown(result).splitlines()[0]
'# 数据质量报告：人口&lt;库&gt;'
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError as _PydanticError

from zjgov import i18n
from zjgov.errors import ConfigError
from zjgov.quality import builtin as _builtin  # noqa: F401  (its catalogue names the reason codes)
from zjgov.quality.dimensions import DIMENSIONS
from zjgov.quality.result import QualityResult, RuleResult
from zjgov.report import fmt
from zjgov.report import html as h
from zjgov.report import markdown as md

#: How many rules the summary lists as needing attention.
WORST = 5

i18n.add(
    {
        "quality.report.title": ("数据质量报告：{name}", "Data quality report: {name}"),
        "quality.report.subtitle": (
            "规则集 {ruleset} · {rows} 行 × {columns} 列 · 生成于 {created}",
            "rule set {ruleset} · {rows} rows × {columns} columns · created {created}",
        ),
        "quality.report.summary": ("概览", "Summary"),
        "quality.report.overall": ("总分", "Overall score"),
        "quality.report.verdict": ("结论", "Verdict"),
        "quality.report.passed": ("通过", "passed"),
        "quality.report.failed": ("未通过", "failed"),
        "quality.report.rows": ("检查行数", "Rows checked"),
        "quality.report.rows_failing": ("不合格行", "Failing rows"),
        "quality.report.rows_failing_note": (
            "{rows} 行至少一条规则不合格",
            "{rows} rows fail at least one rule",
        ),
        "quality.report.verdict_rows": (
            "{share} 的行（{rows} 行）至少有一条规则不合格。",
            "{share} of the rows ({rows}) fail at least one rule.",
        ),
        "quality.report.axis_from": (
            "横轴从 {start} 开始，以便区分接近阈值的通过率。",
            "The axis starts at {start} so that pass rates near the thresholds stay apart.",
        ),
        "quality.report.top_values": ("最常见的不合格值", "Most frequent failing values"),
        "quality.report.value": ("值", "Value"),
        "quality.report.count": ("行数", "Rows"),
        "quality.report.index_title": ("数据质量报告索引：{folder}", "Data quality reports: {folder}"),
        "quality.report.index_intro": (
            "本文件夹中的质量报告，最新的在前。",
            "The quality reports in this folder, newest first.",
        ),
        "quality.report.report": ("报告", "Report"),
        "quality.report.rules_met": ("达标规则", "Rules meeting threshold"),
        "quality.report.rule_errors_card": ("运行出错的规则", "Rules that raised"),
        "quality.report.verdict_pass": (
            "数据通过检查：{met} / {total} 条规则达到阈值。",
            "The data passed: {met} of {total} rules met their threshold.",
        ),
        "quality.report.verdict_pass_soft": (
            "数据通过检查，但有 {unmet} 条警告或提示级别的规则未达到阈值。",
            "The data passed, but {unmet} warning or info rules fell below their threshold.",
        ),
        "quality.report.verdict_fail": (
            "数据未通过检查：{unmet} 条规则未达到阈值，其中 {blocking} 条为“错误”级别。",
            "The data failed: {unmet} rules fell below their threshold, {blocking} of them at severity 'error'.",
        ),
        "quality.report.verdict_errors": (
            "{count} 条规则运行出错，未能评估，见“规则错误”。",
            "{count} rules raised an error and could not be evaluated; see 'Rule errors'.",
        ),
        "quality.report.verdict_trend": (
            "与上次结果相比，总分 {delta}（{change}）。",
            "Since the previous result the overall score moved {delta} ({change}).",
        ),
        "quality.report.no_rules": ("规则集中没有规则。", "The rule set has no rules."),
        "quality.report.attention": ("最需关注的规则", "Rules needing attention"),
        "quality.report.attention_item": (
            "{id}（{indicator}；{columns}）：通过率 {rate}，{failed} 行不合格，主要原因：{reason}",
            "{id} ({indicator}; {columns}): pass rate {rate}, {failed} failing rows, mainly {reason}",
        ),
        "quality.report.attention_error": ("{id}：运行出错 — {message}", "{id}: raised an error — {message}"),
        "quality.report.all_clean": ("没有不合格的行。", "No failing rows."),
        "quality.report.dimensions": ("各维度得分（GB/T 36344）", "Scores by dimension (GB/T 36344)"),
        "quality.report.dimensions_intro": (
            "维度得分是该维度各规则通过率的加权平均（0–100），“越低越好”的指标（如重复率）按 1 − 比率计；总分按维度权重加权。未评估的维度不计入总分。",
            "A dimension's score is the weighted mean pass rate of its rules (0-100); 'lower is better' indicators such as the duplication rate count as 1 − rate. The overall score weights the dimensions; dimensions not evaluated do not count.",
        ),
        "quality.report.not_evaluated": ("未评估", "not evaluated"),
        "quality.report.dimension": ("维度", "Dimension"),
        "quality.report.score": ("得分", "Score"),
        "quality.report.weight": ("权重", "Weight"),
        "quality.report.rule_count": ("规则数", "Rules"),
        "quality.report.rules_passed": ("达标规则数", "Rules met"),
        "quality.report.columns": ("各列通过率", "Pass rate per column"),
        "quality.report.columns_intro": (
            "每列所涉全部规则的检查通过率（通过次数 / 检查次数）；只针对整个数据集的规则和出错的规则不计入。",
            "Pass rate over every rule that checks the column (checks passed / checks made); dataset-level rules and rules that raised are left out.",
        ),
        "quality.report.column": ("列", "Column"),
        "quality.report.checks": ("检查次数", "Checks"),
        "quality.report.failures": ("失败次数", "Failures"),
        "quality.report.pass_rate": ("通过率", "Pass rate"),
        "quality.report.charts": ("通过率与失败原因", "Pass rates and failure reasons"),
        "quality.report.rules_chart": ("各规则通过率", "Pass rate per rule"),
        "quality.report.rules_chart_intro": (
            "竖线标出每条规则的阈值（最低通过率）。绿色为达标，红色为“错误”级别未达标，黄色为警告或提示级别未达标。",
            "The tick marks each rule's threshold (minimum pass rate). Green met it, red is an 'error' rule below it, amber a warning or info rule below it.",
        ),
        "quality.report.rules_table_intro": (
            "阈值即最低通过率；低于阈值的“错误”级别规则使数据不通过。",
            "The threshold is the minimum pass rate; an 'error' rule below it fails the data.",
        ),
        "quality.report.reasons": ("失败原因分布", "Failures by reason"),
        "quality.report.reasons_intro": (
            "所有规则中不合格行按原因汇总（一行可因多条规则计入多次）。",
            "Failing rows of all rules by reason (a row failing several rules counts once per rule).",
        ),
        "quality.report.reason": ("原因", "Reason"),
        "quality.report.reason_code": ("原因代码", "Reason code"),
        "quality.report.failed_rows": ("不合格行数", "Failing rows"),
        "quality.report.rules": ("规则明细", "Rules"),
        "quality.report.rule": ("规则", "Rule"),
        "quality.report.indicator": ("维度 / 指标", "Dimension / indicator"),
        "quality.report.severity": ("级别", "Severity"),
        "quality.report.threshold": ("阈值", "Threshold"),
        "quality.report.checked": ("检查", "Checked"),
        "quality.report.failed_col": ("不合格", "Failed"),
        "quality.report.status": ("状态", "Status"),
        "quality.report.main_reasons": ("主要原因", "Main reasons"),
        "quality.report.status_met": ("达标", "met"),
        "quality.report.status_unmet": ("未达标", "below threshold"),
        "quality.report.status_error": ("出错", "error"),
        "quality.report.severity_error": ("错误", "error"),
        "quality.report.severity_warning": ("警告", "warning"),
        "quality.report.severity_info": ("提示", "info"),
        "quality.report.lower_is_better": ("越低越好，按 1 − 比率计", "lower is better, scored as 1 − rate"),
        "quality.report.filter": ("仅当 {expr}", "only where {expr}"),
        "quality.report.dataset_level": ("整个数据集", "whole dataset"),
        "quality.report.errors": ("规则错误", "Rule errors"),
        "quality.report.errors_intro": (
            "这些规则运行时出错，未计入得分；其他规则的结果不受影响。",
            "These rules raised while running and are not scored; the other rules are unaffected.",
        ),
        "quality.report.samples": ("不合格样例", "Failing samples"),
        "quality.report.samples_intro": (
            "每条规则的少量不合格行。样例值默认已脱敏；行号从 1 开始，不含表头。",
            "A few failing rows of each rule. Values are masked by default; row numbers start at 1 and do not count the header.",
        ),
        "quality.report.samples_rule": (
            "{id}：{failed} 行不合格，显示 {shown} 行",
            "{id}: {failed} failing rows, {shown} shown",
        ),
        "quality.report.failures_file": ("全部不合格行号：{file}", "Every failing row number: {file}"),
        "quality.report.row": ("行号", "Row"),
        "quality.report.duplicates": ("重复记录组", "Duplicate groups"),
        "quality.report.duplicates_intro": (
            "取值相同的记录组；行号列表可能截断，记录数为实际数量。",
            "Records sharing a key; the row list may be cut short, the count is exact.",
        ),
        "quality.report.key": ("键值", "Key"),
        "quality.report.records": ("记录数", "Records"),
        "quality.report.comparison": ("与上次结果比较", "Compared with the previous result"),
        "quality.report.comparison_overall": (
            "上次结果生成于 {created}。总分：{before} → {after}（{delta}，{change}）。",
            "The previous result was created {created}. Overall score: {before} → {after} ({delta}, {change}).",
        ),
        "quality.report.before": ("上次", "Before"),
        "quality.report.after": ("本次", "Now"),
        "quality.report.delta": ("变化", "Change"),
        "quality.report.trend": ("趋势", "Trend"),
        "quality.report.change_better": ("变好", "better"),
        "quality.report.change_worse": ("变差", "worse"),
        "quality.report.change_same": ("不变", "same"),
        "quality.report.change_new": ("新增", "new"),
        "quality.report.change_removed": ("已移除", "removed"),
        "quality.report.no_changes": ("各规则通过率没有变化。", "No rule's pass rate changed."),
        "quality.report.about": ("关于本报告", "About this report"),
        "quality.report.standard": ("评价标准", "Standard"),
        "quality.report.standard_name": (
            "GB/T 36344-2018 信息技术 数据质量评价指标",
            "GB/T 36344-2018 Information technology — Evaluation indicators for data quality",
        ),
        "quality.report.ruleset": ("规则集", "Rule set"),
        "quality.report.source": ("规则文件", "Rule file"),
        "quality.report.data_file": ("数据文件", "Data file"),
        "quality.report.created": ("生成时间", "Created"),
        "quality.report.version": ("zjgov 版本", "zjgov version"),
        "quality.report.bad_result": (
            "不是有效的质量结果：字段 {field} 有误",
            "not a valid quality result: field {field} is wrong",
        ),
        "quality.report.bad_format": (
            "报告格式应为 html、md 或 json：{name}",
            "the report format must be html, md or json: {name}",
        ),
        # reason codes of zjgov.codes that the rules' catalogue (quality.reason.*) has no entry for
        "quality.report.reason.component:birth_date": ("出生日期无效", "invalid birth date"),
        "quality.report.reason.component:region": ("行政区划代码未知", "unknown division code"),
        "quality.report.reason.component:legacy": ("15 位旧号码", "15-digit legacy number"),
    }
)


def reason_label(reason: str, lang: str | None = None) -> str:
    """A short name for a reason code (the code itself when it has none).

    >>> reason_label("checksum"), reason_label("component:birth_date", "en"), reason_label("custom_x")
    ('校验码错误', 'invalid birth date', 'custom_x')
    >>> reason_label("component:authority", "en")
    'a component is invalid (authority)'
    """
    for key in (f"quality.report.reason.{reason}", f"quality.reason.{reason}"):
        if i18n.has(key):
            return i18n.text(key, lang)
    head, _, part = reason.partition(":")
    if part and i18n.has(f"quality.reason.{head}"):
        return f"{i18n.text(f'quality.reason.{head}', lang)} ({part})"
    return reason


def load(result: QualityResult | Mapping[str, Any]) -> QualityResult:
    """The result model from a model or its dict; a malformed dict is a :class:`ConfigError` naming the field."""
    if isinstance(result, QualityResult):
        return result
    if not isinstance(result, Mapping):
        raise TypeError(f"expected a QualityResult or its dict, not {type(result).__name__}")
    try:
        return QualityResult.model_validate(dict(result))
    except _PydanticError as exc:
        loc = ".".join(str(p) for p in exc.errors()[0].get("loc", ())) or "?"
        raise ConfigError(
            i18n.text("quality.report.bad_result", "zh", field=loc),
            i18n.text("quality.report.bad_result", "en", field=loc),
            field=loc,
        ) from None


def to_json(result: QualityResult | Mapping[str, Any], *, indent: int | None = 2) -> str:
    """The documented, versioned JSON document."""
    return load(result).to_json(indent=indent)


# -- the content both renderers share -------------------------------------------------------
@dataclasses.dataclass
class _ColumnStat:
    rules: int = 0
    checked: int = 0
    passed: int = 0

    @property
    def rate(self) -> float | None:
        return self.passed / self.checked if self.checked else None


@dataclasses.dataclass
class _View:
    r: QualityResult
    lang: str
    met: int
    unmet: list[RuleResult]
    blocking: int
    errors: list[RuleResult]
    attention: list[RuleResult]
    columns: dict[str, _ColumnStat]
    reasons: Counter

    def t(self, key: str, **fields: object) -> str:
        return i18n.text(f"quality.report.{key}", self.lang, **fields)

    def zh(self) -> bool:
        return self.lang == "zh"

    def dim_name(self, key: str) -> str:
        d = next((d for d in self.r.dimensions if d.dimension == key), None)
        known = DIMENSIONS.get(key)
        source = d if d is not None else known
        if source is None:
            return key
        if self.zh():
            return source.name_zh
        return source.name_en[:1].upper() + source.name_en[1:]

    def indicator(self, rule: RuleResult) -> str:
        name = rule.indicator_zh if self.zh() else rule.indicator_en
        return f"{self.dim_name(rule.dimension)} / {name or rule.indicator}"

    def columns_of(self, rule: RuleResult, limit: int = 0) -> str:
        if not rule.columns:
            return self.t("dataset_level")
        if limit and len(rule.columns) > limit:
            return ", ".join(rule.columns[:limit]) + f" … (+{len(rule.columns) - limit})"
        return ", ".join(rule.columns)

    def status(self, rule: RuleResult) -> tuple[str, str]:
        if rule.error is not None:
            return self.t("status_error"), "bad"
        if rule.threshold_met:
            return self.t("status_met"), "good"
        return self.t("status_unmet"), "bad" if rule.severity == "error" else "warn"

    def main_reasons(self, rule: RuleResult, limit: int = 3) -> str:
        top = sorted(rule.reasons.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return "; ".join(f"{reason_label(k, self.lang)} {fmt.number(v)}" for k, v in top)

    def verdict_lines(self) -> list[str]:
        total = len(self.r.rules)
        lines = []
        if not total:
            lines.append(self.t("no_rules"))
        elif not self.r.passed:
            lines.append(self.t("verdict_fail", unmet=len(self.unmet), blocking=self.blocking))
        elif self.unmet:
            lines.append(self.t("verdict_pass_soft", unmet=len(self.unmet)))
        else:
            lines.append(self.t("verdict_pass", met=self.met, total=total))
        share = _failing_share(self.r)
        if share is not None and self.r.dataset.rows_failing:
            rows = fmt.number(self.r.dataset.rows_failing)
            lines.append(self.t("verdict_rows", share=fmt.percent(share, 1), rows=rows))
        if self.errors:
            lines.append(self.t("verdict_errors", count=len(self.errors)))
        c = self.r.comparison
        if c is not None and c.overall_delta is not None:
            lines.append(
                self.t("verdict_trend", delta=_delta(c.overall_delta), change=self.t(f"change_{c.overall_change}"))
            )
        return lines

    def attention_line(self, rule: RuleResult) -> str:
        if rule.error is not None:
            message = rule.error.message_zh if self.zh() else rule.error.message_en
            return self.t("attention_error", id=rule.id, message=message)
        top = max(rule.reasons.items(), key=lambda kv: (kv[1], kv[0]), default=None)
        return self.t(
            "attention_item",
            id=rule.id,
            indicator=self.indicator(rule),
            columns=self.columns_of(rule, limit=3),
            rate=fmt.percent(rule.pass_rate, 2),
            failed=fmt.number(rule.failed),
            reason=reason_label(top[0], self.lang) if top else fmt.DASH,
        )

    def sample_columns(self, rule: RuleResult) -> list[str]:
        cols = list(rule.columns)
        for s in rule.sample:
            cols += [c for c in s.values if c not in cols]
        return cols

    def severity(self, rule: RuleResult) -> str:
        return self.t(f"severity_{rule.severity}")

    def subtitle(self) -> str:
        return self.t(
            "subtitle",
            ruleset=self.r.ruleset.name,
            rows=fmt.number(self.r.dataset.rows),
            columns=fmt.number(len(self.r.dataset.columns)),
            created=_when(self.r.created),
        )


_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _view(result: QualityResult | Mapping[str, Any], lang: str | None) -> _View:
    r = load(result)
    lang = i18n.check_lang(lang)
    errors = [x for x in r.rules if x.error is not None]
    unmet = [x for x in r.rules if x.error is None and not x.threshold_met]
    met = sum(1 for x in r.rules if x.error is None and x.threshold_met)
    blocking = sum(1 for x in unmet if x.severity == "error")
    failing = [x for x in r.rules if x.error is not None or not x.threshold_met or x.failed]
    failing.sort(
        key=lambda x: (
            x.error is None,
            x.threshold_met,
            _SEVERITY_RANK.get(x.severity, 3),
            x.pass_rate if x.pass_rate is not None else 1.0,
            -x.failed,
        )
    )
    columns: dict[str, _ColumnStat] = {}
    reasons: Counter = Counter()
    for x in r.rules:
        if x.error is not None:
            continue
        reasons.update({k: v for k, v in x.reasons.items() if v})
        if _scope(x) == "dataset":  # a dataset-level rule checks no column's values
            continue
        for c in x.columns:
            stat = columns.setdefault(c, _ColumnStat())
            stat.rules += 1
            stat.checked += x.checked
            stat.passed += x.passed
    return _View(r, lang, met, unmet, blocking, errors, failing[:WORST], columns, reasons)


def _scope(rule: RuleResult) -> str:
    """The rule's scope (results written before ``scope`` existed: from the registered kind)."""
    if "scope" in rule.model_fields_set:
        return rule.scope
    try:
        from zjgov.quality.rules import get_kind

        return get_kind(rule.kind).scope
    except ConfigError:
        return rule.scope


def _failing_share(r: QualityResult) -> float | None:
    rows = r.dataset.rows_failing
    return rows / r.dataset.rows if rows is not None and r.dataset.rows else None


def _axis(v: _View, values: list[float | None]) -> float:
    return h.axis_start(values)


def _when(created) -> str:
    return created.strftime("%Y-%m-%d %H:%M:%S %Z").strip()


def _params_text(params: Mapping[str, Any], limit: int = 80) -> str:
    """``code=citizen_id, options={...}`` cut to ``limit`` characters (rule configuration, never data)."""
    text = ", ".join(f"{k}={v}" for k, v in params.items() if v not in (None, {}, [], ""))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _held_tone(score: float | None, held: bool) -> str:
    """The colour of a score: by its value when its thresholds held, never green when they did not."""
    if score is None:
        return "none"
    if held:
        return fmt.tone(score)
    return "bad" if score < 60 else "warn"


def _weight(v: _View, key: str) -> str:
    w = v.r.score.weights.get(key)
    return fmt.number(w, 2) if w is not None else fmt.DASH


def _delta(value: float | None, scale: float = 1.0) -> str:
    if value is None:
        return fmt.DASH
    return f"{value * scale:+.1f}"


# -- HTML ------------------------------------------------------------------------------------
def to_html(result: QualityResult | Mapping[str, Any], lang: str | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, no script)."""
    v = _view(result, lang)
    r = v.r
    sections = [_html_summary(v), _html_dimensions(v), _html_charts(v), _html_rules(v)]
    nav = [("summary", v.t("summary")), ("dimensions", v.t("dimensions")), ("charts", v.t("charts"))]
    nav.append(("rules", v.t("rules")))
    if v.errors:
        sections.append(_html_errors(v))
        nav.append(("errors", v.t("errors")))
    if any(x.sample for x in r.rules):
        sections.append(_html_samples(v))
        nav.append(("samples", v.t("samples")))
    if r.duplicates:
        sections.append(_html_duplicates(v))
        nav.append(("duplicates", v.t("duplicates")))
    if r.comparison is not None:
        sections.append(_html_comparison(v))
        nav.append(("comparison", v.t("comparison")))
    sections.append(_html_about(v))
    meta = {"zjgov-report": json.dumps(_index_entry(r), ensure_ascii=False)}
    return h.page(v.t("title", name=r.dataset.name), sections, v.lang, subtitle=v.subtitle(), nav=nav, meta=meta)


def _html_summary(v: _View) -> h.Markup:
    r = v.r
    overall = r.score.overall
    verdict = h.badge(v.t("passed") if r.passed else v.t("failed"), "good" if r.passed else "bad")
    tiles = [
        h.Card(v.t("verdict"), verdict, "good" if r.passed else "bad"),
        h.Card(v.t("rows"), fmt.number(r.dataset.rows)),
    ]
    share = _failing_share(r)
    if share is not None:
        note = v.t("rows_failing_note", rows=fmt.number(r.dataset.rows_failing))
        tiles.append(h.Card(v.t("rows_failing"), fmt.percent(share, 1), "good" if not share else "warn", note))
    tiles += [
        h.Card(v.t("rules_met"), f"{v.met} / {len(r.rules)}", "good" if not v.unmet else "warn"),
    ]
    if v.errors:
        tiles.append(h.Card(v.t("rule_errors_card"), str(len(v.errors)), "bad"))
    parts: list[object] = [
        h.row(
            h.gauges([h.score_gauge(overall, label=v.t("overall"), size=150, tone=_held_tone(overall, r.passed))]),
            h.cards(tiles),
        ),
        h.callout(*(h.paragraph(line) for line in v.verdict_lines()), tone="good" if r.passed else "bad"),
    ]
    if v.attention:
        parts += [h.el("h3", v.t("attention")), h.bullet_list([v.attention_line(x) for x in v.attention])]
    elif r.rules:
        parts.append(h.paragraph(v.t("all_clean")))
    return h.section(v.t("summary"), *parts, id="summary")


def _html_dimensions(v: _View) -> h.Markup:
    present = {d.dimension: d for d in v.r.dimensions}
    keys = [*DIMENSIONS, *(k for k in present if k not in DIMENSIONS)]
    gauges = []
    for k in keys:
        d = present.get(k)
        score = d.score if d is not None else None
        tone = _held_tone(score, d is None or d.rules_passed >= d.rules)
        gauges.append(h.score_gauge(score, label=v.dim_name(k), size=112, tone=tone))
    rows, tones = [], []
    for key in [*DIMENSIONS, *(k for k in present if k not in DIMENSIONS)]:
        d = present.get(key)
        if d is None or d.score is None:
            rows.append([v.dim_name(key), v.t("not_evaluated"), fmt.DASH, str(d.rules if d else 0), "0"])
            tones.append(None)
            continue
        rows.append([v.dim_name(key), fmt.score(d.score), _weight(v, key), str(d.rules), str(d.rules_passed)])
        tones.append("bad" if d.rules_passed < d.rules else None)
    cols = [v.t("dimension"), v.t("score"), v.t("weight"), v.t("rule_count"), v.t("rules_passed")]
    chart = h.bar_chart(
        [
            h.Bar(v.dim_name(d.dimension), d.score, _held_tone(d.score, d.rules_passed >= d.rules))
            for d in v.r.dimensions
            if d.score is not None or d.rules
        ],
        unit="%",
        label=v.t("dimensions"),
    )
    return h.section(
        v.t("dimensions"),
        h.gauges(gauges),
        h.row(chart, h.table(cols, rows, numeric=[1, 2, 3, 4], row_tones=tones, lang=v.lang)),
        id="dimensions",
        intro=v.t("dimensions_intro"),
    )


def _rule_bar(v: _View, x: RuleResult) -> h.Bar:
    status, tone = v.status(x)
    value = x.pass_rate * 100 if x.pass_rate is not None and x.error is None else None
    return h.Bar(x.id, value, tone if x.error is None else "none", x.threshold * 100, f"{v.indicator(x)} — {status}")


def _html_charts(v: _View) -> h.Markup:
    col_bars = [h.Bar(c, s.rate * 100 if s.rate is not None else None) for c, s in v.columns.items()]
    rule_bars = [_rule_bar(v, x) for x in v.r.rules]
    rule_start = _axis(v, [b.value for b in rule_bars] + [b.marker for b in rule_bars])
    col_start = _axis(v, [b.value for b in col_bars])
    col_rows = [
        [h.code(c), str(s.rules), fmt.number(s.checked), fmt.number(s.checked - s.passed), fmt.percent(s.rate, 2)]
        for c, s in v.columns.items()
    ]
    reason_bars = [
        h.Bar(f"{reason_label(k, v.lang)}", n, "bad", note=k)
        for k, n in sorted(v.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    parts: list[object] = [
        h.el("h3", v.t("rules_chart")),
        h.paragraph(v.t("rules_chart_intro"), *_axis_note(v, rule_start), muted=True),
        h.bar_chart(rule_bars, min_value=rule_start, unit="%", label=v.t("rules_chart"), width=760),
        h.el("h3", v.t("columns")),
        h.paragraph(v.t("columns_intro"), *_axis_note(v, col_start), muted=True),
        h.row(
            h.bar_chart(col_bars, min_value=col_start, unit="%", label=v.t("columns")),
            h.table(
                [v.t("column"), v.t("rule_count"), v.t("checks"), v.t("failures"), v.t("pass_rate")],
                col_rows,
                numeric=[1, 2, 3, 4],
                lang=v.lang,
            ),
        ),
        h.el("h3", v.t("reasons")),
        h.paragraph(v.t("reasons_intro"), muted=True),
    ]
    if reason_bars:
        reason_rows = [[reason_label(b.note, v.lang), h.code(b.note), fmt.number(b.value)] for b in reason_bars]
        parts.append(
            h.row(
                h.bar_chart(reason_bars, max_value=None, digits=0, label=v.t("reasons")),
                h.table([v.t("reason"), v.t("reason_code"), v.t("failed_rows")], reason_rows, numeric=[2], lang=v.lang),
            )
        )
    else:
        parts.append(h.paragraph(v.t("all_clean")))
    return h.section(v.t("charts"), *parts, id="charts")


def _axis_note(v: _View, start: float) -> list[str]:
    return [" " + v.t("axis_from", start=fmt.percent(start / 100, 0))] if start > 0 else []


def _top_rows(x: RuleResult) -> list[list[str]]:
    return [[t.value, fmt.number(t.count)] for t in x.top_values]


#: The columns of the rule table, in the HTML and the Markdown report alike.
_RULE_COLUMNS = (
    "rule",
    "indicator",
    "column",
    "severity",
    "threshold",
    "checked",
    "failed_col",
    "pass_rate",
    "status",
    "main_reasons",
)


def _html_rules(v: _View) -> h.Markup:
    cols = [v.t(key) for key in _RULE_COLUMNS]
    rows, tones = [], []
    for x in v.r.rules:
        status, tone = v.status(x)
        rule_cell: list[object] = [h.code(x.id)]
        desc = x.description_zh if v.zh() else x.description_en
        if desc:
            rule_cell += [h.Markup("<br>"), h.el("span", desc, class_="zj-muted")]
        if x.params:
            rule_cell += [h.Markup("<br>"), h.el("span", _params_text(x.params), class_="zj-muted")]
        columns: list[object] = [v.columns_of(x)]
        if x.filter:
            columns += [h.Markup("<br>"), h.el("span", v.t("filter", expr=x.filter), class_="zj-muted")]
        indicator: list[object] = [v.indicator(x)]
        if x.lower_is_better:
            indicator += [h.Markup("<br>"), h.el("span", v.t("lower_is_better"), class_="zj-muted")]
        rows.append(
            [
                rule_cell,
                indicator,
                columns,
                v.severity(x),
                fmt.percent(x.threshold, 2),
                fmt.number(x.checked),
                fmt.number(x.failed),
                fmt.percent(x.pass_rate, 2),
                h.badge(status, tone),
                v.main_reasons(x) or fmt.DASH,
            ]
        )
        tones.append(tone if tone in ("bad", "warn") else None)
    return h.section(v.t("rules"), h.table(cols, rows, numeric=[4, 5, 6, 7], row_tones=tones, lang=v.lang), id="rules")


def _html_errors(v: _View) -> h.Markup:
    blocks = []
    for x in v.errors:
        assert x.error is not None
        message = x.error.message_zh if v.zh() else x.error.message_en
        blocks.append(h.callout(h.el("strong", x.id), " · ", h.code(x.error.type), h.paragraph(message), tone="bad"))
    return h.section(v.t("errors"), *blocks, id="errors", intro=v.t("errors_intro"))


def _html_samples(v: _View) -> h.Markup:
    blocks = []
    for x in v.r.rules:
        if not x.sample:
            continue
        cols = v.sample_columns(x)
        rows = [
            [str(s.row), reason_label(s.reason, v.lang), *(s.values.get(c, "") or "" for c in cols)] for s in x.sample
        ]
        body: list[object] = [
            h.table([v.t("row"), v.t("reason"), *cols], rows, numeric=[0], lang=v.lang),
        ]
        if x.top_values:
            body += [
                h.el("h4", v.t("top_values")),
                h.table([v.t("value"), v.t("count")], _top_rows(x), numeric=[1], lang=v.lang),
            ]
        if x.failures_file:
            body.append(h.paragraph(v.t("failures_file", file=""), h.code(x.failures_file)))
        summary = v.t("samples_rule", id=x.id, failed=fmt.number(x.failed), shown=len(x.sample))
        blocks.append(h.details(summary, *body, open=not x.threshold_met))
    return h.section(v.t("samples"), *blocks, id="samples", intro=v.t("samples_intro"))


def _key_text(key: Mapping[str, str | None]) -> str:
    return ", ".join(f"{k}={'' if val is None else val}" for k, val in key.items())


def _html_duplicates(v: _View) -> h.Markup:
    rows = [
        [h.code(g.rule), _key_text(g.key), fmt.number(g.count), ", ".join(str(n) for n in g.rows)]
        for g in v.r.duplicates
    ]
    cols = [v.t("rule"), v.t("key"), v.t("records"), v.t("row")]
    return h.section(
        v.t("duplicates"),
        h.table(cols, rows, numeric=[2], lang=v.lang),
        id="duplicates",
        intro=v.t("duplicates_intro"),
    )


def _change_tone(change: str) -> str:
    return {"better": "good", "worse": "bad", "new": "info", "removed": "none"}.get(change, "none")


def _html_comparison(v: _View) -> h.Markup:
    c = v.r.comparison
    assert c is not None
    head = v.t(
        "comparison_overall",
        created=_when(c.previous_created),
        before=fmt.score(c.overall_before),
        after=fmt.score(c.overall_after),
        delta=_delta(c.overall_delta),
        change=v.t(f"change_{c.overall_change}"),
    )
    dim_rows = [
        [
            v.dim_name(d.dimension),
            fmt.score(d.before),
            fmt.score(d.after),
            _delta(d.delta),
            h.badge(v.t(f"change_{d.change}"), _change_tone(d.change)),
        ]
        for d in c.dimensions
    ]
    order = {"worse": 0, "removed": 1, "new": 2, "better": 3, "same": 4}
    changed = sorted((x for x in c.rules if x.change != "same"), key=lambda x: (order[x.change], x.id))
    rule_rows = [
        [
            h.code(x.id),
            fmt.percent(x.before, 2),
            fmt.percent(x.after, 2),
            _delta(x.delta, 100.0),
            h.badge(v.t(f"change_{x.change}"), _change_tone(x.change)),
        ]
        for x in changed
    ]
    trend = [v.t("before"), v.t("after"), v.t("delta"), v.t("trend")]
    tone = _change_tone(c.overall_change)
    return h.section(
        v.t("comparison"),
        h.callout(head, tone=tone if tone != "none" else "info"),
        h.table([v.t("dimension"), *trend], dim_rows, numeric=[1, 2, 3], lang=v.lang),
        h.table([v.t("rule"), *trend], rule_rows, numeric=[1, 2, 3], empty=v.t("no_changes"), lang=v.lang),
        id="comparison",
    )


def _html_about(v: _View) -> h.Markup:
    r = v.r
    pairs = [
        (v.t("standard"), v.t("standard_name")),
        (v.t("ruleset"), r.ruleset.name),
        (v.t("source"), r.ruleset.source or fmt.DASH),
        (v.t("data_file"), r.dataset.path or r.dataset.name),
        (v.t("created"), _when(r.created)),
        (v.t("version"), r.zjgov_version),
        (v.t("weight"), ", ".join(f"{v.dim_name(k)} {w:.2f}" for k, w in r.score.weights.items()) or fmt.DASH),
    ]
    return h.section(v.t("about"), h.dl(pairs), id="about")


# -- Markdown --------------------------------------------------------------------------------
def _md_status(v: _View, rule: RuleResult) -> str:
    text, tone = v.status(rule)
    mark = "⚠" if rule.error is not None else "✓" if tone == "good" else "✗"
    return f"{mark} {text}"


def to_markdown(result: QualityResult | Mapping[str, Any], lang: str | None = None) -> str:
    """The report as GitHub-flavoured Markdown, with the content of the HTML page (text bars for charts)."""
    v = _view(result, lang)
    r = v.r
    out: list[object] = [md.heading(1, v.t("title", name=r.dataset.name)), md.escape(v.subtitle())]
    out += [md.heading(2, v.t("summary"))]
    verdict = v.t("passed") if r.passed else v.t("failed")
    figures = [
        f"{v.t('overall')}: {md.bold(fmt.score(r.score.overall))}",
        f"{v.t('verdict')}: {md.bold(verdict)}",
        f"{v.t('rows')}: {fmt.number(r.dataset.rows)}",
    ]
    share = _failing_share(r)
    if share is not None:
        note = v.t("rows_failing_note", rows=fmt.number(r.dataset.rows_failing))
        figures.append(f"{v.t('rows_failing')}: {md.bold(fmt.percent(share, 1))} ({note})")
    figures += [
        f"{v.t('rules_met')}: {v.met} / {len(r.rules)}",
    ]
    if v.errors:
        figures.append(f"{v.t('rule_errors_card')}: {len(v.errors)}")
    out.append(md.Md("\n".join(f"- {md.escape(md.Md(f))}" for f in figures)))
    out.append(md.Md("> " + " ".join(md.escape(line) for line in v.verdict_lines())))
    if v.attention:
        out += [md.heading(3, v.t("attention")), md.bullet_list(v.attention_line(x) for x in v.attention)]
    elif r.rules:
        out.append(md.escape(v.t("all_clean")))

    present = {d.dimension: d for d in r.dimensions}
    dim_rows = []
    for key in [*DIMENSIONS, *(k for k in present if k not in DIMENSIONS)]:
        d = present.get(key)
        if d is None or d.score is None:
            dim_rows.append([v.dim_name(key), v.t("not_evaluated"), "", fmt.DASH, str(d.rules if d else 0), "0"])
        else:
            dim_rows.append(
                [
                    v.dim_name(key),
                    fmt.score(d.score),
                    md.bar(d.score),
                    _weight(v, key),
                    str(d.rules),
                    str(d.rules_passed),
                ]
            )
    out += [
        md.heading(2, v.t("dimensions")),
        md.escape(v.t("dimensions_intro")),
        md.table(
            [v.t("dimension"), v.t("score"), "", v.t("weight"), v.t("rule_count"), v.t("rules_passed")],
            dim_rows,
            numeric=[1, 3, 4, 5],
            lang=v.lang,
        ),
    ]

    rule_bars = [_rule_bar(v, x) for x in r.rules]
    rule_start = _axis(v, [b.value for b in rule_bars] + [b.marker for b in rule_bars])
    col_start = _axis(v, [s.rate * 100 for s in v.columns.values() if s.rate is not None])
    out += [md.heading(2, v.t("charts")), md.heading(3, v.t("rules_chart"))]
    out.append(md.escape(v.t("rules_table_intro") + "".join(_axis_note(v, rule_start))))
    out.append(
        md.table(
            [v.t("rule"), v.t("pass_rate"), "", v.t("threshold"), v.t("status")],
            [
                [
                    md.code(x.id),
                    fmt.percent(x.pass_rate, 2),
                    md.bar(_rule_bar(v, x).value, min_value=rule_start),
                    fmt.percent(x.threshold, 2),
                    _md_status(v, x),
                ]
                for x in r.rules
            ],
            numeric=[1, 3],
            lang=v.lang,
        )
    )
    out += [md.heading(3, v.t("columns")), md.escape(v.t("columns_intro") + "".join(_axis_note(v, col_start)))]
    out.append(
        md.table(
            [v.t("column"), v.t("rule_count"), v.t("checks"), v.t("failures"), v.t("pass_rate"), ""],
            [
                [
                    md.code(c),
                    str(s.rules),
                    fmt.number(s.checked),
                    fmt.number(s.checked - s.passed),
                    fmt.percent(s.rate, 2),
                    md.bar(s.rate * 100 if s.rate is not None else None, min_value=col_start),
                ]
                for c, s in v.columns.items()
            ],
            numeric=[1, 2, 3, 4],
            lang=v.lang,
        )
    )
    out += [md.heading(3, v.t("reasons")), md.escape(v.t("reasons_intro"))]
    top = max(v.reasons.values(), default=0)
    out.append(
        md.table(
            [v.t("reason"), v.t("reason_code"), v.t("failed_rows"), ""],
            [
                [reason_label(k, v.lang), md.code(k), fmt.number(n), md.bar(n, top)]
                for k, n in sorted(v.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            numeric=[2],
            lang=v.lang,
        )
    )

    rule_rows = []
    for x in r.rules:
        indicator = v.indicator(x) + (f" ({v.t('lower_is_better')})" if x.lower_is_better else "")
        rule_rows.append(
            [
                md.code(x.id),
                indicator,
                v.columns_of(x) + (f" ({v.t('filter', expr=x.filter)})" if x.filter else ""),
                v.severity(x),
                fmt.percent(x.threshold, 2),
                fmt.number(x.checked),
                fmt.number(x.failed),
                fmt.percent(x.pass_rate, 2),
                _md_status(v, x),
                v.main_reasons(x) or fmt.DASH,
            ]
        )
    out += [
        md.heading(2, v.t("rules")),
        md.table(
            [v.t(key) for key in _RULE_COLUMNS],
            rule_rows,
            numeric=[4, 5, 6, 7],
            lang=v.lang,
        ),
    ]
    described = [x for x in r.rules if (x.description_zh if v.zh() else x.description_en)]
    if described:
        out.append(
            md.Md(
                "\n".join(
                    f"- {md.code(x.id)}: {md.escape(x.description_zh if v.zh() else x.description_en)}"
                    for x in described
                )
            )
        )

    if v.errors:
        out += [md.heading(2, v.t("errors")), md.escape(v.t("errors_intro"))]
        lines = []
        for x in v.errors:
            assert x.error is not None
            message = x.error.message_zh if v.zh() else x.error.message_en
            lines.append(f"- {md.bold(x.id)} ({md.code(x.error.type)}): {md.escape(message)}")
        out.append(md.Md("\n".join(lines)))

    if any(x.sample for x in r.rules):
        out += [md.heading(2, v.t("samples")), md.escape(v.t("samples_intro"))]
        for x in r.rules:
            if not x.sample:
                continue
            cols = v.sample_columns(x)
            out.append(md.heading(3, v.t("samples_rule", id=x.id, failed=fmt.number(x.failed), shown=len(x.sample))))
            out.append(
                md.table(
                    [v.t("row"), v.t("reason"), *cols],
                    [
                        [str(s.row), reason_label(s.reason, v.lang), *(s.values.get(c, "") or "" for c in cols)]
                        for s in x.sample
                    ],
                    numeric=[0],
                    lang=v.lang,
                )
            )
            if x.top_values:
                out.append(md.Md(md.bold(v.t("top_values"))))
                out.append(md.table([v.t("value"), v.t("count")], _top_rows(x), numeric=[1], lang=v.lang))
            if x.failures_file:
                out.append(md.Md(md.escape(v.t("failures_file", file="")) + md.code(x.failures_file)))

    if r.duplicates:
        out += [md.heading(2, v.t("duplicates")), md.escape(v.t("duplicates_intro"))]
        out.append(
            md.table(
                [v.t("rule"), v.t("key"), v.t("records"), v.t("row")],
                [
                    [md.code(g.rule), _key_text(g.key), fmt.number(g.count), ", ".join(str(n) for n in g.rows)]
                    for g in r.duplicates
                ],
                numeric=[2],
                lang=v.lang,
            )
        )

    c = r.comparison
    if c is not None:
        trend = [v.t("before"), v.t("after"), v.t("delta"), v.t("trend")]
        out += [
            md.heading(2, v.t("comparison")),
            md.escape(
                v.t(
                    "comparison_overall",
                    created=_when(c.previous_created),
                    before=fmt.score(c.overall_before),
                    after=fmt.score(c.overall_after),
                    delta=_delta(c.overall_delta),
                    change=v.t(f"change_{c.overall_change}"),
                )
            ),
            md.table(
                [v.t("dimension"), *trend],
                [
                    [
                        v.dim_name(d.dimension),
                        fmt.score(d.before),
                        fmt.score(d.after),
                        _delta(d.delta),
                        v.t(f"change_{d.change}"),
                    ]
                    for d in c.dimensions
                ],
                numeric=[1, 2, 3],
                lang=v.lang,
            ),
        ]
        changed = [x for x in c.rules if x.change != "same"]
        if changed:
            out.append(
                md.table(
                    [v.t("rule"), *trend],
                    [
                        [
                            md.code(x.id),
                            fmt.percent(x.before, 2),
                            fmt.percent(x.after, 2),
                            _delta(x.delta, 100.0),
                            v.t(f"change_{x.change}"),
                        ]
                        for x in changed
                    ],
                    numeric=[1, 2, 3],
                    lang=v.lang,
                )
            )
        else:
            out.append(md.escape(v.t("no_changes")))

    out += [
        md.heading(2, v.t("about")),
        md.Md(
            "\n".join(
                f"- {md.escape(k)}: {md.escape(val)}"
                for k, val in [
                    (v.t("standard"), v.t("standard_name")),
                    (v.t("ruleset"), r.ruleset.name),
                    (v.t("source"), r.ruleset.source or fmt.DASH),
                    (v.t("data_file"), r.dataset.path or r.dataset.name),
                    (v.t("created"), _when(r.created)),
                    (v.t("version"), r.zjgov_version),
                ]
            )
        ),
    ]
    return md.document(out)


# -- files -------------------------------------------------------------------------------------
FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}


def render(result: QualityResult | Mapping[str, Any], format: str, lang: str | None = None) -> str:
    """The report in ``format`` (``html``, ``md`` or ``json``)."""
    if format == "html":
        return to_html(result, lang)
    if format == "md":
        return to_markdown(result, lang)
    if format == "json":
        return to_json(result) + "\n"
    raise ConfigError(
        i18n.text("quality.report.bad_format", "zh", name=format),
        i18n.text("quality.report.bad_format", "en", name=format),
        field="format",
    )


def write(
    result: QualityResult | Mapping[str, Any],
    path: str | os.PathLike[str],
    lang: str | None = None,
    *,
    format: str | None = None,
) -> Path:
    """Write the report to ``path``; the format follows the suffix (``.html``, ``.md``, ``.json``) unless given."""
    path = Path(path)
    chosen = format or FORMATS.get(path.suffix.lower())
    if chosen is None:
        raise ConfigError(
            i18n.text("quality.report.bad_format", "zh", name=path.name),
            i18n.text("quality.report.bad_format", "en", name=path.name),
            file=str(path),
        )
    text = render(result, chosen, lang)
    _write_text(path, text)
    if chosen == "html" and path.name != INDEX:
        write_index(path.parent, lang)
    return path


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"无法写入报告：{exc.strerror}", f"cannot write the report: {exc.strerror}", file=str(path)
        ) from None


# -- the run index -------------------------------------------------------------------------------
#: The index page written beside HTML reports once a folder holds more than one.
INDEX = "index.html"
_META = re.compile(r'<meta name="zjgov-report" content="([^"]*)">')


def _index_entry(r: QualityResult) -> dict[str, Any]:
    return {
        "dataset": r.dataset.name,
        "created": r.created.isoformat(),
        "score": r.score.overall,
        "passed": r.passed,
        "rows": r.dataset.rows,
        "rows_failing": r.dataset.rows_failing,
        "ruleset": r.ruleset.name,
    }


def write_index(folder: str | os.PathLike[str], lang: str | None = None) -> Path | None:
    """Write ``index.html`` listing the HTML quality reports of ``folder`` (newest first).

    Written once the folder holds two reports or more (and refreshed by every :func:`write`
    of an HTML report there); an ``index.html`` that zjgov did not write is left alone.
    Returns the index path, or ``None`` when none was written.
    """
    folder = Path(folder)
    entries = []
    for page in sorted(folder.glob("*.htm*")):
        if page.name == INDEX:
            continue
        try:
            head = page.read_text(encoding="utf-8", errors="replace")[:20_000]
        except OSError:
            continue
        found = _META.search(head)
        if found:
            try:
                entries.append((page.name, json.loads(html.unescape(found.group(1)))))
            except ValueError:
                continue
    target = folder / INDEX
    if len(entries) < 2:
        return None
    if target.exists() and 'name="zjgov-index"' not in target.read_text(encoding="utf-8", errors="replace")[:5000]:
        return None
    lang = i18n.check_lang(lang)

    def t(key: str, **fields: object) -> str:
        return i18n.text(f"quality.report.{key}", lang, **fields)

    entries.sort(key=lambda e: str(e[1].get("created", "")), reverse=True)
    rows, tones = [], []
    for name, e in entries:
        share = e["rows_failing"] / e["rows"] if e.get("rows_failing") is not None and e.get("rows") else None
        passed = bool(e.get("passed"))
        rows.append(
            [
                h.el("a", name, href=name),
                str(e.get("dataset", "")),
                str(e.get("created", "")).replace("T", " "),
                fmt.score(e.get("score")),
                h.badge(t("passed") if passed else t("failed"), "good" if passed else "bad"),
                fmt.number(e.get("rows")),
                fmt.percent(share, 1),
            ]
        )
        tones.append(None if passed else "bad")
    cols = [t("report"), t("data_file"), t("created"), t("overall"), t("verdict"), t("rows"), t("rows_failing")]
    section = h.section(
        t("index_title", folder=folder.name),
        h.table(cols, rows, numeric=[3, 5, 6], row_tones=tones, lang=lang),
        intro=t("index_intro"),
    )
    page = h.page(t("index_title", folder=folder.name), [section], lang, meta={"zjgov-index": "1"})
    _write_text(target, page)
    return target
