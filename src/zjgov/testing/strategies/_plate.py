"""Strategies for GA 36-2018 licence plates."""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import strategies as st

from zjgov.codes import plate
from zjgov.codes.passport import LETTERS
from zjgov.testing.strategies._base import NearMiss, pick, replace_char, require

__all__ = ["plate_near_misses", "plates"]

_DIGITS = "0123456789"
_ALNUM = _DIGITS + LETTERS
_NEV = ("new_energy_small", "new_energy_large")
#: CJK characters that are neither province characters nor 使 (near misses: unknown province).
_NOT_PROVINCES = "甲乙丙丁中国台港澳军临北南东西"


def _text(alphabet: str, size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=size, max_size=size)


def plates(
    *,
    kind: str | Iterable[str] | None = None,
    new_energy: bool | None = None,
    province: str | None = None,
    extended_letters: bool = False,
) -> st.SearchStrategy[str]:
    """Valid plates in compact form.

    ``kind`` is one kind or several (``plate.KINDS``); ``new_energy=True`` gives only new-energy
    plates, ``False`` none; ``province`` is a plate province character (``"浙"``), which leaves
    out embassy plates (and cross-border plates unless it is ``"粤"``); ``extended_letters=True``
    also draws the extra energy letters A, B, C, E, G, H, J, K.
    """
    kinds = list(plate.KINDS if kind is None else ([kind] if isinstance(kind, str) else kind))
    require(
        all(k in plate.KINDS for k in kinds), f"kind 应取自 {plate.KINDS}", f"kind must be taken from {plate.KINDS}"
    )
    if new_energy is not None:
        kinds = [k for k in kinds if (k in _NEV) == new_energy]
    provinces = sorted(plate.provinces())
    if province is not None:
        require(
            province in provinces, f"{province!r} 不是号牌省份简称", f"{province!r} is not a plate province character"
        )
        provinces = [province]
        kinds = [k for k in kinds if k != "embassy" and (k != "hk_macau" or province == "粤")]
    require(bool(kinds), "这些选项下没有可用的号牌种类", "no kind of plate is left with these options")
    energy = "".join(plate.EXTENDED_ENERGY_LETTERS if extended_letters else plate.ENERGY_LETTERS)
    head = st.tuples(st.sampled_from(provinces), st.sampled_from(LETTERS)).map("".join)
    suffix = {"trailer": "挂", "coach": "学", "police": "警"}
    build = {
        "ordinary": st.tuples(head, _text(_ALNUM, 5)),
        "new_energy_small": st.tuples(head, st.sampled_from(energy), _text(_ALNUM, 1), _text(_DIGITS, 4)),
        "new_energy_large": st.tuples(head, _text(_DIGITS, 5), st.sampled_from(energy)),
        "hk_macau": st.tuples(st.just("粤Z"), _text(_ALNUM, 4), st.sampled_from("港澳")),
        "consulate": st.tuples(head, _text(_DIGITS, 4), st.just("领")),
        "embassy": st.tuples(st.just("使"), _text(_DIGITS, 6)),  # validate's form; 224001使 is tested apart
    }
    build.update({k: st.tuples(head, _text(_ALNUM, 4), st.just(c)) for k, c in suffix.items()})
    return st.sampled_from(kinds).flatmap(lambda k: build[k]).map("".join)


def plate_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Plates with one deliberate mistake, labelled with the reason ``validate`` must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    province = options.get("province")
    ordinary = plates(kind="ordinary", province=province)
    small = plates(kind="new_energy_small", province=province)
    not_energy = "".join(c for c in LETTERS if c not in plate.EXTENDED_ENERGY_LETTERS)
    return {
        "letter_i_or_o": st.tuples(ordinary, st.integers(1, 6), st.sampled_from("IO")).map(
            lambda t: NearMiss(replace_char(t[0], t[1], t[2]), "format")
        ),
        "unknown_province": st.tuples(ordinary, st.sampled_from(_NOT_PROVINCES)).map(
            lambda t: NearMiss(t[1] + t[0][1:], "component:province")
        ),
        "one_short": ordinary.map(lambda v: NearMiss(v[:-1], "length")),
        "one_long": small.map(lambda v: NearMiss(v + "1", "length")),
        "not_an_energy_letter": st.tuples(small, st.sampled_from(not_energy)).map(
            lambda t: NearMiss(replace_char(t[0], 2, t[1]), "component:energy")
        ),
        "hk_macau_suffix_elsewhere": st.tuples(ordinary, st.sampled_from("港澳")).map(
            lambda t: NearMiss(t[0][:6] + t[1] if t[0][:2] != "粤Z" else "浙A" + t[0][2:6] + t[1], "component:suffix")
        ),
    }


VALID = plates
NEAR_MISSES = plate_near_misses
NEAR_MISS_BRANCHES = _branches
