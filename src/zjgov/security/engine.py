"""Applying a policy: :func:`apply` on a frame, :func:`mask_file` streaming a file, and
:func:`unmask` / :func:`unmask_file` reversing the reversible operators.

``apply(frame, policy, keys)`` returns the masked frame and an :class:`AuditRecord`. The
caller's frame is never modified; every row comes back, in order, on the same index. Whole
records suppressed by the policy's ``records`` rule are kept with every field null and the
marker column set to true (see :class:`~zjgov.security.policy.RecordRule`).

>>> from zjgov.security.policy import load_policy_text
>>> frame = pd.DataFrame({"姓名": ["张三", "欧阳修"], "性别": ["1", "1"]})
>>> masked, record = apply(frame, load_policy_text("columns: {姓名: mask:name}"))
>>> masked["姓名"].tolist(), frame["姓名"].tolist()
(['张*', '欧阳*'], ['张三', '欧阳修'])
>>> record.column("姓名").changed, record.rows
(2, 2)
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from zjgov import i18n, io
from zjgov.core import arrow
from zjgov.core.threads import helper, parallel_map, pool
from zjgov.errors import ConfigError
from zjgov.security import _text
from zjgov.security.keys import KeyRing
from zjgov.security.operators import Operator
from zjgov.security.policy import Policy, Rule
from zjgov.security.record import AuditRecord, ColumnAudit

__all__ = ["apply", "check_output", "mask_file", "plan_metadata", "unmask", "unmask_file", "write_masked"]

i18n.add(
    {
        "security.warn.untreated": (
            "列“{column}”被分类分级清单判定为个人信息（{category}，{level}），但策略未处理它（建议：{treatment}）",
            "column '{column}' is personal data in the inventory ({category}, {level}) but the policy leaves it untreated (suggested: {treatment})",
        ),
        "security.warn.marker": (
            "记录抑制的标记列“{column}”与数据中的列重名",
            "the record-suppression marker column '{column}' already exists in the data",
        ),
        "security.out_is_in": (
            "输出文件不能与输入文件相同：{path}",
            "the output file must not be the input file: {path}",
        ),
        "security.not_reversible": (
            "列“{column}”的算子“{operator}”不可逆，保持原样",
            "column '{column}': operator '{operator}' is not reversible; left as it is",
        ),
    }
)

_WRITABLE = ("csv", "tsv", "jsonl", "parquet")


def _keyring(keys: Any) -> KeyRing | None:
    if keys is None or isinstance(keys, KeyRing):
        return keys
    return KeyRing(keys)


def _changed(before: pd.Series, after: pd.Series) -> tuple[int, int]:
    """Null inputs and non-null inputs whose output text differs."""
    a = _text.as_text(before)
    b = _text.as_text(after)
    nulls = a.null_count
    if (
        a.offset == b.offset
        and len(a) == len(b)
        and all(
            x is y or (x is not None and y is not None and x.address == y.address)
            for x, y in zip(a.buffers(), b.buffers())
        )
    ):
        return nulls, 0  # the same Arrow buffers (``keep``): nothing changed, no comparison needed
    diff = pc.fill_null(pc.not_equal(a, b), True)
    valid = a.is_valid()
    changed = pc.sum(pc.and_(diff, valid)).as_py() or 0
    return nulls, int(changed)


def _record_mask(policy: Policy, frame: pd.DataFrame, masked: pd.DataFrame) -> np.ndarray | None:
    """The records the policy's ``records`` rule suppresses: by value of the original ``frame``, or by
    equivalence class of the ``masked`` quasi-identifiers."""
    rule = policy.records
    if rule is None:
        return None
    if rule.classes is not None:
        from zjgov.security.privacy import failing_records

        c = rule.classes
        for name in (*c.qis, *((c.sensitive,) if c.sensitive else ())):
            if name not in masked.columns:
                raise ConfigError(
                    *(i18n.text("security.policy.missing_column", lang, column=name) for lang in ("zh", "en")),
                    field="records.classes",
                )
        if c.hierarchy is not None:  # t by the hierarchical distance of the sensitive attribute
            return failing_records(
                masked,
                c.qis,
                k=c.k,
                l=c.l,
                t=c.t,
                sensitive=c.sensitive,
                distance="hierarchical",
                hierarchy=c.hierarchy,
            )
        return failing_records(masked, c.qis, k=c.k, l=c.l, t=c.t, sensitive=c.sensitive)
    if rule.where.column not in frame.columns:
        raise ConfigError(
            *(i18n.text("security.policy.missing_column", lang, column=rule.where.column) for lang in ("zh", "en")),
            field="records.where.column",
        )
    arr = _text.as_text(frame[rule.where.column])
    return arrow.mask(pc.is_in(arr, value_set=pa.array(list(rule.where.in_), pa.large_string())))


def apply(
    frame: pd.DataFrame,
    policy: Policy,
    keys: Any = None,
    *,
    inventory: Any = None,
    suppress: np.ndarray | None = None,
) -> tuple[pd.DataFrame, AuditRecord]:
    """The masked frame and the audit record of one frame (or one batch of a file).

    ``suppress`` is the records rule's mask for this batch when it was computed over the whole
    file (suppression by class needs every row: :func:`mask_file` computes it in a first pass)."""
    ring = _keyring(keys)
    plan = policy.plan(frame.columns.astype(str), inventory)
    out = frame.copy(deep=False)
    record = AuditRecord(rows=len(frame), policy={"name": policy.name, "sha256": policy.digest()})
    entries = {e.column: e for e in inventory.entries} if inventory is not None else {}
    treated = set()
    independent = [step for step in plan if not step[1].depends_on()]
    # columns are independent: they are treated on the shared thread pool (Arrow and NumPy release the GIL)
    outputs = parallel_map(lambda step: step[1].apply(frame[step[0]], ring, frame=frame), independent)
    for (column, _op, _rule), after in zip(independent, outputs):
        out[column] = after
    for column, op, _rule in plan:  # operators that read another column see the masked frame
        if op.depends_on():
            out[column] = op.apply(frame[column], ring, frame=out)
    for column, op, rule in plan:
        before, after = frame[column], out[column]
        treated.add(column)
        nulls, changed = _changed(before, after)
        record.columns.append(_column_audit(column, op, rule, entries.get(column), len(before), nulls, changed))
    present = set(frame.columns.astype(str))
    for name, rule in policy.columns.items():
        if name not in present and rule.optional:
            op = policy.operator(rule)
            audit = _column_audit(name, op, rule, None, 0, 0, 0)
            audit.present = False
            record.columns.append(audit)
    order = {c: i for i, c in enumerate(frame.columns.astype(str))}
    record.columns.sort(key=lambda a: order.get(a.column, len(order)))
    record.kept = [c for c in frame.columns.astype(str) if c not in treated]
    for c in record.kept:
        e = entries.get(c)
        if e is not None and e.personal:
            record.untreated.append({"column": c, "category": e.category, "level": e.level, "treatment": e.treatment})
            fields = {"column": c, "category": e.category, "level": e.level, "treatment": e.treatment}
            record.warnings.append(
                {
                    "code": "untreated_personal",
                    "column": c,
                    **{lang: i18n.text("security.warn.untreated", lang, **fields) for lang in ("zh", "en")},
                }
            )
    suppressed = suppress if suppress is not None and policy.records is not None else _record_mask(policy, frame, out)
    if suppressed is not None:
        marker = policy.records.marker_column
        if marker in present:
            raise ConfigError(
                *(i18n.text("security.warn.marker", lang, column=marker) for lang in ("zh", "en")),
                field="records.marker_column",
            )
        if suppressed.any():
            for c in out.columns:
                col = out[c].copy()
                col[suppressed] = None
                out[c] = col
        out[marker] = pd.Series(suppressed, index=frame.index, dtype=bool)
        record.records = {
            "suppressed": int(suppressed.sum()),
            "marker_column": marker,
            "rule": policy.records.model_dump(mode="json", by_alias=True),
        }
    return out, record


def _column_audit(
    column: str, op: Operator, rule: Rule, entry: Any, rows: int, nulls: int, changed: int
) -> ColumnAudit:
    d = op.describe()
    params = {k: v for k, v in d["params"].items() if k != "key"}
    return ColumnAudit(
        column=column,
        operator=op.name,
        family=op.family,
        reversible=op.reversible,
        params=params,
        key_id=op.key_id(),
        category=rule.category or (entry.category if entry is not None else None),
        level=rule.level or (entry.level if entry is not None else None),
        rows=rows,
        nulls=nulls,
        changed=changed,
        optional=rule.optional,
    )


def unmask(
    frame: pd.DataFrame, policy: Policy, keys: Any = None, *, inventory: Any = None
) -> tuple[pd.DataFrame, AuditRecord]:
    """Reverse every reversible operator of ``policy`` (tokens, FF1, reversible surrogates).

    Columns of irreversible operators are left as they are and listed in the record's warnings.
    """
    ring = _keyring(keys)
    plan = policy.plan(frame.columns.astype(str), inventory)
    out = frame.copy(deep=False)
    record = AuditRecord(rows=len(frame), policy={"name": policy.name, "sha256": policy.digest()})
    for column, op, rule in sorted(plan, key=lambda step: not step[1].depends_on()):
        if not op.reversible:
            if op.name != "keep":
                record.warnings.append(
                    {
                        "code": "not_reversible",
                        "column": column,
                        **{
                            lang: i18n.text("security.not_reversible", lang, column=column, operator=op.name)
                            for lang in ("zh", "en")
                        },
                    }
                )
            continue
        before = frame[column]
        after = op.reverse(
            before, ring, frame=frame
        )  # operators with dependencies first: frame is still the masked input
        out[column] = after
        nulls, changed = _changed(before, after)
        record.columns.append(_column_audit(column, op, rule, None, len(before), nulls, changed))
    return out, record


# -- files ----------------------------------------------------------------------------------
class _Writer:
    """Appends frames to a CSV/TSV, JSON Lines or Parquet file; every batch cast to the first schema."""

    def __init__(self, path: Path, metadata: dict[str, str] | None = None) -> None:
        self.path = path
        self.fmt = io.detect_format(path)
        if self.fmt not in _WRITABLE:
            raise ConfigError(
                f"不支持写出的格式：{path.suffix}", f"cannot write the format {path.suffix}", file=str(path)
            )
        self.schema: pa.Schema | None = None
        self.metadata = metadata or {}
        self._w: Any = None
        self._fh: Any = None
        self.rows = 0

    def _table(self, frame: pd.DataFrame) -> pa.Table:
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if self.schema is None:
            fields = [
                pa.field(
                    f.name, pa.large_string() if pa.types.is_null(f.type) or pa.types.is_string(f.type) else f.type
                )
                for f in table.schema
            ]
            if self.fmt != "parquet":
                fields = [pa.field(f.name, f.type) for f in fields]
            self.schema = pa.schema(fields, metadata={k.encode(): v.encode() for k, v in self.metadata.items()})
        return table.cast(self.schema)

    def write(self, frame: pd.DataFrame) -> None:
        self.rows += len(frame)
        if self.fmt == "jsonl":
            if self._fh is None:
                self._fh = open(self.path, "w", encoding="utf-8")  # noqa: SIM115
            if len(frame):
                self._fh.write(frame.to_json(orient="records", lines=True, force_ascii=False).rstrip("\n") + "\n")
            return
        table = self._table(frame)
        if self._w is None:
            if self.fmt == "parquet":
                self._w = pq.ParquetWriter(self.path, self.schema)
            else:
                options = pacsv.WriteOptions(delimiter="\t" if self.fmt == "tsv" else ",", quoting_style="needed")
                self._w = pacsv.CSVWriter(self.path, self.schema, write_options=options)
        self._w.write_table(table)

    def close(self, empty: pd.DataFrame | None = None) -> None:
        if self._w is None and self._fh is None and empty is not None:
            if self.fmt == "jsonl":
                self.path.write_text("", encoding="utf-8")
            else:
                self.write(empty)
        if self._w is not None:
            self._w.close()
        if self._fh is not None:
            self._fh.close()


_END = object()


def _read_ahead(batches: Any) -> Any:
    """The batches of ``batches``, the next one read on the shared pool while the caller treats
    the current one (Arrow's CSV parser and the conversion to pandas release the GIL)."""
    it = iter(batches)
    executor = pool()
    if executor is None:
        yield from it
        return
    pending = executor.submit(next, it, _END)
    try:
        while (batch := pending.result()) is not _END:
            pending = executor.submit(next, it, _END)
            yield batch
    finally:
        pending.cancel() or pending.exception()  # never leave a read running on a closed file


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _run_file(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    step: Callable[[pd.DataFrame], tuple[pd.DataFrame, AuditRecord]],
    *,
    encoding: str | None,
    batch_rows: int,
    progress: Any,
    metadata: dict[str, str],
) -> AuditRecord:
    src, dst = Path(source), Path(out)
    check_output(src, dst)
    fmt = io.detect_format(src)
    if progress is not None and fmt == "parquet" and hasattr(progress, "set_total"):
        progress.set_total(io.count_rows(src))
    batches = (step(batch) for batch in _read_ahead(io.iter_batches(src, batch_rows=batch_rows, encoding=encoding)))
    return write_masked(
        batches,
        src,
        dst,
        empty=lambda: step(io.read_table(src, encoding=encoding)),
        metadata=metadata,
        progress=progress,
    )


def check_output(source: str | os.PathLike[str], out: str | os.PathLike[str]) -> None:
    """Refuse an output that is the input (the bilingual error of :func:`mask_file`)."""
    src, dst = Path(source), Path(out)
    if _same_file(src, dst) or src.resolve() == dst.resolve():
        raise ConfigError(
            *(i18n.text("security.out_is_in", lang, path=str(dst)) for lang in ("zh", "en")), file=str(dst)
        )


def write_masked(
    batches: Iterable[tuple[pd.DataFrame, AuditRecord]],
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    empty: Callable[[], tuple[pd.DataFrame, AuditRecord]],
    metadata: dict[str, str] | None = None,
    progress: Any = None,
) -> AuditRecord:
    """Write masked batches (in row order, each with its audit record) to ``out`` as
    :func:`mask_file` writes them, and return the merged record with its ``source`` and
    ``output``. ``empty`` gives the header and the record when there is no row; a batch of no
    rows is skipped (the first written batch fixes the file's column types). The output goes to
    ``<stem>.part<suffix>`` and is renamed when complete. Distributed runs use this with the
    partitions an engine hands over in order.
    """
    src, dst = Path(source), Path(out)
    tmp = dst.with_name(f"{dst.stem}.part{dst.suffix}")  # the same format, renamed when complete
    writer = _Writer(tmp, metadata)
    merged: AuditRecord | None = None
    last: pd.DataFrame | None = None
    # a batch is written on a helper thread while the next one is masked (Arrow's writers release
    # the GIL); one write at a time, so the file keeps the row order
    with helper("write") as stage:
        pending: Any = None
        try:
            for masked, record in batches:
                if merged is None:
                    merged = record
                else:
                    merged.merge(record)
                if len(masked) or last is None:
                    last = masked
                if pending is not None:
                    pending.result()
                    pending = None
                if len(masked):
                    pending = stage.submit(writer.write, masked)
                if progress is not None:
                    progress.update(len(masked))
            if pending is not None:
                pending.result()
                pending = None
            if merged is None:  # no rows: run the policy on the empty frame for the header and the record
                last, merged = empty()
            writer.close(last.iloc[:0] if last is not None else None)
            os.replace(tmp, dst)
        except BaseException:
            if pending is not None:
                pending.cancel() or pending.exception()  # never close the file under a running write
            writer.close()
            tmp.unlink(missing_ok=True)
            raise
    merged.source = {"file": src.name, "format": io.detect_format(src) if src.suffix else "parquet"}
    merged.output = {"file": dst.name, "format": io.detect_format(dst), "rows": writer.rows}
    return merged


def plan_metadata(policy: Policy) -> dict[str, str]:
    """The Parquet schema metadata of a masked file: the policy's name and digest (no counts)."""
    return {"zjgov.mask": json.dumps({"policy": policy.name, "sha256": policy.digest()}, ensure_ascii=False)}


def mask_file(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    policy: Policy,
    keys: Any = None,
    *,
    inventory: Any = None,
    encoding: str | None = None,
    batch_rows: int = 200_000,
    progress: Any = None,
    policy_text: str | None = None,
) -> AuditRecord:
    """Mask a CSV/TSV/JSONL/Parquet/Excel file into a CSV/TSV/JSONL/Parquet file, streamed in batches.

    Every row is written (the record's ``rows`` and ``output.rows`` agree); the output is
    written to ``<stem>.part<suffix>`` beside it and renamed when complete, so a failed run leaves no partial
    file. Parquet outputs carry the plan (operators and key ids, no counts) in their schema
    metadata under ``zjgov.mask``. ``progress`` is anything with ``update(rows)`` (and
    optionally ``set_total(rows)``), such as :class:`zjgov.cli.progress.Progress`.
    """
    ring = _keyring(keys)
    plan_meta = plan_metadata(policy)
    step = lambda b: apply(b, policy, ring, inventory=inventory)  # noqa: E731
    if policy.records is not None and policy.records.classes is not None:
        step = _by_class(source, policy, ring, inventory, encoding, batch_rows)
    record = _run_file(
        source,
        out,
        step,
        encoding=encoding,
        batch_rows=batch_rows,
        progress=progress,
        metadata=plan_meta,
    )
    if policy_text is not None:
        record.policy["sha256"] = hashlib.sha256(policy_text.encode()).hexdigest()
    return record


def _by_class(
    source: Any, policy: Policy, ring: Any, inventory: Any, encoding: str | None, batch_rows: int
) -> Callable[[pd.DataFrame], tuple[pd.DataFrame, AuditRecord]]:
    """Suppression by class over a whole file: a first pass masks every batch and keeps the
    quasi-identifier (and sensitive) columns, the failing records are found over all of them, and
    the step of the second pass suppresses each batch's share of them."""
    c = policy.records.classes  # type: ignore[union-attr]
    wanted = [*c.qis, *((c.sensitive,) if c.sensitive else ())]
    columns_only = policy.model_copy(update={"records": None})
    parts = []
    for batch in io.iter_batches(source, batch_rows=batch_rows, encoding=encoding):
        masked, _ = apply(batch, columns_only, ring, inventory=inventory)
        missing = [w for w in wanted if w not in masked.columns]
        if missing:
            raise ConfigError(
                *(i18n.text("security.policy.missing_column", lang, column=missing[0]) for lang in ("zh", "en")),
                field="records.classes",
            )
        parts.append(masked[wanted].reset_index(drop=True))
    whole = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=wanted)
    mask = _record_mask(policy, whole, whole)
    offset = [0]

    def step(batch: pd.DataFrame) -> tuple[pd.DataFrame, AuditRecord]:
        start = offset[0]
        offset[0] += len(batch)
        part = mask[start : start + len(batch)] if mask is not None and len(mask) >= start + len(batch) else None
        return apply(batch, policy, ring, inventory=inventory, suppress=part)

    return step


def unmask_file(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    policy: Policy,
    keys: Any = None,
    *,
    encoding: str | None = None,
    batch_rows: int = 200_000,
    progress: Any = None,
) -> AuditRecord:
    """Reverse the reversible operators of ``policy`` over a masked file, streamed."""
    ring = _keyring(keys)
    return _run_file(
        source,
        out,
        lambda b: unmask(b, policy, ring),
        encoding=encoding,
        batch_rows=batch_rows,
        progress=progress,
        metadata={},
    )
