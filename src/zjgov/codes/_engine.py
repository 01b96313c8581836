"""The machinery every code module shares (not public API).

A code is defined once by a *kernel*: a function that receives a matrix of code points
(one row per compact value, all of the same length, ``uint8`` for ASCII rows or ``uint32``)
and records the first failure of each row in a :class:`Verdict`. :class:`Code` wraps the
kernel into the public contract:

* scalar calls (``validate``, ``is_valid``) normalise with :func:`zjgov.text.compact` and run
  the kernel on a one-row matrix;
* ``check(column)`` takes the ASCII rows of the right length straight from the Arrow buffer
  (no copy per value), normalises the other rows as code-point matrices in NumPy, and runs
  the same kernel on each group. No Python loop per row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from zjgov import i18n, text
from zjgov.errors import ValidationError, error_class

#: Global registry of reason codes; index 0 means "valid".
_REASONS: list[str | None] = [None, "missing", "type", "length", "format", "checksum"]
_REASON_INDEX: dict[str, int] = {r: i for i, r in enumerate(_REASONS) if r}
MISSING, TYPE, LENGTH, FORMAT, CHECKSUM = 1, 2, 3, 4, 5
#: A value longer than this many times the longest valid length is a length error at once.
_LONG_FACTOR = 4


def reason_index(reason: str) -> int:
    """The small integer standing for ``reason`` (registered on first use)."""
    idx = _REASON_INDEX.get(reason)
    if idx is None:
        idx = _REASON_INDEX[reason] = len(_REASONS)
        _REASONS.append(reason)
    return idx


def reason_name(index: int) -> str | None:
    return _REASONS[index]


class Verdict:
    """The first failure of each row of a kernel's input (fixed order: first call wins)."""

    __slots__ = ("position", "reason")

    def __init__(self, n: int) -> None:
        self.reason = np.zeros(n, dtype=np.int16)
        self.position = np.zeros(n, dtype=np.int32)  # 1-based; 0 = not applicable

    @property
    def open(self) -> np.ndarray:
        """Rows that have not failed yet."""
        return self.reason == 0

    def fail(self, mask: np.ndarray, reason: str, position: np.ndarray | int | None = None) -> None:
        """Record ``reason`` for rows in ``mask`` that have not failed yet."""
        rows = mask & (self.reason == 0)
        if not rows.any():
            return
        self.reason[rows] = reason_index(reason)
        if position is not None:
            self.position[rows] = position[rows] if isinstance(position, np.ndarray) else position

    def fail_chars(self, ok: np.ndarray, reason: str = "format", offset: int = 0) -> None:
        """Fail rows where any cell of the boolean matrix ``ok`` is False, at the first bad cell."""
        bad = ~ok
        rows = bad.any(axis=1)
        if rows.any():
            self.fail(rows, reason, bad.argmax(axis=1).astype(np.int32) + 1 + offset)


Kernel = Callable[..., None]  # kernel(matrix, verdict, **options) -> None


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """The outcome of checking a column.

    ``valid`` is a boolean Series on the input's index, ``reason`` the reason code of each
    invalid row (``<NA>`` where valid), ``position`` the 1-based character position where it is
    known (``<NA>`` elsewhere), ``counts`` the number of rows per reason.
    """

    valid: pd.Series
    reason: pd.Series
    position: pd.Series
    counts: Mapping[str, int]
    code: str

    @property
    def n_valid(self) -> int:
        return int(self.valid.sum())

    @property
    def n_invalid(self) -> int:
        return len(self.valid) - self.n_valid

    @property
    def all_valid(self) -> bool:
        return self.n_invalid == 0

    def summary(self, lang: str | None = None) -> pd.DataFrame:
        """Counts by reason with the message in ``lang``, most frequent first."""
        from zjgov.codes import get

        title = get(self.code).TITLE[0 if i18n.check_lang(lang) == "zh" else 1]
        rows = [
            (reason, count, i18n.text(reason, lang, title=title))
            for reason, count in sorted(self.counts.items(), key=lambda kv: -kv[1])
        ]
        return pd.DataFrame(rows, columns=["reason", "count", "message"])


@dataclasses.dataclass(frozen=True)
class Code:
    """A standard code: its kernel plus the shared scalar and column front ends."""

    name: str
    title: tuple[str, str]
    lengths: tuple[int, ...]
    kernel: Kernel
    options: Callable[..., dict[str, Any]] = dataclasses.field(default=lambda **kw: kw)
    separators: str = text.DEFAULT_SEPARATORS
    finish: Callable[[str], str] = dataclasses.field(default=lambda s: s)

    # -- scalar ---------------------------------------------------------------------------
    def compact(self, value: object) -> str:
        """Normalise ``value`` (full-width forms, separators, case) without checking it."""
        try:
            return text.compact(value, self.separators)
        except ValidationError as exc:
            raise self._error(exc.reason) from None

    def validate(self, value: object, **options: Any) -> str:
        """Return the compact form of ``value`` or raise a :class:`ValidationError`."""
        opts = self.options(**options)
        s = self.compact(value)
        if len(s) not in self.lengths:
            raise self._error("length")
        matrix = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).reshape(1, -1)
        verdict = Verdict(1)
        self.kernel(matrix, verdict, **opts)
        if verdict.reason[0]:
            position = int(verdict.position[0]) or None
            raise self._error(_REASONS[verdict.reason[0]], position)
        return self.finish(s)

    def is_valid(self, value: object, **options: Any) -> bool:
        """Whether ``value`` is valid; never raises for bad data."""
        opts = self.options(**options)
        try:
            self.validate(value, **opts)
        except ValidationError:
            return False
        return True

    def _error(self, reason: str | None, position: int | None = None) -> ValidationError:
        assert reason is not None
        return error_class(reason)(reason, code=self.name, title=self.title, position=position)

    # -- column ---------------------------------------------------------------------------
    def check(self, column: Iterable[Any] | pd.Series, **options: Any) -> CheckResult:
        """Check a whole column; rows are never dropped or reordered."""
        opts = self.options(**options)
        series = column if isinstance(column, pd.Series) else pd.Series(column, dtype=object)
        reason, position = self._check_arrays(series, opts)
        return _result(series.index, reason, position, self.name)

    def _check_arrays(self, series: pd.Series, opts: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        n = len(series)
        reason = np.zeros(n, dtype=np.int16)
        position = np.zeros(n, dtype=np.int32)
        arr, bad_type = to_arrow(series)
        reason[bad_type] = TYPE
        null = np.asarray(arr.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        reason[null & ~bad_type] = MISSING
        todo = ~null & ~bad_type
        if not todo.any():
            return reason, position
        ascii_ = _np_bool(pc.string_is_ascii(arr))
        blen = pc.binary_length(arr).to_numpy(zero_copy_only=False)
        seps = np.frombuffer(text.normalise(self.separators).encode(), np.uint8)
        for length in self.lengths:
            rows = np.flatnonzero(todo & ascii_ & (blen == length))
            if not len(rows):
                continue
            m = _ascii_matrix(arr, rows, length)
            dirty = np.isin(m, seps).any(axis=1) | ((m >= 0x61) & (m <= 0x7A)).any(axis=1)
            if dirty.any():  # separators or lower case: leave them to the general path
                m, rows = m[~dirty], rows[~dirty]
            self._run(m, rows, opts, reason, position)
            todo[rows] = False
        if todo.any():
            self._check_general(arr, np.flatnonzero(todo), opts, reason, position)
        return reason, position

    def _check_general(self, arr, rows, opts, reason, position) -> None:
        """Rows that need normalising: non-ASCII, separators, lower case, other lengths."""
        chars = pc.utf8_length(arr.take(pa.array(rows))).to_numpy(zero_copy_only=False)
        limit = _LONG_FACTOR * max(self.lengths) + 16
        too_long = chars > limit
        reason[rows[too_long]] = LENGTH
        rows, chars = rows[~too_long], chars[~too_long]
        if not len(rows):
            return
        width = int(chars.max())
        values = arr.take(pa.array(rows)).to_numpy(zero_copy_only=False)
        m = np.asarray(values, dtype=f"<U{max(width, 1)}").view(np.uint32).reshape(len(rows), -1).copy()
        text.normalise_codepoints(m)
        keep = np.arange(m.shape[1]) < chars[:, None]
        keep &= ~np.isin(m, np.array([ord(c) for c in text.normalise(self.separators)], np.uint32))
        new_len = keep.sum(axis=1)
        order = np.argsort(~keep, axis=1, kind="stable")
        m = np.take_along_axis(m, order, axis=1)
        reason[rows[new_len == 0]] = MISSING
        wrong = (new_len != 0) & ~np.isin(new_len, self.lengths)
        reason[rows[wrong]] = LENGTH
        for length in self.lengths:
            sel = new_len == length
            if sel.any():
                sub = np.ascontiguousarray(m[sel, :length])
                self._run(sub, rows[sel], opts, reason, position)

    def _run(self, m, rows, opts, reason, position) -> None:
        verdict = Verdict(len(rows))
        self.kernel(m, verdict, **opts)
        reason[rows] = verdict.reason
        position[rows] = verdict.position


def _np_bool(arr: pa.Array) -> np.ndarray:
    return np.asarray(arr.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _ascii_matrix(arr: pa.Array, rows: np.ndarray, length: int) -> np.ndarray:
    """The rows (all ``length`` bytes long) as an ``(n, length)`` uint8 matrix."""
    sub = arr.take(pa.array(rows)) if len(rows) != len(arr) else arr
    offsets_type = np.int64 if pa.types.is_large_string(sub.type) else np.int32
    first = np.frombuffer(sub.buffers()[1], offsets_type, count=1, offset=sub.offset * offsets_type().itemsize)[0]
    data = np.frombuffer(sub.buffers()[2], np.uint8, count=len(rows) * length, offset=int(first))
    return data.reshape(len(rows), length)


def to_arrow(series: pd.Series) -> tuple[pa.Array, np.ndarray]:
    """The column as one Arrow string array, and a mask of cells that are not text.

    Integers become their decimal digits, missing values (None, NaN, NA) become nulls, and
    floats, booleans, bytes and other objects are flagged as the reason ``type``.
    """
    n = len(series)
    no = np.zeros(n, dtype=bool)
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        series = series.astype(dtype.categories.dtype if len(dtype.categories) else object)
        dtype = series.dtype
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        arr = pa.array(series, from_pandas=True)
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
        return pa.array(values, type=pa.large_string(), from_pandas=True), no
    out: list[str | None] = [None] * n
    bad = np.zeros(n, dtype=bool)
    for i, v in enumerate(values):  # mixed object column: one pass to sort out the types
        try:
            out[i] = text.to_text(v)
        except ValidationError as exc:
            bad[i] = exc.reason == "type"
    return pa.array(out, type=pa.large_string()), bad


def _result(index: pd.Index, reason: np.ndarray, position: np.ndarray, name: str) -> CheckResult:
    valid = pd.Series(reason == 0, index=index, name="valid")
    used = np.unique(reason)
    cats = [_REASONS[i] for i in range(len(_REASONS))]
    codes = np.where(reason == 0, -1, reason).astype(np.int32)
    labels = pd.Categorical.from_codes(codes, categories=[c or "" for c in cats])
    reason_s = pd.Series(labels, index=index, name="reason").astype("string")
    pos = pd.Series(pd.array(np.where(position > 0, position, 0), dtype="Int32"), index=index, name="position")
    pos = pos.mask(position <= 0)
    counts = {_REASONS[i]: int((reason == i).sum()) for i in used if i}
    return CheckResult(valid=valid, reason=reason_s, position=pos, counts=counts, code=name)


# -- helpers kernels share --------------------------------------------------------------
def digits(m: np.ndarray) -> np.ndarray:
    """Boolean matrix: which cells are ASCII digits."""
    return (m >= 0x30) & (m <= 0x39)


def in_alphabet(m: np.ndarray, alphabet: str) -> np.ndarray:
    """Boolean matrix: which cells are characters of ``alphabet``."""
    table = np.zeros(128, dtype=bool)
    table[[ord(c) for c in alphabet]] = True
    return table[np.minimum(m, 127)] & (m < 128)


def values(m: np.ndarray, alphabet: str) -> np.ndarray:
    """Matrix of character values (index in ``alphabet``; 0 for characters outside it)."""
    table = np.zeros(128, dtype=np.int32)
    for i, c in enumerate(alphabet):
        table[ord(c)] = i
    return table[np.minimum(m, 127)]


def as_int(m: np.ndarray) -> np.ndarray:
    """The digit columns of ``m`` read as one integer per row (non-digits give garbage)."""
    out = np.zeros(len(m), dtype=np.int64)
    for j in range(m.shape[1]):
        out = out * 10 + (m[:, j].astype(np.int64) - 0x30)
    return out


def weighted_sum(v: np.ndarray, weights: Iterable[int]) -> np.ndarray:
    """Row sums of ``v * weights`` (column by column, no temporary matrix)."""
    out = np.zeros(len(v), dtype=np.int64)
    for j, w in enumerate(weights):
        if w:
            out += v[:, j].astype(np.int64) * w
    return out


def options_error(detail_zh: str, detail_en: str) -> ValueError:
    """A misuse of options (a programming error, raised before any data is read)."""
    from zjgov.errors import ConfigError

    return ConfigError(i18n.text("bad_option", "zh", detail=detail_zh), i18n.text("bad_option", "en", detail=detail_en))
