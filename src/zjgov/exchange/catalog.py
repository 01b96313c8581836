"""Catalogue records (政务信息资源目录): GB/T 21063.3 core metadata as the 2017 national
《政务信息资源目录编制指南（试行）》 lists it, with the Zhejiang sharing and opening attributes.

Fields (Chinese column headers or the English names below are accepted on input):

=================  ==================  ===================================================
field              中文                rule
=================  ==================  ===================================================
category           信息资源分类        free text (类/项/目/细目)
name               信息资源名称        required
code               信息资源代码        required, unique; ``分类码/顺序码`` (see below)
provider           信息资源提供方      required
provider_code      信息资源提供方代码  required, a USCC (GB 32100, :mod:`zjgov.codes.uscc`)
summary            信息资源摘要        required
format             信息资源格式        free text
items              信息项信息          ``名称:类型;…`` or a JSON/YAML list; vs the schema
share_type         共享类型            无条件共享 / 有条件共享 (受限共享 is the same) / 不予共享
share_condition    共享条件            required for 有条件共享
share_basis        不予共享依据        required for 不予共享 (共享条件 is used when absent)
share_method       共享方式            free text
open_type          开放属性            无条件开放 / 受限开放 (有条件开放) / 禁止开放 (不予开放)
update_cycle       更新周期            实时, 每日, 每周, 每月, 每季度, 每半年, 每年, 不定期
publish_date       发布日期            required, a real date (GB/T 7408 and Chinese forms)
related_codes      关联资源代码        resource codes separated by ``;`` ``,`` or ``、``
=================  ==================  ===================================================

The resource code (信息资源代码) is the classification code — 类 (1 digit: 1 基础, 2 主题,
3 部门), 项 (2 digits), 目 (3 digits), 细目 (optional, up to 6 digits) — a slash, and a
sequence code of 1–9 digits, e.g. ``101001/000001`` (the front/back-segment form most
provincial catalogues write). Pass ``code_pattern=`` for another local form.

>>> rec = {"信息资源名称": "人口基础信息", "信息资源代码": "101001/000001", "信息资源提供方": "某市公安局",
...        "信息资源提供方代码": "11330000002500017C", "信息资源摘要": "常住人口基本信息",
...        "共享类型": "受限共享", "共享条件": "仅用于政务服务", "开放属性": "禁止开放",
...        "更新周期": "每日", "发布日期": "2024年1月2日"}
>>> validate_catalog([rec]).ok
True
>>> r = validate_catalog([dict(rec, 共享条件="", 更新周期="每两天")])
>>> r.problems[["line", "field", "reason"]].values.tolist()
[[2, 'share_condition', 'share_condition_missing'], [2, 'update_cycle', 'update_cycle']]
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticError

from zjgov import i18n
from zjgov.errors import ConfigError
from zjgov.exchange import _records, dates
from zjgov.exchange._records import Findings, RecordReport, missing, text_column

FIELDS: dict[str, tuple[str, ...]] = {
    "category": ("信息资源分类", "资源分类"),
    "name": ("信息资源名称", "资源名称", "目录名称"),
    "code": ("信息资源代码", "资源代码", "目录代码", "信息资源标识符"),
    "provider": ("信息资源提供方", "提供方", "提供单位", "数源部门"),
    "provider_code": ("信息资源提供方代码", "提供方代码", "提供单位代码"),
    "summary": ("信息资源摘要", "摘要", "资源摘要"),
    "format": ("信息资源格式", "资源格式"),
    "items": ("信息项信息", "信息项", "数据项"),
    "share_type": ("共享类型", "共享属性"),
    "share_condition": ("共享条件",),
    "share_basis": ("不予共享依据", "不共享依据"),
    "share_method": ("共享方式",),
    "open_type": ("开放属性", "开放类型"),
    "update_cycle": ("更新周期", "更新频率"),
    "publish_date": ("发布日期",),
    "related_codes": ("关联资源代码",),
}
_EN = {
    "category": "resource category",
    "name": "resource name",
    "code": "resource code",
    "provider": "provider",
    "provider_code": "provider code",
    "summary": "summary",
    "format": "resource format",
    "items": "information items",
    "share_type": "share type",
    "share_condition": "share condition",
    "share_basis": "basis for not sharing",
    "share_method": "share method",
    "open_type": "open attribute",
    "update_cycle": "update cycle",
    "publish_date": "publish date",
    "related_codes": "related resource codes",
}
TITLES = {field: (names[0], _EN[field]) for field, names in FIELDS.items()}
#: Chinese name -> field.
TITLES_BY_ZH = {names[0]: field for field, names in FIELDS.items()}
REQUIRED = ("name", "code", "provider", "provider_code", "summary", "share_type", "open_type", "update_cycle")
REQUIRED_DATES = ("publish_date",)

#: canonical value -> accepted spellings (a trailing 类 is always accepted).
SHARE_TYPES = {
    "无条件共享": ("无条件共享",),
    "有条件共享": ("有条件共享", "受限共享"),
    "不予共享": ("不予共享", "不共享"),
}
OPEN_TYPES = {
    "无条件开放": ("无条件开放",),
    "受限开放": ("受限开放", "有条件开放"),
    "禁止开放": ("禁止开放", "不予开放"),
}
UPDATE_CYCLES = {
    "实时": ("实时",),
    "每日": ("每日", "每天", "日", "天"),
    "每周": ("每周", "周"),
    "每月": ("每月", "月"),
    "每季度": ("每季度", "每季", "季度", "季"),
    "每半年": ("每半年", "半年"),
    "每年": ("每年", "年", "每年度", "年度"),
    "不定期": ("不定期",),
}
CODE_PATTERN = r"[1-3]\d{2}\d{3}\d{0,6}/\d{1,9}"

#: data-type families of information items and schema elements (by keyword, first match wins).
_TYPE_FAMILIES = (
    ("datetime", ("日期时间", "datetime", "timestamp", "时间戳")),
    ("date", ("日期", "date")),
    ("time", ("时间", "time")),
    ("boolean", ("逻辑", "布尔", "bool")),
    ("number", ("数值", "数字", "整", "浮点", "双精度", "货币", "小数", "number", "int", "decimal", "float", "double")),
    ("binary", ("二进制", "通用型", "binary", "blob", "bytes")),
    ("string", ("字符", "文本", "备注", "string", "char", "text", "str")),
)
#: one-letter type codes of the 2017 guide's item sheets.
_TYPE_LETTERS = {"C": "string", "M": "string", "N": "number", "I": "number", "F": "number", "B": "number"}
_TYPE_LETTERS |= {"Y": "number", "D": "date", "T": "datetime", "L": "boolean", "G": "binary"}

i18n.add(
    {
        "catalog.missing": ("{title}：必填项为空", "{title}: required field is empty"),
        "catalog.code_format": (
            "{title}：格式应为 分类码/顺序码（如 101001/000001）",
            "{title}: must be classification code/sequence code (such as 101001/000001)",
        ),
        "catalog.duplicate_code": ("{title}：与其他记录重复", "{title}: the same code appears in another record"),
        "catalog.share_type": (
            "{title}：应为 无条件共享、有条件共享（受限共享）或 不予共享",
            "{title}: must be 无条件共享, 有条件共享 (受限共享) or 不予共享",
        ),
        "catalog.share_condition_missing": (
            "{title}：有条件共享的资源必须写明共享条件",
            "{title}: a conditionally shared resource needs its sharing conditions",
        ),
        "catalog.share_basis_missing": (
            "{title}：不予共享的资源必须写明依据（法律法规或政策）",
            "{title}: a resource that is not shared needs the legal or policy basis",
        ),
        "catalog.open_type": (
            "{title}：应为 无条件开放、受限开放 或 禁止开放",
            "{title}: must be 无条件开放, 受限开放 or 禁止开放",
        ),
        "catalog.update_cycle": (
            "{title}：应为 实时、每日、每周、每月、每季度、每半年、每年 或 不定期",
            "{title}: must be 实时, 每日, 每周, 每月, 每季度, 每半年, 每年 or 不定期",
        ),
        "catalog.date_format": ("{title}：不是有效日期", "{title}: not a valid date"),
        "catalog.related_code_format": (
            "{title}：第 {position} 个代码格式不正确",
            "{title}: code number {position} is malformed",
        ),
        "catalog.items_format": (
            "{title}：无法解析，应为 名称:类型;名称:类型 或 JSON 列表",
            "{title}: cannot be parsed; write name:type;name:type or a JSON list",
        ),
        "catalog.item_duplicate": ("{title}：信息项“{item}”重复", "{title}: the item '{item}' is listed twice"),
        "catalog.item_not_in_schema": (
            "{title}：信息项“{item}”不在数据结构中",
            "{title}: the item '{item}' is not in the schema",
        ),
        "catalog.item_type": (
            "{title}：信息项“{item}”的数据类型（{given}）与数据结构（{expected}）不符",
            "{title}: the item '{item}' has data type {given} but the schema says {expected}",
        ),
        "catalog.item_unlisted": (
            "{title}：数据结构中的“{item}”未列入信息项",
            "{title}: the schema element '{item}' is not listed as an item",
        ),
        "catalog.invalid": ("目录记录无效：{detail}", "invalid catalogue record: {detail}"),
    }
)

_ALIASES = _records.alias_table(FIELDS)


def _canonical_table(options: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    out = {}
    for canonical, spellings in options.items():
        for s in spellings:
            out[s] = canonical
            out[s + "类"] = canonical
    return out


_SHARE = _canonical_table(SHARE_TYPES)
_OPEN = _canonical_table(OPEN_TYPES)
_CYCLE = _canonical_table(UPDATE_CYCLES)


def canonical(series: pd.Series, table: Mapping[str, str]) -> pd.Series:
    """Map spellings to canonical values (NA where unknown); spaces ignored.

    >>> canonical(pd.Series(["受限共享类", "有条件共享", "x"]), _SHARE).tolist()
    ['有条件共享', '有条件共享', nan]
    """
    s = series.astype("str").str.replace(r"\s+", "", regex=True)
    return s.map(table, na_action="ignore").astype("str")


def type_family(type_name: str | None) -> str | None:
    """The family of a data-type name (string, number, date, datetime, time, boolean, binary).

    >>> [type_family(t) for t in ("字符型", "C", "数值型 N", "日期型", "datetime", "an..50", "n18")]
    ['string', 'string', 'number', 'date', 'datetime', 'string', 'string']
    """
    if type_name is None:
        return None
    t = str(type_name).strip()
    if not t:
        return None
    if t.upper() in _TYPE_LETTERS:
        return _TYPE_LETTERS[t.upper()]
    low = t.lower()
    for family, words in _TYPE_FAMILIES:
        if any(w in low for w in words):
            return family
    if re.fullmatch(r"(a|n|an)(\.\.)?\d+(,\d+)?", low):  # a GB/T 19488 format notation
        return "string"
    return None


def validate_catalog(
    records: pd.DataFrame | Sequence[Mapping[str, Any]] | str | os.PathLike[str],
    *,
    schema: Any = None,
    lines: np.ndarray | None = None,
    file: str | None = None,
    code_pattern: str = CODE_PATTERN,
) -> RecordReport:
    """Check catalogue records (a frame, a list of mappings, or a CSV/Excel/JSON/YAML file).

    ``schema`` is a :class:`zjgov.exchange.schema.Schema` (or its dict) that applies to every
    record, or a mapping of resource code or name to one; each record's information items are
    then compared with the schema's elements (names and data-type families). Each problem
    carries the record number, the file line, the field, a reason code and both messages.
    """
    if isinstance(records, str | os.PathLike):
        file = str(records)
        frame, lines = _records.load_records(records)
    else:
        frame = _records.frame_from(records)
    frame = _records.rename_fields(frame, _ALIASES, file)
    n = len(frame)
    f = Findings(np.arange(2, n + 2) if lines is None else np.asarray(lines), frame.index)
    col = {field: text_column(frame, field) for field in FIELDS}
    for field in REQUIRED + REQUIRED_DATES:
        _add(f, missing(col[field]), field, "missing")
    _check_codes(f, col, code_pattern)
    _check_provider(f, col["provider_code"])
    _check_attributes(f, col)
    bad = dates.normalise_dates(col["publish_date"]).reason.notna().to_numpy()
    _add(f, bad, "publish_date", "date_format")
    items = parse_items(col["items"])
    _add(f, items["bad"].to_numpy(), "items", "items_format")
    if schema is not None:
        _check_items(f, col, items["items"], schema)
    return f.report(n, file)


def read_records(path: str | os.PathLike[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The records of a catalogue file with English field names (text), and each record's line."""
    frame, lines = _records.load_records(path)
    return _records.rename_fields(frame, _ALIASES, str(path)), lines


def _add(f: Findings, mask: Any, field: str, reason: str, key: str | None = None, **kw: Any) -> None:
    f.add(mask, field, reason, key or f"catalog.{reason}", title=TITLES[field], **kw)


def _check_codes(f: Findings, col: dict[str, pd.Series], pattern: str) -> None:
    code = col["code"]
    present = ~missing(code)
    well = code.str.fullmatch(pattern).fillna(False).to_numpy()
    _add(f, present & ~well, "code", "code_format")
    dup = present & code.duplicated(keep=False).to_numpy()
    _add(f, dup, "code", "duplicate_code")
    related = col["related_codes"]
    has = ~missing(related)
    if has.any():
        parts = related[has].str.split(r"\s*[;；,，、]\s*", regex=True).explode()
        parts = parts[parts.fillna("") != ""]
        bad_part = ~parts.str.fullmatch(pattern).fillna(False)
        position = parts.groupby(level=0).cumcount() + 1
        first_bad = position[bad_part.to_numpy()].groupby(level=0).min()
        for pos, group in first_bad.groupby(first_bad):
            mask = related.index.isin(group.index)
            _add(f, mask, "related_codes", "related_code_format", position=int(pos))


def _check_provider(f: Findings, s: pd.Series) -> None:
    reasons = _records.kernel_reasons(s, "uscc")
    messages = _records.reason_messages(reasons, TITLES["provider_code"])
    f.add_each(reasons.notna().to_numpy(), "provider_code", reasons, messages)


def _check_attributes(f: Findings, col: dict[str, pd.Series]) -> None:
    share = canonical(col["share_type"], _SHARE)
    _add(f, ~missing(col["share_type"]) & missing(share), "share_type", "share_type")
    conditional = (share == "有条件共享").fillna(False).to_numpy()
    _add(f, conditional & missing(col["share_condition"]), "share_condition", "share_condition_missing")
    refused = (share == "不予共享").fillna(False).to_numpy()
    basis = col["share_basis"].fillna(col["share_condition"])
    _add(f, refused & missing(basis), "share_basis", "share_basis_missing")
    open_ = canonical(col["open_type"], _OPEN)
    _add(f, ~missing(col["open_type"]) & missing(open_), "open_type", "open_type")
    cycle = canonical(col["update_cycle"], _CYCLE)
    _add(f, ~missing(col["update_cycle"]) & missing(cycle), "update_cycle", "update_cycle")


# -- information items ------------------------------------------------------------------------------
def parse_items(series: pd.Series) -> pd.DataFrame:
    """Parse information items: ``items`` (list of ``(name, type or None)`` per record, None when
    absent) and ``bad`` (True where the text cannot be parsed).

    Accepted: ``姓名:字符型;出生日期:日期型`` (also ``：``, ``；``, ``,`` and new lines; the type
    may be left out), or a JSON list of names, ``[name, type]`` pairs or objects with
    ``name``/``信息项名称`` and ``type``/``数据类型``.

    >>> parse_items(pd.Series(["姓名:字符型；出生日期：日期型", '[{"信息项名称": "性别", "数据类型": "C"}]', "[1"]))["items"].tolist()
    [[('姓名', '字符型'), ('出生日期', '日期型')], [('性别', 'C')], None]
    """
    text = series.astype("str").str.strip()
    out_items: list[list[tuple[str, str | None]] | None] = [None] * len(text)
    bad = np.zeros(len(text), dtype=bool)
    is_json = text.str.startswith("[").fillna(False).to_numpy()
    plain = ~is_json & text.notna().to_numpy()
    if plain.any():  # split once over the whole column
        parts = text[plain].str.split(r"\s*[;；\n,，、]\s*", regex=True).explode()
        parts = parts[parts.fillna("") != ""]
        pair = parts.str.split(r"\s*[:：]\s*", n=1, regex=True)
        names = pair.str.get(0)
        types = pair.str.get(1)
        positions = {label: i for i, label in enumerate(series.index)}
        grouped: dict[Any, list[tuple[str, str | None]]] = {}
        for label, name, typ in zip(parts.index, names, types):
            grouped.setdefault(label, []).append((name, typ if isinstance(typ, str) and typ else None))
        for label in series.index[plain]:
            out_items[positions[label]] = grouped.get(label, [])
        empty_names = names.fillna("") == ""
        for label in set(names.index[empty_names.to_numpy()]):
            bad[positions[label]] = True
    for i in np.flatnonzero(is_json):
        parsed = _json_items(text.iloc[i])
        if parsed is None:
            bad[i] = True
        else:
            out_items[i] = parsed
    for i in np.flatnonzero(bad):
        out_items[i] = None
    return pd.DataFrame(
        {"items": pd.Series(out_items, index=series.index, dtype=object), "bad": bad}, index=series.index
    )


def _json_items(value: str) -> list[tuple[str, str | None]] | None:
    try:
        data = json.loads(value)
    except json.JSONDecodeError:
        return None
    if not isinstance(data, list):
        return None
    out: list[tuple[str, str | None]] = []
    for item in data:
        if isinstance(item, str):
            out.append((item, None))
        elif isinstance(item, list) and item and all(isinstance(x, str) for x in item) and len(item) <= 2:
            out.append((item[0], item[1] if len(item) == 2 else None))
        elif isinstance(item, dict):
            name = next((item[k] for k in ("name", "信息项名称", "名称", "中文名称") if k in item), None)
            typ = next((item[k] for k in ("type", "数据类型", "data_type", "类型") if k in item), None)
            if not isinstance(name, str) or not name or (typ is not None and not isinstance(typ, str)):
                return None
            out.append((name, typ))
        else:
            return None
    return out


def schema_items(schema: Any) -> dict[str, tuple[str, str | None]]:
    """``{any name of an element: (display name, data-type family)}`` of a schema.

    Works on a :class:`zjgov.exchange.schema.Schema`, its ``to_dict()``, or a plain mapping
    ``{"elements": [{"name"|"中文名称": …, "data_type"|"数据类型": …}, …]}``.
    """
    if isinstance(schema, Mapping):
        elements = schema.get("elements") or schema.get("fields") or []
    else:
        elements = getattr(schema, "elements", None) or []
    out: dict[str, tuple[str, str | None]] = {}
    for el in elements.values() if isinstance(elements, Mapping) else elements:
        data = el if isinstance(el, Mapping) else _element_dict(el)
        names = [
            data.get(k)
            for k in ("name_zh", "中文名称", "name", "name_en", "英文名称", "identifier", "标识符", "column")
        ]
        names = [str(x) for x in names if x]
        if not names:
            continue
        typ = next((data.get(k) for k in ("data_type", "数据类型", "type") if data.get(k)), None)
        family = type_family(getattr(typ, "value", typ)) if typ is not None else None
        for name in names:
            out.setdefault(name, (names[0], family))  # type: ignore[arg-type]
    return out


def _element_dict(element: Any) -> dict[str, Any]:
    if hasattr(element, "model_dump"):
        return element.model_dump()
    return {k: getattr(element, k) for k in dir(element) if not k.startswith("_") and not callable(getattr(element, k))}


def _schema_for(schema: Any, code: pd.Series, name: pd.Series) -> list[Any]:
    if isinstance(schema, Mapping) and not ({"elements", "fields"} & set(schema)):
        return [schema.get(c) if isinstance(c, str) and c in schema else schema.get(nm) for c, nm in zip(code, name)]
    return [schema] * len(code)


def _check_items(f: Findings, col: dict[str, pd.Series], items: pd.Series, schema: Any) -> None:
    """Compare the listed items with the schema(s), one group of records per schema."""
    per_record = _schema_for(schema, col["code"], col["name"])
    listed = items.notna().to_numpy()
    groups: dict[int, tuple[Any, list[int]]] = {}
    if per_record and all(s is per_record[0] for s in per_record):
        if per_record[0] is not None:
            groups[0] = (per_record[0], np.flatnonzero(listed).tolist())
    else:
        for i in np.flatnonzero(listed):
            if per_record[i] is not None:
                groups.setdefault(id(per_record[i]), (per_record[i], []))[1].append(int(i))
    for sch, positions in groups.values():
        if positions:
            _check_item_group(f, items.iloc[positions], np.asarray(positions), schema_items(sch))


def _check_item_group(
    f: Findings, items: pd.Series, positions: np.ndarray, known: dict[str, tuple[str, str | None]]
) -> None:
    """Vectorised over the exploded (record, item) pairs of records that share one schema."""
    pairs = pd.Series(items.to_numpy(), index=positions).explode().dropna()
    record = pairs.index.to_numpy(dtype=np.int64)
    names = pairs.str.get(0).astype("str").reset_index(drop=True)
    types = pairs.str.get(1).astype("str").reset_index(drop=True)
    title = TITLES["items"]

    def emit(mask: np.ndarray, reason: str, rows: np.ndarray, severity: str = "error", **columns: Any) -> None:
        if not mask.any():
            return
        values = {k: list(np.asarray(v)[mask]) for k, v in columns.items()}
        parts = [dict(zip(values, row)) for row in zip(*values.values())]
        zh = [i18n.text(f"catalog.{reason}", "zh", title=title[0], **p) for p in parts]
        en = [i18n.text(f"catalog.{reason}", "en", title=title[1], **p) for p in parts]
        f.add_rows(rows[mask], "items", reason, zh, en, severity)

    dup = pd.DataFrame({"r": record, "n": names}).duplicated().to_numpy()
    emit(dup, "item_duplicate", record, item=names)
    display = names.map({k: v[0] for k, v in known.items()})
    unknown = (~dup) & display.isna().to_numpy()
    emit(unknown, "item_not_in_schema", record, item=names)
    expected = names.map({k: v[1] for k, v in known.items()})
    family_of = {t: type_family(t) for t in types.dropna().unique()}
    given = types.map(family_of)
    wrong = (~dup) & (types.notna() & expected.notna() & (given != expected)).fillna(False).to_numpy()
    emit(wrong, "item_type", record, item=names, given=types, expected=expected)
    # elements of the schema that a record does not list (a warning)
    displays = list(dict.fromkeys(v[0] for v in known.values()))
    if displays:
        every = pd.MultiIndex.from_product([positions, displays])
        covered = pd.MultiIndex.from_arrays([record[~unknown], display[~unknown].to_numpy()])
        missing_pairs = every[~every.isin(covered)]
        rec = missing_pairs.get_level_values(0).to_numpy()
        items_missing = missing_pairs.get_level_values(1).to_numpy()
        emit(np.ones(len(rec), dtype=bool), "item_unlisted", rec, "warning", item=items_missing)


# -- pydantic model -----------------------------------------------------------------------------------
class InfoItem(BaseModel):
    """One information item (信息项): its name and data type."""

    model_config = ConfigDict(populate_by_name=True)

    name: str = Field(min_length=1, validation_alias=AliasChoices("name", "信息项名称", "名称"))
    data_type: str | None = Field(None, validation_alias=AliasChoices("data_type", "type", "数据类型"))


def _alias(field: str) -> AliasChoices:
    return AliasChoices(field, *FIELDS[field])


class CatalogRecord(BaseModel):
    """One catalogue record; construct with Chinese or English field names.

    Validation runs the same checks as :func:`validate_catalog` on this one record.
    """

    model_config = ConfigDict(
        populate_by_name=True, str_strip_whitespace=True, extra="ignore", hide_input_in_errors=True
    )

    category: str | None = Field(None, validation_alias=_alias("category"))
    name: str = Field(validation_alias=_alias("name"))
    code: str = Field(validation_alias=_alias("code"))
    provider: str = Field(validation_alias=_alias("provider"))
    provider_code: str = Field(validation_alias=_alias("provider_code"))
    summary: str = Field(validation_alias=_alias("summary"))
    format: str | None = Field(None, validation_alias=_alias("format"))
    items: list[InfoItem] = Field(default_factory=list, validation_alias=_alias("items"))
    share_type: str = Field(validation_alias=_alias("share_type"))
    share_condition: str | None = Field(None, validation_alias=_alias("share_condition"))
    share_basis: str | None = Field(None, validation_alias=_alias("share_basis"))
    share_method: str | None = Field(None, validation_alias=_alias("share_method"))
    open_type: str = Field(validation_alias=_alias("open_type"))
    update_cycle: str = Field(validation_alias=_alias("update_cycle"))
    publish_date: str = Field(validation_alias=_alias("publish_date"))
    related_codes: list[str] = Field(default_factory=list, validation_alias=_alias("related_codes"))

    @field_validator("items", mode="before")
    @classmethod
    def _items(cls, value: Any) -> Any:
        if isinstance(value, str):
            parsed = parse_items(pd.Series([value], dtype="str"))
            if parsed["bad"].iloc[0]:
                raise ValueError(i18n.both("catalog.items_format", title="信息项信息"))
            return [{"name": n, "data_type": t} for n, t in parsed["items"].iloc[0] or []]
        return value

    @field_validator("related_codes", mode="before")
    @classmethod
    def _related(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [p for p in re.split(r"\s*[;；,，、]\s*", value.strip()) if p]
        return value

    @model_validator(mode="after")
    def _check(self) -> CatalogRecord:
        report = validate_catalog([self._row()])
        errors = report.problems[report.problems["severity"] == "error"]
        if len(errors):
            detail_zh = "；".join(errors["message_zh"])
            detail_en = "; ".join(errors["message_en"])
            raise ValueError(f"{i18n.text('catalog.invalid', 'zh', detail=detail_zh)} ({detail_en})")
        return self

    def _row(self) -> dict[str, Any]:
        row = self.model_dump(exclude={"items", "related_codes"})
        row["items"] = ";".join(f"{i.name}:{i.data_type}" if i.data_type else i.name for i in self.items) or None
        row["related_codes"] = ";".join(self.related_codes) or None
        return row

    @property
    def canonical_share_type(self) -> str:
        return _SHARE[re.sub(r"\s+", "", self.share_type)]

    @classmethod
    def from_any(cls, value: Any) -> CatalogRecord:
        """A record from a record, a mapping (Chinese or English keys) or a one-record file."""
        if isinstance(value, cls):
            return value
        source = str(value) if isinstance(value, str | os.PathLike) else None
        if isinstance(value, str | os.PathLike) and not Path(value).is_file():
            raise ConfigError(
                f"找不到目录记录文件：{value}", f"catalogue record file not found: {value}", file=str(value)
            )
        if isinstance(value, str | os.PathLike):
            frame, _ = _records.load_records(value)
            frame = _records.rename_fields(frame, _ALIASES, str(value))
            rows = frame.to_dict("records")
            if len(rows) != 1:
                raise ConfigError(
                    f"目录文件应只含一条记录（实有 {len(rows)} 条）",
                    f"the catalogue file must hold exactly one record ({len(rows)} found)",
                    file=str(value),
                )
            value = {k: v for k, v in rows[0].items() if isinstance(v, str)}
        try:
            return cls.model_validate(value)
        except PydanticError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or None
            detail = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                detail = i18n.both("catalog.missing", title=TITLES.get(str(field), (field, field))[0])
            raise ConfigError(
                i18n.text("catalog.invalid", "zh", detail=detail),
                i18n.text("catalog.invalid", "en", detail=detail),
                file=str(value) if isinstance(value, str | os.PathLike) else source,
                field=field,
            ) from None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with English field names (the manifest form)."""
        return self.model_dump(mode="json")
