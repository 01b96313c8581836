"""Strategies for GB 11714 organisation codes."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.codes import org_code
from zjgov.testing.strategies._base import NearMiss, pick

__all__ = ["org_code_near_misses", "org_codes"]


def org_codes(*, hyphen: bool = False) -> st.SearchStrategy[str]:
    """Valid organisation codes (``XXXXXXXX-X`` when ``hyphen``); never the reserved PDY range."""
    body = st.text(org_code.ALPHABET, min_size=8, max_size=8).filter(lambda b: not b.startswith("PDY"))
    return body.map(lambda b: b + ("-" if hyphen else "") + org_code.check_char(b))


def org_code_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Valid codes with one deliberate mistake, labelled with the reason it must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    base = org_codes()
    return {
        "check_char": base.map(lambda v: NearMiss(v[:8] + ("0" if v[8] != "0" else "1"), "checksum")),
        "star": base.map(lambda v: NearMiss(v[:7] + "*" + v[8:], "format")),
        "no_check_char": base.map(lambda v: NearMiss(v[:8], "length")),
        "reserved_pdy": st.integers(1, 99999)
        .map(lambda i: f"PDY{i:05d}")
        .map(lambda b: NearMiss(b + org_code.check_char(b), "component:reserved")),
    }


VALID = org_codes
NEAR_MISSES = org_code_near_misses
NEAR_MISS_BRANCHES = _branches
