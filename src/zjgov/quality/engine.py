"""The engine: every rule over every batch, exactly, in bounded memory.

One code path serves frames in memory and files larger than memory: the data is read as a
sequence of batches (a frame is sliced, a file is streamed through ``zjgov.io``), row rules
run on each batch as vectorised masks, and their failing row numbers are spilled to disk, so
nothing is capped and memory does not grow with the data. Uniqueness is exact across
batches: pass 1 spills a 64-bit hash of every key into hash partitions; keys whose hash
occurs more than once are candidates, and pass 2 compares the candidates' real values, so a
hash collision can never create or hide a duplicate. Results are therefore identical for any
batch size.

>>> import pandas as pd
>>> from zjgov.quality import rule, RuleSet
>>> frame = pd.DataFrame({"id": ["11010519491231002X", "110105194912310021", None, "11010519491231002X"]})
>>> rs = RuleSet.from_rules("t", [rule("code", "id", code="citizen_id"), rule("unique", "id"), rule("not_null", "id")])
>>> res = run(frame, rs)
>>> [(r.id, r.checked, r.failed, r.reasons) for r in res.rules]
[('code:id', 3, 1, {'checksum': 1}), ('unique:id', 3, 2, {'duplicate': 2}), ('not_null:id', 4, 1, {'missing': 1})]
>>> res.rules[0].sample[0].values
{'id': '1101**********0021'}
"""

from __future__ import annotations

import collections
import concurrent.futures
import dataclasses
import datetime as _dt
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from zjgov import __version__, i18n
from zjgov.errors import ConfigError, ZjgovError
from zjgov.quality import builtin
from zjgov.quality.dimensions import DIMENSIONS, INDICATORS, default_weights
from zjgov.quality.masking import mask_value
from zjgov.quality.result import (
    DatasetInfo,
    DimensionScore,
    DuplicateGroup,
    QualityResult,
    RuleError,
    RuleResult,
    RuleSetInfo,
    SampleRow,
    Score,
)
from zjgov.quality.rules import DatasetFacts, Outcome, Reasons, Rule
from zjgov.quality.ruleset import RuleSet
from zjgov.quality.stream import FileSource, FrameSource, SpillDir, progress_bar

i18n.add(
    {
        "quality.missing_column": (
            "规则 {rule} 引用的列不存在：{column}",
            "rule {rule} names a column that the data does not have: {column}",
        ),
        "quality.rule_error": (
            "规则运行出错（{type}），其他规则不受影响",
            "the rule raised {type}; the other rules were not affected",
        ),
        "quality.rule_error_detail": ("规则运行出错：{detail}", "the rule failed: {detail}"),
        "quality.progress": ("质量检查", "quality check"),
        "quality.bad_data": ("数据应为 pandas DataFrame 或文件路径", "data must be a pandas DataFrame or a file path"),
    }
)

SAMPLE_SIZE = 5
MAX_GROUPS = 100
MAX_GROUP_ROWS = 20
_PARTITIONS = 16
_SAMPLE_COLUMNS = 8


@dataclasses.dataclass
class _Base:
    """What ``prepare`` hooks see."""

    now: pd.Timestamp
    source_dir: Path | None


@dataclasses.dataclass
class _Acc:
    """Counters, sample and spills of one rule."""

    rule: Rule
    columns: tuple[str, ...]
    state: Any = None
    checked: int = 0
    failed: int = 0
    reasons: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    sample: list[SampleRow] = dataclasses.field(default_factory=list)
    error: RuleError | None = None
    rows: Any = None  # Spill of int64 row numbers (0-based)
    codes: Any = None  # Spill of int16 reason indexes
    reason_index: dict[str, int] = dataclasses.field(default_factory=dict)
    parts: list[Any] = dataclasses.field(default_factory=list)  # key rules: hash partitions
    groups: list[DuplicateGroup] = dataclasses.field(default_factory=list)

    def code_of(self, reason: str) -> int:
        idx = self.reason_index.get(reason)
        if idx is None:
            idx = self.reason_index[reason] = len(self.reason_index)
        return idx


def run(
    data: pd.DataFrame | str | os.PathLike[str],
    rules: RuleSet,
    *,
    name: str | None = None,
    batch_rows: int = 100_000,
    encoding: str | None = None,
    failures: str | os.PathLike[str] | None = None,
    quarantine: str | os.PathLike[str] | None = None,
    mask: bool = True,
    sample_size: int = SAMPLE_SIZE,
    previous: QualityResult | str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    now: _dt.datetime | None = None,
    threads: int | None = None,
) -> QualityResult:
    """Check ``data`` (a frame or a CSV/TSV/JSON Lines/Parquet/Excel path) against ``rules``.

    ``failures`` writes every failing row of every rule to a CSV file (``rule,row,reason``,
    1-based rows); ``quarantine`` writes ``valid.csv`` and ``invalid.csv`` (with the reasons)
    into that directory; ``mask=False`` shows sample values in clear; ``previous`` adds a
    comparison with an earlier result; ``progress`` forces the progress bar on or off (by
    default it shows only when stderr is a terminal); ``threads`` is how many rules run at once
    on a batch (default 1: most kernels hold the GIL between Arrow calls, so threads rarely pay;
    user rules must be thread-safe to use more). Results do not depend on it.
    """
    if isinstance(data, pd.DataFrame):
        source: Any = FrameSource(data, batch_rows=batch_rows, name=name or "dataframe")
    elif isinstance(data, (str, os.PathLike)):
        source = FileSource(data, batch_rows=batch_rows, encoding=encoding)
    else:
        raise ConfigError(i18n.text("quality.bad_data", "zh"), i18n.text("quality.bad_data", "en"))
    if isinstance(previous, (str, os.PathLike)):
        previous = QualityResult.read_json(previous)
    stamp = pd.Timestamp(now or rules.reference_time or _dt.datetime.now())
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(None)
    base = _Base(now=stamp, source_dir=Path(rules.source).parent if rules.source else None)
    _check_columns(source.columns, rules)
    spills = SpillDir()
    try:
        accs = [_Acc(r, _resolve_columns(r, source.columns)) for r in rules.rules]
        for i, acc in enumerate(accs):
            acc.rows = spills.spill(f"r{i}.rows", np.int64)
            acc.codes = spills.spill(f"r{i}.codes", np.int16)
            if acc.rule.spec.scope == "key":
                acc.parts = [
                    spills.spill(f"r{i}.p{j}", np.dtype([("h", "<u8"), ("r", "<i8")])) for j in range(_PARTITIONS)
                ]
            _prepare(acc, base)
        rows = _pass_rows(source, accs, mask, sample_size, progress, _threads(threads))
        keyed = [a for a in accs if a.rule.spec.scope == "key" and a.error is None]
        if keyed:
            _pass_keys(source, keyed, mask, sample_size)
        facts = DatasetFacts(rows=rows, columns=tuple(source.columns), path=source.path, now=stamp)
        for acc in accs:
            if acc.rule.spec.scope == "dataset" and acc.error is None:
                _guard(acc, _dataset, acc, facts)
        failures_path = str(failures) if failures is not None else None
        if failures is not None:
            _write_failures(Path(failures), accs)
        if quarantine is not None:
            _write_quarantine(source, accs, Path(quarantine))
        result = _result(source, rules, accs, rows, failures_path)
    finally:
        spills.cleanup()
    if previous is not None:
        result.comparison = result.compare(previous)
    return result


def _threads(threads: int | None) -> int:
    return 1 if threads is None else max(1, int(threads))


# -- preparation ------------------------------------------------------------------------------------
def _check_columns(columns: list[str], rules: RuleSet) -> None:
    have = set(columns)
    for r in rules.rules:
        if r.kind == "required_columns":
            continue
        for column in sorted(r.referenced_columns()):
            if column not in have:
                file, line = rules.where(r.id)
                raise ConfigError(
                    i18n.text("quality.missing_column", "zh", rule=r.id, column=column),
                    i18n.text("quality.missing_column", "en", rule=r.id, column=column),
                    file=file,
                    line=line,
                    field=column,
                )


def _resolve_columns(r: Rule, columns: list[str]) -> tuple[str, ...]:
    if not r.columns and r.spec.all_columns_default:
        return tuple(columns)
    if r.kind == "expression" and not r.columns:
        return tuple(c for c in columns if c in r.referenced_columns())
    return r.columns


def _prepare(acc: _Acc, base: _Base) -> None:
    prepare = acc.rule.spec.prepare
    if prepare is None:
        return
    try:
        acc.state = prepare(acc.rule, base)
    except ConfigError:
        raise
    except Exception as exc:
        acc.error = _rule_error(exc)


def _rule_error(exc: BaseException) -> RuleError:
    if isinstance(exc, ZjgovError) and hasattr(exc, "message"):
        zh, en = exc.message("zh"), exc.message("en")
        return RuleError(
            type=type(exc).__name__,
            message_zh=i18n.text("quality.rule_error_detail", "zh", detail=zh),
            message_en=i18n.text("quality.rule_error_detail", "en", detail=en),
        )
    # other exceptions may quote cell values, so only their type is reported
    name = type(exc).__name__
    return RuleError(
        type=name,
        message_zh=i18n.text("quality.rule_error", "zh", type=name),
        message_en=i18n.text("quality.rule_error", "en", type=name),
    )


def _guard(acc: _Acc, fn: Callable[..., None], *args: Any) -> None:
    try:
        fn(*args)
    except (KeyboardInterrupt, MemoryError):
        raise
    except Exception as exc:
        acc.error = _rule_error(exc)


# -- pass 1: row rules, key hashes ------------------------------------------------------------------
def _pass_rows(source: Any, accs: list[_Acc], mask: bool, sample_size: int, progress: bool | None, threads: int) -> int:
    bar = progress_bar(source.size_hint(), progress, i18n.text("quality.progress", "zh"))
    offset = 0
    pool = concurrent.futures.ThreadPoolExecutor(threads, thread_name_prefix="zjgov-rule") if threads > 1 else None
    try:
        for batch in source.batches():
            n = len(batch)
            if not n:
                continue
            frame = batch.reset_index(drop=True)
            tasks = []
            for acc in accs:
                if acc.error is not None:
                    continue
                scope = acc.rule.spec.scope
                if scope == "row":
                    tasks.append((acc, _row_batch, (acc, frame, offset, mask, sample_size)))
                elif scope == "key":
                    tasks.append((acc, _key_hashes, (acc, frame, offset)))
            builtin.begin_batch()
            try:
                if pool is None:
                    for acc, fn, args in tasks:
                        _guard(acc, fn, *args)
                else:  # each rule owns its counters and spill files; kernels release the GIL
                    list(pool.map(lambda t: _guard(t[0], t[1], *t[2]), tasks))
            finally:
                builtin.end_batch()
            offset += n
            if bar is not None:
                bar.update(n)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
        if bar is not None:
            bar.close()
    return offset


def _filter(acc: _Acc, frame: pd.DataFrame) -> np.ndarray | None:
    if acc.rule.filter is None:
        return None
    return acc.rule.filter.evaluate(frame).fillna(False).to_numpy(dtype=bool)


def _row_batch(acc: _Acc, frame: pd.DataFrame, offset: int, mask: bool, sample_size: int) -> None:
    r = acc.rule
    out: Outcome = r.spec.kernel(frame, r, acc.state)
    n = len(frame)
    ok = np.asarray(out.ok, dtype=bool)
    applicable = np.ones(n, dtype=bool) if out.applicable is None else np.array(out.applicable, dtype=bool)
    if ok.shape != (n,) or applicable.shape != (n,):
        raise ValueError("rule output has the wrong length")
    flt = _filter(acc, frame)
    if flt is not None:
        applicable &= flt
    failing = np.flatnonzero(applicable & ~ok)
    acc.checked += int(applicable.sum())
    if not len(failing):
        return
    acc.failed += len(failing)
    acc.rows.append(failing + offset)
    if isinstance(out.reason, str):
        reasons = np.full(min(len(failing), max(sample_size, 0)), out.reason, dtype=object)
        acc.reasons[out.reason] += len(failing)
        acc.codes.append(np.full(len(failing), acc.code_of(out.reason), dtype=np.int16))
    else:
        if isinstance(out.reason, Reasons):
            sub = np.asarray(out.reason.codes)[failing].astype(np.int64)
            names = list(out.reason.names)
        else:
            raw = out.reason.iloc[failing] if isinstance(out.reason, pd.Series) else np.asarray(out.reason)[failing]
            labels = pd.Series(np.asarray(raw, dtype=object)).fillna("invalid").astype(str)
            codes_, uniques = pd.factorize(labels)
            sub, names = codes_.astype(np.int64), [str(u) for u in uniques]
        counts = np.bincount(sub, minlength=len(names))
        for name, count in zip(names, counts):
            if count:
                acc.reasons[name] += int(count)
        table = np.array([acc.code_of(name) for name in names], dtype=np.int16)
        acc.codes.append(table[sub])
        reasons = np.asarray(names, dtype=object)[sub[: max(sample_size, 0)]] if len(names) else sub
    need = sample_size - len(acc.sample)
    if need > 0:
        cols = list(acc.columns[:_SAMPLE_COLUMNS])
        for pos, reason in zip(failing[:need], reasons[:need]):
            acc.sample.append(
                SampleRow(row=int(pos + offset) + 1, values=_values(frame, cols, int(pos), mask), reason=str(reason))
            )


def _values(frame: pd.DataFrame, cols: list[str], pos: int, mask: bool) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for c in cols:
        v = frame[c].iat[pos]
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            out[c] = None
        else:
            out[c] = mask_value(str(v)) if mask else str(v)
    return out


def key_text(frame: pd.DataFrame, columns: tuple[str, ...]) -> pa.Array:
    """One exact, unambiguous text key per row, for the hash candidates of pass 2.

    Each part is written as ``<length>:<text>`` (a null as ``-``), so no two different rows
    share a key whatever characters their cells hold. For ``unique`` a row with a null or
    blank part never gets here (completeness rules judge it); for ``duplicates`` a null is a
    value like any other, so two identical records with the same blanks are duplicates.
    """
    encoded = []
    for p in _key_parts(frame, columns):
        length = pc.cast(pc.utf8_length(p), pa.large_string())
        encoded.append(pc.binary_join_element_wise(length, p, pa.scalar(":", pa.large_string())).fill_null("-"))
    if len(encoded) == 1:
        return encoded[0]
    return pc.binary_join_element_wise(*encoded, pa.scalar("|", pa.large_string()))


def _frame_hash(frame: pd.DataFrame, columns: tuple[str, ...]) -> np.ndarray:
    """:func:`key_hash` of ``frame``'s columns, each column's hash shared by the rules of a batch."""
    parts = [builtin.cached("hash", frame, c, None, lambda c=c: key_hash(_key_parts(frame, (c,)))) for c in columns]
    if len(parts) == 1:
        return parts[0]
    out = np.zeros(len(frame), dtype=np.uint64)
    for h in parts:
        out = _mix(out * _PRIME + h)
    return out


def key_hash(parts: list[pa.Array]) -> np.ndarray:
    """64-bit hashes of the rows of one or more text columns (nulls hash to their own value).

    Only a pre-filter: rows whose hash occurs more than once are compared exactly in pass 2,
    so collisions cost time, never correctness.
    """
    out = np.zeros(len(parts[0]), dtype=np.uint64)
    for arr in parts:
        out = _mix(out * _PRIME + _hash_column(arr))
    return out


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_PRIME = np.uint64(0x100000001B3)


_KEY_HASH = key_hash


def _mix(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, vectorised."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


_NULL_HASH = np.uint64(0x5BD1E9955BD1E995)
#: Values up to this many bytes are hashed by length group as byte matrices (Horner's rule).
_MATRIX_MAX = 64


def _hash_column(arr: pa.Array) -> np.ndarray:
    """:func:`_hash_strings`, through a dictionary when the column repeats its values a lot."""
    n = len(arr)
    if n > 4096 and len(pc.unique(arr.slice(0, 2048))) < 1536:
        encoded = pc.dictionary_encode(arr)
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks()
        of_values = _hash_strings(encoded.dictionary)
        idx = encoded.indices
        out = np.full(n, _NULL_HASH, dtype=np.uint64)
        valid = np.asarray(idx.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        out[valid] = of_values[idx.to_numpy(zero_copy_only=False)[valid].astype(np.int64)]
        return out
    return _hash_strings(arr)


def _hash_strings(arr: pa.Array) -> np.ndarray:
    """A hash per value of a string array, straight from its Arrow buffers (no Python objects)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    n = len(arr)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64, count=n + 1, offset=arr.offset * 8)
    first, last = int(offsets[0]), int(offsets[-1])
    data = arr.buffers()[2]
    raw = np.frombuffer(data, np.uint8, count=last - first, offset=first) if data is not None else np.zeros(0, np.uint8)
    starts = offsets[:-1] - first
    lengths = np.diff(offsets)
    valid = np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    out = np.zeros(n, dtype=np.uint64)
    short = valid & (lengths <= _MATRIX_MAX)
    for length in np.unique(lengths[short]):
        rows = np.flatnonzero(short & (lengths == length))
        if length == 0:
            continue
        width = -(-int(length) // 8) * 8  # whole 64-bit words, zero padded
        words = np.zeros((len(rows), width), dtype=np.uint8)
        if len(rows) == n and last - first == n * length:
            words[:, :length] = raw.reshape(n, int(length))
        else:
            words[:, :length] = raw[starts[rows][:, None] + np.arange(int(length))]
        words = words.view("<u8")
        acc = np.zeros(len(rows), dtype=np.uint64)
        for j in range(words.shape[1]):
            acc = _mix(acc ^ words[:, j]) * _PRIME
        out[rows] = acc
    long_rows = np.flatnonzero(valid & (lengths > _MATRIX_MAX))
    if len(long_rows):  # rare long values: position-weighted byte sums
        pieces = [raw[starts[i] : starts[i] + lengths[i]] for i in long_rows]
        flat = np.concatenate(pieces).astype(np.uint64) + np.uint64(1)
        pos = np.concatenate([np.arange(len(p), dtype=np.uint64) for p in pieces])
        seg = np.concatenate([[0], np.cumsum(lengths[long_rows])[:-1]]).astype(np.int64)
        out[long_rows] = np.add.reduceat(flat * _mix(pos + _GOLDEN), seg)
    out = _mix(out + lengths.astype(np.uint64) * _GOLDEN)
    out[~valid] = _NULL_HASH
    return out


def _key_parts(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[pa.Array]:
    parts = []
    for c in columns:
        s = frame[c]
        if pd.api.types.is_object_dtype(s.dtype):
            arr = pa.array(s.astype("str").where(s.notna(), None), type=pa.large_string(), from_pandas=True)
        else:
            arr = pa.array(s, from_pandas=True)
            if isinstance(arr, pa.ChunkedArray):
                arr = arr.combine_chunks()
            arr = arr.cast(pa.large_string())
        parts.append(arr)
    return parts


#: ``duplicates`` over many columns hashes only the most distinct few (pass 2 compares whole
#: records exactly anyway), chosen on a sample of the first batch of at least this many rows.
_PREFILTER_COLUMNS, _PREFILTER_SAMPLE = 3, 1000


def _hash_columns(acc: _Acc, frame: pd.DataFrame) -> tuple[str, ...]:
    if acc.rule.kind != "duplicates" or len(acc.columns) <= _PREFILTER_COLUMNS:
        return acc.columns
    if acc.state is None:
        if len(frame) < _PREFILTER_SAMPLE:
            acc.state = acc.columns
        else:
            sample = frame.iloc[: 4 * _PREFILTER_SAMPLE]
            distinct = [pc.count_distinct(p).as_py() for p in _key_parts(sample, acc.columns)]
            best = sorted(range(len(distinct)), key=lambda i: -distinct[i])[:_PREFILTER_COLUMNS]
            acc.state = tuple(acc.columns[i] for i in sorted(best))
    return acc.state


def _key_hashes(acc: _Acc, frame: pd.DataFrame, offset: int) -> None:
    columns = _hash_columns(acc, frame)
    if acc.rule.kind == "duplicates":
        have = np.ones(len(frame), dtype=bool)
    else:
        have = np.ones(len(frame), dtype=bool)
        for c in acc.columns:
            have &= builtin.col_present(frame, c)
    flt = _filter(acc, frame)
    if flt is not None:
        have &= flt
    acc.checked += int(have.sum())
    rows = np.flatnonzero(have)
    if not len(rows):
        return
    hashes = _frame_hash(frame, columns) if key_hash is _KEY_HASH else key_hash(_key_parts(frame, columns))
    if len(rows) != len(frame):
        hashes = hashes[rows]
    part = (hashes >> np.uint64(60)).astype(np.int8)  # 16 partitions by the top 4 bits
    rec = np.empty(len(rows), dtype=acc.parts[0].dtype)
    rec["h"], rec["r"] = hashes, rows + offset
    for j in range(_PARTITIONS):
        sel = part == j
        if sel.any():
            acc.parts[j].append(rec[sel])


# -- pass 2: exact comparison of hash candidates ---------------------------------------------------
def _candidates(acc: _Acc) -> np.ndarray:
    found = []
    for spill in acc.parts:
        rec = spill.read()
        if len(rec) < 2:
            continue
        rec = rec[np.argsort(rec["h"])]
        same = rec["h"][1:] == rec["h"][:-1]
        dup = np.zeros(len(rec), dtype=bool)
        dup[1:] |= same
        dup[:-1] |= same
        found.append(rec["r"][dup])
    return np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _pass_keys(source: Any, accs: list[_Acc], mask: bool, sample_size: int) -> None:
    cands = {}
    for acc in accs:
        cands[id(acc)] = _candidates(acc)
    live = [a for a in accs if len(cands[id(a)])]
    collected: dict[int, list[pd.DataFrame]] = {id(a): [] for a in live}
    if live:
        offset = 0
        for batch in source.batches():
            n = len(batch)
            frame = batch.reset_index(drop=True)
            for acc in live:
                c = cands[id(acc)]
                lo, hi = np.searchsorted(c, [offset, offset + n])
                if hi <= lo:
                    continue
                local = c[lo:hi] - offset
                sub = frame.iloc[local]
                piece = {"row": c[lo:hi], "key": key_text(sub, acc.columns).to_pandas()}
                for j, col in enumerate(acc.columns[:_SAMPLE_COLUMNS]):
                    piece[f"v{j}"] = sub[col].to_numpy(dtype=object)
                collected[id(acc)].append(pd.DataFrame(piece))
            offset += n
    for acc in accs:
        _guard(acc, _finish_keys, acc, collected.get(id(acc), []), mask, sample_size)


def _finish_keys(acc: _Acc, pieces: list[pd.DataFrame], mask: bool, sample_size: int) -> None:
    if not pieces:
        return
    table = pd.concat(pieces, ignore_index=True)
    size = table.groupby("key", sort=False)["row"].transform("size")
    table = table[size.to_numpy() >= 2]
    if table.empty:
        return
    first = table.groupby("key", sort=False)["row"].transform("min")
    # duplicates: every copy after the first fails; unique: every member of a group fails
    failing = table[table["row"].to_numpy() != first.to_numpy()] if acc.rule.kind == "duplicates" else table
    failing = failing.sort_values("row", kind="stable")
    rows = failing["row"].to_numpy(dtype=np.int64)
    acc.failed = len(rows)
    acc.reasons["duplicate"] = len(rows)
    acc.rows.append(rows)
    acc.codes.append(np.full(len(rows), acc.code_of("duplicate"), dtype=np.int16))
    cols = list(acc.columns)
    shown = cols[:_SAMPLE_COLUMNS]
    head = failing.iloc[: max(sample_size, 0)]
    failing_values = [head[f"v{j}"].to_numpy(dtype=object) for j in range(len(shown))]
    for i in range(len(head)):
        values = _shown(failing_values, i, shown, mask)
        acc.sample.append(SampleRow(row=int(rows[i]) + 1, values=values, reason="duplicate"))
    grouped = table.assign(first=first.to_numpy())
    firsts = np.unique(grouped["first"].to_numpy())[:MAX_GROUPS]
    grouped = grouped[grouped["first"].isin(firsts)].sort_values(["first", "row"], kind="stable")
    group_of = grouped["first"].to_numpy()
    bounds = np.flatnonzero(np.r_[True, group_of[1:] != group_of[:-1], True])
    all_rows = grouped["row"].to_numpy()
    grouped_values = [grouped[f"v{j}"].to_numpy(dtype=object) for j in range(len(shown))]
    for a, b in itertools.pairwise(bounds):
        acc.groups.append(
            DuplicateGroup(
                rule=acc.rule.id,
                columns=cols,
                key=_shown(grouped_values, int(a), shown, mask),
                count=int(b - a),
                rows=[int(x) + 1 for x in all_rows[a : min(b, a + MAX_GROUP_ROWS)]],
            )
        )


def _shown(values: list[np.ndarray], i: int, shown: list[str], mask: bool) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for c, column in zip(shown, values):
        v = column[i]
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            out[c] = None
        else:
            out[c] = mask_value(str(v)) if mask else str(v)
    return out


# -- dataset rules ---------------------------------------------------------------------------------
def _dataset(acc: _Acc, facts: DatasetFacts) -> None:
    checked, passed, reasons = acc.rule.spec.kernel(facts, acc.rule, acc.state)
    acc.checked, acc.failed = int(checked), int(checked) - int(passed)
    acc.reasons.update(reasons)


# -- outputs -----------------------------------------------------------------------------------------
def _write_failures(path: Path, accs: list[_Acc]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("rule,row,reason\n")
        for acc in accs:
            if acc.error is not None or not acc.rows.count:
                continue
            names = np.array(sorted(acc.reason_index, key=acc.reason_index.get), dtype=object)
            rule_id = acc.rule.id
            for rows, codes in zip(acc.rows.chunks(), acc.codes.chunks()):
                pd.DataFrame({"rule": rule_id, "row": rows + 1, "reason": names[codes]}).to_csv(
                    fh, header=False, index=False, lineterminator="\n"
                )


def _write_quarantine(source: Any, accs: list[_Acc], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    rows_all, labels_all = [], []
    for acc in accs:
        if acc.error is not None or acc.rule.severity != "error" or acc.rule.spec.scope == "dataset":
            continue
        if not acc.rows.count:
            continue
        names = np.array(
            [f"{acc.rule.id}[{r}]" for r in sorted(acc.reason_index, key=acc.reason_index.get)], dtype=object
        )
        rows_all.append(acc.rows.read())
        labels_all.append(names[acc.codes.read()])
    rows = np.concatenate(rows_all) if rows_all else np.zeros(0, dtype=np.int64)
    labels = np.concatenate(labels_all) if labels_all else np.zeros(0, dtype=object)
    order = np.argsort(rows, kind="stable")
    rows, labels = rows[order], labels[order]
    valid_path, invalid_path = directory / "valid.csv", directory / "invalid.csv"
    header = [True, True]
    offset = 0
    with (
        open(valid_path, "w", encoding="utf-8", newline="") as good,
        open(invalid_path, "w", encoding="utf-8", newline="") as bad,
    ):
        for batch in source.batches():
            n = len(batch)
            frame = batch.reset_index(drop=True)
            lo, hi = np.searchsorted(rows, [offset, offset + n])
            local = rows[lo:hi] - offset
            reasons = pd.Series(labels[lo:hi]).groupby(local).agg(";".join) if hi > lo else pd.Series(dtype=object)
            is_bad = np.zeros(n, dtype=bool)
            is_bad[reasons.index.to_numpy(dtype=np.int64)] = True
            ok_part = frame[~is_bad]
            bad_part = frame[is_bad].copy()
            bad_part.insert(0, "_row", np.flatnonzero(is_bad) + offset + 1)
            bad_part["_reasons"] = reasons.to_numpy()
            if header[0] or len(ok_part):
                ok_part.to_csv(good, header=header[0], index=False, lineterminator="\n")
                header[0] = False
            if header[1] or len(bad_part):
                bad_part.to_csv(bad, header=header[1], index=False, lineterminator="\n")
                header[1] = False
            offset += n
        if header[0]:
            pd.DataFrame(columns=source.columns).to_csv(good, index=False, lineterminator="\n")
        if header[1]:
            pd.DataFrame(columns=["_row", *source.columns, "_reasons"]).to_csv(bad, index=False, lineterminator="\n")


def _result(source: Any, rules: RuleSet, accs: list[_Acc], rows: int, failures: str | None) -> QualityResult:
    results = [_rule_result(a, failures) for a in accs]
    dims, weights, overall = score(results, rules.weights)
    groups = [g for a in accs for g in a.groups]
    return QualityResult(
        created=_dt.datetime.now(_dt.UTC).replace(microsecond=0),
        zjgov_version=__version__,
        dataset=DatasetInfo(name=source.name, path=source.path, rows=rows, columns=list(source.columns)),
        ruleset=RuleSetInfo(name=rules.name, source=rules.source),
        passed=all(r.threshold_met for r in results if r.severity == "error"),
        score=Score(overall=overall, weights=weights),
        dimensions=dims,
        rules=results,
        duplicates=groups,
    )


def _rule_result(acc: _Acc, failures: str | None) -> RuleResult:
    r = acc.rule
    ind = INDICATORS[r.indicator]
    if acc.error is not None:
        checked = passed = failed = 0
        rate = None
        met = False
        reasons: dict[str, int] = {}
        sample: list[SampleRow] = []
    else:
        checked, failed = acc.checked, acc.failed
        passed = checked - failed
        rate = passed / checked if checked else None
        met = rate is None or rate >= r.threshold - 1e-12
        reasons = dict(sorted(acc.reasons.items(), key=lambda kv: (-kv[1], kv[0])))
        sample = acc.sample
    return RuleResult(
        id=r.id,
        kind=r.kind,
        dimension=r.dimension,
        indicator=r.indicator,
        indicator_zh=ind.name_zh,
        indicator_en=ind.name_en,
        columns=list(acc.columns),
        params=r.params_dict(),
        filter=r.filter.source if r.filter is not None else None,
        weight=r.weight,
        severity=r.severity,  # type: ignore[arg-type]
        threshold=r.threshold,
        checked=checked,
        passed=passed,
        failed=failed,
        pass_rate=rate,
        threshold_met=met,
        lower_is_better=ind.lower_is_better,
        reasons=reasons,
        sample=sample,
        failures_file=failures if failures and acc.rows.count else None,
        error=acc.error,
        description_zh=r.description_zh,
        description_en=r.description_en,
    )


def score(
    results: list[RuleResult], weights: dict[str, float] | None = None
) -> tuple[list[DimensionScore], dict[str, float], float | None]:
    """Dimension scores (weighted mean pass rate of their rules, 0–100) and the overall score.

    Rules that errored or checked nothing do not count. "Lower is better" indicators
    (duplicate rate, dirty-data rate) already enter as ``1 − rate``: their pass rate is the
    share of rows that are *not* duplicates or dirty.

    >>> from zjgov.quality.result import RuleResult
    >>> rr = [RuleResult(id="a", kind="k", dimension="completeness", indicator="element_completeness",
    ...       indicator_zh="", indicator_en="", columns=[], checked=10, passed=9, failed=1, pass_rate=0.9)]
    >>> dims, w, overall = score(rr)
    >>> overall, w
    (90.0, {'completeness': 1.0})
    """
    dims = []
    scored: dict[str, float] = {}
    for key, d in DIMENSIONS.items():
        mine = [r for r in results if r.dimension == key]
        usable = [r for r in mine if r.error is None and r.pass_rate is not None]
        total_w = sum(r.weight for r in usable)
        if usable and total_w > 0:
            value = 100.0 * sum(r.weight * r.pass_rate for r in usable) / total_w
        elif usable:
            value = 100.0 * sum(r.pass_rate for r in usable) / len(usable)
        else:
            value = None
        if value is not None:
            value = round(value, 9)
            scored[key] = value
        dims.append(
            DimensionScore(
                dimension=key,
                name_zh=d.name_zh,
                name_en=d.name_en,
                score=value,
                rules=len(mine),
                rules_passed=sum(1 for r in mine if r.threshold_met and r.error is None),
            )
        )
    w = default_weights(scored, weights)
    total = sum(w.values())
    overall = round(sum(w[k] * scored[k] for k in w) / total, 9) if scored and total > 0 else None
    return dims, w, overall
