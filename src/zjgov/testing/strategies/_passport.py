"""Strategies for PRC passport numbers."""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import strategies as st

from zjgov.codes import passport
from zjgov.codes.passport import LETTERS
from zjgov.testing.strategies._base import NearMiss, pick, replace_char, require

__all__ = ["passport_near_misses", "passports"]

#: kind -> the prefixes of that kind (the digits fill up to nine characters).
PREFIXES = {
    "ordinary": ("E", *(f"E{c}" for c in LETTERS), "G", "14", "15"),
    "diplomatic": ("DE", "D"),
    "service": ("SE", "S"),
    "public_affairs": ("PE", "P"),
    "hksar": ("K", "KJ"),
    "msar": ("MA", "MB"),
}
_NOT_SERIES = "ABCFHJLNQRTUVWXYZ"


def passports(*, kind: str | Iterable[str] | None = None) -> st.SearchStrategy[str]:
    """Valid passport numbers; ``kind`` is one kind or several (``passport.KINDS``)."""
    kinds = list(passport.KINDS if kind is None else ([kind] if isinstance(kind, str) else kind))
    require(
        bool(kinds) and all(k in passport.KINDS for k in kinds),
        f"kind 应取自 {passport.KINDS}",
        f"kind must be taken from {passport.KINDS}",
    )
    prefixes = sorted({p for k in kinds for p in PREFIXES[k]}, key=lambda p: (len(p), p))
    return st.sampled_from(prefixes).flatmap(
        lambda p: st.text("0123456789", min_size=9 - len(p), max_size=9 - len(p)).map(lambda d: p + d)
    )


def passport_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Numbers with one deliberate mistake, labelled with the reason ``validate`` must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    e_series = passports(kind="ordinary").filter(lambda v: v[0] == "E")
    digits8 = st.text("0123456789", min_size=8, max_size=8)
    return {
        "letter_i_or_o": st.tuples(e_series, st.sampled_from("IO")).map(
            lambda t: NearMiss(replace_char(t[0], 1, t[1]), "format")
        ),
        "unknown_series": st.tuples(st.sampled_from(_NOT_SERIES), digits8).map(
            lambda t: NearMiss(t[0] + t[1], "component:series")
        ),
        "unknown_macau_series": st.tuples(st.sampled_from("CZ"), st.text("0123456789", min_size=7, max_size=7)).map(
            lambda t: NearMiss("M" + t[0] + t[1], "component:series")
        ),
        "one_short": passports(**options).map(lambda v: NearMiss(v[:-1], "length")),
        "letter_at_end": st.tuples(passports(**options), st.sampled_from("AXZ")).map(
            lambda t: NearMiss(t[0][:-1] + t[1], "format")
        ),
    }


VALID = passports
NEAR_MISSES = passport_near_misses
NEAR_MISS_BRANCHES = _branches
