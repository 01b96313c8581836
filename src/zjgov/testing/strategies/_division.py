"""Strategies for GB/T 2260 division codes."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.core.data import table as reference_table
from zjgov.testing.strategies._base import NearMiss, pick

__all__ = ["division_near_misses", "divisions"]


def divisions(*, current: bool = True, level: str | None = None) -> st.SearchStrategy[str]:
    """Division codes: current ones by default, or every code of any edition."""
    table = reference_table("gb2260_divisions" if current else "gb2260_history")
    codes = sorted(set(table.code if level is None else table.code[table.code.map(_level) == level]))
    return st.sampled_from(codes)


def _level(code: str) -> str:
    return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"


def division_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Unknown codes, wrong lengths and letters, labelled with their reason (``branch`` picks one
    kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    known = set(reference_table("gb2260_history").code) | set(reference_table("gb2260_divisions").code)
    unknown = st.integers(0, 999_999).map(lambda i: f"{i:06d}").filter(lambda c: c not in known)
    base = divisions(**options)
    return {
        "unknown": unknown.map(lambda c: NearMiss(c, "component:region")),
        "five_digits": base.map(lambda c: NearMiss(c[:5], "length")),
        "letter": base.map(lambda c: NearMiss(c[:5] + "A", "format")),
    }


VALID = divisions
NEAR_MISSES = division_near_misses
NEAR_MISS_BRANCHES = _branches
