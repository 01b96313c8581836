"""Equivalence classes (等价类) over quasi-identifiers, as integer codes.

Every quasi-identifier column is factorised to integer codes once (Arrow dictionary encoding for
Arrow strings, ``pandas.factorize`` otherwise; a null is a value of its own), the codes are
combined into one ``int64`` per row (mixed radix, re-densified before it could overflow) and the
classes are found with ``np.bincount`` when the code space is small or ``np.unique`` when it is
not. No Python loop runs per row or per class.

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

    __slots__ = ("_ids", "_kept", "_key", "_space", "qis", "rows", "sizes", "suppressed")

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
    ) -> None:
        self.qis, self.sizes, self.rows, self.suppressed = qis, sizes, rows, suppressed
        self._ids, self._key, self._space, self._kept = ids, key, space, kept

    @property
    def ids(self) -> np.ndarray:
        if self._ids is None:
            dense = _remap(self._key, self._space)
            if self._kept is None:
                self._ids = dense
            else:
                ids = np.full(self.rows, -1, dtype=np.int64)
                ids[self._kept] = dense
                self._ids = ids
            self._key = None
        return self._ids

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
        if self._ids is None and self._kept is None:  # straight from the counts, no renumbering
            counts = np.bincount(self._key, minlength=self._space)
            return counts[self._key]
        out = np.zeros(self.rows, dtype=np.int64)
        kept = self.kept
        out[kept] = self.sizes[self.ids[kept]]
        return out


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
    """One ``int64`` per row (mixed radix) and the size of its code space (re-densified before overflow)."""
    acc = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    space = 1
    for c, m in zip(codes, cards):
        m = max(int(m), 1)
        if space * m >= 1 << 62:  # renumber the classes so far densely before the key overflows
            acc = _remap(acc, space) if space <= _dense_limit(len(acc)) else _unique(acc)[0]
            space = int(acc.max()) + 1 if len(acc) else 1
        acc = acc * m + c if space > 1 else c.astype(np.int64, copy=True)
        space *= m
    return acc, space


def _dense_limit(n: int) -> int:
    return max(_DENSE_LIMIT, 4 * n)


def _unique(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    _, ids, sizes = np.unique(key, return_inverse=True, return_counts=True)
    return ids.astype(np.int64, copy=False).reshape(-1), sizes.astype(np.int64, copy=False)


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


def densify(value: np.ndarray, space: int) -> tuple[np.ndarray, int]:
    """Codes ``1..m`` (in value order) for integer values below ``space``, and ``m + 1``."""
    counts = np.bincount(value, minlength=space)
    nz = np.flatnonzero(counts)
    remap = np.empty(space, dtype=np.int64)
    remap[nz] = np.arange(1, len(nz) + 1, dtype=np.int64)
    return remap[value], len(nz) + 1


def raw_values(values: pd.Series) -> tuple[np.ndarray, int] | None:
    """Integers that identify the strings of a one-width Arrow string column without nulls, and their range."""
    arrow = getattr(values.array, "_pa_array", None)
    if not isinstance(arrow, pa.ChunkedArray) or not (
        pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type)
    ):
        return None
    a = arrow.combine_chunks() if arrow.num_chunks != 1 else arrow.chunk(0)
    n = len(a)
    if n == 0 or a.null_count:
        return None
    buffers = a.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int64 if pa.types.is_large_string(a.type) else np.int32)[
        a.offset : a.offset + n + 1
    ]
    width = int(offsets[1] - offsets[0])
    lengths = np.diff(offsets)
    if not (lengths == width).all():
        return _varying_digits(np.frombuffer(buffers[2], dtype=np.uint8)[offsets[0] : offsets[-1]], offsets, lengths)
    if width < 1 or width > 6:
        return None
    data = np.frombuffer(buffers[2], dtype=np.uint8)[offsets[0] : offsets[0] + width * n].reshape(n, width)
    digits = data - np.uint8(48)  # wraps below "0", so one max() checks every byte
    if digits.max() <= 9:
        value = digits[:, 0].astype(np.int32)
        for j in range(1, width):
            value *= 10
            value += digits[:, j]
        return value, 10**width
    if width <= 3:
        value = data[:, 0].astype(np.int32)
        for j in range(1, width):
            value <<= 8
            value |= data[:, j]
        return value, 1 << (8 * width)
    return None


def _varying_digits(buf: np.ndarray, offsets: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, int] | None:
    """Digit strings of 1–6 characters and varying width: a string of width ``w`` becomes
    ``base[w] + its number`` (``base[w] = 10 + 100 + … + 10^(w-1)``), so ``"01"`` and ``"1"`` differ."""
    if len(lengths) == 0 or lengths.min() < 1 or lengths.max() > 6:
        return None
    top = int(lengths.max())
    start = (offsets[:-1] - offsets[0]).astype(np.int64)
    value = np.zeros(len(lengths), dtype=np.int32)
    last = len(buf) - 1
    for j in range(top):
        has = lengths > j
        d = buf[np.minimum(start + j, last)] - np.uint8(48)
        if (has & (d > 9)).any():
            return None
        value = np.where(has, value * 10 + d, value)
    base = np.concatenate(([0, 0], np.cumsum(10 ** np.arange(1, top + 1, dtype=np.int64))))
    return (value + base[lengths]).astype(np.int64), int(base[top] + 10**top)


def equivalence_classes(frame: pd.DataFrame, qis: Sequence[str]) -> EquivalenceClasses:
    """Group the rows of ``frame`` by the quasi-identifiers ``qis`` (vectorised)."""
    if isinstance(frame, EquivalenceClasses):
        return frame
    cols = check_columns(frame, qis)
    codes, cards = [], []
    all_null = None
    for c in cols:
        k, m = column_codes(frame[c])
        nulls = k == 0
        all_null = nulls if all_null is None else (all_null & nulls)
        codes.append(k)
        cards.append(m)
    suppressed = int(all_null.sum()) if all_null is not None else 0
    kept = None
    if suppressed:
        kept = ~all_null
        codes = [k[kept] for k in codes]
    key, space = combined_key(codes, cards)
    if space <= _dense_limit(len(key)):
        counts = np.bincount(key, minlength=space)
        return EquivalenceClasses(
            cols, counts[np.flatnonzero(counts)], len(frame), suppressed, key=key, space=space, kept=kept
        )
    ids, sizes = _unique(key)
    if kept is not None:
        full = np.full(len(frame), -1, dtype=np.int64)
        full[kept] = ids
        ids = full
    return EquivalenceClasses(cols, sizes, len(frame), suppressed, ids=ids)
