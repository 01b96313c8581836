"""Consistency (一致性, a GB/T 36344 first-level indicator): fields that must agree (ID number and birth date, sex,
region), comparisons, expressions and references."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import field_validator

from zjgov.errors import ConfigError
from zjgov.quality.columns import (
    DateFormat,
    KeyParams,
    NoParams,
    _k,
    _np,
    _six_digit_codes,
    _ymd,
    col_check,
    col_dates,
    col_id_parts,
    col_normalised,
    col_six_digits,
    col_text,
    compact_as,
    key_codes,
    numbers,
    parse_dates,
    text_array,
)
from zjgov.quality.expr import compile_expr
from zjgov.quality.rules import Outcome, Params, Rule


class DateColumnParams(Params):
    format: DateFormat | None = None


def _id_birth_date(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    parts = col_id_parts(frame, r.columns[0])
    dates = col_dates(frame, r.columns[1], r.params.format)
    have = dates.notna().to_numpy(dtype=bool)
    return Outcome(ok=parts.birth == _ymd(dates), applicable=parts.valid & have, reason="mismatch")


_k(
    "id_birth_date",
    DateColumnParams,
    "row",
    "consistency",
    "related_data_consistency",
    (2, 2),
    _id_birth_date,
    "出生日期与身份证号一致",
    "birth date agrees with the citizen ID",
)


_SEX = {"1": 1, "男": 1, "男性": 1, "M": 1, "MALE": 1, "2": 2, "女": 2, "女性": 2, "F": 2, "FEMALE": 2}


def _id_sex(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    parts = col_id_parts(frame, r.columns[0])
    sex_text, _ = col_text(frame, r.columns[1])
    idx = _index_of(pc.utf8_upper(pc.utf8_trim_whitespace(sex_text)), list(_SEX))
    code = np.where(idx >= 0, np.array(list(_SEX.values()))[np.clip(idx, 0, None)], 0)
    return Outcome(ok=code == parts.sex, applicable=parts.valid & (code > 0), reason="mismatch")


_k(
    "id_sex",
    NoParams,
    "row",
    "consistency",
    "related_data_consistency",
    (2, 2),
    _id_sex,
    "性别与身份证号一致",
    "sex agrees with the citizen ID",
)


def _index_of(arr: pa.Array, values: list[str]) -> np.ndarray:
    """Position of each value in ``values`` (-1 where absent or null)."""
    idx = pc.index_in(arr, value_set=pa.array(values, type=arr.type))
    return idx.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


class RegionParams(Params):
    level: Literal["auto", "province", "prefecture", "county"] = "auto"


_LEVEL_DIGITS = {"province": 2, "prefecture": 4, "county": 6}


def _level_digits(codes: np.ndarray) -> np.ndarray:
    return np.where(codes % 10000 == 0, 2, np.where(codes % 100 == 0, 4, 6)).astype(np.int64)


def _within(region: np.ndarray, division: np.ndarray, level_name: str = "auto") -> np.ndarray:
    """Whether the 6-digit ``region`` and ``division`` codes (integers) agree.

    ``auto`` compares at the coarser level of the two (``XX0000`` province, ``XXXX00``
    prefecture, else county), so an ID's county lies within a prefecture column and a
    USCC's prefecture authority covers a county column; a fixed level compares the first
    2, 4 or 6 digits of both.
    """
    if level_name != "auto":
        level = np.full(len(region), _LEVEL_DIGITS[level_name], dtype=np.int64)
    else:  # the coarser of the two levels: a county lies within its prefecture and vice versa
        level = np.minimum(_level_digits(division), _level_digits(region))
    scale = 10 ** (6 - level)
    return region // scale == division // scale


def _id_region(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    parts = col_id_parts(frame, r.columns[0])
    div_ok, division = col_six_digits(frame, r.columns[1])
    ok = _within(parts.region, division, r.params.level)
    return Outcome(ok=ok, applicable=parts.valid & div_ok, reason="mismatch")


_k(
    "id_region",
    RegionParams,
    "row",
    "consistency",
    "related_data_consistency",
    (2, 2),
    _id_region,
    "身份证号地区码在行政区划内",
    "citizen ID region lies within the division",
)


def _uscc_region(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    valid = col_check(frame, r.columns[0], "uscc", {}).valid.to_numpy(dtype=bool)
    region_ok, region = _six_digit_codes(pc.utf8_slice_codeunits(col_normalised(frame, r.columns[0]), 2, 8))
    div_ok, division = col_six_digits(frame, r.columns[1])
    ok = _within(region, division, r.params.level)
    return Outcome(ok=ok, applicable=valid & region_ok & div_ok & (region != 100000), reason="mismatch")


_k(
    "uscc_region",
    RegionParams,
    "row",
    "consistency",
    "related_data_consistency",
    (2, 2),
    _uscc_region,
    "统一社会信用代码地区码与登记地一致",
    "USCC region agrees with the registered division",
)


class CompareParams(Params):
    op: Literal["<", "<=", "==", "!=", ">", ">="]
    type: Literal["text", "number", "date"] = "text"
    format: DateFormat | None = None


_OPS = {"<": np.less, "<=": np.less_equal, "==": np.equal, "!=": np.not_equal, ">": np.greater, ">=": np.greater_equal}


def _compare(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    a, b = frame[r.columns[0]], frame[r.columns[1]]
    p = r.params
    if p.type == "number":
        va, _ = numbers(a)
        vb, _ = numbers(b)
        have = ~np.isnan(va) & ~np.isnan(vb)
        with np.errstate(invalid="ignore"):
            ok = _OPS[p.op](va, vb)
    elif p.type == "date":
        da, db = parse_dates(a, p.format), parse_dates(b, p.format)
        have = (da.notna() & db.notna()).to_numpy(dtype=bool)
        ok = _OPS[p.op](da.to_numpy(dtype="datetime64[us]"), db.to_numpy(dtype="datetime64[us]"))
    else:
        ta, _ = text_array(a)
        tb, _ = text_array(b)
        fn = {"<": pc.less, "<=": pc.less_equal, "==": pc.equal, "!=": pc.not_equal, ">": pc.greater}
        fn[">="] = pc.greater_equal
        res = fn[p.op](pc.utf8_trim_whitespace(ta), pc.utf8_trim_whitespace(tb))
        have = _np(pc.is_valid(res))
        ok = _np(res, True)
    return Outcome(ok=np.asarray(ok, dtype=bool) | ~have, applicable=have, reason="mismatch")


_k(
    "compare",
    CompareParams,
    "row",
    "consistency",
    "related_data_consistency",
    (2, 2),
    _compare,
    "字段间比较关系成立",
    "the comparison between columns holds",
)


class ExpressionParams(Params):
    expr: str

    @field_validator("expr")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            compile_expr(v)
        except ConfigError as exc:
            raise ValueError(exc.message_en) from None
        return v


def _expression(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    res = state.evaluate(frame)
    have = res.notna().to_numpy(dtype=bool)
    return Outcome(ok=res.fillna(True).to_numpy(dtype=bool), applicable=have, reason="false")


def _expression_state(r: Rule, base: Any) -> Any:
    return compile_expr(r.params.expr)


_k(
    "expression",
    ExpressionParams,
    "row",
    "consistency",
    "related_data_consistency",
    (0, None),
    _expression,
    "表达式条件成立",
    "the expression holds",
    _expression_state,
)


class ReferenceParams(KeyParams):
    reference: Any
    ref_columns: list[str] | None = None
    encoding: str | None = None

    @field_validator("reference")
    @classmethod
    def _kind(cls, v: Any) -> Any:
        if isinstance(v, pd.DataFrame):
            return v
        if isinstance(v, (str, os.PathLike)) and str(v):
            return str(v)
        raise ValueError("reference must be a file path or a pandas DataFrame")


def _keys(frame: pd.DataFrame, columns: list[str], codes_of: dict[str, str]) -> tuple[pa.Array, np.ndarray]:
    """One exact text key per row and a mask of rows with every part present.

    Columns in ``codes_of`` are compared in their code's compact form. Parts of a composite
    key are written ``<length>:<text>`` and joined, so no value can imitate another split.
    """
    parts, have = [], np.ones(len(frame), dtype=bool)
    for c in columns:
        arr, _ = text_array(frame[c])
        arr = pc.utf8_trim_whitespace(arr)
        if c in codes_of:
            arr = compact_as(arr, codes_of[c])
        have &= _np(pc.is_valid(arr))
        parts.append(arr)
    if len(parts) == 1:
        return parts[0], have
    sep = pa.scalar(":", pa.large_string())
    coded = [pc.binary_join_element_wise(pc.cast(pc.utf8_length(p), pa.large_string()), p, sep) for p in parts]
    return pc.binary_join_element_wise(*coded, pa.scalar("|", pa.large_string())), have


def _reference_state(r: Rule, base: Any) -> Any:
    p = r.params
    ref_cols = p.ref_columns or list(r.columns)
    if len(ref_cols) != len(r.columns):
        raise ConfigError(
            "ref_columns 的列数必须与规则的列数相同",
            "ref_columns must have as many columns as the rule",
            field="ref_columns",
        )
    if isinstance(p.reference, pd.DataFrame):
        table = p.reference
    else:
        from zjgov import io

        path = Path(p.reference)
        if not path.is_absolute() and base.source_dir is not None:
            path = base.source_dir / path
        kwargs = {"columns": ref_cols}
        if p.encoding:
            kwargs["encoding"] = p.encoding
        try:
            table = io.read_table(path, **kwargs)
        except TypeError:
            table = io.read_table(path, columns=ref_cols)
    missing = [c for c in ref_cols if c not in table.columns]
    if missing:
        raise ConfigError(
            f"参照数据缺少列：{', '.join(missing)}",
            f"the reference data lacks column(s): {', '.join(missing)}",
            field="ref_columns",
        )
    codes_of = key_codes(r, r.columns, getattr(base, "codes", {}))
    key, have = _keys(table, ref_cols, {ref: codes_of[c] for c, ref in zip(r.columns, ref_cols) if c in codes_of})
    return pc.unique(key.filter(pa.array(have))), codes_of


def _foreign_key(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
    keys, codes_of = state
    key, have = _keys(frame, list(r.columns), codes_of)
    ok = _np(pc.is_in(key, value_set=keys.cast(key.type)))
    return Outcome(ok=ok, applicable=have, reason="not_found")


_k(
    "foreign_key",
    ReferenceParams,
    "row",
    "consistency",
    "related_data_consistency",
    (1, None),
    _foreign_key,
    "取值在参照数据中存在",
    "values exist in the reference data",
    _reference_state,
)
