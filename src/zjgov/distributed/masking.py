"""Masking policies over a distributed frame: every partition through ``zjgov.security.apply``.

Each operator is a function of one row's values and the key (masks, pseudonyms, tokens,
surrogates, generalisation with fixed parameters, record suppression by a column's value), so
a partition's output does not depend on which other rows share it: the masked frame equals
the in-memory run on the same rows, whatever the partitioning. An operator that needs the
whole column (a permutation within a column, thresholds taken from the data) cannot be
partition-local; ``zjgov.security`` has none today, and :data:`WHOLE_COLUMN` names the ones
a distributed run refuses.

Keys never travel: a :class:`~zjgov.security.KeyRing` refuses to be pickled. Pass ``keys`` as
a picklable zero-argument callable that builds the key ring *on the worker* — e.g.
``functools.partial(KeyRing, EnvKeys())`` with ``ZJGOV_KEY_<ID>`` set in the executors'
environment, or a ``FileKeys`` path readable by every worker.

>>> import pandas as pd
>>> from zjgov.distributed._engines import LocalEngine
>>> from zjgov.security import load_policy_text
>>> frame = pd.DataFrame({"手机": ["13800138000", "13912345678", None]})
>>> masked, record = mask(LocalEngine(2), frame, load_policy_text("columns: {手机: mask:mobile}"))
>>> masked["手机"].tolist(), record.column("手机").changed, record.rows
(['138****8000', '139****5678', nan], 2, 3)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from zjgov import i18n
from zjgov.distributed._engines import Engine
from zjgov.errors import ConfigError
from zjgov.security import AuditRecord, EnvKeys, FileKeys, KeyRing, Policy, apply
from zjgov.security.operators import OperatorError

#: Operators whose output depends on other rows of the column: refused on a distributed frame.
WHOLE_COLUMN = frozenset({"permute", "permutation", "shuffle", "swap"})

i18n.add(
    {
        "distributed.keys_travel": (
            "分布式脱敏不传送密钥：请把 keys 写成在执行器上创建密钥环的无参函数，例如 functools.partial(KeyRing, EnvKeys())",
            "distributed masking does not send keys to workers: pass keys as a zero-argument callable that builds the key ring on the worker, e.g. functools.partial(KeyRing, EnvKeys())",
        ),
        "distributed.whole_column": (
            "算子 {operator}（列 {column}）依赖整列数据，不能逐分区执行",
            "operator {operator} (column {column}) depends on the whole column and cannot run partition by partition",
        ),
    }
)

KeyFactory = Callable[[], Any]


def _refuse_whole_column(policy: Policy, columns: list[str], inventory: Any) -> None:
    for column, op, _ in policy.plan(columns, inventory):
        if op.name.split(":")[0] in WHOLE_COLUMN:
            raise ConfigError(
                i18n.text("distributed.whole_column", "zh", operator=op.name, column=column),
                i18n.text("distributed.whole_column", "en", operator=op.name, column=column),
                field=f"columns.{column}",
            )


def _factory(keys: KeyFactory | None) -> KeyFactory | None:
    if keys is None or (callable(keys) and not isinstance(keys, KeyRing)):
        return keys
    raise ConfigError(
        i18n.text("distributed.keys_travel", "zh"), i18n.text("distributed.keys_travel", "en"), field="keys"
    )


def mask(
    engine: Engine,
    data: Any,
    policy: Policy,
    keys: KeyFactory | None = None,
    *,
    inventory: Any = None,
    audit: bool = True,
) -> tuple[Any, AuditRecord | None]:
    """The masked frame (of the same engine, lazy) and the audit record merged over partitions.

    The audit is counted by a pass of its own over the data (``audit=False`` skips it).
    """
    factory = _factory(keys)
    head = engine.head(data)
    _refuse_whole_column(policy, [str(c) for c in head.columns], inventory)
    like, _ = apply(head, policy, factory() if factory else None, inventory=inventory)

    def masked(part: pd.DataFrame, p: int) -> pd.DataFrame:
        return apply(part, policy, factory() if factory else None, inventory=inventory)[0]

    def record(part: pd.DataFrame, p: int) -> AuditRecord:
        return apply(part, policy, factory() if factory else None, inventory=inventory)[1]

    def merge(a: AuditRecord, b: AuditRecord) -> AuditRecord:
        a.merge(b)
        return a

    out = engine.map_frame(data, masked, like)
    return out, engine.map_reduce(data, record, merge) if audit else None


def worker_keys(path: str | None = None) -> KeyRing:
    """The key ring a worker builds: the key file at ``path`` (readable on every worker), then
    ``ZJGOV_KEY_<ID>`` from the worker's environment. Pass ``functools.partial(worker_keys, path)``
    as ``keys``: what travels is the path, never a key.

    >>> import functools, pickle
    >>> len(pickle.dumps(functools.partial(worker_keys, "/etc/zjgov/keys.yaml"))) < 200
    True
    """
    return KeyRing(FileKeys(path), EnvKeys()) if path else KeyRing(EnvKeys())


def key_file(path: str | os.PathLike[str] | None) -> KeyFactory:
    """``functools.partial(worker_keys, path)`` with ``path`` made absolute (checked here first, so a
    missing or malformed key file fails on the driver with its own error, before any job)."""
    import functools

    if path is None:
        return functools.partial(worker_keys, None)
    full = os.path.abspath(os.fspath(path))
    FileKeys(full)  # the file's own errors, on the driver
    return functools.partial(worker_keys, full)


def mask_partitions(
    engine: Engine, data: Any, policy: Policy, keys: KeyFactory | None = None, *, inventory: Any = None
) -> Iterator[tuple[pd.DataFrame, AuditRecord]]:
    """Every partition masked on its worker, handed over in row order with its audit record —
    one pass over the data, for writing one output file (the ``zjgov mask --engine`` path).
    Concatenated, the frames are the in-memory ``apply``'s output; merged, the records its record.
    Data an operator cannot treat fails as in memory: the error names the column, the count (in
    that partition) and the first such row, numbered over the whole data."""
    factory = _factory(keys)
    head = engine.head(data)
    _refuse_whole_column(policy, [str(c) for c in head.columns], inventory)

    def masked(part: pd.DataFrame, p: int) -> tuple[pd.DataFrame, AuditRecord] | OperatorError:
        local = part.reset_index(drop=True)  # rows numbered in the partition, shifted on the driver
        try:
            out, record = apply(local, policy, factory() if factory else None, inventory=inventory)
        except OperatorError as exc:
            return exc
        out.index = part.index
        return out, record

    def ordered() -> Iterator[tuple[pd.DataFrame, AuditRecord]]:
        before = 0
        for item in engine.iter_map(data, masked):
            if isinstance(item, OperatorError):
                row = item.fields.get("row")
                fields = dict(item.fields, row=row + before) if isinstance(row, (int, np.integer)) else item.fields
                raise OperatorError(item.key, **fields)
            before += len(item[0])
            yield item

    return ordered()
