"""Export a :class:`~zjgov.exchange.schema.Schema` to JSON Schema and to a Frictionless Table Schema.

Both are lossy in the same places: check digits, code tables of :mod:`zjgov.codes` and
impossible dates cannot be written as plain constraints, so they travel as ``x-zjgov-*``
keywords (JSON Schema) or in the field's ``zjgov`` property (Table Schema) for tools that
know zjgov; ``pattern`` and ``enum`` carry what a generic validator can check.

>>> from zjgov.exchange import library
>>> js = json_schema(library.schema("公民身份号码", "性别代码", "出生日期", name="p"))
>>> js["properties"]["公民身份号码"]["pattern"], js["properties"]["公民身份号码"]["x-zjgov-code"]
('^[A-Za-z0-9\\\\u3400-\\\\u4dbf\\\\u4e00-\\\\u9fff\\\\uf900-\\\\ufaff]{18}$', ['citizen_id'])
>>> ts = table_schema(library.schema("出生日期", "注册资本", name="p"))
>>> [(f["name"], f["type"], f.get("format")) for f in ts["fields"]]
[('出生日期', 'date', '%Y%m%d'), ('注册资本', 'number', None)]
"""

from __future__ import annotations

from typing import Any

from zjgov import codes
from zjgov.core.dates import to_strftime
from zjgov.exchange.domains import CodeDomain, EnumDomain, PatternDomain, RangeDomain, TableDomain
from zjgov.exchange.elements import DataElement, DataType
from zjgov.exchange.notation import ecma_pattern

__all__ = ["json_schema", "table_schema"]

_JSON_TYPES = {
    DataType.string: "string",
    DataType.integer: "integer",
    DataType.number: "number",
    DataType.boolean: "boolean",
}
_TABLE_TYPES = {
    DataType.string: "string",
    DataType.integer: "integer",
    DataType.number: "number",
    DataType.date: "date",
    DataType.datetime: "datetime",
    DataType.time: "time",
    DataType.boolean: "boolean",
    DataType.binary: "string",
}


def _strftime(pattern: str) -> str:
    return to_strftime(pattern) or pattern


def _pattern(el: DataElement) -> str | None:
    fmt = el.parsed_format
    if fmt is not None:
        return fmt.ecma_regex()
    return None


def _code_pattern(el: DataElement) -> str | None:
    """The canonical pattern of the one code an element is bound to (from the code's fact sheet)."""
    dom = el.domain
    if isinstance(dom, CodeDomain) and dom.by == "code" and len(dom.code) == 1:
        return codes.spec(dom.code[0]).pattern
    return None


def _common(el: DataElement) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if el.name_zh:
        out["title"] = el.name_zh
    if el.definition:
        out["description"] = el.definition
    return out


def json_schema(schema) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of one record of ``schema``; missing values are ``null``."""
    props: dict[str, Any] = {}
    for el in schema.elements:
        prop = _common(el)
        fmt = el.parsed_format
        base = _JSON_TYPES.get(el.data_type, "string")
        if el.data_type in (DataType.date, DataType.datetime, DataType.time):
            extended = {"YYYY-MM-DD": "date", "YYYY-MM-DDThh:mm:ss": "date-time", "hh:mm:ss": "time"}
            if fmt is not None and fmt.pattern in extended:
                prop["format"] = extended[fmt.pattern]
        pattern = _pattern(el)
        if pattern and base == "string":
            prop["pattern"] = pattern
        if isinstance(el.domain, EnumDomain):
            prop["enum"] = list(el.domain.values)
        elif isinstance(el.domain, TableDomain):
            prop["enum"] = el.domain.allowed()
        elif isinstance(el.domain, RangeDomain) and base in ("integer", "number"):
            if el.domain.min is not None:
                prop["minimum"] = el.domain.min
            if el.domain.max is not None:
                prop["maximum"] = el.domain.max
        elif isinstance(el.domain, PatternDomain) and base == "string":
            prop["allOf"] = [{"pattern": f"^(?:{ecma_pattern(el.domain.pattern)})$"}]
        elif isinstance(el.domain, CodeDomain):
            canonical = _code_pattern(el)
            if canonical and base == "string":
                prop["allOf"] = [{"pattern": canonical}]
            prop["x-zjgov-code"] = list(el.domain.code)
            if el.domain.by != "code":
                prop["x-zjgov-code-by"] = el.domain.by
        if fmt is not None:
            prop["x-zjgov-format"] = fmt.text
        if el.sensitivity:
            prop["x-zjgov-sensitivity"] = el.sensitivity
        if el.identifier:
            prop["x-zjgov-identifier"] = el.identifier
        required = el.required or el.column in schema.primary_key
        prop["type"] = base if required else [base, "null"]
        props[el.column] = prop
    out: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": schema.title or schema.name,
        "type": "object",
        "properties": props,
        "required": [el.column for el in schema.elements if el.required or el.column in schema.primary_key],
    }
    if schema.strict:
        out["additionalProperties"] = False
    if schema.primary_key:
        out["x-zjgov-primary-key"] = list(schema.primary_key)
    return out


def table_schema(schema) -> dict[str, Any]:
    """A Frictionless Table Schema (v1) of ``schema``; empty cells are missing values."""
    fields = []
    for el in schema.elements:
        field: dict[str, Any] = {"name": el.column, "type": _TABLE_TYPES[el.data_type], **_common(el)}
        fmt = el.parsed_format
        if fmt is not None and fmt.is_temporal:
            field["format"] = _strftime(fmt.pattern or "")
        constraints: dict[str, Any] = {}
        if el.required or el.column in schema.primary_key:
            constraints["required"] = True
        if el.unique:
            constraints["unique"] = True
        if isinstance(el.domain, PatternDomain) and field["type"] == "string":
            constraints["pattern"] = ecma_pattern(el.domain.pattern).removeprefix("^").removesuffix("$")
        elif _code_pattern(el) and field["type"] == "string":
            constraints["pattern"] = _code_pattern(el).removeprefix("^").removesuffix("$")  # type: ignore[union-attr]
        elif fmt is not None and not fmt.is_temporal and field["type"] == "string":
            constraints["pattern"] = _pattern(el).removeprefix("^").removesuffix("$")  # type: ignore[union-attr]
        if fmt is not None and not fmt.is_temporal and field["type"] == "string":
            if fmt.max_length is not None:
                constraints["maxLength"] = fmt.max_length
            if fmt.min_length is not None and fmt.max_length is not None:
                constraints["minLength"] = fmt.min_length
        if isinstance(el.domain, EnumDomain):
            constraints["enum"] = list(el.domain.values)
        elif isinstance(el.domain, TableDomain):
            constraints["enum"] = el.domain.allowed()
        elif isinstance(el.domain, RangeDomain):
            if el.domain.min is not None:
                constraints["minimum"] = el.domain.min
            if el.domain.max is not None:
                constraints["maximum"] = el.domain.max
        if constraints:
            field["constraints"] = constraints
        extra = {k: v for k, v in (("identifier", el.identifier), ("sensitivity", el.sensitivity)) if v}
        if isinstance(el.domain, CodeDomain):
            extra["code"] = list(el.domain.code)
        if fmt is not None:
            extra["format"] = fmt.text
        if extra:
            field["zjgov"] = extra
        fields.append(field)
    out: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if schema.primary_key:
        out["primaryKey"] = list(schema.primary_key)
    if schema.foreign_keys:
        out["foreignKeys"] = [
            {"fields": fk.columns, "reference": {"resource": fk.reference.resource, "fields": fk.reference.columns}}
            for fk in schema.foreign_keys
        ]
    return out
