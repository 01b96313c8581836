"""The category catalogue (数据分类目录): what a column can be.

The built-in catalogue (``data/catalogue.yaml``) covers personal information (GB/T 35273-2020
Annex A), sensitive personal information (Annex B, PIPL Art. 28, with GB/T 45574-2025's
treatment of bare ID numbers as a switch), legal-person data, commercial secrets, the public-data
subjects and the protection classes. A user file extends it (same ids replace built-in entries)
or, with ``replace=True``, replaces it. Errors name the file, the line and the field.

>>> cat = load_catalogue()
>>> c = cat["person.citizen_id"]
>>> c.name("en"), c.sensitive, c.tier
('Citizen ID number', True, 'sensitive')
>>> cat.path("person.citizen_id", "zh")
'个人信息/个人身份信息/公民身份号码'
>>> cat.effective("person.citizen_id", basis="gbt45574").sensitive
False
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Literal

import pandas as pd
import pydantic

from zjgov import i18n
from zjgov.classification import _yaml
from zjgov.classification.kinds import KINDS, expand
from zjgov.errors import ConfigError

TIERS = ("public", "internal", "confidential", "sensitive", "important", "core")
PROTECTION_CLASSES = ("国家利益", "公共安全", "商业秘密", "个人隐私")
SUBJECTS = ("人口", "法人", "自然资源和空间地理", "社会信用", "电子证照")
PIPL_CLASSES = ("生物识别", "宗教信仰", "特定身份", "医疗健康", "金融账户", "行踪轨迹", "不满十四周岁未成年人")
CONTEXTS = ("person", "org", "general")
#: ``gbt35273``: GB/T 35273-2020 Annex B (ID numbers are sensitive); ``gbt45574``: GB/T 45574-2025.
Basis = Literal["gbt35273", "gbt45574"]
BASES = ("gbt35273", "gbt45574")

i18n.add(
    {
        "classification.bad_field": ("字段 {field} 无效：{detail}", "field {field} is invalid: {detail}"),
        "classification.dup_category": ("类别 {id} 重复定义", "category {id} is defined twice"),
        "classification.unknown_parent": ("上级类别 {parent} 不存在", "parent category {parent} does not exist"),
        "classification.unknown_category": ("类别 {id} 不存在", "category {id} does not exist"),
        "classification.unknown_kind": ("取值类型 {kind} 未知", "value kind {kind} is unknown"),
        "classification.not_mapping": ("应为映射（键: 值）", "must be a mapping (key: value)"),
        "classification.bad_basis": (
            "敏感信息依据应为 gbt35273 或 gbt45574",
            "the sensitive-data basis must be gbt35273 or gbt45574",
        ),
    }
)


class _CategoryModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    id: str = pydantic.Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
    parent: str | None = None
    name: tuple[str, str]
    description: tuple[str, str] = ("", "")
    examples: list[str] = []
    tier: Literal["public", "internal", "confidential", "sensitive", "important", "core"] | None = None
    personal: bool = False
    sensitive: bool = False
    bare_id: bool = False
    pipl: Literal[
        "生物识别", "宗教信仰", "特定身份", "医疗健康", "金融账户", "行踪轨迹", "不满十四周岁未成年人", ""
    ] = ""
    protection: Literal["国家利益", "公共安全", "商业秘密", "个人隐私", ""] = ""
    subject: Literal["人口", "法人", "自然资源和空间地理", "社会信用", "电子证照", ""] = ""
    groups: list[str] = []
    values: list[str] = []
    treatment: str = "keep"
    treatment_by_kind: dict[str, str] = {}
    levels: dict[str, str] = {}


@dataclasses.dataclass(frozen=True)
class Category:
    """One category of the catalogue (see ``data/catalogue.yaml`` for the fields)."""

    id: str
    parent: str | None
    names: tuple[str, str]
    descriptions: tuple[str, str]
    examples: tuple[str, ...]
    tier: str | None  # None for the grouping nodes (not assignable to a column)
    personal: bool
    sensitive: bool
    bare_id: bool
    pipl: str
    protection: str
    subject: str
    groups: frozenset[str]
    values: frozenset[str]
    treatment: str
    treatment_by_kind: Mapping[str, str]
    levels: Mapping[str, str]

    def name(self, lang: str | None = None) -> str:
        return self.names[0 if i18n.check_lang(lang) == "zh" else 1]

    def description(self, lang: str | None = None) -> str:
        return self.descriptions[0 if i18n.check_lang(lang) == "zh" else 1]

    @property
    def assignable(self) -> bool:
        """Whether a column can carry this category (leaf categories have a tier)."""
        return self.tier is not None

    def supports(self, kind: str) -> bool:
        """Whether values of ``kind`` fit this category."""
        return kind in self.values

    def treatment_for(self, kind: str | None) -> str:
        """The suggested masking operator, refined by the value kind found."""
        return self.treatment_by_kind.get(kind or "", self.treatment)


class Catalogue(Mapping[str, Category]):
    """Categories by id, the value-kind defaults and extra synonyms."""

    def __init__(
        self,
        categories: Mapping[str, Category],
        value_defaults: Mapping[str, Mapping[str, str]],
        synonyms: pd.DataFrame,
        edition: str = "",
    ) -> None:
        self._categories = dict(categories)
        self.value_defaults = dict(value_defaults)
        self.synonyms = synonyms
        self.edition = edition

    def __getitem__(self, key: str) -> Category:
        try:
            return self._categories[key]
        except KeyError:
            raise ConfigError(
                i18n.text("classification.unknown_category", "zh", id=key),
                i18n.text("classification.unknown_category", "en", id=key),
                field="category",
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._categories)

    def __len__(self) -> int:
        return len(self._categories)

    def __contains__(self, key: object) -> bool:
        return key in self._categories

    def path(self, category_id: str, lang: str | None = None) -> str:
        """The category path from its root, ``/``-separated, in ``lang``."""
        parts: list[str] = []
        node: str | None = category_id
        while node is not None:
            c = self[node]
            parts.append(c.name(lang))
            node = c.parent
        return "/".join(reversed(parts))

    def default_for(self, kind: str, context: str = "general") -> str | None:
        """The category a value kind points to in a dataset ``context`` (person, org, general)."""
        choice = self.value_defaults.get(kind)
        return None if choice is None else choice.get(context) or choice.get("general")

    def effective(self, category_id: str, *, basis: str = "gbt35273") -> Category:
        """The category as graded under ``basis``: GB/T 45574 lowers bare ID numbers to non-sensitive."""
        if basis not in BASES:
            raise ConfigError(i18n.text("classification.bad_basis", "zh"), i18n.text("classification.bad_basis", "en"))
        c = self[category_id]
        if basis == "gbt45574" and c.bare_id and c.sensitive:
            return dataclasses.replace(c, sensitive=False, pipl="", tier="confidential")
        return c

    def assignable(self) -> list[str]:
        """Ids of the categories a column can carry."""
        return [k for k, c in self._categories.items() if c.assignable]

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """The catalogue as a table (one row per category)."""
        rows = [
            {
                "id": c.id,
                "path": self.path(c.id, lang),
                "name": c.name(lang),
                "tier": c.tier or "",
                "personal": c.personal,
                "sensitive": c.sensitive,
                "pipl": c.pipl,
                "protection": c.protection,
                "subject": c.subject,
                "treatment": c.treatment,
                "description": c.description(lang),
            }
            for c in self._categories.values()
        ]
        return pd.DataFrame(rows)


def _error(key: str, file: str | None, line: int | None, at: str | None, **fields: object) -> ConfigError:
    return ConfigError(i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields), file=file, line=line, field=at)


def _parse_category(raw: object, file: str | None, line: int | None, index: int) -> Category:
    if not isinstance(raw, dict):
        raise _error("classification.not_mapping", file, line, f"categories[{index}]")
    try:
        m = _CategoryModel.model_validate(raw)
    except pydantic.ValidationError as exc:
        err = exc.errors()[0]
        key = err["loc"][0] if err["loc"] else None
        where = raw.line_of(key) if isinstance(raw, _yaml.LinedDict) and key is not None else line
        field = ".".join(str(p) for p in err["loc"]) or "category"
        raise _error("classification.bad_field", file, where, field, field=field, detail=err["msg"]) from None
    for kind in [*m.values, *m.treatment_by_kind]:
        if kind != "generic" and kind not in KINDS:
            where = raw.line_of("values") if isinstance(raw, _yaml.LinedDict) else line
            raise _error("classification.unknown_kind", file, where, "values", kind=kind)
    return Category(
        id=m.id,
        parent=m.parent,
        names=m.name,
        descriptions=m.description,
        examples=tuple(m.examples),
        tier=m.tier,
        personal=m.personal,
        sensitive=m.sensitive,
        bare_id=m.bare_id,
        pipl=m.pipl,
        protection=m.protection,
        subject=m.subject,
        groups=frozenset(m.groups),
        values=expand(m.values),
        treatment=m.treatment,
        treatment_by_kind=dict(m.treatment_by_kind),
        levels=dict(m.levels),
    )


def _parse(doc: object, file: str | None) -> tuple[dict[str, Category], dict[str, dict[str, str]], list[tuple]]:
    if not isinstance(doc, dict):
        raise _error("classification.not_mapping", file, 1, None)
    raw_cats = doc.get("categories") or []
    lines = getattr(raw_cats, "lines", [])
    cats: dict[str, Category] = {}
    for i, raw in enumerate(raw_cats):
        line = lines[i] if i < len(lines) else None
        c = _parse_category(raw, file, line, i)
        if c.id in cats:
            raise _error("classification.dup_category", file, line, f"categories[{i}].id", id=c.id)
        cats[c.id] = c
    defaults: dict[str, dict[str, str]] = {}
    raw_defaults = doc.get("value_defaults") or {}
    for kind, target in raw_defaults.items():
        line = raw_defaults.line_of(kind) if isinstance(raw_defaults, _yaml.LinedDict) else None
        if kind not in KINDS:
            raise _error("classification.unknown_kind", file, line, f"value_defaults.{kind}", kind=kind)
        defaults[kind] = dict(target) if isinstance(target, dict) else dict.fromkeys(CONTEXTS, target)
    syn = []
    raw_syn = doc.get("synonyms") or []
    syn_lines = getattr(raw_syn, "lines", [])
    for i, item in enumerate(raw_syn):
        line = syn_lines[i] if i < len(syn_lines) else None
        if not isinstance(item, dict) or "term" not in item or "category" not in item:
            raise _error(
                "classification.bad_field", file, line, f"synonyms[{i}]", field="synonyms", detail="term, category"
            )
        syn.append(
            (
                str(item["term"]),
                str(item.get("kind", "")),
                str(item["category"]),
                str(item.get("org_category", "")),
                str(item.get("general_category", "")),
                line,
            )
        )
    return cats, defaults, syn


#: The built-in synonym files: hand-kept terms, terms from public schema vocabularies (each block
#: names its source) and the pinyin initials generated from the Chinese terms of both
#: (``scripts/build_pinyin_synonyms.py``).
SYNONYM_FILES = ("synonyms.csv", "synonyms_sourced.csv", "synonyms_pinyin.csv")


@functools.cache
def _builtin() -> tuple[dict[str, Category], dict[str, dict[str, str]], pd.DataFrame, str]:
    text = resources.files("zjgov.classification.data").joinpath("catalogue.yaml").read_text(encoding="utf-8")
    doc = _yaml.loads(text, file="catalogue.yaml")
    cats, defaults, _ = _parse(doc, "catalogue.yaml")
    parts = []
    for name in SYNONYM_FILES:  # earlier files win: a term keeps its first categories
        with resources.files("zjgov.classification.data").joinpath(name).open("rb") as fh:
            part = pd.read_csv(fh, dtype=str, keep_default_na=False, comment="#" if name != "synonyms.csv" else None)
        parts.append(part[["term", "kind", "category", "org_category", "general_category"]])
    syn = pd.concat(parts, ignore_index=True)
    return cats, defaults, syn, str(doc.get("edition", ""))


def load_catalogue(path: str | os.PathLike[str] | None = None, *, replace: bool = False) -> Catalogue:
    """The built-in catalogue, extended (or replaced) by the YAML file at ``path``.

    A user file has the same shape as ``data/catalogue.yaml``: ``categories`` (a list),
    optionally ``value_defaults`` and ``synonyms`` (a list of ``{term, category}``).
    """
    cats, defaults, syn, edition = _builtin()
    cats, defaults = dict(cats), {k: dict(v) for k, v in defaults.items()}
    if path is None:
        return _check(Catalogue(cats, defaults, syn, edition), None, {})
    file = str(path)
    doc = _yaml.load(path)
    user_cats, user_defaults, user_syn = _parse(doc, file)
    if replace:
        cats, defaults, syn = {}, {}, syn.iloc[0:0]
    cats.update(user_cats)
    defaults.update(user_defaults)
    lines: dict[str, int | None] = {}
    if user_syn:
        extra = pd.DataFrame(
            [s[:5] for s in user_syn], columns=["term", "kind", "category", "org_category", "general_category"]
        )
        lines = {s[0]: s[5] for s in user_syn}
        syn = pd.concat([extra, syn], ignore_index=True)  # user terms first: they win
    return _check(Catalogue(cats, defaults, syn, edition + f" + {file}"), file, lines)


def _check(cat: Catalogue, file: str | None, syn_lines: Mapping[str, int | None]) -> Catalogue:
    """Cross-references: parents, default targets and synonym categories exist."""
    for c in cat.values():
        if c.parent is not None and c.parent not in cat:
            raise _error("classification.unknown_parent", file, None, f"{c.id}.parent", parent=c.parent)
    for kind, targets in cat.value_defaults.items():
        for target in targets.values():
            if target and target not in cat:
                raise _error("classification.unknown_category", file, None, f"value_defaults.{kind}", id=target)
    known = set(cat)
    for col in ("category", "org_category", "general_category"):
        bad = cat.synonyms[(cat.synonyms[col] != "") & ~cat.synonyms[col].isin(known)]
        if len(bad):
            term = bad.term.iloc[0]
            raise _error(
                "classification.unknown_category",
                file,
                syn_lines.get(term),
                f"synonyms[{term}].{col}",
                id=bad[col].iloc[0],
            )
    return cat
