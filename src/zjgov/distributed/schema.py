"""Exchange schemas (``Schema.validate``) over a distributed frame, with the in-memory violations.

Every partition is validated by ``Schema.validate`` itself with the keys taken out (a
primary-key column stays required); foreign keys are checked in the partitions against the
distinct referenced keys, gathered once (from the given reference — a pandas, Dask or Spark
frame — or from the data itself for a self-reference). Primary and unique keys are settled
across partitions (:mod:`zjgov.distributed._keys`): a row whose key repeats an earlier row's,
among the rows whose key cells passed their own checks, is a ``duplicate_key`` wherever the
two rows are. The violations are then ordered as ``Schema.validate`` orders them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from zjgov import codes, i18n
from zjgov.core import text
from zjgov.distributed._engines import Engine, detect
from zjgov.distributed._keys import ROW, candidates, hash_keys
from zjgov.errors import ConfigError
from zjgov.exchange import Schema, SchemaValidationError, ValidationReport
from zjgov.exchange.domains import CodeDomain
from zjgov.exchange.schema_report import COLUMN_MISSING, DUPLICATE_KEY, FOREIGN_KEY, VIOLATION_COLUMNS, message

i18n.add(
    {
        "distributed.schema.rows_on_cluster": (
            "分布式校验的行仍在集群上：请按 violations 的 row 列在引擎的数据框中筛选合格或隔离的行",
            "the rows of a distributed validation stay on the cluster: filter the engine's frame by the violations' row column",
        )
    }
)


@dataclasses.dataclass
class DistributedValidationReport(ValidationReport):
    """A :class:`~zjgov.exchange.ValidationReport` whose rows stay on the cluster.

    ``violations``, ``counts``, ``summary()`` and ``to_dict()`` are those of the in-memory run;
    ``valid`` is empty (the per-row flags would be as long as the data) and ``invalid_rows``
    counts the rows with a violation.
    """

    invalid_rows: int = 0

    @property
    def n_valid(self) -> int:
        return self.n_rows - self.invalid_rows

    @property
    def n_invalid(self) -> int:
        return self.invalid_rows

    def valid_rows(self) -> pd.DataFrame:
        """The rows stay on the cluster: filter the engine's frame by ``violations.row`` instead.

        >>> DistributedValidationReport.valid_rows(None)
        Traceback (most recent call last):
        zjgov.errors.ConfigError: ...
        """
        raise ConfigError(*(i18n.text("distributed.schema.rows_on_cluster", lang) for lang in ("zh", "en")))

    quarantined_rows = valid_rows


def _without_keys(schema: Schema, keep_foreign: bool) -> Schema:
    """The schema with its primary and unique keys taken out (key columns stay required)."""
    pk = set(schema.primary_key)
    elements = [el.with_usage(required=el.required or el.column in pk, unique=False) for el in schema.elements]
    update: dict[str, Any] = {"elements": elements, "primary_key": []}
    if not keep_foreign:
        update["foreign_keys"] = []
    return schema.model_copy(update=update)


def _references(engine: Engine, data: Any, schema: Schema, references: Mapping[str, Any] | None) -> dict[str, Any]:
    """Each foreign key's reference as a small pandas frame of its distinct keys."""
    from zjgov.distributed import engine as engine_named

    wanted: dict[str, list[str]] = {}
    for fk in schema.foreign_keys:  # several keys may share a reference: gathered once
        cols = wanted.setdefault(fk.reference.resource, [])
        cols += [c for c in fk.reference.columns if c not in cols]
    out: dict[str, Any] = {}
    given = dict(references or {})
    for name, cols in wanted.items():
        ref = given.get(name, data if name == schema.name else None)
        if ref is None:
            continue
        if _distributed(ref):
            ref_engine = engine if ref is data else engine_named(detect(ref))
            ref = ref_engine.group_sizes(ref, cols)[cols]  # the distinct keys are all a lookup needs
        out[name] = ref
    return out


def _distributed(value: Any) -> bool:
    try:
        return detect(value) != "pandas"
    except TypeError:  # a Series, a set or a list of keys
        return False


def validate(
    engine: Engine,
    data: Any,
    schema: Schema,
    *,
    lazy: bool = True,
    references: Mapping[str, Any] | None = None,
) -> DistributedValidationReport:
    """See :func:`zjgov.distributed.validate`."""
    columns = engine.columns(data)
    refs = _references(engine, data, schema, references)
    base = _without_keys(schema, keep_foreign=True)

    def evaluate(part: pd.DataFrame, p: int) -> tuple[int, pd.DataFrame, list]:
        rep = base.validate(part, references=refs)
        return len(part), rep.violations, rep.unchecked

    def merge(a, b):
        v = b[1]
        shifted = v[v["row"].notna()].assign(row=v["row"][v["row"].notna()] + a[0])
        return a[0] + b[0], pd.concat([a[1], shifted], ignore_index=True), a[2]

    rows, violations, unchecked = engine.map_reduce(data, evaluate, merge)
    keys = [k for k in _key_sets(schema) if all(c in columns for c in k)]
    dup = _duplicates(engine, data, schema, keys) if keys else []
    report = _assemble(schema, rows, violations, dup, engine.labels)
    report.unchecked = unchecked
    if not lazy and not report.ok:
        raise SchemaValidationError(report)
    return report


def _key_sets(schema: Schema) -> list[list[str]]:
    keys = [list(schema.primary_key)] if schema.primary_key else []
    return keys + [[el.column] for el in schema.elements if el.unique and [el.column] != list(schema.primary_key)]


def _key_frame(schema: Schema, part: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """The key cells as ``Schema.validate`` compares them: the compact form where the element is
    bound to one code (``x``/``X``, full-width digits, separators: one key), as they are otherwise."""
    out = {}
    for c in key:
        dom = schema.element(c).domain
        names = list(dom.code) if isinstance(dom, CodeDomain) and dom.by == "code" else None
        if names is None:
            out[c] = part[c]
            continue
        arr = codes.compact_column(names[0], part[c]) if len(names) == 1 else text.compact_column(part[c])
        out[c] = pd.Series(arr.to_numpy(zero_copy_only=False), index=part.index, dtype=object)
    return pd.DataFrame(out, index=part.index)


def _duplicates(engine: Engine, data: Any, schema: Schema, keys: list[list[str]]) -> list[pd.DataFrame]:
    """The ``duplicate_key`` violations of each key set (row, index), over all partitions."""
    checks = _without_keys(schema, keep_foreign=False)
    key_columns = sorted({c for k in keys for c in k})
    only = checks.model_copy(update={"elements": [el for el in checks.elements if el.column in key_columns]})

    def hasher(key: list[str]):
        def fn(part: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
            sub = _key_frame(schema, part, key)
            present = sub.notna().all(axis=1).to_numpy().copy()
            v = only.validate(part[key_columns]).violations
            bad = v[v["column"].isin(key) & v["row"].notna()]
            present[bad["row"].to_numpy(dtype=np.int64) - 1] = False
            parts = [
                pa.array(sub[c].astype(object).where(sub[c].notna(), None).astype(str), pa.large_string()) for c in key
            ]
            return hash_keys(parts, np.flatnonzero(present))

        return fn

    found = candidates(engine, data, [hasher(k) for k in keys])
    out = []
    for g, key in enumerate(keys):
        if g not in found:
            out.append(pd.DataFrame({"row": [], "index": []}))
            continue
        table = found[g]
        later = _key_frame(schema, table, key).astype(object).duplicated(keep="first").to_numpy()
        rows, labels = table[ROW].to_numpy()[later] + 1, table.index.to_numpy(dtype=object)[later]
        out.append(pd.DataFrame({"row": rows, "index": labels}))
    return out


def _assemble(schema: Schema, rows: int, violations: pd.DataFrame, dup: list[pd.DataFrame], labels: bool):
    """All violations in ``Schema.validate``'s order: by row, then the schema's column order, a
    column's own problems before its primary key's, unique key's and foreign key's."""
    order_of = {c: i for i, c in enumerate(schema.columns)}
    keys = _key_sets(schema)
    v = violations.astype(
        {"column": object, "element": object, "reason": object, "message_zh": object, "message_en": object}
    )
    kind = np.where(v["reason"].to_numpy() == FOREIGN_KEY, 1000, 0)
    pieces, kinds = [v], [kind]
    for g, (key, found) in enumerate(zip(keys, dup)):
        if not len(found):
            continue
        el = schema.element(key[0])
        title_en = el.column if el.name_en in (None, el.column) else f"{el.column} ({el.name_en})"
        n = len(found)
        pieces.append(
            pd.DataFrame(
                {
                    "row": found["row"].to_numpy(dtype=np.int64),
                    "index": found["index"].to_numpy(dtype=object),
                    "column": [key[0]] * n,
                    "element": [el.identifier] * n,
                    "reason": [DUPLICATE_KEY] * n,
                    "message_zh": [message(DUPLICATE_KEY, el.column, "zh")] * n,
                    "message_en": [message(DUPLICATE_KEY, title_en, "en")] * n,
                }
            )
        )
        kinds.append(np.full(n, 1 + g))
    table = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else v.reset_index(drop=True)
    kind = np.concatenate(kinds)
    row = table["row"].to_numpy(dtype="float64", na_value=0.0).astype(np.int64)
    rank = np.array([order_of.get(c, len(order_of)) for c in table["column"]], dtype=np.int64)
    order = np.lexsort((kind, rank, row))
    table = table.iloc[order].reset_index(drop=True)
    framed = table["row"].notna().to_numpy()
    if not labels:  # Spark partitions have no labels: the single-machine frame's RangeIndex
        idx = table["index"].to_numpy(dtype=object).copy()
        idx[framed] = table["row"].to_numpy(dtype="float64", na_value=0.0)[framed].astype(np.int64) - 1
        table["index"] = idx
    out = pd.DataFrame(
        {
            "row": pd.array(table["row"].to_numpy(dtype="float64", na_value=np.nan), dtype="Int64"),
            "index": pd.Series(table["index"].to_numpy(dtype=object), dtype=object),
            "column": pd.array(table["column"].to_numpy(dtype=object), dtype="str"),
            "element": pd.Series(table["element"].to_numpy(dtype=object), dtype=object),
            "position": pd.array(pd.to_numeric(table["position"], errors="coerce"), dtype="Int64"),
        }
        | {c: pd.Categorical(table[c].to_numpy(dtype=object)) for c in VIOLATION_COLUMNS[5:]}
    )
    missing = (out["reason"].astype(object) == COLUMN_MISSING).any()  # a required column: every row fails
    invalid = rows if missing else out["row"].dropna().nunique()
    return DistributedValidationReport(
        schema_name=schema.name,
        n_rows=rows,
        violations=out,
        valid=pd.Series([], dtype=bool, name="valid"),
        unchecked=[],
        _frame=pd.DataFrame(),
        invalid_rows=int(invalid),
    )
