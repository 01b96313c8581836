"""Schemas: ordered data elements with primary and foreign keys; validate, coerce and export.

A :class:`Schema` loads from YAML or JSON (an error names the file, the line and the field), or
from a CSV/Excel data-element sheet as agencies keep them (one row per element, Chinese or
English headers). ``validate`` checks a frame column by column with vectorised kernels — the
data format (GB/T 19488 notation), the value domain (the codes of :mod:`zjgov.codes`, code
tables, enumerations, ranges, RE2 patterns), required values and keys — and reports *every*
violation (row, column, reason code, bilingual message) without ever echoing a value.

>>> import pandas as pd
>>> schema = Schema.from_dict({
...     "name": "people",
...     "elements": [
...         {"use": "公民身份号码", "column": "身份证号", "required": True},
...         {"中文名称": "姓名", "数据格式": "c..50", "必填": "是"},
...         {"use": "出生日期"},
...     ],
...     "primary_key": ["身份证号"],
... })
>>> frame = pd.DataFrame({"身份证号": ["11010519491231002X", "110105194912310021", "11010519491231002X"],
...                       "姓名": ["张三", None, "王五"], "出生日期": ["19491231", "19490230", None]})
>>> report = schema.validate(frame)
>>> report.violations[["row", "column", "reason"]].values.tolist()
[[2, '身份证号', 'checksum'], [2, '姓名', 'missing'], [2, '出生日期', 'component:date'], [3, '身份证号', 'duplicate_key']]
>>> report.violations.message_en[0]
'身份证号 (Citizen ID number): the check character is wrong'
>>> report.valid.tolist(), len(report.valid_rows()), report.quarantined_rows()["_reasons"].tolist()
([True, False, False], 1, ['身份证号:checksum; 姓名:missing; 出生日期:component:date', '身份证号:duplicate_key'])
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from zjgov import i18n
from zjgov.core import config
from zjgov.core.errors import config_error
from zjgov.errors import ConfigError
from zjgov.exchange.elements import DataElement, attribute_key
from zjgov.exchange.schema_report import SchemaValidationError, ValidationReport

__all__ = ["CoerceResult", "ForeignKey", "Schema", "SchemaValidationError", "ValidationReport", "load_schema"]

i18n.add(
    {
        "schema.duplicate_column": ("列名“{column}”在模式中出现多次", "the column '{column}' appears more than once"),
        "schema.unknown_key_column": (
            "键中的列“{column}”不是模式的数据元",
            "the key column '{column}' is not an element",
        ),
    }
)


class ForeignKey(BaseModel):
    """``columns`` of this schema must appear as ``reference.columns`` of ``reference.resource``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: list[str]
    reference: ForeignReference

    @field_validator("columns", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class ForeignReference(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    resource: str
    columns: list[str]

    @field_validator("columns", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


ForeignKey.model_rebuild()


class Schema(BaseModel):
    """An ordered list of data elements, with keys. Build with :meth:`from_dict` or :func:`load_schema`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "schema"
    title: str | None = None
    version: str | None = None
    description: str | None = None
    elements: list[DataElement]
    primary_key: list[str] = Field(default_factory=list)
    foreign_keys: list[ForeignKey] = Field(default_factory=list)
    strict: bool = False

    @field_validator("elements", mode="before")
    @classmethod
    def _use_library(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        out = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping) and ("use" in item or "引用" in item):
                from zjgov.exchange import library

                item = dict(item)
                name = str(item.pop("use", None) or item.pop("引用"))
                try:
                    base = library.get(name)
                except ConfigError as exc:
                    raise ConfigError(exc.message_zh, exc.message_en, field=f"elements.{i}.use") from None
                changes = {attribute_key(k) or k: v for k, v in item.items()}
                item = base.with_usage(**changes)
            out.append(item)
        return out

    @field_validator("primary_key", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if value is None:
            return []
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _keys_exist(self) -> Schema:
        seen: set[str] = set()
        for el in self.elements:
            if el.column in seen:
                raise config_error("schema.duplicate_column", field="elements", column=el.column)
            seen.add(el.column)
        for col in self.primary_key + [c for fk in self.foreign_keys for c in fk.columns]:
            if col not in seen:
                where = "primary_key" if col in self.primary_key else "foreign_keys"
                raise config_error("schema.unknown_key_column", field=where, column=col)
        return self

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, file: str | None = None, lines: Mapping | None = None) -> Schema:
        """Build from plain data; errors name the field (and the line when ``lines`` maps paths to lines)."""
        from pydantic import ValidationError as PydanticError

        from zjgov.exchange.schema_load import _rename, _schema_key

        if not isinstance(data, Mapping):
            raise config_error("schema.not_mapping", file=file, line=1)
        data = {_schema_key(k): v for k, v in data.items()}
        try:
            return cls.model_validate(data)
        except PydanticError as exc:
            doc = config.Document(data, dict(lines or {}), file)
            raise ConfigError.collect(config.errors_from_pydantic(exc, doc, model=cls, rename=_rename)) from None

    @classmethod
    def load(cls, path: str | os.PathLike[str], **options: Any) -> Schema:
        """Load a schema file (YAML, JSON, CSV/TSV or Excel data-element sheet)."""
        return load_schema(path, **options)

    def to_dict(self) -> dict[str, Any]:
        """Plain data that :meth:`from_dict` reads back to an equal schema."""
        out: dict[str, Any] = {"name": self.name}
        for key in ("title", "version", "description"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["elements"] = [el.to_dict() for el in self.elements]
        if self.primary_key:
            out["primary_key"] = list(self.primary_key)
        if self.foreign_keys:
            out["foreign_keys"] = [fk.model_dump() for fk in self.foreign_keys]
        if self.strict:
            out["strict"] = True
        return out

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)

    # -- lookups ----------------------------------------------------------------------------
    @property
    def columns(self) -> list[str]:
        return [el.column for el in self.elements]

    def element(self, column: str) -> DataElement:
        for el in self.elements:
            if column in (el.column, el.name_zh, el.name_en, el.identifier):
                return el
        raise KeyError(column)

    def _required(self, el: DataElement) -> bool:
        return el.required or el.column in self.primary_key

    def _key_sets(self) -> list[list[str]]:
        """The primary key and each unique column."""
        keys = [self.primary_key] if self.primary_key else []
        return keys + [[el.column] for el in self.elements if el.unique and [el.column] != self.primary_key]

    # -- validation (zjgov.exchange.schema_validate) -----------------------------------------
    def validate(  # type: ignore[override]  # pydantic's deprecated classmethod of that name
        self,
        frame: pd.DataFrame,
        lazy: bool = True,
        *,
        references: Mapping[str, pd.DataFrame | pd.Series | Iterable] | None = None,
        seen_keys: dict[tuple[str, ...], Any] | None = None,
    ) -> ValidationReport:
        """Check every row; returns a :class:`ValidationReport` (``lazy=False`` raises on any violation).

        ``references`` gives the data of foreign keys: ``{resource: frame}`` (or a Series or set
        of values for a one-column key); a key whose data is not given is listed in
        ``report.unchecked``. Rows are numbered 1-based within ``frame`` (``row``); ``index``
        is the frame's own index label. ``seen_keys`` (a dict, filled in place) carries the keys
        of earlier batches, so that a key repeated across batches of one file is found too.
        """
        from zjgov.exchange import schema_validate

        return schema_validate.validate(self, frame, lazy, references=references, seen_keys=seen_keys)

    def coerce(self, frame: pd.DataFrame) -> CoerceResult:
        """Typed columns by element: Arrow strings, ``Int64``, ``Float64``, ``datetime64[s]``, ``boolean``.

        Dates and times are parsed by the element's format (or any recognised form without one).
        Values that cannot be converted become missing and are listed in ``failures``; rows are
        never dropped, columns not in the schema are kept unchanged.
        """
        from zjgov.exchange import schema_validate

        return schema_validate.coerce(self, frame)

    # -- export -----------------------------------------------------------------------------
    def to_json_schema(self) -> dict[str, Any]:
        """A JSON Schema (2020-12) of one record; zjgov specifics as ``x-zjgov-*`` keywords."""
        from zjgov.exchange import export

        return export.json_schema(self)

    def to_table_schema(self) -> dict[str, Any]:
        """A Frictionless Table Schema (fields, constraints, primaryKey, foreignKeys)."""
        from zjgov.exchange import export

        return export.table_schema(self)


from zjgov.exchange.schema_load import load_schema, schema_from_json  # noqa: E402  (they build Schemas)
from zjgov.exchange.schema_validate import CoerceResult  # noqa: E402

__all__ += ["schema_from_json"]
