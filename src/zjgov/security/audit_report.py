"""Rendering the release audit: terminal text, an HTML page, and the effect-evaluation report.

The effect-evaluation report follows the outline of GB/T 42460-2023 个人信息去标识化效果评估指南
(评估对象 → 标识符处理 → 准标识符 → 隐私模型指标 → 重标识风险 → 残余风险 → 结论); the standard's own
wording of its effectiveness levels was not available, so the conclusion is stated in zjgov's
words (meets / does not meet the protection list for the scenario) rather than as a 标识度 level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zjgov import i18n
from zjgov.report import fmt
from zjgov.report import html as h
from zjgov.security.protection.model import SCENARIO_NAMES

if TYPE_CHECKING:
    from zjgov.security.audit import AuditResult

i18n.add(
    {
        "audit.title": ("数据发布审计", "Release audit"),
        "audit.effect_title": ("个人信息去标识化效果评估报告", "De-identification effect evaluation report"),
        "audit.verdict_pass": (
            "结论：{scenario}无阻断项（{warnings} 项提示）",
            "Verdict: nothing blocks {scenario} ({warnings} notes)",
        ),
        "audit.verdict_fail": (
            "结论：{errors} 项问题阻止{scenario}（另有 {warnings} 项提示）",
            "Verdict: {errors} problems block {scenario} ({warnings} notes besides)",
        ),
        "audit.sev.error": ("阻断", "blocks"),
        "audit.sev.warning": ("提示", "note"),
        "audit.sev.info": ("信息", "info"),
        "audit.fix": ("处理建议", "remedy"),
        "audit.entry": ("清单条目", "list entry"),
        "audit.h.findings": ("审计发现", "Findings"),
        "audit.h.columns": ("字段处理情况", "Columns"),
        "audit.h.object": ("评估对象", "Object of evaluation"),
        "audit.h.identifiers": ("标识符处理情况", "Identifiers handled"),
        "audit.h.qis": ("准标识符", "Quasi-identifiers"),
        "audit.h.model": ("隐私模型指标", "Privacy-model figures"),
        "audit.h.risk": ("重标识风险", "Re-identification risk"),
        "audit.h.hist": ("等价类规模分布", "Equivalence-class sizes"),
        "audit.h.residual": ("残余风险", "Residual risk"),
        "audit.h.conclusion": ("结论", "Conclusion"),
        "audit.c.column": ("字段", "column"),
        "audit.c.category": ("类别", "category"),
        "audit.c.level": ("级别", "level"),
        "audit.c.role": ("角色", "role"),
        "audit.c.required": ("要求的最低处理", "required"),
        "audit.c.applied": ("已做处理", "applied"),
        "audit.c.status": ("状态", "status"),
        "audit.c.severity": ("严重程度", "severity"),
        "audit.c.finding": ("发现", "finding"),
        "audit.c.metric": ("指标", "figure"),
        "audit.c.required_value": ("要求", "required"),
        "audit.c.achieved": ("实际", "achieved"),
        "audit.c.size": ("等价类规模", "class size"),
        "audit.c.classes": ("等价类数", "classes"),
        "audit.c.records": ("记录数", "records"),
        "audit.role.direct": ("直接标识符", "direct identifier"),
        "audit.role.quasi": ("准标识符", "quasi-identifier"),
        "audit.role.sensitive": ("敏感属性", "sensitive attribute"),
        "audit.role.other": ("其他", "other"),
        "audit.ok": ("满足", "meets"),
        "audit.not_ok": ("不满足", "fails"),
        "audit.rows": ("记录数", "records"),
        "audit.scenario": ("发布场景", "scenario"),
        "audit.list": ("保护清单", "protection list"),
        "audit.source": ("数据", "data"),
        "audit.record": ("脱敏记录", "mask record"),
        "audit.none": ("无", "none"),
        "audit.prosecutor": ("检察官攻击（已知目标在数据中）", "prosecutor (target known to be in the data)"),
        "audit.journalist": ("记者攻击（对照总体表）", "journalist (matched against a population table)"),
        "audit.marketer": ("营销者攻击（批量重标识）", "marketer (re-identify as many as possible)"),
        "audit.highest": ("最高风险", "highest risk"),
        "audit.average": ("平均风险", "average risk"),
        "audit.at_risk": ("风险超过阈值 {threshold} 的记录比例", "share of records above the threshold {threshold}"),
        "audit.unique": ("唯一组合的记录比例", "share of records with a unique combination"),
        "audit.suppressed": ("已抑制记录", "suppressed records"),
        "audit.residual.reversible": (
            "列“{column}”使用可逆处理（{operator}）：持有密钥者可还原，密钥须按密钥管理要求保管",
            "column '{column}' uses a reversible treatment ({operator}): key holders can reverse it; keep the key under key management",
        ),
        "audit.residual.partial": (
            "列“{column}”的处理（{operator}）保留部分字符，可能与其他信息结合识别",
            "column '{column}' keeps part of its value ({operator}); combined with other data it may still identify",
        ),
        "audit.residual.none": ("未发现额外的残余风险", "no further residual risk found"),
        "audit.residual.risk": (
            "平均重标识风险 {average}，最高 {highest}；{share} 的记录组合唯一",
            "average re-identification risk {average}, highest {highest}; {share} of records have a unique combination",
        ),
        "audit.conclusion.pass": (
            "按保护清单“{list}”，{scenario}场景下未发现阻断项：直接标识符已按要求处理，准标识符满足 k={k}",
            "Under the protection list '{list}', nothing blocks {scenario}: direct identifiers are treated as required and the quasi-identifiers reach k={k}",
        ),
        "audit.conclusion.fail": (
            "按保护清单“{list}”，{scenario}场景下有 {errors} 项阻断问题，处理前不得发布",
            "Under the protection list '{list}', {errors} problems block {scenario}; do not release before they are fixed",
        ),
    }
)


def _sname(result: AuditResult, lang: str) -> str:
    return SCENARIO_NAMES[result.scenario][0 if lang == "zh" else 1]


def text_summary(result: AuditResult, lang: str | None = None) -> str:
    lang = i18n.check_lang(lang)
    s = _sname(result, lang)
    lines = []
    if result.passed:
        lines.append(i18n.text("audit.verdict_pass", lang, scenario=s, warnings=len(result.warnings)))
    else:
        lines.append(
            i18n.text("audit.verdict_fail", lang, scenario=s, errors=len(result.errors), warnings=len(result.warnings))
        )
    for v in result.violations:
        sev = i18n.text(f"audit.sev.{v.severity}", lang)
        lines.append(f"  [{sev}] {v.message(lang)}")
        if v.remedy(lang):
            lines.append(f"      → {v.remedy(lang)}")
    m = result.measurement
    if m is not None:
        k_req = result.requirement.k
        lines.append(
            (
                "  k = {k}（要求 {req}），最高重标识风险 {r}，准标识符：{q}"
                if lang == "zh"
                else "  k = {k} (required {req}), highest re-identification risk {r}, quasi-identifiers: {q}"
            ).format(k=m.k, req=k_req if k_req else "-", r=fmt.percent(m.prosecutor.highest), q=", ".join(result.qis))
        )
    return "\n".join(lines)


def _both(key: str, lang: str) -> str:
    other = "en" if lang == "zh" else "zh"
    return f"{i18n.text(key, lang)} / {i18n.text(key, other)}"


def _findings_table(result: AuditResult, lang: str) -> Any:
    tones = {"error": "bad", "warning": "warn", "info": "info"}
    rows = [
        [
            h.badge(i18n.text(f"audit.sev.{v.severity}", lang), tones[v.severity]),
            v.message(lang),
            v.remedy(lang),
            f"{v.entry or ''} {v.source or ''}".strip(),
        ]
        for v in result.violations
    ]
    cols = [i18n.text(k, lang) for k in ("audit.c.severity", "audit.c.finding", "audit.fix", "audit.entry")]
    return h.table(cols, rows, row_tones=[tones[v.severity] for v in result.violations], lang=lang)


def _columns_table(result: AuditResult, lang: str) -> Any:
    yes, no = i18n.text("audit.ok", lang), i18n.text("audit.not_ok", lang)
    rows = [
        [
            c.column,
            c.category or "",
            c.level or "",
            i18n.text(f"audit.role.{c.role}", lang),
            c.required,
            c.applied or i18n.text("audit.nothing_applied", lang),
            h.badge(yes if c.ok else no, "good" if c.ok else "bad"),
        ]
        for c in result.columns
    ]
    cols = [
        i18n.text(f"audit.c.{k}", lang)
        for k in ("column", "category", "level", "role", "required", "applied", "status")
    ]
    return h.table(cols, rows, row_tones=[None if c.ok else "bad" for c in result.columns], lang=lang)


def render_audit(result: AuditResult, lang: str | None = None) -> str:
    """The audit and its effect evaluation as one self-contained HTML page."""
    lang = i18n.check_lang(lang)
    s = _sname(result, lang)
    verdict = (
        i18n.text("audit.verdict_pass", lang, scenario=s, warnings=len(result.warnings))
        if result.passed
        else i18n.text("audit.verdict_fail", lang, scenario=s, errors=len(result.errors), warnings=len(result.warnings))
    )
    m = result.measurement
    cards = [
        h.Card(i18n.text("audit.scenario", lang), s, None),
        h.Card(i18n.text("audit.sev.error", lang), str(len(result.errors)), "bad" if result.errors else "good"),
        h.Card(i18n.text("audit.sev.warning", lang), str(len(result.warnings)), "warn" if result.warnings else "good"),
        h.Card(
            "k",
            str(m.k) if m else "-",
            "good"
            if (m and result.requirement.k and m.k >= result.requirement.k)
            else ("bad" if m and result.requirement.k else None),
            f"≥ {result.requirement.k}" if result.requirement.k else None,
        ),
        h.Card(i18n.text("audit.rows", lang), f"{result.rows:,}", None),
    ]
    sections = [
        h.section(
            _both("audit.h.findings", lang),
            h.callout(verdict, tone="good" if result.passed else "bad"),
            h.cards(cards),
            _findings_table(result, lang),
            id="findings",
        ),
        h.section(_both("audit.h.columns", lang), _columns_table(result, lang), id="columns"),
        *_effect_sections(result, lang),
    ]
    nav = [
        ("findings", i18n.text("audit.h.findings", lang)),
        ("columns", i18n.text("audit.h.columns", lang)),
        ("model", i18n.text("audit.h.model", lang)),
        ("conclusion", i18n.text("audit.h.conclusion", lang)),
    ]
    subtitle = f"{i18n.text('audit.list', lang)}: {result.list_name} · {i18n.text('audit.source', lang)}: {result.source or '-'}"
    return h.page(
        i18n.text("audit.title", lang) + " / " + i18n.text("audit.title", "en" if lang == "zh" else "zh"),
        sections,
        lang,
        subtitle=subtitle,
        nav=nav,
    )


def render_effect(result: AuditResult, lang: str | None = None) -> str:
    """The effect-evaluation report alone as an HTML page."""
    lang = i18n.check_lang(lang)
    return h.page(
        _both("audit.effect_title", lang),
        _effect_sections(result, lang),
        lang,
        subtitle=f"{i18n.text('audit.list', lang)}: {result.list_name}",
    )


def _residual(result: AuditResult, lang: str) -> list[str]:
    from zjgov.security.protection import strength

    items = []
    for c in result.columns:
        if not c.applied or c.applied in ("removed", "keep"):
            continue
        try:
            t = strength.parse(c.applied)
        except strength.UnknownTreatment:
            continue
        if t.tier == 3:
            items.append(i18n.text("audit.residual.reversible", lang, column=c.column, operator=c.applied))
        elif t.tier == 2:
            items.append(i18n.text("audit.residual.partial", lang, column=c.column, operator=c.applied))
    m = result.measurement
    if m is not None:
        items.insert(
            0,
            i18n.text(
                "audit.residual.risk",
                lang,
                average=fmt.percent(m.prosecutor.average),
                highest=fmt.percent(m.prosecutor.highest),
                share=fmt.percent(m.uniqueness.share),
            ),
        )
    return items or [i18n.text("audit.residual.none", lang)]


def _conclusion(result: AuditResult, lang: str) -> str:
    s = _sname(result, lang)
    if result.passed:
        return i18n.text(
            "audit.conclusion.pass", lang, list=result.list_name, scenario=s, k=result.requirement.k or "-"
        )
    return i18n.text("audit.conclusion.fail", lang, list=result.list_name, scenario=s, errors=len(result.errors))


def _effect_sections(result: AuditResult, lang: str) -> list[Any]:
    m = result.measurement
    req = result.requirement
    obj = h.dl(
        [
            (i18n.text("audit.source", lang), result.source or "-"),
            (i18n.text("audit.rows", lang), f"{result.rows:,}"),
            (i18n.text("audit.scenario", lang), _sname(result, lang)),
            (i18n.text("audit.list", lang), f"{result.list_name} ({', '.join(result.list_files)})"),
            (i18n.text("audit.record", lang), (result.mask_record or {}).get("created", i18n.text("audit.none", lang))),
        ]
    )
    ident = [c for c in result.columns if c.role == "direct"]
    ident_rows = [
        [
            c.column,
            c.required,
            c.applied or i18n.text("audit.nothing_applied", lang),
            i18n.text("audit.ok" if c.ok else "audit.not_ok", lang),
        ]
        for c in ident
    ]
    ident_cols = [i18n.text(f"audit.c.{k}", lang) for k in ("column", "required", "applied", "status")]
    qi_text = "、".join(result.qis) if lang == "zh" else ", ".join(result.qis)
    out = [
        h.section(_both("audit.h.object", lang), obj, id="object"),
        h.section(
            _both("audit.h.identifiers", lang),
            h.table(ident_cols, ident_rows, row_tones=[None if c.ok else "bad" for c in ident], lang=lang),
            id="identifiers",
        ),
        h.section(_both("audit.h.qis", lang), h.paragraph(qi_text or i18n.text("audit.none", lang)), id="qis"),
    ]
    if m is not None:
        model_rows = [
            ["k", str(req.k or "-"), str(m.k)],
            [i18n.text("audit.c.classes", lang), "-", f"{m.classes:,}"],
            [i18n.text("audit.suppressed", lang), "-", f"{m.suppressed:,}"],
        ]
        for s in result.sensitive:
            model_rows.append([f"l（{s}）" if lang == "zh" else f"l ({s})", str(req.l or "-"), str(m.l[s])])
            model_rows.append([f"t（{s}）" if lang == "zh" else f"t ({s})", str(req.t or "-"), f"{m.t[s]:.4f}"])
        cols = [i18n.text(f"audit.c.{k}", lang) for k in ("metric", "required_value", "achieved")]
        out.append(h.section(_both("audit.h.model", lang), h.table(cols, model_rows, lang=lang), id="model"))
        thr = m.prosecutor.threshold
        risk_rows = [
            [
                i18n.text("audit.prosecutor", lang),
                fmt.percent(m.prosecutor.highest),
                fmt.percent(m.prosecutor.average),
                fmt.percent(m.prosecutor.records_at_risk),
            ],
        ]
        if m.journalist is not None:
            risk_rows.append(
                [
                    i18n.text("audit.journalist", lang),
                    fmt.percent(m.journalist.highest),
                    fmt.percent(m.journalist.average),
                    fmt.percent(m.journalist.records_at_risk),
                ]
            )
        risk_rows.append([i18n.text("audit.marketer", lang), "-", fmt.percent(m.marketer), "-"])
        cols = [
            "",
            i18n.text("audit.highest", lang),
            i18n.text("audit.average", lang),
            i18n.text("audit.at_risk", lang, threshold=fmt.percent(thr)),
        ]
        out.append(
            h.section(
                _both("audit.h.risk", lang),
                h.table(cols, risk_rows, numeric=[1, 2, 3], lang=lang),
                h.paragraph(f"{i18n.text('audit.unique', lang)}: {fmt.percent(m.uniqueness.share)}"),
                id="risk",
            )
        )
        hist = m.histogram.head(30)
        bars = [
            h.Bar(str(int(r.size)), float(r.records), "bad" if req.k and r.size < req.k else "good")
            for r in hist.itertuples()
        ]
        out.append(
            h.section(
                _both("audit.h.hist", lang),
                h.figure(h.bar_chart(bars)) if bars else h.paragraph(i18n.text("audit.none", lang)),
                h.table(
                    [i18n.text(f"audit.c.{k}", lang) for k in ("size", "classes", "records")],
                    [[int(r.size), int(r.classes), int(r.records)] for r in hist.itertuples()],
                    numeric=[0, 1, 2],
                    lang=lang,
                ),
                id="histogram",
            )
        )
    out.append(h.section(_both("audit.h.residual", lang), h.bullet_list(_residual(result, lang)), id="residual"))
    out.append(
        h.section(
            _both("audit.h.conclusion", lang),
            h.callout(_conclusion(result, lang), tone="good" if result.passed else "bad"),
            id="conclusion",
        )
    )
    return out


def effect_report(result: AuditResult) -> dict[str, Any]:
    """The effect evaluation as JSON-ready data, every text in Chinese and English."""
    m = result.measurement

    def both(f):
        return {"zh": f("zh"), "en": f("en")}

    return {
        "format": "zjgov-deid-effect/1",
        "standard": "GB/T 42460-2023 (outline); GB/T 37964-2019",
        "object": {
            "source": result.source,
            "rows": result.rows,
            "scenario": result.scenario,
            "protection_list": result.list_name,
        },
        "identifiers": [
            {"column": c.column, "required": c.required, "applied": c.applied, "ok": c.ok}
            for c in result.columns
            if c.role == "direct"
        ],
        "quasi_identifiers": list(result.qis),
        "sensitive": list(result.sensitive),
        "model": None
        if m is None
        else {
            "k": m.k,
            "k_required": result.requirement.k,
            "l": m.l,
            "l_required": result.requirement.l,
            "t": m.t,
            "t_required": result.requirement.t,
            "t_distance": dict(result.t_distance),
            "classes": m.classes,
            "suppressed": m.suppressed,
        },
        "risk": None
        if m is None
        else {
            "prosecutor": m.prosecutor.to_dict(),
            "journalist": m.journalist.to_dict() if m.journalist else None,
            "marketer": m.marketer,
            "uniqueness": m.uniqueness.to_dict(),
        },
        "histogram": None if m is None else m.histogram.to_dict("records"),
        "residual": both(lambda lang: _residual(result, lang)),
        "conclusion": {"passed": result.passed, **both(lambda lang: _conclusion(result, lang))},
    }
