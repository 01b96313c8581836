"""Normalisation of identifier text, identical for one value and for a whole column.

Full-width ASCII forms (U+FF01–U+FF5E, the part of NFKC that matters for identifiers typed
on Chinese keyboards) become ASCII, Unicode spaces and dashes become ``' '`` and ``'-'``,
ASCII letters become upper case, and the separators a code allows are removed. Other
compatibility characters (superscripts, circled or Roman numerals) are *not* folded: an
identifier written with ``②`` is a format error, not a silent match.

>>> compact("３３０１０６ 1990-0101-123x")
'33010619900101123X'
>>> compact("浙Ａ·12345", separators=" ·")
'浙A12345'
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from zjgov.errors import InvalidType, MissingValue

FULLWIDTH_FIRST, FULLWIDTH_LAST, FULLWIDTH_SHIFT = 0xFF01, 0xFF5E, 0xFEE0
SPACES = (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x2002, 0x2003, 0x2009, 0x200B, 0x3000, 0xFEFF)
DASHES = (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63)
DEFAULT_SEPARATORS = " -"

_TRANSLATE: dict[int, int] = {
    **{cp: cp - FULLWIDTH_SHIFT for cp in range(FULLWIDTH_FIRST, FULLWIDTH_LAST + 1)},
    **dict.fromkeys(SPACES, 0x20),
    **dict.fromkeys(DASHES, 0x2D),
}
for _cp in range(FULLWIDTH_FIRST, FULLWIDTH_LAST + 1):  # full-width a-z go straight to A-Z
    if 0x61 <= _cp - FULLWIDTH_SHIFT <= 0x7A:
        _TRANSLATE[_cp] -= 0x20
_TRANSLATE.update({cp: cp - 0x20 for cp in range(0x61, 0x7B)})
_SPACES_ARRAY = np.array(SPACES, dtype=np.uint32)
_DASHES_ARRAY = np.array(DASHES, dtype=np.uint32)
_BMP_TABLE = np.arange(0x10000, dtype=np.uint32)  # normalise_codepoints: code point -> normalised
_BMP_TABLE[list(_TRANSLATE)] = list(_TRANSLATE.values())


def to_text(value: object) -> str:
    """Return ``value`` as text, or raise ``MissingValue`` / ``InvalidType``.

    Integers are accepted as their decimal digits (an ID column read as int64); floats,
    bytes and other objects are refused because their digits cannot be trusted.

    >>> to_text(13800138000)
    '13800138000'
    >>> to_text(3.301e17)
    Traceback (most recent call last):
    zjgov.errors.InvalidType: ...
    """
    if isinstance(value, str):
        return value
    if value is None or _is_nan(value):
        raise MissingValue("missing")
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        return str(int(value))
    raise InvalidType("type")


def _is_nan(value: object) -> bool:
    if isinstance(value, float):
        return math.isnan(value)
    try:  # pandas.NA, pandas.NaT, numpy floats
        import pandas as pd

        return bool(pd.isna(value)) if np.ndim(value) == 0 else False
    except (TypeError, ValueError):
        return False


def normalise(text: str) -> str:
    """Fold full-width forms, spaces and dashes; upper-case ASCII letters."""
    return text.translate(_TRANSLATE)


def compact(value: object, separators: str = DEFAULT_SEPARATORS) -> str:
    """Normalise ``value`` and remove ``separators``; raise ``MissingValue`` if nothing is left."""
    text = normalise(to_text(value))
    if separators:
        text = text.translate(dict.fromkeys(map(ord, normalise(separators))))
    if not text:
        raise MissingValue("missing")
    return text


def normalise_codepoints(m: np.ndarray) -> np.ndarray:
    """:func:`normalise` over a matrix of code points (one row per value), in place.

    One lookup in a table of the Basic Multilingual Plane (the same mapping as :func:`normalise`);
    code points above U+FFFF are left as they are.
    """
    m[...] = np.where(m <= 0xFFFF, _BMP_TABLE[np.minimum(m, 0xFFFF)], m)
    return m
