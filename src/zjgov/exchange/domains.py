"""Value domains (值域) of data elements: a zjgov code, a code table, an enumeration, a range or a pattern.

Every domain checks a whole column at once and returns one reason per row (``0`` = valid),
as small integers of the shared reason registry of :mod:`zjgov.codes`:

* :class:`CodeDomain` runs the code's own vectorised ``check`` (so check digits, regions,
  birth dates … are verified by the one implementation of the standard); several codes mean
  "any of them" (a phone that is a mobile *or* a fixed-line number); ``by="name"`` checks the
  names of a code table (``汉族``) instead of its codes (``01``);
* :class:`TableDomain` a code table given inline (``{"1": "男", "2": "女"}``), reason ``domain``;
* :class:`EnumDomain` a list of allowed values, reason ``domain``;
* :class:`RangeDomain` a numeric (or date) interval, reason ``range`` (``format`` if not a number);
* :class:`PatternDomain` a regular expression run by RE2 (linear time, so no ReDoS), reason ``pattern``;
* :class:`NoteDomain` a domain described in prose only; nothing to check, and it says so.

A domain can be written as text, as agencies do in their data-element sheets:

>>> parse_domain("code:citizen_id").code
['citizen_id']
>>> parse_domain("GB/T 2261.1").code, parse_domain("1=男;2=女").values
(['sex'], {'1': '男', '2': '女'})
>>> parse_domain("range:0..150").max, parse_domain("enum:存续|注销").values
(150.0, ['存续', '注销'])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from zjgov import codes, i18n
from zjgov.codes._engine import Code
from zjgov.core.arrow import mask as _mask
from zjgov.core.reasons import index as reason_index
from zjgov.errors import ConfigError

__all__ = [
    "STANDARD_CODES",
    "CodeDomain",
    "Domain",
    "EnumDomain",
    "NoteDomain",
    "PatternDomain",
    "RangeDomain",
    "TableDomain",
    "parse_domain",
]

#: standard numbers (as written in data-element sheets) -> zjgov code names, from the codes'
#: fact sheets (``CodeSpec.standard_keys``).
STANDARD_CODES = {key: name for name in codes.names() for key in codes.spec(name).standard_keys}
DOMAIN = "domain"
RANGE = "range"
PATTERN = "pattern"

i18n.add(
    {
        "schema.reason.domain": ("{title}：值不在值域中", "{title}: the value is not in the value domain"),
        "schema.reason.range": ("{title}：值超出取值范围", "{title}: the value is out of range"),
        "schema.reason.pattern": ("{title}：值不符合规定的模式", "{title}: the value does not match the pattern"),
        "domain.bad": (
            "无法识别的值域“{text}”（应如 code:citizen_id、1=男;2=女、enum:a|b、range:0..150、regex:…）",
            "unrecognised value domain '{text}' (expected code:citizen_id, 1=男;2=女, enum:a|b, range:0..150, regex:…)",
        ),
        "domain.unknown_code": ("未知的代码“{name}”，可用：{names}", "unknown code '{name}'; available: {names}"),
        "domain.bad_regex": (
            "正则表达式无效或不受 RE2 支持（不支持回溯引用与环视）：{detail}",
            "the regular expression is invalid or not supported by RE2 (no backreferences or lookaround): {detail}",
        ),
        "domain.bad_range": ("取值范围的下限大于上限", "the lower bound of the range is above the upper bound"),
        "domain.empty": ("值域没有任何取值", "the value domain has no values"),
    }
)


def _config(key: str, **fields: object) -> ConfigError:
    return ConfigError(i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields), field="domain")


def _reasons_from(result) -> np.ndarray:
    """A CheckResult's reasons as registry integers (only the invalid rows are looked at)."""
    out = np.zeros(len(result.valid), dtype=np.int16)
    bad = np.flatnonzero(~result.valid.to_numpy())
    if len(bad):
        cat = pd.Categorical(result.reason.iloc[bad].to_numpy(dtype=object))
        table = np.array([reason_index(str(c)) for c in cat.categories] + [0], dtype=np.int16)
        out[bad] = table[cat.codes]
    return out


def _code_reasons(fn: Any, series: pd.Series, options: Mapping[str, Any]) -> np.ndarray:
    """Registry reason integers of ``fn(series, **options)``; an engine code's ``check`` skips building the
    CheckResult (its labelled Series) and hands back the integers it computed."""
    code = getattr(fn, "__self__", None)
    if isinstance(code, Code) and getattr(fn, "__func__", None) is Code.check:
        reason, _ = code._check_arrays(series, code.options(**options))
        return reason
    return _reasons_from(fn(series, **options))


def _rank(reasons: np.ndarray) -> np.ndarray:
    """How far a value got: 0 valid-or-type, 1 length, 2 format, 3 checksum or a component."""
    rank = np.full(len(reasons), 3, dtype=np.int8)
    rank[reasons == reason_index("length")] = 1
    rank[reasons == reason_index("format")] = 2
    rank[reasons == 0] = 4
    return rank


def _build(cls: type[BaseModel], **fields: Any) -> Any:
    """Construct a domain; a ConfigError raised inside a validator comes out as itself."""
    from pydantic import ValidationError

    try:
        return cls(**fields)
    except ValidationError as exc:
        inner = (exc.errors()[0].get("ctx") or {}).get("error")
        if isinstance(inner, ConfigError):
            raise inner from None
        raise _config("domain.bad", text=str(fields)[:60]) from None


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def check(self, arr: pa.Array, series: pd.Series, fmt: Any = None) -> np.ndarray:  # pragma: no cover
        raise TypeError("abstract")

    def describe(self, lang: str | None = None) -> str:
        return self.kind  # type: ignore[attr-defined]


class CodeDomain(_Base):
    """Values are codes of zjgov.codes (``citizen_id``, ``uscc``, ``sex`` …); several mean any of them."""

    kind: Literal["code"] = "code"
    code: list[str]
    options: dict[str, Any] = Field(default_factory=dict)
    by: Literal["code", "name"] = "code"

    @field_validator("code", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("code")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        if not value:
            raise _config("domain.empty")
        names = codes.names()
        for name in value:
            if name not in names:
                raise _config("domain.unknown_code", name=name, names=", ".join(names))
        return value

    @model_validator(mode="after")
    def _names_need_a_table(self) -> CodeDomain:
        if self.by == "name":
            for name in self.code:
                if not hasattr(codes.get(name), "check_names"):
                    raise _config("domain.unknown_code", name=f"{name} (by=name)", names="sex, ethnicity, …")
        return self

    def check(self, arr: pa.Array, series: pd.Series, fmt: Any = None) -> np.ndarray:
        out = rank = None
        for name in self.code:
            module = codes.get(name)
            fn = module.check_names if self.by == "name" else module.check
            reasons = _code_reasons(fn, series, self.options)
            if out is None:
                out = reasons
                continue
            if rank is None:  # ranks are needed only when there is a second code
                rank = _rank(out)
            # any code that accepts the value wins; otherwise keep the reason of the closest code
            r = _rank(reasons)
            closer = r > rank
            out, rank = np.where(closer, reasons, out), np.maximum(rank, r)
            out[reasons == 0] = 0
        return out

    def describe(self, lang: str | None = None) -> str:
        titles = [codes.get(n).TITLE[0 if i18n.check_lang(lang) == "zh" else 1] for n in self.code]
        return " / ".join(titles)


class TableDomain(_Base):
    """An inline code table ``{code: name}``; ``by="name"`` accepts the names, ``"either"`` both."""

    kind: Literal["table"] = "table"
    values: dict[str, str]
    by: Literal["code", "name", "either"] = "code"

    @field_validator("values", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            value = {str(k): str(v) for k, v in value.items()}
            if not value:
                raise _config("domain.empty")
        return value

    def allowed(self) -> list[str]:
        if self.by == "code":
            return list(self.values)
        if self.by == "name":
            return list(self.values.values())
        return list(self.values) + list(self.values.values())

    def check(self, arr: pa.Array, series: pd.Series, fmt: Any = None) -> np.ndarray:
        return _membership(arr, self.allowed())

    def describe(self, lang: str | None = None) -> str:
        return "; ".join(f"{k}={v}" for k, v in list(self.values.items())[:12])


class EnumDomain(_Base):
    """An enumeration of allowed values (compared exactly, after trimming spaces)."""

    kind: Literal["enum"] = "enum"
    values: list[str]

    @field_validator("values", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if not value:
                raise _config("domain.empty")
            return [str(v) for v in value]
        return value

    def check(self, arr: pa.Array, series: pd.Series, fmt: Any = None) -> np.ndarray:
        return _membership(arr, self.values)

    def describe(self, lang: str | None = None) -> str:
        return " | ".join(self.values[:12])


def _membership(arr: pa.Array, allowed: list[str]) -> np.ndarray:
    """``domain`` where a value (spaces trimmed) is not allowed. Values are looked up as they stand
    first; only the misses are trimmed and looked up again (the same answer when no allowed value
    has spaces of its own to trim)."""
    value_set = pa.array(allowed, type=arr.type)
    out = np.zeros(len(arr), dtype=np.int16)
    if pc.all(pc.equal(pc.utf8_trim_whitespace(value_set), value_set)).as_py() is False:
        inside = _mask(pc.is_in(pc.utf8_trim_whitespace(arr), value_set=value_set))
        out[~inside & _mask(pc.is_valid(arr))] = reason_index(DOMAIN)
        return out
    miss = np.flatnonzero(~_mask(pc.is_in(arr, value_set=value_set)) & _mask(pc.is_valid(arr)))
    if len(miss):
        sub = pc.utf8_trim_whitespace(arr.take(pa.array(miss)))
        out[miss[~_mask(pc.is_in(sub, value_set=value_set))]] = reason_index(DOMAIN)
    return out


class RangeDomain(_Base):
    """A closed interval ``[min, max]`` of numbers, or of dates when the element is a date."""

    kind: Literal["range"] = "range"
    min: float | str | None = None
    max: float | str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> RangeDomain:
        if self.min is None and self.max is None:
            raise _config("domain.empty")
        if self.min is not None and self.max is not None and type(self.min) is type(self.max) and self.min > self.max:
            raise _config("domain.bad_range")
        return self

    def check(self, arr: pa.Array, series: pd.Series, fmt: Any = None) -> np.ndarray:
        present = _mask(pc.is_valid(arr))
        out = np.zeros(len(arr), dtype=np.int16)
        if (
            (fmt is not None and getattr(fmt, "is_temporal", False))
            or isinstance(self.min, str)
            or isinstance(self.max, str)
        ):
            from zjgov.exchange import dates

            values = dates.normalise_dates(series, pattern=getattr(fmt, "pattern", None)).values.to_numpy()
            lo = np.datetime64(dates.to_iso(self.min)) if self.min is not None else None
            hi = np.datetime64(dates.to_iso(self.max)) if self.max is not None else None
            bad = np.isnat(values)
        elif pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
            values = series.to_numpy(dtype=float, na_value=np.nan)
            lo, hi = self.min, self.max
            bad = np.isnan(values)
        else:
            number = pc.match_substring_regex(arr, r"^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$")
            shaped = _mask(number)
            clean = pc.if_else(number, pc.utf8_trim_whitespace(arr), pa.scalar(None, arr.type))
            values = np.asarray(pc.cast(clean, pa.float64()).to_numpy(zero_copy_only=False), dtype=float)
            lo, hi = self.min, self.max
            bad = ~shaped
        out[present & bad] = reason_index("format")
        with np.errstate(invalid="ignore"):
            outside = np.zeros(len(arr), dtype=bool)
            if lo is not None:
                outside |= values < lo
            if hi is not None:
                outside |= values > hi
        out[present & ~bad & outside] = reason_index(RANGE)
        return out

    def describe(self, lang: str | None = None) -> str:
        lo = "" if self.min is None else _num(self.min)
        hi = "" if self.max is None else _num(self.max)
        return f"[{lo}, {hi}]"


def _num(v: float | str) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


class PatternDomain(_Base):
    """A regular expression every value must match in full (RE2 syntax: linear time)."""

    kind: Literal["regex"] = "regex"
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            pc.match_substring_regex(pa.array([""]), _anchored(value))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise _config("domain.bad_regex", detail=str(exc).splitlines()[0][:120]) from None
        return value

    def check(self, arr: pa.Array, series: pd.Series, fmt: Any = None) -> np.ndarray:
        ok = _mask(pc.match_substring_regex(arr, _anchored(self.pattern)))
        out = np.zeros(len(arr), dtype=np.int16)
        out[~ok & _mask(pc.is_valid(arr))] = reason_index(PATTERN)
        return out

    def describe(self, lang: str | None = None) -> str:
        return self.pattern


def _anchored(pattern: str) -> str:
    return f"^(?:{pattern})$"


class NoteDomain(_Base):
    """A value domain described in words only (``见业务手册``): not machine-checkable, never silently passed off as checked."""

    kind: Literal["note"] = "note"
    text: str

    def check(self, arr: pa.Array, series: pd.Series, fmt: Any = None) -> np.ndarray:
        return np.zeros(len(arr), dtype=np.int16)

    def describe(self, lang: str | None = None) -> str:
        return self.text


Domain = Annotated[
    CodeDomain | TableDomain | EnumDomain | RangeDomain | PatternDomain | NoteDomain, Field(discriminator="kind")
]

_PREFIX = re.compile(
    r"^\s*(code|代码|enum|枚举|range|范围|regex|正则|table|代码表|note|说明)\s*[:：]\s*(.*)$", re.S | re.I
)


def _standard(text: str) -> str | None:
    key = re.sub(r"\s+", "", text).upper().replace("／", "/")
    key = re.sub(r"-\d{4}$", "", key)  # edition year
    return STANDARD_CODES.get(key) or STANDARD_CODES.get(key.replace("GB/T", "GB"))


def parse_domain(text: str | Mapping[str, Any] | BaseModel | None, *, strict: bool = True) -> Any:
    """A domain from its text form (or a mapping with ``kind``); ``None`` for an empty text.

    With ``strict=False`` unrecognised prose becomes a :class:`NoteDomain` instead of an error
    (for data-element sheets, whose 值域 column is often prose).
    """
    from pydantic import TypeAdapter

    if text is None or isinstance(text, BaseModel):
        return text
    if isinstance(text, Mapping):
        from pydantic import ValidationError

        try:
            return TypeAdapter(Domain).validate_python(dict(text))
        except ValidationError as exc:
            inner = (exc.errors()[0].get("ctx") or {}).get("error")
            if isinstance(inner, ConfigError):
                raise inner from None
            raise
    raw = str(text).strip()
    if not raw:
        return None
    m = _PREFIX.match(raw)
    if m:
        kind, body = m[1].lower(), m[2].strip()
        if kind in ("code", "代码"):
            code, _, opts = body.partition("?")
            names = [_standard(c) or c.strip() for c in re.split(r"[|,，]", code) if c.strip()]
            options = dict(o.split("=", 1) for o in opts.split("&") if "=" in o)
            return _build(CodeDomain, code=names, options={k: _option(v) for k, v in options.items()})
        if kind in ("enum", "枚举"):
            return _build(EnumDomain, values=[v.strip() for v in re.split(r"[|；;]", body) if v.strip()])
        if kind in ("range", "范围"):
            lo, sep, hi = body.partition("..")
            if not sep:
                raise _config("domain.bad", text=raw)
            return _build(RangeDomain, min=_bound(lo), max=_bound(hi))
        if kind in ("regex", "正则"):
            return _build(PatternDomain, pattern=body)
        if kind in ("table", "代码表"):
            return _table(body, raw)
        return _build(NoteDomain, text=body)
    name = _standard(raw)
    if name is None and raw in codes.names():
        name = raw
    if name is not None:
        return _build(CodeDomain, code=[name])
    if re.search(r"[=＝]", raw) or re.match(r"^\s*[0-9A-Za-z]{1,8}\s*[:：]\s*\S", raw):
        return _table(raw, raw)
    found = [c for k, c in STANDARD_CODES.items() if k in re.sub(r"\s+", "", raw).upper()]
    if found:  # prose that cites a standard, e.g. 见 GB/T 2261.1-2003
        return _build(CodeDomain, code=[found[0]])
    if strict:
        raise _config("domain.bad", text=raw[:60])
    return _build(NoteDomain, text=raw)


def _table(body: str, raw: str) -> TableDomain:
    values = {}
    for part in re.split(r"[;；\n]", body):
        if not part.strip():
            continue
        m = re.match(r"^\s*([^=＝:：]+?)\s*[=＝:：]\s*(.*?)\s*$", part)
        if m is None:
            raise _config("domain.bad", text=raw[:60])
        values[m[1]] = m[2]
    return _build(TableDomain, values=values)


def _bound(text: str) -> float | str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _option(value: str) -> Any:
    low = value.lower()
    if low in ("true", "false"):
        return low == "true"
    return int(value) if value.isdigit() else value
