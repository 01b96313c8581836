"""The machinery every code module shares (not public API).

A code is defined once by a *kernel*: a function that receives a matrix of code points
(one row per compact value, all of the same length, ``uint8`` for ASCII rows or ``uint32``)
and records the first failure of each row in a :class:`Verdict`. :class:`Code` wraps the
kernel into the public contract:

* scalar calls (``validate``, ``is_valid``) normalise with :func:`zjgov.text.compact` and run
  the kernel on a one-row matrix;
* ``check(column)`` walks the Arrow buffers of the column in blocks of :data:`BLOCK` rows.
  Clean ASCII rows of a valid length are read straight from the data buffer (no copy per
  value, no ``take``), transposed once per block so that every column ``m[:, j]`` a kernel
  reads is contiguous, and handed to the kernel. Rows that need normalising (non-ASCII, lower
  case, separators, other lengths) are decoded as code-point matrices in NumPy and go through
  the same kernel. No Python loop per row, and memory is bounded by the block size.

Kernels receive matrices in either memory order (Fortran order from ``check``, C order from
scalar calls); they must index columns (``m[:, j]``) and never assume contiguity.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from zjgov.core import i18n, lazy, reasons, text
from zjgov.core.arrow import byte_rows, codepoint_matrix, offsets_data, rewrite_rows
from zjgov.core.arrow import mask as _np_bool
from zjgov.core.errors import ValidationError, config_error, error_class
from zjgov.core.reasons import CHECKSUM, FORMAT, LENGTH, MISSING, TYPE
from zjgov.core.reasons import index as reason_index
from zjgov.core.reasons import name as reason_name
from zjgov.core.text import compact_arrow, to_arrow
from zjgov.core.threads import parallel_map

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
else:  # imported on first use: a scalar check never needs NumPy or pyarrow
    np = lazy.module("numpy")
    pa, pc = lazy.module("pyarrow"), lazy.module("pyarrow.compute")

__all__ = [
    "BLOCK",
    "CHECKSUM",
    "FORMAT",
    "LENGTH",
    "MISSING",
    "TYPE",
    "CheckResult",
    "Code",
    "Kernel",
    "Verdict",
    "as_int",
    "byte_pairs",
    "byte_rows",
    "codepoint_matrix",
    "compact_arrow",
    "digit_run",
    "digit_values",
    "digits",
    "head16",
    "in_alphabet",
    "lookup",
    "offsets_data",
    "options_error",
    "parallel_map",
    "reason_index",
    "reason_name",
    "rewrite_rows",
    "shifted",
    "to_arrow",
    "values",
    "weighted_sum",
    "windows",
    "word_digits",
]
#: A value longer than this many times the longest valid length is a length error at once.
_LONG_FACTOR = 4
#: Rows per block of a column check: big enough to amortise the kernel's Python overhead,
#: small enough for the block's temporaries to stay in the CPU cache.
BLOCK = 1 << 16


class Verdict:
    """The first failure of each row of a kernel's input (fixed order: first call wins)."""

    __slots__ = ("_failed", "position", "reason")

    def __init__(self, n: int) -> None:
        self.reason = np.zeros(n, dtype=np.int16)
        self.position = np.zeros(n, dtype=np.int32)  # 1-based; 0 = not applicable
        self._failed = False  # no row has failed yet: every row is open

    @property
    def open(self) -> np.ndarray:
        """Rows that have not failed yet."""
        return self.reason == 0

    def fail(self, mask: np.ndarray, reason: str, position: np.ndarray | int | None = None) -> None:
        """Record ``reason`` for rows in ``mask`` that have not failed yet."""
        rows = np.flatnonzero(mask)
        if self._failed and len(rows):
            rows = rows[self.reason[rows] == 0]
        if not len(rows):
            return
        self._failed = True
        self.reason[rows] = reason_index(reason)
        if position is not None:
            self.position[rows] = position[rows] if isinstance(position, np.ndarray) else position

    def fail_chars(self, ok: np.ndarray, reason: str = "format", offset: int = 0) -> None:
        """Fail rows where any cell of the boolean matrix ``ok`` is False, at the first bad cell."""
        rows = np.flatnonzero(~ok.all(axis=1))
        if self._failed and len(rows):
            rows = rows[self.reason[rows] == 0]
        if not len(rows):
            return
        self._failed = True
        self.reason[rows] = reason_index(reason)
        self.position[rows] = (~ok[rows]).argmax(axis=1).astype(np.int32) + 1 + offset


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
        import pandas as pd  # column paths only: scalar checks never import pandas

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
    #: Optional vectorised rewrite of the compact text (normalised, separators removed) into the
    #: form the kernel reads, e.g. stripping a ``+86`` prefix: Arrow ``large_string`` array in,
    #: array of the same length out, nulls kept, output already compact. Scalar calls run it on a
    #: one-element array, so both paths share it.
    prepare: Callable[[pa.Array], pa.Array] | None = None
    #: Optional fast acceptance read straight from a block's UTF-8 bytes (codes without
    #: ``prepare``): ``accept(offsets, data, byte_lengths, **options)`` returns a boolean mask of
    #: rows that are certainly valid as they stand (already compact, canonical), or ``None``
    #: when it has nothing to say for these options. The other rows go through the kernel as
    #: usual, so an accept must only accept what the kernel accepts (property-tested per code).
    accept: Callable[..., np.ndarray | None] | None = None
    #: Optional pure-Python rules for one compact value of a valid length (the scalar path of
    #: ``validate``/``is_valid``, no NumPy per call): ``scalar(text, options)`` (the dict ``options(...)`` returned) gives
    #: ``None`` when valid, else ``(reason, position or None)`` — exactly the first failure the
    #: kernel records for that one-row matrix (property-tested per code against
    #: :meth:`kernel_failure` in tests/test_codes_contract.py).
    scalar: Callable[..., tuple[str, int | None] | None] | None = None

    # -- scalar ---------------------------------------------------------------------------
    def compact(self, value: object) -> str:
        """Normalise ``value`` (full-width forms, separators, case) without checking it."""
        try:
            s = text.compact(value, self.separators)
        except ValidationError as exc:
            raise self._error(exc.reason) from None
        if self.prepare is not None:  # lone surrogates become U+FFFD, as on the column path
            s = self.prepare(pa.array([text.encodable(s)], pa.large_string()))[0].as_py()
            if not s:
                raise self._error("missing")
        return s

    def compact_column(self, column: Iterable[Any] | pd.Series | pa.Array) -> pa.Array:
        """The compact form of every cell, row for row, as a string array (nulls where a cell is
        missing, blank or not text; an Arrow array with nothing to change comes back as it is) —
        what keys and uniqueness compare. Not checked: an invalid value keeps whatever compact
        text it has."""
        arr = text.compact_column(column, self.separators)
        if self.prepare is not None:
            arr = self.prepare(arr if pa.types.is_large_string(arr.type) else arr.cast(pa.large_string()))
            arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.large_string()), arr)
        return arr

    def validate(self, value: object, **options: Any) -> str:
        """Return the compact form of ``value`` or raise a :class:`ValidationError`."""
        s, failure = self._first_failure(value, self._defaults if not options else self.options(**options))
        if failure is not None:
            raise self._error(*failure)
        return self.finish(s)

    def _first_failure(self, value: object, opts: dict[str, Any]) -> tuple[str, tuple[str, int | None] | None]:
        """The compact form of ``value`` and its first failure (``None`` when valid); raises a
        :class:`ValidationError` when there is no compact form."""
        if type(value) is str and self.prepare is None and self._already_compact(value) is not None:
            s = value  # no character that normalising changes or removes: already compact, as on the column path
        else:
            s = self.compact(value)
        if len(s) not in self.lengths:
            return s, ("length", None)
        return s, self.kernel_failure(s, opts) if self.scalar is None else self.scalar(s, opts)

    @functools.cached_property
    def _defaults(self) -> dict[str, Any]:
        """The options when none are given (checked once)."""
        return self.options()

    def kernel_failure(self, s: str, opts: dict[str, Any]) -> tuple[str, int | None] | None:
        """The kernel's first failure of the compact value ``s`` (run as a one-row matrix):
        ``None`` when valid, else ``(reason, position or None)``."""
        matrix: np.ndarray
        if s.isascii():
            matrix = np.frombuffer(s.encode("ascii"), dtype=np.uint8).reshape(1, -1)
        else:
            matrix = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).reshape(1, -1)
        verdict = Verdict(1)
        self.kernel(matrix, verdict, **opts)
        if not verdict.reason[0]:
            return None
        reason = reason_name(verdict.reason[0])
        assert reason is not None
        return reason, int(verdict.position[0]) or None

    def is_valid(self, value: object, **options: Any) -> bool:
        """Whether ``value`` is valid; never raises for bad data."""
        opts = self._defaults if not options else self.options(**options)
        try:
            return self._first_failure(value, opts)[1] is None
        except ValidationError:
            return False

    def _error(self, reason: str | None, position: int | None = None) -> ValidationError:
        assert reason is not None
        return error_class(reason)(reason, code=self.name, title=self.title, position=position)

    # -- column ---------------------------------------------------------------------------
    def check(self, column: Iterable[Any] | pd.Series, **options: Any) -> CheckResult:
        """Check a whole column; rows are never dropped or reordered."""
        opts = self.options(**options)
        series = as_column(column)
        reason, position = self._check_arrays(series, opts)
        return _result(series.index, reason, position, self.name)

    def check_codes(self, column: Iterable[Any] | pd.Series, **options: Any) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`check` as raw arrays, for other kernels: reason integers of
        :mod:`zjgov.core.reasons` (0 = valid) and 1-based positions (0 = none), row for row."""
        return self._check_arrays(as_column(column), self.options(**options))

    def _check_arrays(self, series: pd.Series, opts: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        """Reason and position arrays for every row of ``series`` (in order)."""
        import pandas as pd  # column paths only: scalar checks never import pandas

        if isinstance(series.dtype, pd.CategoricalDtype):  # check each category once
            cats = series.cat.categories
            codes = series.cat.codes.to_numpy()
            if not len(cats):  # every cell null
                return np.full(len(series), MISSING, np.int16), np.zeros(len(series), np.int32)
            cat_reason, cat_position = self._check_arrays(pd.Series(cats.to_numpy(dtype=object), dtype=object), opts)
            reason = np.where(codes >= 0, cat_reason[codes], MISSING).astype(np.int16)
            position = np.where(codes >= 0, cat_position[codes], 0).astype(np.int32)
            return reason, position
        n = len(series)
        reason = np.zeros(n, dtype=np.int16)
        position = np.zeros(n, dtype=np.int32)
        chunks, bad_type = _arrow_chunks(series)
        if bad_type is not None:
            reason[bad_type] = TYPE
        jobs, start = [], 0
        for chunk in chunks:
            for off in range(0, len(chunk), BLOCK):
                block = chunk.slice(off, BLOCK)
                rows = slice(start + off, start + off + len(block))
                jobs.append((block, reason[rows], position[rows]))  # views: each block writes its own rows
            start += len(chunk)
        parallel_map(lambda job: self._check_block(job[0], opts, job[1], job[2]), jobs)
        return reason, position

    @functools.cached_property
    def _dirty_bytes(self) -> np.ndarray:
        """The bytes that normalising would change or remove (or that start a non-ASCII character)."""
        return text.dirty_bytes(text.normalise(self.separators))

    @functools.cached_property
    def _clean_range(self) -> tuple[int, int]:
        """The widest byte range ``[lo, hi]`` around ``0``–``9`` that holds no dirty byte (pure
        Python: the scalar path needs no NumPy)."""
        dirty = text.dirty_ascii(text.normalise(self.separators)) | set(range(0x80, 0x100))
        lo, hi = 0x30, 0x39
        while lo > 0 and lo - 1 not in dirty:
            lo -= 1
        while hi < 0xFF and hi + 1 not in dirty:
            hi += 1
        return lo, hi

    @functools.cached_property
    def _already_compact(self) -> Callable[[str], re.Match[str] | None]:
        """``fullmatch`` of a non-empty text of :attr:`_clean_range` characters only (the scalar
        path's test that normalising would change nothing: one C call)."""
        lo, hi = self._clean_range
        return re.compile(f"[\\x{lo:02x}-\\x{hi:02x}]+").fullmatch

    def _check_block(self, arr: pa.Array, opts: dict[str, Any], reason: np.ndarray, position: np.ndarray) -> None:
        """Check one block (a slice of an Arrow string array); ``reason``/``position`` are its views."""
        n = len(arr)
        if not n:
            return
        if arr.null_count:
            null = _np_bool(arr.is_null())
            reason[null & (reason == 0)] = MISSING
            todo = reason == 0
        else:
            todo = None if not reason.any() else reason == 0
        if self.prepare is not None:
            if todo is not None and not todo.any():
                return
            large = arr if pa.types.is_large_string(arr.type) else arr.cast(pa.large_string())
            arr = self.prepare(compact_arrow(large, self.separators))
        offs, data, otype = offsets_data(arr)
        lens = np.diff(offs)
        if self.accept is not None and self.prepare is None:
            quick = self.accept(offs, data, lens, **opts)
            if quick is not None:
                todo = ~quick if todo is None else todo & ~quick
                if not todo.any():
                    return
        general = np.ones(n, dtype=bool) if todo is None else todo.copy()
        for length in _present(lens if todo is None else lens[todo], self.lengths):
            same = lens == length
            if todo is not None:
                same &= todo
            count = int(np.count_nonzero(same))
            if not count:
                continue
            if count == n:  # every row: the data buffer is the matrix, no gather
                rows = None
                mt = np.ascontiguousarray(data[offs[0] : offs[0] + n * length].reshape(n, length).T)
            else:
                rows = np.flatnonzero(same)
                mt = data[offs[rows][None, :] + np.arange(length, dtype=otype)[:, None]]
            plo, phi = self._clean_range
            if int(mt.min()) < plo or int(mt.max()) > phi:  # rows with lower case, separators or non-ASCII
                suspect = np.flatnonzero((mt.min(axis=0) < plo) | (mt.max(axis=0) > phi))  # take the general path
                dirty = np.zeros(mt.shape[1], dtype=bool)
                dirty[suspect] = self._dirty_bytes[mt[:, suspect]].any(axis=0)
                if dirty.any():
                    keep = np.flatnonzero(~dirty)
                    rows = keep if rows is None else rows[keep]
                    mt = np.ascontiguousarray(mt[:, keep])
            if rows is None:
                self._run(mt.T, slice(None), opts, reason, position)
                general[:] = False
                break
            if len(rows):
                self._run(mt.T, rows, opts, reason, position)
                general[rows] = False
        rest = np.flatnonzero(general)
        if len(rest):
            rest = self._clean_wrong_lengths(rest, offs, data, lens, reason)
        if len(rest):
            rest = self._wide_first(rest, offs, data, lens, opts, reason, position)
        if len(rest):
            self._check_general(arr, rest, opts, reason, position, lens)

    def _wide_first(self, rows, offs, data, lens, opts, reason, position) -> np.ndarray:
        """Rows made of one three-byte UTF-8 character (e.g. a plate's province) and clean ASCII:
        decoded straight from the bytes into a code-point matrix (the first character normalised
        like the general path does) and checked; return the rows still to check."""
        rl = lens[rows]
        cand = (rl >= 3) & _one_of(rl - 2, self.lengths)
        if not cand.any():
            return rows
        seps = np.array([ord(c) for c in text.normalise(self.separators)], np.uint32)
        done = np.zeros(len(rows), dtype=bool)
        for nbytes in np.unique(rl[cand]).tolist():
            sel = np.flatnonzero(cand & (rl == nbytes))
            cells = np.take(data, offs[rows[sel]][:, None] + np.arange(nbytes), mode="clip")
            b0, b1, b2 = (cells[:, j].astype(np.uint32) for j in range(3))
            cp = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F)
            ok = ((b0 & 0xF0) == 0xE0) & ((b1 & 0xC0) == 0x80) & ((b2 & 0xC0) == 0x80)
            ok &= (cp >= 0x800) & ((cp < 0xD800) | (cp >= 0xE000))  # no overlong forms, no surrogates
            ok &= ~self._dirty_bytes[cells[:, 3:]].any(axis=1)
            first = text.normalise_codepoints(cp.reshape(1, -1)).ravel()
            ok &= ~_one_of(first, seps)  # a separator would change the length: the general path
            keep = np.flatnonzero(ok)
            if not len(keep):
                continue
            m = np.empty((len(keep), nbytes - 2), dtype=np.uint32)
            m[:, 0] = first[keep]
            m[:, 1:] = cells[keep, 3:]
            if m.max(initial=0) < 0x80:
                m = m.astype(np.uint8)
            self._run(m, rows[sel[keep]], opts, reason, position)
            done[sel[keep]] = True
        return rows[~done]

    def _clean_wrong_lengths(self, rows, offs, data, lens, reason) -> np.ndarray:
        """Record short rows of a wrong length that normalising leaves alone (``missing`` when empty,
        else ``length``) without decoding them; return the rows still to check."""
        rl = lens[rows]
        short = (rl <= 2 * max(self.lengths)) & ~_one_of(rl, self.lengths)
        if not short.any():
            return rows
        cand, cl = rows[short], rl[short]
        width = max(int(cl.max()), 1)
        inside = np.arange(width) < cl[:, None]
        source = data if len(data) else np.zeros(1, np.uint8)  # every row empty: nothing to read
        cells = np.take(source, offs[cand][:, None] + np.arange(width), mode="clip")
        clean = ~(self._dirty_bytes[cells] & inside).any(axis=1)
        reason[cand[clean]] = np.where(cl[clean] == 0, MISSING, LENGTH)
        return np.sort(np.concatenate([rows[~short], cand[~clean]]))  # the general path wants them in order

    def _check_general(self, arr, rows, opts, reason, position, byte_lens=None) -> None:
        """Rows that need normalising: non-ASCII, separators, lower case, other lengths."""
        limit = _LONG_FACTOR * max(self.lengths) + 16
        if byte_lens is not None:  # a character takes at most 4 bytes: cheap first cut
            too_long = byte_lens[rows] > 4 * limit
            reason[rows[too_long]] = LENGTH
            rows = rows[~too_long]
            if not len(rows):
                return
        sub = arr if len(rows) == len(arr) else arr.take(pa.array(rows))
        chars = pc.utf8_length(sub).to_numpy(zero_copy_only=False).astype(np.int64)
        too_long = chars > limit
        if too_long.any():
            reason[rows[too_long]] = LENGTH
            keep = np.flatnonzero(~too_long)
            rows, chars, sub = rows[keep], chars[keep], sub.take(pa.array(keep))
            if not len(rows):
                return
        m = codepoint_matrix(sub, chars)
        width = m.shape[1]
        cells = np.arange(width) < chars[:, None]
        # Only cells outside the clean range can change when normalised or be separators:
        # normalise those (a 1-D array, usually a few per row) instead of the whole matrix.
        lo, hi = self._clean_range
        flat = m.ravel()
        idx = np.flatnonzero(((m < lo) | (m > hi)) & cells)
        new_len = chars
        if len(idx):
            vals = text.normalise_codepoints(flat[idx].reshape(1, -1)).ravel()
            flat[idx] = vals
            seps = np.array([ord(c) for c in text.normalise(self.separators)], np.uint32)
            gone = idx[np.isin(vals, seps)] if len(seps) else idx[:0]
            if len(gone):  # separators removed: close the gaps (stable) in those rows only
                keep = cells.copy()
                keep.ravel()[gone] = False
                new_len = chars - np.bincount(gone // width, minlength=len(chars))
                moved = np.unique(gone // width)
                order = np.argsort(~keep[moved], axis=1, kind="stable")
                m[moved] = np.take_along_axis(m[moved], order, axis=1)
        reason[rows[new_len == 0]] = MISSING
        wrong = (new_len != 0) & ~np.isin(new_len, self.lengths)
        reason[rows[wrong]] = LENGTH
        for length in _present(new_len, self.lengths):
            sel = new_len == length
            if length <= width:
                sub_m = np.ascontiguousarray(m[sel, :length])
                if sub_m.max(initial=0) < 0x80:
                    sub_m = sub_m.astype(np.uint8)
                self._run(sub_m, rows[sel], opts, reason, position)

    def _run(self, m, rows, opts, reason, position) -> None:
        verdict = Verdict(len(m))
        self.kernel(m, verdict, **opts)
        reason[rows] = verdict.reason
        position[rows] = verdict.position


def _one_of(x: np.ndarray, values: Iterable[int]) -> np.ndarray:
    """``np.isin`` for a handful of values: one comparison each, no sort."""
    out = np.zeros(x.shape, dtype=bool)
    for value in values:
        out |= x == value
    return out


def _present(lengths: np.ndarray, wanted: tuple[int, ...]) -> list[int]:
    """The lengths of ``wanted`` that occur in ``lengths`` (one counting pass)."""
    if len(wanted) == 1:
        return list(wanted)
    if not len(lengths):
        return []
    lo, hi = int(lengths.min()), int(lengths.max())
    if lo == hi:  # the usual block: every value has the same length
        return [lo] if lo in wanted else []
    top = max(wanted) + 1
    counts = np.bincount(np.minimum(lengths, top), minlength=top + 1)  # lengths are never negative
    return [k for k in wanted if counts[k]]


def _arrow_chunks(series: pd.Series) -> tuple[list[pa.Array], np.ndarray | None]:
    """The column as Arrow ``string``/``large_string`` chunks (zero copy where the column is
    Arrow-backed), and a mask of cells that are not text (``None`` when there are none)."""
    import pandas as pd  # column paths only: scalar checks never import pandas

    dtype = series.dtype
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        try:
            arr = pa.array(series, from_pandas=True)
        except (UnicodeEncodeError, pa.ArrowException):  # e.g. lone surrogates in Python-backed strings
            arr, bad = to_arrow(series.astype(object))
            return [arr], bad if bad.any() else None
        chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
        out = []
        for c in chunks:
            if not (pa.types.is_string(c.type) or pa.types.is_large_string(c.type)):
                c = c.cast(pa.large_string())
            out.append(c)
        return out, None
    arr, bad = to_arrow(series)
    return [arr], bad if bad.any() else None


def _reason_labels(bad: np.ndarray, codes: np.ndarray, n: int) -> pa.Array:
    """Reason names as an ``n``-row Arrow string array: ``codes`` at the rows ``bad``, null elsewhere.

    Built straight from buffers (a validity bitmap, offsets that only grow at failed rows, the
    name bytes of the failed rows) instead of a ``take`` of every row.
    """
    names = [(r or "").encode() for r in reasons.names()]
    sizes = np.array([len(b) for b in names], dtype=np.int64)
    grown = np.zeros(len(bad) + 1, dtype=np.int64)
    np.cumsum(sizes[codes], out=grown[1:])
    small = grown[-1] < 2**31  # 32-bit offsets (``string``) take half the memory of ``large_string``'s
    offsets = np.repeat(grown.astype(np.int32) if small else grown, np.diff(np.concatenate(([0], bad + 1, [n + 1]))))
    joined = np.frombuffer(b"".join(names) or b"\0", np.uint8)
    first = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    row_sizes = sizes[codes]
    # byte k of the output belongs to failed row i: joined[first[code_i] + (k - grown[i])]
    data = np.take(joined, np.repeat(first[codes] - grown[:-1], row_sizes) + np.arange(int(grown[-1])))
    failed = np.zeros(n, dtype=bool)
    failed[bad] = True
    validity = np.packbits(failed, bitorder="little")
    buffers = [pa.py_buffer(validity), pa.py_buffer(offsets), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.string() if small else pa.large_string(), n, buffers, null_count=n - len(bad))


def as_column(column: Any) -> pd.Series:
    """``column`` as a Series for ``check`` (a list, array or Arrow array of cells); anything
    that is not one column — a DataFrame (also what duplicate column names select), a 2-D array,
    a single string — is a clear error instead of a pandas traceback."""
    import pandas as pd  # column paths only: scalar checks never import pandas

    if isinstance(column, pd.Series):
        return column
    if isinstance(column, pd.DataFrame) or (isinstance(column, np.ndarray) and column.ndim != 1):
        shape = type(column).__name__ + " " + "x".join(map(str, getattr(column, "shape", ())))
        raise config_error("codes.not_a_column", shape=shape)
    if isinstance(column, (str, bytes)) or not hasattr(column, "__iter__"):
        raise config_error("codes.not_a_column", shape=type(column).__name__)
    if isinstance(column, (pa.Array, pa.ChunkedArray)):
        return column.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)
    return pd.Series(list(column), dtype=object)


i18n.add(
    {
        "codes.not_a_column": (
            "check() 需要一列值（Series、列表或一维数组），得到的是 {shape}；"
            "DataFrame 中重复的列名会选出多列，请用 df.iloc[:, i] 选一列",
            "check() needs one column of values (a Series, list or 1-D array), got {shape}; "
            "duplicate column names select several columns: pick one with df.iloc[:, i]",
        )
    }
)


def _result(index: pd.Index, reason: np.ndarray, position: np.ndarray, name: str) -> CheckResult:
    import pandas as pd  # column paths only: scalar checks never import pandas

    n = len(reason)
    ok = reason == 0
    valid = pd.Series(ok, index=index, name="valid")
    bad = np.flatnonzero(~ok)
    codes = reason[bad]
    registry = reasons.names()
    counts_arr = np.bincount(codes, minlength=len(registry))
    counts = {str(registry[i]): int(c) for i, c in enumerate(counts_arr) if i and c}
    labels = _reason_labels(bad, codes, n) if len(bad) else pa.nulls(n, pa.large_string())
    reason_s = pd.Series(labels, index=index, name="reason", dtype="string")
    pos = pd.Series(pd.arrays.IntegerArray(position.astype(np.int32, copy=False), position <= 0), index=index)
    pos.name = "position"
    return CheckResult(valid=valid, reason=reason_s, position=pos, counts=counts, code=name)


# -- helpers kernels share --------------------------------------------------------------
_SMALL = 64  # rows up to which helpers use whole-matrix operations


@functools.cache
def _powers() -> np.ndarray:
    return 10 ** np.arange(19, dtype=np.int64)


def digits(m: np.ndarray) -> np.ndarray:
    """Boolean matrix: which cells are ASCII digits."""
    return np.subtract(m, 0x30, dtype=m.dtype) <= 9 if m.dtype.kind == "u" else (m >= 0x30) & (m <= 0x39)


def digit_values(m: np.ndarray) -> np.ndarray:
    """``m - '0'`` in ``m``'s unsigned type (wrapping): a cell is a digit exactly when its value is <= 9."""
    return np.subtract(m, 0x30, dtype=m.dtype) if m.dtype.kind == "u" else m.astype(np.int64) - 0x30


@functools.cache
def _alphabet_tables(alphabet: str) -> tuple[np.ndarray, np.ndarray]:
    member = np.zeros(256, dtype=bool)
    value = np.zeros(256, dtype=np.int32)
    for i, c in enumerate(alphabet):
        if ord(c) < 256:
            member[ord(c)] = True
            value[ord(c)] = i
    return member, value


def lookup(m: np.ndarray, table: np.ndarray, default: object = 0) -> np.ndarray:
    """``table[m]`` for a matrix of code points and a 256-entry table (``default`` beyond it).

    Column by column with ``np.take`` on Fortran-ordered matrices: about twice as fast as
    fancy indexing.
    """
    if m.dtype != np.uint8:
        wide = np.take(table, np.minimum(m, 255))
        return np.where(m < 256, wide, np.asarray(default, dtype=table.dtype))
    if m.ndim != 2 or not m.flags.f_contiguous or m.flags.c_contiguous:
        return np.take(table, m)
    if table.dtype.itemsize == 1 and len(m) % 2 == 0 and len(m) >= 64:
        # two rows per lookup: the columns read as uint16 pairs in a 65,536-entry table (cached)
        pairs = _pair_table(table.tobytes(), table.dtype.str)
        return np.take(pairs, m.T.view(np.uint16)).view(table.dtype).T
    out = np.empty(m.shape, dtype=table.dtype, order="F")
    for j in range(m.shape[1]):
        np.take(table, m[:, j], out=out[:, j])
    return out


@functools.lru_cache(maxsize=64)
def _pair_table(raw: bytes, dtype: str) -> np.ndarray:
    """For a 256-entry one-byte table, the table of little-endian byte pairs (``uint16`` → two entries)."""
    single = np.frombuffer(raw, np.uint8).astype(np.uint16)
    p = np.arange(65536, dtype=np.uint16)
    return single[p & 0xFF] | (single[p >> 8] << 8)


def in_alphabet(m: np.ndarray, alphabet: str) -> np.ndarray:
    """Boolean matrix: which cells are characters of ``alphabet``."""
    return lookup(m, _alphabet_tables(alphabet)[0], False)


def values(m: np.ndarray, alphabet: str) -> np.ndarray:
    """Matrix of character values (index in ``alphabet``; 0 for characters outside it)."""
    return lookup(m, _alphabet_tables(alphabet)[1], 0)


def as_int(m: np.ndarray) -> np.ndarray:
    """The digit columns of ``m`` read as one integer per row (non-digits give garbage)."""
    if len(m) <= _SMALL:  # scalar calls: a few whole-matrix operations beat a loop over columns
        return (m.astype(np.int64) - 0x30) @ _powers()[m.shape[1] - 1 :: -1]
    wide = np.int32 if m.shape[1] <= 9 else np.int64
    out: np.ndarray = np.zeros(len(m), dtype=wide)
    for j in range(m.shape[1]):
        out *= 10
        np.add(out, m[:, j], out=out, casting="unsafe")
        out -= 0x30
    return out.astype(np.int64, copy=False)


def weighted_sum(v: np.ndarray, weights: Iterable[int], *, dtype: Any = None) -> np.ndarray:
    """Row sums of ``v * weights`` (column by column, no temporary matrix).

    ``dtype`` forces the accumulator (e.g. ``np.uint16`` when the valid values are known to be
    small; rows with larger values then wrap around and must already have failed).
    """
    weights = list(weights)
    if len(v) <= _SMALL:
        return v[:, : len(weights)].astype(np.int64) @ np.array(weights, dtype=np.int64)
    bound = sum(abs(w) for w in weights) * (255 if v.dtype.itemsize == 1 else 65535)
    small = v.dtype.itemsize <= 2 and v.dtype.kind in "uib"
    if dtype is not None:
        acc = np.dtype(dtype).type
    elif small and v.dtype.kind in "ub" and min(weights, default=0) >= 0 and bound < 2**16:
        acc = np.uint16  # e.g. digits times weights up to 10: half the memory traffic of int32
    else:
        acc = np.int32 if small and bound < 2**31 else np.int64
    out = np.zeros(len(v), dtype=acc)
    tmp = np.empty(len(v), dtype=acc)
    for j, w in enumerate(weights):
        if w:
            np.multiply(v[:, j], acc(w), out=tmp, dtype=acc, casting="unsafe")
            out += tmp
    return out.astype(np.int64, copy=False)


def windows(data: np.ndarray, starts: np.ndarray, dtype: Any) -> np.ndarray:
    """The little-endian words of ``dtype`` (e.g. ``"<u8"``) that begin at the byte offsets ``starts`` of ``data``.

    Unaligned reads through a one-byte-stride view and one gather: eight bytes of every row in
    one pass. Bytes beyond the end of ``data`` read as zero, so a word can run past the last
    row; callers use the bytes of a word only where the row is long enough to hold them.
    """
    dtype = np.dtype(dtype)
    size = dtype.itemsize
    if not len(starts):
        return np.zeros(0, dtype)
    base = max(len(data) - size, 0)  # words starting here or later come from a zero-padded copy of the tail
    if base and int(starts.max()) < base and int(starts.min()) >= 0:
        return np.ndarray((base,), dtype=dtype, buffer=data, strides=(1,))[starts]
    tail = np.concatenate([data[base:], np.zeros(size, np.uint8)])
    tail_view = np.ndarray((len(tail) - size + 1,), dtype=dtype, buffer=tail, strides=(1,))
    starts = np.maximum(starts, 0)
    over = starts >= base
    out = np.ndarray((base,), dtype=dtype, buffer=data, strides=(1,))[np.where(over, 0, starts)] if base else None
    if out is None:
        out = np.zeros(len(starts), dtype)
    out[over] = tail_view[np.minimum(starts[over] - base, len(tail_view) - 1)]
    return out


def byte_pairs(offs: np.ndarray, data: np.ndarray, lens: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows of ``width`` bytes (``width`` even) as little-endian ``uint16`` pairs of bytes
    ``(2j, 2j + 1)``: an ``(n, width // 2)`` matrix, and the indices of those rows.

    When every row has that width the matrix is a view of the Arrow buffer (no copy); otherwise
    the rows of that width are gathered.
    """
    n = len(lens)
    start, end = int(offs[0]), int(offs[-1])
    if n and end - start == n * width and int(lens.min()) == width:  # the total and the shortest: all equal
        return data[start:end].reshape(n, width).view("<u2"), np.arange(n)
    rows = np.flatnonzero(lens == width)
    cells = data[offs[rows].astype(np.int64)[:, None] + np.arange(width, dtype=np.int64)]
    return cells.view("<u2"), rows


def head16(data: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first sixteen bytes at each offset of ``starts`` as two little-endian ``uint64`` words
    (bytes 0-7, bytes 8-15): one gather of 16-byte records costs about as much as one of 8."""
    words = windows(data, starts, "V16").view("<u8").reshape(-1, 2)
    return words[:, 0], words[:, 1]


def shifted(low: np.ndarray, high: np.ndarray, nbytes: np.ndarray | int) -> np.ndarray:
    """Bytes ``nbytes`` … ``nbytes + 7`` (``0 <= nbytes <= 8``) of the 16-byte values ``(low, high)``."""
    if isinstance(nbytes, int):  # one shift each way
        if nbytes in (0, 8):
            return low if nbytes == 0 else high
        return (low >> np.uint64(8 * nbytes)) | (high << np.uint64(64 - 8 * nbytes))
    bits = np.asarray(nbytes, dtype=np.uint64) * np.uint64(8)
    m63 = np.uint64(63)
    # a shift by 64 bits is undefined: shift by bits % 64 and zero the part that should vanish
    low_part = (low >> (bits & m63)) * (bits < 64)
    high_part = (high << ((np.uint64(64) - bits) & m63)) * (bits != 0)
    return low_part | high_part


_ZEROS8 = 0x3030303030303030
_LOW8 = [(1 << (8 * k)) - 1 for k in range(9)]


def digit_run(data: np.ndarray, starts: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Whether the bytes ``starts + lo`` … ``starts + hi - 1`` (``hi >= 8``, ``hi - lo <= 8``) are ASCII digits.

    One eight-byte word per row (ending at ``hi``), tested for digits all at once (SWAR): a
    byte ``b`` is a digit exactly when ``t = b ^ 0x30`` is at most 9, i.e. when neither ``t``
    nor ``t + 0x76`` has its top bit set (no carry can cross bytes while every ``t < 0x80``).
    """
    if not 0 <= hi - lo <= 8 or hi < 8:
        raise ValueError("digit_run reads one word: 8 <= hi and hi - lo <= 8")
    return word_digits(windows(data, starts + (hi - 8), "<u8"), lo - (hi - 8))


def word_digits(word: np.ndarray, skip: int = 0) -> np.ndarray:
    """Whether the bytes of little-endian ``uint64`` words are all ASCII digits, the lowest ``skip`` bytes ignored (SWAR)."""
    if skip:  # the skipped bytes are forced to '0'
        word = (word & np.uint64(~_LOW8[skip] & _LOW8[8])) | np.uint64(_ZEROS8 & _LOW8[skip])
    t = word ^ np.uint64(_ZEROS8)
    return ((t + np.uint64(0x7676767676767676)) | t) & np.uint64(0x8080808080808080) == 0


def options_error(detail_zh: str, detail_en: str) -> ValueError:
    """A misuse of options (a programming error, raised before any data is read)."""
    return config_error("bad_option", detail=(detail_zh, detail_en))
