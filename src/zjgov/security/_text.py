"""Vectorised text kernels over Arrow string arrays (not public API).

:func:`mask_chars` keeps the first ``head`` and last ``tail`` characters of every value and
replaces the others with one mask character each. ASCII columns are masked in place of a
copy of the Arrow data buffer (the offsets do not change); other columns go through Arrow's
UTF-8 kernels, grouped by the (head, tail) pairs that occur.

>>> arr = pa.array(["13800138000", "张三丰", "ab", None], pa.large_string())
>>> mask_chars(arr, 3, 4).to_pylist()
['138****8000', '张三*', 'a*', None]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from zjgov.core import arrow as _arrow
from zjgov.core.text import compact_arrow

__all__ = ["as_text", "compact", "join", "mask_chars", "repeated"]

_SAMPLE = 8192


def as_text(column: pd.Series | pa.Array) -> pa.LargeStringArray:
    """The column as one ``large_string`` array, zero copy where it is Arrow-backed text.

    Integers become their digits; other non-text values their ``str``; missing values null.
    """
    if isinstance(column, (pa.Array, pa.ChunkedArray)):
        arr = column
    else:
        dtype = column.dtype
        if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
            arr = pa.array(column, from_pandas=True)
        elif pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            arr = pa.array(column, from_pandas=True).cast(pa.large_string())
        else:
            arr = pa.array(column.astype("str"), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if not pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.large_string())
    return arr


def estimated_distinct(sample_size: int, sample_distinct: int) -> float:
    """The number of distinct values of a column whose evenly spread sample of ``sample_size``
    values holds ``sample_distinct`` distinct ones: the ``D`` with ``D(1 - e^(-s/D)) = k``
    (values drawn uniformly), infinite when the sample has no repeat.

    >>> round(estimated_distinct(10_000, 8_189) / 1000)
    24
    """
    s, k = float(sample_size), float(sample_distinct)
    if k >= s:
        return float("inf")
    lo, hi = k, k * 1e9
    for _ in range(100):  # bisection in log space; the left side grows with D
        mid = (lo * hi) ** 0.5
        if mid * -np.expm1(-s / mid) < k:
            lo = mid
        else:
            hi = mid
    return hi


def repeated(arr: pa.Array, share: float = 0.25) -> pa.DictionaryArray | None:
    """``arr`` dictionary-encoded when its distinct values are estimated (from an evenly spread
    sample) at most ``share`` of its rows, else None: an operator that works value by value
    then treats each distinct value once and takes the results back by the indices.

    >>> repeated(pa.array(["a", "b"] * 10_000)).dictionary.to_pylist()
    ['a', 'b']
    >>> repeated(pa.array([str(i) for i in range(20_000)])) is None
    True
    """
    n = len(arr)
    if n < 2 * _SAMPLE:
        return None
    sample = arr.take(pa.array(np.linspace(0, n - 1, _SAMPLE).astype(np.int64)))
    if estimated_distinct(_SAMPLE, pc.count_distinct(sample).as_py()) > share * n:
        return None
    return pc.dictionary_encode(arr)


def compact(arr: pa.Array, separators: str = " -") -> pa.Array:
    """:func:`zjgov.text.compact` over a column: full-width forms folded, upper case, separators removed."""
    return compact_arrow(arr, separators)


def offsets_data(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Offsets (``n + 1``) and data bytes of a large_string array (zero copy)."""
    offs, data, _ = _arrow.offsets_data(arr)
    return offs, data


def _uniform(arr: pa.Array) -> int | None:
    """The common byte length of every value when all are ASCII, not null and of one length."""
    if arr.null_count or not len(arr):
        return None
    offs, _ = offsets_data(arr)
    lens = np.diff(offs)
    n0 = int(lens[0])
    return n0 if (lens == n0).all() and _ascii(arr) else None


def _ascii(arr: pa.Array) -> bool:
    offs, data = offsets_data(arr)
    body = data[int(offs[0]) : int(offs[-1])]
    return not len(body) or int(body.max()) < 0x80


def effective_keep(length: np.ndarray, head, tail, min_masked: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-row head and tail after shrinking them so that at least ``min_masked`` characters are masked."""
    length = length.astype(np.int64)
    head = np.broadcast_to(np.asarray(head, dtype=np.int64), length.shape).clip(0)
    tail = np.broadcast_to(np.asarray(tail, dtype=np.int64), length.shape).clip(0)
    masked = np.maximum(length - head - tail, np.minimum(length, min_masked))
    h = np.minimum(head, length - masked)
    t = np.minimum(tail, length - masked - h)
    return h, t


def mask_chars(arr: pa.Array, head, tail, char: str = "*", min_masked: int = 1) -> pa.Array:
    """Keep ``head``/``tail`` characters (ints or per-row arrays) and mask the rest."""
    arr = as_text(arr)
    n = len(arr)
    if n == 0:
        return arr
    scalar = np.ndim(head) == 0 and np.ndim(tail) == 0
    if len(char.encode()) == 1 and _ascii(arr):
        return _mask_ascii(arr, head, tail, ord(char), min_masked, scalar)
    length = pc.utf8_length(arr).fill_null(0).to_numpy(zero_copy_only=False)
    h, t = effective_keep(length, head, tail, min_masked)
    inverse, groups = _group(h, t)
    if groups == 1:
        return _mask_utf8(arr, int(h[0]), int(t[0]), char, length)
    heads, tails = np.unique(h), np.unique(t)
    if len(heads) + len(tails) <= 6:  # a few keep counts (names: 1 or 2): whole-column kernels, no regrouping
        first = _pieces(arr, h, heads, lambda k: pc.utf8_slice_codeunits(arr, 0, k))
        stars = pc.binary_repeat(char, pa.array(np.maximum(length - h - t, 0)))
        if len(tails) == 1 and tails[0] == 0:  # nothing kept at the end (names, addresses)
            return join(first, stars)
        last = _pieces(arr, t, tails, lambda k: pc.utf8_slice_codeunits(arr, -k) if k else _blank(arr))
        return join(first, stars, last)
    pieces, order = [], []
    for rows in _group_rows(inverse, groups):
        sub = arr.take(pa.array(rows))
        pieces.append(_mask_utf8(sub, int(h[rows[0]]), int(t[rows[0]]), char, length[rows]))
        order.append(rows)
    joined = pa.concat_arrays(pieces)
    position = np.empty(n, dtype=np.int64)
    position[np.concatenate(order)] = np.arange(n)
    return joined.take(pa.array(position))


def _blank(arr: pa.Array) -> pa.Array:
    return pc.if_else(arr.is_valid(), pa.scalar("", pa.large_string()), pa.scalar(None, pa.large_string()))


def _pieces(arr: pa.Array, keep: np.ndarray, values: np.ndarray, piece) -> pa.Array:
    """Per row, ``piece(keep[row])``, built with one kernel per distinct keep count."""
    out = piece(int(values[0]))
    for k in values[1:]:
        out = pc.if_else(pa.array(keep == k), piece(int(k)), out)
    return out


def _group(h: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, int]:
    """The group number of every row's (head, tail) pair and the number of groups, in linear
    time: the pairs are small non-negative integers, so a count table replaces a sort."""
    width = int(t.max()) + 1 if len(t) else 1
    code = h * width + t
    top = int(code.max()) + 1 if len(code) else 1
    if top > 4 * len(code) + 1024:  # sparse pairs: sorting is cheaper than the table
        uniq, inverse = np.unique(code, return_inverse=True)
        return inverse.reshape(-1), len(uniq)
    present = np.bincount(code, minlength=top) > 0
    number = np.cumsum(present) - 1
    return number[code], int(present.sum())


def _group_rows(inverse: np.ndarray, groups: int) -> list[np.ndarray]:
    """The row numbers of each group, in order (one stable sort of the group numbers)."""
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(groups + 1))
    return [order[bounds[g] : bounds[g + 1]] for g in range(groups)]


def _mask_utf8(arr: pa.Array, h: int, t: int, char: str, length: np.ndarray) -> pa.Array:
    stars = pc.binary_repeat(char, pa.array(np.maximum(length - h - t, 0)))
    first = pc.utf8_slice_codeunits(arr, 0, h)
    last = pc.utf8_slice_codeunits(arr, -t) if t else pa.array([""] * len(arr), pa.large_string())
    out = join(first, stars, last)
    return pc.if_else(pc.is_null(arr), pa.scalar(None, pa.large_string()), out)


def _mask_ascii(arr: pa.Array, head, tail, byte: int, min_masked: int, scalar: bool) -> pa.Array:
    offs, data = offsets_data(arr)
    start, end = int(offs[0]), int(offs[-1])
    lens = np.diff(offs)
    body = data[start:end].copy()
    n = len(arr)
    width = int(lens[0]) if n else 0
    uniform = bool((lens == width).all())
    if scalar and uniform:  # one length: a (rows, width) matrix, columns assigned at once
        h, t = effective_keep(np.array([width]), head, tail, min_masked)
        m = body.reshape(n, width)
        m[:, int(h[0]) : width - int(t[0])] = byte
    elif uniform:  # one length, keep counts per row: one broadcast comparison
        h, t = effective_keep(lens, head, tail, min_masked)
        m = body.reshape(n, width)
        cols = np.arange(width)
        m[(cols >= h[:, None]) & (cols < (width - t)[:, None])] = byte
    else:
        h, t = effective_keep(lens, head, tail, min_masked)
        pos = np.arange(end - start, dtype=np.int64) - np.repeat(offs[:-1] - start, lens)
        rl = np.repeat(lens, lens)
        hide = (pos >= np.repeat(h, lens)) & (pos < rl - np.repeat(t, lens))
        body[hide] = byte
    new_offs = (offs - start).astype(np.int64)
    out = pa.LargeStringArray.from_buffers(n, pa.py_buffer(new_offs), pa.py_buffer(body))
    if arr.null_count:
        out = pc.if_else(arr.is_valid(), out, pa.scalar(None, pa.large_string()))
    return out


def keep_first(arr: pa.Array, chars: np.ndarray) -> pa.Array:
    """Each value cut to its first ``chars[i]`` characters (one kernel per distinct count).

    >>> keep_first(pa.array(["浙江省杭州市", "abc", None], pa.large_string()), np.array([3, 1, 0])).to_pylist()
    ['浙江省', 'a', None]
    """
    values = np.unique(chars) if len(chars) else np.zeros(1, np.int64)
    return _pieces(as_text(arr), chars, values, lambda k: pc.utf8_slice_codeunits(arr, 0, k))


def join(*parts, sep: str = "") -> pa.Array:
    """Element-wise concatenation of arrays and scalars (all as large_string)."""
    cast = [
        p.cast(pa.large_string()) if isinstance(p, (pa.Array, pa.ChunkedArray)) else pa.scalar(p, pa.large_string())
        for p in parts
    ]
    return pc.binary_join_element_wise(*cast, pa.scalar(sep, pa.large_string()))


def char_index(arr: pa.Array, pattern: str) -> np.ndarray:
    """Per row, the number of characters before the first match of ``pattern`` (-1 where none)."""
    found = pc.extract_regex(arr, f"^(?P<before>.*?){pattern}")
    before = pc.struct_field(found, [0])
    out = pc.utf8_length(before).fill_null(-1)
    return out.to_numpy(zero_copy_only=False).astype(np.int64)


def lengths(arr: pa.Array) -> np.ndarray:
    return pc.utf8_length(arr).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
