"""Strategies for GB/T 4658 education codes."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.codes import education
from zjgov.testing.strategies import _table
from zjgov.testing.strategies._base import NearMiss, pick

__all__ = ["education_codes", "education_names", "education_near_misses"]


def education_codes() -> st.SearchStrategy[str]:
    """Valid codes."""
    return _table.codes(education)


def education_names(*, variants: bool = True) -> st.SearchStrategy[str]:
    """Names that ``education.code`` translates (with the accepted variants unless ``variants=False``)."""
    return _table.names(education, variants=variants)


def education_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Codes one mistake away from valid, labelled with the reason ``validate`` must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    return _table.near_miss_branches(education, **options)


VALID = education_codes
NEAR_MISSES = education_near_misses
NEAR_MISS_BRANCHES = _branches
