"""Strategies for GB/T 3304 ethnic group codes."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.codes import ethnicity
from zjgov.testing.strategies import _table
from zjgov.testing.strategies._base import NearMiss, pick

__all__ = ["ethnicity_codes", "ethnicity_names", "ethnicity_near_misses"]


def ethnicity_codes(*, extended: bool = False) -> st.SearchStrategy[str]:
    """Valid codes. ``extended=True`` adds 97 and 98."""
    return _table.codes(ethnicity, extended=extended)


def ethnicity_names(*, extended: bool = False, variants: bool = True) -> st.SearchStrategy[str]:
    """Names that ``ethnicity.code`` translates (with the accepted variants unless ``variants=False``)."""
    return _table.names(ethnicity, extended=extended, variants=variants)


def ethnicity_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Codes one mistake away from valid, labelled with the reason ``validate`` must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    return _table.near_miss_branches(ethnicity, **options)


VALID = ethnicity_codes
NEAR_MISSES = ethnicity_near_misses
NEAR_MISS_BRANCHES = _branches
