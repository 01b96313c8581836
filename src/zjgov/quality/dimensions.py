"""GB/T 36344-2018 数据质量评价指标: six dimensions and their second-level indicators.

Keys are English; every dimension and indicator carries its Chinese and English name. The
standard fixes no weights; the defaults (0.20 规范性, 0.20 完整性, 0.15 for each of the
others) follow common practice and are renormalised over the dimensions a rule set uses.

>>> DIMENSIONS["completeness"].name_zh
'完整性'
>>> INDICATORS["duplication_rate"].lower_is_better, INDICATORS["duplication_rate"].dimension
(True, 'accuracy')
>>> {k: round(v, 3) for k, v in default_weights(["conformity", "timeliness"]).items()}
{'conformity': 0.571, 'timeliness': 0.429}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping


@dataclasses.dataclass(frozen=True)
class Dimension:
    """A first-level indicator (一级指标)."""

    key: str
    name_zh: str
    name_en: str
    weight: float


@dataclasses.dataclass(frozen=True)
class Indicator:
    """A second-level indicator (二级指标); ``lower_is_better`` measures count bad elements."""

    key: str
    dimension: str
    name_zh: str
    name_en: str
    lower_is_better: bool = False


DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in (
        Dimension("conformity", "规范性", "conformity", 0.20),
        Dimension("completeness", "完整性", "completeness", 0.20),
        Dimension("accuracy", "准确性", "accuracy", 0.15),
        Dimension("consistency", "一致性", "consistency", 0.15),
        Dimension("timeliness", "时效性", "timeliness", 0.15),
        Dimension("accessibility", "可访问性", "accessibility", 0.15),
    )
}

INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator("data_standard", "conformity", "数据标准", "data standard"),
        Indicator("data_model", "conformity", "数据模型", "data model"),
        Indicator("metadata", "conformity", "元数据", "metadata"),
        Indicator("business_rule", "conformity", "业务规则", "business rules"),
        Indicator("reference_data", "conformity", "权威参考数据", "authoritative reference data"),
        Indicator("security", "conformity", "安全规范", "security rules"),
        Indicator("element_completeness", "completeness", "数据元素完整性", "data element completeness"),
        Indicator("record_completeness", "completeness", "数据记录完整性", "data record completeness"),
        Indicator("content_correctness", "accuracy", "数据内容正确性", "content correctness"),
        Indicator("format_compliance", "accuracy", "数据格式合规性", "format compliance"),
        Indicator("duplication_rate", "accuracy", "数据重复率", "duplication rate", lower_is_better=True),
        Indicator("uniqueness", "accuracy", "数据唯一性", "uniqueness"),
        Indicator("dirty_data_rate", "accuracy", "脏数据出现率", "dirty data rate", lower_is_better=True),
        Indicator("same_data_consistency", "consistency", "相同数据一致性", "same-data consistency"),
        Indicator("related_data_consistency", "consistency", "关联数据一致性", "related-data consistency"),
        Indicator("period_correctness", "timeliness", "基于时间段的正确性", "correctness over a period"),
        Indicator("point_timeliness", "timeliness", "基于时间点的及时性", "timeliness at a point in time"),
        Indicator("sequence", "timeliness", "时序性", "time order"),
        Indicator("accessible", "accessibility", "可访问", "accessible"),
        Indicator("usable", "accessibility", "可用性", "usable"),
    )
}


def indicators_of(dimension: str) -> list[str]:
    """The indicator keys of ``dimension``, in the standard's order.

    >>> indicators_of("consistency")
    ['same_data_consistency', 'related_data_consistency']
    """
    return [k for k, i in INDICATORS.items() if i.dimension == dimension]


def default_weights(present: Iterable[str], weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """Dimension weights (``weights`` overriding the defaults) renormalised over ``present``."""
    chosen = {d: float((weights or {}).get(d, DIMENSIONS[d].weight)) for d in DIMENSIONS if d in set(present)}
    total = sum(chosen.values())
    if total <= 0:
        return {d: 0.0 for d in chosen}
    return {d: w / total for d, w in chosen.items()}
