"""Strategies for GB 11643 citizen ID numbers."""

from __future__ import annotations

import datetime as _dt
import functools

from hypothesis import strategies as st

from zjgov.codes import citizen_id
from zjgov.core.data import table as reference_table
from zjgov.testing.strategies._base import NearMiss, pick, replace_char, require

__all__ = ["citizen_id_near_misses", "citizen_ids"]


@functools.cache
def _counties(prefix: str) -> tuple[str, ...]:
    table = reference_table("gb2260_divisions")
    codes = tuple(c for c in table.code[table.level == "county"] if c.startswith(prefix))
    return codes


def citizen_ids(
    *,
    region: str = "",
    born: tuple[_dt.date, _dt.date] = (_dt.date(1920, 1, 1), _dt.date(2020, 12, 31)),
    sex: str | None = None,
    legacy: bool = False,
) -> st.SearchStrategy[str]:
    """Valid citizen ID numbers.

    ``region`` is a prefix of a current county code (``"33"``, ``"3301"``, ``"330106"``),
    ``born`` a (first, last) range of birth dates, ``sex`` ``"male"`` or ``"female"``,
    ``legacy=True`` gives 15-digit numbers (born 1900–1999). Shrinks towards the first county
    of the region, the first date and sequence 001/002.
    """
    require(
        (isinstance(region, str) and region.isdigit()) or region == "",
        "region 应为数字前缀",
        "region must be a digit prefix",
    )
    counties = _counties(region)
    require(
        bool(counties),
        f"没有以 {region!r} 开头的现行县级行政区划代码",
        f"no current county code starts with {region!r}",
    )
    require(
        sex in (None, "male", "female"), "sex 应为 None、'male' 或 'female'", "sex must be None, 'male' or 'female'"
    )
    first, last = born
    if legacy:
        first, last = max(first, _dt.date(1900, 1, 1)), min(last, _dt.date(1999, 12, 31))
    require(
        first <= last,
        "born 应为非空的日期区间 (first, last)",
        "born must be a (first, last) range of dates that is not empty",
    )

    @st.composite
    def build(draw) -> str:
        county = draw(st.sampled_from(counties))
        date = draw(st.dates(first, last))
        seq = draw(st.integers(0, 99)) * 10 + draw(st.integers(0, 9))
        parity = {"male": 1, "female": 0}.get(sex, draw(st.integers(0, 1)))
        seq = seq - seq % 2 + parity
        if legacy:
            seq = min(seq, 995 - (parity != 995 % 2))
            return f"{county}{date:%y%m%d}{seq:03d}"
        body = f"{county}{date:%Y%m%d}{seq:03d}"
        return body + citizen_id.check_char(body)

    return build()


def citizen_id_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Valid numbers with one deliberate mistake, labelled with the reason it must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    base = citizen_ids(**{k: v for k, v in options.items() if k != "legacy"})

    def wrong_check(v: str) -> NearMiss:
        good = v[-1]
        return NearMiss(v[:-1] + ("0" if good != "0" else "1"), "checksum")

    def with_body(v: str, body: str, reason: str) -> NearMiss:
        return NearMiss(body + citizen_id.check_char(body), reason)

    return {
        "check_char": base.map(wrong_check),
        "february_30": base.map(lambda v: with_body(v, v[:10] + "0230" + v[14:17], "component:birth_date")),
        "month_13": base.map(lambda v: with_body(v, v[:10] + "1301" + v[14:17], "component:birth_date")),
        "future_year": base.map(lambda v: with_body(v, v[:6] + "2999" + v[10:17], "component:birth_date")),
        "unknown_region": base.map(lambda v: with_body(v, "999999" + v[6:17], "component:region")),
        "unknown_county": base.map(lambda v: with_body(v, "330199" + v[6:17], "component:region")),
        "one_short": base.map(lambda v: NearMiss(v[:-1], "length")),
        "one_long": base.map(lambda v: NearMiss(v + "1", "length")),
        "letter_in_body": st.tuples(base, st.integers(0, 16), st.sampled_from("ABXZ")).map(
            lambda t: NearMiss(replace_char(t[0], t[1], t[2]), "format")
        ),
    }


VALID = citizen_ids
NEAR_MISSES = citizen_id_near_misses
NEAR_MISS_BRANCHES = _branches
