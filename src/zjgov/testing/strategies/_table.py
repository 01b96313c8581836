"""Shared strategy builders for the code tables (not public API)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from hypothesis import strategies as st

from zjgov.testing.strategies._base import NearMiss, require


def codes(module: ModuleType, **options: Any) -> st.SearchStrategy[str]:
    """Codes of ``module``'s table that ``validate`` accepts with ``options``."""
    table = module._TABLE
    allowed = sorted(table.allowed(table.options(**options)))
    require(bool(allowed), "这些选项下没有可用的代码", "no code is allowed with these options")
    return st.sampled_from(allowed)


def names(module: ModuleType, *, variants: bool = True, **options: Any) -> st.SearchStrategy[str]:
    """Names (and with ``variants`` the accepted variants) that ``code`` translates."""
    table = module._TABLE
    allowed = table.allowed(table.options(**options))
    pairs = [(e.name, e.code) for e in table.entries.values()]
    if variants:
        pairs += list(table._aliases_fn().items())
    return st.sampled_from(sorted(n for n, c in pairs if c in allowed))


def near_miss_branches(module: ModuleType, **options: Any) -> dict[str, st.SearchStrategy[NearMiss]]:
    """Well-formed codes outside the table, wrong lengths and non-digits, labelled; by branch."""
    table = module._TABLE
    width = table.width
    allowed = table.allowed(table.options(**options))
    unknown = sorted(f"{i:0{width}d}" for i in range(10**width) if f"{i:0{width}d}" not in allowed)
    good = codes(module, **options)
    return {
        "not_in_table": st.sampled_from(unknown).map(lambda c: NearMiss(c, "component:code")),
        "one_long": good.map(lambda c: NearMiss(c + "0", "length")),
        "bad_character": st.tuples(good, st.integers(0, width - 1), st.sampled_from("AXZ/")).map(
            lambda t: NearMiss(t[0][: t[1]] + t[2] + t[0][t[1] + 1 :], "format")
        ),
    }
