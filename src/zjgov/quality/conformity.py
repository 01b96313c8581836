"""Conformity (规范性, a GB/T 36344 first-level indicator): data standards, code tables, the data model."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator, model_validator

from zjgov import codes, i18n
from zjgov.core import data as _tables
from zjgov.errors import ConfigError, ValidationError
from zjgov.quality.columns import NoParams, _k, _np, col_check, col_present, col_text
from zjgov.quality.rules import DatasetFacts, Outcome, Params, Rule


def _required_columns(facts: DatasetFacts, r: Rule, state: Any) -> tuple[int, int, dict[str, int]]:
    missing = [c for c in r.columns if c not in facts.columns]
    return len(r.columns), len(r.columns) - len(missing), ({"missing_column": len(missing)} if missing else {})


_k(
    "required_columns",
    NoParams,
    "dataset",
    "conformity",
    "data_model",
    (1, None),
    _required_columns,
    "必需的列都存在",
    "every required column is present",
)


class CodeParams(Params):
    code: str
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> CodeParams:
        try:
            module = codes.get(self.code)
        except ConfigError as exc:
            raise ValueError(exc.message_en) from None
        try:
            module.validate("", **self.options)
        except ValidationError:
            pass
        except (TypeError, ConfigError) as exc:
            raise ValueError(getattr(exc, "message_en", str(exc))) from None
        return self


def _code(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    applicable = col_present(frame, r.columns[0])
    result = col_check(frame, r.columns[0], r.params.code, r.params.options)
    return Outcome(ok=result.valid.to_numpy(dtype=bool), applicable=applicable, reason=result.reason)


_k(
    "code",
    CodeParams,
    "row",
    "conformity",
    "data_standard",
    (1, 1),
    _code,
    "符合国家标准代码规则",
    "conforms to the national code standard",
)


TABLES = {
    "sex": "gbt2261_1_sex",
    "GB/T 2261.1": "gbt2261_1_sex",
    "ethnicity": "gbt3304_ethnic_groups",
    "GB/T 3304": "gbt3304_ethnic_groups",
    "education": "gbt4658_education",
    "GB/T 4658": "gbt4658_education",
    "family_relationship": "gbt4761_family_relationship",
    "GB/T 4761": "gbt4761_family_relationship",
    "division": "gb2260_history",
    "GB/T 2260": "gb2260_history",
    "division_current": "gb2260_divisions",
}
_PACKAGED = {
    "gbt2261_1_sex",
    "gbt3304_ethnic_groups",
    "gbt4658_education",
    "gbt4761_family_relationship",
    "gb2260_history",
    "gb2260_divisions",
    "plate_province_abbreviations",
    "gb32100_org_types",
    "gb32100_registration_authorities",
}


class TableParams(Params):
    table: str
    field: str = "code"

    @model_validator(mode="after")
    def _exists(self) -> TableParams:
        stem = TABLES.get(self.table, self.table)
        if stem not in _PACKAGED:
            names = ", ".join(sorted({*TABLES, *_PACKAGED}))
            raise ValueError(i18n.text("quality.no_table", "en", name=self.table, names=names))
        if self.field not in _tables.table(stem).columns:
            raise ValueError(i18n.text("quality.no_table_field", "en", name=self.table, field=self.field))
        return self


def _in_table(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    table = _tables.table(TABLES.get(r.params.table, r.params.table))
    arr, bad = col_text(frame, r.columns[0])
    arr = pc.utf8_trim_whitespace(arr)
    ok = _np(pc.is_in(arr, value_set=pa.array(table[r.params.field].unique(), type=arr.type)))
    return Outcome(ok=ok & ~bad, applicable=_np(pc.is_valid(arr)) | bad, reason="not_in_table")


_k(
    "in_table",
    TableParams,
    "row",
    "conformity",
    "reference_data",
    (1, 1),
    _in_table,
    "取值来自标准代码表",
    "values come from the standard code table",
)


class SetParams(Params):
    values: list[str]
    case_sensitive: bool = True

    @field_validator("values", mode="before")
    @classmethod
    def _texts(cls, v: Any) -> Any:
        if isinstance(v, (list, tuple)) and v:
            return [str(x) for x in v]
        raise ValueError("give a non-empty list of allowed values")


def _in_set(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    arr, bad = col_text(frame, r.columns[0])
    arr = pc.utf8_trim_whitespace(arr)
    allowed = r.params.values
    if not r.params.case_sensitive:
        arr, allowed = pc.utf8_upper(arr), [v.upper() for v in allowed]
    ok = _np(pc.is_in(arr, value_set=pa.array(allowed, type=arr.type)))
    return Outcome(ok=ok & ~bad, applicable=_np(pc.is_valid(arr)) | bad, reason="not_in_set")


_k(
    "in_set",
    SetParams,
    "row",
    "conformity",
    "reference_data",
    (1, 1),
    _in_set,
    "取值在允许值范围内",
    "values are among the allowed values",
)
