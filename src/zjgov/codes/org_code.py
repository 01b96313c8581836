"""GB 11714-1997 全国组织机构代码 (organisation code).

Eight body characters (digits and upper-case letters) and a check character, displayed as
``XXXXXXXX-X``. Check: letter values ``A=10 … Z=35``, weights ``3 7 9 10 5 8 4 2``,
``C = 11 − (Σ mod 11)`` with 10 → ``X`` and 11 → ``0``. Since 2015 the code lives on as
characters 9–17 of the unified social credit code (``zjgov.codes.uscc``).

>>> validate("71610585-2")
'716105852'
>>> format("MA01A7RH2")
'MA01A7RH-2'
>>> validate("10000018-0")
Traceback (most recent call last):
zjgov.errors.InvalidChecksum: ...
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING

from zjgov.codes import _engine
from zjgov.codes._engine import Verdict, weighted_sum
from zjgov.codes.spec import CodeSpec
from zjgov.core import lazy

if TYPE_CHECKING:
    import numpy as np
else:  # imported on first use: a scalar check never needs NumPy
    np = lazy.module("numpy")

TITLE = ("组织机构代码", "organisation code")
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
#: PDY00001–PDY99999 is reserved for internal use, not for exchange between systems.
RESERVED_PREFIX = "PDY"


@functools.cache
def _check_cp() -> np.ndarray:
    """Code points of the check characters, indexed by ``11 - (sum % 11)``."""
    return np.array([ord(c) for c in "0123456789X0"], dtype=np.uint32)


def check_chars(m: np.ndarray) -> np.ndarray:
    """Vectorised: the expected check character (code point) of 8-character bodies."""
    v = _engine.values(m, ALPHABET)
    return _check_cp()[11 - weighted_sum(v, WEIGHTS) % 11]


def check_char(body8: str) -> str:
    """The check character of an 8-character body.

    >>> check_char("10000018")
    'X'
    """
    m = np.frombuffer(body8.encode("utf-32-le"), np.uint32).reshape(1, -1)
    return chr(check_chars(m)[0])


def _options(*, allow_reserved: bool = False) -> dict:
    return {"allow_reserved": bool(allow_reserved)}


@functools.cache
def _value_table() -> np.ndarray:
    """Byte -> GB 11714 value, 255 outside the alphabet."""
    table = np.full(256, 255, dtype=np.uint8)
    table[[ord(c) for c in ALPHABET]] = np.arange(len(ALPHABET))
    return table


def _kernel(m: np.ndarray, v: Verdict, *, allow_reserved: bool) -> None:
    x = _engine.lookup(m, _value_table(), 255)  # one lookup gives membership and values
    ok = x != 255
    ok[:, 8] = (x[:, 8] <= 9) | (m[:, 8] == ord("X"))
    v.fail_chars(ok)
    v.fail(_check_cp()[11 - weighted_sum(x[:, :8], WEIGHTS) % 11] != m[:, 8], "checksum", 9)
    if not allow_reserved:
        reserved = (m[:, 0] == ord("P")) & (m[:, 1] == ord("D")) & (m[:, 2] == ord("Y"))
        v.fail(reserved, "component:reserved", 1)


_engine.i18n.add(
    {
        "component:reserved": (
            "{title}：PDY 开头的代码为内部自定义代码，不用于交换",
            "{title}: PDY codes are reserved for internal use",
        )
    }
)
_CODE = _engine.Code("org_code", TITLE, (9,), _kernel, _options)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object, **options) -> str:
    """The display form ``XXXXXXXX-X``."""
    number = validate(value, **options)
    return f"{number[:8]}-{number[8]}"


@dataclasses.dataclass(frozen=True)
class OrgCodeInfo:
    number: str
    body: str
    check: str


def parse(value: object, **options) -> OrgCodeInfo:
    """The body and check character."""
    number = validate(value, **options)
    return OrgCodeInfo(number, number[:8], number[8])


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "org_code",
    TITLE,
    standard="GB 11714-1997",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^[0-9A-Z]{8}[0-9X]$",
    alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    input_lengths=(9, 11),
    kind="identifier",
    personal=False,
    unique=True,
    type_name="OrgCode",
    standard_keys=("GB11714",),
    example="000000000",
)
