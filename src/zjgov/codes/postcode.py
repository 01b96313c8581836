"""Postal codes of mainland China (邮政编码, the State Post Bureau's six-digit numbering).

Six digits: 1–2 the province postal zone (邮区), 3 the postal area, 4 the county, 5–6 the
delivery office. Postal zones are **not** GB/T 2260 province codes (postal ``33`` is Jiangxi,
division ``33`` is Zhejiang), so a postcode is never cross-checked against an ID number or a
division code.

Zhejiang uses zones 31 and 32 (杭州 310000, 宁波 315000, 温州 325000 …). The zone table for
the other provinces is recalled background knowledge, not a verified list: by default only
the six digits are checked; ``check_zone=True`` also requires a zone from the table
(reason ``component:zone``). Hong Kong, Macau and Taiwan have no mainland postcodes.

>>> validate("310 012")
'310012'
>>> p = parse("311200")
>>> p.zone, p.province, p.city
('31', '浙江省', '杭州市')
>>> parse("330000").province           # Nanchang: postal 33 is Jiangxi
'江西省'
>>> validate("31001")
Traceback (most recent call last):
zjgov.errors.InvalidLength: ...
"""

from __future__ import annotations

import dataclasses

import numpy as np

from zjgov.codes import _engine
from zjgov.codes._engine import Verdict, as_int, digits
from zjgov.codes.spec import CodeSpec

TITLE = ("邮政编码", "postcode")
_ZONES_BY_PROVINCE = {
    "北京市": "10",
    "上海市": "20",
    "天津市": "30",
    "重庆市": "40",
    "内蒙古自治区": "01 02",
    "山西省": "03 04",
    "河北省": "05 06 07",
    "辽宁省": "11 12",
    "吉林省": "13",
    "黑龙江省": "15 16",
    "江苏省": "21 22",
    "安徽省": "23 24",
    "山东省": "25 26 27",
    "浙江省": "31 32",
    "江西省": "33 34",
    "福建省": "35 36",
    "湖南省": "41 42",
    "湖北省": "43 44",
    "河南省": "45 46 47",
    "广东省": "51 52",
    "广西壮族自治区": "53 54",
    "贵州省": "55 56",
    "海南省": "57",
    "四川省": "61 62 63 64",
    "云南省": "65 66 67",
    "陕西省": "71 72",
    "甘肃省": "73 74",
    "宁夏回族自治区": "75",
    "青海省": "81",
    "新疆维吾尔自治区": "83 84",
    "西藏自治区": "85",
}
#: postal zone (first two digits) -> province.
ZONES: dict[str, str] = {z: p for p, zones in _ZONES_BY_PROVINCE.items() for z in zones.split()}
#: Zhejiang cities by postcode prefix (STANDARDS 5c); the longest matching prefix wins.
ZHEJIANG_CITIES: dict[str, str] = {
    "310": "杭州市",
    **{f"311{i}": "杭州市" for i in range(0, 7)},
    "312": "绍兴市",
    "313": "湖州市",
    "314": "嘉兴市",
    "315": "宁波市",
    "316": "舟山市",
    "318": "台州市",
    "321": "金华市",
    "323": "丽水市",
    "324": "衢州市",
    "325": "温州市",
}
_ZONE_KNOWN = np.zeros(100, dtype=bool)
_ZONE_KNOWN[[int(z) for z in ZONES]] = True


def _options(*, check_zone: bool = False) -> dict:
    return {"check_zone": bool(check_zone)}


def _kernel(m: np.ndarray, v: Verdict, *, check_zone: bool) -> None:
    v.fail_chars(digits(m))
    if check_zone:
        v.fail(~_ZONE_KNOWN[as_int(m[:, :2]) % 100], "component:zone", 1)


_CODE = _engine.Code("postcode", TITLE, (6,), _kernel, _options)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object, **options) -> str:
    """The six digits."""
    return validate(value, **options)


@dataclasses.dataclass(frozen=True)
class PostcodeInfo:
    """The parts of a postcode."""

    number: str
    zone: str  # 邮区, first two digits
    area: str  # first three digits (邮区 + 邮局)
    county: str  # first four digits
    office: str  # last two digits, delivery office (投递局)
    province: str | None  # province of the zone where known
    city: str | None  # Zhejiang cities only


def parse(value: object, **options) -> PostcodeInfo:
    """Validate ``value`` and return its parts."""
    number = validate(value, **options)
    city = ZHEJIANG_CITIES.get(number[:4]) or ZHEJIANG_CITIES.get(number[:3])
    return PostcodeInfo(number, number[:2], number[:3], number[:4], number[4:], ZONES.get(number[:2]), city)


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "postcode",
    TITLE,
    standard="邮政编码 (State Post Bureau)",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^[0-9]{6}$",
    alphabet="0123456789",
    input_lengths=(6, 6),
    kind="location",
    personal=False,
    unique=False,
    type_name="Postcode",
    example="310006",
)
