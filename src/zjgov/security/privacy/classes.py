"""Equivalence classes (等价类) over quasi-identifiers, as integer codes.

Every quasi-identifier column is turned into small integers once: short Arrow strings (codes
such as ``"330102"`` or ``"1"``) are read as numbers straight from the Arrow data buffer and
shifted to start at 0, other columns are factorised (Arrow dictionary encoding or
``pandas.factorize``; a null is a value of its own). The integers are combined into one ``int64``
key per row (mixed radix); whenever the key space would outgrow a working limit the key so far is
renumbered densely with one ``np.bincount``, so every count is a ``bincount`` over a space of at
most a few million (no hashing, no sorting). No Python loop runs per row or per class.

A row whose quasi-identifiers are **all** null is a suppressed record (记录抑制, GB/T 37964): it
belongs to no class, is counted in ``suppressed`` and is left out of every class size and risk.

>>> import pandas as pd
>>> df = pd.DataFrame({"sex": ["1", "1", "2", "2", "2"], "age": [30, 30, 40, 40, 41]})
>>> ec = equivalence_classes(df, ["sex", "age"])
>>> ec.sizes.tolist(), ec.ids.tolist(), ec.n_classes
([2, 2, 1], [0, 0, 1, 1, 2], 3)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from zjgov import i18n

#: Code spaces up to this size are counted with ``np.bincount`` (no hashing, no sorting).
_DENSE_LIMIT = 1 << 24

i18n.add(
    {
        "privacy.no_qis": ("至少需要一个准标识符列", "at least one quasi-identifier column is needed"),
        "privacy.missing_column": ("数据中没有列 {column}", "the data has no column {column}"),
        "privacy.dup_column": ("列 {column} 重复出现", "column {column} is given twice"),
    }
)


class EquivalenceClasses:
    """The classes of a table over its quasi-identifiers.

    ``sizes[j]`` is the number of rows of class ``j``; ``ids[i]`` row ``i``'s class (``-1`` for a
    suppressed row), computed on first use (k, risks and histograms need the sizes only).
    Classes are numbered in the order of their combined codes (deterministic).
    """

    __slots__ = ("_counts", "_ids", "_kept", "_key", "_space", "qis", "rows", "sizes", "suppressed")

    def __init__(
        self,
        qis: tuple[str, ...],
        sizes: np.ndarray,
        rows: int,
        suppressed: int,
        *,
        ids: np.ndarray | None = None,
        key: np.ndarray | None = None,
        space: int = 0,
        kept: np.ndarray | None = None,
        counts: np.ndarray | None = None,
    ) -> None:
        self.qis, self.sizes, self.rows, self.suppressed = qis, sizes, rows, suppressed
        self._ids, self._key, self._space, self._kept = ids, key, space, kept
        if key is not None and counts is None:
            counts = np.bincount(key, minlength=space)
        self._counts = counts

    @property
    def ids(self) -> np.ndarray:
        if self._ids is None:
            remap = np.cumsum(self._counts > 0) - 1
            dense = gather(remap, self._key)
            if self._kept is None:
                self._ids = dense
            else:
                ids = np.full(self.rows, -1, dtype=np.int64)
                ids[self._kept] = dense
                self._ids = ids
        return self._ids

    def per_row(self, per_key: np.ndarray, fill: object = 0) -> np.ndarray:
        """``per_key[key]`` for every row, ``fill`` for suppressed rows: a value per combined key
        (an array over the key space, e.g. a flag computed from the counts) spread to the rows
        with one gather. Only for classes built by :func:`equivalence_classes`."""
        out = gather(per_key, self._key)
        if self._kept is None:
            return out
        full = np.full(self.rows, fill, dtype=out.dtype)
        full[self._kept] = out
        return full

    @property
    def key_counts(self) -> np.ndarray | None:
        """Rows per combined key (``None`` when the classes were given as ids)."""
        return self._counts

    @property
    def n_classes(self) -> int:
        return len(self.sizes)

    @property
    def n(self) -> int:
        """Rows that belong to a class (``rows - suppressed``)."""
        return self.rows - self.suppressed

    @property
    def kept(self) -> np.ndarray:
        """Boolean mask of the rows that belong to a class."""
        return self.ids >= 0

    def row_sizes(self) -> np.ndarray:
        """The size of each row's class (0 for suppressed rows)."""
        if self._key is not None:  # straight from the counts, no renumbering
            return self.per_row(self._counts)
        out = np.zeros(self.rows, dtype=np.int64)
        kept = self.kept
        out[kept] = self.sizes[self.ids[kept]]
        return out


def gather(table: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``table[index]``: NumPy for a table that fits in cache, Arrow's ``take`` (faster on random
    access into a large table) otherwise."""
    if len(table) <= 1 << 16 or len(index) < 1 << 14:
        return np.take(table, index)
    return pc.take(pa.array(table), pa.array(index)).to_numpy(zero_copy_only=False)


def _remap(key: np.ndarray, space: int) -> np.ndarray:
    counts = np.bincount(key, minlength=space)
    nz = np.flatnonzero(counts)
    remap = np.empty(space, dtype=np.int64)
    remap[nz] = np.arange(len(nz), dtype=np.int64)
    return remap[key]


def check_columns(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[str, ...]:
    """The columns as a tuple; a clear error for a missing or repeated name."""
    cols = tuple(columns)
    if not cols:
        raise ValueError(i18n.both("privacy.no_qis"))
    seen: set[str] = set()
    for c in cols:
        if c not in frame.columns:
            raise KeyError(i18n.both("privacy.missing_column", column=c))
        if c in seen:
            raise ValueError(i18n.both("privacy.dup_column", column=c))
        seen.add(c)
    return cols


def factorize(values: pd.Series | np.ndarray, *, sort: bool = False) -> tuple[np.ndarray, np.ndarray, int]:
    """Codes ``0..m-1`` for the distinct non-null values and ``-1`` for nulls, the uniques and ``m``.

    With ``sort=True`` codes follow the values' order (numbers numerically, text by code point).

    >>> codes, uniques, m = factorize(pd.Series(["b", None, "a", "b"]), sort=True)
    >>> codes.tolist(), list(uniques), m
    ([1, -1, 0, 1], ['a', 'b'], 2)
    """
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    arrow = getattr(s.array, "_pa_array", None)
    if (
        not sort
        and isinstance(arrow, pa.ChunkedArray)
        and (pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type))
    ):
        enc = pc.dictionary_encode(arrow).combine_chunks()
        idx = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
        return idx, np.asarray(enc.dictionary.to_pylist(), dtype=object), len(enc.dictionary)
    codes, uniques = pd.factorize(s, sort=sort, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques), len(uniques)


def combine(codes: Sequence[np.ndarray], cards: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Dense class ids (``0..J-1``) and class sizes for rows given per-column codes in ``0..card-1``.

    >>> ids, sizes = combine([np.array([0, 0, 1]), np.array([2, 2, 0])], [2, 3])
    >>> ids.tolist(), sizes.tolist()
    ([0, 0, 1], [2, 1])
    """
    key, space = combined_key(codes, cards)
    if space <= _dense_limit(len(key)):
        counts = np.bincount(key, minlength=space)
        return _remap(key, space), counts[np.flatnonzero(counts)]
    return _unique(key)


def combined_key(codes: Sequence[np.ndarray], cards: Sequence[int]) -> tuple[np.ndarray, int]:
    """One ``int64`` per row (mixed radix) and the size of its code space.

    The key so far is renumbered densely (order kept) whenever the space would outgrow the
    working limit, so the result is a ``bincount``-sized space whenever the data allow it.
    """
    keys, space = _combine_parts([([c], int(m)) for c, m in zip(codes, cards)], len(codes[0]) if codes else 0)
    return (keys[0] if keys else np.zeros(0, dtype=np.int64)), space


#: A column whose values span fewer integers than this is only shifted to 0, not renumbered.
_SMALL_SPAN = 16
#: Working limit of the combined key space: beyond it the key so far is renumbered densely.
_WORK_LIMIT = 1 << 21


def _combine_parts(columns: Sequence[tuple[list[np.ndarray], int]], n: int) -> tuple[list[np.ndarray], int]:
    """Mixed-radix keys of several tables in one code space (``columns``: per column, its codes in
    every table and the size of their common space). The key is built in ``int32`` while the
    space allows (half the memory traffic of ``int64``) and returned as ``int64``."""
    acc: list[np.ndarray] | None = None
    space = 1
    limit = max(_WORK_LIMIT, 2 * n)
    for parts, m in columns:
        m = max(int(m), 1)
        if acc is None:
            kind = np.int32 if m < 1 << 31 and limit < 1 << 31 else np.int64
            acc = [p.astype(kind) for p in parts]
            space = m
            continue
        if space * m > limit or space * m >= 1 << 62:
            acc, space = _densify_parts(acc, space)
        if space * m >= 1 << 31 and acc[0].dtype != np.int64:
            acc = [a.astype(np.int64) for a in acc]
        for a, p in zip(acc, parts):
            a *= m
            a += p
        space *= m
    return [a.astype(np.int64, copy=False) for a in acc or []], space


def _densify_parts(keys: list[np.ndarray], space: int) -> tuple[list[np.ndarray], int]:
    """Renumber keys shared by several tables densely, in key order."""
    if space > _dense_limit(sum(len(k) for k in keys)):
        joined, _ = _unique(np.concatenate(keys))
        out, start = [], 0
        for k in keys:
            out.append(joined[start : start + len(k)])
            start += len(k)
        return out, int(joined.max()) + 1 if len(joined) else 1
    present = np.zeros(space, dtype=bool)
    for k in keys:
        present[k] = True
    remap = np.cumsum(present, dtype=np.int64 if space >= 1 << 31 else np.int32) - 1
    out = [gather(remap, k) for k in keys]  # Arrow's take gives read-only arrays; the key grows in place
    return [k if k.flags.writeable else k.copy() for k in out], int(remap[-1]) + 1 if space else 1


def _dense_limit(n: int) -> int:
    return max(_DENSE_LIMIT, 4 * n)


def _unique(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense ids in key order and the counts, by one stable sort (for key spaces too big to count)."""
    if len(key) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    new = np.empty(len(key), dtype=bool)
    new[0] = True
    np.not_equal(sorted_key[1:], sorted_key[:-1], out=new[1:])
    dense = np.cumsum(new) - 1
    ids = np.empty(len(key), dtype=np.int64)
    ids[order] = dense
    return ids, np.diff(np.append(np.flatnonzero(new), len(key))).astype(np.int64)


def column_codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Codes ``1..m`` for the distinct values and ``0`` for nulls, and ``m + 1`` (the code space).

    Arrow strings of one width — digits up to 6 characters or any 1–3 bytes, the usual shape of
    codes — are read as integers straight from the Arrow data buffer and densified with one
    ``bincount``; other columns go through :func:`factorize`.
    """
    raw = raw_values(values)
    if raw is not None:
        return densify(*raw)
    k, _, m = factorize(values)
    return k + 1, m + 1


def joint_codes(a: pd.Series, b: pd.Series) -> tuple[np.ndarray, np.ndarray, int]:
    """:func:`column_codes` of two columns in one code space (a sample and its population)."""
    ra, rb = raw_values(a), raw_values(b)
    if ra is not None and rb is not None and ra[1] == rb[1]:
        codes, m = densify(np.concatenate((ra[0], rb[0])), ra[1])
        return codes[: len(a)], codes[len(a) :], m
    if a.dtype != b.dtype:
        a, b = a.astype(object), b.astype(object)
    k, _, m = factorize(pd.concat([a, b], ignore_index=True))
    return k[: len(a)] + 1, k[len(a) :] + 1, m + 1


def column_keys(parts: Sequence[pd.Series]) -> tuple[list[np.ndarray], int, bool]:
    """Small integers for one column of one or more tables, in one code space, in value order:
    ``(codes per table, space, nullable)``. ``nullable`` says code ``0`` stands for null (the
    factorised path); the raw path has no nulls and its codes are the values shifted to 0.
    """
    raws = [raw_values(p) for p in parts]
    if all(r is not None for r in raws) and len({r[1] for r in raws}) == 1:  # type: ignore[index]
        values = [r[0] for r in raws]  # type: ignore[index]
        nonempty = [v for v in values if len(v)]
        lo = min((int(v.min()) for v in nonempty), default=0)
        hi = max((int(v.max()) for v in nonempty), default=0)
        if hi - lo < _SMALL_SPAN:  # a few values: shifted to 0 (the key space grows by a small factor at most)
            return [_shift(v, lo) for v in values], hi - lo + 1, False
        present = np.zeros(hi + 1, dtype=bool)
        for v in values:
            present[v.astype(np.intp, copy=False)] = True
        remap = np.cumsum(present, dtype=np.int32) - 1  # renumbered densely, in value order
        span = int(remap[-1]) + 1
        remap = remap.astype(_narrow(span), copy=False)  # a small table: the look-up writes narrow codes
        return [np.take(remap, v) for v in values], span, False
    if len(parts) == 1:
        k, _, m = factorize(parts[0])
        return [k + 1], m + 1, True
    joined = list(parts)
    if len({p.dtype for p in joined}) > 1:
        joined = [p.astype(object) for p in joined]
    k, _, m = factorize(pd.concat(joined, ignore_index=True))
    out, start = [], 0
    for p in parts:
        out.append(k[start : start + len(p)] + 1)
        start += len(p)
    return out, m + 1, True


def _narrow(space: int) -> type:
    """The narrowest unsigned type holding codes below ``space``."""
    return np.uint8 if space <= 1 << 8 else np.uint16 if space <= 1 << 16 else np.int32


def _shift(values: np.ndarray, lo: int) -> np.ndarray:
    """``values - lo`` as narrow codes (fewer than ``_SMALL_SPAN`` distinct), in one pass."""
    out = np.empty(len(values), dtype=np.uint8)
    np.subtract(values, values.dtype.type(lo), out=out, casting="unsafe")
    return out


def densify(value: np.ndarray, space: int) -> tuple[np.ndarray, int]:
    """Codes ``1..m`` (in value order) for integer values below ``space``, and ``m + 1``."""
    counts = np.bincount(value, minlength=space)
    nz = np.flatnonzero(counts)
    remap = np.empty(space, dtype=np.int64)
    remap[nz] = np.arange(1, len(nz) + 1, dtype=np.int64)
    return remap[value], len(nz) + 1


def raw_values(values: pd.Series) -> tuple[np.ndarray, int] | None:
    """Integers that identify the strings of a short Arrow string column without nulls, and their range.

    Strings of one byte are that byte; digit strings of 2–6 characters are read as numbers (a width-``w`` string offset by ``10 + … + 10^(w-1)`` when widths vary, so
    ``"01"`` and ``"1"`` differ), other 2–3-byte strings as big-endian bytes. Equal strings get equal integers
    and the integers follow the strings' order within one width. ``None`` for anything else (the
    caller factorises).
    """
    arrow = getattr(values.array, "_pa_array", None)
    if not isinstance(arrow, pa.ChunkedArray) or not (
        pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type)
    ):
        return None
    chunks = [c for c in arrow.chunks if len(c)]
    if len(chunks) > 1:  # chunk by chunk (no copy of the strings) when every chunk reads alike
        parts = [_raw_array(c) for c in chunks]
        if all(p is not None for p in parts):
            kinds = {p[2] for p in parts}  # type: ignore[index]
            spaces = {p[1] for p in parts}  # type: ignore[index]
            if len(kinds) == 1 and (len(spaces) == 1 or kinds == {"varying"}):  # one encoding
                return np.concatenate([p[0] for p in parts]), max(spaces)  # type: ignore[index]
        chunks = [arrow.combine_chunks()]
    got = _raw_array(chunks[0]) if chunks else None
    return None if got is None else got[:2]


def _raw_array(a: pa.Array) -> tuple[np.ndarray, int, str] | None:
    """:func:`raw_values` of one Arrow string array, with the kind of encoding (chunks of one kind
    and space — or all of varying width — may be concatenated)."""
    n = len(a)
    if n == 0 or a.null_count:
        return None
    buffers = a.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int64 if pa.types.is_large_string(a.type) else np.int32)[
        a.offset : a.offset + n + 1
    ]
    first, end = int(offsets[0]), int(offsets[-1])
    if end - first == 0:
        return None
    width = int(offsets[1] - offsets[0])
    if end - first != width * n or (width and not (np.diff(offsets) == width).all()):
        got = _varying_digits(np.frombuffer(buffers[2], dtype=np.uint8), offsets)
        return None if got is None else (*got, "varying")
    if width < 1 or width > 6:
        return None
    data = np.frombuffer(buffers[2], dtype=np.uint8)[first : first + width * n]
    if width == 1:  # the bytes themselves, in string order
        return data, 1 << 8, "byte"
    data = data.reshape(n, width)
    digits = data - np.uint8(48)  # wraps below "0", so one max() checks every byte
    if digits.max() <= 9:
        value = digits[:, 0].astype(np.int32)
        for j in range(1, width):
            value *= 10
            value += digits[:, j]
        return value, 10**width, "digits"
    if width == 2:
        return data.reshape(-1).view(">u2").astype(np.int32), 1 << 16, "bytes"
    if width <= 3:
        value = data[:, 0].astype(np.int32)
        for j in range(1, width):
            value <<= 8
            value |= data[:, j]
        return value, 1 << (8 * width), "bytes"
    return None


def _varying_digits(buf: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, int] | None:
    """Digit strings of 1–6 characters and varying width: a string of width ``w`` becomes
    ``base[w] + its number`` (``base[w] = 10 + 100 + … + 10^(w-1)``), so ``"01"`` and ``"1"`` differ.
    Read from the last character back, one gather per digit position (``int32`` offsets)."""
    if len(offsets) and int(offsets[-1]) < 1 << 31:
        offsets = offsets.astype(np.int32, copy=False)
    lengths = offsets[1:] - offsets[:-1]
    low, top = int(lengths.min()), int(lengths.max())
    if low < 1 or top > 6:
        return None
    base = np.concatenate(([0, 0], np.cumsum(10 ** np.arange(1, top + 1, dtype=np.int64))))
    space = int(base[top] + 10**top)
    kind = _narrow(space)  # narrow arithmetic
    short = lengths.astype(np.uint8)
    end = offsets[1:]
    value = np.take(base.astype(kind), short)
    pos = np.empty_like(end)
    scale = 1
    for j in range(top):
        np.subtract(end, j + 1, out=pos)
        if j >= low:
            np.maximum(pos, 0, out=pos)
        d = np.take(buf, pos)
        d -= np.uint8(48)  # wraps below "0"
        if j >= low:
            d *= short > j  # positions before a short string's start count 0
        if d.max() > 9:
            return None
        value += d if scale == 1 else d.astype(kind) * kind(scale)
        scale *= 10
    return value, space


def encode(
    tables: Sequence[pd.DataFrame], cols: Sequence[str]
) -> tuple[list[np.ndarray], int, list[np.ndarray | None]]:
    """Combined keys of the rows of one or more tables over ``cols``, in one code space.

    Returns the keys of the kept rows of every table, the size of the key space, and per table
    the boolean mask of its kept rows (``None`` when every row is kept: a row is suppressed when
    all its ``cols`` are null).
    """
    columns = []
    all_null: list[np.ndarray] | None = None
    for c in cols:
        codes, space, nullable = column_keys([t[c] for t in tables])
        if not nullable:
            all_null = []  # a column without nulls: no row is all-null
        elif all_null is None:
            all_null = [k == 0 for k in codes]
        elif all_null:
            all_null = [a & (k == 0) for a, k in zip(all_null, codes)]
        columns.append((codes, space))
    kept: list[np.ndarray | None] = [None] * len(tables)
    if all_null:
        for i, a in enumerate(all_null):
            if a.any():
                kept[i] = ~a
        if any(k is not None for k in kept):
            columns = [
                ([k if keep is None else k[keep] for k, keep in zip(codes, kept)], space) for codes, space in columns
            ]
    # the widest columns first: the key is then multiplied by the narrow ones last, which keeps
    # the space after the last renumbering small (classes are numbered in this column order)
    columns.sort(key=lambda c: -c[1])
    keys, space = _combine_parts(columns, sum(len(t) for t in tables))
    if space > _dense_limit(sum(len(k) for k in keys)):
        keys, space = _densify_parts(keys, space)
        keys = [k.astype(np.int64, copy=False) for k in keys]
    return keys, space, kept


def equivalence_classes(frame: pd.DataFrame, qis: Sequence[str]) -> EquivalenceClasses:
    """Group the rows of ``frame`` by the quasi-identifiers ``qis`` (vectorised)."""
    if isinstance(frame, EquivalenceClasses):
        return frame
    cols = check_columns(frame, qis)
    (key,), space, (kept,) = encode([frame], cols)
    counts = np.bincount(key, minlength=space)
    suppressed = 0 if kept is None else len(frame) - int(kept.sum())
    return EquivalenceClasses(
        cols, counts[np.flatnonzero(counts)], len(frame), suppressed, key=key, space=space, kept=kept, counts=counts
    )
