"""Masking operators: small units with a name, a reversible flag and typed, frozen parameters.

Every operator is a subclass of :class:`Operator` registered under a stable name (the names
the classification inventory emits as treatments: ``mask:citizen_id``, ``generalise:date`` …).
Its parameters are a frozen pydantic model checked when the operator is built, so a bad
policy fails before any data is read. :meth:`Operator.apply` is vectorised over a whole
column and returns every row, on the column's index, with nulls still null; the caller's
column is never modified. Reversible operators also have :meth:`Operator.reverse`.

A treatment string names an operator and, after further ``:``, its positional parameters:
``generalise:age:5`` is the operator ``generalise:age`` with ``width=5``.

>>> op = resolve("mask:mobile")
>>> op.apply(pd.Series(["13800138000", None])).tolist()
['138****8000', nan]
>>> resolve("generalise:age:10").params.width
10
>>> op.reversible, "mask:citizen_id" in names()
(False, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from zjgov import i18n
from zjgov.errors import ConfigError, ZjgovError

__all__ = [
    "Context",
    "LenientParams",
    "Operator",
    "OperatorError",
    "Params",
    "get",
    "names",
    "register",
    "resolve",
    "split_treatment",
]

i18n.add(
    {
        "security.op.unknown": (
            "未知的脱敏算子“{name}”（可用：{known}）",
            "unknown masking operator '{name}' (known: {known})",
        ),
        "security.op.params": (
            "算子“{name}”的参数 {field} 不正确：{detail}",
            "operator '{name}': parameter {field} is wrong: {detail}",
        ),
        "security.op.positional": (
            "算子“{name}”最多接受 {n} 个位置参数（{fields}），给出了 {given} 个",
            "operator '{name}' takes at most {n} positional parameters ({fields}), {given} given",
        ),
        "security.op.duplicate": ("算子名称“{name}”已注册", "operator name '{name}' is already registered"),
        "security.op.not_reversible": ("算子“{name}”不可逆，无法还原", "operator '{name}' is not reversible"),
        "security.op.rows": (
            "算子“{name}”返回了 {got} 行而不是 {want} 行（实现错误）",
            "operator '{name}' returned {got} rows instead of {want} (a bug in the operator)",
        ),
        "security.op.bad_values": (
            "列“{column}”：{count} 个值无法用算子“{name}”处理（{why}），首个在第 {row} 行",
            "column '{column}': {count} values cannot be treated by '{name}' ({why}); the first at row {row}",
        ),
        "security.op.needs_key": (
            "算子“{name}”需要密钥（参数 key 给出密钥编号）",
            "operator '{name}' needs a key (parameter key names its id)",
        ),
        "security.op.needs_frame": (
            "算子“{name}”需要同一批数据中的列“{column}”",
            "operator '{name}' needs column '{column}' of the same batch",
        ),
    }
)


class OperatorError(ZjgovError, ValueError):
    """Data an operator cannot treat (positions, never values). A field given as a
    ``(zh, en)`` pair is filled in the message's language."""

    def __init__(self, key: str, /, **fields: Any) -> None:
        self.key, self.fields = key, fields
        super().__init__(f"{self.message('zh')} ({self.message('en')})")

    def message(self, lang: str | None = None) -> str:
        i = 0 if i18n.check_lang(lang) == "zh" else 1
        fields = {k: v[i] if isinstance(v, tuple) else v for k, v in self.fields.items()}
        return i18n.text(self.key, lang, **fields)


class Params(BaseModel):
    """Base of every operator's parameters: frozen, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class LenientParams(Params):
    """Parameters of operators that parse their input: what a value they cannot parse becomes."""

    on_invalid: Literal["error", "null", "redact"] = Field(
        "error", description="error (default: fail with the count and first row), null, or redact (***)"
    )


class Context:
    """What an operator may use besides the column: the key ring and the batch it belongs to.

    ``frame`` is the caller's (unmodified) batch, for operators that read another column
    (a date shift consistent per subject reads the subject's identifier).
    """

    __slots__ = ("column", "frame", "invalid", "keys")

    def __init__(self, keys: Any = None, frame: pd.DataFrame | None = None, column: str | None = None) -> None:
        self.keys, self.frame, self.column = keys, frame, column
        self.invalid: np.ndarray | None = None

    def reject(self, op: Operator, bad: np.ndarray, index: pd.Index, why: tuple[str, str]) -> None:
        """Values ``op`` cannot treat: an error (the default), or with ``on_invalid: null|redact``
        rows the operator goes on without and :meth:`Operator.apply` nulls or redacts."""
        if getattr(op.params, "on_invalid", "error") == "error":
            raise bad_values(op, self, bad, index, why)
        self.invalid = bad if self.invalid is None else self.invalid | bad

    def key(self, op: Operator) -> Any:
        """The :class:`~zjgov.security.keys.Key` named by ``op.params.key``."""
        key_id = getattr(op.params, "key", None)
        if not key_id or self.keys is None:
            raise ConfigError(*_pair("security.op.needs_key", name=op.name), field="key")
        return self.keys.get(key_id)

    def other(self, op: Operator, column: str) -> pd.Series:
        if self.frame is None or column not in self.frame.columns:
            raise ConfigError(*_pair("security.op.needs_frame", name=op.name, column=column), field=column)
        return self.frame[column]


class Operator:
    """One masking operator. Subclasses set ``name``, ``Params`` and implement ``transform``.

    ``family`` is the GB/T 37964-2019 technique family (抑制 suppression, 假名化 pseudonymisation,
    泛化 generalisation, 随机化 randomisation, 密码 cryptographic); ``keyed`` operators need a
    key id in ``params.key``; ``positional`` lists the parameters a treatment string may give
    after the name.
    """

    name: ClassVar[str] = ""
    family: ClassVar[str] = "suppression"
    reversible: ClassVar[bool] = False
    keyed: ClassVar[bool] = False
    #: the output keeps the input's format and validity (surrogates, FF1)
    preserves_format: ClassVar[bool] = False
    positional: ClassVar[tuple[str, ...]] = ()
    Params: ClassVar[type[Params]] = Params

    def __init__(self, params: Params | Mapping[str, Any] | None = None, /, **kwargs: Any) -> None:
        if isinstance(params, self.Params) and not kwargs:
            self.params = params
        else:
            data = dict(params.model_dump() if isinstance(params, BaseModel) else (params or {}))
            data.update(kwargs)
            try:
                self.params = self.Params.model_validate(data)
            except PydanticValidationError as exc:
                err = exc.errors()[0]
                field = ".".join(str(p) for p in err.get("loc", ())) or "params"
                raise ConfigError(
                    *_pair("security.op.params", name=self.name, field=field, detail=err["msg"]), field=field
                ) from None
        self.check()

    def check(self) -> None:
        """Cross-field checks of the parameters (raise :class:`ConfigError`); nothing by default."""

    # -- the public contract -------------------------------------------------------------
    def apply(self, column: pd.Series, keys: Any = None, *, frame: pd.DataFrame | None = None) -> pd.Series:
        """The treated column: same length and index, nulls still null, the input untouched."""
        ctx = Context(keys, frame, str(column.name) if column.name is not None else None)
        return self._finish(column, self._invalid(column, ctx, self.transform(column, ctx)))

    def _invalid(self, column: pd.Series, ctx: Context, out: Any) -> Any:
        """Rows rejected with ``on_invalid: null`` become null, with ``redact`` every character ``*``."""
        if ctx.invalid is None or not ctx.invalid.any():
            return out
        from zjgov.security import _text

        arr = out if isinstance(out, (pa.Array, pa.ChunkedArray)) else _text.as_text(pd.Series(out))
        arr = _text.as_text(arr)
        fill = (
            _text.mask_chars(_text.as_text(column), 0, 0, "*", 0)
            if self.params.on_invalid == "redact"  # type: ignore[attr-defined]
            else pa.nulls(len(arr), pa.large_string())
        )
        return pc.if_else(pa.array(ctx.invalid), fill, arr)

    def reverse(self, column: pd.Series, keys: Any = None, *, frame: pd.DataFrame | None = None) -> pd.Series:
        """The original column back from :meth:`apply`'s output (reversible operators only)."""
        if not self.reversible:
            raise ConfigError(*_pair("security.op.not_reversible", name=self.name))
        ctx = Context(keys, frame, str(column.name) if column.name is not None else None)
        return self._finish(column, self.untransform(column, ctx))

    def describe(self) -> dict[str, Any]:
        """Name, flags and parameters as JSON-ready data (parameters never hold key material)."""
        return {
            "operator": self.name,
            "family": self.family,
            "reversible": self.reversible,
            "params": self.params.model_dump(mode="json"),
        }

    def depends_on(self) -> tuple[str, ...]:
        """Other columns this operator reads. :func:`~zjgov.security.engine.apply` runs it after the
        others and gives it the *masked* frame, and ``unmask`` runs it first on the same masked
        values, so both directions see identical inputs (a date shift keyed by an ID column that is
        itself replaced by a surrogate still reverses)."""
        return ()

    def key_id(self) -> str | None:
        return getattr(self.params, "key", None) if self.keyed else None

    # -- what subclasses implement ---------------------------------------------------------
    def transform(self, column: pd.Series, ctx: Context) -> pd.Series | pa.Array | np.ndarray:
        raise NotImplementedError

    def untransform(self, column: pd.Series, ctx: Context) -> pd.Series | pa.Array | np.ndarray:
        raise NotImplementedError

    # -- helpers ---------------------------------------------------------------------------
    def _finish(self, column: pd.Series, out: Any) -> pd.Series:
        n = len(column)
        if isinstance(out, pd.Series):
            values = out.array if len(out) == n else out
        elif isinstance(out, (pa.Array, pa.ChunkedArray)):
            values = (
                pd.array(out, dtype="str")
                if pa.types.is_string(out.type) or pa.types.is_large_string(out.type)
                else out.to_pandas()
            )
        else:
            values = out
        if len(values) != n:
            raise OperatorError("security.op.rows", name=self.name, got=len(values), want=n)
        result = pd.Series(values, index=column.index, name=column.name, copy=False)
        nulls = column.isna().to_numpy()
        if nulls.any():
            still = result.isna().to_numpy()
            if not still[nulls].all():
                result = result.copy()
                result[nulls] = None
        return result

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.params.model_dump().items())
        return f"<{type(self).__name__} {self.name!r} {fields}>"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.params == self.params  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.params))


_REGISTRY: dict[str, type[Operator]] = {}


def register(cls: type[Operator] | None = None, *, replace: bool = False) -> Any:
    """Register an operator class under ``cls.name`` (usable as a decorator).

    >>> class Upper(Operator):
    ...     name = "example:upper"
    ...     def transform(self, column, ctx):
    ...         return column.astype("str").str.upper()
    >>> _ = register(Upper)
    >>> resolve("example:upper").apply(pd.Series(["ab"])).tolist()
    ['AB']
    >>> unregister("example:upper")
    """

    def add(c: type[Operator]) -> type[Operator]:
        if not c.name:
            raise ValueError("an operator needs a name")
        if c.name in _REGISTRY and _REGISTRY[c.name] is not c and not replace:
            raise ConfigError(*_pair("security.op.duplicate", name=c.name))
        _REGISTRY[c.name] = c
        return c

    return add if cls is None else add(cls)


def unregister(name: str) -> None:
    """Remove a user-registered operator."""
    _REGISTRY.pop(name, None)


_BUILTIN = ("masks", "generalise", "hierarchy", "pseudonyms", "tokens", "surrogates", "randomise")


def _load_builtin() -> None:
    import importlib

    for module in _BUILTIN:
        importlib.import_module(f"zjgov.security.{module}")


def names() -> list[str]:
    """Every registered operator name, sorted."""
    _load_builtin()
    return sorted(_REGISTRY)


def get(name: str) -> type[Operator]:
    """The operator class registered as ``name``."""
    _load_builtin()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ConfigError(*_pair("security.op.unknown", name=name, known=", ".join(sorted(_REGISTRY)))) from None


def split_treatment(treatment: str) -> tuple[type[Operator], list[str]]:
    """The operator class of a treatment string and its positional arguments.

    The longest registered name made of whole ``:`` parts wins: ``generalise:date:year`` is
    ``generalise:date`` with ``["year"]``.
    """
    _load_builtin()
    parts = treatment.strip().split(":")
    for cut in range(len(parts), 0, -1):
        name = ":".join(parts[:cut])
        if name in _REGISTRY:
            return _REGISTRY[name], parts[cut:]
    return get(treatment), []  # raises the "unknown" error


def resolve(treatment: str, params: Mapping[str, Any] | None = None, /, **kwargs: Any) -> Operator:
    """Build the operator a treatment string names, with extra parameters."""
    cls, args = split_treatment(treatment)
    if args and not cls.positional:
        get(treatment)  # "mask:nope" is an unknown operator, not "mask" with a parameter
    if len(args) > len(cls.positional):
        raise ConfigError(
            *_pair(
                "security.op.positional",
                name=cls.name,
                n=len(cls.positional),
                fields=", ".join(cls.positional) or "-",
                given=len(args),
            )
        )
    data = dict(zip(cls.positional, args))
    data.update(params or {})
    data.update(kwargs)
    return cls(data)


def _pair(key: str, **fields: Any) -> tuple[str, str]:
    return i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields)


def bad_values(op: Operator, ctx: Context, bad: np.ndarray, index: pd.Index, why: tuple[str, str]) -> OperatorError:
    """The error for rows an operator cannot treat: how many, and the first row (never a value)."""
    rows = np.flatnonzero(bad)
    return OperatorError(
        "security.op.bad_values",
        column=ctx.column or "",
        count=len(rows),
        name=op.name,
        why=why,
        row=_row_label(index, rows[0]),
    )


def _row_label(index: pd.Index, i: int) -> Any:
    label = index[i]
    return label + 1 if isinstance(label, (int, np.integer)) else label
