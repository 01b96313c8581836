"""Strategies for mainland mobile numbers."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.codes import mobile
from zjgov.testing.strategies._base import NearMiss, pick, replace_char, require

__all__ = ["mobile_near_misses", "mobiles"]

_UNALLOCATED = ("120", "140", "144", "154", "160", "179", "194")


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=n, max_size=n)


def _decorate(number: str, style: int) -> str:
    head = len(number) - 8
    spaced = f"{number[:head]} {number[head : head + 4]} {number[head + 4 :]}"
    return (number, spaced, "+86 " + spaced, "0086-" + number, "86" + number, f"(+86){number}")[style]


def mobiles(
    *, carrier: str | None = None, kind: str | None = None, iot: bool = False, decorated: bool = False
) -> st.SearchStrategy[str]:
    """Valid mobile numbers from allocated prefixes.

    ``carrier`` is a key of ``mobile.CARRIERS`` (``"mobile"``, ``"unicom"``, ``"telecom"``,
    ``"broadnet"``, ``"mvno"``), ``kind`` one of voice/data/satellite/emergency; ``iot=True``
    gives 13-digit IoT numbers (valid with ``mobile.validate(..., iot=True)``);
    ``decorated=True`` adds country prefixes and separators (``+86 138 0013 8000``).
    """
    require(carrier is None or carrier in mobile.CARRIERS, f"未知运营商 {carrier!r}", f"unknown carrier {carrier!r}")
    if iot:
        require(kind in (None, "iot"), "iot=True 只生成物联网号码", "iot=True gives IoT numbers only")
        table = {p: c for p, c in mobile.IOT_PREFIXES.items() if carrier in (None, c)}
        length = 13
    else:
        table = {p: e[0] for p, e in mobile.PREFIXES.items() if carrier in (None, e[0]) and kind in (None, e[1])}
        length = 11
    require(bool(table), "没有号段符合该运营商和类别", "no prefix has this carrier and kind")
    prefixes = sorted(table)
    build = st.tuples(st.sampled_from(prefixes), _digits(length)).map(lambda t: t[0] + t[1][len(t[0]) :])
    if decorated:
        return st.tuples(build, st.integers(0, 5)).map(lambda t: _decorate(*t))
    return build


def mobile_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Valid numbers with one deliberate mistake, labelled with the reason it must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    base = mobiles(**{k: v for k, v in options.items() if k != "iot"})
    return {
        "one_short": base.map(lambda v: NearMiss(v[:-1], "length")),
        "one_long": base.map(lambda v: NearMiss(v + "0", "length")),
        "bad_character": st.tuples(base, st.integers(0, 10), st.sampled_from("AX*")).map(
            lambda t: NearMiss(replace_char(t[0], t[1], t[2]), "format")
        ),
        "unallocated_prefix": st.tuples(st.sampled_from(_UNALLOCATED), _digits(8)).map(
            lambda t: NearMiss(t[0] + t[1], "component:prefix")
        ),
        "iot_number": mobiles(iot=True).map(lambda v: NearMiss(v, "component:iot")),
    }


VALID = mobiles
NEAR_MISSES = mobile_near_misses
NEAR_MISS_BRANCHES = _branches
