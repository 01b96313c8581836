"""zjgov codes as pandera checks, registered through pandera's extension API.

Importing this module registers, on ``pandera``'s ``Check``:

* ``Check.zjgov_code(code, **options)``: any code of :mod:`zjgov.codes` by name;
* ``Check.zjgov_<code>(**options)`` for each code (``zjgov_citizen_id``, ``zjgov_uscc`` …),
  whose keyword arguments are that code's options (``strictness=``, ``as_of=`` …).

Both run the code's vectorised ``check()`` over the whole column (no per-value Python loop),
validate their options when the check is built, carry the options as pandera statistics (so
schemas serialise) and, with hypothesis installed, generate valid values for
``schema.example()``. Nulls follow pandera's ``ignore_na`` / ``nullable`` rules.

>>> import pandas as pd
>>> import pandera.pandas as pa
>>> import zjgov.quality.pandera  # registers the checks
>>> schema = pa.DataFrameSchema({"sfzh": pa.Column(str, pa.Check.zjgov_citizen_id(strictness="checksum"))})
>>> schema.validate(pd.DataFrame({"sfzh": ["11010519491231002X"]})).shape
(1, 1)
>>> pa.Check.zjgov_code("uscc").name
'zjgov_code'
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pandas as pd

from zjgov import codes, i18n
from zjgov.errors import ConfigError

try:
    import pandera.pandas as _pa
    from pandera.extensions import register_check_method
except ImportError as exc:  # pragma: no cover - exercised only without pandera
    raise ImportError('zjgov.quality.pandera needs pandera: pip install "zjgov[pandera]" / 需要安装 pandera') from exc

PREFIX = "zjgov_"
#: Keyword arguments that belong to pandera's ``Check`` rather than to the code.
CHECK_KWARGS = frozenset(inspect.signature(_pa.Check.__init__).parameters) - {"self", "check_fn", "check_kwargs"}

i18n.add(
    {
        "quality.pandera.error": ("{title}不合规", "invalid {title}"),
        "quality.pandera.bad_option": (
            "{name} 没有选项 {option}（可用：{allowed}）",
            "{name} has no option {option} (available: {allowed})",
        ),
    }
)


def option_names(code: str) -> list[str]:
    """The options a code's ``check()`` accepts (``strictness``, ``as_of`` …).

    >>> option_names("citizen_id")
    ['strictness', 'allow_legacy', 'today']
    """
    module = codes.get(code)
    engine = getattr(module.check, "__self__", None)
    options = getattr(engine, "options", None)
    if options is None:
        return []
    params = inspect.signature(options).parameters.values()
    named = [p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]
    if named:
        return named
    defaults = getattr(getattr(options, "__self__", None), "defaults", None)  # code tables
    return list(defaults) if isinstance(defaults, dict) else []


def _valid(data: pd.Series | pd.DataFrame, code: str, options: dict[str, Any]) -> pd.Series | pd.DataFrame:
    module = codes.get(code)
    if isinstance(data, pd.DataFrame):
        return pd.DataFrame({c: module.check(data[c], **options).valid for c in data.columns}, index=data.index)
    return module.check(data, **options).valid


def _validate_options(code: str, options: dict[str, Any]) -> None:
    """Fail at build time on an unknown code, an unknown option or a bad option value."""
    allowed = option_names(code)
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        fields = {"name": code, "option": ", ".join(unknown), "allowed": ", ".join(allowed) or "-"}
        raise ConfigError(
            i18n.text("quality.pandera.bad_option", "zh", **fields),
            i18n.text("quality.pandera.bad_option", "en", **fields),
            field=unknown[0],
        )
    codes.get(code).check(pd.Series([], dtype=object), **options)  # the code checks the values


def _error(check_name: str, code: str, options: dict[str, Any]) -> str:
    """``zjgov_citizen_id(strictness=birth_year): 公民身份号码不合规 / invalid citizen ID number``."""
    title = codes.get(code).TITLE
    shown = ", ".join(f"{k}={v}" for k, v in options.items())
    if check_name == "zjgov_code":
        shown = f"{code}, {shown}" if shown else code
    zh = i18n.text("quality.pandera.error", "zh", title=title[0])
    head = f"{check_name}({shown})" if shown else check_name
    return f"{head}: {zh} / {i18n.text('quality.pandera.error', 'en', title=title[1])}"


def _split(code: str, kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The code's options and pandera's ``Check`` arguments; a code option wins a name both use,
    anything else is taken as a code option (and rejected by :func:`_validate_options` if unknown)."""
    own = set(option_names(code))
    check = {k: v for k, v in kwargs.items() if k in CHECK_KWARGS and k not in own}
    return {k: v for k, v in kwargs.items() if k not in check}, check


def _strategy(code: str | None) -> Callable[..., Any]:
    """A pandera data-generation strategy: valid values of the code (needs hypothesis)."""

    def strategy(pandera_dtype, strategy=None, **stats):
        from zjgov.testing.strategies import valid_values

        if code is None:  # the generic check carries the code and its options as statistics
            name, options = stats["code"], _given(dict(stats.get("options") or {}))
        else:
            name, options = code, _given(stats)
        module = codes.get(name)
        base = valid_values(name) if strategy is None else strategy
        # valid under the code's defaults is not always valid under stricter options: filter
        return base.filter(lambda value: module.is_valid(value, **options))

    return strategy


def _given(options: dict[str, Any]) -> dict[str, Any]:
    """Options actually set: pandera fills unset statistics with ``None``, which means the code's default."""
    return {k: v for k, v in options.items() if v is not None}


# -- the generic check ------------------------------------------------------------------------
def zjgov_code(data, *, code: str, options: dict[str, Any] | None = None):
    """Valid under the zjgov code ``code`` (``options`` as for that code's ``check``)."""
    return _valid(data, code, _given(dict(options or {})))


def _build_generic(method: Callable[..., Any]) -> Callable[..., Any]:
    def build(code: str, /, options: dict[str, Any] | None = None, **kwargs: Any):
        opts, check_kwargs = _split(code, kwargs)
        opts = _given({**(options or {}), **opts})
        _validate_options(code, opts)
        check_kwargs.setdefault("error", _error("zjgov_code", code, opts))
        return method(code=code, options=opts, **check_kwargs)

    build.__doc__ = zjgov_code.__doc__
    return build


# -- one check per code -----------------------------------------------------------------------
def _per_code_function(code: str) -> Callable[..., Any]:
    names = option_names(code)

    def check_fn(data, **options):
        return _valid(data, code, _given(options))

    params = [inspect.Parameter("data", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    params += [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=None) for n in names]
    check_fn.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    check_fn.__name__ = check_fn.__qualname__ = PREFIX + code
    check_fn.__doc__ = f"Valid {codes.get(code).TITLE[1]} ({codes.get(code).TITLE[0]}) under zjgov.codes.{code}."
    return check_fn


def _build_per_code(code: str, method: Callable[..., Any]) -> Callable[..., Any]:
    def build(**kwargs: Any):
        opts, check_kwargs = _split(code, kwargs)
        opts = _given(opts)
        _validate_options(code, opts)
        check_kwargs.setdefault("error", _error(PREFIX + code, code, opts))
        return method(**opts, **check_kwargs)

    build.__doc__ = f"pandera check: valid {codes.get(code).TITLE[1]}; options {', '.join(option_names(code)) or '-'}."
    return build


def register() -> list[str]:
    """Register the checks (idempotent) and return their names."""
    registry = _pa.Check.REGISTERED_CUSTOM_CHECKS
    names = []
    if "zjgov_code" not in registry:
        register_check_method(
            zjgov_code, statistics=["code", "options"], strategy=_strategy(None), check_type="vectorized"
        )
        registry["zjgov_code"] = _build_generic(registry["zjgov_code"])
    names.append("zjgov_code")
    for code in codes.names():
        name = PREFIX + code
        if name not in registry:
            fn = _per_code_function(code)
            register_check_method(fn, statistics=option_names(code), strategy=_strategy(code), check_type="vectorized")
            registry[name] = _build_per_code(code, registry[name])
        names.append(name)
    return names


CHECKS = register()
