"""Grading (数据分级): a level per column and per dataset under a scheme, with reasons.

Column: the category's tier (or its per-scheme level) under the sensitive-data basis, raised
by context rules — personal data of minors under 14 (from ID numbers, birth dates or ages) is
sensitive (PIPL Art. 28). Dataset: the highest column level (就高从严), raised by combination
rules (identity + contact + address for many people) and volume rules.

>>> from zjgov.classification.catalogue import load_catalogue
>>> from zjgov.classification.schemes import load_scheme
>>> cat, s = load_catalogue(), load_scheme("db33-2350")
>>> g = grade_column("person.citizen_id", cat, s)
>>> g.level, g.sensitive
('L4', True)
>>> grade_column("person.citizen_id", cat, s, basis="gbt45574").level
'L3'
>>> grade_column("person.name", cat, s, minors_share=0.3).level
'L4'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from zjgov import i18n
from zjgov.classification.catalogue import TIERS, Catalogue
from zjgov.classification.detect import Evidence
from zjgov.classification.schemes import Scheme

i18n.add(
    {
        "classification.gr.tier": (
            "类别 {category} 的默认级别为 {level}（{tier}）",
            "category {category} defaults to {level} ({tier})",
        ),
        "classification.gr.category_level": (
            "类别 {category} 在本方案中规定为 {level}",
            "category {category} is set to {level} in this scheme",
        ),
        "classification.gr.basis": (
            "依 GB/T 45574-2025，单独的证件号码不作为敏感个人信息",
            "under GB/T 45574-2025 a bare ID number is not sensitive by itself",
        ),
        "classification.gr.minors": (
            "{share}% 的个人不满 {age} 周岁：未成年人个人信息为敏感个人信息（PIPL 第二十八条），升至 {level}",
            "{share}% of persons are under {age}: minors' personal information is sensitive (PIPL Art. 28); raised to {level}",
        ),
        "classification.gr.minors_dataset": (
            "{share}% 的个人不满 {age} 周岁：全部个人信息字段按敏感个人信息管理（至少 {level}）",
            "{share}% of persons are under {age}: every personal column is sensitive (at least {level})",
        ),
        "classification.gr.highest": (
            "取各列最高级别 {level}（列“{column}”）",
            "highest column level {level} (column '{column}')",
        ),
        "classification.gr.combination": (
            "同时含 {groups} 且 {rows} 行（≥ {min_rows}）：组合风险，升至 {level}",
            "{groups} together in {rows} rows (>= {min_rows}): combination risk, raised to {level}",
        ),
        "classification.gr.volume": (
            "含个人信息且 {rows} 行（≥ {min_rows}）：规模风险，升至 {level}",
            "personal information in {rows} rows (>= {min_rows}): volume risk, raised to {level}",
        ),
        "classification.gr.override": ("人工指定级别 {level}：{reason}", "level {level} set by a reviewer: {reason}"),
        "classification.gr.open_in_person_table": (
            "数据集以个人为对象，{level} 可无条件开放：需人工复核",
            "the table is about persons and {level} would open this column unconditionally: review",
        ),
    }
)


@dataclasses.dataclass(frozen=True)
class ColumnGrade:
    """The level of one column and why."""

    level: str
    tier: str
    personal: bool
    sensitive: bool
    pipl: str
    reasons: tuple[Evidence, ...]


@dataclasses.dataclass(frozen=True)
class DatasetGrade:
    """The level of the whole dataset and why."""

    level: str
    reasons: tuple[Evidence, ...]


def _tier_max(a: str, b: str) -> str:
    return a if TIERS.index(a) >= TIERS.index(b) else b


def minors_rule(scheme: Scheme):
    return next((r for r in scheme.rules if r.type == "minors"), None)


def grade_column(
    category_id: str,
    cat: Catalogue,
    scheme: Scheme,
    *,
    basis: str = "gbt35273",
    minors_share: float | None = None,
) -> ColumnGrade:
    """The level of a column of ``category_id``; ``minors_share`` = share of persons under 14 in the dataset."""
    base = cat[category_id]
    c = cat.effective(category_id, basis=basis)
    tier = c.tier or "internal"
    reasons: list[Evidence] = []
    sensitive, pipl = c.sensitive, c.pipl
    if base.sensitive and not c.sensitive:
        reasons.append(Evidence("grading", "classification.gr.basis"))
    rule = minors_rule(scheme)
    minors = rule is not None and c.personal and minors_share is not None and minors_share >= rule.min_share
    if minors:
        tier = _tier_max(tier, "sensitive")
        sensitive, pipl = True, pipl or "不满十四周岁未成年人"
    if scheme.id in c.levels:
        level = scheme.check_level(c.levels[scheme.id])
        reasons.append(Evidence("grading", "classification.gr.category_level", {"category": c.id, "level": level}))
    else:
        level = scheme.level_for_tier(c.tier or "internal")
        reasons.append(
            Evidence("grading", "classification.gr.tier", {"category": c.id, "level": level, "tier": c.tier})
        )
    if minors:
        level = scheme.highest([level, scheme.level_for_tier(tier)])
        reasons.append(
            Evidence(
                "grading",
                "classification.gr.minors",
                {"share": round(100 * minors_share, 1), "age": rule.max_age, "level": level},
            )
        )
    return ColumnGrade(level, tier, c.personal, sensitive, pipl, tuple(reasons))


def grade_dataset(
    columns: Sequence[tuple[str, str, ColumnGrade]],
    cat: Catalogue,
    scheme: Scheme,
    *,
    rows: int,
) -> DatasetGrade:
    """``columns`` = (column name, category id, grade); ``rows`` = rows of the whole dataset."""
    if not columns:
        return DatasetGrade(scheme.levels[0], ())
    top_col = max(columns, key=lambda c: scheme.rank(c[2].level))
    level = top_col[2].level
    reasons = [Evidence("grading", "classification.gr.highest", {"level": level, "column": top_col[0]})]
    personal = [(name, cat[cid]) for name, cid, g in columns if g.personal]
    groups = set().union(*(c.groups for _, c in personal)) if personal else set()
    for rule in scheme.rules:
        if rule.type == "combination" and personal and set(rule.groups) <= groups and rows >= rule.min_rows:
            new = scheme.raise_level(level, rule.steps, rule.cap)
            if new != level:
                level = new
                reasons.append(
                    Evidence(
                        "grading",
                        "classification.gr.combination",
                        {"groups": "+".join(rule.groups), "rows": rows, "min_rows": rule.min_rows, "level": level},
                    )
                )
        elif rule.type == "volume" and personal and rows >= rule.min_rows and rule.to is not None:
            new = scheme.highest([level, rule.to])
            if new != level:
                level = new
                reasons.append(
                    Evidence(
                        "grading", "classification.gr.volume", {"rows": rows, "min_rows": rule.min_rows, "level": level}
                    )
                )
    return DatasetGrade(level, tuple(reasons))
