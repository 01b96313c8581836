"""The engine: a plan of every rule, evaluated batch by batch into partial results that merge.

:class:`Plan` is built once from a rule set and the data's columns. ``plan.evaluate(batch,
offset)`` turns one batch (a pandas frame whose first row is data row ``offset``) into a
:class:`Partial`; :func:`merge` combines two partials exactly and associatively, whatever the
batches were and in whatever grouping they are merged; ``plan.finalise(partial)`` gives the
:class:`~zjgov.quality.result.QualityResult`. Partials hold no file handles and no reference
to the data, and pickle, so Dask or Spark workers can evaluate partitions and ship partials;
:func:`run` is the same loop on one machine (a frame is sliced, a file streamed through
``zjgov.io``), so streamed, in-memory and distributed runs share one code path.

Memory stays bounded: failing row numbers go to :class:`~zjgov.core.keys.Spool` objects that
move to temporary files past a budget, and uniqueness is exact through
:class:`~zjgov.core.keys.KeyGroups` (one entry per distinct key, whatever the duplicate rate).
Columns bound to a standard code (a ``code`` rule on the column, or the key rule's ``code`` /
``codes`` option) are compared in their compact form: five spellings of one ID number are one key.

>>> import pandas as pd
>>> from zjgov.quality import rule, RuleSet
>>> frame = pd.DataFrame({"id": ["11010519491231002X", "110105194912310021", None, "11010519491231002x"]})
>>> rs = RuleSet.from_rules("t", [rule("code", "id", code="citizen_id"), rule("unique", "id"), rule("not_null", "id")])
>>> plan = Plan(rs, list(frame.columns))
>>> partial = merge(plan.evaluate(frame.iloc[:2], 0), plan.evaluate(frame.iloc[2:], 2))
>>> res = plan.finalise(partial)
>>> [(r.id, r.checked, r.failed, r.reasons) for r in res.rules]
[('code:id', 3, 1, {'checksum': 1}), ('unique:id', 3, 2, {'duplicate': 2}), ('not_null:id', 4, 1, {'missing': 1})]
>>> res.rules[0].sample[0].values, res.dataset.rows_failing
({'id': '1101**********0021'}, 4)
"""

from __future__ import annotations

import collections
import contextvars
import dataclasses
import datetime as _dt
import os
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from zjgov import __version__, i18n
from zjgov.core.keys import KeyGroups, Spool, combine, hash_array
from zjgov.core.threads import helper, parallel_map
from zjgov.core.threads import threads as default_threads
from zjgov.errors import ConfigError, ZjgovError
from zjgov.quality.columns import cached, col_present, compact_as, key_codes, sharing
from zjgov.quality.dimensions import DIMENSIONS, INDICATORS, default_weights
from zjgov.quality.masking import masked_columns, shown
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
    ValueCount,
)
from zjgov.quality.rules import DEFAULT_TIMEZONE, DatasetFacts, Outcome, Reasons, Rule, local_time
from zjgov.quality.ruleset import RuleSet
from zjgov.quality.stream import FileSource, FrameSource, progress_bar

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
_SAMPLE_COLUMNS = 8
#: Distinct failing values counted per rule (for the report's most frequent unexpected values).
MAX_VALUES = 10_000
TOP_VALUES = 10
#: Failing row numbers of one rule stay in memory up to this many bytes, then go to a file.
SPOOL_BYTES = 8 << 20
#: Distinct keys of one key rule held grouped in memory. 0: a check's key rows go raw to
#: hash partitions (values in memory up to SPOOL_BYTES, then on disk) and are grouped once,
#: partition by partition, when the result is read: 0.37 s CPU per million IDs for ``unique``
#: instead of 0.78 s grouping each batch into a growing sorted table (bench_quality's table).
KEY_BYTES = 0
_FAILING = np.dtype([("row", "<i8"), ("code", "<i2")])
_NO_HASHES = np.zeros(0, dtype=np.uint64)


@dataclasses.dataclass(frozen=True)
class Base:
    """What ``prepare`` hooks see: the reference time (naive, in ``timezone``), the rule file's folder, code bindings."""

    now: pd.Timestamp
    source_dir: Path | None
    codes: dict[str, str] = dataclasses.field(default_factory=dict)  # column -> standard code
    timezone: str = DEFAULT_TIMEZONE  # of naive timestamps


@dataclasses.dataclass
class RulePartial:
    """What one rule found in some rows: counts, the first samples, failing rows or key groups."""

    checked: int = 0
    failed: int = 0
    reasons: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    sample: list[SampleRow] = dataclasses.field(default_factory=list)
    error: RuleError | None = None
    failing: Spool = dataclasses.field(default_factory=lambda: Spool(_FAILING, memory_bytes=SPOOL_BYTES))
    keys: KeyGroups | None = None  # key rules only
    values: collections.Counter = dataclasses.field(default_factory=collections.Counter)  # failing values


@dataclasses.dataclass
class Partial:
    """The mergeable state of a check over some rows (picklable; holds no data frame)."""

    rows: int
    rules: list[RulePartial]
    sample_size: int = SAMPLE_SIZE


def merge(a: Partial, b: Partial) -> Partial:
    """Combine the partials of two disjoint sets of rows (``a`` is updated and returned).

    Associative and exact: any split of the data into batches, merged in any grouping, gives
    the result of one batch. Samples keep the lowest rows; the first error of a rule wins.
    """
    if len(a.rules) != len(b.rules):
        raise ValueError("partials of different plans cannot be merged")
    a.rows += b.rows
    for x, y in zip(a.rules, b.rules):
        x.checked += y.checked
        x.failed += y.failed
        x.reasons.update(y.reasons)
        x.error = x.error or y.error
        x.sample = sorted(x.sample + y.sample, key=lambda s: s.row)[: a.sample_size]
        x.failing.extend(y.failing)
        _tally(x.values, y.values.items())
        if y.keys is not None:
            if x.keys is None:
                x.keys = y.keys
            else:
                x.keys.merge(y.keys)
    return a


class Plan:
    """Every rule of ``rules`` prepared for data with ``columns`` (see the module docstring).

    ``now`` fixes the reference time (default: the rule set's ``reference_time``, else the
    current time); samples mask the columns that identify people (``mask=False``: none, see
    :func:`~zjgov.quality.masking.masked_columns`); ``threads`` above 1 runs the rules of a
    batch on the shared pool of :mod:`zjgov.core.threads` (its size: ``ZJGOV_THREADS``); the
    default runs them one after the other (user rules must be thread-safe to use more).
    """

    def __init__(
        self,
        rules: RuleSet,
        columns: Sequence[str],
        *,
        now: _dt.datetime | None = None,
        mask: bool = True,
        sample_size: int = SAMPLE_SIZE,
        threads: int | None = None,
    ) -> None:
        self.rules = rules
        self.columns = [str(c) for c in columns]
        _check_columns(self.columns, rules)
        zone = rules.timezone
        stamp = local_time(now or rules.reference_time or _dt.datetime.now(zoneinfo.ZoneInfo(zone)), zone)
        self.now = stamp
        self.mask = mask
        self.sample_size = max(int(sample_size), 0)
        self.threads = 1 if threads is None else max(1, int(threads))
        self.bound = _code_bindings(rules)
        base = Base(
            now=stamp,
            source_dir=Path(rules.source).parent if rules.source else None,
            codes=self.bound,
            timezone=zone,
        )
        self.targets = [_resolve_columns(r, self.columns) for r in rules.rules]
        self.key_codes = [
            key_codes(r, cols, self.bound) if r.spec.scope == "key" else {}
            for r, cols in zip(rules.rules, self.targets)
        ]
        shown_columns = {c for cols in self.targets for c in cols[:_SAMPLE_COLUMNS]}
        bindings = dict(self.bound)
        for codes_of in self.key_codes:
            bindings.update(codes_of)
        self.masked = masked_columns(sorted(shown_columns), bindings) if mask else set()
        #: rules whose failing values are counted (one column shown in clear): the report's top values
        self.counted = [
            r.spec.scope == "row" and len(cols) == 1 and cols[0] not in self.masked
            for r, cols in zip(rules.rules, self.targets)
        ]
        self.states: list[Any] = []
        self.errors: list[RuleError | None] = []
        for r in rules.rules:
            state, error = None, None
            if r.spec.prepare is not None:
                try:
                    state = r.spec.prepare(r, base)
                except ConfigError:
                    raise
                except Exception as exc:
                    error = _rule_error(exc)
            self.states.append(state)
            self.errors.append(error)

    # -- evaluate ----------------------------------------------------------------------------
    def empty(self) -> Partial:
        """The partial of no rows (the identity of :func:`merge`)."""
        return Partial(0, [RulePartial(error=e) for e in self.errors], self.sample_size)

    def evaluate(
        self, batch: pd.DataFrame, offset: int = 0, *, repeated: dict[int, np.ndarray] | None = None
    ) -> Partial:
        """The partial result of the rules on ``batch``, whose first row is data row ``offset`` (0-based).

        ``repeated`` maps a key rule's index to the sorted key hashes (:meth:`key_hashes`) that
        occur more than once in the whole data: that rule's key groups then hold only the rows
        with such a hash (the others are counted, and are alone in their group anyway), so a
        distributed run ships and merges groups in proportion to the duplicates, not the rows.
        """
        frame = self._frame(batch)
        out = self.empty()
        out.rows = len(frame)
        if not len(frame):
            return out
        tasks = []
        for i, (r, part) in enumerate(zip(self.rules.rules, out.rules)):
            if part.error is None and r.spec.scope in ("row", "key"):
                if r.spec.scope == "row":
                    tasks.append((part, self._row, (i, part, frame, offset)))
                else:
                    wanted = None if repeated is None else repeated.get(i, _NO_HASHES)
                    tasks.append((part, self._key, (i, part, frame, offset, wanted)))
        with sharing(frame):
            if self.threads == 1:
                for part, fn, args in tasks:
                    _guard(part, fn, *args)
            else:  # each rule owns its partial; kernels release the GIL in Arrow and NumPy
                ctx = contextvars.copy_context()  # the batch's shared columns travel with each task
                parallel_map(lambda t: ctx.copy().run(_guard, t[0], t[1], *t[2]), tasks)
        return out

    def _applicable(self, r: Rule, frame: pd.DataFrame, base: np.ndarray) -> np.ndarray:
        if r.filter is not None:
            base &= r.filter.evaluate(frame).fillna(False).to_numpy(dtype=bool)
        return base

    def _row(self, i: int, part: RulePartial, frame: pd.DataFrame, offset: int) -> None:
        r = self.rules.rules[i]
        out: Outcome = r.spec.kernel(frame, r, self.states[i])
        n = len(frame)
        ok = np.asarray(out.ok, dtype=bool)
        applicable = np.ones(n, dtype=bool) if out.applicable is None else np.array(out.applicable, dtype=bool)
        if ok.shape != (n,) or applicable.shape != (n,):
            raise ValueError("rule output has the wrong length")
        applicable = self._applicable(r, frame, applicable)
        failing = np.flatnonzero(applicable & ~ok)
        part.checked += int(applicable.sum())
        if not len(failing):
            return
        part.failed += len(failing)
        codes, names = _reason_codes(out.reason, failing)
        counts = np.bincount(codes, minlength=len(names))
        part.reasons.update({name: int(c) for name, c in zip(names, counts) if c})
        rec = np.empty(len(failing), dtype=_FAILING)
        rec["row"], rec["code"] = failing + offset, codes
        part.failing.append(rec, meta=names)
        if self.counted[i]:
            values = frame[self.targets[i][0]].iloc[failing]
            counts = values[values.notna()].astype(str).value_counts(sort=False)
            _tally(part.values, zip(counts.index.tolist(), counts.to_numpy().tolist()))
        cols = list(self.targets[i][:_SAMPLE_COLUMNS])
        for pos, code in zip(failing[: self.sample_size], codes[: self.sample_size]):
            values = {c: self.shown(c, frame[c].iat[int(pos)]) for c in cols}
            part.sample.append(SampleRow(row=int(pos + offset) + 1, values=values, reason=names[code]))

    def shown(self, column: str, value: Any) -> str | None:
        """How a sample shows ``value`` of ``column`` (masked where the column identifies people)."""
        if not self.mask:  # asked for values in clear
            return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        return shown(value, column in self.masked)

    @staticmethod
    def _frame(batch: pd.DataFrame) -> pd.DataFrame:
        frame = batch.reset_index(drop=True)
        if not all(isinstance(c, str) for c in frame.columns):
            frame = frame.rename(columns=str)
        return frame

    def _key_rows(self, i: int, frame: pd.DataFrame) -> tuple[np.ndarray, list[tuple[pa.Array, np.ndarray]]]:
        """The rows of ``frame`` that key rule ``i`` judges, and each key column's text and hashes."""
        r = self.rules.rules[i]
        cols, codes = self.targets[i], self.key_codes[i]
        have = np.ones(len(frame), dtype=bool)
        if r.kind != "duplicates":  # a key with a null or blank part is judged by completeness rules
            for c in cols:
                have &= col_present(frame, c)
        have = self._applicable(r, frame, have)
        rows = np.flatnonzero(have)
        return rows, [_key_part(frame, c, codes.get(c)) for c in cols] if len(rows) else []

    def key_hashes(self, batch: pd.DataFrame) -> list[tuple[int, np.ndarray]]:
        """``(rule index, uint64 key hashes)`` of every key rule over the rows of ``batch`` it judges:
        what a distributed run counts to find the hashes that repeat (see :meth:`evaluate`).
        A rule whose preparation failed is left out."""
        frame = self._frame(batch)
        out = []
        with sharing(frame):
            for i, r in enumerate(self.rules.rules):
                if r.spec.scope != "key" or self.errors[i] is not None:
                    continue
                rows, keyed = self._key_rows(i, frame) if len(frame) else (np.zeros(0, np.int64), [])
                hashes = combine([h for _, h in keyed])[rows] if len(rows) else np.zeros(0, dtype=np.uint64)
                out.append((i, hashes))
        return out

    def _key(
        self, i: int, part: RulePartial, frame: pd.DataFrame, offset: int, repeated: np.ndarray | None = None
    ) -> None:
        rows, keyed = self._key_rows(i, frame)
        part.checked += len(rows)
        part.keys = KeyGroups(memory_bytes=SPOOL_BYTES, distinct_bytes=KEY_BYTES)
        if not len(rows):
            return
        hashes = combine([h for _, h in keyed])
        if repeated is not None:  # only the keys whose hash repeats somewhere in the data
            rows = rows[np.isin(hashes[rows], repeated)]
            if not len(rows):
                return
        take = None if len(rows) == len(frame) else pa.array(rows)
        texts = [t if take is None else t.take(take) for t, _ in keyed]
        part.keys.add(texts, rows + offset, hashes if take is None else hashes[rows])

    # -- finalise ----------------------------------------------------------------------------
    def finalise(
        self, partial: Partial, *, name: str = "dataframe", path: str | None = None, failures: str | None = None
    ) -> QualityResult:
        """The result of the check whose merged partial is ``partial``.

        ``name``/``path`` describe the dataset; ``failures`` is the failures file that was
        written (named in each rule with failing rows).
        """
        facts = DatasetFacts(rows=partial.rows, columns=tuple(self.columns), path=path, now=self.now)
        results, groups = [], []
        failing_any = np.zeros(partial.rows, dtype=bool)
        for i, (r, part) in enumerate(zip(self.rules.rules, partial.rules)):
            part = dataclasses.replace(part, reasons=collections.Counter(part.reasons), sample=list(part.sample))
            if part.error is None and r.spec.scope == "key":
                _guard(part, self._finish_keys, i, part, groups)
            elif part.error is None and r.spec.scope == "dataset":
                _guard(part, _dataset, r, part, facts, self.states[i])
            if part.error is None and r.spec.scope != "dataset":
                for rows, _ in self.failing(i, partial):
                    failing_any[rows[rows < len(failing_any)]] = True
            results.append(_rule_result(r, self.targets[i], part, failures))
        dims, weights, overall = score(results, self.rules.weights)
        return QualityResult(
            created=_dt.datetime.now(_dt.UTC).replace(microsecond=0),
            zjgov_version=__version__,
            dataset=DatasetInfo(
                name=name,
                path=path,
                rows=partial.rows,
                columns=list(self.columns),
                rows_failing=int(failing_any.sum()),
            ),
            ruleset=RuleSetInfo(name=self.rules.name, source=self.rules.source),
            passed=all(r.threshold_met for r in results if r.severity == "error"),
            score=Score(overall=overall, weights=weights),
            dimensions=dims,
            rules=results,
            duplicates=groups,
        )

    def failing(self, i: int, partial: Partial) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Sorted chunks of ``(rows, reason names)`` of rule ``i``'s failing rows (0-based rows)."""
        r, part = self.rules.rules[i], partial.rules[i]
        if part.error is not None:
            return
        if r.spec.scope == "key":
            if part.keys is not None:
                for rows in part.keys.iter_failing(every_member=r.kind != "duplicates"):
                    yield rows, np.full(len(rows), "duplicate", dtype=object)
            return
        if not part.failing.ascending("row"):  # merged out of order: sort them all at once
            recs = [(rec["row"], np.asarray(names, dtype=object)[rec["code"]]) for rec, names in part.failing.chunks()]
            if recs:
                rows, labels = np.concatenate([a for a, _ in recs]), np.concatenate([b for _, b in recs])
                order = np.argsort(rows, kind="stable")
                yield rows[order], labels[order]
            return
        for rec, names in part.failing.chunks():
            yield rec["row"], np.asarray(names, dtype=object)[rec["code"]]

    def _finish_keys(self, i: int, part: RulePartial, groups: list[DuplicateGroup]) -> None:
        r, cols = self.rules.rules[i], list(self.targets[i])
        keys = part.keys or KeyGroups()
        heads, counts = keys.groups_of(2)
        every = r.kind != "duplicates"
        part.failed = int(counts.sum() if every else (counts - 1).sum())
        if not part.failed:
            return
        part.reasons["duplicate"] = part.failed
        shown = cols[:_SAMPLE_COLUMNS]

        def display(values: tuple[Any, ...]) -> dict[str, str | None]:
            return {c: self.shown(c, v) for c, v in zip(shown, values)}

        first: list[np.ndarray] = []
        for rows in keys.iter_failing(every_member=every):
            first.append(rows[: self.sample_size - sum(map(len, first))])
            if sum(map(len, first)) >= self.sample_size:
                break
        sample_rows = np.concatenate(first) if first else np.zeros(0, dtype=np.int64)
        sample_heads = keys.heads_of(sample_rows)
        for row, values in zip(sample_rows.tolist(), keys.values_of(sample_heads)):
            part.sample.append(SampleRow(row=row + 1, values=display(values), reason="duplicate"))
        top, top_counts = heads[:MAX_GROUPS], counts[:MAX_GROUPS]
        members = keys.members(top, MAX_GROUP_ROWS)
        for head, count, values in zip(top.tolist(), top_counts.tolist(), keys.values_of(top)):
            rows = [x + 1 for x in members[head]]
            groups.append(DuplicateGroup(rule=r.id, columns=cols, key=display(values), count=count, rows=rows))


def _tally(counter: collections.Counter, items: Iterable[tuple[str, int]]) -> None:
    """Add ``(value, count)`` pairs to ``counter``: values already there, and new ones while it
    holds fewer than :data:`MAX_VALUES` (so the values kept are the first seen, in row order)."""
    room = MAX_VALUES - len(counter)
    for value, count in items:
        if value in counter:
            counter[value] += count
        elif room > 0:
            counter[value] = count
            room -= 1


def _reason_codes(reason: Any, failing: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """Small integer codes of the failing rows' reasons and the names they stand for."""
    if isinstance(reason, str):
        return np.zeros(len(failing), dtype=np.int16), (reason,)
    if isinstance(reason, Reasons):
        return np.asarray(reason.codes)[failing].astype(np.int16), tuple(reason.names)
    raw = reason.iloc[failing] if isinstance(reason, pd.Series) else np.asarray(reason)[failing]
    labels = pd.Series(np.asarray(raw, dtype=object)).fillna("invalid").astype(str)
    codes, uniques = pd.factorize(labels)
    return codes.astype(np.int16), tuple(str(u) for u in uniques)


def _key_part(frame: pd.DataFrame, column: str, code: str | None) -> tuple[pa.Array, np.ndarray]:
    """A key column's text (compact when bound to a code) and its hashes (computed once per batch)."""

    def make() -> tuple[pa.Array, np.ndarray]:
        s = frame[column]
        if pd.api.types.is_object_dtype(s.dtype):
            arr = pa.array(s.astype("str").where(s.notna(), None), type=pa.large_string(), from_pandas=True)
        else:
            arr = pa.array(s, from_pandas=True)
            if isinstance(arr, pa.ChunkedArray):
                arr = arr.combine_chunks()
            arr = arr.cast(pa.large_string())
        if code is not None:
            arr = compact_as(arr, code)
        return arr, hash_array(arr)

    return cached("key", frame, column, code, make)


def _code_bindings(rules: RuleSet) -> dict[str, str]:
    """Columns bound to a standard code by a ``code`` rule of the set (the first such rule wins)."""
    bound: dict[str, str] = {}
    for r in rules.rules:
        if r.kind == "code" and r.columns:
            bound.setdefault(r.columns[0], r.params.code)
    return bound


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
    default it shows only when stderr is a terminal); ``threads`` above 1 runs a batch's rules
    on the shared thread pool (see :class:`Plan`; by default the pool's size, :func:`zjgov.core.threads.threads`,
    when every rule is a built-in kind, else 1). Results do not depend on ``batch_rows`` or ``threads``.
    """
    if threads is None:
        threads = default_threads() if all(r.spec.thread_safe for r in rules.rules) else 1
    if isinstance(data, pd.DataFrame):
        source: Any = FrameSource(data, batch_rows=batch_rows, name=name or "dataframe")
    elif isinstance(data, (str, os.PathLike)):
        source = FileSource(data, batch_rows=batch_rows, encoding=encoding)
    else:
        raise ConfigError(i18n.text("quality.bad_data", "zh"), i18n.text("quality.bad_data", "en"))
    if isinstance(previous, (str, os.PathLike)):
        previous = QualityResult.read_json(previous)
    plan = Plan(rules, source.columns, now=now, mask=mask, sample_size=sample_size, threads=threads)
    total = plan.empty()
    bar = progress_bar(source.size_hint(), progress, i18n.text("quality.progress", "zh"))
    try:
        total = _evaluate_all(plan, source.batches(), bar)
    finally:
        if bar is not None:
            bar.close()
    failures_path = str(failures) if failures is not None else None
    if failures is not None:
        _write_failures(Path(failures), plan, total)
    if quarantine is not None:
        _write_quarantine(source, plan, total, Path(quarantine))
    result = plan.finalise(total, name=source.name, path=source.path, failures=failures_path)
    if previous is not None:
        result.comparison = result.compare(previous)
    return result


def _evaluate_all(plan: Plan, batches: Iterable[pd.DataFrame], bar: Any) -> Partial:
    """The merged partial of every batch. Merging batch ``k`` (where key values are spilled
    to disk) runs on a helper thread while the rules evaluate batch ``k + 1``; the order of
    the merges, and so the result, is that of the batches."""
    total, rows, pending = plan.empty(), 0, None
    with helper("merge") as stage:
        for batch in batches:
            part = plan.evaluate(batch, rows)
            rows += part.rows
            if pending is not None:
                total = pending.result()
            pending = stage.submit(merge, total, part)
            if bar is not None:
                bar.update(len(batch))
        if pending is not None:
            total = pending.result()
    return total


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


def _guard(part: RulePartial, fn: Callable[..., None], *args: Any) -> None:
    try:
        fn(*args)
    except (KeyboardInterrupt, MemoryError):
        raise
    except Exception as exc:
        part.error = _rule_error(exc)


def _dataset(r: Rule, part: RulePartial, facts: DatasetFacts, state: Any) -> None:
    checked, passed, reasons = r.spec.kernel(facts, r, state)
    part.checked, part.failed = int(checked), int(checked) - int(passed)
    part.reasons.update(reasons)


# -- outputs -----------------------------------------------------------------------------------------
def _write_failures(path: Path, plan: Plan, partial: Partial) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("rule,row,reason\n")
        for i, r in enumerate(plan.rules.rules):
            if r.spec.scope == "dataset":
                continue
            for rows, labels in plan.failing(i, partial):
                pd.DataFrame({"rule": r.id, "row": rows + 1, "reason": labels}).to_csv(
                    fh, header=False, index=False, lineterminator="\n"
                )


def _write_quarantine(source: Any, plan: Plan, partial: Partial, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    rows_all, labels_all = [], []
    for i, r in enumerate(plan.rules.rules):
        if r.severity != "error" or r.spec.scope == "dataset":
            continue
        for rows, labels in plan.failing(i, partial):
            rows_all.append(rows)
            labels_all.append(
                np.asarray([f"{r.id}[{x}]" for x in pd.unique(labels)], dtype=object)[pd.factorize(labels)[0]]
            )
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


def _rule_result(r: Rule, columns: tuple[str, ...], part: RulePartial, failures: str | None) -> RuleResult:
    ind = INDICATORS[r.indicator]
    if part.error is not None:
        checked = passed = failed = 0
        rate = None
        met = False
        reasons: dict[str, int] = {}
        sample: list[SampleRow] = []
    else:
        checked, failed = part.checked, part.failed
        passed = checked - failed
        rate = passed / checked if checked else None
        met = rate is None or rate >= r.threshold - 1e-12
        reasons = dict(sorted(part.reasons.items(), key=lambda kv: (-kv[1], kv[0])))
        sample = part.sample
    top = []
    if part.error is None:  # raw values are counted; an identifier-shaped one is shown masked even here
        seen: collections.Counter = collections.Counter()
        for raw, count in part.values.items():
            seen[shown(raw, False)] += count
        top = sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_VALUES]
    return RuleResult(
        id=r.id,
        kind=r.kind,
        scope=r.spec.scope,
        dimension=r.dimension,
        indicator=r.indicator,
        indicator_zh=ind.name_zh,
        indicator_en=ind.name_en,
        columns=list(columns),
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
        top_values=[ValueCount(value=v, count=c) for v, c in top],
        failures_file=failures if failures and failed and r.spec.scope != "dataset" else None,
        error=part.error,
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
