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

import dataclasses
import functools
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from zjgov import codes, i18n
from zjgov.core import config, keys, text
from zjgov.core.arrow import SPACE_LEAD_BYTES, offsets_data
from zjgov.core.arrow import mask as _np
from zjgov.core.config import Document
from zjgov.core.reasons import index as reason_index
from zjgov.core.reasons import name as reason_name
from zjgov.core.text import to_arrow
from zjgov.core.threads import parallel_map
from zjgov.errors import ConfigError, ValidationError
from zjgov.exchange import dates as _dates
from zjgov.exchange.domains import CodeDomain, NoteDomain
from zjgov.exchange.elements import ATTRIBUTES, DataElement, DataType, attribute_key
from zjgov.exchange.notation import FORMAT, LENGTH, TextBytes
from zjgov.exchange.notation import reason_name as format_reason

__all__ = ["CoerceResult", "ForeignKey", "Schema", "SchemaValidationError", "ValidationReport", "load_schema"]

MISSING = "missing"
TYPE = "type"
DUPLICATE_KEY = "duplicate_key"
FOREIGN_KEY = "foreign_key"
COLUMN_MISSING = "column_missing"
COLUMN_UNEXPECTED = "column_unexpected"
VIOLATION_COLUMNS = ["row", "index", "column", "element", "reason", "message_zh", "message_en"]
_ARROW_TEXT = {pa.large_string(): pd.StringDtype("pyarrow"), pa.string(): pd.StringDtype("pyarrow")}
_TRUE_TEXT = {"true", "1", "是", "y", "yes", "t"}
_FALSE_TEXT = {"false", "0", "否", "n", "no", "f"}

i18n.add(
    {
        "schema.reason.duplicate_key": (
            "{title}：主键（唯一键）与前面的行重复",
            "{title}: the key repeats an earlier row",
        ),
        "schema.reason.foreign_key": (
            "{title}：外键在引用的数据中不存在",
            "{title}: the foreign key is not in the referenced data",
        ),
        "schema.reason.column_missing": ("{title}：数据中缺少该列", "{title}: the column is missing from the data"),
        "schema.reason.column_unexpected": ("{title}：模式中没有该列", "{title}: the column is not in the schema"),
        "schema.reason.type": (
            "{title}：值的类型不符（如浮点数会丢失数字）",
            "{title}: the value has the wrong type (a float loses digits)",
        ),
        "schema.reason.boolean": ("{title}：不是布尔值（是/否）", "{title}: not a boolean (true/false)"),
        "schema.bad_file": ("无法读取模式文件：{detail}", "cannot read the schema file: {detail}"),
        "schema.unknown_suffix": (
            "模式文件应为 YAML、JSON、CSV 或 Excel：{suffix}",
            "a schema file must be YAML, JSON, CSV or Excel: {suffix}",
        ),
        "schema.invalid": ("字段 {name} 无效：{detail}", "field {name} is not valid: {detail}"),
        "schema.missing_field": ("缺少必需的字段 {name}", "the required field {name} is missing"),
        "schema.unknown_field": ("未知的字段 {name}", "unknown field {name}"),
        "schema.not_mapping": ("模式文件的顶层应为键值对象", "the top level of a schema file must be a mapping"),
        "schema.duplicate_column": ("列名“{column}”在模式中出现多次", "the column '{column}' appears more than once"),
        "schema.unknown_key_column": (
            "键中的列“{column}”不是模式的数据元",
            "the key column '{column}' is not an element",
        ),
        "schema.not_frame": ("validate 需要 pandas DataFrame", "validate needs a pandas DataFrame"),
        "schema.failed": (
            "数据不符合模式：{count} 处违规，首个在第 {row} 行“{column}”：{message}",
            "the data does not fit the schema: {count} violations, the first at row {row}, '{column}': {message}",
        ),
        "schema.sheet_header": (
            "数据元表的表头“{column}”无法识别",
            "unrecognised header '{column}' in the element sheet",
        ),
        "schema.reference_missing": (
            "外键 {columns} 引用的数据“{resource}”未提供，未检查",
            "foreign key {columns}: the referenced data '{resource}' was not given; not checked",
        ),
        "schema.note_domain": (
            "“{column}”的值域仅为文字说明，未检查",
            "'{column}': the value domain is prose only; not checked",
        ),
    }
)


def _config(key: str, *, file: str | None = None, line: int | None = None, field: str | None = None, **kw):
    return ConfigError(i18n.text(key, "zh", **kw), i18n.text(key, "en", **kw), file=file, line=line, field=field)


def message(reason: str, title: str, lang: str | None = None) -> str:
    """The message of a violation ``reason`` for a column titled ``title``."""
    key = f"schema.reason.{reason}"
    return i18n.text(key if i18n.has(key) else reason, lang, title=title)


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
                raise _config("schema.duplicate_column", field="elements", column=el.column)
            seen.add(el.column)
        for col in self.primary_key + [c for fk in self.foreign_keys for c in fk.columns]:
            if col not in seen:
                where = "primary_key" if col in self.primary_key else "foreign_keys"
                raise _config("schema.unknown_key_column", field=where, column=col)
        return self

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, file: str | None = None, lines: Mapping | None = None) -> Schema:
        """Build from plain data; errors name the field (and the line when ``lines`` maps paths to lines)."""
        from pydantic import ValidationError as PydanticError

        if not isinstance(data, Mapping):
            raise _config("schema.not_mapping", file=file, line=1)
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

    # -- validation -------------------------------------------------------------------------
    def validate(
        self,
        frame: pd.DataFrame,
        lazy: bool = True,
        *,
        references: Mapping[str, pd.DataFrame | pd.Series | Iterable] | None = None,
        seen_keys: dict[tuple[str, ...], set] | None = None,
    ) -> ValidationReport:
        """Check every row; returns a :class:`ValidationReport` (``lazy=False`` raises on any violation).

        ``references`` gives the data of foreign keys: ``{resource: frame}`` (or a Series or set
        of values for a one-column key); a key whose data is not given is listed in
        ``report.unchecked``. Rows are numbered 1-based within ``frame`` (``row``); ``index``
        is the frame's own index label. ``seen_keys`` (a dict, filled in place) carries the keys
        of earlier batches, so that a key repeated across batches of one file is found too.
        """
        if not isinstance(frame, pd.DataFrame):
            raise _config("schema.not_frame", field="frame")
        n = len(frame)
        per_column: list[tuple[str, str | None, np.ndarray]] = []  # (column, element id, reason codes)
        frame_level: list[tuple[str, str]] = []
        unchecked: list[tuple[str, str]] = []
        row_invalid = np.zeros(n, dtype=bool)
        present = []
        for el in self.elements:
            if el.column not in frame.columns:
                if self._required(el):
                    frame_level.append((el.column, COLUMN_MISSING))
                    row_invalid[:] = True
                continue
            if isinstance(el.domain, NoteDomain):
                unchecked.append(_both("schema.note_domain", column=el.column))
            present.append(el)
        results, hashed = self._check_elements(present, frame)
        per_column += [(el.column, el.identifier, codes) for el, codes in zip(present, results)]
        if self.strict:
            for col in frame.columns:
                if col not in self.columns:
                    frame_level.append((str(col), COLUMN_UNEXPECTED))
        in_keys = set(self.primary_key) | {el.column for el in self.elements if el.unique}
        in_keys |= {c for fk in self.foreign_keys for c in fk.columns}
        failed = {column: codes != 0 for column, _, codes in per_column if column in in_keys}
        per_column += self._key_checks(frame, references, unchecked, seen_keys, failed, hashed)
        return _report(self, frame, per_column, frame_level, row_invalid, unchecked, lazy)

    def _check_elements(self, present: list[DataElement], frame: pd.DataFrame) -> tuple[list[np.ndarray], dict]:
        """Reason codes of each element's column, and the repeats of each one-column key found by
        hashing (:func:`_hashed_duplicates`). Columns are independent, so a long frame's columns
        are checked on the engine's threads, the costly ones (codes, keys) started first."""
        keys = [key[0] for key in self._key_sets() if len(key) == 1 and key[0] in frame.columns]
        jobs = [functools.partial(self._check_element, el, frame[el.column]) for el in present]
        jobs += [functools.partial(lambda c: _hashed_duplicates(self._key_series(c, frame[c])), c) for c in keys]
        if len(frame) < _PARALLEL_MIN_ROWS:
            done = [job() for job in jobs]
        else:
            costly = [len(present) <= i or isinstance(present[i].domain, CodeDomain) for i in range(len(jobs))]
            order = sorted(range(len(jobs)), key=lambda i: not costly[i])
            done = [np.empty(0)] * len(jobs)
            for i, result in zip(order, parallel_map(lambda i: jobs[i](), order)):
                done[i] = result
        return done[: len(present)], dict(zip(keys, done[len(present) :]))

    def _key_series(self, column: str, series: pd.Series) -> pd.Series:
        """The cells of a key column as keys compare them: the compact form of its code where the
        element is bound to a code (``X``/``x``, full-width digits and separators are one key),
        the cells as they are otherwise."""
        names = _bound_codes(self.element(column)) if column in self.columns else None
        if names is None:
            return series
        arr = codes.compact_column(names[0], series) if len(names) == 1 else text.compact_column(series)
        out = arr.to_pandas(types_mapper=_ARROW_TEXT.get)
        out.index, out.name = series.index, series.name
        return out

    def _key_frame(self, frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        return pd.DataFrame({c: self._key_series(c, frame[c]) for c in columns}, index=frame.index)

    def _reference_keys(self, ref: Any, fk: ForeignKey) -> Any:
        """The referenced values compared like the referencing columns (compact where bound to a code)."""
        if isinstance(ref, pd.DataFrame):
            if not all(c in ref.columns for c in fk.reference.columns):
                return ref
            return pd.DataFrame(
                {r: self._key_series(c, ref[r]) for c, r in zip(fk.columns, fk.reference.columns)}, index=ref.index
            )
        series = ref if isinstance(ref, pd.Series) else pd.Series(list(ref), dtype=object)
        return self._key_series(fk.columns[0], series) if len(fk.columns) == 1 else ref

    def _key_sets(self) -> list[list[str]]:
        """The primary key and each unique column."""
        keys = [self.primary_key] if self.primary_key else []
        return keys + [[el.column] for el in self.elements if el.unique and [el.column] != self.primary_key]

    def _check_element(self, el: DataElement, series: pd.Series) -> np.ndarray:
        """Reason codes (engine registry integers, 0 = valid) of one column.

        Every check looks at one value at a time, so a long column with few distinct values
        (sex, code tables, names) is checked once per distinct value and the answer spread back.
        """
        distinct = _few_distinct(series)
        if distinct is not None:
            values, positions = distinct
            return np.take(self._check_values(el, values), positions)
        return self._check_values(el, series)

    def _check_values(self, el: DataElement, series: pd.Series) -> np.ndarray:
        n = len(series)
        reason = np.zeros(n, dtype=np.int16)
        fmt = el.parsed_format
        if _native_number(el, series):  # a float/int column of a numeric element: no text round trip
            missing = series.isna().to_numpy()
            if self._required(el):
                reason[missing] = reason_index(MISSING)
            if el.domain is not None and (~missing).any():
                dom = el.domain.check(pa.array(series, from_pandas=True), series, fmt)
                reason[~missing & (dom > 0)] = dom[~missing & (dom > 0)]
            return reason
        arr, bad_type, native = _text(series, el)
        typed = bad_type.any()
        if typed:
            reason[bad_type] = reason_index(TYPE)
        text_bytes = TextBytes.of(arr) if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type) else None
        blank = _blank(arr, text_bytes)  # missing, empty or only spaces
        if typed:
            blank &= ~bad_type
        if self._required(el):
            reason[blank] = reason_index(MISSING)
        todo = ~(blank | bad_type) if typed else ~blank
        if not todo.any():
            return reason
        if native:
            pass  # a typed column (dates, numbers) needs no text format check
        elif fmt is not None:
            names = _bound_codes(el)
            if (
                names is not None
            ):  # the format describes the code's compact form: every spelling the code accepts passes
                compact = codes.compact_column(names[0], arr) if len(names) == 1 else text.compact_column(arr)
                codes_ = fmt.check_arrow(compact, TextBytes.of(compact))
            else:
                codes_ = fmt.check_arrow(arr, text_bytes)
            bad = np.flatnonzero(codes_ != 0)  # a bool mask: several times faster than int codes
            bad = bad[todo[bad]]
            if len(bad):
                table = np.zeros(max(_FORMAT_CODES) + 1, dtype=np.int16)
                for code in _FORMAT_CODES:
                    table[code] = reason_index(format_reason(code))
                reason[bad] = table[codes_[bad]]
        else:
            _type_check(el, arr, reason, todo)
        if el.domain is not None:
            ok_so_far = todo & (reason == 0)
            if ok_so_far.any():
                dom = el.domain.check(arr, series, fmt)
                failed = np.flatnonzero(dom != 0)
                failed = failed[ok_so_far[failed]]
                reason[failed] = dom[failed]
        return reason

    def _key_checks(
        self, frame, references, unchecked, seen_keys, failed, hashed
    ) -> list[tuple[str, str | None, np.ndarray]]:
        """Duplicate and foreign keys, among the rows whose key cells passed their own checks."""
        out = []
        for key in self._key_sets():
            if not all(c in frame.columns for c in key):
                continue
            sub = self._key_frame(frame, key)
            present = sub.notna().all(axis=1).to_numpy().copy()
            for c in key:
                if c in failed:
                    present &= ~failed[c]
            if seen_keys is not None:  # batches of one file: exact groups across batches
                dup = seen_keys.setdefault(tuple(key), _SeenKeys()).repeats(sub, present)
            else:
                dup = hashed.get(key[0]) if len(key) == 1 else None
                dup = (_later_duplicates(sub, present) if dup is None else dup) & present
            if dup.any():
                flags = np.where(dup, reason_index(DUPLICATE_KEY), 0).astype(np.int16)
                out.append((key[0], self.element(key[0]).identifier, flags))
        for fk in self.foreign_keys:
            if not all(c in frame.columns for c in fk.columns):
                continue
            ref = (references or {}).get(fk.reference.resource)
            if ref is None and fk.reference.resource == self.name:
                ref = frame
            if ref is None:
                unchecked.append(
                    _both("schema.reference_missing", columns=",".join(fk.columns), resource=fk.reference.resource)
                )
                continue
            sub = self._key_frame(frame, fk.columns)
            present = sub.notna().all(axis=1).to_numpy().copy()
            for c in fk.columns:
                if c in failed:
                    present &= ~failed[c]
            found = _lookup(sub, self._reference_keys(ref, fk), fk.reference.columns)
            bad = present & ~found
            if bad.any():
                flags = np.where(bad, reason_index(FOREIGN_KEY), 0).astype(np.int16)
                out.append((fk.columns[0], self.element(fk.columns[0]).identifier, flags))
        return out

    # -- coercion ---------------------------------------------------------------------------
    def coerce(self, frame: pd.DataFrame) -> CoerceResult:
        """Typed columns by element: Arrow strings, ``Int64``, ``Float64``, ``datetime64[s]``, ``boolean``.

        Dates and times are parsed by the element's format (or any recognised form without one).
        Values that cannot be converted become missing and are listed in ``failures``; rows are
        never dropped, columns not in the schema are kept unchanged.
        """
        if not isinstance(frame, pd.DataFrame):
            raise _config("schema.not_frame", field="frame")
        out = frame.copy(deep=False)
        failures = []
        for el in self.elements:
            if el.column not in frame.columns:
                continue
            converted, bad, reasons = _coerce_column(el, frame[el.column])
            out[el.column] = converted
            rows = np.flatnonzero(bad)
            if len(rows):
                failures.append(
                    pd.DataFrame(
                        {
                            "row": rows + 1,
                            "index": frame.index[rows],
                            "column": el.column,
                            "reason": reasons[rows] if isinstance(reasons, np.ndarray) else reasons,
                        }
                    )
                )
        table = (
            pd.concat(failures, ignore_index=True)
            if failures
            else pd.DataFrame({"row": [], "index": [], "column": [], "reason": []})
        )
        return CoerceResult(frame=out, failures=table)

    # -- export -----------------------------------------------------------------------------
    def to_json_schema(self) -> dict[str, Any]:
        """A JSON Schema (2020-12) of one record; zjgov specifics as ``x-zjgov-*`` keywords."""
        from zjgov.exchange import export

        return export.json_schema(self)

    def to_table_schema(self) -> dict[str, Any]:
        """A Frictionless Table Schema (fields, constraints, primaryKey, foreignKeys)."""
        from zjgov.exchange import export

        return export.table_schema(self)


def _both(key: str, **kw) -> tuple[str, str]:
    return i18n.text(key, "zh", **kw), i18n.text(key, "en", **kw)


def _text(series: pd.Series, el: DataElement) -> tuple[pa.Array, np.ndarray, bool]:
    """The column as an Arrow string array, a mask of values of the wrong type, and whether it is natively typed."""
    n = len(series)
    no = np.zeros(n, dtype=bool)
    dtype = series.dtype
    temporal = el.data_type in (DataType.date, DataType.datetime, DataType.time)
    numeric = el.data_type in (DataType.integer, DataType.number)
    if pd.api.types.is_datetime64_any_dtype(dtype) and temporal:
        iso = series.dt.strftime("%Y-%m-%dT%H:%M:%S")
        return pa.array(iso.astype(object), type=pa.string(), from_pandas=True), no, True
    if pd.api.types.is_bool_dtype(dtype) and el.data_type == DataType.boolean:
        return pa.array(series.astype(object), from_pandas=True).cast(pa.string()), no, True
    if pd.api.types.is_float_dtype(dtype) and numeric:
        arr = pa.array(series, from_pandas=True).cast(pa.string())
        return arr, no, el.data_type == DataType.number
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        arr = pa.array(series, from_pandas=True)  # zero copy for Arrow-backed text
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()
        if pa.types.is_large_string(arr.type):
            return arr, no, False
    arr, bad = to_arrow(series)
    if arr.type != pa.string() and arr.type != pa.large_string():
        arr = arr.cast(pa.string())
    return arr, bad, False


_PARALLEL_MIN_ROWS = 50_000  # shorter frames are checked a column after another
_DISTINCT_MIN_ROWS = 50_000  # shorter columns are checked row by row
_DISTINCT_SAMPLE = 2048
_DISTINCT_MAX = 64  # at most this many distinct values in the sample


def _few_distinct(series: pd.Series) -> tuple[pd.Series, np.ndarray] | None:
    """The distinct values of a long Arrow-backed text column (missing as ``None``) and each row's
    position among them; ``None`` when the column is short, not Arrow text, or varied (judged
    from an even sample of rows)."""
    n = len(series)
    dtype = series.dtype
    if n < _DISTINCT_MIN_ROWS or not pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
        return None
    try:
        arr = pa.array(series, from_pandas=True)
    except (UnicodeEncodeError, pa.ArrowException):  # e.g. lone surrogates: the row-by-row path decides
        return None
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return None
    sample = arr.take(pa.array(np.arange(0, n, max(1, n // _DISTINCT_SAMPLE))))
    seen = pc.unique(sample)
    if len(seen) > _DISTINCT_MAX:
        return None
    offs, data, _ = offsets_data(arr)
    for width, view in ((1, np.uint8), (2, "<u2")):  # one- and two-byte values: the bytes are the key
        if not arr.null_count and offs[-1] - offs[0] == n * width and int(np.diff(offs).min()) == width:
            key = data[offs[0] : offs[-1]].view(view)
            found = np.flatnonzero(np.bincount(key, minlength=1 << (8 * width)))
            slot = np.zeros(1 << (8 * width), dtype=np.uint8 if len(found) <= 256 else np.intp)
            slot[found] = np.arange(len(found))
            values = [int(k).to_bytes(width, "little").decode("utf-8") for k in found]
            return pd.Series(values, dtype="str"), np.take(slot, key)
    width = int(offs[-1] - offs[0]) // n
    if not arr.null_count and 2 < width <= 8 and offs[-1] - offs[0] == n * width and int(np.diff(offs).min()) == width:
        found = _fixed_width_positions(data, offs, width)
        if found is not None:
            return found
    known = seen.drop_null()
    index = pc.index_in(arr, value_set=known)  # the sample's values are usually all of them: no hash table to grow
    if index.null_count == arr.null_count:  # every value is one of the sample's (nulls stay null)
        values = known.to_pylist()
        positions = index.fill_null(len(values)).to_numpy(zero_copy_only=False)
        if arr.null_count:
            values.append(None)
        return pd.Series(values, dtype="str"), np.asarray(positions, dtype=np.intp)
    encoded = arr.dictionary_encode()
    values = encoded.dictionary.to_pylist()
    positions = encoded.indices.fill_null(len(values)).to_numpy(zero_copy_only=False)
    if arr.null_count:
        values.append(None)
    return pd.Series(values, dtype="str"), np.asarray(positions, dtype=np.intp)


def _fixed_width_positions(data, offs, width: int) -> tuple[pd.Series, np.ndarray] | None:
    """:func:`_few_distinct` for values of 3 to 8 bytes each: every value read as one ``uint64``
    word and looked up in a small hash table of the distinct words of a sample; ``None`` when a
    value is not among them."""
    n = len(offs) - 1
    start = int(offs[0])
    inside = max(0, min(n, (len(data) - start - 8) // width + 1))  # rows whose eight bytes lie in the buffer
    words = np.empty(n, dtype=np.uint64)
    words[:inside] = np.ndarray((inside,), "<u8", buffer=data, offset=start, strides=(width,))
    tail = np.zeros((n - inside) * width + 8, dtype=np.uint8)  # the last rows, zero padded
    tail[: (n - inside) * width] = data[start + inside * width : start + n * width]
    words[inside:] = np.ndarray((n - inside,), "<u8", buffer=tail, strides=(width,))
    if width < 8:
        words &= np.uint64((1 << (8 * width)) - 1)
    keys = np.unique(words[:: max(1, n // _DISTINCT_SAMPLE)])  # at most _DISTINCT_MAX: the caller's sample
    shift = np.uint64(64 - 10)  # 1,024 slots for at most 64 keys
    for multiplier in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9):
        slots = (keys * np.uint64(multiplier)) >> shift
        if len(np.unique(slots)) == len(keys):  # no two keys share a slot
            break
    else:
        return None
    table_key = np.zeros(1024, dtype=np.uint64)
    table_pos = np.zeros(1024, dtype=np.uint8)
    table_key[slots] = keys
    table_pos[slots] = np.arange(len(keys))
    slot = ((words * np.uint64(multiplier)) >> shift).astype(np.intp)
    if not (np.take(table_key, slot) == words).all():
        return None  # a value the sample missed
    values = [int(k).to_bytes(8, "little")[:width].decode("utf-8") for k in keys]
    return pd.Series(values, dtype="str"), np.take(table_pos, slot)


def _blank(arr: pa.Array, text_bytes: TextBytes | None = None) -> np.ndarray:
    """Null, empty or only spaces. Only values starting with a byte that may begin a space (ASCII
    controls and space, or the lead bytes of the Unicode spaces) go through Arrow's space test.
    ``text_bytes`` is :meth:`TextBytes.of` ``arr`` when the caller has it already."""
    n = len(arr)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)) or n == 0:
        empty_or_space = pc.or_(pc.equal(pc.binary_length(arr), 0), pc.utf8_is_space(arr))
        return np.asarray(empty_or_space.fill_null(True).to_numpy(zero_copy_only=False), dtype=bool)
    b = text_bytes or TextBytes.of(arr)
    blank = b.lengths == 0
    if arr.null_count:
        blank |= _np(arr.is_null())
    elif b.low > 0x20 and b.high < 0x7F and not blank.any():  # printable ASCII, no empty value: no space anywhere
        return blank
    offs, data = b.offsets, b.data
    first = data[np.minimum(offs[:-1], len(data) - 1)] if len(data) else np.zeros(n, np.uint8)
    maybe = np.flatnonzero(~blank & np.take(SPACE_LEAD_BYTES, first))
    if len(maybe):
        blank[maybe] = _np(pc.utf8_is_space(arr.take(pa.array(maybe))))
    return blank


def _hashed_duplicates(series: pd.Series) -> np.ndarray | None:
    """Rows whose value repeats an earlier row's, for a long Arrow-backed text column (``None`` for
    any other column). Missing values are never repeats.

    Every value is hashed straight from the Arrow buffers with the one key hash of
    :func:`zjgov.core.keys.hash_array`; rows whose (folded) hash repeats are the only candidates,
    and pandas settles them by comparing the values exactly.
    """
    if len(series) <= 10_000 or not pd.api.types.is_string_dtype(series.dtype):
        return None
    if pd.api.types.is_object_dtype(series.dtype):
        return None
    arr = pa.array(series, from_pandas=True)
    h = keys.hash_array(arr)
    folded = (h ^ (h >> np.uint64(32))).astype(np.uint32)  # half the width: a sort twice as fast
    ordered = np.sort(folded)  # the repeated hashes are neighbours
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    out = np.zeros(len(series), dtype=bool)
    if len(repeated):  # every row whose hash repeats is a candidate (a few others too, by the filter)
        marked = np.zeros(1 << 20, dtype=bool)
        marked[repeated & np.uint32(0xFFFFF)] = True
        maybe = np.flatnonzero(np.take(marked, folded & np.uint32(0xFFFFF)))
        sub = series.iloc[maybe]
        out[maybe[sub.duplicated(keep="first").to_numpy() & sub.notna().to_numpy()]] = True
    return out


class _SeenKeys:
    """The keys of earlier batches of one file (exact groups, memory by distinct keys)."""

    def __init__(self) -> None:
        self.groups = keys.KeyGroups()
        self.rows = 0

    def repeats(self, sub: pd.DataFrame, present: np.ndarray) -> np.ndarray:
        """Rows of this batch whose key repeats an earlier row of this or an earlier batch."""
        rows = np.flatnonzero(present)
        start, self.rows = self.rows, self.rows + len(sub)
        out = np.zeros(len(sub), dtype=bool)
        if not len(rows):
            return out
        parts = [to_arrow(sub.iloc[rows, j])[0] for j in range(sub.shape[1])]
        self.groups.add(parts, rows + start)
        repeated = self.groups.repeated_rows()
        repeated = repeated[repeated >= start] - start
        out[repeated] = True
        return out


def _later_duplicates(sub: pd.DataFrame, usable: np.ndarray) -> np.ndarray:
    """Rows whose key repeats an earlier row's, among the ``usable`` rows (unhashable junk never
    reaches pandas' hashing)."""
    out = _hashed_duplicates(sub.iloc[:, 0]) if sub.shape[1] == 1 else None
    if out is not None:
        return out
    out = np.zeros(len(sub), dtype=bool)
    rows = np.flatnonzero(usable)
    if len(rows):
        out[rows] = sub.iloc[rows].astype(object).duplicated(keep="first").to_numpy()
    return out


def _native_number(el: DataElement, series: pd.Series) -> bool:
    from zjgov.exchange.domains import RangeDomain

    dtype = series.dtype
    return (
        el.data_type in (DataType.integer, DataType.number)
        and pd.api.types.is_numeric_dtype(dtype)
        and not pd.api.types.is_bool_dtype(dtype)
        and (el.data_type == DataType.number or pd.api.types.is_integer_dtype(dtype))
        and (el.domain is None or isinstance(el.domain, RangeDomain))
    )


def _type_check(el: DataElement, arr: pa.Array, reason: np.ndarray, todo: np.ndarray) -> None:
    """Without a format, the data type alone decides the shape of a value."""
    if el.data_type == DataType.integer:
        ok = _np(pc.match_substring_regex(arr, r"^\s*[-+]?[0-9]+\s*$"))
    elif el.data_type == DataType.number:
        ok = _np(pc.match_substring_regex(arr, r"^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$"))
    elif el.data_type == DataType.boolean:
        low = pc.utf8_lower(pc.utf8_trim_whitespace(arr))
        ok = _np(pc.is_in(low, value_set=pa.array(sorted(_TRUE_TEXT | _FALSE_TEXT))))
    elif el.data_type in (DataType.date, DataType.datetime, DataType.time):
        parsed = _dates.parse_arrow(arr)
        reason[todo & parsed.bad_date] = reason_index("component:date")
        reason[todo & parsed.bad_time] = reason_index("component:time")
        ok = ~parsed.bad_format
    else:
        return
    reason[todo & ~ok & (reason == 0)] = reason_index(FORMAT_REASON)


FORMAT_REASON = format_reason(FORMAT)
_FORMAT_CODES = (1, 2, 3, 4)  # notation's int8 codes: length, format, component:date, component:time
LENGTH_REASON = format_reason(LENGTH)


def _lookup(sub: pd.DataFrame, ref: Any, ref_columns: list[str]) -> np.ndarray:
    if isinstance(ref, pd.DataFrame):
        target = ref[ref_columns]
    elif isinstance(ref, pd.Series):
        target = ref.to_frame()
    else:
        target = pd.DataFrame({"_": list(ref)})
    if sub.shape[1] == 1:
        left = pa.array(sub.iloc[:, 0].astype("str"), from_pandas=True)
        right = pa.array(target.iloc[:, 0].astype("str").dropna(), from_pandas=True)
        return _np(pc.is_in(left, value_set=right))
    left_idx = pd.MultiIndex.from_frame(sub.astype("str"))
    right_idx = pd.MultiIndex.from_frame(target.astype("str"))
    return np.asarray(left_idx.isin(right_idx), dtype=bool)


# -- the report ---------------------------------------------------------------------------
def _bound_codes(el: DataElement) -> list[str] | None:
    """The codes an element's values must be (a code domain compared by code), or ``None``."""
    dom = el.domain
    if isinstance(dom, CodeDomain) and dom.by == "code":
        return list(dom.code)
    return None


class SchemaValidationError(ValidationError):
    """Raised by ``validate(lazy=False)``; ``report`` holds every violation."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        v = report.violations
        self._first = (
            int(v["row"].iloc[0]) if len(v) and pd.notna(v["row"].iloc[0]) else None,
            str(v["column"].iloc[0]) if len(v) else "",
            (str(v["message_zh"].iloc[0]), str(v["message_en"].iloc[0])) if len(v) else ("", ""),
        )
        super().__init__(str(v["reason"].iloc[0]) if len(v) else "schema", title=("模式", "schema"))

    def message(self, lang: str | None = None) -> str:
        row, column, msgs = self._first
        lang = i18n.check_lang(lang)
        return i18n.text(
            "schema.failed",
            lang,
            count=len(self.report.violations),
            row=row if row is not None else "-",
            column=column,
            message=msgs[0 if lang == "zh" else 1],
        )

    def __reduce__(self):
        return (SchemaValidationError, (self.report,))


@dataclasses.dataclass
class ValidationReport:
    """Every violation of one validation, and the split into valid and quarantined rows.

    ``violations`` is a tidy frame with the columns ``row`` (1-based within the frame; missing
    for frame-level problems such as a missing column), ``index`` (the frame's index label),
    ``column``, ``element`` (identifier), ``reason``, ``message_zh``, ``message_en``. Values are
    never copied into it.
    """

    schema_name: str
    n_rows: int
    violations: pd.DataFrame
    valid: pd.Series
    unchecked: list[tuple[str, str]]
    _frame: pd.DataFrame = dataclasses.field(repr=False)

    @property
    def ok(self) -> bool:
        return len(self.violations) == 0

    @property
    def n_valid(self) -> int:
        return int(self.valid.sum())

    @property
    def n_invalid(self) -> int:
        return self.n_rows - self.n_valid

    @property
    def counts(self) -> dict[str, int]:
        """Number of violations per reason."""
        return {str(k): int(v) for k, v in self.violations["reason"].value_counts().items()}

    def summary(self, lang: str | None = None) -> pd.DataFrame:
        """Violations counted by column and reason, with the message in ``lang``, most frequent first."""
        if self.ok:
            return pd.DataFrame({"column": [], "reason": [], "count": [], "message": []})
        col = "message_zh" if i18n.check_lang(lang) == "zh" else "message_en"
        v = self.violations.astype({"column": object, "reason": object})
        grouped = v.groupby(["column", "reason"], sort=False, observed=True)
        table = grouped.agg(count=("reason", "size"), message=(col, "first")).reset_index()
        return table.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)

    def valid_rows(self) -> pd.DataFrame:
        """The rows without any violation (index kept)."""
        return self._frame[self.valid.to_numpy()]

    def quarantined_rows(self, lang: str | None = None) -> pd.DataFrame:
        """The rows with violations, plus ``_reasons`` (``column:reason; …``) and ``_messages`` in ``lang``."""
        bad = ~self.valid.to_numpy()
        out = self._frame[bad].copy()
        v = self.violations
        col = "message_zh" if i18n.check_lang(lang) == "zh" else "message_en"
        rowed = v[v["row"].notna()]
        if len(rowed):
            key = rowed["row"].astype(int).to_numpy() - 1
            tag = rowed["column"].astype(str) + ":" + rowed["reason"].astype(str)
            reasons = tag.groupby(key, sort=False).agg("; ".join)
            messages = rowed[col].astype(str).groupby(key, sort=False).agg("; ".join)
        else:
            reasons = messages = pd.Series(dtype=object)
        positions = np.flatnonzero(bad)
        frame_level = v[v["row"].isna()]
        extra = "; ".join(frame_level["column"].astype(str) + ":" + frame_level["reason"].astype(str))
        extra_msg = "; ".join(frame_level[col].astype(str))
        out["_reasons"] = _join(reasons.reindex(positions).to_numpy(), extra)
        out["_messages"] = _join(messages.reindex(positions).to_numpy(), extra_msg)
        return out

    def to_dict(self, lang: str | None = None, *, limit: int | None = 1000) -> dict[str, Any]:
        """A JSON-ready summary (counts, the first ``limit`` violations, unchecked parts)."""
        lang = i18n.check_lang(lang)
        col = "message_zh" if lang == "zh" else "message_en"
        v = self.violations if limit is None else self.violations.head(limit)
        records = [
            {
                "row": None if pd.isna(r.row) else int(r.row),
                "column": str(r.column),
                "reason": str(r.reason),
                "message": str(getattr(r, col)),
            }
            for r in v.itertuples(index=False)
        ]
        return {
            "schema": self.schema_name,
            "rows": self.n_rows,
            "valid_rows": self.n_valid,
            "invalid_rows": self.n_invalid,
            "violations": len(self.violations),
            "counts": self.counts,
            "first_violations": records,
            "unchecked": [u[0 if lang == "zh" else 1] for u in self.unchecked],
        }


def _join(values: np.ndarray, extra: str) -> list[str]:
    out = []
    for v in values:
        parts = [p for p in (v if isinstance(v, str) else "", extra) if p]
        out.append("; ".join(parts))
    return out


def _report(schema, frame, per_column, frame_level, row_invalid, unchecked, lazy) -> ValidationReport:
    """Assemble the violations as parallel arrays (row, source column, reason code), sorted by row
    and then by the schema's column order; the messages are categoricals over the few distinct
    (column, reason) pairs."""
    n = len(frame)
    titles = {
        el.column: (el.column, el.column if el.name_en in (None, el.column) else f"{el.column} ({el.name_en})")
        for el in schema.elements
    }
    order_of = {c: i for i, c in enumerate(schema.columns)}
    sources = [(c, schema.element(c).identifier if c in schema.columns else None) for c, _ in frame_level]
    rows = [np.zeros(len(frame_level), dtype=np.int64)]  # row 0: the whole column
    source = [np.arange(len(frame_level), dtype=np.int64)]
    codes = [np.array([reason_index(r) for _, r in frame_level], dtype=np.int64)]
    for column, ident, reason in per_column:
        bad = np.flatnonzero(reason != 0)
        if not len(bad):
            continue
        row_invalid[bad] = True
        rows.append(bad + 1)
        source.append(np.full(len(bad), len(sources), dtype=np.int64))
        codes.append(reason[bad].astype(np.int64))
        sources.append((column, ident))
    row, source, code = np.concatenate(rows), np.concatenate(source), np.concatenate(codes)
    if len(sources) > 1:
        rank = np.array([order_of.get(c, len(order_of)) for c, _ in sources])[source]
        order = np.lexsort((rank, row))  # stable: a column's own problems before its key's
        row, source, code = row[order], source[order], code[order]
    pairs, which = np.unique(source * (int(code.max(initial=0)) + 1) + code, return_inverse=True)
    first = np.zeros(len(pairs), dtype=np.intp)
    first[which[::-1]] = np.arange(len(which) - 1, -1, -1)  # the first violation of each pair
    pair_msgs = []
    for i in first:
        column, name = sources[source[i]][0], reason_name(int(code[i]))
        title = titles.get(column, (column, column))
        pair_msgs.append((name, message(name, title[0], "zh"), message(name, title[1], "en")))
    framed = row > 0
    index: Any = frame.index.take(row[framed] - 1)
    if not framed.all():  # the index of a whole-column problem is None
        labels = np.array([None] * len(row), dtype=object)
        labels[framed] = index.to_numpy(dtype=object)
        index = pd.Series(labels, dtype=object)
    v = pd.DataFrame(
        {
            "row": pd.arrays.IntegerArray(row, ~framed),
            "index": index,
            "column": pd.array(np.array([c for c, _ in sources] + [""], dtype=object)[source], dtype="str"),
            "element": pd.Series(np.array([e for _, e in sources] + [None], dtype=object)[source], dtype=object),
        }
        | {col: _categorical([m[k] for m in pair_msgs], which) for k, col in enumerate(VIOLATION_COLUMNS[4:])}
    )
    report = ValidationReport(
        schema_name=schema.name,
        n_rows=n,
        violations=v,
        valid=pd.Series(~row_invalid, index=frame.index, name="valid"),
        unchecked=unchecked,
        _frame=frame,
    )
    if not lazy and not report.ok:
        raise SchemaValidationError(report)
    return report


def _categorical(labels: list[str], which: np.ndarray) -> pd.Categorical:
    """``labels[which]`` as a categorical (equal labels share a category)."""
    categories, codes = np.unique(np.array(labels, dtype=object), return_inverse=True) if labels else ([], [])
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.intp)[which], categories=list(categories))


# -- coercion -----------------------------------------------------------------------------
@dataclasses.dataclass
class CoerceResult:
    """A typed copy of the frame (every row kept) and the values that could not be converted."""

    frame: pd.DataFrame
    failures: pd.DataFrame

    @property
    def ok(self) -> bool:
        return len(self.failures) == 0


def _coerce_column(el: DataElement, series: pd.Series) -> tuple[pd.Series, np.ndarray, Any]:
    dtype = series.dtype
    if el.data_type in (DataType.date, DataType.datetime):
        if pd.api.types.is_datetime64_any_dtype(dtype):
            return series.astype("datetime64[s]"), np.zeros(len(series), bool), None
        result = _dates.normalise_dates(series, pattern=el.temporal_pattern)
        bad = result.reason.notna().to_numpy()
        return result.values, bad, result.reason.to_numpy(dtype=object)
    if el.data_type == DataType.time:
        result = _dates.normalise_dates(series, pattern=el.temporal_pattern)
        bad = result.reason.notna().to_numpy()
        return result.iso, bad, result.reason.to_numpy(dtype=object)
    if el.data_type in (DataType.integer, DataType.number):
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            values = series
            bad = np.zeros(len(series), bool)
        else:
            text = series.astype("str").str.strip()
            values = pd.to_numeric(text, errors="coerce")
            bad = (values.isna() & text.notna() & (text != "")).to_numpy()
        target = "Int64" if el.data_type == DataType.integer else "Float64"
        if target == "Int64":
            fractional = values.notna().to_numpy() & (np.asarray(values.fillna(0), dtype=float) % 1 != 0)
            values = values.mask(fractional)
            bad = bad | fractional
        return values.astype(target), bad, "format"
    if el.data_type == DataType.boolean:
        text = series.astype("str").str.strip().str.lower()
        truth = text.isin(list(_TRUE_TEXT))
        false = text.isin(list(_FALSE_TEXT))
        values = pd.Series(pd.array([pd.NA] * len(series), dtype="boolean"), index=series.index)
        values[truth.to_numpy()] = True
        values[false.to_numpy()] = False
        bad = (text.notna() & (text != "") & ~truth & ~false).to_numpy()
        return values, bad, "format"
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return series, np.zeros(len(series), bool), None
    arr, bad = to_arrow(series)
    text = pd.Series(pd.array(arr.to_pandas(), dtype="str"), index=series.index)
    return text, bad, TYPE


# -- loading ------------------------------------------------------------------------------
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


def _schema_key(key: Any) -> str:
    return _SCHEMA_KEYS.get(str(key), str(key))


def load_schema(path: str | os.PathLike[str], *, sheet: str | int | None = None, name: str | None = None) -> Schema:
    """Load a schema file: YAML/JSON, or a CSV/TSV/Excel data-element sheet (one element per row).

    A malformed file raises :class:`ConfigError` naming the file, the line and the field.
    """
    p = Path(path)
    if not p.is_file():
        raise _config("schema.bad_file", file=str(p), detail="file not found / 找不到文件")
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        doc = _load_yaml(p)
        if not isinstance(doc.data, Mapping):
            raise _config("schema.not_mapping", file=str(p), line=1)
        return Schema.from_dict(doc.data, file=str(p), lines=doc.lines)
    if suffix in (".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm"):
        return _load_sheet(p, sheet=sheet, name=name)
    raise _config("schema.unknown_suffix", file=str(p), suffix=suffix or "(none)")


def _load_yaml(p: Path) -> Document:
    """Parse YAML (or JSON) keeping the line of every key and item (encoding detected)."""
    from zjgov import io

    raw = p.read_bytes()
    encoding = io.detect_encoding(raw) if raw else "utf-8"
    try:
        text = raw.decode("utf-8-sig" if encoding.startswith("utf-8") else encoding)
    except UnicodeDecodeError as exc:
        raise _config("schema.bad_file", file=str(p), detail=f"{encoding}: byte {exc.start}") from None
    doc = config.loads(text, file=str(p), aliases=_key_aliases)
    if doc.data is None:
        raise _config("schema.not_mapping", file=str(p), line=1)
    return doc


def _key_aliases(path: tuple, key: Any) -> list[Any]:
    """The spellings of an element attribute that errors may name (English, Chinese, label)."""
    folded = attribute_key(key) if path and isinstance(path[-1], int) else None
    return [k for k in (folded, _schema_key(key)) if k]


def _rename(loc: tuple) -> tuple:
    """pydantic's location → the key path the loader recorded lines for."""
    loc = tuple(_schema_key(x) if isinstance(x, str) else x for x in loc)
    return tuple(x for x in loc if not (isinstance(x, str) and x in _UNION_TAGS))


_UNION_TAGS = {"code", "table", "enum", "range", "regex", "note"}


_SHEET_PK = {"主键", "primary_key", "primary key", "pk", "是否主键"}


def _load_sheet(p: Path, *, sheet: str | int | None, name: str | None) -> Schema:
    from zjgov import io

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
            raise _config("schema.sheet_header", file=str(p), line=1, field=str(col), column=col)
    elements, primary = [], []
    for i, row in enumerate(frame.itertuples(index=False)):
        record = {mapping[c]: v for c, v in zip(frame.columns, row) if c in mapping and isinstance(v, str)}
        line = i + 2
        try:
            element = DataElement(**record)
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
        return _config("schema.invalid", file=file, line=line, field=label, name=label, detail=err["msg"])
    if isinstance(exc, ConfigError):
        return ConfigError(exc.message_zh, exc.message_en, file=file, line=line, field=exc.field)
    return _config("schema.bad_file", file=file, line=line, detail=type(exc).__name__)


def schema_from_json(text: str) -> Schema:
    """A schema from JSON text (as stored in a package manifest)."""
    return Schema.from_dict(json.loads(text))
