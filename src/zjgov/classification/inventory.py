"""The classification inventory (分类分级清单): one row per column, plus the dataset grade.

Outputs: a DataFrame, CSV, JSON, Markdown and a bilingual HTML page (``zjgov.report``); a diff
against a previous inventory; and the 敏感级别 attribute of exchange schemas.

>>> import pandas as pd
>>> from zjgov.classification import classify
>>> inv = classify(pd.DataFrame({"姓名": ["张伟", "王芳"], "GMSFHM": ["11010519491231002X", "440524188001010014"]}))
>>> inv.to_frame("en")[["column", "category", "level", "treatment"]].values.tolist()
[['姓名', 'person.name', 'L3', 'mask:name'], ['GMSFHM', 'person.citizen_id', 'L4', 'mask:citizen_id']]
>>> inv.level
'L4'
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from zjgov import i18n
from zjgov.classification.catalogue import Catalogue
from zjgov.classification.detect import Evidence
from zjgov.classification.schemes import Scheme
from zjgov.errors import ConfigError

FORMAT = "zjgov-classification-inventory/1"
#: The fields compared by :func:`diff`.
DIFF_FIELDS = ("category", "level", "personal", "sensitive", "treatment", "review")

i18n.add(
    {
        "classification.inv.title": ("数据分类分级清单", "Data classification and grading inventory"),
        "classification.inv.dataset": ("数据集", "Dataset"),
        "classification.inv.columns": ("字段清单", "Columns"),
        "classification.inv.levels": ("级别分布", "Levels"),
        "classification.inv.reasons": ("数据集定级理由", "Dataset grading reasons"),
        "classification.inv.review": ("待复核字段", "Columns to review"),
        "classification.inv.rows": ("行数", "rows"),
        "classification.inv.sampled": ("抽样行数", "sampled rows"),
        "classification.inv.scheme": ("分级方案", "grading scheme"),
        "classification.inv.basis": ("敏感信息依据", "sensitive-data basis"),
        "classification.inv.level": ("数据集级别", "dataset level"),
        "classification.inv.n_personal": ("个人信息字段", "personal columns"),
        "classification.inv.n_sensitive": ("敏感个人信息字段", "sensitive columns"),
        "classification.inv.n_review": ("待复核", "to review"),
        "classification.inv.subject": ("数据主体", "data subject"),
        "classification.inv.provisional": (
            "注意：本分级方案的矩阵与级别描述为暂定（[R]），请按本机构规则核定",
            "Note: this scheme's matrix and level texts are provisional ([R]); confirm them against your rules",
        ),
        "classification.inv.yes": ("是", "yes"),
        "classification.context.person": ("自然人（人口）", "natural persons"),
        "classification.context.org": ("法人和其他组织", "legal persons and organisations"),
        "classification.context.general": ("一般业务", "general business"),
        "classification.inv.no": ("否", "no"),
        "classification.inv.signoff": (
            "审核人：__________　日期：__________　（依据 DB33/T 2350-2021、GB/T 43697-2024、GB/T 35273-2020）",
            "Reviewed by: __________  Date: __________  (DB33/T 2350-2021, GB/T 43697-2024, GB/T 35273-2020)",
        ),
        "classification.inv.bad_previous": (
            "无法读取以前的清单：{detail}",
            "cannot read the previous inventory: {detail}",
        ),
        "classification.inv.no_exchange": (
            "未安装 zjgov.exchange，无法写入数据元敏感级别",
            "zjgov.exchange is not available; cannot write the 敏感级别 attribute",
        ),
        "classification.inv.schema_scheme": (
            "数据元的敏感级别（DB33/T 2426-2022）采用 DB33/T 2350 的 L1–L4，请用 db33-2350 方案分级（当前：{scheme}）",
            "the 敏感级别 of data elements (DB33/T 2426-2022) uses DB33/T 2350 levels L1–L4; grade with db33-2350 (not {scheme})",
        ),
        "classification.diff.added": ("新增字段", "column added"),
        "classification.diff.removed": ("字段已删除", "column removed"),
        "classification.diff.changed": ("{field} 已变化", "{field} changed"),
    }
)

#: English renderings of the open/share attribute values (the Chinese terms are the standards' own).
_ATTR_EN = {
    "无条件开放": "open unconditionally",
    "受限开放": "restricted opening",
    "禁止开放": "not open",
    "无条件共享": "shared unconditionally",
    "有条件共享": "shared on conditions",
    "受限共享": "shared on conditions",
    "不予共享": "not shared",
}


def attribute_text(value: str, lang: str | None = None) -> str:
    """An open/share attribute in ``lang`` (English adds a translation of known terms)."""
    if i18n.check_lang(lang) == "en" and value in _ATTR_EN:
        return f"{_ATTR_EN[value]} ({value})"
    return value


_HEADERS = {
    "column": ("字段", "column"),
    "category": ("类别", "category"),
    "category_name": ("类别名称", "category name"),
    "category_path": ("类别路径", "category path"),
    "personal": ("个人信息", "personal"),
    "sensitive": ("敏感个人信息", "sensitive"),
    "pipl": ("PIPL 敏感类别", "PIPL class"),
    "protection": ("保护类别", "protection class"),
    "subject": ("数据主体", "subject"),
    "level": ("级别", "level"),
    "level_name": ("级别名称", "level name"),
    "open": ("开放属性", "open attribute"),
    "share": ("共享属性", "share attribute"),
    "confidence": ("置信度", "confidence"),
    "review": ("需复核", "review"),
    "treatment": ("建议处理", "treatment"),
    "kind": ("取值类型", "value kind"),
    "evidence": ("证据", "evidence"),
    "reasons": ("定级理由", "grading reasons"),
    "overridden": ("人工覆盖", "overridden"),
}


@dataclasses.dataclass(frozen=True)
class Entry:
    """One column of the inventory."""

    column: str
    category: str
    kind: str | None
    personal: bool
    sensitive: bool
    pipl: str
    protection: str
    subject: str
    level: str
    confidence: float
    review: bool
    treatment: str
    evidence: tuple[Evidence, ...]
    reasons: tuple[Evidence, ...]
    overridden: bool = False


@dataclasses.dataclass(frozen=True)
class Inventory:
    """The classification of every column of a dataset and the dataset's level."""

    entries: tuple[Entry, ...]
    level: str
    reasons: tuple[Evidence, ...]
    rows: int
    sampled: int
    context: str
    basis: str
    scheme: Scheme
    catalogue: Catalogue
    source: str = ""
    created: str = dataclasses.field(default_factory=lambda: _dt.datetime.now().isoformat(timespec="seconds"))

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, column: str) -> Entry:
        for e in self.entries:
            if e.column == column:
                return e
        raise KeyError(column)

    @property
    def categories(self) -> dict[str, str]:
        """Column -> category id."""
        return {e.column: e.category for e in self.entries}

    # -- tables ---------------------------------------------------------------------------
    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per column; evidence and reasons joined as text in ``lang``."""
        lang = i18n.check_lang(lang)
        sep = "；" if lang == "zh" else "; "
        rows = []
        for e in self.entries:
            c = self.catalogue[e.category]
            attrs = self.scheme.attributes(e.level)
            rows.append(
                {
                    "column": e.column,
                    "category": e.category,
                    "category_name": c.name(lang),
                    "category_path": self.catalogue.path(e.category, lang),
                    "personal": e.personal,
                    "sensitive": e.sensitive,
                    "pipl": e.pipl,
                    "protection": e.protection,
                    "subject": e.subject,
                    "level": e.level,
                    "level_name": self.scheme.level_name(e.level, lang),
                    "open": attribute_text(attrs["open"], lang),
                    "share": attribute_text(attrs["share"], lang),
                    "confidence": e.confidence,
                    "review": e.review,
                    "treatment": e.treatment,
                    "kind": e.kind or "",
                    "evidence": sep.join(x.message(lang) for x in e.evidence),
                    "reasons": sep.join(x.message(lang) for x in e.reasons),
                    "overridden": e.overridden,
                }
            )
        return pd.DataFrame(rows, columns=list(_HEADERS))

    def summary(self, lang: str | None = None) -> dict[str, Any]:
        """The dataset-level figures."""
        return {
            "source": self.source,
            "rows": self.rows,
            "sampled": self.sampled,
            "columns": len(self.entries),
            "scheme": self.scheme.id,
            "basis": self.basis,
            "context": self.context,
            "level": self.level,
            "level_name": self.scheme.level_name(self.level, lang),
            **{k: attribute_text(v, lang) for k, v in self.scheme.attributes(self.level).items()},
            "personal_columns": sum(e.personal for e in self.entries),
            "sensitive_columns": sum(e.sensitive for e in self.entries),
            "review_columns": sum(e.review for e in self.entries),
            "reasons": [r.message(lang) for r in self.reasons],
        }

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready structure with messages in both languages."""

        def ev(items: Sequence[Evidence]) -> list[dict[str, Any]]:
            return [{**x.to_dict(), "zh": x.message("zh"), "en": x.message("en")} for x in items]

        frame = self.to_frame("zh")
        frame_en = self.to_frame("en")
        columns = []
        for i, e in enumerate(self.entries):
            row = {k: _plain(v) for k, v in frame.iloc[i].items() if k not in ("evidence", "reasons")}
            row["category_name_en"] = frame_en.category_name.iloc[i]
            row["category_path_en"] = frame_en.category_path.iloc[i]
            row["level_name_en"] = frame_en.level_name.iloc[i]
            row["evidence"] = ev(e.evidence)
            row["reasons"] = ev(e.reasons)
            columns.append(row)
        return {
            "format": FORMAT,
            "created": self.created,
            "catalogue": self.catalogue.edition,
            "dataset": {**self.summary("zh"), "reasons": ev(self.reasons), "provisional": self.scheme.provisional},
            "columns": columns,
        }

    def to_json(self, path: str | os.PathLike[str] | None = None) -> str:
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def to_csv(self, path: str | os.PathLike[str] | None = None, lang: str | None = None) -> str:
        """CSV (UTF-8 with BOM so that spreadsheet programs read the Chinese correctly)."""
        text = self.to_frame(lang).to_csv(index=False)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8-sig")
        return text

    def to_markdown(self, lang: str | None = None) -> str:
        from zjgov.report import markdown as md

        lang = i18n.check_lang(lang)
        k = 0 if lang == "zh" else 1
        yes, no = i18n.text("classification.inv.yes", lang), i18n.text("classification.inv.no", lang)
        frame = self.to_frame(lang)
        cols = [
            "column",
            "category_name",
            "personal",
            "sensitive",
            "level",
            "open",
            "treatment",
            "confidence",
            "review",
        ]
        rows = [
            [
                r.column,
                r.category_name,
                yes if r.personal else no,
                yes if r.sensitive else no,
                r.level,
                r.open,
                md.code(r.treatment),
                f"{r.confidence:.2f}",
                yes if r.review else "",
            ]
            for r in frame.itertuples(index=False)
        ]
        s = self.summary(lang)
        blocks = [
            md.heading(1, i18n.text("classification.inv.title", lang) + (f"：{self.source}" if self.source else "")),
            md.bullet_list(
                [
                    f"{i18n.text('classification.inv.scheme', lang)}: {self.scheme.name(lang)}",
                    f"{i18n.text('classification.inv.level', lang)}: {s['level_name']} ({s['open']}, {s['share']})",
                    f"{i18n.text('classification.inv.rows', lang)}: {self.rows}; {i18n.text('classification.inv.sampled', lang)}: {self.sampled}",
                    f"{i18n.text('classification.inv.n_personal', lang)}: {s['personal_columns']}; "
                    f"{i18n.text('classification.inv.n_sensitive', lang)}: {s['sensitive_columns']}; "
                    f"{i18n.text('classification.inv.n_review', lang)}: {s['review_columns']}",
                ]
            ),
            md.heading(2, i18n.text("classification.inv.reasons", lang)),
            md.bullet_list(s["reasons"]),
            md.heading(2, i18n.text("classification.inv.columns", lang)),
            md.table([_HEADERS[c][k] for c in cols], rows, numeric=[7], lang=lang),
        ]
        if self.scheme.provisional:
            blocks.append(i18n.text("classification.inv.provisional", lang))
        blocks.append(i18n.text("classification.inv.signoff", lang))
        return md.document(blocks)

    def to_html(self, path: str | os.PathLike[str] | None = None, lang: str | None = None) -> str:
        """A self-contained bilingual page (headings in both languages, content in ``lang``)."""
        from zjgov.classification._html import render

        text = render(self, lang)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    # -- exchange schemas -------------------------------------------------------------------
    def to_schema_levels(self) -> dict[str, str]:
        """Column -> level, the value of the 敏感级别 attribute (DB33/T 2426-2022) of each data element."""
        return {e.column: e.level for e in self.entries}

    def apply_to_schema(self, schema: Any) -> Any:
        """Write each column's level into the matching data element of a ``zjgov.exchange`` schema.

        Elements are matched by any of their names (identifier, Chinese or English name);
        returns the updated schema (a copy when the schema is immutable).
        """
        if self.scheme.id != "db33-2350":
            raise ConfigError(
                i18n.text("classification.inv.schema_scheme", "zh", scheme=self.scheme.id),
                i18n.text("classification.inv.schema_scheme", "en", scheme=self.scheme.id),
                field="scheme",
            )
        try:
            import zjgov.exchange  # noqa: F401
        except ImportError:
            raise ConfigError(
                i18n.text("classification.inv.no_exchange", "zh"), i18n.text("classification.inv.no_exchange", "en")
            ) from None
        from zjgov.classification._schema import write_levels

        return write_levels(schema, self.to_schema_levels())


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    return value


def read_inventory(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A previous inventory (our JSON or CSV) as a table with at least :data:`DIFF_FIELDS`."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".json":
            doc = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError(f"not a {FORMAT} document")
            frame = pd.DataFrame(doc["columns"])
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            for col in ("personal", "sensitive", "review"):
                if col in frame:
                    frame[col] = frame[col].str.lower().isin(["true", "1", "yes", "是"])
        missing = [f for f in ("column", *DIFF_FIELDS) if f not in frame.columns]
        if missing:
            raise ValueError("missing fields: " + ", ".join(missing))
    except (OSError, ValueError, KeyError) as exc:
        detail = str(exc)
        raise ConfigError(
            i18n.text("classification.inv.bad_previous", "zh", detail=detail),
            i18n.text("classification.inv.bad_previous", "en", detail=detail),
            file=str(path),
        ) from None
    return frame


def diff(
    previous: Inventory | pd.DataFrame | str | os.PathLike[str], current: Inventory, lang: str | None = None
) -> pd.DataFrame:
    """What changed since ``previous``: one row per added/removed column or changed field."""
    before = previous.to_frame(lang) if isinstance(previous, Inventory) else previous
    if not isinstance(before, pd.DataFrame):
        before = read_inventory(before)
    after = current.to_frame(lang)
    old: Mapping[str, Mapping[str, Any]] = {str(r["column"]): r for r in before.to_dict("records")}
    new: Mapping[str, Mapping[str, Any]] = {str(r["column"]): r for r in after.to_dict("records")}
    rows = []
    for col in new:
        if col not in old:
            rows.append((col, "added", "", "", new[col]["category"], i18n.text("classification.diff.added", lang)))
            continue
        for field in DIFF_FIELDS:
            a, b = _norm(old[col].get(field)), _norm(new[col].get(field))
            if a != b:
                rows.append((col, "changed", field, a, b, i18n.text("classification.diff.changed", lang, field=field)))
    for col in old:
        if col not in new:
            rows.append((col, "removed", "", old[col]["category"], "", i18n.text("classification.diff.removed", lang)))
    return pd.DataFrame(rows, columns=["column", "change", "field", "before", "after", "message"])


def _norm(value: Any) -> str:
    if isinstance(value, bool) or (hasattr(value, "dtype") and str(getattr(value, "dtype", "")) == "bool"):
        return "true" if value else "false"
    return "" if value is None else str(value)
