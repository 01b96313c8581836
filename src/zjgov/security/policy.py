"""Masking policies: which operator treats which column, as YAML or JSON validated with pydantic.

A policy maps **columns** — or **categories** and **levels** of a classification inventory —
to treatments (an operator name with its parameters)::

    name: 人口信息开放前脱敏
    profile: standard            # the mask profile of every mask:* preset (standard | hutool | strict)
    key: pseudonym-2026          # the default key id of keyed operators (there is no default key)
    columns:
      公民身份号码: mask:citizen_id              # short form: a treatment string
      姓名: {operator: "pseudonym:hmac-sm3", length: 16}
      联系电话: {operator: surrogate:mobile, optional: true}
    categories:                  # used with an inventory, for columns not named above
      person.address: mask:address
    levels:                      # used with an inventory, after the categories
      L4: suppress
    records:                     # whole-record suppression (记录抑制)
      where: {column: 风险标记, in: ["1"]}
      # or, by equivalence class (after the column treatments): the records of classes below k
      # classes: {qis: [出生日期, 性别, 户籍地], k: 5}   # optional l, t, sensitive, hierarchy (of the sensitive, for t)
    unlisted: keep               # what happens to the other columns: keep | error

Every error of a file is reported at once, each with the file, the line and the field
(:class:`PolicyError`). A column the policy names but the data lacks is an error unless the
rule says ``optional: true``; a column the inventory grades as personal that the policy
leaves untreated is a warning in the audit record.

>>> p = load_policy_text("columns:\\n  姓名: mask:name\\n  GMSFHM: {operator: mask:citizen_id, profile: strict}\\n")
>>> [(c, op.name) for c, op, _ in p.plan(["姓名", "GMSFHM", "性别"])]
[('姓名', 'mask:name'), ('GMSFHM', 'mask:citizen_id')]
>>> load_policy_text("columns:\\n  姓名: {operator: mask:name, keep_frist: 1}\\n")
Traceback (most recent call last):
...
zjgov.security.policy.PolicyError: <text>:2 [columns.姓名.keep_frist]: ...
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from zjgov import i18n
from zjgov.core import config
from zjgov.errors import ConfigError
from zjgov.security import operators as _ops

__all__ = ["Policy", "PolicyError", "RecordRule", "Rule", "load_policy", "load_policy_text"]

i18n.add(
    {
        "security.policy.problems": ("脱敏策略有 {n} 处错误：", "the masking policy has {n} errors:"),
        "security.policy.top": ("策略文件的顶层应为映射", "the top level of a policy must be a mapping"),
        "security.policy.field": ("{detail}", "{detail}"),
        "security.policy.missing_column": (
            "策略指定的列“{column}”在数据中不存在（若允许缺失，请写 optional: true）",
            "column '{column}' named by the policy is not in the data (mark it optional: true if it may be absent)",
        ),
        "security.policy.unlisted": (
            "策略未指定列“{column}”的处理方式，而 unlisted 为 error",
            "the policy does not treat column '{column}' and unlisted is error",
        ),
        "security.policy.needs_inventory": (
            "策略按类别或级别指定处理方式，需要分类分级清单（--inventory）",
            "the policy treats categories or levels: give a classification inventory (--inventory)",
        ),
    }
)


class PolicyError(ConfigError):
    """Every problem of a policy file, each with its line and field."""

    def __init__(self, problems: Sequence[tuple[int | None, str, str, str]], file: str | None = None) -> None:
        self.problems = list(problems)
        first_line, first_field = self.problems[0][0], self.problems[0][1]
        lines_zh = [i18n.text("security.policy.problems", "zh", n=len(self.problems))]
        lines_en = [i18n.text("security.policy.problems", "en", n=len(self.problems))]
        for line, field, zh, en in self.problems:
            where = ":".join(str(x) for x in (file or "<text>", line) if x is not None) + (
                f" [{field}]" if field else ""
            )
            lines_zh.append(f"  {where}: {zh}")
            lines_en.append(f"  {where}: {en}")
        if len(self.problems) == 1:
            super().__init__(
                self.problems[0][2], self.problems[0][3], file=file or "<text>", line=first_line, field=first_field
            )
        else:
            super().__init__(
                "\n".join(lines_zh), "\n".join(lines_en), file=file or "<text>", line=first_line, field=first_field
            )


class Rule(BaseModel):
    """The treatment of one column (or category, or level). Unknown fields are the operator's parameters."""

    model_config = ConfigDict(extra="allow", frozen=True)

    operator: str = Field(..., min_length=1)
    params: dict[str, Any] = Field(default_factory=dict)
    key: str | None = None
    optional: bool = False
    category: str | None = None
    level: str | None = None
    note: str | None = None

    def parameters(self) -> dict[str, Any]:
        out = dict(self.params)
        out.update(self.model_extra or {})
        return out


class Where(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    column: str
    in_: tuple[str, ...] = Field(..., alias="in", min_length=1)


class Classes(BaseModel):
    """Suppression by equivalence class (局部抑制): after the column treatments, the records of every
    class of ``qis`` smaller than ``k`` — or, with ``sensitive``, with fewer than ``l`` distinct
    values of it, or farther than ``t`` from the table's distribution — the rule
    :func:`zjgov.security.anonymise.search` uses to plan its suppression."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    qis: tuple[str, ...] = Field(..., min_length=1)
    k: int = Field(..., ge=1)
    l: int | None = Field(None, ge=1)  # noqa: E741
    t: float | None = Field(None, ge=0.0, le=1.0)
    sensitive: str | None = None
    #: the sensitive attribute's hierarchy (value -> [level 1, …]): ``t`` then takes the
    #: hierarchical distance, as the search did when it was given the same hierarchy
    hierarchy: dict[str, tuple[str, ...]] | None = None

    @model_validator(mode="after")
    def _sensitive_given(self) -> Classes:
        if (self.l is not None or self.t is not None) and not self.sensitive:
            raise ValueError("l or t needs sensitive / 给出 l 或 t 时需要 sensitive")
        if self.hierarchy is not None and self.t is None:
            raise ValueError("hierarchy is the distance of t, so it needs t / hierarchy 是 t 的距离，需要同时给出 t")
        return self


class RecordRule(BaseModel):
    """Whole-record suppression: the rows where ``where.column`` holds one of ``where.in``, or the
    records of the equivalence classes that fail ``classes`` (see :class:`Classes`).

    A suppressed record is **kept** (a transform returns every row) with every field null and
    ``marker_column`` (default ``_suppressed``) set to true; the audit counts them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    where: Where | None = None
    classes: Classes | None = None
    marker_column: str = "_suppressed"

    @model_validator(mode="after")
    def _one_criterion(self) -> RecordRule:
        if (self.where is None) == (self.classes is None):
            raise ValueError("records needs exactly one of where, classes / records 应恰好给出 where 或 classes 之一")
        return self


class Policy(BaseModel):
    """A masking policy (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = 1
    name: str = ""
    description: str = ""
    profile: Literal["standard", "hutool", "strict"] | None = None
    key: str | None = None
    columns: dict[str, Rule] = Field(default_factory=dict)
    categories: dict[str, Rule] = Field(default_factory=dict)
    levels: dict[str, Rule] = Field(default_factory=dict)
    records: RecordRule | None = None
    unlisted: Literal["keep", "error"] = "keep"
    source: str | None = Field(None, description="the inventory or file the policy was generated from")

    @field_validator("columns", "categories", "levels", mode="before")
    @classmethod
    def _short_form(cls, v: Any) -> Any:
        if isinstance(v, Mapping):
            return {str(k): ({"operator": r} if isinstance(r, str) else r) for k, r in v.items()}
        return v

    # -- building operators ----------------------------------------------------------------
    def operator(self, rule: Rule) -> _ops.Operator:
        """The operator of a rule, with the policy's profile and default key filled in."""
        cls, _ = _ops.split_treatment(rule.operator)
        params = rule.parameters()
        fields = cls.Params.model_fields
        if self.profile and "profile" in fields and "profile" not in params:
            params["profile"] = self.profile
        key = rule.key or params.pop("key", None) or self.key
        if cls.keyed and key:
            params["key"] = key
        return _ops.resolve(rule.operator, params)

    def _check_operators(self, lines: Mapping[tuple, int]) -> list[tuple[int | None, str, str, str]]:
        problems = []
        for section in ("columns", "categories", "levels"):
            for name, rule in getattr(self, section).items():
                try:
                    self.operator(rule)
                except ConfigError as exc:
                    base = (section, name)
                    field = ".".join([section, name] + ([exc.field] if exc.field else []))
                    line = lines.get((*base, exc.field)) if exc.field else None
                    line = line or lines.get((*base, "operator")) or lines.get(base)
                    problems.append((line, field, exc.message_zh, exc.message_en))
        return problems

    def needs_inventory(self) -> bool:
        return bool(self.categories or self.levels)

    def rule_for(self, column: str, entry: Any = None) -> Rule | None:
        """The rule of ``column``: by name, then by its inventory category, then by its level."""
        if column in self.columns:
            return self.columns[column]
        if entry is not None:
            if entry.category in self.categories:
                return self.categories[entry.category]
            if entry.level in self.levels:
                return self.levels[entry.level]
        return None

    def plan(self, columns: Iterable[str], inventory: Any = None) -> list[tuple[str, _ops.Operator, Rule]]:
        """``(column, operator, rule)`` for every column of the data the policy treats, in data order.

        Raises :class:`ConfigError` for a named column the data lacks (unless optional) and,
        with ``unlisted: error``, for a column the policy does not treat.
        """
        columns = list(columns)
        if self.needs_inventory() and inventory is None:
            raise ConfigError(*_pair("security.policy.needs_inventory"))
        entries = {e.column: e for e in inventory.entries} if inventory is not None else {}
        missing = [c for c, r in self.columns.items() if c not in columns and not r.optional]
        if missing:
            raise ConfigError(*_pair("security.policy.missing_column", column=missing[0]), field=missing[0])
        out = []
        for c in columns:
            rule = self.rule_for(c, entries.get(c))
            if rule is None:
                if self.unlisted == "error":
                    raise ConfigError(*_pair("security.policy.unlisted", column=c), field=c)
                continue
            out.append((c, self.operator(rule), rule))
        return out

    def to_yaml(self) -> str:
        """The policy as YAML (short forms where a rule is a bare treatment)."""
        data = self.model_dump(mode="json", exclude_defaults=True, by_alias=True)
        for section in ("columns", "categories", "levels"):
            for k, r in list(data.get(section, {}).items()):
                data[section][k] = _compact_rule(r)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)

    def digest(self) -> str:
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


def _compact_rule(r: dict[str, Any]) -> Any:
    extra = {k: v for k, v in r.items() if k not in ("operator",)}
    return r["operator"] if not extra else r


def _pair(key: str, **fields: Any) -> tuple[str, str]:
    return i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields)


def load_policy_text(text: str, file: str | None = None) -> Policy:
    """Parse and validate a policy from YAML or JSON text; every error at once (:class:`PolicyError`)."""
    try:
        doc = config.loads(text, file=file)
        data, lines = doc.data, doc.lines
    except ConfigError as exc:  # the loader's errors (syntax, duplicate keys, limits), with their lines
        problems = [(e.line, e.field or "", e.message_zh, e.message_en) for e in exc.errors]
        raise PolicyError(problems, file) from None
    if not isinstance(data, Mapping):
        raise PolicyError([(1, "", *_pair("security.policy.top"))], file)
    try:
        policy = Policy.model_validate(data)
    except PydanticValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err.get("loc", ()) if not (isinstance(p, str) and p.startswith("function-")))
            field = ".".join(str(p) for p in loc)
            problems.append((_line(lines, loc), field, err["msg"], err["msg"]))
        raise PolicyError(problems, file) from None
    problems = policy._check_operators(lines)
    if problems:
        raise PolicyError(problems, file)
    return policy


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """Read a policy file (YAML or JSON)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"无法读取策略文件（{type(exc).__name__}）",
            f"cannot read the policy file ({type(exc).__name__})",
            file=str(p),
        ) from None
    return load_policy_text(text, str(p))


def _line(lines: Mapping[tuple, int], loc: tuple) -> int | None:
    for k in range(len(loc), -1, -1):
        if tuple(loc[:k]) in lines:
            return lines[tuple(loc[:k])]
    return None
