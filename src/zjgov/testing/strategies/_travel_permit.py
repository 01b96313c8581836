"""Strategies for travel permit numbers (HK/Macau/Taiwan residents', mainland residents')."""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import strategies as st

from zjgov.codes import travel_permit
from zjgov.codes.passport import LETTERS
from zjgov.testing.strategies._base import NearMiss, pick, replace_char, require

__all__ = ["travel_permit_near_misses", "travel_permits"]

_D = "0123456789"


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(_D, min_size=n, max_size=n)


def _forms(kind: str) -> st.SearchStrategy[str]:
    letter = st.sampled_from(LETTERS)
    hm = st.sampled_from("HM")
    forms = {
        "hk_macau_resident": st.one_of(
            st.tuples(hm, _digits(8)),
            st.tuples(hm, _digits(8), st.integers(0, 99).map("{:02d}".format)),
            st.tuples(hm, letter, _digits(6)),
            st.tuples(hm, letter, _digits(7)),
        ),
        "taiwan_resident": st.one_of(st.tuples(_digits(8)), st.tuples(_digits(10))),
        "to_hk_macau": st.one_of(
            st.tuples(st.just("C"), _digits(8)),
            st.tuples(st.just("C"), letter, _digits(7)),
            st.tuples(st.just("W"), _digits(8)),
        ),
        "to_taiwan": st.tuples(st.just("L"), _digits(8)),
    }
    return forms[kind].map("".join)


def travel_permits(*, kind: str | Iterable[str] | None = None) -> st.SearchStrategy[str]:
    """Valid permit numbers; ``kind`` is one kind or several (``travel_permit.KINDS``)."""
    kinds = list(travel_permit.KINDS if kind is None else ([kind] if isinstance(kind, str) else kind))
    require(
        bool(kinds) and all(k in travel_permit.KINDS for k in kinds),
        f"kind 应取自 {travel_permit.KINDS}",
        f"kind must be from {travel_permit.KINDS}",
    )
    return st.sampled_from(kinds).flatmap(_forms)


def travel_permit_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Numbers with one deliberate mistake, labelled with the reason ``validate`` must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    return {
        "letter_i_or_o": st.tuples(_digits(7), st.sampled_from("IO")).map(
            lambda t: NearMiss("C" + t[1] + t[0], "format")
        ),
        "unknown_series": st.tuples(st.sampled_from("ABDEFGJKNPQRSTUVXYZ"), _digits(8)).map(
            lambda t: NearMiss(t[0] + t[1], "component:series")
        ),
        "taiwan_permit_short": _digits(8).map(lambda d: NearMiss("L" + d[:7], "length")),
        "nine_digits": _digits(9).map(lambda d: NearMiss(d, "length")),
        "letter_in_digits": st.tuples(_forms("to_taiwan"), st.integers(1, 8), st.sampled_from("AX")).map(
            lambda t: NearMiss(replace_char(t[0], t[1], t[2]), "format")
        ),
    }


VALID = travel_permits
NEAR_MISSES = travel_permit_near_misses
NEAR_MISS_BRANCHES = _branches
