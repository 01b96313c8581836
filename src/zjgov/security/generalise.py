"""Generalisation (泛化, GB/T 37964-2019): dates to month or year, ages to bands, numbers
rounded, bucketed or top/bottom coded, GB/T 2260 division codes up the tree, postcodes
truncated, coordinates rounded.

Every operator parses its input as a whole column and fails loudly (how many rows, the
first row — never a value) when a non-null value is not what it expects — or, with
``on_invalid: null`` or ``redact``, makes such values null or ``***`` (counted in the audit). Numeric columns
stay numeric; text columns (what :mod:`zjgov.io` reads from CSV) come back as text.

>>> from zjgov.security.operators import resolve
>>> resolve("generalise:date:year").apply(pd.Series(["19900101", "2026-04-24 11:06:00", None])).tolist()
['1990', '2026', nan]
>>> resolve("generalise:age:5").apply(pd.Series(["23", "7", "95"])).tolist()
['20-24', '5-9', '95-99']
>>> resolve("generalise:range", width=10000).apply(pd.Series(["43315.39", "8000"])).tolist()
['40000-50000', '0-10000']
>>> resolve("generalise:division", level="city").apply(pd.Series(["330106", "110105"])).tolist()
['330100', '110000']
"""

from __future__ import annotations

import functools
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from zjgov import i18n
from zjgov.core.data import table as reference_table
from zjgov.security import _text
from zjgov.security.operators import Context, LenientParams, Operator, register

__all__ = [
    "Coordinate",
    "GeneraliseAge",
    "GeneraliseDate",
    "GeneraliseDivision",
    "GeneralisePostcode",
    "Range",
    "Round",
    "TopBottom",
    "numbers",
]

i18n.add(
    {
        "security.gen.not_number": ("不是数值", "not a number"),
        "security.gen.not_date": ("不是可识别的日期", "not a recognisable date"),
        "security.gen.not_division": ("不是 6 位行政区划代码", "not a 6-digit division code"),
        "security.gen.not_postcode": ("不是 6 位邮政编码", "not a 6-digit postcode"),
        "security.gen.not_geohash": ("不是 GeoHash 编码", "not a GeoHash"),
        "security.gen.not_icd10": (
            "不是 ICD-10 编码（或不在任何一章的范围内）",
            "not an ICD-10 code (or in no chapter's range)",
        ),
        "security.gen.no_division": (
            "地址中找不到 GB/T 2260 行政区划名称",
            "no GB/T 2260 division name found in the address",
        ),
    }
)


def numbers(op: Operator, column: pd.Series, ctx: Context) -> np.ndarray:
    """The column as float64 (NaN for nulls); any other non-number is an error."""
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    arr = _text.as_text(column)
    cleaned = pc.replace_substring(pc.utf8_trim_whitespace(arr), ",", "")
    values = pd.to_numeric(pd.Series(pd.array(cleaned, dtype="str")), errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    bad = np.isnan(values) & arr.is_valid().to_numpy(zero_copy_only=False)
    if bad.any():
        ctx.reject(op, bad, column.index, _pair("security.gen.not_number"))
    return values


def _pair(key: str) -> tuple[str, str]:
    return i18n.text(key, "zh"), i18n.text(key, "en")


def _numeric_out(values: np.ndarray, like: pd.Series, decimals: int) -> pd.Series | pa.Array:
    """Numbers back as the column's kind: numeric stays numeric, text becomes text with ``decimals``."""
    if pd.api.types.is_numeric_dtype(like.dtype) and not pd.api.types.is_bool_dtype(like.dtype):
        if decimals <= 0 and pd.api.types.is_integer_dtype(like.dtype):
            return pd.Series(pd.array(np.where(np.isnan(values), 0, values).astype(np.int64), dtype="Int64")).mask(
                np.isnan(values)
            )
        return pd.Series(values)
    return _format(values, decimals)


def _format(values: np.ndarray, decimals: int) -> pa.Array:
    """Numbers as text with ``decimals`` places (nulls for NaN)."""
    if decimals <= 0:
        return pc.cast(
            pc.cast(pa.array(np.round(values), pa.float64(), from_pandas=True), pa.int64()), pa.large_string()
        )
    return _fixed(values, decimals)


def _fixed(values: np.ndarray, decimals: int) -> pa.Array:
    scaled = np.round(values * 10**decimals)
    ints = pc.cast(pa.array(np.abs(scaled), pa.float64(), from_pandas=True), pa.int64())
    text = pc.utf8_lpad(pc.cast(ints, pa.large_string()), decimals + 1, "0")
    whole = pc.utf8_slice_codeunits(text, 0, -decimals)
    frac = pc.utf8_slice_codeunits(text, -decimals)
    sign = pa.array(np.where(scaled < 0, "-", ""), pa.large_string())
    return _text.join(sign, whole, ".", frac)


def _digit_matrix(arr: pa.Array) -> np.ndarray | None:
    """The digits of a column of ASCII digit strings all of one length (at least 4, no nulls) as
    an ``(n, width)`` matrix of 0-9, else None (the general, regex path)."""
    width = _text._uniform(arr)
    if width is None or width < 4:
        return None
    offs, data = _text.offsets_data(arr)
    m = data[int(offs[0]) : int(offs[-1])].reshape(len(arr), width) - np.uint8(48)
    return m if bool((m <= 9).all()) else None


class DateParams(LenientParams):
    unit: Literal["year", "month", "quarter", "decade"] = "year"


@register
class GeneraliseDate(Operator):
    """``generalise:date``: a date (``19900101``, ``1990-01-01``, ``1990年1月1日``, a timestamp)
    to its ``year`` (``1990``), ``month`` (``1990-01``), ``quarter`` (``1990-Q1``) or ``decade`` (``1990s``)."""

    name = "generalise:date"
    family = "generalisation"
    positional = ("unit",)
    Params = DateParams

    def transform(self, column, ctx):
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            y = column.dt.year.to_numpy(dtype=np.float64, na_value=np.nan)
            m = column.dt.month.to_numpy(dtype=np.float64, na_value=np.nan)
            arr = pa.array(column.isna().map({True: None, False: "x"}), pa.large_string())
        elif (digits := _digit_matrix(_text.as_text(column))) is not None:  # 19900101: no regex
            y = (digits[:, :4].astype(np.int64) @ np.array([1000, 100, 10, 1])).astype(np.float64)
            if digits.shape[1] >= 6:
                m = (digits[:, 4:6].astype(np.int64) @ np.array([10, 1])).astype(np.float64)
            elif digits.shape[1] == 5:
                m = digits[:, 4].astype(np.float64)
            else:
                m = np.full(len(y), np.nan)
        else:
            arr = _text.as_text(column)
            parts = pc.extract_regex(pc.utf8_trim_whitespace(arr), r"^(?P<y>[0-9]{4})[-/.年]?(?P<m>[0-9]{1,2})?")
            ys, ms = pc.struct_field(parts, [0]), pc.struct_field(parts, [1])
            bad = pc.is_null(ys).to_numpy(zero_copy_only=False) & arr.is_valid().to_numpy(zero_copy_only=False)
            if bad.any():
                ctx.reject(self, bad, column.index, _pair("security.gen.not_date"))
            y = pc.cast(ys, pa.float64()).to_numpy(zero_copy_only=False)
            mnum = pc.cast(pc.if_else(pc.equal(ms, ""), pa.scalar(None, pa.large_string()), ms), pa.float64())
            m = mnum.to_numpy(zero_copy_only=False)
        year = pc.cast(pc.cast(pa.array(y, from_pandas=True), pa.int64()), pa.large_string())
        unit = self.params.unit
        if unit == "year":
            out = year
        elif unit == "decade":
            dec = pc.cast(pc.cast(pa.array(np.floor(y / 10) * 10, from_pandas=True), pa.int64()), pa.large_string())
            out = _text.join(dec, "s")
        else:
            wrong = (np.isnan(m) & ~np.isnan(y)) | (m < 1) | (m > 12)
            if wrong.any():
                ctx.reject(self, wrong, column.index, _pair("security.gen.not_date"))
                m = np.where(wrong, 1, m)
            if unit == "month":
                mm = pc.utf8_lpad(
                    pc.cast(pc.cast(pa.array(m, from_pandas=True), pa.int64()), pa.large_string()), 2, "0"
                )
                out = _text.join(year, mm, sep="-")
            else:
                q = pc.cast(pc.cast(pa.array(np.ceil(m / 3), from_pandas=True), pa.int64()), pa.large_string())
                out = _text.join(year, "-Q", q)
        return out


class AgeParams(LenientParams):
    width: int = Field(5, ge=1, le=100)
    top: int | None = Field(None, ge=1, description="ages from this value on become one band 'top+'")


@register
class GeneraliseAge(Operator):
    """``generalise:age``: an age in years to a band of ``width`` years (``20-24``), optionally top-coded (``90+``)."""

    name = "generalise:age"
    family = "generalisation"
    positional = ("width",)
    Params = AgeParams

    def transform(self, column, ctx):
        ages = numbers(self, column, ctx)
        w = self.params.width
        low = np.floor(ages / w) * w
        lo = _format(low, 0)
        hi = _format(low + w - 1, 0)
        out = _text.join(lo, hi, sep="-") if w > 1 else lo
        if self.params.top is not None:
            top = ages >= self.params.top
            out = pc.if_else(pa.array(top), pa.scalar(f"{self.params.top}+", pa.large_string()), out)
        return out


class RangeParams(LenientParams):
    width: float | None = Field(None, gt=0, description="equal-width bands")
    edges: tuple[float, ...] | None = Field(None, description="band edges, increasing")
    labels: Literal["range", "lower", "midpoint"] = "range"
    top: float | None = Field(None, description="values from this on become one band '>=top' (top-coding)")
    top_quantile: float | None = Field(
        None,
        gt=0,
        lt=1,
        description="top-code from this quantile of the column (of each batch when streamed), at 2 significant digits",
    )

    @model_validator(mode="after")
    def _one(self):
        if self.edges is not None and (len(self.edges) < 2 or any(b <= a for a, b in zip(self.edges, self.edges[1:]))):
            raise ValueError("edges must be at least two increasing numbers")
        return self


@register
class Range(Operator):
    """``generalise:range``: numbers to bands — equal ``width``, explicit ``edges``, or by
    default the 1-2-5 series (``10000-20000``, ``20000-50000`` …), which keeps the order of
    magnitude of amounts whose scale is unknown. Values outside explicit edges become
    ``<first`` or ``>=last``. ``top`` (or ``top_quantile``) top-codes: every value from it on
    is one band ``>=top``."""

    name = "generalise:range"
    family = "generalisation"
    positional = ("width",)
    Params = RangeParams

    def transform(self, column, ctx):
        out = self._bands(column, ctx)
        x = numbers(self, column, ctx)
        top = self.params.top
        if self.params.top_quantile is not None and (~np.isnan(x)).any():
            q = float(np.nanquantile(x, self.params.top_quantile))
            top = float(f"{q:.2g}") if q else q
        if top is not None:
            out = pc.if_else(pa.array(x >= top), pa.scalar(">=" + _num(top), pa.large_string()), out)
        return out

    def _bands(self, column, ctx):
        x = numbers(self, column, ctx)
        p = self.params
        if p.width is not None:
            lo = np.floor(x / p.width) * p.width
            hi = lo + p.width
        else:
            edges = np.asarray(p.edges, dtype=np.float64) if p.edges is not None else None
            if edges is None:
                lo, hi = _series125(x)
            else:
                i = np.searchsorted(edges, x, side="right")
                inside = (i > 0) & (i < len(edges))
                lo = np.where(inside, edges[np.clip(i - 1, 0, len(edges) - 1)], np.nan)
                hi = np.where(inside, edges[np.clip(i, 0, len(edges) - 1)], np.nan)
                out = self._labels(lo, hi, _decimals(edges))
                below = pa.array((i == 0) & ~np.isnan(x))
                above = pa.array((i == len(edges)) & ~np.isnan(x))
                out = pc.if_else(below, pa.scalar("<" + _num(edges[0]), pa.large_string()), out)
                return pc.if_else(above, pa.scalar(">=" + _num(edges[-1]), pa.large_string()), out)
        return self._labels(lo, hi, _decimals(np.array([p.width or 1.0])))

    def _labels(self, lo, hi, decimals):
        if self.params.labels == "lower":
            return _format(lo, decimals)
        if self.params.labels == "midpoint":
            return _format((lo + hi) / 2, decimals + 1 if decimals >= 0 else 1)
        return _text.join(_format(lo, decimals), _format(hi, decimals), sep="-")


def _decimals(values: np.ndarray) -> int:
    d = 0
    for v in np.asarray(values, dtype=np.float64):
        while d < 6 and abs(v * 10**d - round(v * 10**d)) > 1e-9:
            d += 1
    return d


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def _series125(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The band of the 1-2-5 series holding each |x| (0 gets 0-1; negatives mirror)."""
    a = np.abs(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.floor(np.log10(np.where(a > 0, a, 1)))
    base = 10.0**e
    lead = a / base
    lo_m = np.where(lead >= 5, 5, np.where(lead >= 2, 2, 1))
    hi_m = np.where(lead >= 5, 10, np.where(lead >= 2, 5, 2))
    lo, hi = lo_m * base, hi_m * base
    lo = np.where(a < 1, 0, lo)
    hi = np.where(a < 1, 1, hi)
    neg = x < 0
    return np.where(neg, -hi, lo), np.where(neg, -lo, hi)


class RoundParams(LenientParams):
    precision: float = Field(..., gt=0, description="round to a multiple of this (1000, 0.01 …)")
    mode: Literal["nearest", "down", "up"] = "nearest"


@register
class Round(Operator):
    """``generalise:round``: numbers rounded to a multiple of ``precision`` (取整)."""

    name = "generalise:round"
    family = "generalisation"
    positional = ("precision",)
    Params = RoundParams

    def transform(self, column, ctx):
        x = numbers(self, column, ctx)
        p = self.params.precision
        f = {"nearest": np.round, "down": np.floor, "up": np.ceil}[self.params.mode]
        return _numeric_out(f(x / p) * p, column, _decimals(np.array([p])))


class TopBottomParams(LenientParams):
    top: float | None = None
    bottom: float | None = None
    labels: bool = Field(False, description="write '>=top' / '<=bottom' instead of the threshold value")

    @model_validator(mode="after")
    def _some(self):
        if self.top is None and self.bottom is None:
            raise ValueError("give top, bottom or both")
        if self.top is not None and self.bottom is not None and self.bottom >= self.top:
            raise ValueError("bottom must be below top")
        return self


@register
class TopBottom(Operator):
    """``generalise:topcode``: values above ``top`` become ``top`` and below ``bottom`` become
    ``bottom`` (顶层与底层编码); the values in between are unchanged."""

    name = "generalise:topcode"
    family = "generalisation"
    positional = ("top",)
    Params = TopBottomParams

    def transform(self, column, ctx):
        x = numbers(self, column, ctx)
        p = self.params
        hi = x > p.top if p.top is not None else np.zeros(len(x), bool)
        lo = x < p.bottom if p.bottom is not None else np.zeros(len(x), bool)
        y = np.where(hi, p.top if p.top is not None else 0, np.where(lo, p.bottom if p.bottom is not None else 0, x))
        if not p.labels:
            if pd.api.types.is_numeric_dtype(column.dtype):
                return _numeric_out(y, column, _decimals(y[~np.isnan(y)][:1000]))
            arr = _text.as_text(column)  # unchanged values keep their text exactly
            out = pc.if_else(pa.array(hi), pa.scalar(_num(p.top or 0), pa.large_string()), arr)
            return pc.if_else(pa.array(lo), pa.scalar(_num(p.bottom or 0), pa.large_string()), out)
        arr = _text.as_text(column) if not pd.api.types.is_numeric_dtype(column.dtype) else _format(x, 2)
        out = pc.if_else(pa.array(hi), pa.scalar(">=" + _num(p.top or 0), pa.large_string()), arr)
        return pc.if_else(pa.array(lo), pa.scalar("<=" + _num(p.bottom or 0), pa.large_string()), out)


class DivisionParams(LenientParams):
    level: Literal["province", "city", "county"] = "city"


@functools.cache
def _division_codes() -> np.ndarray:
    t = reference_table("gb2260_divisions")
    return np.unique(t["code"].astype(np.int64).to_numpy())


@register
class GeneraliseDivision(Operator):
    """``generalise:division``: a GB/T 2260 code up the tree: ``county`` (itself), ``city``
    (``330106`` → ``330100``; a district of a municipality or a county directly under its province goes to the province level, ``110105`` → ``110000``) or
    ``province`` (``330000``). Also used for the first 6 digits of an ID number kept as region."""

    name = "generalise:division"
    family = "generalisation"
    positional = ("level",)
    Params = DivisionParams

    def transform(self, column, ctx):
        arr = _text.compact(_text.as_text(column))
        ok = pc.match_substring_regex(arr, r"^[0-9]{6}$").fill_null(True).to_numpy(zero_copy_only=False)
        if not ok.all():
            ctx.reject(self, ~ok, column.index, _pair("security.gen.not_division"))
        codes = pc.cast(pc.if_else(pc.and_(pa.array(ok), arr.is_valid()), arr, "0"), pa.int64()).to_numpy(
            zero_copy_only=False
        )
        level = self.params.level
        if level == "county":
            out = codes
        elif level == "province":
            out = codes // 10000 * 10000
        else:
            city = codes // 100 * 100
            known = np.isin(city, _division_codes())
            out = np.where(known | (city % 10000 == 0), city, codes // 10000 * 10000)
        text = pc.utf8_lpad(pc.cast(pa.array(out), pa.large_string()), 6, "0")
        return pc.if_else(arr.is_valid(), text, pa.scalar(None, pa.large_string()))


class PostcodeParams(LenientParams):
    keep: int = Field(3, ge=0, le=6, description="leading digits kept (2 province, 3 postal area, 4 county)")
    fill: str = Field("0", min_length=1, max_length=1)


@register
class GeneralisePostcode(Operator):
    """``generalise:postcode``: keep the first ``keep`` digits and fill the rest (``310013`` → ``310000``)."""

    name = "generalise:postcode"
    family = "generalisation"
    positional = ("keep",)
    Params = PostcodeParams

    def transform(self, column, ctx):
        arr = _text.compact(_text.as_text(column))
        ok = pc.match_substring_regex(arr, r"^[0-9]{6}$").fill_null(True).to_numpy(zero_copy_only=False)
        if not ok.all():
            ctx.reject(self, ~ok, column.index, _pair("security.gen.not_postcode"))
        k = self.params.keep
        return pc.utf8_rpad(pc.utf8_slice_codeunits(arr, 0, k), 6, self.params.fill)


class CoordinateParams(LenientParams):
    decimals: int = Field(2, ge=0, le=8, description="decimal places kept (2 ≈ 1 km, 3 ≈ 100 m)")


@register
class Coordinate(Operator):
    """``generalise:coordinate``: a latitude or longitude rounded to ``decimals`` places."""

    name = "generalise:coordinate"
    family = "generalisation"
    positional = ("decimals",)
    Params = CoordinateParams

    def transform(self, column, ctx):
        x = numbers(self, column, ctx)
        d = self.params.decimals
        return _numeric_out(np.round(x, d), column, d)


_GEOHASH = "0123456789bcdefghjkmnpqrstuvwxyz"


class GeohashParams(LenientParams):
    precision: int = Field(5, ge=1, le=12, description="characters kept (5 ≈ 4.9 km, 6 ≈ 1.2 km, 4 ≈ 39 km)")


@register
class GeneraliseGeohash(Operator):
    """``generalise:geohash``: a GeoHash cut to ``precision`` characters (``wtmknp3v`` → ``wtmkn``);
    a shorter GeoHash is already as coarse and stays as it is. Case is folded to lower."""

    name = "generalise:geohash"
    family = "generalisation"
    positional = ("precision",)
    Params = GeohashParams

    def transform(self, column, ctx):
        arr = pc.utf8_lower(pc.utf8_trim_whitespace(_text.as_text(column)))
        ok = pc.match_substring_regex(arr, f"^[{_GEOHASH}]{{1,12}}$").fill_null(True).to_numpy(zero_copy_only=False)
        if not ok.all():
            ctx.reject(self, ~ok, column.index, _pair("security.gen.not_geohash"))
        return pc.utf8_slice_codeunits(arr, 0, self.params.precision)


#: ICD-10 (WHO 2019; GB/T 14396-2016 follows it) chapters: number, first and last category
_ICD10_CHAPTERS = [
    ("I", "A00", "B99"),
    ("II", "C00", "D48"),
    ("III", "D50", "D89"),
    ("IV", "E00", "E90"),
    ("V", "F00", "F99"),
    ("VI", "G00", "G99"),
    ("VII", "H00", "H59"),
    ("VIII", "H60", "H95"),
    ("IX", "I00", "I99"),
    ("X", "J00", "J99"),
    ("XI", "K00", "K93"),
    ("XII", "L00", "L99"),
    ("XIII", "M00", "M99"),
    ("XIV", "N00", "N99"),
    ("XV", "O00", "O99"),
    ("XVI", "P00", "P96"),
    ("XVII", "Q00", "Q99"),
    ("XVIII", "R00", "R99"),
    ("XIX", "S00", "T98"),
    ("XX", "V01", "Y98"),
    ("XXI", "Z00", "Z99"),
    ("XXII", "U00", "U85"),
]


def _icd_key(code: str) -> int:
    return (ord(code[0]) - 65) * 100 + int(code[1:3])


class Icd10Params(LenientParams):
    level: Literal["chapter", "category"] = Field(
        "chapter", description="chapter: its range (J45.901 → J00-J99); category: the 3-character code (J45)"
    )
    label: Literal["range", "roman", "both"] = Field(
        "range", description="a chapter written as its range (J00-J99), its number (X) or both (X J00-J99)"
    )


@register
class GeneraliseIcd10(Operator):
    """``generalise:icd10``: an ICD-10 code up to its ``chapter`` (``J45.901`` → ``J00-J99``,
    chapter X) or its 3-character ``category`` (``J45``). Codes are read in their compact form
    (upper case, spaces removed; the dot optional); a code in no chapter's range is invalid."""

    name = "generalise:icd10"
    family = "generalisation"
    positional = ("level",)
    Params = Icd10Params

    def transform(self, column, ctx):
        arr = _text.compact(_text.as_text(column))
        ok = pc.match_substring_regex(arr, r"^[A-Z][0-9]{2}(\.?[0-9A-Z]{0,4})?$").fill_null(False)
        head = pc.utf8_slice_codeunits(pc.if_else(ok, arr, "A00"), 0, 3)
        if self.params.level == "category":
            found = ok.to_numpy(zero_copy_only=False)
            out = head
        else:
            m = _icd_matrix(head)
            key = (m[:, 0].astype(np.int64) - 65) * 100 + (m[:, 1].astype(np.int64) - 48) * 10 + (m[:, 2] - 48)
            starts = np.array([_icd_key(c[1]) for c in _ICD10_CHAPTERS])
            ends = np.array([_icd_key(c[2]) for c in _ICD10_CHAPTERS])
            order = np.argsort(starts)
            at = np.searchsorted(starts[order], key, side="right") - 1
            chapter = order[np.clip(at, 0, len(order) - 1)]
            found = ok.to_numpy(zero_copy_only=False) & (at >= 0) & (key <= ends[chapter])
            labels = [self._label(c) for c in _ICD10_CHAPTERS]
            out = pa.array(labels, pa.large_string()).take(pa.array(chapter))
        bad = ~found & arr.is_valid().to_numpy(zero_copy_only=False)
        if bad.any():
            ctx.reject(self, bad, column.index, _pair("security.gen.not_icd10"))
        return pc.if_else(arr.is_valid(), out, pa.scalar(None, pa.large_string()))

    def _label(self, chapter: tuple[str, str, str]) -> str:
        number, first, last = chapter
        span = f"{first}-{last}"
        return {"range": span, "roman": number, "both": f"{number} {span}"}[self.params.label]


def _icd_matrix(head: pa.Array) -> np.ndarray:
    """The first three bytes of every (valid, ASCII) code as an ``(n, 3)`` matrix."""
    offs, data = _text.offsets_data(_text.as_text(pc.fill_null(head, "A00")))
    return data[offs[:-1][:, None] + np.arange(3)]


class AddressLevelParams(LenientParams):
    level: Literal["province", "city", "county"] = Field("county", description="the last administrative level kept")


@register
class GeneraliseAddress(Operator):
    """``generalise:address``: an address cut down to its administrative part (province, city,
    ``county`` — found with the GB/T 2260 names of ``mask:address``), the rest dropped:
    ``浙江省杭州市西湖区文三路 100 号`` → ``浙江省杭州市西湖区``. An address with no division
    name is invalid (``on_invalid``)."""

    name = "generalise:address"
    family = "generalisation"
    positional = ("level",)
    Params = AddressLevelParams

    def transform(self, column, ctx):
        from zjgov.security.masks import admin_length

        arr = _text.as_text(column)
        encoded = _text.repeated(arr)
        values = encoded.dictionary.cast(pa.large_string()) if encoded is not None else arr
        keep = admin_length(values, self.params.level)
        out = _text.keep_first(values, keep)
        if encoded is not None:
            keep = keep[encoded.indices.fill_null(0).to_numpy(zero_copy_only=False)]
            out = out.take(encoded.indices)
        bad = (keep == 0) & arr.is_valid().to_numpy(zero_copy_only=False)
        if bad.any():
            ctx.reject(self, bad, column.index, _pair("security.gen.no_division"))
        return out
