"""Strategies for vehicle identification numbers (GB 16735 / ISO 3779)."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.codes import vin
from zjgov.testing.strategies._base import NearMiss, pick, replace_char, require

__all__ = ["vin_near_misses", "vins"]


def vins(*, wmi: str = "", year_code: str | None = None) -> st.SearchStrategy[str]:
    """Valid VINs with their check character; ``wmi`` fixes the first characters (``"LSV"``)."""
    require(
        len(wmi) <= 3 and all(c in vin.ALPHABET for c in wmi),
        "wmi 应为至多 3 个 VIN 字符",
        "wmi must be up to 3 VIN characters",
    )
    require(
        year_code is None or (len(year_code) == 1 and year_code in vin.YEAR_CODES), "未知年份代码", "unknown year code"
    )
    chars = st.text(vin.ALPHABET, min_size=1, max_size=1)

    @st.composite
    def build(draw) -> str:
        head = wmi + draw(st.text(vin.ALPHABET, min_size=8 - len(wmi), max_size=8 - len(wmi)))
        year = year_code or draw(st.sampled_from(vin.YEAR_CODES))
        tail = draw(chars) + draw(st.text("0123456789", min_size=6, max_size=6))
        body = head + "0" + year + tail
        return head + vin.check_char(body) + year + tail

    return build()


def vin_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Valid VINs with one deliberate mistake, labelled with the reason it must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    base = vins(**options)

    def rechecked(v: str) -> str:
        return v[:8] + vin.check_char(v) + v[9:]

    return {
        "check_char": base.map(lambda v: NearMiss(replace_char(v, 8, "1" if v[8] != "1" else "2"), "checksum")),
        "letter_i_o_q": st.tuples(base, st.integers(0, 16), st.sampled_from("IOQ*")).map(
            lambda t: NearMiss(replace_char(t[0], t[1], t[2]), "format")
        ),
        "model_year": st.tuples(base, st.sampled_from("0UZ")).map(
            lambda t: NearMiss(rechecked(replace_char(t[0], 9, t[1])), "component:model_year")
        ),
        "one_short": base.map(lambda v: NearMiss(v[:16], "length")),
    }


VALID = vins
NEAR_MISSES = vin_near_misses
NEAR_MISS_BRANCHES = _branches
