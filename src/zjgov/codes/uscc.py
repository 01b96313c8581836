"""GB 32100-2015 法人和其他组织统一社会信用代码 (unified social credit code, USCC).

18 characters from the 31-character alphabet ``0-9A-Z`` without I, O, S, V, Z:

====  ===========================================================
1     registration authority (登记管理部门代码: 1 机构编制, 5 民政, 9 工商 …)
2     organisation type, per authority (机构类别代码: 91 = enterprise)
3–8   GB/T 2260 division of the registering authority (digits)
9–17  GB 11714 organisation code (body + its own check character)
18    check character: weights ``3^(i-1) mod 31``, ``(31 − Σ mod 31) mod 31``
====  ===========================================================

The embedded organisation code is checked with GB 11714's own letter values (A=10 … Z=35).
``lenient=True`` skips both check characters, for the pilot-era codes (e.g. Xiamen's
``91350211M0000XUF46``) that were issued before the rule settled.

>>> validate("91330100716105852F")
'91330100716105852F'
>>> p = parse("91110000600037341L")
>>> p.authority_name, p.org_type_name, p.region_code, p.org_code
('工商', '企业', '110000', '600037341')
>>> validate("91350211M0000XUF46")
Traceback (most recent call last):
zjgov.errors.InvalidChecksum: ...
>>> is_valid("91350211M0000XUF46", lenient=True)
True
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import re
from typing import TYPE_CHECKING

from zjgov.codes import _engine, division, org_code
from zjgov.codes._engine import Verdict, as_int, values, weighted_sum
from zjgov.codes.spec import CodeSpec
from zjgov.core import lazy
from zjgov.core.data import packed_table
from zjgov.core.data import table as reference_table

if TYPE_CHECKING:
    import numpy as np
else:  # imported on first use: a scalar check never needs NumPy
    np = lazy.module("numpy")

TITLE = ("统一社会信用代码", "unified social credit code")
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
#: Registering-authority division codes that are not GB/T 2260 divisions (central bodies).
CENTRAL_REGIONS = (100000,)


@functools.cache
def _alpha_cp() -> np.ndarray:
    return np.array([ord(c) for c in ALPHABET], dtype=np.uint32)


@functools.cache
def _prefixes() -> tuple[np.ndarray, dict[str, tuple[str, str]]]:
    types = reference_table("gb32100_org_types")
    names = {p: (a, t) for p, a, t in zip(types.prefix, types.authority_name, types.type_name)}
    keys = np.array(sorted(ord(p[0]) * 65536 + ord(p[1]) for p in names), dtype=np.int64)
    return keys, names


PACKED = "gb32100_index"  # zjgov/data/gb32100_index.json, built by scripts/build_data.py


def derive_index() -> dict[str, list[str]]:
    """The packed index from the CSV tables: the registering authorities' characters and the
    two-character authority + organisation-type prefixes (``scripts/build_data.py`` writes it)."""
    return {
        "authorities": sorted(reference_table("gb32100_registration_authorities").code),
        "prefixes": sorted(reference_table("gb32100_org_types").prefix),
    }


@functools.cache
def _heads() -> tuple[frozenset[str], frozenset[str]]:
    """The known first characters and first two characters (the packed index, loaded once)."""
    packed = packed_table(PACKED)
    return frozenset(packed["authorities"]), frozenset(packed["prefixes"])


def _authorities() -> np.ndarray:
    return np.array(sorted(ord(c) for c in _heads()[0]), dtype=np.uint32)


def check_chars(m: np.ndarray) -> np.ndarray:
    """Vectorised: the expected check character (code point) of 17-character bodies."""
    return _alpha_cp()[(31 - weighted_sum(values(m, ALPHABET), WEIGHTS) % 31) % 31]


def check_char(body17: str) -> str:
    """The check character of the first 17 characters.

    >>> check_char("91110000600037341")
    'L'
    """
    return chr(check_chars(np.frombuffer(body17.encode("utf-32-le"), np.uint32).reshape(1, -1))[0])


def _options(*, lenient: bool = False, check_region: bool = True) -> dict:
    return {"lenient": bool(lenient), "check_region": bool(check_region)}


@functools.cache
def _kernel_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Byte → USCC value (255 outside the alphabet); USCC value → GB 11714 value; known first
    characters (by USCC value); the verdict on the first two values (65,536 entries)."""
    value = np.full(256, 255, dtype=np.uint8)
    value[_alpha_cp()] = np.arange(len(ALPHABET))
    gb11714 = np.array([org_code.ALPHABET.index(c) for c in ALPHABET] + [0] * (256 - 31), dtype=np.uint8)
    authority = np.zeros(256, dtype=bool)
    authority[value[_authorities()]] = True
    pairs = np.zeros((256, 256), dtype=bool)
    for p in _heads()[1]:
        pairs[value[ord(p[0])], value[ord(p[1])]] = True
    # by the first two values read as one little-endian uint16: 0 known, 1 unknown authority, 2 unknown type
    prefix = np.where(~authority[:, None], 1, np.where(pairs, 0, 2)).astype(np.uint8).T.ravel()
    return value, gb11714, authority, prefix


def _kernel(m: np.ndarray, v: Verdict, *, lenient: bool, check_region: bool) -> None:
    value, gb11714, _, prefix = _kernel_tables()
    x = _engine.lookup(m, value, 255)  # one table lookup gives membership and values
    ok = x != 255
    ok[:, 2:8] = x[:, 2:8] <= 9
    v.fail_chars(ok)
    if not lenient:
        # values <= 30 times weights < 31 over 17 characters fit uint16 (bad rows have failed already)
        expected = _alpha_cp()[(31 - weighted_sum(x[:, :17], WEIGHTS, dtype=np.uint16) % 31) % 31]
        v.fail(expected != m[:, 17], "checksum", 18)
    pair = x[:, 1].astype(np.uint16)
    pair <<= 8
    pair |= x[:, 0]
    head = np.take(prefix, pair)
    v.fail(head == 1, "component:authority", 1)
    v.fail(head == 2, "component:org_type", 2)
    if check_region:
        region = as_int(m[:, 2:8])
        known = division.known(region)
        rest = np.flatnonzero(~known)
        if len(rest):
            known[rest] = np.isin(region[rest], CENTRAL_REGIONS)
        v.fail(~known, "component:region", 3)
    if not lenient:
        body = _engine.lookup(x[:, 8:16], gb11714, 0)
        expected = org_code._check_cp()[11 - weighted_sum(body, org_code.WEIGHTS) % 11]
        v.fail(expected != m[:, 16], "component:org_code", 17)


_VALUE = {c: i for i, c in enumerate(ALPHABET)}
#: ``bytes.translate`` tables: an ASCII code's characters as their GB 32100 and GB 11714 values
#: (one C call per value; iterating the bytes gives the values as ints).
_VALUE_BYTES = bytes.maketrans(ALPHABET.encode(), bytes(range(len(ALPHABET))))
_GB11714_BYTES = bytes.maketrans(ALPHABET.encode(), bytes(org_code.ALPHABET.index(c) for c in ALPHABET))
_ORG_CHECK = "0123456789X0"  # index 11 - (sum % 11), as org_code._check_cp()


_SHAPE = re.compile(f"[{ALPHABET}]{{2}}[0-9]{{6}}[{ALPHABET}]{{10}}")


def _scalar(s: str, opts: dict) -> tuple[str, int | None] | None:
    """:func:`_kernel` for one compact value in pure Python (the first failure, or ``None``)."""
    if _SHAPE.fullmatch(s) is None:  # the first character not allowed where it stands
        for i, c in enumerate(s):
            if c not in _VALUE or (2 <= i < 8 and _VALUE[c] > 9):
                return "format", i + 1
    raw = s.encode("ascii")  # the shape is ASCII
    lenient = opts["lenient"]
    if not lenient and ALPHABET[-sum(map(operator.mul, raw.translate(_VALUE_BYTES)[:17], WEIGHTS)) % 31] != s[17]:
        return "checksum", 18
    authorities, prefixes = _heads()
    if s[:2] not in prefixes:  # a known pair implies a known authority
        return ("component:org_type", 2) if s[0] in authorities else ("component:authority", 1)
    if opts["check_region"]:
        region = int(s[2:8])
        if not (division.known_code(region) or region in CENTRAL_REGIONS):
            return "component:region", 3
    if not lenient:
        body = sum(map(operator.mul, raw[8:16].translate(_GB11714_BYTES), org_code.WEIGHTS))
        if _ORG_CHECK[11 - body % 11] != s[16]:
            return "component:org_code", 17
    return None


_BAD = 1024  # in a pair table: a character that is not allowed there (nine of them still fit 16 bits)


@functools.cache
def _pair_tables() -> tuple[list[np.ndarray], np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Tables for :func:`_accept`, indexed by two bytes (characters ``2j`` and ``2j + 1`` as a
    little-endian ``uint16``):

    * per pair, a ``uint32``: its share of the GB 32100 sum mod 31 in the low 16 bits (the check
      character's value included, so a valid code sums to 0 mod 31) and its share of the embedded
      GB 11714 sum mod 11 in the high 16 bits (that check character included too); :data:`_BAD`
      for a character not allowed there, or an unknown authority/type pair;
    * the two digits as a number (for the region);
    * by the sum of the nine shares: whether both sums close (every character allowed, 0 mod 31
      and 0 mod 11).
    """
    value, gb11714, _, prefix = _kernel_tables()
    pair = np.arange(65536)
    lo, hi = value[pair & 0xFF].astype(np.int64), value[pair >> 8].astype(np.int64)
    known = (lo != 255) & (hi != 255)
    weights = (*WEIGHTS, 1)  # the check character's value closes the sum
    g_lo, g_hi = gb11714[np.minimum(lo, 255)].astype(np.int64), gb11714[np.minimum(hi, 255)].astype(np.int64)
    closing = np.full(256, _BAD, dtype=np.int64)  # the embedded check character k closes its sum: k + s = 0 mod 11
    for k in range(1, 12):
        closing[int(org_code._check_cp()[k])] = k % 11
    tables = []
    for j in range(9):
        ok = known & ((lo <= 9) & (hi <= 9) if j in (1, 2, 3) else True)  # characters 3-8 are digits
        if j == 0:
            ok &= np.take(prefix, np.where(known, hi << 8 | lo, 0)) == 0
        share = np.where(ok, (weights[2 * j] * lo + weights[2 * j + 1] * hi) % 31, _BAD)
        if 4 <= j < 8:  # characters 9-16: the GB 11714 body
            share |= ((org_code.WEIGHTS[2 * j - 8] * g_lo + org_code.WEIGHTS[2 * j - 7] * g_hi) % 11) << 16
        elif j == 8:  # character 17: the GB 11714 check character
            share |= closing[pair & 0xFF] << 16
        tables.append(share.astype(np.uint32))
    two_digits = ((pair & 0xFF) - 0x30) * 10 + ((pair >> 8) - 0x30)  # garbage unless both are digits
    total = np.arange(1 << 16)
    mod31 = (total < _BAD) & (total % 31 == 0)
    mod11 = (total < _BAD) & (total % 11 == 0)
    return tables, two_digits.astype(np.int32), (mod31, mod11)


def _accept(offs: np.ndarray, data: np.ndarray, lens: np.ndarray, *, lenient: bool, check_region: bool):
    """The engine's byte-level quick accept: 18 bytes read as nine byte pairs, each looked up in
    a 65,536-entry table (:func:`_pair_tables`); accepts only codes the kernel finds valid."""
    if lenient:
        return None
    tables, two_digits, (closes31, closes11) = _pair_tables()
    pairs, rows = _engine.byte_pairs(offs, data, lens, 18)
    total = np.take(tables[0], pairs[:, 0])
    for j in range(1, 9):
        total += np.take(tables[j], pairs[:, j])
    halves = total.view("<u2")  # (low, high) 16-bit halves of each sum
    ok = np.take(closes31, halves[::2]) & np.take(closes11, halves[1::2])
    if check_region:
        region = np.take(two_digits, pairs[:, 1]) * 10000
        region += np.take(two_digits, pairs[:, 2]) * 100
        region += np.take(two_digits, pairs[:, 3])
        ok &= division.known(region)
    if len(rows) == len(lens):
        return ok
    accepted = np.zeros(len(lens), dtype=bool)
    accepted[rows] = ok
    return accepted


_CODE = _engine.Code("uscc", TITLE, (18,), _kernel, _options, accept=_accept, scalar=_scalar)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object, **options) -> str:
    """The canonical 18 upper-case characters."""
    return validate(value, **options)


@dataclasses.dataclass(frozen=True)
class UsccInfo:
    """The parts of a unified social credit code."""

    number: str
    authority_code: str
    authority_name: str
    org_type_code: str
    org_type_name: str
    region_code: str
    region_name: str | None
    org_code: str  # GB 11714, 9 characters
    check: str


def parse(value: object, **options) -> UsccInfo:
    """Validate ``value`` and return its parts."""
    number = validate(value, **options)
    authority, org_type = _prefixes()[1][number[:2]]
    region = number[2:8]
    region_name = division.name(region) if division.is_valid(region) else None
    return UsccInfo(number, number[0], authority, number[1], org_type, region, region_name, number[8:17], number[17])


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "uscc",
    TITLE,
    standard="GB 32100-2015",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY",
    input_lengths=(18, 20),
    kind="identifier",
    personal=False,
    unique=True,
    type_name="Uscc",
    standard_keys=("GB32100",),
    example="91110000600037341L",
)
