"""Strategies for GB/T 2261.1 sex codes."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.codes import sex
from zjgov.testing.strategies import _table
from zjgov.testing.strategies._base import NearMiss, pick

__all__ = ["sex_codes", "sex_names", "sex_near_misses"]


def sex_codes(*, allow_changed: bool = True) -> st.SearchStrategy[str]:
    """Valid codes. ``allow_changed=False`` leaves out 5 and 6."""
    return _table.codes(sex, allow_changed=allow_changed)


def sex_names(*, allow_changed: bool = True, variants: bool = True) -> st.SearchStrategy[str]:
    """Names that ``sex.code`` translates (with the accepted variants unless ``variants=False``)."""
    return _table.names(sex, allow_changed=allow_changed, variants=variants)


def sex_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Codes one mistake away from valid, labelled with the reason ``validate`` must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    return _table.near_miss_branches(sex, **options)


VALID = sex_codes
NEAR_MISSES = sex_near_misses
NEAR_MISS_BRANCHES = _branches
