"""Exact keys: one hash for single and composite keys, groups resolved by comparing values.

A key is one or more Arrow string columns (the parts). :func:`hash_parts` gives every row a
64-bit hash computed from each part's bytes *and its length* (a null part hashes apart from
an empty one), so no separator character is involved and ``("a|b", "c")`` never meets
``("a", "b|c")``. A hash only proposes: :class:`KeyGroups` compares the actual values of rows
that share a hash, so two different keys are never one group, whatever the hash does.

:class:`KeyGroups` keeps one entry per distinct key (its hash, its first row, its count and
its values) and records ``(row, first row)`` for every later row of a key in a :class:`Spool`,
which moves to a temporary file past its memory budget, so memory does not grow with the
number of repeated rows. When the distinct keys themselves outgrow ``distinct_bytes``, the
table goes to 16 hash partitions on disk: later batches are grouped alone and queued by
partition, and each partition is merged exactly — one partition in memory at a time — when
the groups are read. Two ``KeyGroups`` built on disjoint rows merge exactly (in any order and
grouping), and both pickle, so the partial results of Dask or Spark workers can be combined.

>>> import pyarrow as pa
>>> g = KeyGroups()
>>> g.add([pa.array(["a", "b", "a"]), pa.array(["x", None, "x"])], np.array([0, 1, 2]))
>>> h = KeyGroups()
>>> h.add([pa.array(["b", "a"]), pa.array([None, "y"])], np.array([3, 4]))
>>> m = KeyGroups.merged([g, h])
>>> m.distinct, m.repeated_rows().tolist(), sorted(m.groups_of(2)[0].tolist())
(3, [2, 3], [0, 1])
>>> m.failing_rows(every_member=True).tolist()
[0, 1, 2, 3]
"""

from __future__ import annotations

import itertools
import os
import tempfile
import weakref
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["KeyGroups", "Spool", "combine", "hash_array", "hash_parts"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_PRIME = np.uint64(0x100000001B3)
_NULL_HASH = np.uint64(0x5BD1E9955BD1E995)
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)
#: Values up to this many bytes are hashed by length group as byte matrices (Horner's rule).
_MATRIX_MAX = 64
#: Longer values are hashed in blocks of about this many bytes (bounded temporaries).
_BLOCK = 1 << 20


def _mix(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, vectorised."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _large(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if pa.types.is_binary(arr.type) or pa.types.is_fixed_size_binary(arr.type):
        return arr.cast(pa.large_binary())
    if arr.type not in (pa.large_string(), pa.large_binary()):
        arr = arr.cast(pa.large_string())
    return arr


def hash_array(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A 64-bit hash per value of a string (or binary) array, nulls apart from every value.

    The hash covers the value's bytes and its length; it is read straight from the Arrow
    buffers (no Python object per value). Columns that repeat few values are hashed through
    their dictionary.

    >>> a = hash_array(pa.array(["", None, "a", "a"]))
    >>> len(set(a.tolist())), bool(a[2] == a[3])
    (3, True)
    """
    arr = _large(arr)
    n = len(arr)
    if n > 4096 and len(pc.unique(arr.slice(0, 2048))) < 1536:
        encoded = pc.dictionary_encode(arr)
        of_values = _hash_values(encoded.dictionary)
        idx = encoded.indices
        if not idx.null_count:  # read the codes straight from the buffer (to_numpy copies slowly)
            codes = np.frombuffer(
                idx.buffers()[1], dtype=idx.type.to_pandas_dtype(), count=n, offset=idx.offset * idx.type.bit_width // 8
            )
            return of_values[codes]
        out = np.full(n, _NULL_HASH, dtype=np.uint64)
        valid = _bool(idx.is_valid())
        out[valid] = of_values[idx.to_numpy(zero_copy_only=False)[valid].astype(np.int64)]
        return out
    return _hash_values(arr)


def _bool(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=bool)


def _hash_values(arr: pa.Array) -> np.ndarray:
    n = len(arr)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64, count=n + 1, offset=arr.offset * 8)
    first, last = int(offsets[0]), int(offsets[-1])
    data = arr.buffers()[2]
    raw = np.frombuffer(data, np.uint8, count=last - first, offset=first) if data is not None else np.zeros(0, np.uint8)
    starts = offsets[:-1] - first
    lengths = np.diff(offsets)
    valid = _bool(arr.is_valid()) if arr.null_count else np.ones(n, dtype=bool)
    out = np.zeros(n, dtype=np.uint64)
    short = valid & (lengths <= _MATRIX_MAX)
    if n and short.all() and bool((lengths == lengths[0]).all()):  # one length: a byte matrix, no gather
        length = int(lengths[0])
        words = np.zeros((n, -(-length // 8) * 8), dtype=np.uint8)
        words[:, :length] = raw.reshape(n, length)
        words = words.view("<u8")
        acc = np.zeros(n, dtype=np.uint64)
        for j in range(words.shape[1]):
            acc = _mix(acc ^ words[:, j]) * _PRIME
        out[:] = acc
    elif short.any():
        out[short] = _hash_words(raw, starts[short], lengths[short])
    long_rows = np.flatnonzero(valid & (lengths > _MATRIX_MAX))
    if len(long_rows):
        out[long_rows] = _hash_long(raw, starts[long_rows], lengths[long_rows])
    out = _mix(out + lengths.astype(np.uint64) * _GOLDEN)
    out[~valid] = _NULL_HASH
    return out


def _hash_words(raw: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The word-by-word hash of values of up to :data:`_MATRIX_MAX` bytes at ``starts``.

    Word ``w`` of a value is its bytes ``8w … 8w+7``, zero past its end, read as one unaligned
    64-bit load (two aligned loads and shifts), so values of every length go together: one
    pass per word position instead of one gather per byte.
    """
    padded = np.zeros(-(-(len(raw) + 16) // 8) * 8, dtype=np.uint8)
    padded[: len(raw)] = raw
    w64 = padded.view("<u8")
    words = (lengths + 7) // 8
    first = (starts >> 3).astype(np.int64)  # word w of a value starts in aligned word first + w,
    right = ((starts & 7) * 8).astype(np.uint64)  # shifted by the same amount for every w
    left = np.uint64(63) - right
    acc = np.zeros(len(starts), dtype=np.uint64)
    for w in range(int(words.max()) if len(words) else 0):
        every = bool((words > w).all())
        rows = slice(None) if every else np.flatnonzero(words > w)
        q = first[rows] + w
        word = (w64[q] >> right[rows]) | ((w64[q + 1] << left[rows]) << np.uint64(1))
        rest = (lengths[rows] - 8 * w).astype(np.uint64)
        if bool((rest < 8).any()):  # a value ends inside this word: keep only its own bytes
            word &= np.where(rest >= 8, _ALL, (np.uint64(1) << (np.minimum(rest, 7) * np.uint64(8))) - np.uint64(1))
        acc[rows] = _mix(acc[rows] ^ word) * _PRIME
    return acc


def _hash_long(raw: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Position-weighted byte sums of long values, in blocks of about ``_BLOCK`` bytes.

    The sum is additive over pieces of a value, so a 50 MB cell costs a few MB of temporaries.
    """
    out = np.zeros(len(starts), dtype=np.uint64)
    ends = np.cumsum(lengths)
    i = 0
    while i < len(starts):
        j = max(int(np.searchsorted(ends, ends[i] - lengths[i] + _BLOCK, side="right")), i + 1)
        if j == i + 1 and lengths[i] > _BLOCK:  # one huge value: piece by piece
            total = np.zeros(1, dtype=np.uint64)
            for at in range(0, int(lengths[i]), _BLOCK):
                piece = raw[starts[i] + at : starts[i] + min(at + _BLOCK, int(lengths[i]))].astype(np.uint64)
                pos = np.arange(at, at + len(piece), dtype=np.uint64)
                total += np.sum((piece + np.uint64(1)) * _mix(pos + _GOLDEN), dtype=np.uint64, keepdims=True)
            out[i] = total[0]
        else:
            pieces = [raw[s : s + ln] for s, ln in zip(starts[i:j], lengths[i:j])]
            flat = np.concatenate(pieces).astype(np.uint64) + np.uint64(1)
            seg = np.r_[0, np.cumsum(lengths[i:j])[:-1]].astype(np.int64)
            pos = np.arange(len(flat), dtype=np.uint64) - np.repeat(seg.astype(np.uint64), lengths[i:j])
            out[i:j] = np.add.reduceat(flat * _mix(pos + _GOLDEN), seg)
        i = j
    return out


def hash_parts(parts: Sequence[pa.Array | pa.ChunkedArray]) -> np.ndarray:
    """One 64-bit hash per row of a key made of one or more parts (aligned string arrays).

    >>> h = hash_parts([pa.array(["a|b", "a"]), pa.array(["c", "b|c"])])
    >>> bool(h[0] != h[1])
    True
    """
    if not parts:
        raise ValueError("a key needs at least one part")
    return combine([hash_array(arr) for arr in parts])


def combine(hashes: Sequence[np.ndarray]) -> np.ndarray:
    """The key hash of rows from the :func:`hash_array` of each part (order matters).

    >>> a, b = hash_array(pa.array(["x"])), hash_array(pa.array(["y"]))
    >>> bool(combine([a, b])[0] != combine([b, a])[0])
    True
    """
    out = np.zeros(len(hashes[0]), dtype=np.uint64)
    for h in hashes:
        out = _mix(out * _PRIME + h)
    return out


def _groups(h: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct hashes of ``h`` in the order of their first rows, those first rows
    (ascending) and each row's group: ``np.unique(..., return_index=True, return_inverse=True)``
    reordered by first row, with one sort.

    >>> [a.tolist() for a in _groups(np.array([7, 3, 7, 5, 3], dtype=np.uint64))]
    [[7, 3, 5], [0, 1, 3], [0, 1, 0, 2, 1]]
    """
    perm = np.argsort(h, kind="stable")
    hs = h[perm]
    start = np.ones(len(h), dtype=bool)
    start[1:] = hs[1:] != hs[:-1]
    starts = perm[start]  # each group's first row (stable sort: the earliest), in hash order
    is_first = np.zeros(len(h), dtype=bool)
    is_first[starts] = True
    first = np.flatnonzero(is_first)
    rank = (np.cumsum(is_first) - 1)[starts]  # a hash-order group's place in first-row order
    inverse = np.empty(len(h), dtype=np.int64)
    inverse[perm] = rank[np.cumsum(start) - 1]
    return h[first], first, inverse


def _equal(a: Sequence[pa.Array], b: Sequence[pa.Array]) -> np.ndarray:
    """Row-wise equality of two keys (all parts equal; null equals null)."""
    ok = np.ones(len(a[0]), dtype=bool)
    for x, y in zip(a, b):
        eq = pc.equal(x, y)
        ok &= _bool(pc.or_kleene(eq.fill_null(False), pc.and_(x.is_null(), y.is_null())))
    return ok


class Spool:
    """An append-only sequence of NumPy records, in memory up to ``memory_bytes``, then on disk.

    Chunks carry an optional ``meta`` (for instance the names their codes stand for).
    Pickling materialises the chunks, so a spool can travel to another process.

    >>> s = Spool(np.int64, memory_bytes=16)
    >>> s.append(np.arange(3)); s.append(np.arange(3, 5), meta="b")
    >>> len(s), [(c.tolist(), m) for c, m in s.chunks()], s.on_disk
    (5, [([0, 1, 2], None), ([3, 4], 'b')], True)
    """

    def __init__(self, dtype: Any, *, memory_bytes: int = 64 << 20) -> None:
        self.dtype = np.dtype(dtype)
        self.memory_bytes = int(memory_bytes)
        self._chunks: list[tuple[Any, Any, int]] = []  # (array or file offset, meta, count)
        self._in_memory = 0
        self._file: Any = None
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @property
    def on_disk(self) -> bool:
        return self._file is not None

    def append(self, values: np.ndarray, meta: Any = None) -> None:
        values = np.ascontiguousarray(values, dtype=self.dtype)
        if not len(values):
            return
        self._count += len(values)
        if self._in_memory + values.nbytes > self.memory_bytes:
            self._spill()
        if self._file is not None:
            self._file.seek(0, os.SEEK_END)
            at = self._file.tell()
            values.tofile(self._file)
            self._chunks.append((at, meta, len(values)))
        else:
            self._chunks.append((values, meta, len(values)))
            self._in_memory += values.nbytes

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="zjgov-spool-")  # noqa: SIM115 - removed when closed
            weakref.finalize(self, self._file.close)
        kept = []
        for data, meta, count in self._chunks:
            if isinstance(data, np.ndarray):
                self._file.seek(0, os.SEEK_END)
                at = self._file.tell()
                data.tofile(self._file)
                data = at
            kept.append((data, meta, count))
        self._chunks, self._in_memory = kept, 0

    def extend(self, other: Spool) -> None:
        """Append every chunk of ``other`` (same dtype)."""
        for values, meta in other.chunks():
            self.append(values, meta)

    def chunks(self) -> Iterator[tuple[np.ndarray, Any]]:
        """Yield ``(records, meta)`` in the order they were appended."""
        for data, meta, count in self._chunks:
            if isinstance(data, np.ndarray):
                yield data, meta
            else:
                self._file.seek(data)
                yield np.fromfile(self._file, dtype=self.dtype, count=count), meta

    def ascending(self, field: str) -> bool:
        """Whether ``field`` strictly increases over all records, chunk after chunk (one read)."""
        last = None
        for rec, _ in self.chunks():
            values = rec[field]
            if (last is not None and values[0] <= last) or bool((np.diff(values) <= 0).any()):
                return False
            last = values[-1]
        return True

    def read(self) -> np.ndarray:
        """Every record in one array (for callers that need them all at once)."""
        parts = [c for c, _ in self.chunks()]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=self.dtype)

    def __getstate__(self) -> dict[str, Any]:
        return {"dtype": self.dtype, "memory_bytes": self.memory_bytes, "chunks": list(self.chunks())}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["dtype"], memory_bytes=state["memory_bytes"])  # type: ignore[misc]
        for values, meta in state["chunks"]:
            self.append(values, meta)


_RECORD = np.dtype([("row", "<i8"), ("head", "<i8")])


class KeyGroups:
    """The exact groups of equal keys over rows seen so far (mergeable, picklable).

    ``add(parts, rows)`` takes aligned key parts and the (global, increasing) row numbers of
    those rows. Each distinct key keeps its hash, its first row (the *head*), its count and
    its values; every other row of a key is recorded as ``(row, head)`` in a :class:`Spool`.
    Keys that share a hash but differ are kept apart by comparing their values (the rare
    ones beyond the first of a hash live in a small exact table).
    """

    def __init__(self, *, memory_bytes: int = 64 << 20, distinct_bytes: int = 512 << 20) -> None:
        self.memory_bytes = memory_bytes
        self.distinct_bytes = distinct_bytes
        self._raw: _Raw | None = None  # set once the distinct keys outgrow distinct_bytes
        self._view: tuple[KeyGroups, int] | None = None  # the raw rows grouped (repeated keys only), cached
        self._batch: tuple[list[pa.Array], np.ndarray, np.ndarray] | None = None  # a first add, not yet grouped
        self._hashes = np.zeros(0, dtype=np.uint64)  # sorted, unique
        self._heads = np.zeros(0, dtype=np.int64)
        self._counts = np.zeros(0, dtype=np.int64)
        self._where = np.zeros(0, dtype=np.int64)  # index into the stored values
        self._values: list[list[pa.Array]] = []  # per part, chunks of representative values
        self._stored = 0
        self._other: dict[tuple[int, tuple[Any, ...]], list[int]] = {}  # collisions: (hash, values) -> [head, count]
        self.records = Spool(_RECORD, memory_bytes=memory_bytes)
        self._pending: list[np.ndarray] = []  # records of the running add/merge, not yet in order
        self._bounds = [0]  # where each chunk of stored values starts

    # -- building --------------------------------------------------------------------------
    def add(
        self, parts: Sequence[pa.Array | pa.ChunkedArray], rows: np.ndarray, hashes: np.ndarray | None = None
    ) -> None:
        """Count the keys ``parts`` of ``rows`` (``hashes`` if already computed by :func:`hash_parts`)."""
        parts = [_large(p) for p in parts]
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return
        h = hash_parts(parts) if hashes is None else np.asarray(hashes, dtype=np.uint64)
        if self._empty():  # grouped when first needed: merged into raw rows, it never is
            self._batch = (parts, rows, h)
            return
        self._add_rows(parts, rows, h)

    def _add_rows(self, parts: list[pa.Array], rows: np.ndarray, h: np.ndarray) -> None:
        self._ready()
        if self._raw is not None:  # past the budget: every row goes to the partitions as it is
            self._raw.add(parts, rows, h)
            self._view = None
        else:
            self._group(parts, rows, h)

    def _empty(self) -> bool:
        return self._batch is None and self._empty_but_batch()

    def _empty_but_batch(self) -> bool:
        return self._raw is None and not len(self._hashes) and not self._other and not len(self.records)

    def _ready(self) -> None:
        """Group the pending first batch, if any."""
        if self._batch is not None:
            batch, self._batch = self._batch, None
            self._group(*batch)

    def _group(self, parts: list[pa.Array], rows: np.ndarray, h: np.ndarray) -> None:
        uniq, first, inverse = _groups(h)
        # only a row whose hash an earlier row of the batch has needs its values compared
        repeat = np.flatnonzero(first[inverse] != np.arange(len(rows)))
        same = np.ones(len(rows), dtype=bool)
        if len(repeat):
            heads_of = pa.array(first[inverse[repeat]])
            same[repeat] = _equal([p.take(heads_of) for p in parts], [p.take(pa.array(repeat)) for p in parts])
        counts = np.bincount(inverse[same], minlength=len(uniq)).astype(np.int64)
        # the representatives are the groups' first rows, read in place (no copy of the batch)
        final = self._absorb(uniq, rows[first], counts, parts, None if len(first) == len(rows) else first)
        later = np.zeros(len(rows), dtype=bool)
        later[repeat] = same[repeat]
        if later.any():
            self._record(rows[later], final[inverse[later]])
        odd = np.flatnonzero(~same)
        if len(odd):  # different keys with the hash of an earlier row of the batch
            self._add_slow(h[odd], [p.take(pa.array(odd)) for p in parts], rows[odd], np.ones(len(odd), np.int64))
        self._flush()
        self._spill_if_large()

    def _record(self, rows: np.ndarray, heads: np.ndarray) -> None:
        if len(rows):
            rec = np.empty(len(rows), dtype=_RECORD)
            rec["row"], rec["head"] = rows, heads
            self._pending.append(rec)

    def _flush(self) -> None:
        """Append the records of the last ``add``/``merge`` in row order (so reading them needs no sort)."""
        if self._pending:
            rec = np.concatenate(self._pending)
            self._pending = []
            self.records.append(rec[np.argsort(rec["row"], kind="stable")])

    def _absorb(
        self,
        hashes: np.ndarray,
        heads: np.ndarray,
        counts: np.ndarray,
        reps: Sequence[pa.Array],
        at: np.ndarray | None = None,
    ) -> np.ndarray:
        """Merge groups (unique ``hashes`` with heads, counts and values); return their final heads.

        The values of group ``i`` are row ``at[i]`` of ``reps`` (row ``i`` when ``at`` is None).
        Where a group meets an earlier one, the later head becomes a record of the earlier;
        records of this table that named a head which lost are repointed.
        """
        at = np.arange(len(hashes)) if at is None else np.asarray(at, dtype=np.int64)
        final = heads.copy()
        pos = np.searchsorted(self._hashes, hashes)
        found = pos < len(self._hashes)
        found[found] = self._hashes[pos[found]] == hashes[found]
        fi = np.flatnonzero(found)
        if len(fi):
            same = _equal(self._take(self._where[pos[fi]]), [r.take(pa.array(at[fi])) for r in reps])
            hit, miss = fi[same], fi[~same]
            old, new = self._heads[pos[hit]], heads[hit]
            self._counts[pos[hit]] += counts[hit]
            win = np.minimum(old, new)
            self._heads[pos[hit]] = win
            final[hit] = win
            if (old > new).any():  # an earlier head arrived later (merge out of order)
                self._repoint(old[old > new], new[old > new])
            self._record(np.maximum(old, new), win)
            if len(miss):
                final[miss] = self._add_slow(
                    hashes[miss], [r.take(pa.array(at[miss])) for r in reps], heads[miss], counts[miss]
                )
        ni = np.flatnonzero(~found)
        if len(ni):
            start = self._stored
            whole = 2 * len(ni) >= len(reps[0])  # mostly new keys: keep the chunk, point into it
            for j, r in enumerate(reps):
                if len(self._values) <= j:
                    self._values.append([])
                self._values[j].append(r if whole else r.take(pa.array(at[ni])))
            where = start + (at[ni] if whole else np.arange(len(ni)))
            self._stored += len(reps[0]) if whole else len(ni)
            self._bounds.append(self._stored)
            if len(self._bounds) > 64:  # keep few chunks: fold them into one
                self._values = [[pa.concat_arrays(chunks)] for chunks in self._values]
                self._bounds = [0, self._stored]
            # merge the new hashes into the sorted table: sort only the new ones, insert in one pass
            order = np.argsort(hashes[ni], kind="stable")
            new = hashes[ni][order]
            into = np.searchsorted(self._hashes, new)
            self._hashes = np.insert(self._hashes, into, new)
            self._heads = np.insert(self._heads, into, heads[ni][order])
            self._counts = np.insert(self._counts, into, counts[ni][order])
            self._where = np.insert(self._where, into, where[order])
        return final

    def _take(self, where: np.ndarray) -> list[pa.Array]:
        """The stored values at ``where``, taken chunk by chunk (no concatenation of the table)."""
        where = np.asarray(where, dtype=np.int64)
        chunk = np.searchsorted(np.asarray(self._bounds), where, side="right") - 1
        order = np.argsort(chunk, kind="stable")
        back = pa.array(np.argsort(order))
        spans = np.searchsorted(chunk[order], np.arange(len(self._bounds)))
        out = []
        for chunks in self._values:
            pieces = [
                chunks[c].take(pa.array(where[order[a:b]] - self._bounds[c]))
                for c, (a, b) in enumerate(itertools.pairwise(spans))
                if b > a
            ]
            whole = pa.concat_arrays(pieces) if pieces else chunks[0].slice(0, 0)
            out.append(whole.take(back) if len(pieces) > 1 else whole)
        return out

    def _add_slow(self, hashes: np.ndarray, parts: list[pa.Array], heads: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Exact grouping of keys whose hash is taken by a different key (Python; rare)."""
        values = list(zip(*(p.to_pylist() for p in parts)))
        final = np.asarray(heads, dtype=np.int64).copy()
        for i, (h, v, head, count) in enumerate(zip(hashes.tolist(), values, heads.tolist(), counts.tolist())):
            at = int(np.searchsorted(self._hashes, np.uint64(h)))
            if at < len(self._hashes) and int(self._hashes[at]) == h:
                stored = tuple(p[0].as_py() for p in self._take(self._where[at : at + 1]))
                if stored == v:  # the first key of this hash after all
                    win = min(int(self._heads[at]), head)
                    if self._heads[at] > head:
                        self._repoint(self._heads[at : at + 1].copy(), np.array([head]))
                    self._record(np.array([max(int(self._heads[at]), head)]), np.array([win]))
                    self._heads[at], final[i] = win, win
                    self._counts[at] += count
                    continue
            entry = self._other.get((h, v))
            if entry is None:
                self._other[(h, v)] = [head, count]
                continue
            win, lost = min(entry[0], head), max(entry[0], head)
            if entry[0] > head:
                self._repoint(np.array([entry[0]]), np.array([head]))
            entry[0], entry[1] = win, entry[1] + count
            self._record(np.array([lost]), np.array([win]))
            final[i] = win
        return final

    def _repoint(self, old: np.ndarray, new: np.ndarray) -> None:
        """Records that name a head in ``old`` now name the matching head in ``new``."""
        self.records = _repointed(self.records, old, new)
        self._pending = [_remapped(rec, *_table(old, new)) for rec in self._pending]

    def merge(self, other: KeyGroups) -> None:
        """Add the groups of ``other`` (built on rows disjoint from this one's) in place."""
        if other._batch is not None and other._empty_but_batch():  # a batch not yet grouped: add its rows
            self._add_rows(*other._batch)
            return
        other._ready()
        self._ready()
        if other._raw is not None and self._raw is None:
            self._spill()
        if self._raw is not None:
            if other._raw is None:
                self._raw.add_table(other)
            else:
                self._raw.merge(other._raw)
            self._view = None
            return
        heads = other._heads
        final = heads
        if len(heads):  # one chunk of values (a batch's table) is read in place, more are gathered
            one = len(other._bounds) == 2
            reps = [chunks[0] for chunks in other._values] if one else other._take(other._where)
            final = self._absorb(other._hashes, heads, other._counts, reps, other._where if one else None)
        items = list(other._other.items())
        o_heads = np.array([e[0] for _, e in items], dtype=np.int64)
        o_final = o_heads
        if items:
            hs = np.array([h for (h, _), _ in items], dtype=np.uint64)
            cols = [_large(pa.array([v[j] for (_, v), _ in items])) for j in range(len(items[0][0][1]))]
            o_final = self._add_slow(hs, cols, o_heads, np.array([e[1] for _, e in items], dtype=np.int64))
        moved = np.concatenate([heads, o_heads]) != np.concatenate([final, o_final])
        records = other.records
        if moved.any():
            records = _repointed(
                records, np.concatenate([heads, o_heads])[moved], np.concatenate([final, o_final])[moved]
            )
        if records.on_disk:  # a large partial: its records stay as they are
            self._flush()
            self.records.extend(records)
        else:
            self._pending.extend(rec for rec, _ in records.chunks())
            self._flush()
        self._spill_if_large()

    # -- spilling: past ``distinct_bytes`` of distinct keys, raw rows in hash partitions on disk --
    def _table_bytes(self) -> int:
        values = sum(a.nbytes for chunks in self._values for a in chunks)
        return values + 32 * len(self._hashes)

    def _spill_if_large(self) -> None:
        if self._raw is None and self._table_bytes() > self.distinct_bytes:
            self._spill()

    def _spill(self) -> None:
        """From now on keep rows raw (:class:`_Raw`), starting with the groups held so far."""
        self._ready()
        self._flush()
        raw = _Raw(self.memory_bytes)
        raw.add_table(self)
        fresh = KeyGroups(memory_bytes=self.memory_bytes, distinct_bytes=self.distinct_bytes)
        self.__dict__.update(fresh.__dict__)
        self._raw = raw

    def _resolved(self) -> tuple[KeyGroups, int]:
        """The repeated keys of the raw rows as an in-memory table, and how many keys are single."""
        assert self._raw is not None
        if self._view is None:
            self._view = self._raw.resolve(self.memory_bytes)
        return self._view

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_view"} | {"_view": None}

    @classmethod
    def merged(cls, parts: Sequence[KeyGroups]) -> KeyGroups:
        """A new ``KeyGroups`` holding the groups of every one of ``parts``."""
        out = cls(memory_bytes=parts[0].memory_bytes if parts else 64 << 20)
        for p in parts:
            out.merge(p)
        return out

    # -- reading -----------------------------------------------------------------------------
    @property
    def distinct(self) -> int:
        """How many distinct keys were seen."""
        self._ready()
        if self._raw is not None:
            view, single = self._resolved()
            return view.distinct + single
        return len(self._hashes) + len(self._other)

    @property
    def spilled(self) -> bool:
        """Whether the distinct keys outgrew ``distinct_bytes`` and went to hash partitions on disk."""
        self._ready()
        return self._raw is not None

    def _all(self) -> tuple[np.ndarray, np.ndarray]:
        heads = np.concatenate([self._heads, np.array([e[0] for e in self._other.values()], dtype=np.int64)])
        counts = np.concatenate([self._counts, np.array([e[1] for e in self._other.values()], dtype=np.int64)])
        return heads, counts

    def groups_of(self, min_count: int = 2) -> tuple[np.ndarray, np.ndarray]:
        """Heads (sorted) and counts of the keys seen at least ``min_count`` times."""
        self._ready()
        if self._raw is not None:
            if min_count < 2:
                raise ValueError("past the budget only repeated keys are grouped (min_count >= 2)")
            return self._resolved()[0].groups_of(min_count)
        heads, counts = self._all()
        keep = counts >= min_count
        order = np.argsort(heads[keep])
        return heads[keep][order], counts[keep][order]

    def _all_records(self) -> Iterator[np.ndarray]:
        self._ready()
        records = self._resolved()[0].records if self._raw is not None else self.records
        for rec, _ in records.chunks():
            yield rec

    def repeated_rows(self) -> np.ndarray:
        """Sorted rows that repeat an earlier row's key (what ``duplicates`` reports)."""
        rows = [rec["row"] for rec in self._all_records()]
        return np.sort(np.concatenate(rows)) if rows else np.zeros(0, dtype=np.int64)

    def failing_rows(self, *, every_member: bool) -> np.ndarray:
        """Sorted rows of repeated keys: every member of a group, or every copy after the first."""
        rows = self.repeated_rows()
        if every_member:
            rows = np.sort(np.concatenate([rows, self.groups_of(2)[0]]))
        return rows

    def iter_failing(self, *, every_member: bool) -> Iterator[np.ndarray]:
        """:meth:`failing_rows` in sorted chunks, without holding them all when records came in order."""
        self._ready()
        if self._raw is not None:
            yield from self._resolved()[0].iter_failing(every_member=every_member)
            return
        heads = self.groups_of(2)[0] if every_member else np.zeros(0, dtype=np.int64)
        if not self.records.ascending("row"):  # merged out of order
            yield np.sort(np.concatenate([self.repeated_rows(), heads]))
            return
        done = 0
        for rec, _ in self.records.chunks():
            rows = rec["row"]
            upto = int(np.searchsorted(heads, rows[-1], side="right"))
            yield np.sort(np.concatenate([rows, heads[done:upto]]))
            done = upto
        if done < len(heads):
            yield heads[done:]

    def heads_of(self, rows: np.ndarray) -> np.ndarray:
        """The head of the group of each of ``rows`` (sorted, unique; a head is its own)."""
        rows = np.asarray(rows, dtype=np.int64)
        out = rows.copy()
        for rec in self._all_records():
            sel = np.isin(rec["row"], rows)
            if sel.any():
                out[np.searchsorted(rows, rec["row"][sel])] = rec["head"][sel]
        return out

    def values_of(self, heads: np.ndarray) -> list[tuple[Any, ...]]:
        """The key values (Python objects) of the groups whose head is in ``heads``."""
        self._ready()
        heads = np.asarray(heads, dtype=np.int64)
        if self._raw is not None:
            return self._resolved()[0].values_of(heads)
        out = self._values_map(heads)
        return [out[int(h)] for h in heads]

    def _values_map(self, heads: np.ndarray) -> dict[int, tuple[Any, ...]]:
        out: dict[int, tuple[Any, ...]] = {}
        sel = np.flatnonzero(np.isin(self._heads, heads))
        if len(sel):
            cols = [p.to_pylist() for p in self._take(self._where[sel])]
            for k, head in enumerate(self._heads[sel].tolist()):
                out[head] = tuple(c[k] for c in cols)
        wanted = set(heads.tolist())
        for (_, v), (head, _) in self._other.items():
            if head in wanted:
                out.setdefault(head, v)
        return out

    def members(self, heads: np.ndarray, limit: int) -> dict[int, list[int]]:
        """Up to ``limit`` sorted rows (the head first) of each group whose head is in ``heads``."""
        heads = np.sort(np.asarray(heads, dtype=np.int64))
        kept = np.zeros(0, dtype=_RECORD)
        for rec in self._all_records():  # keep only the ``limit`` lowest rows per head
            kept = np.concatenate([kept, rec[np.isin(rec["head"], heads)]])
            kept = kept[np.lexsort((kept["row"], kept["head"]))]
            rank = np.arange(len(kept)) - np.searchsorted(kept["head"], kept["head"])
            kept = kept[rank < limit]
        found: dict[int, list[int]] = {int(h): [int(h)] for h in heads}
        for head, row in zip(kept["head"].tolist(), kept["row"].tolist()):
            found[head].append(row)
        return {h: sorted(rows)[:limit] for h, rows in found.items()}


def _table(old: np.ndarray, new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(old)
    return np.asarray(old)[order], np.asarray(new)[order]


def _remapped(rec: np.ndarray, old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """``(row, head)`` records where heads in ``old`` (sorted) become those in ``new``."""
    i = np.clip(np.searchsorted(old, rec["head"]), 0, len(old) - 1)
    hit = old[i] == rec["head"]
    if hit.any():
        rec = rec.copy()
        rec["head"][hit] = new[i[hit]]
    return rec


def _repointed(spool: Spool, old: np.ndarray, new: np.ndarray) -> Spool:
    """A copy of a spool of ``(row, head)`` records where heads in ``old`` become those in ``new``."""
    old, new = _table(old, new)
    out = Spool(spool.dtype, memory_bytes=spool.memory_bytes)
    for rec, meta in spool.chunks():
        out.append(_remapped(rec, old, new), meta)
    return out


#: Hash partitions of a :class:`KeyGroups` whose distinct keys outgrew its budget.
PARTITIONS = 16
_UNBOUNDED = 1 << 62
_RAW = np.dtype([("hash", "<u8"), ("row", "<i8"), ("where", "<i8")])


def _narrow(arr: pa.Array) -> pa.Array:
    """A ``large_string``/``large_binary`` array with 32-bit offsets when its bytes allow."""
    if arr.nbytes < 1 << 31:
        if arr.type == pa.large_string():
            return arr.cast(pa.string())
        if arr.type == pa.large_binary():
            return arr.cast(pa.binary())
    return arr


class _Values:
    """Key values appended in chunks: in memory up to ``memory_bytes``, then in a temporary
    file (one Arrow IPC message per chunk), read back one chunk at a time.

    >>> v = _Values(memory_bytes=0)
    >>> v.append([pa.array(["a", "b"], pa.large_string())]), v.append([pa.array(["c"], pa.large_string())])
    (0, 2)
    >>> v.take(np.array([2, 0]))[0].to_pylist(), v.on_disk
    (['c', 'a'], True)
    """

    def __init__(self, memory_bytes: int) -> None:
        self.memory_bytes = int(memory_bytes)
        self._chunks: list[Any] = []  # list of arrays (in memory) or (offset, length, schema) on disk
        self._bounds = [0]
        self._in_memory = 0
        self._file: Any = None

    def __len__(self) -> int:
        return self._bounds[-1]

    @property
    def on_disk(self) -> bool:
        return self._file is not None

    def append(self, parts: Sequence[pa.Array]) -> int:
        """Store aligned ``parts``; return the index of their first row."""
        base = self._bounds[-1]
        if len(parts[0]):
            self._chunks.append(list(parts))
            self._bounds.append(base + len(parts[0]))
            self._in_memory += sum(p.nbytes for p in parts)
            if self._in_memory > self.memory_bytes:
                self._spill()
        return base

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="zjgov-keyvalues-")  # noqa: SIM115 - removed when closed
            weakref.finalize(self, self._file.close)
        for i, chunk in enumerate(self._chunks):
            if isinstance(chunk, list):  # 32-bit offsets on disk (a chunk is a batch): a third fewer bytes
                small = [_narrow(a) for a in chunk]
                batch = pa.RecordBatch.from_arrays(small, names=[str(j) for j in range(len(small))])
                data = batch.serialize()
                self._file.seek(0, os.SEEK_END)
                self._chunks[i] = (self._file.tell(), data.size, batch.schema)
                self._file.write(data)
        self._in_memory = 0

    def chunk(self, i: int) -> list[pa.Array]:
        """The arrays of chunk ``i``."""
        chunk = self._chunks[i]
        if isinstance(chunk, list):
            return chunk
        at, length, schema = chunk
        self._file.seek(at)
        return [_large(c) for c in pa.ipc.read_record_batch(pa.py_buffer(self._file.read(length)), schema).columns]

    def take(self, where: np.ndarray) -> list[pa.Array]:
        """The values at ``where`` (any order), reading each chunk that holds some once."""
        where = np.asarray(where, dtype=np.int64)
        chunk = np.searchsorted(np.asarray(self._bounds), where, side="right") - 1
        order = np.argsort(chunk, kind="stable")
        spans = np.searchsorted(chunk[order], np.arange(len(self._bounds)))
        pieces = []
        for c, (a, b) in enumerate(itertools.pairwise(spans)):
            if b > a:
                local = pa.array(where[order[a:b]] - self._bounds[c])
                pieces.append([col.take(local) for col in self.chunk(c)])
        if not pieces:
            return [col.slice(0, 0) for col in self.chunk(0)] if self._chunks else []
        back = pa.array(np.argsort(order))
        return [pa.concat_arrays([p[j] for p in pieces]).take(back) for j in range(len(pieces[0]))]

    def extend(self, other: _Values) -> int:
        """Append every chunk of ``other``; return where its first row now is."""
        base = len(self)
        for i in range(len(other._chunks)):
            self.append(other.chunk(i))
        return base

    def __getstate__(self) -> dict[str, Any]:
        return {"memory_bytes": self.memory_bytes, "chunks": [self.chunk(i) for i in range(len(self._chunks))]}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["memory_bytes"])  # type: ignore[misc]
        for chunk in state["chunks"]:
            self.append(chunk)


class _Raw:
    """Rows of keys past the budget, not grouped: ``(hash, row, where its values are)`` in
    :data:`PARTITIONS` hash partitions (:class:`Spool`, on disk past their budget) and the
    values in :class:`_Values`. Adding costs one append; :meth:`resolve` groups them at the
    end, one partition at a time, reading back only the values of rows whose hash repeats.
    Memory does not grow with the rows.
    """

    def __init__(self, memory_bytes: int) -> None:
        self.memory_bytes = int(memory_bytes)
        self.values = _Values(memory_bytes)
        share = max(self.memory_bytes // PARTITIONS, 1)
        self.parts = [Spool(_RAW, memory_bytes=share) for _ in range(PARTITIONS)]

    def push(self, hashes: np.ndarray, rows: np.ndarray, where: np.ndarray) -> None:
        if not len(rows):
            return
        rec = np.empty(len(rows), dtype=_RAW)
        rec["hash"], rec["row"], rec["where"] = hashes, rows, where
        part = (rec["hash"] >> np.uint64(64 - PARTITIONS.bit_length() + 1)).astype(np.uint8)
        order = np.argsort(part, kind="stable")  # a radix sort for one-byte keys
        rec, bounds = rec[order], np.searchsorted(part[order], np.arange(PARTITIONS + 1))
        for j in range(PARTITIONS):
            if bounds[j + 1] > bounds[j]:
                self.parts[j].append(rec[bounds[j] : bounds[j + 1]])

    def add(self, parts: Sequence[pa.Array], rows: np.ndarray, hashes: np.ndarray) -> None:
        base = self.values.append(parts)
        self.push(hashes, rows, base + np.arange(len(rows), dtype=np.int64))

    def add_table(self, table: KeyGroups) -> None:
        """The groups of an in-memory table: each head with its values, each record pointing at its head's."""
        table._flush()
        base = len(self.values)
        for c in range(len(table._bounds) - 1):
            self.values.append([chunks[c] for chunks in table._values])
        hashes, heads, where = table._hashes, table._heads, base + table._where
        if table._other:  # keys that share a hash with another key: their values in one more chunk
            items = list(table._other.items())
            cols = [_large(pa.array([v[j] for (_, v), _ in items])) for j in range(len(items[0][0][1]))]
            at = self.values.append(cols)
            hashes = np.concatenate([hashes, np.array([h for (h, _), _ in items], dtype=np.uint64)])
            heads = np.concatenate([heads, np.array([e[0] for _, e in items], dtype=np.int64)])
            where = np.concatenate([where, at + np.arange(len(items), dtype=np.int64)])
        self.push(hashes, heads, where)
        order = np.argsort(heads)
        for rec, _ in table.records.chunks():
            i = order[np.searchsorted(heads, rec["head"], sorter=order)]
            self.push(hashes[i], rec["row"], where[i])

    def merge(self, other: _Raw) -> None:
        base = self.values.extend(other.values)
        for mine, theirs in zip(self.parts, other.parts):
            for rec, _ in theirs.chunks():
                rec = rec.copy()
                rec["where"] += base
                mine.append(rec)

    def resolve(self, memory_bytes: int) -> tuple[KeyGroups, int]:
        """The repeated keys as an in-memory :class:`KeyGroups`, and the number of single keys."""
        distinct, found = 0, []
        for spool in self.parts:  # one partition in memory at a time; keep the rows of repeated hashes
            rec = spool.read()
            if not len(rec):
                continue
            rows, hashes = rec["row"], np.ascontiguousarray(rec["hash"])
            ascending = len(rows) < 2 or bool((rows[1:] > rows[:-1]).all())
            # rows pushed in order (a stream) need only a stable sort by hash; merged ones, both keys
            order = np.argsort(hashes, kind="stable") if ascending else np.lexsort((rows, hashes))
            ordered = hashes[order]
            same = ordered[1:] == ordered[:-1]
            distinct += len(rec) - int(same.sum())
            repeated = np.zeros(len(rec), dtype=bool)
            repeated[1:] = same
            repeated[:-1] |= same
            found.append(rec[order[repeated]])
        view = KeyGroups(memory_bytes=memory_bytes, distinct_bytes=_UNBOUNDED)
        rec = np.concatenate(found) if found else np.zeros(0, dtype=_RAW)
        if not len(rec):
            return view, distinct
        values = self.values.take(rec["where"])  # sorted by (hash, row): each group's head comes first
        start = np.ones(len(rec), dtype=bool)
        start[1:] = rec["hash"][1:] != rec["hash"][:-1]
        group = np.cumsum(start) - 1
        head_at = np.flatnonzero(start)[group]
        same = _equal([v.take(pa.array(head_at)) for v in values], values)
        mixed = np.zeros(int(group[-1]) + 1, dtype=bool)
        mixed[group[~same]] = True  # hashes shared by different keys: grouped exactly in Python below
        plain = ~mixed[group]
        firsts = np.flatnonzero(start & plain)
        counts = np.bincount(group[plain], minlength=len(mixed))[~mixed].astype(np.int64)
        view._absorb(rec["hash"][firsts], rec["row"][firsts], counts, values, firsts)
        later = plain & ~start
        view._record(rec["row"][later], rec["row"][head_at[later]])
        odd = np.flatnonzero(mixed[group])
        if len(odd):
            view._add_slow(
                rec["hash"][odd],
                [v.take(pa.array(odd)) for v in values],
                rec["row"][odd],
                np.ones(len(odd), dtype=np.int64),
            )
            distinct += len(view._other) - int(mixed.sum())  # each such hash counted once above
        view._flush()
        return view, distinct - view.distinct
