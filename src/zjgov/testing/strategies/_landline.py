"""Strategies for fixed-line numbers."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.codes import landline
from zjgov.testing.strategies._base import NearMiss, pick, replace_char, require

__all__ = ["landline_near_misses", "landlines"]


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=n, max_size=n)


def _decorate(area: str, local: str, ext: str, style: int) -> str:
    grouped = f"{local[:-4]} {local[-4:]}"
    if style == 0:
        main = f"{area}-{grouped}"
    elif style == 1:
        main = f"({area}){local}"
    else:
        main = f"+86 {area[1:]} {grouped}"
    if ext:
        main += ("-", " 转 ", "#", " ext. ")[style % 4] + ext if style else "-" + ext
    return main


def landlines(
    *, area_code: str | None = None, extension: bool | None = None, decorated: bool = False
) -> st.SearchStrategy[str]:
    """Valid fixed-line numbers with an area code.

    ``area_code`` fixes it (``"0571"``), otherwise a known code or any well-formed one is
    drawn; ``extension`` forces (``True``) or forbids (``False``) an extension;
    ``decorated=True`` writes them as people do (``0571-8888 8888``, ``(0571)88888888``,
    ``+86 571 8888 8888``, ``转 123``) instead of the compact form.
    """
    known = sorted(landline.AREA_CODES)
    if area_code is not None:
        require(
            landline.is_valid(area_code + "88888888"),
            f"{area_code!r} 不是格式正确的长途区号",
            f"{area_code!r} is not a well-formed area code",
        )
        areas: st.SearchStrategy[str] = st.just(area_code)
    else:
        shaped = st.one_of(
            st.just("010"),
            _digits(1).map(lambda d: "02" + d),
            st.tuples(st.sampled_from("3456789"), _digits(2)).map(lambda t: "0" + t[0] + t[1]),
        )
        areas = st.one_of(st.sampled_from(known), shaped)
    exts = {None: st.one_of(st.just(""), st.integers(1, 6).flatmap(_digits)), True: st.integers(1, 6).flatmap(_digits)}
    ext_s = exts.get(extension, st.just(""))

    @st.composite
    def build(draw) -> str:
        area = draw(areas)
        local = draw(st.sampled_from("23456789")) + draw(st.integers(6, 7).flatmap(_digits))
        ext = draw(ext_s)
        if decorated:
            return _decorate(area, local, ext, draw(st.integers(0, 2)))
        return area + local + (f"-{ext}" if ext else "")

    return build()


def landline_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Valid numbers with one deliberate mistake, labelled with the reason it must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    base = landlines(extension=False)
    local_at = st.tuples(base, st.sampled_from("01"))

    def bad_local(t) -> NearMiss:
        v, d = t
        a = 3 if v[1] in "12" else 4
        return NearMiss(replace_char(v, a, d), "component:local")

    # "00" + "86…" would be the international prefix 0086 (then a length error): the digit after
    # the local number's leading 8 is never 6
    unassigned_area = st.tuples(
        st.sampled_from(["00", "011", "019", "015"]), st.sampled_from("012345789"), _digits(6)
    ).map(lambda t: NearMiss(t[0] + "8" + t[1] + t[2], "component:area_code"))
    return {
        "local_starts_0_or_1": local_at.map(bad_local),
        "unassigned_area_code": unassigned_area,
        "no_area_code": _digits(7).map(lambda d: NearMiss("8" + d, "component:area_code")),
        "two_short": base.map(lambda v: NearMiss(v[:-2], "length")),
        "extension_of_7": st.tuples(st.just("010"), _digits(6), _digits(7)).map(
            lambda t: NearMiss(f"{t[0]}8{t[1]}转{t[2]}", "component:extension")
        ),
        "bad_character": st.tuples(base, st.integers(4, 9), st.sampled_from("A*/")).map(
            lambda t: NearMiss(replace_char(t[0], t[1], t[2]), "format")
        ),
    }


VALID = landlines
NEAR_MISSES = landline_near_misses
NEAR_MISS_BRANCHES = _branches
