"""Protection lists (保护清单): what must be protected, why, and how, per scenario.

A list is YAML or JSON::

    format: zjgov-protection-list/1
    name: 某市卫健委数据保护清单
    issuer: 某市卫生健康委员会
    scope: agency                 # province | city | agency (informative)
    levels: [L1, L2, L3, L4]      # low → high (DB33/T 2350-2021 by default)
    privacy:                      # what the release as a whole must reach, per scenario
      open: {k: 5, threshold: 0.2}
      share: {k: 3}
    entries:
      - id: person.health
        protects: {category: person.health}        # or {column: "^(ZD|诊断.*)$"} or {element: 诊断名称}
        class: 个人隐私                              # 国家利益 | 公共安全 | 商业秘密 | 个人隐私 (one or a list)
        basis: ["《个人信息保护法》第二十八条", "GB/T 35273-2020 附录B"]
        level: L4
        role: sensitive                              # direct | quasi | sensitive | other
        internal: {permitted: true, treatment: keep}
        share: {mode: 有条件, treatment: keep}       # 无条件 | 有条件 (受限共享) | 不予共享
        open: {mode: 禁止开放}                       # 无条件 | 受限 | 禁止开放
        cross_border: {permitted: false}

Scenarios: ``internal`` (内部使用), ``share`` (共享), ``open`` (开放), ``cross_border`` (出境).
A scenario rule says whether the field may be released and the **minimum treatment**: an operator
of the masking work (``mask:citizen_id``, ``generalise:date:year``, ``hmac`` …), ``keep``, or
``prohibited``. ``不予共享`` / ``禁止开放`` / ``permitted: false`` mean ``prohibited`` and
contradict any other treatment; ``受限共享``, ``有条件共享`` and ``受限`` are read as ``有条件`` /
``受限``. Treatments are ordered by :mod:`.strength`.

Every error of a file is reported at once, each with its line and field
(:class:`ProtectionListError`).

>>> pl = loads('''
... name: demo
... entries:
...   - id: id_no
...     protects: {category: person.citizen_id}
...     class: 个人隐私
...     basis: [GB/T 35273-2020]
...     level: L4
...     open: {mode: 禁止开放}
...     share: {mode: 受限共享, treatment: mask:citizen_id}
... ''')
>>> e = pl["id_no"]
>>> e.rule("open").treatment, e.rule("share").mode, e.rule("share").permitted
('prohibited', '有条件', True)
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from zjgov import i18n
from zjgov.core import config
from zjgov.errors import ConfigError
from zjgov.security.protection import strength

FORMAT = "zjgov-protection-list/1"
SCENARIOS = ("internal", "share", "open", "cross_border")
SCENARIO_ALIASES = {
    "internal": "internal",
    "内部使用": "internal",
    "内部": "internal",
    "share": "share",
    "sharing": "share",
    "共享": "share",
    "open": "open",
    "opening": "open",
    "开放": "open",
    "cross_border": "cross_border",
    "cross-border": "cross_border",
    "出境": "cross_border",
    "跨境": "cross_border",
}
SCENARIO_NAMES = {
    "internal": ("内部使用", "internal use"),
    "share": ("共享", "sharing"),
    "open": ("开放", "opening"),
    "cross_border": ("出境", "cross-border transfer"),
}
PROTECTION_CLASSES = ("国家利益", "公共安全", "商业秘密", "个人隐私")
DEFAULT_LEVELS = ("L1", "L2", "L3", "L4")
#: mode spellings → canonical mode, per scenario; canonical modes are ordered loose → strict.
MODES: dict[str, tuple[str, ...]] = {"share": ("无条件", "有条件", "不予共享"), "open": ("无条件", "受限", "禁止开放")}
_MODE_ALIASES = {
    "share": {
        "无条件": "无条件",
        "无条件共享": "无条件",
        "有条件": "有条件",
        "有条件共享": "有条件",
        "受限共享": "有条件",
        "受限": "有条件",
        "不予共享": "不予共享",
        "不予": "不予共享",
        "不共享": "不予共享",
    },
    "open": {
        "无条件": "无条件",
        "无条件开放": "无条件",
        "受限": "受限",
        "受限开放": "受限",
        "有条件": "受限",
        "有条件开放": "受限",
        "禁止开放": "禁止开放",
        "禁止": "禁止开放",
        "不予开放": "禁止开放",
    },
}
MODE_EN = {
    "无条件": "unconditional",
    "有条件": "on conditions",
    "不予共享": "not shared",
    "受限": "restricted",
    "禁止开放": "not opened",
}

i18n.add(
    {
        "protection.problems": ("保护清单有 {n} 处错误：", "the protection list has {n} errors:"),
        "protection.yaml": ("不是合法的 YAML/JSON", "not valid YAML/JSON"),
        "protection.top": (
            "保护清单的顶层应为映射（name、entries …）",
            "the top level must be a mapping (name, entries …)",
        ),
        "protection.read": ("无法读取保护清单：{detail}", "cannot read the protection list: {detail}"),
        "protection.field": ("{detail}", "{detail}"),
        "protection.bad_scenario": (
            "未知的场景 {name}（可用：internal、share、open、cross_border）",
            "unknown scenario {name} (use internal, share, open, cross_border)",
        ),
        "protection.bad_mode": (
            "{scenario} 场景的方式“{mode}”无效（可用：{modes}）",
            "mode '{mode}' is not valid for {scenario} (use {modes})",
        ),
        "protection.mode_not_used": (
            "{scenario} 场景不用 mode，请写 permitted: true/false",
            "{scenario} takes no mode; write permitted: true/false",
        ),
        "protection.inconsistent": (
            "“{mode}”与 permitted: {permitted} 矛盾",
            "'{mode}' contradicts permitted: {permitted}",
        ),
        "protection.prohibited_needs_forbid": (
            "处理方式 prohibited 表示不得发布，但该场景允许发布",
            "treatment prohibited means the field may not be released, but the scenario permits it",
        ),
        "protection.forbid_with_treatment": (
            "该场景不允许发布，处理方式只能是 prohibited（不是 {treatment}）",
            "the scenario does not permit release, so the treatment can only be prohibited (not {treatment})",
        ),
        "protection.bad_treatment": ("处理方式无效：{detail}", "invalid treatment: {detail}"),
        "protection.params_without_treatment": (
            "给出了 params 却没有 treatment（参数属于某个处理方式）",
            "params are given without a treatment (parameters belong to a treatment)",
        ),
        "protection.bad_class": (
            "保护类别“{value}”无效（可用：{allowed}）",
            "protection class '{value}' is not valid (use {allowed})",
        ),
        "protection.bad_level": (
            "级别 {level} 不在 levels 中（{levels}）",
            "level {level} is not one of the levels ({levels})",
        ),
        "protection.bad_pattern": (
            "列名模式不是合法的正则表达式：{detail}",
            "the column pattern is not a valid regular expression: {detail}",
        ),
        "protection.one_target": (
            "protects 应恰好给出 category、column、element 之一",
            "protects must give exactly one of category, column, element",
        ),
        "protection.unknown_category": (
            "类别 {category} 不在分类目录中",
            "category {category} is not in the catalogue",
        ),
        "protection.dup_id": (
            "条目编号 {id} 重复（第 {other} 行已定义）",
            "entry id {id} is used twice (also at line {other})",
        ),
        "protection.dup_target": (
            "条目 {id} 与条目 {other} 保护同一对象（{target}），请合并为一条",
            "entry {id} protects the same thing as entry {other} ({target}); merge them into one",
        ),
        "protection.unknown_entry": ("保护清单中没有条目 {id}", "the protection list has no entry {id}"),
        "protection.merge_problems": (
            "合并保护清单时有 {n} 处矛盾：",
            "merging the protection lists found {n} contradictions:",
        ),
        "protection.merge_levels": (
            "两份清单的级别体系不同（{a} 与 {b}）",
            "the two lists use different level systems ({a} and {b})",
        ),
        "protection.merge_looser": (
            "{field}：{b_where} 的条目 {id} 比 {a_where} 的同一条目宽松（{b} 弱于 {a}）；下级清单只能收紧要求",
            "{field}: entry {id} of {b_where} is looser than the same entry of {a_where} ({b} is weaker than {a}); a later list may only tighten",
        ),
        "protection.merge_incomparable": (
            "{field}：{b_where} 的条目 {id} 与 {a_where} 的同一条目要求不同且无法比较强弱（{b} 与 {a}）",
            "{field}: entry {id} of {b_where} and the same entry of {a_where} differ and neither is stronger ({b} and {a})",
        ),
        "protection.merge_role": (
            "条目 {id} 的角色在 {a_where} 为 {a}，在 {b_where} 为 {b}",
            "entry {id} has role {a} in {a_where} and {b} in {b_where}",
        ),
    }
)


def scenario(name: str) -> str:
    """The canonical scenario name (``open``, ``开放`` … → ``open``)."""
    s = SCENARIO_ALIASES.get(str(name).strip().lower()) or SCENARIO_ALIASES.get(str(name).strip())
    if s is None:
        raise ConfigError(*_pair("protection.bad_scenario", name=name), field="scenario")
    return s


# -- pydantic models of the file ------------------------------------------------------------------
class _RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    permitted: bool | None = None
    mode: str | None = None
    treatment: str | None = None
    params: dict[str, Any] | None = None
    note: str | None = None


class _TargetModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: str | None = None
    column: str | None = None
    element: str | None = None
    aliases: list[str] = []


class _EntryModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    id: str = Field(min_length=1)
    name: tuple[str, str] | str | None = None
    protects: _TargetModel | None = None
    class_: list[str] | str | None = Field(None, alias="class")
    basis: list[str] | str | None = None
    level: str | None = None
    role: Literal["direct", "quasi", "sensitive", "other"] | None = None
    internal: _RuleModel | None = None
    share: _RuleModel | None = None
    open: _RuleModel | None = None
    cross_border: _RuleModel | None = None
    note: str | None = None


class _PrivacyModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    k: int | None = Field(None, ge=1)
    l: int | None = Field(None, ge=1)  # noqa: E741
    t: float | None = Field(None, gt=0, le=1)
    threshold: float | None = Field(None, gt=0, le=1)
    sensitive: list[str] = []


class _ListModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["zjgov-protection-list/1"] = FORMAT
    name: str = ""
    issuer: str = ""
    scope: Literal["province", "city", "county", "agency", ""] = ""
    edition: str = ""
    levels: list[str] = Field(default_factory=lambda: list(DEFAULT_LEVELS), min_length=1)
    sources: list[str] = []
    privacy: dict[str, _PrivacyModel] = {}
    entries: list[_EntryModel] = []


# -- the objects ---------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Rule:
    """One scenario's rule of an entry. ``None`` fields are unspecified (inherited when merged)."""

    permitted: bool | None = None
    mode: str | None = None
    treatment: str | None = None
    #: the treatment's operator parameters (sorted pairs, see :func:`strength.freeze`), e.g. the
    #: ``mapping`` a required ``generalise:map`` must be at least as coarse as
    params: tuple[tuple[str, Any], ...] | None = None

    def effective(self) -> Rule:
        """Defaults filled in: permitted unless a forbidding mode says otherwise; treatment keep or prohibited."""
        permitted = self.permitted if self.permitted is not None else self.mode not in ("不予共享", "禁止开放")
        treatment = self.treatment or (strength.KEEP if permitted else strength.PROHIBITED)
        return Rule(permitted, self.mode, treatment, self.params if treatment == self.treatment else None)

    def required(self) -> strength.Treatment:
        """The minimum treatment, parsed with its parameters (``keep`` when none is named)."""
        return strength.treatment(self.treatment or strength.KEEP, self.params)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {k: v for k, v in dataclasses.asdict(self).items() if v is not None and k != "params"}
        if self.params:
            d["params"] = strength.thaw(self.params)
        return d


@dataclasses.dataclass(frozen=True)
class Target:
    """What an entry protects: a catalogue category (and its sub-categories), a column-name
    pattern (full match), or a data element (its name and aliases, compared exactly with the
    column's name or with the names of the element the column is bound to — an exchange schema's
    element, or the element a classification inventory records for the column)."""

    category: str | None = None
    column: str | None = None
    element: str | None = None
    aliases: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.category:
            return f"category={self.category}"
        if self.column:
            return f"column~{self.column}"
        return f"element={self.element}"

    def matches(self, column: str, category: str | None, elements: Iterable[str] = ()) -> bool:
        """Whether the target covers ``column``; ``elements`` are the names of the data element the
        column is bound to (identifier, Chinese and English name).

        >>> t = Target(element="公民身份号码", aliases=("GMSFHM",))
        >>> t.matches("GMSFHM", None), t.matches("身份证号", None), t.matches("身份证号", None, {"公民身份号码"})
        (True, False, True)
        """
        if self.category is not None:
            return category is not None and (category == self.category or category.startswith(self.category + "."))
        if self.column is not None:
            return re.fullmatch(self.column, column) is not None
        names = {self.element, *self.aliases}
        return column in names or any(e in names for e in elements)

    @property
    def specificity(self) -> int:
        """element 3 > column pattern 2 > category (deeper is more specific, below 2)."""
        if self.element is not None:
            return 3
        if self.column is not None:
            return 2
        return 1


@dataclasses.dataclass(frozen=True)
class Entry:
    """One entry of a protection list (see the module docstring for the fields)."""

    id: str
    target: Target | None
    classes: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    level: str | None = None
    role: str | None = None
    rules: Mapping[str, Rule] = dataclasses.field(default_factory=dict)
    names: tuple[str, str] | None = None
    note: str = ""
    source: str = ""  # "file:line" where the entry was declared (the last list that touched it)

    def rule(self, scenario_name: str) -> Rule:
        """The effective rule for a scenario (a scenario the entry does not name: permitted, keep)."""
        return self.rules.get(scenario(scenario_name), Rule()).effective()

    def name(self, lang: str | None = None) -> str:
        if self.names is None:
            return self.id
        return self.names[0 if i18n.check_lang(lang) == "zh" else 1]

    def label(self, lang: str | None = None) -> str:
        """``id（名称）@file:line`` for messages."""
        shown = self.id if self.names is None or self.name(lang) == self.id else f"{self.id}（{self.name(lang)}）"
        return f"{shown} @{self.source}" if self.source else shown

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id}
        if self.names:
            d["name"] = list(self.names)
        if self.target:
            t = {k: v for k, v in dataclasses.asdict(self.target).items() if v}
            d["protects"] = {k: list(v) if isinstance(v, tuple) else v for k, v in t.items()}
        if self.classes:
            d["class"] = self.classes[0] if len(self.classes) == 1 else list(self.classes)
        if self.basis:
            d["basis"] = list(self.basis)
        if self.level:
            d["level"] = self.level
        if self.role:
            d["role"] = self.role
        for s in SCENARIOS:
            if s in self.rules:
                r = self.rules[s]
                d[s] = r.to_dict()
        if self.note:
            d["note"] = self.note
        return d


@dataclasses.dataclass(frozen=True)
class PrivacyRequirement:
    """What a release as a whole must reach in one scenario (``None``: no requirement)."""

    k: int | None = None
    l: int | None = None  # noqa: E741
    t: float | None = None
    threshold: float | None = None
    sensitive: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class ProtectionList:
    """A validated (possibly merged) protection list."""

    name: str
    entries: tuple[Entry, ...]
    levels: tuple[str, ...] = DEFAULT_LEVELS
    privacy: Mapping[str, PrivacyRequirement] = dataclasses.field(default_factory=dict)
    issuer: str = ""
    scope: str = ""
    edition: str = ""
    sources: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # every file merged into this list, in order

    def __getitem__(self, entry_id: str) -> Entry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise KeyError(i18n.both("protection.unknown_entry", id=entry_id))

    def __contains__(self, entry_id: object) -> bool:
        return any(e.id == entry_id for e in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def requirement(self, scenario_name: str) -> PrivacyRequirement:
        return self.privacy.get(scenario(scenario_name), PrivacyRequirement())

    def level_rank(self, level: str | None) -> int:
        """Position of a level (-1 for none or unknown)."""
        return self.levels.index(level) if level in self.levels else -1

    def matching(self, column: str, category: str | None, elements: Iterable[str] = ()) -> list[Entry]:
        """Every entry that protects ``column`` (most specific first); a column must satisfy all of them.
        ``elements``: the names of the data element the column is bound to (see :class:`Target`)."""
        elements = tuple(elements)
        found = [e for e in self.entries if e.target is not None and e.target.matches(column, category, elements)]
        return sorted(found, key=lambda e: (-e.target.specificity, -len(e.target.category or "")))  # type: ignore[union-attr]

    def roles(self) -> dict[str, str]:
        """Category -> role for the entries that target a category and name a role."""
        return {e.target.category: e.role for e in self.entries if e.target and e.target.category and e.role}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT, "name": self.name}
        for key in ("issuer", "scope", "edition"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["levels"] = list(self.levels)
        if self.sources:
            out["sources"] = list(self.sources)
        if self.privacy:
            out["privacy"] = {
                s: {
                    k: (list(v) if isinstance(v, tuple) else v)
                    for k, v in dataclasses.asdict(r).items()
                    if v not in (None, ())
                }
                for s, r in self.privacy.items()
            }
        out["entries"] = [e.to_dict() for e in self.entries]
        return out

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False, width=120)

    def merge(self, *others: ProtectionList) -> ProtectionList:
        """This list overridden by ``others`` in turn (see :func:`merge`)."""
        return merge(self, *others)


class ProtectionListError(ConfigError):
    """Every problem of a protection list (or of a merge), each with its line and field."""

    def __init__(
        self,
        problems: Sequence[tuple[int | None, str, str, str]],
        file: str | None = None,
        *,
        header: str = "protection.problems",
    ) -> None:
        self.problems = list(problems)
        first_line, first_field = self.problems[0][0], self.problems[0][1]
        if len(self.problems) == 1:
            super().__init__(
                self.problems[0][2], self.problems[0][3], file=file, line=first_line, field=first_field or None
            )
            return
        zh = [i18n.text(header, "zh", n=len(self.problems))]
        en = [i18n.text(header, "en", n=len(self.problems))]
        for line, field, mzh, men in self.problems:
            where = ":".join(str(x) for x in (file, line) if x is not None) + (f" [{field}]" if field else "")
            zh.append(f"  {where}: {mzh}" if where else f"  {mzh}")
            en.append(f"  {where}: {men}" if where else f"  {men}")
        super().__init__("\n".join(zh), "\n".join(en), file=file, line=first_line, field=first_field or None)


def _pair(key: str, **fields: Any) -> tuple[str, str]:
    return i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields)


def _line(lines: Mapping[tuple, int], loc: tuple) -> int | None:
    for k in range(len(loc), -1, -1):
        if tuple(loc[:k]) in lines:
            return lines[tuple(loc[:k])]
    return None


# -- loading -------------------------------------------------------------------------------------
def loads(text: str, file: str | None = None, *, catalogue: Any = None) -> ProtectionList:
    """Parse and validate a protection list from YAML or JSON text (every error at once)."""
    try:
        doc = config.loads(text, file=file)
        data, lines = doc.data, doc.lines
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ProtectionListError([(mark.line + 1 if mark else None, "", *_pair("protection.yaml"))], file) from None
    return from_dict(data, file, lines, catalogue=catalogue)


def load(path: str | os.PathLike[str], *, catalogue: Any = None) -> ProtectionList:
    """Read a protection list file (``default`` names the built-in provincial list)."""
    if str(path) == "default":
        from zjgov.security.protection.default import default_list

        return default_list()
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        detail = getattr(exc, "strerror", None) or type(exc).__name__
        raise ProtectionListError([(None, "", *_pair("protection.read", detail=detail))], str(p)) from None
    return loads(text, str(p), catalogue=catalogue)


def from_dict(
    data: Any, file: str | None = None, lines: Mapping[tuple, int] | None = None, *, catalogue: Any = None
) -> ProtectionList:
    """Validate already-parsed data (``lines`` maps a key path to its line)."""
    lines = lines or {}
    if not isinstance(data, Mapping):
        raise ProtectionListError([(1, "", *_pair("protection.top"))], file)
    problems: list[tuple[int | None, str, str, str]] = []
    try:
        model = _ListModel.model_validate(data)
    except PydanticValidationError as exc:
        for err in exc.errors():
            loc = tuple(err.get("loc", ()))
            problems.append((_line(lines, loc), ".".join(map(str, loc)), err["msg"], err["msg"]))
        raise ProtectionListError(problems, file) from None
    if catalogue is None:
        from zjgov.classification import load_catalogue

        catalogue = load_catalogue()
    levels = tuple(model.levels)
    where = file or "<text>"
    entries: list[Entry] = []
    ids: dict[str, int] = {}
    targets: dict[Target, str] = {}
    for i, em in enumerate(model.entries):
        base = ("entries", i)

        def bad(field: str, key: str, _base: tuple = base, **fields: Any) -> None:
            loc = (*_base, *field.split(".")) if field else _base
            problems.append((_line(lines, loc), ".".join(map(str, loc)), *_pair(key, **fields)))

        line = lines.get(base)
        if em.id in ids:
            bad("id", "protection.dup_id", id=em.id, other=ids[em.id])
        ids.setdefault(em.id, line or 0)
        target = _target(em, bad, catalogue)
        classes = tuple([em.class_] if isinstance(em.class_, str) else (em.class_ or []))
        for c in classes:
            if c not in PROTECTION_CLASSES:
                bad("class", "protection.bad_class", value=c, allowed="、".join(PROTECTION_CLASSES))
        if em.level is not None and em.level not in levels:
            bad("level", "protection.bad_level", level=em.level, levels=", ".join(levels))
        rules = {}
        for s in SCENARIOS:
            rm = getattr(em, s)
            if rm is not None:
                rules[s] = _rule(s, rm, lambda field, key, _s=s, **kw: bad(f"{_s}.{field}", key, **kw))
        if target is not None:
            if target in targets and targets[target] != em.id:
                bad("protects", "protection.dup_target", id=em.id, other=targets[target], target=target.describe())
            targets.setdefault(target, em.id)
        names = (em.name, em.name) if isinstance(em.name, str) else em.name
        basis = tuple([em.basis] if isinstance(em.basis, str) else (em.basis or []))
        entries.append(
            Entry(
                em.id,
                target,
                classes,
                basis,
                em.level,
                em.role,
                rules,
                names,
                em.note or "",
                f"{where}:{line}" if line else where,
            )
        )
    privacy = {}
    for s, pm in model.privacy.items():
        try:
            canonical = scenario(s)
        except ConfigError:
            problems.append((_line(lines, ("privacy", s)), f"privacy.{s}", *_pair("protection.bad_scenario", name=s)))
            continue
        privacy[canonical] = PrivacyRequirement(pm.k, pm.l, pm.t, pm.threshold, tuple(pm.sensitive))
    if problems:
        raise ProtectionListError(problems, file)
    return ProtectionList(
        model.name,
        tuple(entries),
        levels,
        privacy,
        model.issuer,
        model.scope,
        model.edition,
        tuple(model.sources),
        (where,),
    )


def _target(em: _EntryModel, bad: Any, catalogue: Any) -> Target | None:
    t = em.protects
    if t is None:
        return None  # allowed in override lists: the target is inherited
    given = [x for x in (t.category, t.column, t.element) if x]
    if len(given) != 1:
        bad("protects", "protection.one_target")
        return None
    if t.column:
        try:
            re.compile(t.column)
        except re.error as exc:
            bad("protects.column", "protection.bad_pattern", detail=str(exc))
    if t.category and t.category not in _category_ids(catalogue):
        bad("protects.category", "protection.unknown_category", category=t.category)
    return Target(t.category, t.column, t.element, tuple(t.aliases))


def _category_ids(catalogue: Any) -> set[str]:
    return set(catalogue)


def _rule(s: str, rm: _RuleModel, bad: Any) -> Rule:
    mode = None
    if rm.mode is not None:
        if s not in MODES:
            bad("mode", "protection.mode_not_used", scenario=s)
        else:
            mode = _MODE_ALIASES[s].get(rm.mode.strip())
            if mode is None:
                bad("mode", "protection.bad_mode", scenario=s, mode=rm.mode, modes=" / ".join(MODES[s]))
    forbidding = mode in ("不予共享", "禁止开放")
    if rm.permitted is not None and mode is not None and rm.permitted == forbidding:
        bad("permitted", "protection.inconsistent", mode=mode, permitted=str(rm.permitted).lower())
    permitted = rm.permitted if rm.permitted is not None else (not forbidding if mode else None)
    treatment = rm.treatment.strip() if rm.treatment else None
    params = None
    if rm.params and treatment is None:
        bad("params", "protection.params_without_treatment")
    if treatment is not None:
        try:
            strength.parse(treatment)
        except strength.UnknownTreatment as exc:
            bad("treatment", "protection.bad_treatment", detail=str(exc))
        else:
            if rm.params:
                params = _check_params(treatment, rm.params, bad)
        if treatment == strength.PROHIBITED and permitted:
            bad("treatment", "protection.prohibited_needs_forbid")
        if permitted is False and treatment != strength.PROHIBITED:
            bad("treatment", "protection.forbid_with_treatment", treatment=treatment)
        if treatment == strength.PROHIBITED and permitted is None:
            permitted = False
    return Rule(permitted, mode, treatment, params)


def _check_params(treatment: str, params: Mapping[str, Any], bad: Any) -> tuple[tuple[str, Any], ...] | None:
    """The parameters frozen, after the operator has validated them (``None`` when invalid)."""
    from zjgov.security import operators

    try:
        operators.resolve(treatment, params)
    except Exception as exc:  # the operator's own (bilingual) validation message
        bad("params", "protection.bad_treatment", detail=str(getattr(exc, "message_en", None) or exc))
        return None
    return strength.freeze(params)


# -- merging -------------------------------------------------------------------------------------
def merge(base: ProtectionList, *overrides: ProtectionList) -> ProtectionList:
    """``base`` overridden by each of ``overrides`` in turn (a provincial default, then a city's, then an agency's).

    For an entry id in both lists, every field the later list gives must be **at least as
    strict** (就高从严): the level not lower, permitted not turned from false to true, the mode
    not looser (无条件 < 有条件 < 不予共享; 无条件 < 受限 < 禁止开放), the treatment not weaker in
    the :mod:`.strength` order; protection classes and bases are united; the role must agree; a
    field it leaves out is inherited. A looser or not comparable requirement is a contradiction:
    :class:`ProtectionListError` names both entries (file and line). New ids are added; a new
    entry may not protect the same target as an existing one under another id. The privacy
    requirements take the strictest figures (larger k and l, smaller t and threshold).

    Merging is associative: whenever ``merge(merge(A, B), C)`` succeeds, ``merge(A, merge(B, C))``
    succeeds and is equal (both equal ``merge(A, B, C)``); it is not commutative.
    """
    out = base
    for other in overrides:
        out = _merge2(out, other)
    return out


def _merge2(a: ProtectionList, b: ProtectionList) -> ProtectionList:
    problems: list[tuple[int | None, str, str, str]] = []
    if a.levels != b.levels:
        problems.append((None, "levels", *_pair("protection.merge_levels", a=",".join(a.levels), b=",".join(b.levels))))
        raise ProtectionListError(problems, header="protection.merge_problems")
    by_id = {e.id: e for e in a.entries}
    by_target = {e.target: e for e in a.entries if e.target is not None}
    merged: dict[str, Entry] = dict(by_id)
    for eb in b.entries:
        ea = by_id.get(eb.id)
        if ea is None:
            other = by_target.get(eb.target) if eb.target is not None else None
            if other is not None:
                problems.append(
                    (
                        None,
                        eb.id,
                        *_pair(
                            "protection.dup_target",
                            id=eb.label("zh"),
                            other=other.label("zh"),
                            target=eb.target.describe(),
                        ),
                    )  # type: ignore[union-attr]
                )
            merged[eb.id] = eb
            continue
        merged[eb.id] = _merge_entry(ea, eb, a, problems)
    if problems:
        raise ProtectionListError(problems, header="protection.merge_problems")
    privacy = dict(a.privacy)
    for s, rb in b.privacy.items():
        ra = privacy.get(s)
        privacy[s] = rb if ra is None else _merge_privacy(ra, rb)
    order = [e.id for e in a.entries] + [e.id for e in b.entries if e.id not in by_id]
    return ProtectionList(
        b.name or a.name,
        tuple(merged[i] for i in order),
        a.levels,
        privacy,
        b.issuer or a.issuer,
        b.scope or a.scope,
        b.edition or a.edition,
        _union(a.sources, b.sources),
        a.files + b.files,
    )


def _union(a: Iterable[str], b: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*a, *b]))


def _strictest(x: Any, y: Any, bigger_is_stricter: bool) -> Any:
    if x is None:
        return y
    if y is None:
        return x
    return max(x, y) if bigger_is_stricter else min(x, y)


def _merge_privacy(a: PrivacyRequirement, b: PrivacyRequirement) -> PrivacyRequirement:
    return PrivacyRequirement(
        _strictest(a.k, b.k, True),
        _strictest(a.l, b.l, True),
        _strictest(a.t, b.t, False),
        _strictest(a.threshold, b.threshold, False),
        _union(a.sensitive, b.sensitive),
    )


def _merge_entry(ea: Entry, eb: Entry, lst: ProtectionList, problems: list) -> Entry:
    def clash(field: str, key: str, x: Any, y: Any) -> None:
        problems.append(
            (
                None,
                f"{eb.id}.{field}",
                *_pair(key, field=field, id=eb.id, a_where=ea.source or "A", b_where=eb.source or "B", a=x, b=y),
            )
        )

    level = ea.level
    if eb.level is not None:
        if ea.level is not None and lst.level_rank(eb.level) < lst.level_rank(ea.level):
            clash("level", "protection.merge_looser", ea.level, eb.level)
        else:
            level = eb.level
    role = ea.role
    if eb.role is not None:
        if ea.role is not None and ea.role != eb.role:
            problems.append(
                (
                    None,
                    f"{eb.id}.role",
                    *_pair(
                        "protection.merge_role",
                        id=eb.id,
                        a=ea.role,
                        b=eb.role,
                        a_where=ea.source or "A",
                        b_where=eb.source or "B",
                    ),
                )
            )
        role = eb.role
    target = ea.target
    if eb.target is not None and eb.target != ea.target:
        if ea.target is not None:
            clash("protects", "protection.merge_incomparable", ea.target.describe(), eb.target.describe())
        target = eb.target
    rules = dict(ea.rules)
    for s, rb in eb.rules.items():
        ra = rules.get(s)
        rules[s] = rb if ra is None else _merge_rule(s, ra, rb, clash)
    return Entry(
        ea.id,
        target,
        _union(ea.classes, eb.classes),
        _union(ea.basis, eb.basis),
        level,
        role,
        rules,
        eb.names or ea.names,
        eb.note or ea.note,
        eb.source or ea.source,
    )


def _merge_rule(s: str, ra: Rule, rb: Rule, clash: Any) -> Rule:
    permitted = ra.permitted
    if rb.permitted is not None:
        if ra.permitted is False and rb.permitted:
            if rb.mode is None or ra.mode is None:  # a looser mode is reported once, below
                clash(f"{s}.permitted", "protection.merge_looser", "false", "true")
        else:
            permitted = rb.permitted
    mode = ra.mode
    if rb.mode is not None:
        order = MODES[s]
        if ra.mode is not None and order.index(rb.mode) < order.index(ra.mode):
            clash(f"{s}.mode", "protection.merge_looser", ra.mode, rb.mode)
        else:
            mode = rb.mode
    # a forbidding later rule implies prohibited, whatever the earlier treatment was
    ta = ra.effective().treatment if (ra.treatment or ra.permitted is False or ra.mode) else None
    tb = rb.treatment or (strength.PROHIBITED if rb.permitted is False or rb.mode in ("不予共享", "禁止开放") else None)
    treatment, params = ra.treatment, ra.params
    if tb is not None:
        pa_ = ra.params if ta == ra.treatment else None
        pb = rb.params if tb == rb.treatment else None
        c = strength.compare(strength.treatment(tb, pb), strength.treatment(ta, pa_)) if ta is not None else 1
        if c is None:
            clash(f"{s}.treatment", "protection.merge_incomparable", ta, tb)
        elif c < 0:
            clash(f"{s}.treatment", "protection.merge_looser", ta, tb)
        else:
            treatment, params = tb, pb
    if permitted is False or mode in ("不予共享", "禁止开放"):
        treatment, params = strength.PROHIBITED, None
        permitted = False
    return Rule(permitted, mode, treatment, params)
