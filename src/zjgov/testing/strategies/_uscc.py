"""Strategies for GB 32100 unified social credit codes."""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from zjgov.codes import org_code, uscc
from zjgov.core.data import table as reference_table
from zjgov.testing.strategies._base import NearMiss, pick, replace_char, require

__all__ = ["uscc_near_misses", "usccs"]

_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # org-code bodies drawn from the USCC alphabet


@functools.cache
def _prefixes(authority: str) -> tuple[str, ...]:
    return tuple(p for p in reference_table("gb32100_org_types").prefix if p.startswith(authority))


@functools.cache
def _regions(prefix: str) -> tuple[str, ...]:
    return tuple(c for c in reference_table("gb2260_divisions").code if c.startswith(prefix))


def usccs(*, authority: str = "", region: str = "") -> st.SearchStrategy[str]:
    """Valid unified social credit codes.

    ``authority`` is the first character (``"9"`` for market regulation) or the first two
    (``"91"`` enterprises); ``region`` a prefix of a current division code (``"33"``).
    """
    prefixes = _prefixes(authority)
    require(
        bool(prefixes),
        f"没有以 {authority!r} 开头的登记管理部门/机构类别代码",
        f"no authority/type prefix starts with {authority!r}",
    )
    regions = _regions(region)
    require(
        bool(regions), f"没有以 {region!r} 开头的现行行政区划代码", f"no current division code starts with {region!r}"
    )

    @st.composite
    def build(draw) -> str:
        head = draw(st.sampled_from(prefixes)) + draw(st.sampled_from(regions))
        body8 = draw(st.text(_BODY, min_size=8, max_size=8))
        value17 = head + body8 + org_code.check_char(body8)  # 0-9 or X: all in the USCC alphabet
        return value17 + uscc.check_char(value17)

    return build()


def uscc_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Valid codes with one deliberate mistake, labelled with the reason it must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    base = usccs(**options)

    def rechecked(body17: str, reason: str) -> NearMiss:
        return NearMiss(body17 + uscc.check_char(body17), reason)

    return {
        "check_char": base.map(
            lambda v: NearMiss(v[:17] + ("0" if uscc.check_char(v[:17]) != "0" else "1"), "checksum")
        ),
        "letter_outside_alphabet": st.tuples(base, st.integers(0, 17), st.sampled_from("IOSVZ")).map(
            lambda t: NearMiss(replace_char(t[0], t[1], t[2]), "format")
        ),
        "unknown_authority": base.map(lambda v: rechecked("B" + v[1:17], "component:authority")),
        "unknown_org_type": base.map(lambda v: rechecked("94" + v[2:17], "component:org_type")),
        "unknown_region": base.map(lambda v: rechecked(v[:2] + "999999" + v[8:17], "component:region")),
        "one_short": base.map(lambda v: NearMiss(v[:-1], "length")),
    }


VALID = usccs
NEAR_MISSES = uscc_near_misses
NEAR_MISS_BRANCHES = _branches
