"""GA 36-2018 中华人民共和国机动车号牌 (motor-vehicle licence plates).

A plate is a province character (省、自治区、直辖市简称), the issuing authority's letter
(发牌机关代号) and a sequence (序号). Letters never include I or O (they read as 1 and 0).

==================  =========================  =====================================
kind                layout                     example
==================  =========================  =====================================
ordinary            省 + letter + 5 alnum      ``浙A12345``, ``浙AB123C``
new_energy_small    省 + letter + D/F + alnum  ``浙AD12345`` (小型新能源汽车)
                    + 4 digits
new_energy_large    省 + letter + 5 digits     ``浙A12345D`` (大型新能源汽车)
                    + D/F
trailer             省 + letter + 4 alnum + 挂 ``浙A1234挂``
coach               省 + letter + 4 alnum + 学 ``浙A1234学`` (教练汽车)
police              省 + letter + 4 alnum + 警 ``浙A1234警``
hk_macau            粤Z + 4 alnum + 港 / 澳     ``粤Z1234港`` (cross-border)
consulate           省 + letter + 4 digits + 领 ``沪A1234领``
embassy             使 + 6 digits               ``使224001`` (country code + sequence)
==================  =========================  =====================================

The energy letter of a new-energy plate is D (纯电动, battery-electric) or F (非纯电动:
plug-in hybrid, fuel cell). Some cities have since issued the extra letters A, B, C, E
(battery-electric) and G, H, J, K (non-battery-electric) in that slot; ``extended_letters=True``
accepts them. Embassy plates are also accepted in the written order ``224001使``; ``validate``
returns them in the plate's own order, ``使224001``.
Separators (space, middle dot ``·``, hyphen) are removed: ``浙A·12345`` is ``浙A12345``.
``kind=`` restricts the accepted kinds (a name or a collection of names).

Not covered: temporary (临), emergency (应急), armed-police (WJ) and military plates, which
GA 36 does not define or defines with other layouts.

>>> validate("浙a·12345")
'浙A12345'
>>> p = parse("浙AD12345")
>>> p.kind, p.energy, p.province_name, p.city
('new_energy_small', 'battery_electric', '浙江省', '杭州市')
>>> parse("粤Z1234港").kind
'hk_macau'
>>> validate("浙AI2345")
Traceback (most recent call last):
zjgov.errors.InvalidFormat: ...
>>> is_valid("浙AA12345"), is_valid("浙AA12345", extended_letters=True)
(False, True)
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from typing import Literal

import numpy as np

from zjgov.codes import _engine
from zjgov.codes._engine import Verdict, digits, in_alphabet
from zjgov.codes._kinds import CLASSES, DIGIT, LETTER, LETTERS, classes, fail_kinds, kinds_option, refine
from zjgov.codes.spec import CodeSpec
from zjgov.core.data import table as reference_table

TITLE = ("机动车号牌号码", "licence plate")
ENERGY_LETTERS = {"D": "battery_electric", "F": "non_battery_electric"}
EXTENDED_ENERGY_LETTERS = {
    **ENERGY_LETTERS,
    **dict.fromkeys("ABCE", "battery_electric"),
    **dict.fromkeys("GHJK", "non_battery_electric"),
}
KINDS = (
    "ordinary",
    "new_energy_small",
    "new_energy_large",
    "trailer",
    "coach",
    "police",
    "hk_macau",
    "consulate",
    "embassy",
)
Kind = Literal[
    "ordinary",
    "new_energy_small",
    "new_energy_large",
    "trailer",
    "coach",
    "police",
    "hk_macau",
    "consulate",
    "embassy",
]
KIND_NAMES = {
    "ordinary": "普通号牌",
    "new_energy_small": "小型新能源汽车号牌",
    "new_energy_large": "大型新能源汽车号牌",
    "trailer": "挂车号牌",
    "coach": "教练汽车号牌",
    "police": "警用汽车号牌",
    "hk_macau": "粤港澳入出境车号牌",
    "consulate": "领馆汽车号牌",
    "embassy": "使馆汽车号牌",
}
#: 浙 authority letters (STANDARDS 5e; there is no 浙I).
ZHEJIANG_CITIES = {
    "A": "杭州市",
    "B": "宁波市",
    "C": "温州市",
    "D": "绍兴市",
    "E": "湖州市",
    "F": "嘉兴市",
    "G": "金华市",
    "H": "衢州市",
    "J": "台州市",
    "K": "丽水市",
    "L": "舟山市",
}
SEPARATORS = " -·・•‧"
_SUFFIX_KIND = {"挂": "trailer", "学": "coach", "警": "police", "港": "hk_macau", "澳": "hk_macau", "领": "consulate"}
_KIND_INDEX = {k: i for i, k in enumerate(KINDS)}
_SHI, _LING, _YUE, _Z = ord("使"), ord("领"), ord("粤"), ord("Z")


@functools.cache
def _provinces() -> dict[str, tuple[str, str]]:
    table = reference_table("plate_province_abbreviations")
    return {c: (code, name) for c, code, name in zip(table.plate_char, table.province_code, table.province_name)}


@functools.cache
def _province_cps() -> np.ndarray:
    return np.array(sorted(ord(c) for c in _provinces()), dtype=np.uint32)


@functools.cache
def _province_table() -> np.ndarray:
    """Which Basic Multilingual Plane code points are province characters (a lookup, not ``isin``)."""
    table = np.zeros(0x10000, dtype=bool)
    table[_province_cps()] = True
    return table


def _is_province(column: np.ndarray) -> np.ndarray:
    if column.dtype == np.uint8:  # an ASCII matrix: no province character
        return np.zeros(len(column), dtype=bool)
    return _province_table()[np.minimum(column, 0xFFFF)]


def _options(*, extended_letters: bool = False, kind: str | Iterable[str] | None = None) -> dict:
    return {"extended_letters": bool(extended_letters), "kind": kinds_option(kind, KINDS)}


def _energy_cps(extended: bool) -> np.ndarray:
    return np.array([ord(c) for c in (EXTENDED_ENERGY_LETTERS if extended else ENERGY_LETTERS)], dtype=np.uint32)


@functools.cache
def _energy_table(extended: bool) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[_energy_cps(extended)] = True
    return table


def _kernel(m: np.ndarray, v: Verdict, *, extended_letters: bool, kind: frozenset[str] | None) -> None:
    if kind is not None:  # the kind of every row is needed: the full rules
        _rules(m, v, extended_letters=extended_letters, kind=kind)
        return
    # quick acceptance of ordinary (7) and new-energy (8) plates; the full rules for the rest
    prov = _is_province(m[:, 0])
    rest = classes(m[:, 1:])  # one lookup over the ASCII part of the matrix
    cls = [rest[:, j] for j in range(rest.shape[1])]
    accepted = prov & (cls[0] == LETTER)
    if m.shape[1] == 7:
        accepted &= rest[:, 1:].all(axis=1)
    else:
        energy = _energy_table(extended_letters)
        tail = (cls[3] == DIGIT) & (cls[4] == DIGIT) & (cls[5] == DIGIT)
        small = energy[np.minimum(m[:, 2], 255)] & (cls[2] != 0) & tail & (cls[6] == DIGIT)
        large = (cls[1] == DIGIT) & (cls[2] == DIGIT) & tail & energy[np.minimum(m[:, 7], 255)]
        accepted &= small | large
    refine(m, v, accepted, _rules, extended_letters=extended_letters, kind=kind)


@functools.cache
def _byte_classes(extended: bool) -> np.ndarray:
    """For two bytes read as one little-endian ``uint16``, their classes as two bytes: bit 0 digit,
    bit 1 letter (no I/O), bit 2 energy letter."""
    single = CLASSES.astype(np.uint16)
    single[_energy_cps(extended)] |= 4
    pair = np.arange(65536, dtype=np.uint32)
    return (single[pair & 0xFF] | (single[pair >> 8] << 8)).astype(np.uint16)


def _bytes(*positions: int, value: int = 1) -> np.uint64:
    """A word with ``value`` in each byte of ``positions``."""
    return np.uint64(sum(value << (8 * p) for p in positions))


_U8 = np.uint64


def _accept(offs: np.ndarray, data: np.ndarray, lens: np.ndarray, *, extended_letters: bool, kind) -> np.ndarray | None:
    """The engine's byte-level quick accept: ordinary and new-energy plates written exactly as
    ``validate`` returns them (a three-byte UTF-8 province character, then upper-case ASCII),
    tested on the UTF-8 bytes without decoding: the same tests as :func:`_kernel`'s quick path.

    The first sixteen bytes of each row are read in one gather; bytes 0-2 give the province
    character, bytes 2-9 become class bytes through a pair table, and each test is a mask over
    that word.
    """
    if kind is not None:
        return None
    head, high = _engine.head16(data, offs[:-1])
    tail = _engine.shifted(head, high, 2)
    c = np.take(_byte_classes(extended_letters), tail.view("<u2")).view("<u8")
    cp = ((head & _U8(0x0F)) << _U8(12)) | ((head >> _U8(2)) & _U8(0xFC0)) | ((head >> _U8(16)) & _U8(0x3F))
    ok = (head & _U8(0xC0C0F0)) == _U8(0x8080E0)  # a three-byte UTF-8 character first
    ok &= np.take(_province_table(), cp.astype(np.uint16))
    # class byte j of c is byte j + 2 of the row: the authority letter is byte 3
    ok &= (c & _bytes(1, value=2)) != 0
    # 7 characters (9 bytes): characters 2-6 (bytes 4-8) letters or digits
    alnum = _bytes(2, 3, 4, 5, 6)
    seven = (((c | (c >> _U8(1))) & alnum) == alnum) & (lens == 9)
    # 8 characters (10 bytes): D/F + alnum + 4 digits (bytes 4, 5, 6-9), or 5 digits (bytes 4-8) + D/F (byte 9)
    small = ((c & _bytes(2, value=4)) != 0) & ((c & _bytes(3, value=3)) != 0)
    small &= (c & _bytes(4, 5, 6, 7, value=3)) == _bytes(4, 5, 6, 7)
    large = ((c & _bytes(2, 3, 4, 5, 6, value=3)) == _bytes(2, 3, 4, 5, 6)) & ((c & _bytes(7, value=4)) != 0)
    eight = (small | large) & (lens == 10)
    return ok & (seven | eight)


def _rules(m: np.ndarray, v: Verdict, *, extended_letters: bool, kind: frozenset[str] | None) -> None:
    """The full rules, with the precise reason and position of every failure."""
    m = m.astype(np.uint32, copy=False)
    n, length = m.shape
    digit = digits(m)
    letter = in_alphabet(m, LETTERS)
    alnum = digit | letter
    prov = _is_province(m[:, 0])
    kinds = np.zeros(n, dtype=np.int8)
    ok = np.ones((n, length), dtype=bool)
    if length == 7:
        last = m[:, 6]
        embassy_front = m[:, 0] == _SHI
        embassy_back = (last == _SHI) & ~prov & ~embassy_front
        v.fail(~(prov | embassy_front | embassy_back), "component:province", 1)
        embassy = embassy_front | embassy_back
        consulate = prov & (last == _LING)
        suffix = prov & _engine._one_of(last, [ord(c) for c in _SUFFIX_KIND])
        ok[:, 0] = ~embassy_back | digit[:, 0]
        ok[:, 1] = np.where(prov, letter[:, 1], digit[:, 1])
        ok[:, 2:6] = np.where((embassy | consulate)[:, None], digit[:, 2:6], alnum[:, 2:6])
        ok[:, 6] = np.where(prov, alnum[:, 6] | suffix, digit[:, 6] | embassy_back)
        kinds[embassy] = _KIND_INDEX["embassy"]
        for char, name in _SUFFIX_KIND.items():
            kinds[prov & (last == ord(char))] = _KIND_INDEX[name]
        v.fail_chars(ok)
        hk = kinds == _KIND_INDEX["hk_macau"]
        v.fail(hk & ~((m[:, 0] == _YUE) & (m[:, 1] == _Z)), "component:suffix", 7)
    else:
        v.fail(~prov, "component:province", 1)
        large = digit[:, 2]
        ok[:, 1] = letter[:, 1]
        ok[:, 2] = digit[:, 2] | letter[:, 2]
        ok[:, 3] = np.where(large, digit[:, 3], alnum[:, 3])
        ok[:, 4:7] = digit[:, 4:7]
        ok[:, 7] = np.where(large, letter[:, 7], digit[:, 7])
        v.fail_chars(ok)
        energy = np.where(large, m[:, 7], m[:, 2])
        v.fail(
            ~_engine._one_of(energy, _energy_cps(extended_letters).tolist()), "component:energy", np.where(large, 8, 3)
        )
        kinds[:] = np.where(large, _KIND_INDEX["new_energy_large"], _KIND_INDEX["new_energy_small"])
    fail_kinds(v, kinds, kind, KINDS)


def _canonical(plate: str) -> str:
    """Embassy plates written digits-first (``224001使``) in the plate's own order (``使224001``)."""
    return "使" + plate[:-1] if plate.endswith("使") else plate


_CODE = _engine.Code(
    "plate", TITLE, (7, 8), _kernel, _options, separators=SEPARATORS, finish=_canonical, accept=_accept
)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object, **options) -> str:
    """The display form with a middle dot after the authority letter: ``浙A·12345``.

    >>> format("浙ad12345")
    '浙A·D12345'
    >>> format("224001使")
    '使224001'
    """
    plate = validate(value, **options)
    return plate if plate.startswith("使") else f"{plate[:2]}·{plate[2:]}"


@dataclasses.dataclass(frozen=True)
class PlateInfo:
    """The parts of a licence plate."""

    number: str  # compact form
    kind: Kind
    kind_name: str  # 号牌种类 in Chinese
    province_char: str | None  # None for embassy plates
    province_code: str | None  # GB/T 2260
    province_name: str | None
    authority: str | None  # 发牌机关代号 (the letter after the province)
    city: str | None  # where known (Zhejiang letters)
    sequence: str  # 序号 (without the special suffix character)
    mission_code: str | None  # embassy plates: the 3-digit country code (224 = United States)
    energy: Literal["battery_electric", "non_battery_electric"] | None  # new-energy plates only


def _kind_of(plate: str) -> Kind:
    if "使" in plate:
        return "embassy"
    if len(plate) == 8:
        return "new_energy_large" if plate[2].isdigit() else "new_energy_small"
    return _SUFFIX_KIND.get(plate[-1], "ordinary")  # type: ignore[return-value]


def parse(value: object, **options) -> PlateInfo:
    """Validate ``value`` and return its parts (see :class:`PlateInfo`).

    >>> p = parse("沪A1234领")
    >>> p.kind, p.province_name, p.authority, p.sequence
    ('consulate', '上海市', 'A', '1234')
    """
    plate = validate(value, **options)
    kind = _kind_of(plate)
    if kind == "embassy":
        digits_ = plate[1:]
        return PlateInfo(plate, kind, KIND_NAMES[kind], None, None, None, None, None, digits_, digits_[:3], None)
    char, authority = plate[0], plate[1]
    code, name = _provinces()[char]
    city = ZHEJIANG_CITIES.get(authority) if char == "浙" else None
    energy = None
    if kind == "new_energy_small":
        energy = EXTENDED_ENERGY_LETTERS[plate[2]]
    elif kind == "new_energy_large":
        energy = EXTENDED_ENERGY_LETTERS[plate[7]]
    sequence = plate[2:-1] if kind in _SUFFIX_KIND.values() else plate[2:]
    return PlateInfo(plate, kind, KIND_NAMES[kind], char, code, name, authority, city, sequence, None, energy)  # type: ignore[arg-type]


def provinces() -> dict[str, str]:
    """Plate province characters and their GB/T 2260 province names.

    >>> provinces()["蒙"]
    '内蒙古自治区'
    """
    return {c: name for c, (_, name) in _provinces().items()}


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "plate",
    TITLE,
    standard="GA 36-2018",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^[\\u4e00-\\u9fff][0-9A-Z\\u4e00-\\u9fff]{6,7}$",
    alphabet="0123456789ABCDEFGHJKLMNPQRSTUVWXYZ",
    input_lengths=(7, 10),
    kind="identifier",
    personal=True,
    unique=True,
    input_class="\\u4e00-\\u9fff\\u00b7\\u30fb\\u2022\\u2027",
    type_name="Plate",
    standard_keys=("GA36",),
    example="浙A12345",
)
