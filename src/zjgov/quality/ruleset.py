"""Rule sets: declarative YAML/JSON files validated with pydantic, or the same in Python.

A rule file names the set, optional dimension weights, an optional fixed reference time (so
timeliness results can be reproduced) and a list of rules. Each rule gives ``kind``, its
``column`` or ``columns``, the common fields (``id``, ``dimension``, ``indicator``,
``threshold``, ``severity``, ``weight``, ``filter``, ``description``) and the kind's own
parameters, flat beside them. An error names the file, the line and the field.

>>> rs = RuleSet.from_yaml_text('''
... name: 人口
... rules:
...   - kind: not_blank
...     columns: [姓名, 身份证号]
...   - kind: code
...     column: 身份证号
...     code: citizen_id
...     threshold: 0.99
... ''')
>>> [r.id for r in rs.rules]
['not_blank:姓名,身份证号', 'code:身份证号']
>>> RuleSet.from_yaml_text("rules:\\n  - kind: length\\n    column: x\\n    min: 9\\n    max: 2\\n", source="r.yaml")
Traceback (most recent call last):
zjgov.errors.ConfigError: r.yaml:3 ...
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic import ValidationError as PydanticValidationError

from zjgov import i18n
from zjgov._yaml import load_with_lines
from zjgov.errors import ConfigError
from zjgov.quality.dimensions import DIMENSIONS
from zjgov.quality.rules import DEFAULT_TIMEZONE, Rule, check_timezone, rule

i18n.add(
    {
        "quality.ruleset.read": ("无法读取规则文件：{detail}", "cannot read the rule file: {detail}"),
        "quality.ruleset.syntax": ("规则文件语法错误：{detail}", "syntax error in the rule file: {detail}"),
        "quality.ruleset.field": ("字段 {name} 无效：{detail}", "invalid field {name}: {detail}"),
        "quality.ruleset.duplicate_id": ("规则编号重复：{id}", "duplicate rule id: {id}"),
        "quality.ruleset.top": (
            "规则文件的顶层应为映射（name、rules …）",
            "the rule file must be a mapping (name, rules …)",
        ),
        "quality.ruleset.no_schema": (
            "需要 zjgov.exchange.schema.Schema 对象",
            "a zjgov.exchange.schema.Schema object is needed",
        ),
    }
)


class _RuleModel(BaseModel):
    """The common fields of one rule entry; everything else is a parameter of its kind."""

    model_config = ConfigDict(extra="allow")
    kind: str
    id: str | None = None
    column: str | None = None
    columns: list[str] | None = None
    dimension: str | None = None
    indicator: str | None = None
    threshold: float = Field(1.0, strict=True)  # a number: `true` or "0.5" is refused, not read as one
    severity: str = "error"
    weight: float = Field(1.0, strict=True)
    filter: str | None = None
    description: str | dict[str, str] | None = None


class _FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = "rules"
    description: str | dict[str, str] | None = None
    version: int | str | None = None
    reference_time: _dt.datetime | None = None
    weights: dict[str, Annotated[float, Field(strict=True)]] | None = None
    timezone: str = DEFAULT_TIMEZONE
    rules: list[dict[str, Any]]

    @field_validator("weights")
    @classmethod
    def _dims(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        if v is None:
            return v
        for key, w in v.items():
            if key not in DIMENSIONS:
                raise ValueError(f"unknown dimension {key!r} (use {', '.join(DIMENSIONS)})")
            if not math.isfinite(w) or w < 0:
                raise ValueError(f"weight of {key} must be a finite non-negative number")
        return v

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        return check_timezone(v)


@dataclasses.dataclass
class RuleSet:
    """A named list of rules with optional dimension weights and a fixed reference time."""

    name: str
    rules: list[Rule]
    weights: dict[str, float] | None = None
    reference_time: _dt.datetime | None = None
    source: str | None = None
    lines: dict[str, int] = dataclasses.field(default_factory=dict)
    #: the zone of naive timestamps (data, ``reference_time``, dates in rules); aware ones are converted
    timezone: str = DEFAULT_TIMEZONE

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for r in self.rules:
            if not isinstance(r, Rule):
                raise TypeError("RuleSet.rules must hold Rule objects (build them with zjgov.quality.rule)")
            if r.id in seen:
                raise _error("quality.ruleset.duplicate_id", self.source, self.lines.get(r.id), "id", id=r.id)
            seen.add(r.id)

    def where(self, rule_id: str) -> tuple[str | None, int | None]:
        """The file and line that declared ``rule_id`` (``None`` for rules built in Python)."""
        return self.source, self.lines.get(rule_id)

    # -- loading ------------------------------------------------------------------------------
    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> RuleSet:
        """Load a ``.yaml``/``.yml`` or ``.json`` rule file."""
        p = Path(path)
        try:
            raw = p.read_bytes()
        except OSError as exc:
            raise _error(
                "quality.ruleset.read", str(p), None, None, detail=exc.strerror or type(exc).__name__
            ) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _error("quality.ruleset.read", str(p), None, None, detail=f"not UTF-8 (byte {exc.start})") from None
        if p.suffix.lower() == ".json":
            try:
                json.loads(text)
            except json.JSONDecodeError as exc:
                raise _error("quality.ruleset.syntax", str(p), exc.lineno, None, detail=exc.msg) from None
        return cls.from_yaml_text(text, source=str(p))

    from_yaml = from_file

    @classmethod
    def from_yaml_text(cls, text: str, *, source: str | None = None) -> RuleSet:
        """Parse rule-set text (YAML, or JSON which YAML reads too), keeping line numbers."""
        try:
            data, lines = load_with_lines(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            detail = getattr(exc, "problem", None) or str(exc)
            raise _error("quality.ruleset.syntax", source, line, None, detail=detail) from None
        return cls.from_dict(data, source=source, lines=lines)

    @classmethod
    def from_dict(cls, data: Any, *, source: str | None = None, lines: Mapping[tuple, int] | None = None) -> RuleSet:
        """Build from already-parsed data (``lines`` maps a key path to its line)."""
        lines = lines or {}
        if not isinstance(data, Mapping):
            raise _error("quality.ruleset.top", source, lines.get(()), None)
        try:
            top = _FileModel.model_validate(data)
        except PydanticValidationError as exc:
            loc = tuple(exc.errors()[0].get("loc", ()))
            field = ".".join(map(str, loc)) or None
            raise _error(
                "quality.ruleset.field", source, _line(lines, loc), field, name=field, detail=exc.errors()[0]["msg"]
            ) from None
        rules, rule_lines = [], {}
        for i, entry in enumerate(top.rules):
            r = _build_rule(entry, i, source, lines)
            rules.append(r)
            rule_lines[r.id] = lines.get(("rules", i), 0)
        seen: dict[str, int] = {}
        for i, r in enumerate(rules):
            if r.id in seen:
                raise _error(
                    "quality.ruleset.duplicate_id",
                    source,
                    lines.get(("rules", i, "id"), lines.get(("rules", i))),
                    f"rules[{i}].id",
                    id=r.id,
                )
            seen[r.id] = i
        return cls(top.name, rules, top.weights, top.reference_time, source, rule_lines, top.timezone)

    @classmethod
    def from_rules(cls, name: str, rules: Iterable[Rule], **kwargs: Any) -> RuleSet:
        """The same in Python: ``RuleSet.from_rules("人口", [rule("not_null", "姓名"), ...])``."""
        return cls(name, list(rules), **kwargs)

    @classmethod
    def from_schema(cls, schema: Any, *, name: str | None = None) -> RuleSet:
        """Every check implied by a ``zjgov.exchange.schema.Schema``.

        Each element gives ``not_blank`` when required, ``unique`` when unique, ``code`` for a
        single standard-code domain, ``in_set`` for a code table or enumeration, ``range`` or
        ``date_range`` for a range, ``pattern`` for a regex domain, ``length`` from its text
        format and ``date_format`` from its date format; the primary key gives ``unique``.
        Mappings with the same keys work too.
        """
        elements = getattr(schema, "elements", None)
        if elements is None:
            raise ConfigError(
                i18n.text("quality.ruleset.no_schema", "zh"), i18n.text("quality.ruleset.no_schema", "en")
            )
        rules: list[Rule] = []
        for el in elements:
            rules.extend(_rules_of_element(el))
        key = list(getattr(schema, "primary_key", None) or [])
        if key and not (len(key) == 1 and any(r.kind == "unique" and r.columns == (key[0],) for r in rules)):
            rules.append(rule("unique", key, id="primary_key"))
        return cls(name or str(getattr(schema, "name", None) or "schema"), rules)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly summary (what the result's ``ruleset`` and ``rules`` entries describe)."""
        return {
            "name": self.name,
            "source": self.source,
            "weights": self.weights,
            "reference_time": self.reference_time.isoformat() if self.reference_time else None,
            "rules": [{"id": r.id, "kind": r.kind, "columns": list(r.columns), **r.params_dict()} for r in self.rules],
        }


def _element_value(el: Any, *names: str) -> Any:
    for n in names:
        v = el.get(n) if isinstance(el, Mapping) else getattr(el, n, None)
        if v not in (None, "", [], ()):
            return v
    return None


def _rules_of_element(el: Any) -> list[Rule]:
    """The rules implied by one data element (a ``zjgov.exchange`` ``DataElement`` or a mapping)."""
    col = _element_value(el, "column", "name", "identifier")
    if not col:
        return []
    col = str(col)
    out: list[Rule] = []
    if _element_value(el, "required"):
        out.append(rule("not_blank", col))
    if _element_value(el, "unique"):
        out.append(rule("unique", col))
    domain = _element_value(el, "domain")
    if domain is not None:
        out.extend(_rules_of_domain(col, domain))
    code = _element_value(el, "code")
    if code:
        out.append(rule("code", col, code=str(code), options=dict(_element_value(el, "code_options") or {})))
    table = _element_value(el, "code_table", "table")
    if table:
        out.append(rule("in_table", col, table=str(table)))
    values = _element_value(el, "enum", "values", "allowed")
    if values:
        vals = list(values.keys()) if isinstance(values, Mapping) else list(values)
        out.append(rule("in_set", col, values=[str(v) for v in vals]))
    lo, hi = _element_value(el, "minimum", "min"), _element_value(el, "maximum", "max")
    if lo is not None or hi is not None:
        out.append(rule("range", col, min=lo, max=hi))
    pattern = _element_value(el, "pattern", "regex")
    if pattern:
        out.append(rule("pattern", col, regex=str(pattern)))
    fmt = getattr(el, "parsed_format", None)
    min_len, max_len = _element_value(el, "min_length"), _element_value(el, "max_length", "length")
    if fmt is not None and not fmt.is_temporal and fmt.kind == "text":
        min_len, max_len = min_len or fmt.min_length, max_len or fmt.max_length
    if min_len is not None or max_len is not None:
        out.append(rule("length", col, min=min_len, max=max_len))
    if fmt is not None and fmt.is_temporal and fmt.pattern:
        strf = _strftime(fmt.pattern)
        if strf:
            out.append(rule("date_format", col, format=strf))
    return out


def _rules_of_domain(col: str, domain: Any) -> list[Rule]:
    kind = getattr(domain, "kind", None)
    if kind == "code":
        names = list(domain.code)
        if len(names) == 1:  # several codes mean "any of them": left to the schema's own validator
            return [rule("code", col, code=names[0], options=dict(domain.options))]
        return []
    if kind == "table":
        by = getattr(domain, "by", "code")
        vals = list(domain.values) if by == "code" else list(domain.values.values())
        if by == "either":
            vals = [*domain.values, *domain.values.values()]
        return [rule("in_set", col, values=[str(v) for v in vals], dimension="conformity", indicator="reference_data")]
    if kind == "enum":
        return [rule("in_set", col, values=[str(v) for v in domain.values])]
    if kind == "range":
        lo, hi = domain.min, domain.max
        if all(v is None or isinstance(v, (int, float)) for v in (lo, hi)):
            return [rule("range", col, min=lo, max=hi)]
        return [rule("date_range", col, min=lo, max=hi)]
    if kind == "regex":
        return [rule("pattern", col, regex=domain.pattern.removeprefix("^").removesuffix("$"))]
    return []


_STRFTIME = (("YYYY", "%Y"), ("MM", "%m"), ("DD", "%d"), ("hh", "%H"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S"))


def _strftime(pattern: str) -> str | None:
    """``YYYY-MM-DD`` → ``%Y-%m-%d`` (``None`` when the pattern has other letters)."""
    out = pattern
    for token, directive in _STRFTIME:
        out = out.replace(token, directive)
    return (
        out
        if "%" in out
        and not any(
            c.isalpha()
            for c in out.replace("%Y", "")
            .replace("%m", "")
            .replace("%d", "")
            .replace("%H", "")
            .replace("%M", "")
            .replace("%S", "")
        )
        else None
    )


def _build_rule(entry: Any, i: int, source: str | None, lines: Mapping[tuple, int]) -> Rule:
    base = ("rules", i)
    if not isinstance(entry, Mapping):
        raise _error(
            "quality.ruleset.field", source, lines.get(base), f"rules[{i}]", name=f"rules[{i}]", detail="not a mapping"
        )
    try:
        m = _RuleModel.model_validate(entry)
    except PydanticValidationError as exc:
        loc = tuple(exc.errors()[0].get("loc", ()))
        field = ".".join(map(str, loc)) or "kind"
        line = lines.get((*base, *loc[:1]), lines.get(base))
        raise _error(
            "quality.ruleset.field", source, line, f"rules[{i}].{field}", name=field, detail=exc.errors()[0]["msg"]
        ) from None
    columns: Sequence[str] | None
    if m.column is not None and m.columns is not None:
        raise _error(
            "quality.ruleset.field",
            source,
            lines.get((*base, "columns")),
            f"rules[{i}].columns",
            name="column/columns",
            detail="give column or columns, not both",
        )
    columns = [m.column] if m.column is not None else m.columns
    params = dict(m.model_extra or {})
    try:
        return rule(
            m.kind,
            columns,
            id=m.id,
            dimension=m.dimension,
            indicator=m.indicator,
            threshold=m.threshold,
            severity=m.severity,
            weight=m.weight,
            filter=m.filter,
            description=m.description,
            **params,
        )
    except ConfigError as exc:
        field = exc.field or "kind"
        head = field.split(".", 1)[0]
        line = lines.get((*base, head), lines.get((*base, "column" if head == "columns" else head), lines.get(base)))
        raise ConfigError(exc.message_zh, exc.message_en, file=source, line=line, field=f"rules[{i}].{field}") from None


def _error(key: str, file: str | None, line: int | None, field: str | None, **fields: object) -> ConfigError:
    return ConfigError(
        i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields), file=file, line=line, field=field
    )


def _line(lines: Mapping[tuple, int], loc: tuple) -> int | None:
    for k in range(len(loc), -1, -1):
        if tuple(loc[:k]) in lines:
            return lines[tuple(loc[:k])]
    return None
