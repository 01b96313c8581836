"""The result of a quality check: a versioned JSON document (format ``zjgov.quality.result``).

Every renderer (JSON, Markdown, HTML), the CLI exit status and comparisons between runs read
this one model. The document is described field by field in ``docs/quality.md``; ``version``
changes whenever a field changes meaning or disappears (new optional fields keep it).

Row numbers (``row`` in samples and duplicate groups, the failures file) are 1-based data
row numbers: the first record of the data is row 1, a CSV header line is not counted.
Values in samples are masked unless the check was run with ``mask=False``.

>>> r = QualityResult.model_validate_json(
...     '{"format": "zjgov.quality.result", "version": 1, "created": "2026-01-01T00:00:00Z",'
...     ' "zjgov_version": "0.1.0", "dataset": {"name": "d", "path": null, "rows": 0, "columns": []},'
...     ' "ruleset": {"name": "r", "source": null}, "passed": true,'
...     ' "score": {"overall": null, "weights": {}}, "dimensions": [], "rules": []}')
>>> r.passed, r.score.overall, r.comparison is None
(True, None, True)
>>> QualityResult.model_validate_json(r.to_json()) == r
True
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjgov.quality.dimensions import DIMENSIONS

FORMAT = "zjgov.quality.result"
VERSION = 1

Severity = Literal["error", "warning", "info"]
Change = Literal["better", "worse", "same", "new", "removed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class DatasetInfo(_Model):
    """What was checked."""

    name: str
    path: str | None = None
    rows: int
    columns: list[str]
    #: rows that fail at least one row-level or key rule (any severity); ``None`` in older results
    rows_failing: int | None = None


class RuleSetInfo(_Model):
    """Which rules were applied (``source`` is the rule file, if any)."""

    name: str
    source: str | None = None


class Score(_Model):
    """The overall score (0-100, ``None`` when no rule could be scored) and the dimension weights used."""

    overall: float | None
    weights: dict[str, float]


class DimensionScore(_Model):
    """One GB/T 36344 dimension: the weighted mean pass rate of its rules, as 0-100."""

    dimension: str
    name_zh: str
    name_en: str
    score: float | None
    rules: int
    rules_passed: int


class RuleError(_Model):
    """A rule that raised while running; the other rules are unaffected."""

    type: str
    message_zh: str
    message_en: str


class SampleRow(_Model):
    """One failing row: its 1-based number, the (masked) values of the rule's columns, the reason."""

    row: int
    values: dict[str, str | None]
    reason: str


class ValueCount(_Model):
    """A failing value of a column shown in clear, and how many failing rows hold it."""

    value: str
    count: int


class RuleResult(_Model):
    """The outcome of one rule. ``pass_rate`` is ``passed / checked`` (``None`` if nothing was checked)."""

    id: str
    kind: str
    #: ``row`` (judged row by row), ``key`` (uniqueness across rows) or ``dataset`` (the whole dataset)
    scope: Literal["row", "key", "dataset"] = "row"
    dimension: str
    indicator: str
    indicator_zh: str
    indicator_en: str
    columns: list[str]
    params: dict[str, Any] = Field(default_factory=dict)
    filter: str | None = None
    weight: float = 1.0
    severity: Severity = "error"
    threshold: float = 1.0
    checked: int = 0
    passed: int = 0
    failed: int = 0
    pass_rate: float | None = None
    threshold_met: bool = True
    lower_is_better: bool = False
    reasons: dict[str, int] = Field(default_factory=dict)
    sample: list[SampleRow] = Field(default_factory=list)
    #: the most frequent failing values (rules on one column that identifies nobody), most first
    top_values: list[ValueCount] = Field(default_factory=list)
    failures_file: str | None = None
    error: RuleError | None = None
    description_zh: str = ""
    description_en: str = ""


class DuplicateGroup(_Model):
    """Rows sharing one key under a ``unique``/``duplicates`` rule (``rows`` is capped, ``count`` is not)."""

    rule: str
    columns: list[str]
    key: dict[str, str | None]
    count: int
    rows: list[int]


class RuleChange(_Model):
    """How one rule's pass rate moved between two runs."""

    id: str
    before: float | None
    after: float | None
    delta: float | None
    change: Change


class DimensionChange(_Model):
    """How one dimension's score moved between two runs."""

    dimension: str
    before: float | None
    after: float | None
    delta: float | None
    change: Change


class Comparison(_Model):
    """The difference from a previous result (``previous_created`` identifies it)."""

    previous_created: _dt.datetime
    overall_before: float | None
    overall_after: float | None
    overall_delta: float | None
    overall_change: Change
    dimensions: list[DimensionChange]
    rules: list[RuleChange]


class QualityResult(_Model):
    """The whole result document."""

    format: Literal["zjgov.quality.result"] = FORMAT
    version: Literal[1] = VERSION
    created: _dt.datetime
    zjgov_version: str
    dataset: DatasetInfo
    ruleset: RuleSetInfo
    passed: bool
    score: Score
    dimensions: list[DimensionScore]
    rules: list[RuleResult]
    duplicates: list[DuplicateGroup] = Field(default_factory=list)
    comparison: Comparison | None = None

    def to_json(self, *, indent: int | None = 2) -> str:
        """The JSON document (UTF-8 text, Chinese kept readable)."""
        return self.model_dump_json(indent=indent)

    def write_json(self, path: str | os.PathLike[str]) -> Path:
        """Write the JSON document to ``path`` and return the path."""
        path = Path(path)
        path.write_text(self.to_json() + "\n", encoding="utf-8")
        return path

    @classmethod
    def read_json(cls, path: str | os.PathLike[str]) -> QualityResult:
        """Load a result written by :meth:`write_json` (checks ``format`` and ``version``)."""
        from zjgov.errors import ConfigError

        path = Path(path)
        try:
            return cls.model_validate_json(path.read_bytes())
        except OSError as exc:
            raise ConfigError(
                f"无法读取质量结果文件：{exc.strerror}", f"cannot read the result file: {exc.strerror}", file=str(path)
            ) from None
        except ValueError as exc:
            field = _first_loc(exc)
            raise ConfigError(
                "不是有效的 zjgov 质量结果文件（格式或版本不符）",
                "not a valid zjgov quality result (wrong format or version)",
                file=str(path),
                field=field,
            ) from None

    def rule(self, rule_id: str) -> RuleResult:
        """The result of the rule ``rule_id``."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def dimension(self, key: str) -> DimensionScore:
        """The score entry of dimension ``key``."""
        for d in self.dimensions:
            if d.dimension == key:
                return d
        raise KeyError(key)

    def compare(self, previous: QualityResult) -> Comparison:
        """What got better or worse since ``previous`` (by rule id and by dimension)."""
        before_rules = {r.id: r for r in previous.rules}
        after_rules = {r.id: r for r in self.rules}
        rules = [
            _change_rule(rid, before_rules.get(rid), after_rules.get(rid))
            for rid in [*after_rules, *(k for k in before_rules if k not in after_rules)]
        ]
        before_dims = {d.dimension: d.score for d in previous.dimensions}
        after_dims = {d.dimension: d.score for d in self.dimensions}
        dims = []
        for key in DIMENSIONS:
            b, a = before_dims.get(key), after_dims.get(key)
            if b is None and a is None:
                continue
            dims.append(DimensionChange(dimension=key, before=b, after=a, delta=_delta(b, a), change=_change(b, a)))
        b, a = previous.score.overall, self.score.overall
        return Comparison(
            previous_created=previous.created,
            overall_before=b,
            overall_after=a,
            overall_delta=_delta(b, a),
            overall_change=_change(b, a),
            dimensions=dims,
            rules=rules,
        )


def _delta(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


def _change(before: float | None, after: float | None, eps: float = 1e-9) -> Change:
    if before is None and after is None:
        return "same"
    if before is None:
        return "new"
    if after is None:
        return "removed"
    if after > before + eps:
        return "better"
    if after < before - eps:
        return "worse"
    return "same"


def _change_rule(rid: str, before: RuleResult | None, after: RuleResult | None) -> RuleChange:
    b = before.pass_rate if before is not None else None
    a = after.pass_rate if after is not None else None
    if before is None:
        change: Change = "new"
    elif after is None:
        change = "removed"
    else:
        change = _change(b, a)
    return RuleChange(id=rid, before=b, after=a, delta=_delta(b, a), change=change)


def _first_loc(exc: Exception) -> str | None:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            items = errors()
        except Exception:  # pragma: no cover - defensive: pydantic changed its API
            return None
        if items:
            return ".".join(str(p) for p in items[0].get("loc", ())) or None
    return None
