"""Strategies for postal codes."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.codes import postcode
from zjgov.testing.strategies._base import NearMiss, pick, replace_char, require

__all__ = ["postcode_near_misses", "postcodes"]


def postcodes(*, province: str | None = None, zone: str | None = None) -> st.SearchStrategy[str]:
    """Valid postcodes in a known postal zone (``zone="31"`` or ``province="浙江省"``)."""
    zones = sorted(z for z, p in postcode.ZONES.items() if province in (None, p) and zone in (None, z))
    require(bool(zones), "没有匹配的邮区", "no postal zone matches")
    return st.tuples(st.sampled_from(zones), st.text("0123456789", min_size=4, max_size=4)).map("".join)


def postcode_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Valid codes with one deliberate mistake, labelled with the reason it must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    base = postcodes(**options)
    return {
        "one_short": base.map(lambda v: NearMiss(v[:5], "length")),
        "one_long": base.map(lambda v: NearMiss(v + "0", "length")),
        "bad_character": st.tuples(base, st.integers(0, 5), st.sampled_from("AO*")).map(
            lambda t: NearMiss(replace_char(t[0], t[1], t[2]), "format")
        ),
    }


VALID = postcodes
NEAR_MISSES = postcode_near_misses
NEAR_MISS_BRANCHES = _branches
