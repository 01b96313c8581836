"""Strategies for GB/T 4761 family relationship codes."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.codes import family_relationship
from zjgov.testing.strategies import _table
from zjgov.testing.strategies._base import NearMiss, pick

__all__ = ["family_relationship_codes", "family_relationship_names", "family_relationship_near_misses"]


def family_relationship_codes() -> st.SearchStrategy[str]:
    """Valid codes."""
    return _table.codes(family_relationship)


def family_relationship_names(*, variants: bool = True) -> st.SearchStrategy[str]:
    """Names that ``family_relationship.code`` translates (with the accepted variants unless ``variants=False``)."""
    return _table.names(family_relationship, variants=variants)


def family_relationship_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Codes one mistake away from valid, labelled with the reason ``validate`` must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    return _table.near_miss_branches(family_relationship, **options)


VALID = family_relationship_codes
NEAR_MISSES = family_relationship_near_misses
NEAR_MISS_BRANCHES = _branches
