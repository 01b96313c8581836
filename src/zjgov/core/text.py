"""The one text normaliser of zjgov: identifier text, identical for a value and for a column.

Every package that compares or checks identifiers — codes, quality rules, keys, schemas,
detectors — goes through these functions, so a value means the same thing everywhere. The
rules (see ``docs/normalisation.md``):

1. Full-width ASCII forms U+FF01–U+FF5E (the part of NFKC that matters for identifiers typed
   on Chinese keyboards) become ASCII: ``３３０１`` → ``3301``, ``Ｘ`` → ``X``.
2. Unicode spaces (tab, NBSP, U+2002/2003/2009, zero-width space, ideographic space U+3000,
   BOM) become ``' '``; dashes (U+2010–2015, minus U+2212, U+FE63) become ``'-'``.
3. ASCII letters become upper case (other scripts are left alone).
4. The separators the code allows (``' '`` and ``'-'`` by default) are removed.
5. Nothing else is folded: circled, super/subscript, Roman and other NFKC compatibility
   characters (``①``, ``²``, ``Ⅷ``) stay as they are, so ``①①0105`` is a format error, not a
   silent match for ``110105``.

Public names for other packages (stable): :func:`to_text`, :func:`is_missing`,
:func:`normalise`, :func:`compact`, :func:`normalise_codepoints`, :func:`to_arrow`,
:func:`compact_arrow`, :func:`compact_column`, :data:`DEFAULT_SEPARATORS`.
Quality rules (``quality/builtin``'s ``normalised``) should call :func:`compact_column`.

>>> compact("３３０１０６ 1990-0101-123x")
'33010619900101123X'
>>> compact("浙Ａ·12345", separators=" ·")
'浙A12345'
>>> compact_column(["１１–0105", "①①0105", " ", None, 3.5]).to_pylist()
['110105', '①①0105', None, None, None]
"""

from __future__ import annotations

import functools
import math
import numbers
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from zjgov.core import lazy
from zjgov.core.arrow import byte_rows, codepoint_matrix, mask, offsets_data, rewrite_rows, string_array
from zjgov.core.errors import InvalidLength, InvalidType, MissingValue, ValidationError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
else:  # imported on first use: a scalar check never needs NumPy or pyarrow
    np = lazy.module("numpy")
    pa, pc = lazy.module("pyarrow"), lazy.module("pyarrow.compute")

__all__ = [
    "DEFAULT_SEPARATORS",
    "compact",
    "compact_arrow",
    "compact_column",
    "encodable",
    "is_missing",
    "normalise",
    "normalise_codepoints",
    "to_arrow",
    "to_text",
]

FULLWIDTH_FIRST, FULLWIDTH_LAST, FULLWIDTH_SHIFT = 0xFF01, 0xFF5E, 0xFEE0
SPACES = (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x2002, 0x2003, 0x2009, 0x200B, 0x3000, 0xFEFF)
DASHES = (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63)
DEFAULT_SEPARATORS = " -"
#: An integer with more bits than this is far longer than any identifier: ``length`` at once
#: (and ``str()`` of a 5000-digit int would raise).
_MAX_INT_BITS = 512

_TRANSLATE: dict[int, int] = {
    **{cp: cp - FULLWIDTH_SHIFT for cp in range(FULLWIDTH_FIRST, FULLWIDTH_LAST + 1)},
    **dict.fromkeys(SPACES, 0x20),
    **dict.fromkeys(DASHES, 0x2D),
}
for _cp in range(FULLWIDTH_FIRST, FULLWIDTH_LAST + 1):  # full-width a-z go straight to A-Z
    if 0x61 <= _cp - FULLWIDTH_SHIFT <= 0x7A:
        _TRANSLATE[_cp] -= 0x20
_TRANSLATE.update({cp: cp - 0x20 for cp in range(0x61, 0x7B)})


@functools.cache
def _bmp_table() -> np.ndarray:
    """For :func:`normalise_codepoints`: code point -> normalised, over the BMP (built once)."""
    table = np.arange(0x10000, dtype=np.uint32)
    table[list(_TRANSLATE)] = list(_TRANSLATE.values())
    return table


def to_text(value: object) -> str:
    """Return ``value`` as text, or raise ``MissingValue`` / ``InvalidType`` / ``InvalidLength``.

    Integers are accepted as their decimal digits (an ID column read as int64); floats,
    booleans, bytes, time spans and other objects are refused because their digits cannot be
    trusted. Never calls ``str()`` or ``==`` of an arbitrary object, so it never raises anything
    but a :class:`ValidationError`.

    >>> to_text(13800138000)
    '13800138000'
    >>> to_text(3.301e17)
    Traceback (most recent call last):
    zjgov.errors.InvalidType: ...
    >>> to_text(10**5000)
    Traceback (most recent call last):
    zjgov.errors.InvalidLength: ...
    """
    if isinstance(value, str):  # a str subclass becomes a plain str: its own methods never run
        return value if type(value) is str else str.__getitem__(value, slice(None))
    if value is None or is_missing(value):
        raise MissingValue("missing")
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_, np.timedelta64)):
        try:
            number = int(value)
        except Exception:  # a user class registered as Integral whose __int__ fails
            raise InvalidType("type") from None
        if number.bit_length() > _MAX_INT_BITS:
            raise InvalidLength("length")
        return str(number)
    raise InvalidType("type")


def is_missing(value: object) -> bool:
    """Whether a scalar is a missing value: ``None``, NaN, ``pandas.NA``, ``NaT`` (never raises)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (str, bytes, int)):
        return False
    loaded = sys.modules.get("pandas")  # pandas' own scalars exist only once pandas is imported
    if loaded is not None and (value is loaded.NA or value is loaded.NaT):
        return True
    if isinstance(value, (np.floating, np.datetime64, np.timedelta64)):
        return bool(np.isnat(value)) if isinstance(value, (np.datetime64, np.timedelta64)) else bool(np.isnan(value))
    try:  # other scalars pandas knows (Decimal NaN, pandas Timestamps …)
        if type(value).__module__.split(".")[0] in ("pandas", "decimal", "numpy"):
            import pandas as pd

            return bool(pd.isna(value)) if np.ndim(value) == 0 else False  # type: ignore[arg-type]
    except Exception:
        return False
    return False


def normalise(text: str) -> str:
    """Fold full-width forms, spaces and dashes; upper-case ASCII letters (rules 1–3)."""
    return str.translate(text, _TRANSLATE)


def preimages(target: str) -> frozenset[str]:
    """Every character that :func:`normalise` turns into the one character ``target``.

    >>> sorted(preimages("X"))
    ['X', 'x', 'Ｘ', 'ｘ']
    """
    out = {target} if normalise(target) == target else set()
    return frozenset(out | {chr(cp) for cp, to in _TRANSLATE.items() if to == ord(target)})


def compact(value: object, separators: str = DEFAULT_SEPARATORS) -> str:
    """Normalise ``value`` and remove ``separators``; raise ``MissingValue`` if nothing is left."""
    text = normalise(to_text(value))
    if separators:
        text = text.translate(_removal(separators))
    if not text:
        raise MissingValue("missing")
    return text


@functools.cache
def _removal(separators: str) -> dict[int, None]:
    """The ``str.translate`` table that removes ``separators`` (normalised), built once per set."""
    return dict.fromkeys(map(ord, normalise(separators)))


def normalise_codepoints(m: np.ndarray) -> np.ndarray:
    """:func:`normalise` over a matrix of code points (one row per value), in place.

    One lookup in a table of the Basic Multilingual Plane (the same mapping as :func:`normalise`);
    code points above U+FFFF are left as they are.
    """
    m[...] = np.where(m <= 0xFFFF, _bmp_table()[np.minimum(m, 0xFFFF)], m)
    return m


# -- columns -------------------------------------------------------------------------------
def to_arrow(series: pd.Series) -> tuple[pa.Array, np.ndarray]:
    """The column as one Arrow ``large_string`` array, and a mask of cells that are not text.

    Integers become their decimal digits, missing values (None, NaN, NA) become nulls, and
    floats, booleans, bytes, lists and other objects are flagged (the reason ``type``; their
    cells are null). Lone surrogates are replaced one character for one (they are not UTF-8).
    """
    import pandas as pd  # a column path

    n = len(series)
    no = np.zeros(n, dtype=bool)
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        target = dtype.categories.dtype if len(dtype.categories) else object
        series = series.astype(target)
        dtype = series.dtype
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        try:
            arr = pa.array(series, from_pandas=True)
        except (UnicodeEncodeError, pa.ArrowException):  # lone surrogates in Python-backed strings
            return to_arrow(series.astype(object))
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        return arr.cast(pa.large_string()), no
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        return pa.array(series, from_pandas=True).cast(pa.large_string()), no
    if not pd.api.types.is_object_dtype(dtype):  # floats, booleans, datetimes: never identifier text
        nulls = series.isna().to_numpy()
        return pa.nulls(n, pa.large_string()), ~nulls
    values = series.to_numpy()
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):
        try:
            return pa.array(values, type=pa.large_string(), from_pandas=True), no
        except (UnicodeEncodeError, pa.ArrowException):  # lone surrogates: the per-value pass
            pass
    out: list[str | None] = [None] * n
    bad = np.zeros(n, dtype=bool)
    for i, v in enumerate(values):  # mixed object column: one pass to sort out the types
        try:
            out[i] = encodable(to_text(v))
        except ValidationError as exc:
            bad[i] = exc.reason != "missing"
    return pa.array(out, type=pa.large_string()), bad


def encodable(s: str) -> str:
    """``s`` with lone surrogates (not valid UTF-8) replaced, one character for one."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return s


def compact_arrow(arr: pa.Array, separators: str = DEFAULT_SEPARATORS) -> pa.Array:
    """:func:`compact` over a ``large_string`` array (nulls stay null, blank values become ``""``).

    Only rows holding a byte that normalising changes (found by one NumPy scan of the data
    buffer) are rewritten; a clean column comes back as it is.
    """
    seps = normalise(separators)
    return rewrite_rows(arr, byte_rows(arr, dirty_bytes(seps)), lambda sub: _compact_rows(sub, seps))


def compact_column(column: pd.Series | pa.Array | Iterable[Any], separators: str = DEFAULT_SEPARATORS) -> pa.Array:
    """The compact form of every cell of a column as a string array, row for row (an Arrow
    array without anything to change comes back as it is).

    Missing, blank and non-text cells (floats, booleans, objects) become nulls; integers are
    their digits. This is the form keys, uniqueness and cross-field rules compare.
    """
    import pandas as pd  # a column path

    if isinstance(column, (pa.Array, pa.ChunkedArray)):
        arr = string_array(column)
    else:
        series = column if isinstance(column, pd.Series) else pd.Series(list(column), dtype=object)
        arr, bad = to_arrow(series)
        if bad.any():
            arr = pc.if_else(pa.array(bad), pa.scalar(None, pa.large_string()), arr)
    seps = normalise(separators)
    if len(byte_rows(arr, dirty_bytes(seps))):  # one scan; a clean column comes back as it is
        large = arr if pa.types.is_large_string(arr.type) else arr.cast(pa.large_string())
        arr = compact_arrow(large, separators)
    offs, _, _ = offsets_data(arr)
    empty = np.diff(offs) == 0
    if arr.null_count:
        empty &= mask(arr.is_valid())
    if empty.any():
        arr = pc.if_else(pa.array(empty), pa.scalar(None, arr.type), arr)
    return arr


@functools.cache
def dirty_ascii(seps: str) -> frozenset[int]:
    """The ASCII bytes that normalising (with the separators ``seps``) changes or removes.

    >>> sorted(dirty_ascii(" -"))[:3], ord("a") in dirty_ascii(""), ord("A") in dirty_ascii("")
    ([9, 10, 11], True, False)
    """
    return frozenset(b for b in range(0x80) if normalise(chr(b)) != chr(b) or chr(b) in seps)


@functools.cache
def dirty_bytes(seps: str) -> np.ndarray:
    """:func:`dirty_ascii` and every byte of a non-ASCII character: a 256-entry boolean table."""
    table = np.zeros(256, dtype=bool)
    table[0x80:] = True
    table[sorted(dirty_ascii(seps))] = True
    return table


@functools.cache
def _ascii_spaces() -> np.ndarray:
    """Bytes that are ASCII control spaces (tab to carriage return)."""
    table = np.zeros(256, dtype=bool)
    table[0x09:0x0E] = True
    return table


def _compact_rows(arr: pa.Array, seps: str) -> pa.Array:
    out = pc.ascii_upper(arr)  # with the ASCII spaces below, exact on ASCII rows; the others are replaced
    spaces = byte_rows(out, _ascii_spaces())
    out = rewrite_rows(out, spaces, lambda a: pc.replace_substring_regex(a, r"[\t\n\x0b\x0c\r]", " "))
    rows = np.flatnonzero(~mask(pc.string_is_ascii(arr)) & mask(pc.is_valid(arr)))
    if len(rows):
        sub = arr.take(pa.array(rows))
        chars = pc.utf8_length(sub).to_numpy(zero_copy_only=False)
        m = normalise_codepoints(codepoint_matrix(sub))
        cells = m[np.arange(m.shape[1]) < chars[:, None]]
        nbytes = 1 + (cells >= 0x80) + (cells >= 0x800) + (cells >= 0x10000)
        ends = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(np.add.reduceat(nbytes, np.r_[0, np.cumsum(chars)[:-1]]) * (chars > 0), out=ends[1:])
        data = cells.astype("<u4").tobytes().decode("utf-32-le").encode("utf-8")
        fixed = pa.LargeStringArray.from_buffers(len(rows), pa.py_buffer(ends.tobytes()), pa.py_buffer(data))
        where = np.zeros(len(arr), dtype=bool)
        where[rows] = True
        out = pc.replace_with_mask(out, pa.array(where), fixed)
    for sep in dict.fromkeys(seps):
        out = pc.replace_substring(out, sep, "")
    return out
