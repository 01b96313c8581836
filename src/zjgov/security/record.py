"""The masking audit record: what a masking run did, never a data value or a key.

Format ``zjgov.mask-audit/1`` (JSON), documented in ``docs/security_masking.md``::

    {
      "format": "zjgov.mask-audit/1",
      "created": "2026-12-02T16:00:00",
      "zjgov": "0.1.0",
      "policy": {"name": "…", "sha256": "<digest of the policy file text>", "file": "policy.yaml"},
      "source": {"file": "population.csv", "format": "csv"},
      "output": {"file": "masked.parquet", "format": "parquet"},
      "rows": 60,
      "columns": [
        {"column": "公民身份号码", "operator": "mask:citizen_id", "family": "suppression",
         "reversible": false, "params": {"profile": "standard", …}, "key_id": null,
         "category": "person.citizen_id", "level": "L4",
         "rows": 60, "nulls": 0, "changed": 60, "optional": false, "present": true}
      ],
      "records": {"suppressed": 0, "marker_column": null, "rule": null},
      "untreated": [{"column": "…", "category": "…", "level": "…", "treatment": "…"}],
      "kept": ["性别", …],
      "warnings": [{"code": "untreated_personal", "column": "…", "zh": "…", "en": "…"}]
    }

``rows`` counts every row read and written; ``changed`` the non-null values whose output
differs from their input; ``nulls`` the null inputs (they stay null). ``params`` never hold
key material — keyed operators name their key by ``key_id`` only.

>>> r = AuditRecord(rows=2, columns=[ColumnAudit("姓名", "mask:name", "suppression", False, {}, None, rows=2, nulls=0, changed=2)])
>>> AuditRecord.from_dict(r.to_dict()).columns[0].changed
2
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
from pathlib import Path
from typing import Any

from zjgov import __version__

__all__ = ["FORMAT", "AuditRecord", "ColumnAudit", "read_record"]

FORMAT = "zjgov.mask-audit/1"


@dataclasses.dataclass
class ColumnAudit:
    """One treated column."""

    column: str
    operator: str
    family: str
    reversible: bool
    params: dict[str, Any]
    key_id: str | None
    category: str | None = None
    level: str | None = None
    rows: int = 0
    nulls: int = 0
    changed: int = 0
    optional: bool = False
    present: bool = True

    def merge(self, other: ColumnAudit) -> None:
        self.rows += other.rows
        self.nulls += other.nulls
        self.changed += other.changed


@dataclasses.dataclass
class AuditRecord:
    """What a masking run did (merged over every batch of a streamed file)."""

    rows: int = 0
    columns: list[ColumnAudit] = dataclasses.field(default_factory=list)
    kept: list[str] = dataclasses.field(default_factory=list)
    untreated: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    records: dict[str, Any] = dataclasses.field(
        default_factory=lambda: {"suppressed": 0, "marker_column": None, "rule": None}
    )
    warnings: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    policy: dict[str, Any] = dataclasses.field(default_factory=dict)
    source: dict[str, Any] = dataclasses.field(default_factory=dict)
    output: dict[str, Any] = dataclasses.field(default_factory=dict)
    created: str = dataclasses.field(default_factory=lambda: _dt.datetime.now().isoformat(timespec="seconds"))
    zjgov: str = __version__
    format: str = FORMAT

    def column(self, name: str) -> ColumnAudit:
        for c in self.columns:
            if c.column == name:
                return c
        raise KeyError(name)

    def merge(self, other: AuditRecord) -> None:
        """Add a later batch's counts to this record."""
        self.rows += other.rows
        by_name = {c.column: c for c in self.columns}
        for c in other.columns:
            if c.column in by_name:
                by_name[c.column].merge(c)
            else:
                self.columns.append(c)
        self.records["suppressed"] += other.records.get("suppressed", 0)

    @property
    def key_ids(self) -> dict[str, str]:
        """Column -> key id of every keyed column (what rotation and ``zjgov unmask`` need)."""
        return {c.column: c.key_id for c in self.columns if c.key_id}

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        order = [
            "format",
            "created",
            "zjgov",
            "policy",
            "source",
            "output",
            "rows",
            "columns",
            "records",
            "untreated",
            "kept",
            "warnings",
        ]
        return {k: d[k] for k in order}

    def to_json(self, path: str | os.PathLike[str] | None = None) -> str:
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuditRecord:
        fields = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in fields}
        kwargs["columns"] = [ColumnAudit(**c) for c in data.get("columns", [])]
        return cls(**kwargs)


def read_record(path: str | os.PathLike[str]) -> AuditRecord:
    """Read an audit record written by ``zjgov mask`` (``<OUT>.audit.json``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} record")
    return AuditRecord.from_dict(data)
