"""Loading schemas: YAML/JSON files (through :mod:`zjgov.core.config`: lines, limits, every
error at once) and CSV/Excel data-element sheets as agencies keep them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zjgov import i18n
from zjgov.core import config
from zjgov.core.config import Document
from zjgov.core.errors import config_error
from zjgov.errors import ConfigError
from zjgov.exchange.elements import ATTRIBUTES, DataElement, attribute_key

if TYPE_CHECKING:
    from zjgov.exchange.schema import Schema

__all__ = ["load_schema", "schema_from_json"]

_SCHEMA_KEYS = {
    "名称": "name",
    "模式名称": "name",
    "标题": "title",
    "版本": "version",
    "说明": "description",
    "描述": "description",
    "数据元": "elements",
    "字段": "elements",
    "fields": "elements",
    "主键": "primary_key",
    "primaryKey": "primary_key",
    "外键": "foreign_keys",
    "foreignKeys": "foreign_keys",
    "严格": "strict",
}
_UNION_TAGS = {"code", "table", "enum", "range", "regex", "note"}
_SHEET_PK = {"主键", "primary_key", "primary key", "pk", "是否主键"}

i18n.add(
    {
        "schema.bad_file": ("无法读取模式文件：{detail}", "cannot read the schema file: {detail}"),
        "schema.unknown_suffix": (
            "模式文件应为 YAML、JSON、CSV 或 Excel：{suffix}",
            "a schema file must be YAML, JSON, CSV or Excel: {suffix}",
        ),
        "schema.invalid": ("字段 {name} 无效：{detail}", "field {name} is not valid: {detail}"),
        "schema.missing_field": ("缺少必需的字段 {name}", "the required field {name} is missing"),
        "schema.unknown_field": ("未知的字段 {name}", "unknown field {name}"),
        "schema.not_mapping": ("模式文件的顶层应为键值对象", "the top level of a schema file must be a mapping"),
        "schema.sheet_header": (
            "数据元表的表头“{column}”无法识别",
            "unrecognised header '{column}' in the element sheet",
        ),
    }
)


def _schema_key(key: Any) -> str:
    return _SCHEMA_KEYS.get(str(key), str(key))


def load_schema(path: str | os.PathLike[str], *, sheet: str | int | None = None, name: str | None = None) -> Schema:
    from zjgov.exchange.schema import Schema

    """Load a schema file: YAML/JSON, or a CSV/TSV/Excel data-element sheet (one element per row).

    A malformed file raises :class:`ConfigError` naming the file, the line and the field.
    """
    p = Path(path)
    if not p.is_file():
        raise config_error("schema.bad_file", file=str(p), detail="file not found / 找不到文件")
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        doc = _load_yaml(p)
        if not isinstance(doc.data, Mapping):
            raise config_error("schema.not_mapping", file=str(p), line=1)
        return Schema.from_dict(doc.data, file=str(p), lines=doc.lines)
    if suffix in (".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm"):
        return _load_sheet(p, sheet=sheet, name=name)
    raise config_error("schema.unknown_suffix", file=str(p), suffix=suffix or "(none)")


def _load_yaml(p: Path) -> Document:
    """Parse YAML (or JSON) keeping the line of every key and item (encoding detected)."""
    from zjgov import io

    raw = p.read_bytes()
    encoding = io.detect_encoding(raw) if raw else "utf-8"
    try:
        text = raw.decode("utf-8-sig" if encoding.startswith("utf-8") else encoding)
    except UnicodeDecodeError as exc:
        raise config_error("schema.bad_file", file=str(p), detail=f"{encoding}: byte {exc.start}") from None
    doc = config.loads(text, file=str(p), aliases=_key_aliases)
    if doc.data is None:
        raise config_error("schema.not_mapping", file=str(p), line=1)
    return doc


def _key_aliases(path: tuple, key: Any) -> list[Any]:
    """The spellings of an element attribute that errors may name (English, Chinese, label)."""
    folded = attribute_key(key) if path and isinstance(path[-1], int) else None
    return [k for k in (folded, _schema_key(key)) if k]


def _rename(loc: tuple) -> tuple:
    """pydantic's location → the key path the loader recorded lines for."""
    loc = tuple(_schema_key(x) if isinstance(x, str) else x for x in loc)
    return tuple(x for x in loc if not (isinstance(x, str) and x in _UNION_TAGS))


def _load_sheet(p: Path, *, sheet: str | int | None, name: str | None) -> Schema:
    from zjgov import io
    from zjgov.exchange.schema import Schema

    frame = io.read_table(p, sheet=sheet) if p.suffix.lower() in (".xlsx", ".xlsm") else io.read_table(p)
    mapping: dict[str, str] = {}
    pk_col = None
    for col in frame.columns:
        key = attribute_key(col)
        if key is not None:
            mapping[col] = key
        elif str(col).strip().lower() in _SHEET_PK:
            pk_col = col
        else:
            raise config_error("schema.sheet_header", file=str(p), line=1, field=str(col), column=col)
    elements, primary = [], []
    for i, row in enumerate(frame.itertuples(index=False)):
        record = {mapping[c]: v for c, v in zip(frame.columns, row) if c in mapping and isinstance(v, str)}
        line = i + 2
        try:
            element = DataElement.model_validate(record)
        except Exception as exc:  # pydantic or ConfigError: name the line and the attribute
            raise _sheet_error(exc, str(p), line, frame.columns, mapping) from None
        elements.append(element)
        if pk_col is not None:
            value = row[list(frame.columns).index(pk_col)]
            if isinstance(value, str) and value.strip().lower() in ("是", "y", "yes", "true", "1", "pk", "主键", "√"):
                primary.append(element.column)
    try:
        return Schema(name=name or p.stem, elements=elements, primary_key=primary)
    except Exception as exc:
        raise _sheet_error(exc, str(p), None, frame.columns, mapping) from None


def _sheet_error(exc: Exception, file: str, line: int | None, columns: Sequence[str], mapping) -> ConfigError:
    from pydantic import ValidationError as PydanticError

    if isinstance(exc, PydanticError):
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else None
        header = next((c for c, k in mapping.items() if k == field), field)
        label = header or (ATTRIBUTES.get(field or "", ("",))[0])
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, ConfigError):
            return ConfigError(inner.message_zh, inner.message_en, file=file, line=line, field=label)
        return config_error("schema.invalid", file=file, line=line, field=label, name=label, detail=err["msg"])
    if isinstance(exc, ConfigError):
        return ConfigError(exc.message_zh, exc.message_en, file=file, line=line, field=exc.field)
    return config_error("schema.bad_file", file=file, line=line, detail=type(exc).__name__)


def schema_from_json(text: str) -> Schema:
    """A schema from JSON text (as stored in a package manifest)."""
    from zjgov.exchange.schema import Schema

    return Schema.from_dict(json.loads(text))
