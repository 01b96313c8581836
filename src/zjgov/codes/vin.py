"""Vehicle identification number (车辆识别代号, VIN): GB 16735-2019 / ISO 3779.

17 characters from ``0-9A-Z`` without I, O and Q:

=====  ==============================================================
1–3    WMI, world manufacturer identifier (世界制造厂识别代号; ``L`` = China)
4–9    VDS, vehicle descriptor section (车辆说明部分); 9 is the check character
10–17  VIS, vehicle indicator section (车辆指示部分); 10 = model year, 11 = plant
=====  ==============================================================

Check character (position 9, mandatory in China): letters are transliterated
``A1 B2 C3 D4 E5 F6 G7 H8 J1 K2 L3 M4 N5 P7 R9 S2 T3 U4 V5 W6 X7 Y8 Z9``, digits keep their
value, weights ``8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2``, the sum mod 11 is the check (10 → ``X``).
The model-year character (position 10) may not be ``0``, ``U`` or ``Z``.

``strict=False`` checks only length and alphabet: ISO 3779 alone makes the check character
optional, and many European VINs do not carry one.

>>> validate("1m8gdm9axkp042788")
'1M8GDM9AXKP042788'
>>> p = parse("LSVAU218XN2183294")
>>> p.wmi, p.vds, p.vis, p.model_year_code, p.model_years
('LSV', 'AU218X', 'N2183294', 'N', (1992, 2022))
>>> validate("1M8GDM9A1KP042788")
Traceback (most recent call last):
zjgov.errors.InvalidChecksum: ...
>>> is_valid("WVWZZZ1JZXW000001", strict=False)
True
"""

from __future__ import annotations

import dataclasses

import numpy as np

from zjgov.codes import _engine, _fast
from zjgov.codes._engine import Verdict, in_alphabet, lookup, weighted_sum
from zjgov.codes.spec import CodeSpec

TITLE = ("车辆识别代号", "vehicle identification number")
ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q
TRANSLITERATION = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
#: Model-year characters in order; the cycle repeats every 30 years from 1980.
YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"
REGIONS = (
    ("ABCDEFGH", ("非洲", "Africa")),
    ("JKLMNPR", ("亚洲", "Asia")),
    ("STUVWXYZ", ("欧洲", "Europe")),
    ("12345", ("北美洲", "North America")),
    ("67", ("大洋洲", "Oceania")),
    ("890", ("南美洲", "South America")),
)
_VALUE = np.zeros(128, dtype=np.int64)
for _c, _v in TRANSLITERATION.items():
    _VALUE[ord(_c)] = _v
_CHECK_CP = np.array([ord(c) for c in "0123456789X"], dtype=np.uint32)


def check_chars(m: np.ndarray) -> np.ndarray:
    """Vectorised: the expected check character (code point) of 17-character rows."""
    return _CHECK_CP[weighted_sum(_VALUE[np.minimum(m, 127)], WEIGHTS) % 11]


def check_char(vin17: str) -> str:
    """The check character of a VIN (position 9 is ignored).

    >>> check_char("11111111111111111")
    '1'
    """
    return chr(check_chars(np.frombuffer(vin17.encode("utf-32-le"), np.uint32).reshape(1, -1))[0])


def _options(*, strict: bool = True) -> dict:
    return {"strict": bool(strict)}


def _kernel(m: np.ndarray, v: Verdict, *, strict: bool) -> None:
    """:func:`_rules` with one lookup for alphabet and values: rows with a character outside the
    alphabet (or a wrong check character) take the full rules; the check is a ``uint16`` sum."""
    code = lookup(m, _VALUE_BYTE, _OUTSIDE)
    bad = code.max(axis=1) >= _OUTSIDE
    if strict:
        bad |= ~lookup(m[:, 8], _CHECK_OK, False)
    if bad.any():
        _fast.run_rows(_rules, m, v, np.flatnonzero(bad), strict=strict)
    if strict:  # the other rows hold alphabet characters only: values are 0-9, the sum stays below 2**16
        expected = np.take(_EXPECTED, weighted_sum(code, WEIGHTS, dtype=np.uint16))
        v.fail(expected != m[:, 8], "checksum", 9)
        v.fail(~lookup(m[:, 9], _YEAR_OK, False), "component:model_year", 10)


def _rules(m: np.ndarray, v: Verdict, *, strict: bool) -> None:
    """Every rule for any row; the reference :func:`_kernel` must agree with (tests/test_fast_paths.py)."""
    ok = in_alphabet(m, ALPHABET)
    if strict:
        ok[:, 8] &= in_alphabet(m[:, 8:9], "0123456789X")[:, 0]
    v.fail_chars(ok)
    if strict:
        v.fail(check_chars(m) != m[:, 8], "checksum", 9)
        v.fail(~in_alphabet(m[:, 9:10], YEAR_CODES)[:, 0], "component:model_year", 10)


_OUTSIDE = 0x80
_VALUE_BYTE = np.full(256, _OUTSIDE, dtype=np.uint8)  # transliterated value of each alphabet byte
for _c, _v in TRANSLITERATION.items():
    _VALUE_BYTE[ord(_c)] = _v
_CHECK_OK = np.zeros(256, dtype=bool)
_CHECK_OK[list(b"0123456789X")] = True
_YEAR_OK = np.zeros(256, dtype=bool)
_YEAR_OK[list(YEAR_CODES.encode())] = True
_EXPECTED = np.frombuffer(b"0123456789X", np.uint8)[np.arange(1 << 16) % 11]  # check character by weighted sum


_CODE = _engine.Code("vin", TITLE, (17,), _kernel, _options)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object, **options) -> str:
    """The canonical 17 upper-case characters."""
    return validate(value, **options)


@dataclasses.dataclass(frozen=True)
class VinInfo:
    """The parts of a VIN."""

    number: str
    wmi: str  # world manufacturer identifier, 1–3
    vds: str  # vehicle descriptor section, 4–9 (with the check character)
    vis: str  # vehicle indicator section, 10–17
    check: str  # position 9
    model_year_code: str  # position 10
    model_years: tuple[int, ...]  # the candidate years of the 30-year cycle (empty if unknown)
    plant_code: str  # position 11
    serial: str  # 12–17
    region: str | None  # continent of the WMI's first character, in Chinese
    region_en: str | None


def parse(value: object, **options) -> VinInfo:
    """Validate ``value`` and return its parts."""
    number = validate(value, **options)
    year_index = YEAR_CODES.find(number[9])
    years = () if year_index < 0 else (1980 + year_index, 2010 + year_index)
    region = next((names for chars, names in REGIONS if number[0] in chars), (None, None))
    return VinInfo(
        number=number,
        wmi=number[:3],
        vds=number[3:9],
        vis=number[9:],
        check=number[8],
        model_year_code=number[9],
        model_years=years,
        plant_code=number[10],
        serial=number[11:],
        region=region[0],
        region_en=region[1],
    )


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "vin",
    TITLE,
    standard="GB 16735-2019 / ISO 3779",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^[0-9A-HJ-NPR-Z]{17}$",
    alphabet="0123456789ABCDEFGHJKLMNPRSTUVWXYZ",
    input_lengths=(17, 19),
    kind="identifier",
    personal=False,
    unique=True,
    type_name="Vin",
    standard_keys=("GB16735",),
    example="000000009A0000000",
)
