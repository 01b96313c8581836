"""Passport numbers of the People's Republic of China (中华人民共和国护照) and of the SARs.

Nine characters; the prefix gives the kind. There is no check digit in the number (the
machine-readable zone has ICAO 9303 check digits, not checked here).

===============  =========================================  ==========================
kind             prefixes                                   example
===============  =========================================  ==========================
ordinary         ``E`` + 8 digits (e-passport, since 2012),  ``E12345678``, ``EA1234567``
                 ``E`` + letter (not I/O) + 7 digits,
                 ``G`` + 8 digits (before 2012),
                 ``14``/``15`` + 7 digits (1990s booklets)
diplomatic       ``DE`` + 7 digits, ``D`` + 8 digits         ``DE1234567``
service          ``SE`` + 7 digits, ``S`` + 8 digits         ``SE1234567`` (公务护照)
public_affairs   ``PE`` + 7 digits, ``P`` + 8 digits         ``PE1234567`` (公务普通护照)
hksar            ``K`` + 8 digits, ``KJ`` + 7 digits         ``K12345678``
msar             ``MA``/``MB`` + 7 digits                    ``MA1234567``
===============  =========================================  ==========================

``kind=`` restricts the accepted kinds (a name or a collection of names).

>>> validate("e12345678")
'E12345678'
>>> p = parse("EA1234567")
>>> p.kind, p.electronic, p.prefix
('ordinary', True, 'EA')
>>> validate("EI1234567")
Traceback (most recent call last):
zjgov.errors.InvalidFormat: ...
>>> is_valid("G12345678", kind="diplomatic")
False
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Literal

import numpy as np

from zjgov.codes import _engine
from zjgov.codes._engine import Verdict, digits, in_alphabet
from zjgov.codes._kinds import DIGIT, LETTERS, classes, fail_kinds, kinds_option, refine
from zjgov.codes.spec import CodeSpec

TITLE = ("护照号码", "passport number")
KINDS = ("ordinary", "diplomatic", "service", "public_affairs", "hksar", "msar")
Kind = Literal["ordinary", "diplomatic", "service", "public_affairs", "hksar", "msar"]
KIND_NAMES = {
    "ordinary": "普通护照",
    "diplomatic": "外交护照",
    "service": "公务护照",
    "public_affairs": "公务普通护照",
    "hksar": "香港特别行政区护照",
    "msar": "澳门特别行政区护照",
}
#: first character -> kind (``1`` is the 14/15 series of ordinary passports).
FIRST = {"E": "ordinary", "G": "ordinary", "1": "ordinary", "D": "diplomatic", "S": "service", "P": "public_affairs"}
FIRST |= {"K": "hksar", "M": "msar"}
_KIND_INDEX = {k: i for i, k in enumerate(KINDS)}
_FIRST_CP = np.array([ord(c) for c in FIRST], dtype=np.uint32)
_FIRST_KIND = np.zeros(128, dtype=np.int8)
for _c, _k in FIRST.items():
    _FIRST_KIND[ord(_c)] = _KIND_INDEX[_k]


def _options(*, kind: str | Iterable[str] | None = None) -> dict:
    return {"kind": kinds_option(kind, KINDS)}


def _prefix_table() -> np.ndarray:
    """``[first, second]`` -> whether the first two characters start a valid number (the rest are digits)."""
    table = np.zeros((256, 256), dtype=bool)
    digits_ = [ord(c) for c in "0123456789"]
    for head in "EGDSPK":  # one-letter prefixes, then 8 digits
        table[ord(head), digits_] = True
    for head, seconds in {"E": LETTERS, "D": "E", "S": "E", "P": "E", "K": "J", "M": "AB", "1": "45"}.items():
        table[ord(head), [ord(c) for c in seconds]] = True
    return table


_PREFIX = _prefix_table()
_PREFIX_WORD = np.ascontiguousarray(_PREFIX.T).ravel()  # indexed by the first two bytes as a little-endian uint16


def _accept(offs: np.ndarray, data: np.ndarray, lens: np.ndarray, *, kind: frozenset[str] | None) -> np.ndarray | None:
    """The engine's byte-level quick accept (:func:`_kernel`'s quick path on the raw bytes): a
    valid prefix pair, then digits, nine bytes."""
    if kind is not None:
        return None
    head, high = _engine.head16(data, offs[:-1])  # one gather: bytes 0-15 of every row
    ok = np.take(_PREFIX_WORD, (head & np.uint64(0xFFFF)).astype(np.uint16))
    return ok & _engine.word_digits(_engine.shifted(head, high, 1), skip=1) & (lens == 9)


def _kernel(m: np.ndarray, v: Verdict, *, kind: frozenset[str] | None) -> None:
    if kind is not None:  # the kind of every row is needed: the full rules
        _rules(m, v, kind=kind)
        return
    first, second = m[:, :2].T if m.dtype == np.uint8 else np.minimum(m[:, :2], 255).T
    accepted = _PREFIX[first, second]
    for j in range(2, 9):
        accepted &= classes(m[:, j]) == DIGIT
    refine(m, v, accepted, _rules, kind=kind)


def _rules(m: np.ndarray, v: Verdict, *, kind: frozenset[str] | None) -> None:
    """The full rules, with the precise reason and position of every failure."""
    m = m if m.dtype == np.uint8 else m.astype(np.uint32, copy=False)  # ASCII rows stay one byte wide
    n = len(m)
    digit = digits(m)
    alnum = digit | in_alphabet(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    first, second = m[:, 0], m[:, 1]
    v.fail(~alnum[:, 0], "format", 1)
    v.fail(~_engine._one_of(first, _FIRST_CP.tolist()), "component:series", 1)
    # the prefix is two characters for E+letter, DE/SE/PE, KJ, MA/MB and 14/15
    is_ = {c: first == ord(c) for c in "EGDSPKM1"}
    two = (
        (is_["E"] & ~digit[:, 1])
        | ((is_["D"] | is_["S"] | is_["P"]) & (second == ord("E")))
        | (is_["K"] & (second == ord("J")))
        | is_["M"]
        | is_["1"]
    )
    second_ok = np.ones(n, dtype=bool)
    second_ok[is_["E"]] = (digit[:, 1] | in_alphabet(m[:, 1:2], LETTERS)[:, 0])[is_["E"]]
    v.fail(~second_ok, "format", 2)
    bad_second = (is_["M"] & ~_engine._one_of(second, b"AB")) | (is_["1"] & ~_engine._one_of(second, b"45"))
    v.fail(bad_second & ~alnum[:, 1], "format", 2)
    v.fail(bad_second, "component:series", 2)
    ok = digit.copy()
    ok[:, 0] = True
    ok[:, 1] |= two
    v.fail_chars(ok)
    fail_kinds(v, _FIRST_KIND[np.minimum(first, 127)], kind, KINDS)


_CODE = _engine.Code("passport", TITLE, (9,), _kernel, _options, accept=_accept)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object, **options) -> str:
    """The canonical nine upper-case characters."""
    return validate(value, **options)


@dataclasses.dataclass(frozen=True)
class PassportInfo:
    """The parts of a passport number."""

    number: str
    kind: Kind
    kind_name: str  # Chinese name of the kind
    prefix: str  # the series letters (E, EA, G, 14, DE, D, KJ, MA …)
    electronic: bool | None  # None where the number does not tell
    serial: str  # the digits after the prefix


def parse(value: object, **options) -> PassportInfo:
    """Validate ``value`` and return its parts.

    >>> parse("DE1234567").kind_name
    '外交护照'
    """
    number = validate(value, **options)
    kind = FIRST[number[0]]
    two = number[0] in "M1" or (number[0] == "E" and not number[1].isdigit())
    two |= (number[0] in "DSP" and number[1] == "E") or (number[0] == "K" and number[1] == "J")
    prefix = number[:2] if two else number[:1]
    if kind == "ordinary":
        electronic: bool | None = number[0] == "E"
    elif kind in ("diplomatic", "service", "public_affairs"):
        electronic = number[1] == "E"
    else:
        electronic = None
    return PassportInfo(number, kind, KIND_NAMES[kind], prefix, electronic, number[len(prefix) :])  # type: ignore[arg-type]


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "passport",
    TITLE,
    standard="中华人民共和国护照 (GB/T 20000 series, ICAO 9303)",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^[0-9A-Z]{9}$",
    alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    input_lengths=(7, 12),
    kind="identifier",
    personal=True,
    unique=True,
    type_name="Passport",
    example="E12345678",
)
