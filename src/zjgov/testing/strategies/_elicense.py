"""Strategies for GB/T 36904 electronic licence identifiers."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.codes import elicense
from zjgov.testing.strategies._base import NearMiss, pick, replace_char, require
from zjgov.testing.strategies._uscc import usccs

__all__ = ["elicense_near_misses", "elicenses"]

#: Licence-type definers seen in the verified identifiers (住房和城乡建设部 and another ministry).
DEFINERS = ("11100000000013338W", "11100000MB03271699")


def elicenses(
    *, issuer_kind: str | None = None, definer: str | None = None, max_serial: int = 24
) -> st.SearchStrategy[str]:
    """Valid identifiers with a correct MOD 37,36 check character.

    ``issuer_kind`` is ``"uscc"`` (18-character issuer) or ``"division"`` (6 digits);
    ``definer`` fixes the defining body's USCC; serials have up to ``max_serial`` characters.
    """
    require(
        issuer_kind in (None, "uscc", "division"),
        "issuer_kind 应为 'uscc' 或 'division'",
        "issuer_kind must be 'uscc' or 'division'",
    )
    require(
        definer is None or len(definer) == 18,
        "definer 应为 18 位统一社会信用代码",
        "definer must be an 18-character USCC",
    )
    require(
        1 <= max_serial <= elicense.MAX_SERIAL,
        f"max_serial 应在 1 到 {elicense.MAX_SERIAL} 之间",
        f"max_serial must be 1 to {elicense.MAX_SERIAL}",
    )
    digits = "0123456789"
    uscc_issuer = usccs()
    division_issuer = st.text(digits, min_size=6, max_size=6)
    issuers = {"uscc": uscc_issuer, "division": division_issuer, None: st.one_of(uscc_issuer, division_issuer)}

    @st.composite
    def build(draw) -> str:
        type_code = (definer or draw(st.one_of(st.sampled_from(DEFINERS), usccs()))) + draw(
            st.text(digits, min_size=3, max_size=3)
        )
        issuer = draw(issuers[issuer_kind])
        serial = draw(st.text(elicense.ALPHABET, min_size=1, max_size=max_serial))
        version = draw(st.text(digits, min_size=3, max_size=3))
        check = elicense.check_char(type_code + issuer + serial + version)
        return ".".join((elicense.ROOT, type_code, issuer, serial, version, check))

    return build()


def elicense_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Valid identifiers with one deliberate mistake, labelled with the reason it must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    base = elicenses(**options)

    def rebuilt(v: str, part: int, new: str, reason: str) -> NearMiss:
        parts = v.split(".")
        parts[part] = new
        parts[-1] = elicense.check_char("".join(parts[5:9]))
        return NearMiss(".".join(parts), reason)

    def wrong_check(v: str) -> NearMiss:
        good = v[-1]
        return NearMiss(v[:-1] + ("0" if good != "0" else "1"), "checksum")

    return {
        "check_char": base.map(wrong_check),
        "root": base.map(lambda v: NearMiss(v.replace("3005", "3006", 1), "component:root")),
        "short_type_code": base.map(lambda v: rebuilt(v, 5, v.split(".")[5][:20], "component:type_code")),
        "issuer_of_7": base.map(lambda v: rebuilt(v, 6, "1234567", "component:issuer")),
        "version_of_2": base.map(lambda v: rebuilt(v, 8, "01", "component:version")),
        "no_check_char": base.map(lambda v: NearMiss(v[:-2], "format")),
        "star_in_version": base.map(lambda v: NearMiss(replace_char(v, len(v) - 5, "*"), "format")),
        "truncated": base.map(lambda v: NearMiss(v[:20], "length")),
    }


VALID = elicenses
NEAR_MISSES = elicense_near_misses
NEAR_MISS_BRANCHES = _branches
