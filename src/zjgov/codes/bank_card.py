"""Bank card numbers (银行卡号, ISO/IEC 7812 primary account number as issued in China).

16 to 19 digits, the last a Luhn (mod 10) check digit; the first six are the issuer
identification number (BIN, 发卡行识别码). UnionPay cards (银联卡) start with ``62``, but
co-branded cards start with 4, 5 or 3 and very old domestic cards with other digits, so the
prefix is reported, never required. ``allow_15=True`` also accepts 15 digits (some older
cards and American Express).

Display masking keeps at most the first six and the last four digits (PCI DSS ceiling, common
bank practice): ``622202******7894``.

>>> validate("6222 0212 3456 7894")
'6222021234567894'
>>> format("6228480030212345679")
'6228 4800 3021 2345 679'
>>> mask("6222021234567894")
'622202******7894'
>>> p = parse("5432123456788881")
>>> p.bin, p.is_unionpay, p.length, p.last4
('543212', False, 16, '8881')
>>> validate("6222021234567895")
Traceback (most recent call last):
zjgov.errors.InvalidChecksum: ...
"""

from __future__ import annotations

import dataclasses

import numpy as np

from zjgov.codes import _engine
from zjgov.codes._engine import Verdict, digit_values, digits
from zjgov.codes.spec import CodeSpec

TITLE = ("银行卡号", "bank card number")
UNIONPAY_PREFIX = "62"
_DOUBLE = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.int64)  # digit d doubled, digits summed


def luhn_ok(m: np.ndarray) -> np.ndarray:
    """Vectorised: which rows of digit code points pass the Luhn check (check digit last)."""
    d = m.astype(np.int64) - 0x30
    total = np.zeros(len(m), dtype=np.int64)
    for j in range(m.shape[1]):
        from_right = m.shape[1] - 1 - j
        total += _DOUBLE[d[:, j]] if from_right % 2 else d[:, j]
    return total % 10 == 0


def check_digit(body: str) -> str:
    """The Luhn check digit to append to ``body``.

    >>> check_digit("622202123456789")
    '4'
    """
    total = sum(int(_DOUBLE[int(c)]) if i % 2 == 0 else int(c) for i, c in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def _options(*, allow_15: bool = False) -> dict:
    return {"allow_15": bool(allow_15)}


def _kernel(m: np.ndarray, v: Verdict, *, allow_15: bool) -> None:
    """:func:`_rules` with bytes all the way: bad characters by one row maximum, Luhn in ``uint8``."""
    if m.shape[1] == 15 and not allow_15:
        v.fail(np.ones(len(m), bool), "length")
        return
    dv = digit_values(m)  # wrapping: a cell is a digit exactly when its value is <= 9
    bad = dv.max(axis=1) > 9
    if bad.any():
        position = np.zeros(len(m), dtype=np.int32)
        position[bad] = np.argmax(dv[bad] > 9, axis=1) + 1
        v.fail(bad, "format", position)
    # A doubled digit d adds 2d - 9 when d >= 5: modulo 10 that is d + d + (d >= 5). Both sums stay
    # below 256 for up to 19 digits (on digit rows; the others have failed and may wrap).
    width = m.shape[1]
    plain = np.zeros(len(m), dtype=np.uint8)
    doubled = np.zeros(len(m), dtype=np.uint8)
    high = np.empty(len(m), dtype=np.uint8)
    for j in range(width):
        col = dv[:, j]
        plain += col
        if (width - 1 - j) % 2:
            doubled += col
            np.greater_equal(col, 5, out=high, casting="unsafe")
            doubled += high
    total = plain.astype(np.uint16)
    total += doubled
    v.fail(total % 10 != 0, "checksum", width)


def _rules(m: np.ndarray, v: Verdict, *, allow_15: bool) -> None:
    """The reference :func:`_kernel` must agree with (tests/test_fast_paths.py)."""
    if m.shape[1] == 15 and not allow_15:
        v.fail(np.ones(len(m), bool), "length")
        return
    v.fail_chars(digits(m))
    v.fail(~luhn_ok(np.where(digits(m), m, 0x30)), "checksum", m.shape[1])


def _accept(offs: np.ndarray, data: np.ndarray, lens: np.ndarray, **options) -> np.ndarray | None:
    """The rows of a block that :func:`_kernel` accepts as they stand, read from the UTF-8 bytes.

    Each row of a valid length is read as two or three (overlapping) 8-byte words instead of one
    byte at a time, then checked by the kernel. An accepted row is all digits, which normalising
    leaves alone; the other rows go through the kernel as usual.
    """
    if len(data) < 8:
        return None
    words = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))  # unaligned 8-byte reads
    accepted = np.zeros(len(lens), dtype=bool)
    for length in _CODE.lengths:
        rows = np.flatnonzero(lens == length)
        if not len(rows):
            continue
        starts = offs[rows]
        k = (length + 7) // 8
        raw = np.empty((len(rows), k), dtype="<u8")
        for i in range(k - 1):
            raw[:, i] = words[starts + 8 * i]
        raw[:, k - 1] = words[starts + (length - 8)]  # the last word ends with the value
        head = 8 * (k - 1)  # bytes of the full words; the last word adds the rest
        cols = [
            *range(head),
            *range(2 * head - length + 8, 8 * k),
        ]  # value byte b >= head is at head + b - (length - 8)
        m = np.asfortranarray(raw.view(np.uint8)[:, cols])
        v = Verdict(len(rows))
        _kernel(m, v, **options)
        accepted[rows] = v.reason == 0
    return accepted


_CODE = _engine.Code("bank_card", TITLE, (15, 16, 17, 18, 19), _kernel, _options, accept=_accept)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object, **options) -> str:
    """Groups of four digits: ``6222 0212 3456 7894``."""
    number = validate(value, **options)
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def mask(value: object, **options) -> str:
    """First six and last four digits, the rest ``*``: ``622202******7894``."""
    number = validate(value, **options)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


@dataclasses.dataclass(frozen=True)
class BankCardInfo:
    """The parts of a bank card number."""

    number: str
    bin: str  # first six digits, issuer identification number
    is_unionpay: bool  # starts with 62
    length: int
    last4: str
    check_digit: str
    masked: str  # 622202******7894


def parse(value: object, **options) -> BankCardInfo:
    """Validate ``value`` and return its parts."""
    number = validate(value, **options)
    return BankCardInfo(
        number=number,
        bin=number[:6],
        is_unionpay=number.startswith(UNIONPAY_PREFIX),
        length=len(number),
        last4=number[-4:],
        check_digit=number[-1],
        masked=number[:6] + "*" * (len(number) - 10) + number[-4:],
    )


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "bank_card",
    TITLE,
    standard="ISO/IEC 7812-1",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^[0-9]{15,19}$",
    alphabet="0123456789",
    input_lengths=(12, 23),
    kind="identifier",
    personal=True,
    unique=True,
    type_name="BankCard",
    example="0000000000000000",
)
