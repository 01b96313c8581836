"""Data elements (数据元) with the attributes of DB33/T 2426-2022 公共数据元管理规范.

Seven **basic** attributes (基本属性) every producing body holds: 标识符, 中文名称, 英文名称, 定义,
数据类型, 数据格式, 值域; and ten **extension** attributes (扩展属性) completed before data is
gathered or shared: 对象类词, 表示词, 敏感级别, 计量单位, 关系, 公共数据来源机构, 所属应用, 备注,
版本, 发布日期. A schema uses an element as a column, with three *usage* attributes: 列名 (the
column header, the Chinese name by default), 必填 and 唯一.

Attribute names are accepted in English (``name_zh``), in Chinese (``中文名称``) or as the
English label (``Chinese name``), so agencies' sheets load as they are.

>>> e = DataElement(**{"中文名称": "公民身份号码", "数据类型": "字符型", "数据格式": "an18", "值域": "GB 11643", "敏感级别": "较敏感"})
>>> e.column, e.data_type.value, e.parsed_format.fixed_length, e.domain.code, e.sensitivity
('公民身份号码', 'string', 18, ['citizen_id'], 'L3')
>>> e.missing_attributes("basic")
['identifier', 'name_en', 'definition']
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from zjgov import i18n
from zjgov.errors import ConfigError
from zjgov.exchange.domains import Domain, parse_domain
from zjgov.exchange.notation import Format, parse_format

__all__ = ["ATTRIBUTES", "SENSITIVITY_LEVELS", "DataElement", "DataType", "attribute_key"]

#: field -> (Chinese name, English name, group). Groups: basic, extension, usage.
ATTRIBUTES: dict[str, tuple[str, str, str]] = {
    "identifier": ("标识符", "Identifier", "basic"),
    "name_zh": ("中文名称", "Chinese name", "basic"),
    "name_en": ("英文名称", "English name", "basic"),
    "definition": ("定义", "Definition", "basic"),
    "data_type": ("数据类型", "Data type", "basic"),
    "format": ("数据格式", "Data format", "basic"),
    "domain": ("值域", "Value domain", "basic"),
    "object_class": ("对象类词", "Object class term", "extension"),
    "representation": ("表示词", "Representation term", "extension"),
    "sensitivity": ("敏感级别", "Sensitivity level", "extension"),
    "unit": ("计量单位", "Unit of measure", "extension"),
    "relation": ("关系", "Relationship", "extension"),
    "source_agency": ("公共数据来源机构", "Source agency", "extension"),
    "application": ("所属应用", "Application", "extension"),
    "remarks": ("备注", "Remarks", "extension"),
    "version": ("版本", "Version", "extension"),
    "published": ("发布日期", "Publication date", "extension"),
    "column": ("列名", "Column", "usage"),
    "required": ("必填", "Required", "usage"),
    "unique": ("唯一", "Unique", "usage"),
}
_EXTRA_ALIASES = {
    "名称": "name_zh",
    "数据元名称": "name_zh",
    "name": "name_zh",
    "数据元标识符": "identifier",
    "内部标识符": "identifier",
    "id": "identifier",
    "type": "data_type",
    "类型": "data_type",
    "格式": "format",
    "表示格式": "format",
    "允许值": "domain",
    "description": "definition",
    "说明": "definition",
    "敏感等级": "sensitivity",
    "分级": "sensitivity",
    "单位": "unit",
    "来源机构": "source_agency",
    "数据来源机构": "source_agency",
    "字段名": "column",
    "字段": "column",
    "是否必填": "required",
    "必填项": "required",
    "约束": "required",
    "是否唯一": "unique",
}


def attribute_key(name: str) -> str | None:
    """The field name of an attribute given in English, Chinese or as its label.

    >>> attribute_key("敏感级别"), attribute_key("English name"), attribute_key("data_type")
    ('sensitivity', 'name_en', 'data_type')
    """
    return _KEYS.get(_fold(name))


def _fold(name: object) -> str:
    return str(name).strip().lower().replace(" ", "_").replace("-", "_")


_KEYS: dict[str, str] = {}
for _field, (_zh, _en, _) in ATTRIBUTES.items():
    _KEYS[_fold(_field)] = _KEYS[_fold(_zh)] = _KEYS[_fold(_en)] = _field
for _alias, _field in _EXTRA_ALIASES.items():
    _KEYS.setdefault(_fold(_alias), _field)


class DataType(enum.StrEnum):
    """数据类型 (data type)."""

    string = "string"
    integer = "integer"
    number = "number"
    date = "date"
    datetime = "datetime"
    time = "time"
    boolean = "boolean"
    binary = "binary"

    @property
    def label(self) -> tuple[str, str]:
        return _TYPE_LABELS[self]


_TYPE_LABELS = {
    DataType.string: ("字符型", "string"),
    DataType.integer: ("整数型", "integer"),
    DataType.number: ("数值型", "number"),
    DataType.date: ("日期型", "date"),
    DataType.datetime: ("日期时间型", "date-time"),
    DataType.time: ("时间型", "time"),
    DataType.boolean: ("布尔型", "boolean"),
    DataType.binary: ("二进制", "binary"),
}
_TYPE_NAMES = {
    **{t.value: t for t in DataType},
    **{label[0]: t for t, label in _TYPE_LABELS.items()},
    "字符": DataType.string,
    "字符串": DataType.string,
    "文本": DataType.string,
    "str": DataType.string,
    "text": DataType.string,
    "char": DataType.string,
    "varchar": DataType.string,
    "c": DataType.string,
    "数值": DataType.number,
    "数字型": DataType.number,
    "数字": DataType.number,
    "numeric": DataType.number,
    "decimal": DataType.number,
    "float": DataType.number,
    "n": DataType.number,
    "整数": DataType.integer,
    "整型": DataType.integer,
    "int": DataType.integer,
    "日期": DataType.date,
    "d": DataType.date,
    "日期时间": DataType.datetime,
    "date-time": DataType.datetime,
    "date_time": DataType.datetime,
    "timestamp": DataType.datetime,
    "dt": DataType.datetime,
    "时间": DataType.time,
    "t": DataType.time,
    "布尔": DataType.boolean,
    "逻辑型": DataType.boolean,
    "bool": DataType.boolean,
    "二进制型": DataType.binary,
    "bytes": DataType.binary,
}

#: DB33/T 2350-2021 sensitivity levels, high to low.
SENSITIVITY_LEVELS = {
    "L4": ("敏感数据", "sensitive"),
    "L3": ("较敏感数据", "fairly sensitive"),
    "L2": ("低敏感数据", "low sensitivity"),
    "L1": ("不敏感数据", "not sensitive"),
}
_LEVEL_NAMES = {
    **{k.lower(): k for k in SENSITIVITY_LEVELS},
    **{k[1]: k for k in SENSITIVITY_LEVELS},
    **{v[0]: k for k, v in SENSITIVITY_LEVELS.items()},
    **{v[0].removesuffix("数据"): k for k, v in SENSITIVITY_LEVELS.items()},
    **{v[1]: k for k, v in SENSITIVITY_LEVELS.items()},
}
_TRUE = {"true", "yes", "y", "1", "是", "必填", "m", "mandatory", "required", "√", "unique", "唯一"}
_FALSE = {"false", "no", "n", "0", "否", "非必填", "选填", "o", "optional", "", "none", "null"}

i18n.add(
    {
        "element.bad_type": (
            "无法识别的数据类型“{value}”（可用：字符型、整数型、数值型、日期型、日期时间型、时间型、布尔型、二进制）",
            "unrecognised data type '{value}' (use string, integer, number, date, datetime, time, boolean, binary)",
        ),
        "element.bad_level": (
            "无法识别的敏感级别“{value}”（应为 L1–L4 或 敏感/较敏感/低敏感/不敏感）",
            "unrecognised sensitivity level '{value}' (use L1–L4)",
        ),
        "element.bad_date": (
            "“{value}”不是存在的日期（应如 2024-01-31）",
            "'{value}' is not a real date (expected a form such as 2024-01-31)",
        ),
        "element.bad_flag": ("应为 是/否（true/false）：{value}", "expected yes/no (true/false): {value}"),
        "element.no_name": (
            "数据元需要中文名称、英文名称、标识符或列名之一",
            "a data element needs a Chinese name, an English name, an identifier or a column",
        ),
        "element.type_format": (
            "数据格式“{format}”与数据类型“{type}”不一致",
            "the data format '{format}' does not fit the data type '{type}'",
        ),
    }
)


def _config(key: str, field: str, **fields: object) -> ConfigError:
    return ConfigError(i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields), field=field)


def _flag(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    folded = _fold(value)
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise _config("element.bad_flag", field, value=value)


class DataElement(BaseModel):
    """One data element: 7 basic, 10 extension and 3 usage attributes (see :data:`ATTRIBUTES`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    identifier: str | None = None
    name_zh: str | None = None
    name_en: str | None = None
    definition: str | None = None
    data_type: DataType = DataType.string
    format: str | None = None
    domain: Domain | None = None
    object_class: str | None = None
    representation: str | None = None
    sensitivity: str | None = None
    unit: str | None = None
    relation: str | None = None
    source_agency: str | None = None
    application: str | None = None
    remarks: str | None = None
    version: str | None = None
    published: str | None = None
    column: str = ""
    required: bool = False
    unique: bool = False

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        out: dict[str, Any] = {}
        for key, value in data.items():
            field = attribute_key(key) or str(key)
            if isinstance(value, str) and not value.strip() and field not in ("column",):
                value = None
            out[field] = value
        if not out.get("column"):
            out["column"] = out.get("name_zh") or out.get("name_en") or out.get("identifier") or ""
        if not out["column"]:
            raise _config("element.no_name", "name_zh")
        for flag in ("required", "unique"):
            if flag in out:
                out[flag] = _flag(out[flag], flag)
        return out

    @field_validator(
        "identifier",
        "name_zh",
        "name_en",
        "definition",
        "object_class",
        "representation",
        "unit",
        "relation",
        "source_agency",
        "application",
        "remarks",
        "version",
        mode="before",
    )
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value.strip() if isinstance(value, str) else value
        return str(value)

    @field_validator("data_type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> Any:
        if value is None:
            return DataType.string
        if isinstance(value, DataType):
            return value
        found = _TYPE_NAMES.get(_fold(value)) or _TYPE_NAMES.get(str(value).strip())
        if found is None:
            raise _config("element.bad_type", "data_type", value=value)
        return found

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        parse_format(text)
        return text

    @field_validator("domain", mode="before")
    @classmethod
    def _domain(cls, value: Any) -> Any:
        if isinstance(value, str):
            return parse_domain(value, strict=False)
        return value

    @field_validator("sensitivity", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        found = _LEVEL_NAMES.get(text.lower()) or _LEVEL_NAMES.get(text)
        if found is None and text.upper().startswith("L") and text[1:2] in "1234":
            found = text[:2].upper()
        if found is None:
            raise _config("element.bad_level", "sensitivity", value=value)
        return found

    @field_validator("published", mode="before")
    @classmethod
    def _published(cls, value: Any) -> Any:
        if value is None:
            return None
        from zjgov.exchange.dates import to_iso

        try:
            return to_iso(str(value))
        except ValueError:
            raise _config("element.bad_date", "published", value=value) from None

    @model_validator(mode="after")
    def _consistent(self) -> DataElement:
        fmt = self.parsed_format
        if fmt is None:
            return self
        temporal = {DataType.date: "date", DataType.datetime: "datetime", DataType.time: "time"}
        expected = temporal.get(self.data_type)
        bad = (expected is not None and fmt.kind != expected) or (
            expected is None and fmt.is_temporal and self.data_type != DataType.string
        )
        if self.data_type in (DataType.integer, DataType.number) and (fmt.kind == "text" and fmt.charset != "n"):
            bad = True
        if self.data_type == DataType.integer and fmt.kind == "decimal":
            bad = True
        if bad:
            raise _config("element.type_format", "format", format=fmt.text, type=self.data_type.value)
        return self

    # -- views ------------------------------------------------------------------------------
    @property
    def parsed_format(self) -> Format | None:
        """The :class:`Format` of ``format`` (``None`` without a format)."""
        return None if self.format is None else parse_format(self.format)

    @property
    def temporal_pattern(self) -> str | None:
        fmt = self.parsed_format
        return fmt.pattern if fmt is not None and fmt.is_temporal else None

    def title(self, lang: str | None = None) -> str:
        """The column's display name in ``lang`` (falls back to the other name or the column)."""
        if i18n.check_lang(lang) == "en":
            return self.name_en or self.column
        return self.name_zh or self.column

    def missing_attributes(self, group: str = "basic") -> list[str]:
        """The attributes of ``group`` (``basic`` or ``extension``) that are empty."""
        return [k for k, (_, _, g) in ATTRIBUTES.items() if g == group and getattr(self, k) in (None, "")]

    def to_dict(self, *, labels: str = "field") -> dict[str, Any]:
        """The element as plain data; ``labels="zh"`` uses the Chinese attribute names."""
        data = self.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
        if self.column == (self.name_zh or self.name_en or self.identifier):
            data.pop("column", None)
        for flag in ("required", "unique"):
            if not data.get(flag):
                data.pop(flag, None)
        if data.get("data_type") == "string":
            data.pop("data_type")
        if labels == "zh":
            return {ATTRIBUTES[k][0]: v for k, v in data.items()}
        return data

    def with_usage(self, **changes: Any) -> DataElement:
        """A copy with other usage attributes (``column=``, ``required=``, ``unique=``) or overrides."""
        data = self.model_dump(exclude_none=True)
        data.update(changes)
        return DataElement(**data)
