"""Travel permits between the mainland, Hong Kong, Macau and Taiwan (出入境通行证).

The first character gives the kind:

=====================  =============================================  ==========================
kind                   forms                                          example
=====================  =============================================  ==========================
hk_macau_resident      港澳居民来往内地通行证 (回乡证): ``H`` (Hong Kong)  ``H12345678``,
                       / ``M`` (Macau) + the holder's 8-digit          ``H1234567801``
                       lifelong number (card face), + 2 more digits
                       for the issue count (00 = first card), older
                       booklets ``H``/``M`` + letter + 6 or 7 digits
taiwan_resident        台湾居民来往大陆通行证 (台胞证): 8 digits (card,   ``12345678``
                       since 2015), 10 digits (older booklets)
to_hk_macau            往来港澳通行证 (mainland residents): ``C`` + 8   ``C12345678``, ``CA1234567``
                       digits, ``C`` + letter + 7 digits (card),
                       ``W`` + 8 digits (older booklet)
to_taiwan              大陆居民往来台湾通行证: ``L`` + 8 digits           ``L12345678``
=====================  =============================================  ==========================

Letters never include I or O. Within this module the kinds do not overlap, but the Taiwan
forms carry no marker: *any* 8- or 10-digit number passes as a Taiwan residents' permit, and
8 digits also look like many other numbers. When a column is known to hold one kind, say so
with ``kind=`` (a name or a collection of names); a value of another kind then fails with
``component:kind``. The one-off short-term Taiwan permits (10–12 letters and digits) are not
accepted.

>>> validate("h12345678")
'H12345678'
>>> p = parse("H1234567802")
>>> p.kind, p.issue_count, p.card
('hk_macau_resident', 2, True)
>>> parse("12345678").kind
'taiwan_resident'
>>> is_valid("12345678", kind="to_hk_macau")
False
>>> validate("CI1234567")
Traceback (most recent call last):
zjgov.errors.InvalidFormat: ...
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

TITLE = ("通行证号码", "travel permit number")
KINDS = ("hk_macau_resident", "taiwan_resident", "to_hk_macau", "to_taiwan")
Kind = Literal["hk_macau_resident", "taiwan_resident", "to_hk_macau", "to_taiwan"]
KIND_NAMES = {
    "hk_macau_resident": "港澳居民来往内地通行证",
    "taiwan_resident": "台湾居民来往大陆通行证",
    "to_hk_macau": "往来港澳通行证",
    "to_taiwan": "大陆居民往来台湾通行证",
}
#: first character -> kind; digits mean a Taiwan residents' permit.
SERIES = {"H": "hk_macau_resident", "M": "hk_macau_resident", "C": "to_hk_macau", "W": "to_hk_macau"}
SERIES["L"] = "to_taiwan"
#: lengths allowed for each first character ("0" stands for any digit).
LENGTHS = {"0": (8, 10), "H": (8, 9, 11), "M": (8, 9, 11), "C": (9,), "W": (9,), "L": (9,)}
_ALL_LENGTHS = (8, 9, 10, 11)
_KIND_OF_FIRST = np.zeros(128, dtype=np.int8)
_KIND_OF_FIRST[0x30:0x3A] = KINDS.index("taiwan_resident")
for _c, _k in SERIES.items():
    _KIND_OF_FIRST[ord(_c)] = KINDS.index(_k)


def _options(*, kind: str | Iterable[str] | None = None) -> dict:
    return {"kind": kinds_option(kind, KINDS)}


def _prefix_tables() -> dict[int, np.ndarray]:
    """Per length, ``[first, second]`` -> whether the first two characters start a valid number."""
    digits_ = [ord(c) for c in "0123456789"]
    letters = [ord(c) for c in LETTERS]
    tables = {n: np.zeros((256, 256), dtype=bool) for n in _ALL_LENGTHS}
    for n in (8, 10):  # Taiwan residents: all digits
        tables[n][np.ix_(digits_, digits_)] = True
    for head in "HM":
        tables[8][ord(head), letters] = True  # booklet: letter + 6 digits
        tables[11][ord(head), digits_] = True  # card number + issue count
    for head in "HMCWL":
        tables[9][ord(head), digits_] = True
    for head in "HMC":
        tables[9][ord(head), letters] = True
    return tables


_PREFIX = _prefix_tables()
#: ``[length - 8]`` then the first two bytes read as one little-endian uint16: a valid prefix pair
_PREFIX_WORD = np.concatenate([np.ascontiguousarray(_PREFIX[n].T).ravel() for n in _ALL_LENGTHS])
_ZEROS = 0x3030303030303030
#: per length 8-11, the bytes of the word ending the value that lie before character 2 (forced to '0')
_HEAD_MASK = np.array([(1 << (8 * max(10 - n, 0))) - 1 for n in _ALL_LENGTHS], dtype=np.uint64)


def _accept(offs: np.ndarray, data: np.ndarray, lens: np.ndarray, *, kind: frozenset[str] | None) -> np.ndarray | None:
    """The engine's byte-level quick accept (:func:`_kernel`'s quick path on the raw bytes): a
    valid prefix pair for the length, then digits. One pass over every row: the last eight
    bytes are tested as one word (SWAR, see :func:`zjgov.codes._engine.word_digits`); an
    eleven-byte value also needs its third byte."""
    if kind is not None:
        return None
    first, second = _engine.head16(data, offs[:-1])  # one gather: bytes 0-15 of every row
    fits = (lens >= 8) & (lens <= 11)
    slot = np.clip(lens - 8, 0, 3)
    pair = (first & np.uint64(0xFFFF)).astype(np.int64)
    ok = np.take(_PREFIX_WORD, slot * 65536 + pair) & fits
    word = _engine.shifted(first, second, slot)  # the last eight bytes of the value
    mask = np.take(_HEAD_MASK, slot)
    ok &= _engine.word_digits((word & ~mask) | (mask & np.uint64(_ZEROS)))
    third = (first >> np.uint64(16)) & np.uint64(0xFF)  # an eleven-byte value's third byte
    ok &= (lens != 11) | ((third >= 0x30) & (third <= 0x39))
    return ok


def _kernel(m: np.ndarray, v: Verdict, *, kind: frozenset[str] | None) -> None:
    if kind is not None:  # the kind of every row is needed: the full rules
        _rules(m, v, kind=kind)
        return
    first, second = m[:, :2].T if m.dtype == np.uint8 else np.minimum(m[:, :2], 255).T
    accepted = _PREFIX[m.shape[1]][first, second]
    for j in range(2, m.shape[1]):
        accepted &= classes(m[:, j]) == DIGIT
    refine(m, v, accepted, _rules, kind=kind)


def _rules(m: np.ndarray, v: Verdict, *, kind: frozenset[str] | None) -> None:
    """The full rules, with the precise reason and position of every failure."""
    m = m if m.dtype == np.uint8 else m.astype(np.uint32, copy=False)  # ASCII rows stay one byte wide
    length = m.shape[1]
    digit = digits(m)
    letter = in_alphabet(m, LETTERS)
    first = m[:, 0]
    v.fail(~(digit[:, 0] | in_alphabet(m[:, :1], "ABCDEFGHIJKLMNOPQRSTUVWXYZ")[:, 0]), "format", 1)
    known = digit[:, 0] | _engine._one_of(first, [ord(c) for c in SERIES])
    v.fail(~known, "component:series", 1)
    fits = np.zeros(len(m), dtype=bool)
    for char, lengths in LENGTHS.items():
        if length in lengths:
            fits |= digit[:, 0] if char == "0" else first == ord(char)
    v.fail(~fits, "length")
    hm = (first == ord("H")) | (first == ord("M"))
    ok = digit.copy()
    ok[:, 0] = True
    if length == 8:
        ok[:, 1] = np.where(hm, letter[:, 1], digit[:, 1])
    elif length == 9:
        ok[:, 1] |= letter[:, 1] & (hm | (first == ord("C")))
    v.fail_chars(ok)
    fail_kinds(v, _KIND_OF_FIRST[np.minimum(first, 127)], kind, KINDS)


# Only spaces separate: a hyphen would turn a date such as 2023-01-02 into an 8-digit Taiwan permit.
_CODE = _engine.Code("travel_permit", TITLE, _ALL_LENGTHS, _kernel, _options, separators=" ", accept=_accept)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object, **options) -> str:
    """The canonical upper-case form."""
    return validate(value, **options)


@dataclasses.dataclass(frozen=True)
class TravelPermitInfo:
    """The parts of a travel permit number."""

    number: str
    kind: Kind
    kind_name: str  # Chinese name of the permit
    region: Literal["hong_kong", "macau"] | None  # hk_macau_resident only
    card: bool  # card (True) or older booklet (False)
    issue_count: int | None  # 换证次数 (0 = first card) where the number carries it
    holder_number: str | None  # H/M + the 8-digit lifelong number (终身号), same on every renewed card


def parse(value: object, **options) -> TravelPermitInfo:
    """Validate ``value`` and return its parts.

    >>> parse("MA123456").region, parse("MA123456").card
    ('macau', False)
    """
    number = validate(value, **options)
    first = number[0]
    kind = SERIES.get(first, "taiwan_resident")
    region = {"H": "hong_kong", "M": "macau"}.get(first) if kind == "hk_macau_resident" else None
    count = holder = None
    if kind == "hk_macau_resident":
        card = number[1].isdigit()
        count = int(number[-2:]) if len(number) == 11 else None
        holder = number[:9] if card else None
    elif kind == "taiwan_resident":
        card = len(number) == 8
    else:
        card = first != "W"
    return TravelPermitInfo(number, kind, KIND_NAMES[kind], region, card, count, holder)  # type: ignore[arg-type]


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "travel_permit",
    TITLE,
    standard="出入境通行证 (NIA)",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^[0-9A-Z]{8,11}$",
    alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    input_lengths=(8, 13),
    kind="identifier",
    personal=True,
    unique=True,
    type_name="TravelPermit",
    example="L00000000",
)
