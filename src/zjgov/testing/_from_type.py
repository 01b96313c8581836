"""``st.from_type`` and ``st.builds`` for zjgov types (not public API; done by importing zjgov.testing).

Hypothesis cannot register a strategy for an ``Annotated`` type (``register_type_strategy``
refuses generic aliases), and a zjgov type is ``Annotated[str, Code(...)]`` so that type checkers
see ``str``. Hypothesis resolves the types of third-party modules through a lookup of resolvers
by module (it is how ``numpy`` dtypes are found), consulted before ``Annotated`` is unwrapped:
zjgov adds one for ``zjgov.types``. Should a later hypothesis drop that lookup, a warning says
so and ``st.from_type`` falls back to plain text.
"""

from __future__ import annotations

import sys
import typing
import warnings

from hypothesis import strategies as st
from hypothesis.strategies._internal import types as _hypothesis_types


def resolve(thing: object) -> st.SearchStrategy[str] | None:
    """The strategy of valid values for ``Annotated[str, Code(name, **options)]``, else ``None``."""
    types = sys.modules.get("zjgov.types")
    if types is None or typing.get_origin(thing) is not typing.Annotated:
        return None
    found = [m for m in getattr(thing, "__metadata__", ()) if isinstance(m, types.Code)]
    if not found:
        return None
    code = found[-1]
    from zjgov.testing import strategies as zst

    strategy = getattr(zst, types.FACTS[code.name].strategy)()
    return strategy.filter(code.is_valid) if code.options else strategy


def register() -> None:
    lookup = getattr(_hypothesis_types, "_global_extra_lookup", None)
    if isinstance(lookup, dict):
        lookup["zjgov.types"] = resolve
    else:  # pragma: no cover - depends on the hypothesis version
        warnings.warn(
            "此版本的 hypothesis 无法为 zjgov 类型注册策略；st.from_type 将生成任意文本 | "
            "this hypothesis cannot resolve zjgov types; st.from_type will draw arbitrary text",
            stacklevel=2,
        )
