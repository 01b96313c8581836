"""Quality rules: a declaration (:class:`Rule`) checked when it is built, run by the engine.

A rule has an id, a *kind* (``not_null``, ``code``, ``unique`` … see ``docs/quality.md``), a
GB/T 36344 dimension and second-level indicator (defaults come with the kind), target
columns, parameters, an optional row filter (a safe expression), a threshold (the minimum
pass rate, 1.0 by default), a severity and a weight in its dimension's score.

Every kind is registered with a pydantic model of its parameters, so wrong arguments fail
when the rule is built, never when it runs. User rules register through :func:`register_rule`,
which checks the function's signature.

>>> r = rule("code", "身份证号", code="citizen_id", threshold=0.99)
>>> r.id, r.dimension, r.indicator, r.threshold
('code:身份证号', 'conformity', 'data_standard', 0.99)
>>> rule("length", "x", min=5, max=2)
Traceback (most recent call last):
zjgov.errors.ConfigError: ...
"""

from __future__ import annotations

import dataclasses
import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticValidationError

from zjgov import i18n
from zjgov.errors import ConfigError
from zjgov.quality.dimensions import DIMENSIONS, INDICATORS
from zjgov.quality.expr import Expression, compile_expr

Scope = Literal["row", "key", "dataset"]
SEVERITIES = ("error", "warning", "info")

i18n.add(
    {
        "quality.unknown_kind": ("未知的规则类型：{kind}", "unknown rule kind: {kind}"),
        "quality.bad_param": (
            "规则 {rule} 的参数 {param} 无效：{detail}",
            "rule {rule}: invalid parameter {param}: {detail}",
        ),
        "quality.bad_columns": ("规则 {rule} 需要 {expected} 个列", "rule {rule} needs {expected} column(s)"),
        "quality.bad_dimension": ("未知的质量维度：{value}", "unknown quality dimension: {value}"),
        "quality.bad_indicator": (
            "指标 {value} 不属于维度 {dimension}",
            "indicator {value} does not belong to dimension {dimension}",
        ),
        "quality.bad_threshold": ("阈值应在 0 到 1 之间：{value}", "threshold must lie between 0 and 1: {value}"),
        "quality.bad_severity": (
            "严重程度应为 error、warning 或 info：{value}",
            "severity must be error, warning or info: {value}",
        ),
        "quality.bad_weight": ("权重应为有限的非负数：{value}", "weight must be a finite non-negative number: {value}"),
        "quality.duplicate_kind": ("规则类型已存在：{kind}", "a rule kind with this name already exists: {kind}"),
        "quality.bad_signature": ("自定义规则函数签名无效：{detail}", "invalid signature for a custom rule: {detail}"),
    }
)


#: The zone of naive timestamps in the data and in rule files, unless the rule set says otherwise.
DEFAULT_TIMEZONE = "Asia/Shanghai"


def check_timezone(name: str) -> str:
    """``name`` if it is an IANA time zone (``Asia/Shanghai``, ``UTC``), else ``ValueError``."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai)") from None
    return name


def local_time(value: Any, zone: str = DEFAULT_TIMEZONE) -> pd.Timestamp:
    """``value`` as naive wall time in ``zone``: an aware time is converted, a naive one kept.

    >>> import datetime as dt
    >>> local_time(dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.timezone.utc))
    Timestamp('2026-01-01 08:00:00')
    >>> local_time("2026-01-01T08:00:00+08:00"), local_time("2026-01-01 08:00")
    (Timestamp('2026-01-01 08:00:00'), Timestamp('2026-01-01 08:00:00'))
    """
    ts = pd.Timestamp(value)
    return ts.tz_convert(zone).tz_localize(None) if ts.tzinfo is not None else ts


def config_error(key: str, *, field: str | None = None, **fields: object) -> ConfigError:
    """A bilingual :class:`ConfigError` from the message catalogue."""
    return ConfigError(i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields), field=field)


@dataclasses.dataclass(frozen=True)
class Reasons:
    """Reason codes of a batch as small integers into ``names`` (cheaper than a string per row).

    >>> import numpy as np
    >>> r = Reasons.first(("type", "too_short", "too_long"), np.array([True, False, False]), np.array([True, True, False]))
    >>> [r.names[c] for c in r.codes]
    ['type', 'too_short', 'too_long']
    """

    codes: np.ndarray
    names: tuple[str, ...]

    @classmethod
    def first(cls, names: tuple[str, ...], *masks: np.ndarray) -> Reasons:
        """``names[i]`` for rows where ``masks[i]`` is the first true mask, the last name elsewhere."""
        n = len(masks[0]) if masks else 0
        codes = np.full(n, len(names) - 1, dtype=np.int8)
        for i in range(len(masks) - 1, -1, -1):
            codes[np.asarray(masks[i], dtype=bool)] = i
        return cls(codes, names)


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a row rule found in one batch.

    ``ok``: bool array, True where the row passes; ``applicable``: bool array of rows the rule
    judged (``None`` = every row); ``reason``: one reason code for every failing row, or
    per row: :class:`Reasons`, a Series or an array of reason codes aligned with the batch.
    """

    ok: np.ndarray
    applicable: np.ndarray | None = None
    reason: str | Reasons | pd.Series | np.ndarray = "invalid"


@dataclasses.dataclass(frozen=True)
class DatasetFacts:
    """What dataset-level rules see: row count, columns, the file path (if any) and the run time."""

    rows: int
    columns: tuple[str, ...]
    path: str | None
    now: pd.Timestamp


@dataclasses.dataclass(frozen=True)
class Kind:
    """A registered rule kind.

    ``scope`` is ``row`` (``kernel(frame, rule, state) -> Outcome`` per batch), ``key``
    (uniqueness across the whole dataset, run by the engine) or ``dataset``
    (``kernel(facts, rule, state) -> (checked, passed, reasons)``). ``prepare(rule, base)``
    builds per-run state (a loaded reference table, a resolved reference time).
    """

    name: str
    params: type[BaseModel]
    scope: Scope
    dimension: str
    indicator: str
    columns: tuple[int, int | None]  # (minimum, maximum or None for no limit)
    kernel: Callable[..., Any]
    description: tuple[str, str]
    prepare: Callable[[Rule, Any], Any] | None = None
    all_columns_default: bool = False  # no columns given means every column
    thread_safe: bool = True  # built-in kernels are; a user rule is run alone unless the caller asks


_KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Add a built-in or user rule kind (names are unique)."""
    if kind.name in _KINDS:
        raise config_error("quality.duplicate_kind", kind=kind.name)
    _KINDS[kind.name] = kind
    return kind


def kinds() -> list[str]:
    """The names of every registered rule kind."""
    _ensure_builtins()
    return list(_KINDS)


def get_kind(name: str) -> Kind:
    """The registered kind ``name`` (``ConfigError`` if unknown)."""
    _ensure_builtins()
    if name not in _KINDS:
        raise config_error("quality.unknown_kind", kind=name, field="kind")
    return _KINDS[name]


def _ensure_builtins() -> None:
    import zjgov.quality.builtin  # noqa: F401 - registers the built-in kinds


class Params(BaseModel):
    """Base of every kind's parameter model: unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


@dataclasses.dataclass(frozen=True)
class Rule:
    """A declared rule; build it with :func:`rule` (which checks everything)."""

    id: str
    kind: str
    columns: tuple[str, ...]
    params: BaseModel
    dimension: str
    indicator: str
    threshold: float = 1.0
    severity: str = "error"
    weight: float = 1.0
    filter: Expression | None = None
    description_zh: str = ""
    description_en: str = ""

    @property
    def spec(self) -> Kind:
        return get_kind(self.kind)

    @property
    def lower_is_better(self) -> bool:
        return INDICATORS[self.indicator].lower_is_better

    def params_dict(self) -> dict[str, Any]:
        """Parameters as JSON-friendly values (frames and callables are summarised)."""
        out = {}
        for key, value in self.params.model_dump(mode="python").items():
            if isinstance(value, pd.DataFrame):
                value = f"<DataFrame {len(value)} rows>"
            elif callable(value):
                value = getattr(value, "__name__", "function")
            elif isinstance(value, (pd.Timestamp,)) or hasattr(value, "isoformat"):
                value = value.isoformat()
            out[key] = value
        return out

    def referenced_columns(self) -> set[str]:
        """Every column the rule reads (its targets, expression columns and filter columns)."""
        cols = set(self.columns)
        expr = getattr(self.params, "expr", None)
        if isinstance(expr, str):
            cols |= compile_expr(expr).columns
        if self.filter is not None:
            cols |= self.filter.columns
        return cols


_COMMON = ("id", "dimension", "indicator", "threshold", "severity", "weight", "filter", "description")


def rule(
    kind: str,
    columns: str | Sequence[str] | None = None,
    *,
    id: str | None = None,
    dimension: str | None = None,
    indicator: str | None = None,
    threshold: float = 1.0,
    severity: str = "error",
    weight: float = 1.0,
    filter: str | None = None,
    description: str | Mapping[str, str] | None = None,
    **params: Any,
) -> Rule:
    """Build and check a rule of ``kind`` on ``columns`` with ``params``.

    >>> rule("not_null", ["姓名", "性别"]).columns
    ('姓名', '性别')
    >>> rule("range", "年龄", min=0, max=150, dimension="accuracy", indicator="format_compliance").params.max
    150.0
    """
    spec = get_kind(kind)
    cols = (columns,) if isinstance(columns, str) else tuple(columns or ())
    if not all(isinstance(c, str) and c for c in cols):
        raise config_error("quality.bad_columns", rule=id or kind, expected="≥1", field="columns")
    lo, hi = spec.columns
    if len(cols) < lo or (hi is not None and len(cols) > hi):
        expected = str(lo) if lo == hi else f"{lo}–{hi if hi is not None else '∞'}"
        raise config_error("quality.bad_columns", rule=id or kind, expected=expected, field="columns")
    rid = id or f"{kind}:{','.join(cols)}" if cols else id or kind
    try:
        model = spec.params(**params)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "params"
        raise config_error(
            "quality.bad_param", rule=rid, param=field, detail=first.get("msg", ""), field=field
        ) from None
    dim = dimension or spec.dimension
    if dim not in DIMENSIONS:
        raise config_error("quality.bad_dimension", value=dim, field="dimension")
    ind = indicator or (spec.indicator if dim == spec.dimension else _first_indicator(dim))
    if ind not in INDICATORS or INDICATORS[ind].dimension != dim:
        raise config_error("quality.bad_indicator", value=ind, dimension=dim, field="indicator")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
        raise config_error("quality.bad_threshold", value=threshold, field="threshold")
    if severity not in SEVERITIES:
        raise config_error("quality.bad_severity", value=severity, field="severity")
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight < 0:
        raise config_error("quality.bad_weight", value=weight, field="weight")
    try:
        flt = compile_expr(filter) if filter is not None else None
    except ConfigError as exc:
        raise ConfigError(exc.message_zh, exc.message_en, field="filter") from None
    if isinstance(description, Mapping):
        d_zh, d_en = str(description.get("zh", "")), str(description.get("en", description.get("zh", "")))
    elif description:
        d_zh = d_en = str(description)
    else:
        d_zh, d_en = spec.description
    return Rule(
        id=rid,
        kind=kind,
        columns=cols,
        params=model,
        dimension=dim,
        indicator=ind,
        threshold=float(threshold),
        severity=severity,
        weight=float(weight),
        filter=flt,
        description_zh=d_zh,
        description_en=d_en,
    )


def _first_indicator(dimension: str) -> str:
    return next(k for k, i in INDICATORS.items() if i.dimension == dimension)


# -- user rules -----------------------------------------------------------------------------
def register_rule(
    name: str,
    *,
    dimension: str = "conformity",
    indicator: str = "business_rule",
    description: tuple[str, str] | None = None,
    columns: int | tuple[int, int | None] = 1,
    skip_missing: bool = True,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a vectorised user rule under ``name``.

    The function's first parameter receives the rule's column (a Series) when the rule takes
    one column, or a frame of its columns otherwise; every other parameter must be
    keyword-only and becomes a rule parameter (a default makes it optional). It returns a
    boolean Series or array (True = the row passes), or ``(ok, reason)``; a null result means
    "not applicable". With ``skip_missing`` (the default) rows with a null or blank value in
    any of the rule's columns are not applicable, like for the built-in value rules.

    >>> @register_rule("doc_even", dimension="accuracy", indicator="content_correctness")
    ... def even(values, *, divisor: int = 2):
    ...     return pd.to_numeric(values, errors="coerce") % divisor == 0
    >>> rule("doc_even", "n", divisor=3).params.divisor
    3
    >>> register_rule("doc_bad")(lambda values, extra: values)
    Traceback (most recent call last):
    zjgov.errors.ConfigError: ...
    """
    if dimension not in DIMENSIONS:
        raise config_error("quality.bad_dimension", value=dimension)
    if indicator not in INDICATORS or INDICATORS[indicator].dimension != dimension:
        raise config_error("quality.bad_indicator", value=indicator, dimension=dimension)
    span = (columns, columns) if isinstance(columns, int) else columns

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        _ensure_builtins()
        if name in _KINDS:
            raise config_error("quality.duplicate_kind", kind=name)
        params_model = _params_from_signature(name, fn)
        register_kind(
            Kind(
                name=name,
                params=params_model,
                scope="row",
                dimension=dimension,
                indicator=indicator,
                columns=span,
                kernel=_user_kernel(fn, skip_missing),
                description=description or (name, name),
                thread_safe=False,
            )
        )
        return fn

    return decorate


def _params_from_signature(name: str, fn: Callable[..., Any]) -> type[BaseModel]:
    from pydantic import create_model

    if not callable(fn):
        raise config_error("quality.bad_signature", detail=f"{name}: not callable")
    sig = inspect.signature(fn)
    ps = list(sig.parameters.values())
    if not ps or ps[0].kind not in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
        raise config_error("quality.bad_signature", detail=f"{name}: the first parameter must take the column")
    fields: dict[str, Any] = {}
    for p in ps[1:]:
        if p.kind is not inspect.Parameter.KEYWORD_ONLY:
            raise config_error(
                "quality.bad_signature", detail=f"{name}: parameter '{p.name}' must be keyword-only (after *)"
            )
        if p.name in _COMMON or p.name in ("kind", "columns", "column"):
            raise config_error("quality.bad_signature", detail=f"{name}: parameter name '{p.name}' is reserved")
        annotation = Any if p.annotation is inspect.Parameter.empty else p.annotation
        if isinstance(annotation, str):
            annotation = Any
        fields[p.name] = (annotation, ... if p.default is inspect.Parameter.empty else p.default)
    return create_model(f"Params_{name}", __base__=Params, **fields)


def _user_kernel(fn: Callable[..., Any], skip_missing: bool) -> Callable[..., Outcome]:
    def kernel(frame: pd.DataFrame, r: Rule, state: Any) -> Outcome:
        data = frame[r.columns[0]] if len(r.columns) == 1 else frame[list(r.columns)]
        out = fn(data, **r.params.model_dump())
        reason: str | np.ndarray = "invalid"
        if isinstance(out, tuple) and len(out) == 2:
            out, reason = out
            if not isinstance(reason, str):
                reason = np.asarray(reason, dtype=object)
        arr = pd.array(np.asarray(out) if not isinstance(out, pd.Series) else out, dtype="boolean")
        if len(arr) != len(frame):
            raise ValueError(f"the rule returned {len(arr)} values for {len(frame)} rows")
        applicable = ~np.asarray(arr.isna(), dtype=bool)
        if skip_missing:
            from zjgov.quality.columns import present

            for c in r.columns:
                applicable &= present(frame[c])
        return Outcome(ok=np.asarray(arr.fillna(True), dtype=bool), applicable=applicable, reason=reason)

    return kernel
