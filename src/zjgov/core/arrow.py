"""Arrow column access shared by every vectorised kernel (internal; stable names).

* :func:`mask` — an Arrow boolean array (or chunked array) as a NumPy ``bool`` array, nulls
  filled with ``fill``;
* :func:`offsets_data` — the offsets (absolute, ``n + 1``) and the whole data buffer of a
  string array, zero copy;
* :func:`byte_matrix` — the first ``width`` bytes of chosen rows as an ``(rows, width)``
  ``uint8`` matrix (a view of the buffer when every row has that width);
* :func:`codepoint_matrix` — strings as a zero-padded ``uint32`` code-point matrix;
* :func:`byte_rows` / :func:`rewrite_rows` — find rows holding certain bytes, replace rows;
* :func:`string_array` — any Arrow array or chunked array as one ``string``/``large_string`` array;
* :func:`blank` — null, empty or only white space, testing only values that may start with a space.

>>> import pyarrow as pa
>>> mask(pa.array([True, None, False])).tolist()
[True, False, False]
>>> offs, data, _ = offsets_data(pa.array(["ab", "c"]))
>>> offs.tolist(), bytes(data[offs[0]:offs[-1]])
([0, 2, 3], b'abc')
>>> byte_matrix(offs, data, np.array([0, 1]), 1).tolist()
[[97], [99]]
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from zjgov.core import lazy

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
else:  # imported on first use: a scalar check never needs NumPy or pyarrow
    np = lazy.module("numpy")
    pa, pc = lazy.module("pyarrow"), lazy.module("pyarrow.compute")

__all__ = [
    "SPACE_LEAD_BYTES",
    "blank",
    "byte_matrix",
    "byte_rows",
    "codepoint_matrix",
    "mask",
    "offsets_data",
    "rewrite_rows",
    "string_array",
]

#: First bytes of the characters Arrow's ``utf8_trim_whitespace`` removes (ASCII controls and
#: space; U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000 start with C2, E1, E2, E3): a value
#: whose first byte is not marked here does not start with a space.
#: (``SPACE_LEAD_BYTES`` is built on first use, so that importing this module needs no NumPy.)
SPACE_LEAD_BYTES: np.ndarray


@functools.cache
def _space_lead_bytes() -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[:0x21] = table[0x7F] = True
    table[[0xC2, 0xE1, 0xE2, 0xE3]] = True
    return table


def __getattr__(name: str) -> np.ndarray:
    if name == "SPACE_LEAD_BYTES":
        return _space_lead_bytes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def mask(arr: pa.Array | pa.ChunkedArray, fill: bool = False) -> np.ndarray:
    """An Arrow boolean array as a NumPy ``bool`` array; nulls become ``fill``."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if arr.null_count:
        arr = arr.fill_null(fill)
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=bool)


def string_array(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One ``string`` or ``large_string`` array (chunks combined, other types cast to ``large_string``)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = arr.cast(pa.large_string())
    return arr


def offsets_data(arr: pa.Array) -> tuple[np.ndarray, np.ndarray, type]:
    """The offsets (``n + 1``, absolute) and the whole data buffer of a string array, zero copy,
    and the offsets' integer type (``int32`` for ``string``, ``int64`` for ``large_string``)."""
    _, offsets_buf, data_buf = arr.buffers()
    otype = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    if offsets_buf is None:  # an empty array may have no buffers
        return np.zeros(len(arr) + 1, otype), np.zeros(0, np.uint8), otype
    offs = np.frombuffer(offsets_buf, otype, count=len(arr) + 1, offset=arr.offset * np.dtype(otype).itemsize)
    data = np.frombuffer(data_buf, np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    return offs, data, otype


def byte_matrix(offs: np.ndarray, data: np.ndarray, rows: np.ndarray | None, width: int) -> np.ndarray:
    """The ``width`` bytes from the start of each row as an ``(len(rows), width)`` ``uint8`` matrix.

    ``rows=None`` means every row, which must then all have ``width`` bytes and lie one after
    another (the matrix is a view of ``data``). Bytes past the end of ``data`` read as the last
    byte (callers only read the bytes of rows long enough to hold them).
    """
    if rows is None:
        n = len(offs) - 1
        start = int(offs[0])
        return data[start : start + n * width].reshape(n, width)
    if not len(data):
        return np.zeros((len(rows), width), np.uint8)
    idx = offs[rows].astype(np.int64)[:, None] + np.arange(width, dtype=np.int64)
    return np.take(data, idx, mode="clip")


def codepoint_matrix(arr: pa.Array, chars: np.ndarray | None = None) -> np.ndarray:
    """The strings of ``arr`` (no nulls) as an ``(n, longest)`` uint32 matrix, zero padded.

    The whole UTF-8 data buffer is decoded in one call and scattered into the matrix in NumPy:
    no Python object per value. ``chars`` (the character count of each string) saves a pass
    when the caller already has it.
    """
    if not pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.large_string())
    n = len(arr)
    if chars is None:
        chars = pc.utf8_length(arr).to_numpy(zero_copy_only=False)
    width = max(int(chars.max()) if n else 0, 1)
    offsets = np.frombuffer(arr.buffers()[1], np.int64, count=n + 1, offset=arr.offset * 8)
    start, end = int(offsets[0]), int(offsets[-1])
    if end == start:
        return np.zeros((n, width), dtype=np.uint32)
    data = memoryview(arr.buffers()[2])[start:end]
    flat = np.frombuffer(str(data, "utf-8").encode("utf-32-le"), np.uint32)
    if len(flat) == n * width:  # every string has the same length: the decoded buffer is the matrix
        return flat.reshape(n, width).copy()
    m = np.zeros((n, width), dtype=np.uint32)
    m[np.arange(width) < chars[:, None]] = flat
    return m


def byte_rows(arr: pa.Array, table: np.ndarray) -> np.ndarray:
    """Sorted indices of the rows of a string array holding a byte ``b`` with ``table[b]`` (one NumPy scan)."""
    offs, data, _ = offsets_data(arr)
    start, end = int(offs[0]), int(offs[-1])
    if end == start or not table[data[start:end].min() : int(data[start:end].max()) + 1].any():
        return np.zeros(0, dtype=np.int64)  # no byte in the buffer's range is marked: one min/max pass
    hits = np.flatnonzero(np.take(table, data[start:end])) + start  # take: about twice fancy indexing's speed
    return np.unique(np.searchsorted(offs, hits, side="right") - 1)


def rewrite_rows(arr: pa.Array, rows: np.ndarray, fn: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """``arr`` with the rows ``rows`` replaced by ``fn(arr.take(rows))``; the other rows are untouched."""
    if not len(rows):
        return arr
    if len(rows) == len(arr):
        return fn(arr)
    where = np.zeros(len(arr), dtype=bool)
    where[rows] = True
    return pc.replace_with_mask(arr, pa.array(where), fn(arr.take(pa.array(rows))))


def blank(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Per value of a string array: null, empty, or only white space (Arrow's ``utf8_is_space``).

    Only values whose first byte may begin a space (:data:`SPACE_LEAD_BYTES`) go through
    Arrow's test, so a column of ordinary text costs one pass over its offsets.

    >>> blank(pa.array(["a", "", None, " \u3000", "\u3000x"])).tolist()
    [False, True, True, True, False]
    """
    arr = string_array(arr)
    offs, data, _ = offsets_data(arr)
    out = offs[1:] == offs[:-1]
    if arr.null_count:
        out |= mask(arr.is_null())
    if len(data) and len(arr):
        first = data[np.minimum(offs[:-1], len(data) - 1)]
        maybe = np.flatnonzero(~out & np.take(_space_lead_bytes(), first))
        if len(maybe):
            out[maybe] = mask(pc.utf8_is_space(arr.take(pa.array(maybe))))
    return out
