"""The content of a quality report, once: what each section says, as blocks both renderers draw.

:func:`describe` reads a :class:`~zjgov.quality.result.QualityResult` and returns a
:class:`Report` — sections of paragraphs, tables, charts, cards, gauges — with every figure
formatted and every sentence in the chosen language; :mod:`zjgov.quality.report.html` and
:mod:`zjgov.quality.report.markdown` only draw those blocks, so the two reports cannot drift
apart. Samples carry the values as the engine recorded them (masked where a column identifies
people).

>>> rep = describe({"format": "zjgov.quality.result", "version": 1, "created": "2026-01-01T00:00:00Z",
...     "zjgov_version": "0.1.0", "dataset": {"name": "d", "path": None, "rows": 0, "columns": []},
...     "ruleset": {"name": "r", "source": None}, "passed": True,
...     "score": {"overall": None, "weights": {}}, "dimensions": [], "rules": []}, "en")
>>> rep.title, [s.id for s in rep.sections]
('Data quality report: d', ['summary', 'dimensions', 'charts', 'rules', 'about'])
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Mapping
from typing import Any, NamedTuple

from pydantic import ValidationError as _PydanticError

from zjgov import i18n
from zjgov.errors import ConfigError
from zjgov.quality import builtin as _builtin  # noqa: F401  (its catalogue names the reason codes)
from zjgov.quality.dimensions import DIMENSIONS
from zjgov.quality.result import QualityResult, RuleResult
from zjgov.report import fmt
from zjgov.report import html as h

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
            "每条规则的少量不合格行。能识别个人的列（身份证号、姓名、电话、住址、出生日期等）已脱敏，性别、民族、行政区划、时间等不能识别个人的列显示原值；行号从 1 开始，不含表头。",
            "A few failing rows of each rule. Columns that identify people (ID numbers, names, phones, addresses, birth dates …) are masked; columns that identify nobody (sex, ethnicity, divisions, timestamps …) are shown in clear. Row numbers start at 1 and do not count the header.",
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


# -- the blocks a report is made of (each renderer draws every one of them) -----------------
class Code(NamedTuple):
    """Inline code (a rule id, a column name, a file)."""

    text: str


class Badge(NamedTuple):
    """A status word with a tone (``good``, ``warn``, ``bad``, ``info``, ``none``)."""

    text: str
    tone: str | None = None


class Link(NamedTuple):
    text: str
    href: str


class Lines(NamedTuple):
    """A cell of several parts: the first is the value, the others muted notes under it."""

    parts: tuple[Any, ...]


Cell = str | Code | Badge | Link | Lines


@dataclasses.dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False


@dataclasses.dataclass(frozen=True)
class Heading:
    text: str


@dataclasses.dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[int, ...] = ()
    tones: tuple[str | None, ...] | None = None
    empty: str | None = None


@dataclasses.dataclass(frozen=True)
class Chart:
    """Horizontal bars (:class:`zjgov.report.html.Bar`); ``max_value=None`` scales to the largest."""

    bars: tuple[h.Bar, ...]
    label: str
    unit: str = "%"
    min_value: float = 0.0
    max_value: float | None = 100.0
    digits: int = 1
    width: int = 640
    marker_label: str = ""  # what the tick on a bar stands for (the threshold)


@dataclasses.dataclass(frozen=True)
class Cards:
    items: tuple[h.Card, ...]


@dataclasses.dataclass(frozen=True)
class Gauge:
    score: float | None
    label: str
    size: int = 112
    tone: str | None = None


@dataclasses.dataclass(frozen=True)
class Gauges:
    items: tuple[Gauge, ...]


@dataclasses.dataclass(frozen=True)
class Callout:
    lines: tuple[str, ...]
    tone: str = "info"


@dataclasses.dataclass(frozen=True)
class Side:
    """Blocks shown side by side where there is room (one after the other otherwise)."""

    blocks: tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class Details:
    summary: str
    blocks: tuple[Any, ...]
    open: bool = False


@dataclasses.dataclass(frozen=True)
class Pairs:
    pairs: tuple[tuple[str, str], ...]


@dataclasses.dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Any, ...]
    intro: str | None = None


@dataclasses.dataclass(frozen=True)
class Report:
    """Everything a report says, in order; :mod:`.html` and :mod:`.markdown` only draw it."""

    title: str
    lang: str
    sections: tuple[Section, ...]
    subtitle: str | None = None
    meta: Mapping[str, str] = dataclasses.field(default_factory=dict)
    nav: bool = True


# -- reading the result ----------------------------------------------------------------------
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
        source = d if d is not None else DIMENSIONS.get(key)
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

    def subtitle(self) -> str:
        return self.t(
            "subtitle",
            ruleset=self.r.ruleset.name,
            rows=fmt.number(self.r.dataset.rows),
            columns=fmt.number(len(self.r.dataset.columns)),
            created=_when(self.r.created),
        )

    def axis_note(self, start: float) -> str:
        return " " + self.t("axis_from", start=fmt.percent(start / 100, 0)) if start > 0 else ""


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


def _delta(value: float | None, scale: float = 1.0) -> str:
    if value is None:
        return fmt.DASH
    return f"{value * scale:+.1f}"


def _change_tone(change: str) -> str:
    return {"better": "good", "worse": "bad", "new": "info", "removed": "none"}.get(change, "none")


def _key_text(key: Mapping[str, str | None]) -> str:
    return ", ".join(f"{k}={'' if val is None else val}" for k, val in key.items())


# -- the sections ------------------------------------------------------------------------------
def describe(result: QualityResult | Mapping[str, Any], lang: str | None = None) -> Report:
    """The content of the quality report of ``result`` in ``lang``, section by section."""
    v = _view(result, lang)
    r = v.r
    sections = [_summary(v), _dimensions(v), _charts(v), _rules(v)]
    if v.errors:
        sections.append(_errors(v))
    if any(x.sample for x in r.rules):
        sections.append(_samples(v))
    if r.duplicates:
        sections.append(_duplicates(v))
    if r.comparison is not None:
        sections.append(_comparison(v))
    sections.append(_about(v))
    meta = {"zjgov-report": json.dumps(_index_entry(r), ensure_ascii=False)}
    return Report(v.t("title", name=r.dataset.name), v.lang, tuple(sections), v.subtitle(), meta)


def _summary(v: _View) -> Section:
    r = v.r
    overall = r.score.overall
    verdict = Badge(v.t("passed") if r.passed else v.t("failed"), "good" if r.passed else "bad")
    tiles = [
        h.Card(v.t("verdict"), verdict, "good" if r.passed else "bad"),
        h.Card(v.t("rows"), fmt.number(r.dataset.rows)),
    ]
    share = _failing_share(r)
    if share is not None:
        note = v.t("rows_failing_note", rows=fmt.number(r.dataset.rows_failing))
        tiles.append(h.Card(v.t("rows_failing"), fmt.percent(share, 1), "good" if not share else "warn", note))
    tiles.append(h.Card(v.t("rules_met"), f"{v.met} / {len(r.rules)}", "good" if not v.unmet else "warn"))
    if v.errors:
        tiles.append(h.Card(v.t("rule_errors_card"), str(len(v.errors)), "bad"))
    gauge = Gauge(overall, v.t("overall"), 150, _held_tone(overall, r.passed))
    blocks: list[Any] = [
        Side((Gauges((gauge,)), Cards(tuple(tiles)))),
        Callout(tuple(v.verdict_lines()), "good" if r.passed else "bad"),
    ]
    if v.attention:
        blocks += [Heading(v.t("attention")), Bullets(tuple(v.attention_line(x) for x in v.attention))]
    elif r.rules:
        blocks.append(Paragraph(v.t("all_clean")))
    return Section("summary", v.t("summary"), tuple(blocks))


def _dimensions(v: _View) -> Section:
    present = {d.dimension: d for d in v.r.dimensions}
    keys = [*DIMENSIONS, *(k for k in present if k not in DIMENSIONS)]
    gauges, rows, tones = [], [], []
    for key in keys:
        d = present.get(key)
        score = d.score if d is not None else None
        gauges.append(Gauge(score, v.dim_name(key), 112, _held_tone(score, d is None or d.rules_passed >= d.rules)))
        if d is None or d.score is None:
            rows.append((v.dim_name(key), v.t("not_evaluated"), fmt.DASH, str(d.rules if d else 0), "0"))
            tones.append(None)
            continue
        weight = v.r.score.weights.get(key)
        rows.append(
            (
                v.dim_name(key),
                fmt.score(d.score),
                fmt.number(weight, 2) if weight is not None else fmt.DASH,
                str(d.rules),
                str(d.rules_passed),
            )
        )
        tones.append("bad" if d.rules_passed < d.rules else None)
    bars = tuple(
        h.Bar(v.dim_name(d.dimension), d.score, _held_tone(d.score, d.rules_passed >= d.rules))
        for d in v.r.dimensions
        if d.score is not None or d.rules
    )
    cols = (v.t("dimension"), v.t("score"), v.t("weight"), v.t("rule_count"), v.t("rules_passed"))
    table = Table(cols, tuple(rows), (1, 2, 3, 4), tuple(tones))
    blocks = (Gauges(tuple(gauges)), Side((Chart(bars, v.t("dimensions")), table)))
    return Section("dimensions", v.t("dimensions"), blocks, v.t("dimensions_intro"))


def _rule_bar(v: _View, x: RuleResult) -> h.Bar:
    status, tone = v.status(x)
    value = x.pass_rate * 100 if x.pass_rate is not None and x.error is None else None
    return h.Bar(x.id, value, tone if x.error is None else "none", x.threshold * 100, f"{v.indicator(x)} — {status}")


def _charts(v: _View) -> Section:
    rule_bars = tuple(_rule_bar(v, x) for x in v.r.rules)
    rule_start = h.axis_start([b.value for b in rule_bars] + [b.marker for b in rule_bars])
    col_bars = tuple(h.Bar(c, s.rate * 100 if s.rate is not None else None) for c, s in v.columns.items())
    col_start = h.axis_start([b.value for b in col_bars])
    col_rows = tuple(
        (Code(c), str(s.rules), fmt.number(s.checked), fmt.number(s.checked - s.passed), fmt.percent(s.rate, 2))
        for c, s in v.columns.items()
    )
    col_table = Table(
        (v.t("column"), v.t("rule_count"), v.t("checks"), v.t("failures"), v.t("pass_rate")), col_rows, (1, 2, 3, 4)
    )
    blocks: list[Any] = [
        Heading(v.t("rules_chart")),
        Paragraph(v.t("rules_chart_intro") + v.axis_note(rule_start), muted=True),
        Chart(rule_bars, v.t("rules_chart"), min_value=rule_start, width=760, marker_label=v.t("threshold")),
        Heading(v.t("columns")),
        Paragraph(v.t("columns_intro") + v.axis_note(col_start), muted=True),
        Side((Chart(col_bars, v.t("columns"), min_value=col_start), col_table)),
        Heading(v.t("reasons")),
        Paragraph(v.t("reasons_intro"), muted=True),
    ]
    reasons = sorted(v.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    if reasons:
        bars = tuple(h.Bar(reason_label(k, v.lang), n, "bad", note=k) for k, n in reasons)
        rows = tuple((reason_label(k, v.lang), Code(k), fmt.number(n)) for k, n in reasons)
        table = Table((v.t("reason"), v.t("reason_code"), v.t("failed_rows")), rows, (2,))
        blocks.append(Side((Chart(bars, v.t("reasons"), unit="", max_value=None, digits=0), table)))
    else:
        blocks.append(Paragraph(v.t("all_clean")))
    return Section("charts", v.t("charts"), tuple(blocks))


#: The columns of the rule table.
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


def _rules(v: _View) -> Section:
    rows, tones = [], []
    for x in v.r.rules:
        status, tone = v.status(x)
        desc = x.description_zh if v.zh() else x.description_en
        rule_cell = Lines((Code(x.id), *([desc] if desc else []), *([_params_text(x.params)] if x.params else [])))
        columns = Lines((v.columns_of(x), *([v.t("filter", expr=x.filter)] if x.filter else [])))
        indicator = Lines((v.indicator(x), *([v.t("lower_is_better")] if x.lower_is_better else [])))
        rows.append(
            (
                rule_cell,
                indicator,
                columns,
                v.t(f"severity_{x.severity}"),
                fmt.percent(x.threshold, 2),
                fmt.number(x.checked),
                fmt.number(x.failed),
                fmt.percent(x.pass_rate, 2),
                Badge(status, tone),
                v.main_reasons(x) or fmt.DASH,
            )
        )
        tones.append(tone if tone in ("bad", "warn") else None)
    table = Table(tuple(v.t(key) for key in _RULE_COLUMNS), tuple(rows), (4, 5, 6, 7), tuple(tones))
    return Section("rules", v.t("rules"), (Paragraph(v.t("rules_table_intro"), muted=True), table))


def _errors(v: _View) -> Section:
    blocks = []
    for x in v.errors:
        assert x.error is not None
        message = x.error.message_zh if v.zh() else x.error.message_en
        blocks.append(Callout((f"{x.id} · {x.error.type}", message), "bad"))
    return Section("errors", v.t("errors"), tuple(blocks), v.t("errors_intro"))


def _samples(v: _View) -> Section:
    blocks = []
    for x in v.r.rules:
        if not x.sample:
            continue
        cols = v.sample_columns(x)
        rows = tuple(
            (str(s.row), reason_label(s.reason, v.lang), *(s.values.get(c, "") or "" for c in cols)) for s in x.sample
        )
        body: list[Any] = [Table((v.t("row"), v.t("reason"), *cols), rows, (0,))]
        if x.top_values:
            top = tuple((t.value, fmt.number(t.count)) for t in x.top_values)
            body += [Heading(v.t("top_values")), Table((v.t("value"), v.t("count")), top, (1,))]
        if x.failures_file:
            body.append(Lines((v.t("failures_file", file=""), Code(x.failures_file))))
        summary = v.t("samples_rule", id=x.id, failed=fmt.number(x.failed), shown=len(x.sample))
        blocks.append(Details(summary, tuple(body), open=not x.threshold_met))
    return Section("samples", v.t("samples"), tuple(blocks), v.t("samples_intro"))


def _duplicates(v: _View) -> Section:
    rows = tuple(
        (Code(g.rule), _key_text(g.key), fmt.number(g.count), ", ".join(str(n) for n in g.rows)) for g in v.r.duplicates
    )
    table = Table((v.t("rule"), v.t("key"), v.t("records"), v.t("row")), rows, (2,))
    return Section("duplicates", v.t("duplicates"), (table,), v.t("duplicates_intro"))


def _comparison(v: _View) -> Section:
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
    dim_rows = tuple(
        (
            v.dim_name(d.dimension),
            fmt.score(d.before),
            fmt.score(d.after),
            _delta(d.delta),
            Badge(v.t(f"change_{d.change}"), _change_tone(d.change)),
        )
        for d in c.dimensions
    )
    order = {"worse": 0, "removed": 1, "new": 2, "better": 3, "same": 4}
    changed = sorted((x for x in c.rules if x.change != "same"), key=lambda x: (order[x.change], x.id))
    rule_rows = tuple(
        (
            Code(x.id),
            fmt.percent(x.before, 2),
            fmt.percent(x.after, 2),
            _delta(x.delta, 100.0),
            Badge(v.t(f"change_{x.change}"), _change_tone(x.change)),
        )
        for x in changed
    )
    trend = (v.t("before"), v.t("after"), v.t("delta"), v.t("trend"))
    tone = _change_tone(c.overall_change)
    blocks = (
        Callout((head,), tone if tone != "none" else "info"),
        Table((v.t("dimension"), *trend), dim_rows, (1, 2, 3)),
        Table((v.t("rule"), *trend), rule_rows, (1, 2, 3), empty=v.t("no_changes")),
    )
    return Section("comparison", v.t("comparison"), blocks)


def _about(v: _View) -> Section:
    r = v.r
    pairs = (
        (v.t("standard"), v.t("standard_name")),
        (v.t("ruleset"), r.ruleset.name),
        (v.t("source"), r.ruleset.source or fmt.DASH),
        (v.t("data_file"), r.dataset.path or r.dataset.name),
        (v.t("created"), _when(r.created)),
        (v.t("version"), r.zjgov_version),
        (v.t("weight"), ", ".join(f"{v.dim_name(k)} {w:.2f}" for k, w in r.score.weights.items()) or fmt.DASH),
    )
    return Section("about", v.t("about"), (Pairs(pairs),))


# -- the run index -------------------------------------------------------------------------------
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


def describe_index(folder: str, entries: list[tuple[str, Mapping[str, Any]]], lang: str | None = None) -> Report:
    """The run index of ``folder``: ``entries`` are ``(file name, index entry)`` of its reports."""
    lang = i18n.check_lang(lang)

    def t(key: str, **fields: object) -> str:
        return i18n.text(f"quality.report.{key}", lang, **fields)

    ordered = sorted(entries, key=lambda e: str(e[1].get("created", "")), reverse=True)
    rows, tones = [], []
    for name, e in ordered:
        share = e["rows_failing"] / e["rows"] if e.get("rows_failing") is not None and e.get("rows") else None
        passed = bool(e.get("passed"))
        rows.append(
            (
                Link(name, name),
                str(e.get("dataset", "")),
                str(e.get("created", "")).replace("T", " "),
                fmt.score(e.get("score")),
                Badge(t("passed") if passed else t("failed"), "good" if passed else "bad"),
                fmt.number(e.get("rows")),
                fmt.percent(share, 1),
            )
        )
        tones.append(None if passed else "bad")
    cols = (t("report"), t("data_file"), t("created"), t("overall"), t("verdict"), t("rows"), t("rows_failing"))
    title = t("index_title", folder=folder)
    section = Section("reports", title, (Table(cols, tuple(rows), (3, 5, 6), tuple(tones)),), t("index_intro"))
    return Report(title, lang, (section,), meta={"zjgov-index": "1"}, nav=False)
