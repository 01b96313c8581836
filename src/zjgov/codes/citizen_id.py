"""GB 11643-1999 公民身份号码 (citizen identity number), with the 15-digit GB 11643-1989 form.

``AAAAAA YYYYMMDD SSS C``: the GB/T 2260 code of the registered residence at issue time, the
birth date, a sequence whose parity gives the sex (odd = male), and an ISO 7064 MOD 11-2
check character (``X`` = 10). Residence permits of Hong Kong, Macau and Taiwan residents use
the region codes 810000, 820000 and 830000.

Strictness (``strictness=``):

* ``"checksum"``: length, characters and check character only;
* ``"history"`` (default): also a real birth date not in the future, and a region code known
  in *any* edition of GB/T 2260, so an abolished county code on an old card stays valid;
* ``"birth_year"``: the region code must have been in force in the birth year (clipped to
  1980, the first list), python-stdnum's rule.

The 15-digit legacy form is accepted unless ``allow_legacy=False``; its century is 19, or 18
for the sequence numbers 996–999 that GB 11643-1989 reserved for centenarians.

>>> validate("11010519491231002x")
'11010519491231002X'
>>> validate("11010519491231002X ").startswith("110105")
True
>>> validate("110105194912310021")
Traceback (most recent call last):
zjgov.errors.InvalidChecksum: ...
>>> info = parse("330103199001011230")   # 下城区, abolished in 2021
>>> info.birth_date, info.sex, info.region_name, info.province_name
(datetime.date(1990, 1, 1), 'male', '下城区', '浙江省')
>>> to_18("110105491231002")
'11010519491231002X'
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
from typing import TYPE_CHECKING, Literal

from zjgov.codes import _engine, division
from zjgov.codes._engine import Verdict, as_int, digit_values, weighted_sum
from zjgov.codes.spec import CodeSpec
from zjgov.core import lazy

if TYPE_CHECKING:
    import numpy as np
else:  # imported on first use: a scalar check never needs NumPy
    np = lazy.module("numpy")

TITLE = ("公民身份号码", "citizen ID number")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
Permit = Literal["hong_kong", "macau", "taiwan"]
PERMIT_REGIONS: dict[int, Permit] = {810000: "hong_kong", 820000: "macau", 830000: "taiwan"}
PERMIT_NAMES = {
    "hong_kong": "港澳台居民居住证（香港）",
    "macau": "港澳台居民居住证（澳门）",
    "taiwan": "港澳台居民居住证（台湾）",
}
MIN_YEAR = 1800
Strictness = Literal["checksum", "history", "birth_year"]


@functools.cache
def _check_cp() -> np.ndarray:
    return np.array([ord(c) for c in CHECK_CHARS], dtype=np.uint32)


@functools.cache
def _permit_codes() -> np.ndarray:
    return np.array(sorted(PERMIT_REGIONS), dtype=np.int64)


def _options(*, strictness: Strictness = "history", allow_legacy: bool = True, today: _dt.date | None = None) -> dict:
    if strictness not in ("checksum", "history", "birth_year"):
        raise _engine.options_error(
            "strictness 应为 checksum、history 或 birth_year",
            "strictness must be 'checksum', 'history' or 'birth_year'",
        )
    if today is not None and not isinstance(today, _dt.date):
        raise _engine.options_error("today 应为日期", "today must be a datetime.date")
    return {"strictness": strictness, "allow_legacy": bool(allow_legacy), "today": today}


def check_char(body17: str) -> str:
    """The MOD 11-2 check character of the first 17 digits.

    >>> check_char("11010519491231002")
    'X'
    """
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(body17, WEIGHTS, strict=True)) % 11]


def real_dates(y: np.ndarray, mo: np.ndarray, d: np.ndarray, today: _dt.date | None) -> np.ndarray:
    """Vectorised: which (year, month, day) triples are real dates from 1800 up to ``today``."""
    kind = np.result_type(np.asarray(y), np.asarray(mo), np.asarray(d), np.int32)  # int32 from the kernel
    y, mo, d = (np.asarray(x, dtype=kind) for x in (y, mo, d))
    inside = (mo >= 0) & (mo < 100) & (d >= 0) & (d < 100)  # keeps the slots below apart
    return _born(np.where(inside, (y - MIN_YEAR) * 10000 + mo * 100 + d, -1), today)


def _born(slot: np.ndarray, today: _dt.date | None) -> np.ndarray:
    """Which slots ``(year - 1800) * 10000 + month * 100 + day`` are real dates up to ``today``.

    One table lookup: the slots grow with the date, so "not in the future" is one comparison.
    """
    today = today or _dt.date.today()
    calendar = _calendar(max(today.year, _dt.date.today().year))
    last = (today.year - MIN_YEAR) * 10000 + today.month * 100 + today.day
    ok = (slot >= 0) & (slot <= last)
    return ok & np.take(calendar, slot, mode="clip")


@functools.cache
def _calendar(last_year: int) -> np.ndarray:
    """Whether each slot ``(year - 1800) * 10000 + month * 100 + day`` up to ``last_year`` is a real date."""
    years = np.arange(MIN_YEAR, last_year + 1)[:, None, None]
    leap = ((years % 4 == 0) & (years % 100 != 0)) | (years % 400 == 0)
    days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] + [0] * 87)[None, :, None]
    dim = days + (leap & (np.arange(100) == 2)[None, :, None])
    return ((np.arange(100)[None, None, :] >= 1) & (np.arange(100)[None, None, :] <= dim)).ravel()


def _digits_int32(d: np.ndarray) -> np.ndarray:
    """Up to nine digit-value columns read as one int32 number (garbage for rows with non-digits)."""
    out = d[:, 0].astype(np.int32)
    for j in range(1, d.shape[1]):
        out *= 10
        np.add(out, d[:, j], out=out, casting="unsafe")
    return out


def _kernel(m: np.ndarray, v: Verdict, *, strictness: str, allow_legacy: bool, today: _dt.date | None) -> None:
    if m.shape[1] == 15:
        if not allow_legacy:
            v.fail(np.ones(len(m), bool), "component:legacy")
            return
        v.fail_chars(digit_values(m) <= 9)
        seq = as_int(m[:, 12:15])
        year = np.where(seq >= 996, 1800, 1900) + as_int(m[:, 6:8])
        date_cols = m[:, 8:12]
    else:
        d = digit_values(m)
        bad = (d[:, :17].max(axis=1) > 9) | ((d[:, 17] > 9) & (m[:, 17] != ord("X")))  # one reduction
        rows = np.flatnonzero(bad)
        if len(rows):  # the character positions only for the rows that have a bad one
            ok = d[rows] <= 9
            ok[:, 17] |= m[rows, 17] == ord("X")
            position = np.zeros(len(m), dtype=np.int32)
            position[rows] = (~ok).argmax(axis=1) + 1
            v.fail(bad, "format", position)
        expected = _check_cp()[weighted_sum(d[:, :17], WEIGHTS) % 11]
        v.fail(expected != m[:, 17], "checksum", 18)
        if strictness == "checksum":
            return
        # YYYYMMDD read as one number is the date's slot (plus 1800 years): one weighted sum, one lookup
        born = _born(_digits_int32(d[:, 6:14]) - MIN_YEAR * 10000, today)
        year = _digits_int32(d[:, 6:10]) if strictness == "birth_year" else None
    if m.shape[1] == 15:
        if strictness == "checksum":
            return
        born = real_dates(year, as_int(date_cols[:, :2]), as_int(date_cols[:, 2:]), today)
    v.fail(~born, "component:birth_date", 7)
    region = as_int(m[:, :6]) if m.shape[1] == 15 else _digits_int32(d[:, :6])
    in_year = np.maximum(year, division.FIRST_YEAR) if strictness == "birth_year" else None
    ok = division.known(region, year=in_year)
    rest = np.flatnonzero(~ok)
    if len(rest):  # 港澳台居民居住证 regions are not GB/T 2260 codes
        ok[rest] = np.isin(region[rest], _permit_codes())
    v.fail(~ok, "component:region", 1)


_DIGIT = {c: i for i, c in enumerate("0123456789")}


def _scalar(s: str, opts: dict) -> tuple[str, int | None] | None:
    """:func:`_kernel` for one compact value in pure Python (the first failure, or ``None``)."""
    strictness = opts["strictness"]
    digit = _DIGIT
    if len(s) == 15:
        if not opts["allow_legacy"]:
            return "component:legacy", None
        for i, c in enumerate(s):
            if c not in digit:
                return "format", i + 1
        year = (1800 if int(s[12:15]) >= 996 else 1900) + int(s[6:8])
        month, day = int(s[8:10]), int(s[10:12])
    else:
        total = 0
        for i in range(17):
            d = digit.get(s[i])
            if d is None:
                return "format", i + 1
            total += d * WEIGHTS[i]
        if s[17] not in digit and s[17] != "X":
            return "format", 18
        if CHECK_CHARS[total % 11] != s[17]:
            return "checksum", 18
        year, month, day = int(s[6:10]), int(s[10:12]), int(s[12:14])
    if strictness == "checksum":
        return None
    if not _real_date(year, month, day, opts["today"]):
        return "component:birth_date", 7
    region = int(s[:6])
    in_year = max(year, division.FIRST_YEAR) if strictness == "birth_year" else None
    if not (division.known_code(region, year=in_year) or region in PERMIT_REGIONS):
        return "component:region", 1
    return None


def _real_date(year: int, month: int, day: int, today: _dt.date | None) -> bool:
    """:func:`_born` for one date: a real date from 1800 up to ``today``."""
    if year < MIN_YEAR:
        return False
    try:
        born = _dt.date(year, month, day)
    except ValueError:
        return False
    return born <= (today or _dt.date.today())


_CODE = _engine.Code("citizen_id", TITLE, (18, 15), _kernel, _options, scalar=_scalar)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object, **options) -> str:
    """The canonical form: digits and an upper-case ``X``."""
    return validate(value, **options)


def to_18(value: object, **options) -> str:
    """The 18-digit form of a valid number (15-digit numbers get a century and a check)."""
    number = validate(value, **options)
    if len(number) == 18:
        return number
    century = "18" if int(number[12:15]) >= 996 else "19"
    body = number[:6] + century + number[6:]
    return body + check_char(body)


@dataclasses.dataclass(frozen=True)
class CitizenIdInfo:
    """The parts of a citizen ID number."""

    number: str  # 18-digit form
    legacy: bool  # given in the 15-digit form
    birth_date: _dt.date
    sex: Literal["male", "female"]
    sex_code: str  # GB/T 2261.1: 1 male, 2 female
    region_code: str
    region_name: str | None  # name in the birth year where known, else the latest name
    region_current: bool
    province_code: str
    province_name: str | None
    permit: Literal["hong_kong", "macau", "taiwan"] | None  # 港澳台居民居住证

    def age(self, on: _dt.date | None = None) -> int:
        """Age in whole years on ``on`` (today by default)."""
        on = on or _dt.date.today()
        had_birthday = (on.month, on.day) >= (self.birth_date.month, self.birth_date.day)
        return on.year - self.birth_date.year - (0 if had_birthday else 1)


def parse(value: object, **options) -> CitizenIdInfo:
    """Validate ``value`` and return its parts (see :class:`CitizenIdInfo`)."""
    options.setdefault("strictness", "history")
    if options["strictness"] == "checksum":
        options["strictness"] = "history"  # parts need a real date
    given = validate(value, **options)
    number = to_18(given, **options)
    born = _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    region = number[:6]
    permit = PERMIT_REGIONS.get(int(region))
    region_name = province_name = None
    region_current = False
    if division.known(np.array([int(region)]))[0]:
        # the tables start in FIRST_YEAR: an earlier birth year reads the first edition (as in check)
        year = max(born.year, division.FIRST_YEAR)
        d = division.lookup(region, year=year if division.known(np.array([int(region)]), year=year)[0] else None)
        region_name, region_current = d.name, bool(division.lookup(region).current)
    elif permit:
        region_name = PERMIT_NAMES[permit]
    prov = region[:2] + "0000"
    if division.known(np.array([int(prov)]))[0]:
        province_name = division.lookup(prov).name
    male = int(number[16]) % 2 == 1
    return CitizenIdInfo(
        number=number,
        legacy=len(given) == 15,
        birth_date=born,
        sex="male" if male else "female",
        sex_code="1" if male else "2",
        region_code=region,
        region_name=region_name,
        region_current=region_current,
        province_code=prov,
        province_name=province_name,
        permit=permit,
    )


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "citizen_id",
    TITLE,
    standard="GB 11643-1999",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^(?:[0-9]{17}[0-9X]|[0-9]{15})$",
    alphabet="0123456789X",
    input_lengths=(15, 20),
    kind="identifier",
    personal=True,
    unique=True,
    type_name="CitizenId",
    standard_keys=("GB11643",),
    example="11010519491231002X",
)
