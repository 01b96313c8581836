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

import dataclasses
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


@dataclasses.dataclass(frozen=True, eq=False)
class EquivalenceClasses:
    """The classes of a table over its quasi-identifiers.

    ``ids[i]`` is row ``i``'s class (``-1`` for a suppressed row), ``sizes[j]`` the number of rows
    of class ``j``; classes are numbered in the order of their combined codes (deterministic).
    """

    qis: tuple[str, ...]
    ids: np.ndarray
    sizes: np.ndarray
    rows: int
    suppressed: int

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
        out = np.zeros(self.rows, dtype=np.int64)
        kept = self.kept
        out[kept] = self.sizes[self.ids[kept]]
        return out


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
    acc = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    space = 1
    for c, m in zip(codes, cards):
        m = max(int(m), 1)
        if space * m >= 1 << 62:
            acc, sizes = _dense(acc, space)
            space = len(sizes)
        acc = acc * m + c
        space *= m
    return _dense(acc, space)


def _dense(acc: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    if space <= max(_DENSE_LIMIT, 4 * len(acc)):
        counts = np.bincount(acc, minlength=space)
        present = counts > 0
        remap = np.cumsum(present, dtype=np.int64) - 1
        return remap[acc], counts[present]
    _, ids, sizes = np.unique(acc, return_inverse=True, return_counts=True)
    return ids.astype(np.int64, copy=False).reshape(-1), sizes.astype(np.int64, copy=False)


def equivalence_classes(frame: pd.DataFrame, qis: Sequence[str]) -> EquivalenceClasses:
    """Group the rows of ``frame`` by the quasi-identifiers ``qis`` (vectorised)."""
    if isinstance(frame, EquivalenceClasses):
        return frame
    cols = check_columns(frame, qis)
    codes, cards = [], []
    all_null = np.ones(len(frame), dtype=bool)
    for c in cols:
        k, _, m = factorize(frame[c])
        all_null &= k < 0
        codes.append(k + 1)  # null -> 0, values -> 1..m
        cards.append(m + 1)
    suppressed = int(all_null.sum())
    if suppressed == 0:
        ids, sizes = combine(codes, cards)
    else:
        kept = ~all_null
        kept_ids, sizes = combine([k[kept] for k in codes], cards)
        ids = np.full(len(frame), -1, dtype=np.int64)
        ids[kept] = kept_ids
    return EquivalenceClasses(cols, ids, sizes, len(frame), suppressed)
