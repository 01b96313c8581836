"""One category per column from name evidence and value evidence, with the reasons.

Rules, in order:

1. the name points to a category and some value kind supports it: the name's category, with a
   confidence from both (noisy-OR);
2. a *strong* value kind (check digits, e-mail, IP …) that the name's category does not
   support and that covers at least as many values: the values win (a misleading name);
3. a strong or medium kind covering ≥ 80 % of values that the name's category does not
   support: the values win, flagged for review (conflict);
4. only the name (values empty or uninformative): the name's category, lower confidence; but a
   loosely matched name (not exact) whose category needs specific content the values lack
   defers to the values, flagged for review;
5. only the values: the category the value kind points to in this dataset's context;
6. nothing: ``general.unknown``, flagged for review.

A result with confidence below 0.6 or with conflicting evidence is flagged for review.

>>> import pandas as pd
>>> from zjgov.classification.catalogue import load_catalogue
>>> from zjgov.classification.detectors import value_evidence
>>> cat = load_catalogue()
>>> r = detect_column("备注", value_evidence(pd.Series(["11010519491231002X"] * 3)), cat)
>>> r.category, r.review
('person.citizen_id', True)
>>> detect_column("C1", value_evidence(pd.Series(["张伟", "王芳", "李强"])), cat).category
'person.name'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from zjgov import i18n
from zjgov.classification.catalogue import Catalogue
from zjgov.classification.detectors import ValueEvidence
from zjgov.classification.kinds import WEAK, display, specificity
from zjgov.classification.names import NameHit, is_meaningless, name_evidence

REVIEW_BELOW = 0.6
_HOW_ZH = {"exact": "完全匹配", "suffix": "词尾匹配", "contains": "包含", "qualifier": "限定词"}


def _kind(kind: str) -> dict[str, str]:
    return {"kind": kind, "kind_zh": display(kind, "zh"), "kind_en": display(kind, "en")}


_VALUE_WEIGHT = {"strong": 0.95, "medium": 0.85, "weak": 0.55}

i18n.add(
    {
        "classification.ev.name": (
            "列名含“{term}”（{how_zh}），指向 {category}",
            "column name contains '{term}' ({how}), pointing to {category}",
        ),
        "classification.ev.meaningless": (
            "列名无含义，仅依据取值判断",
            "meaningless column name; judged from the values only",
        ),
        "classification.ev.no_name": ("列名未匹配任何同义词", "the column name matches no synonym"),
        "classification.ev.value": ("{share}% 的取值为{kind_zh}", "{share}% of values are {kind_en}"),
        "classification.ev.no_values": ("无非空取值", "no non-empty values"),
        "classification.ev.few_values": ("仅 {n} 个非空取值，证据较弱", "only {n} non-empty values; weak evidence"),
        "classification.ev.conflict": (
            "列名指向 {name_category}，但取值表明是 {category}：以取值为准",
            "the name points to {name_category} but the values show {category}: the values win",
        ),
        "classification.ev.unsupported": (
            "取值（{kind_zh}）不支持列名所指类别，需复核",
            "the values ({kind_en}) do not support the name's category; review",
        ),
        "classification.ev.context": (
            "数据集主体为 {context}，类别取 {category}",
            "dataset subject is {context}, so {category}",
        ),
        "classification.ev.unknown": ("列名和取值均不足以判断类别", "neither name nor values are enough to decide"),
    }
)


@dataclasses.dataclass(frozen=True)
class Evidence:
    """One reason, as a message key and its language-neutral fields."""

    source: str  # name | value | context | grading | override
    key: str
    fields: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return i18n.text(self.key, lang, **self.fields)

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "key": self.key, "fields": dict(self.fields)}


@dataclasses.dataclass(frozen=True)
class Detection:
    """The category of one column and why."""

    column: str
    category: str
    kind: str | None  # the value kind that supports the category
    confidence: float
    review: bool
    evidence: tuple[Evidence, ...]
    values: ValueEvidence
    name_hit: NameHit | None


def detect_column(
    column: object, values: ValueEvidence, cat: Catalogue, context: str = "general", hit: NameHit | None = None
) -> Detection:
    """Fuse the name and value evidence of one column (see the module docstring)."""
    hit = hit if hit is not None else name_evidence(column, cat)
    ev: list[Evidence] = []
    name_cat = hit.category(context) if hit else None
    if hit:
        fields = {"term": hit.term, "how": hit.how, "how_zh": _HOW_ZH[hit.how], "category": name_cat}
        ev.append(Evidence("name", "classification.ev.name", fields))
    elif is_meaningless(column):
        ev.append(Evidence("name", "classification.ev.meaningless"))
    else:
        ev.append(Evidence("name", "classification.ev.no_name"))
    kinds = values.kinds()
    for kind, share in kinds[:3]:
        ev.append(Evidence("value", "classification.ev.value", {"share": round(100 * share, 1), **_kind(kind)}))
    if values.n == 0:
        ev.append(Evidence("value", "classification.ev.no_values"))
    elif values.n < 5:
        ev.append(Evidence("value", "classification.ev.few_values", {"n": values.n}))
    top = kinds[0] if kinds else None
    review = values.n < 5
    category: str
    kind: str | None = None
    if name_cat is not None:
        c = cat[name_cat]
        support = [(k, s) for k, s in kinds if c.supports(k)]
        strong_other = top is not None and not c.supports(top[0]) and specificity(top[0]) == "strong"
        if support and not (strong_other and top[1] >= support[0][1]):
            kind, share = support[0]
            category, confidence = name_cat, 1 - (1 - hit.score) * (1 - 0.9 * share)
        elif top is not None and specificity(top[0]) != "weak" and top[1] >= 0.8:
            kind, share = top
            category = cat.default_for(kind, context) or "general.unknown"
            confidence = share * _VALUE_WEIGHT[specificity(kind)] * 0.9
            review = True
            ev.append(
                Evidence("value", "classification.ev.conflict", {"name_category": name_cat, "category": category})
            )
        elif not kinds:
            category, confidence = name_cat, hit.score * (0.9 if values.n else 0.8)
        elif hit.how != "exact" and values.n >= 5 and not (c.values & WEAK) and top is not None:
            # a loosely matched name ("parking_lot_name") whose category needs specific content
            # the values do not have: the values decide, and a human looks
            kind, share = top
            category = cat.default_for(kind, context) or "general.unknown"
            confidence = share * _VALUE_WEIGHT[specificity(kind)]
            review = True
            ev.append(Evidence("value", "classification.ev.unsupported", _kind(kind)))
        else:
            category, confidence = name_cat, hit.score * 0.7
            review = True
            ev.append(Evidence("value", "classification.ev.unsupported", _kind(top[0])))
    elif top is not None:
        kind, share = top
        category = cat.default_for(kind, context) or "general.unknown"
        confidence = share * _VALUE_WEIGHT[specificity(kind)]
        if cat.default_for(kind, "general") != category:
            ev.append(Evidence("context", "classification.ev.context", {"context": context, "category": category}))
    else:
        category, confidence = "general.unknown", 0.2
        ev.append(Evidence("value", "classification.ev.unknown"))
    if values.n and values.n < 5:
        confidence *= 0.8
    confidence = round(min(confidence, 0.99), 3)
    return Detection(
        column=str(column),
        category=category,
        kind=kind,
        confidence=confidence,
        review=review or confidence < REVIEW_BELOW or category == "general.unknown",
        evidence=tuple(ev),
        values=values,
        name_hit=hit,
    )


#: categories that identify the subject of a table
_PERSON_IDS = frozenset(
    {"person.name", "person.citizen_id", "person.id_document", "person.internal_id", "person.birth_date"}
)
_ORG_IDS = frozenset({"org.name", "org.uscc", "org.org_code", "org.registration"})


def dataset_context(detections: list[Detection]) -> str:
    """``person`` if the table describes natural persons, ``org`` organisations, else ``general``."""
    n_person = sum(d.category in _PERSON_IDS for d in detections)
    n_org = sum(d.category in _ORG_IDS for d in detections)
    if n_person and n_person > n_org:
        return "person"
    if n_org:
        return "org"
    return "general"
