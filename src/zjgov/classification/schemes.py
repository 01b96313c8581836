"""Grading schemes (数据分级方案) as data: levels, tier mapping, impact matrix, dataset rules.

Built in: ``db33-2350`` (DB33/T 2350-2021, L1–L4 with open attributes), ``gbt-43697``
(GB/T 43697-2024: 一般数据1–4级, 重要数据, 核心数据) and ``jrt-0197`` (JR/T 0197-2020, levels
1–5, provisional). A custom scheme is a YAML file of the same shape (``data/schemes/*.yaml``).

>>> s = load_scheme("db33-2350")
>>> s.level_for_tier("sensitive"), s.attributes("L2")["open"]
('L4', '受限开放')
>>> s.raise_level("L2", 1), s.raise_level("L4", 1)
('L3', 'L4')
>>> gbt43697_level({"个人权益": "严重危害"}), gbt43697_level({"个人权益": "严重危害", "社会秩序": "严重危害"})
('general-3', 'important')
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pydantic

from zjgov import i18n
from zjgov.classification import _yaml
from zjgov.classification.catalogue import TIERS
from zjgov.errors import ConfigError

BUILTIN = ("db33-2350", "gbt-43697", "jrt-0197")

i18n.add(
    {
        "classification.unknown_scheme": (
            "未知的分级方案：{name}（可用：{names}，或方案文件路径）",
            "unknown grading scheme: {name} (use {names} or a scheme file path)",
        ),
        "classification.unknown_level": (
            "分级方案 {scheme} 中没有级别 {level}",
            "scheme {scheme} has no level {level}",
        ),
        "classification.unknown_impact": ("影响对象或程度未知：{detail}", "unknown impact object or degree: {detail}"),
        "classification.missing_tier": ("tiers 缺少 {tier} 的级别", "tiers has no level for {tier}"),
        "classification.matrix_row": (
            "矩阵每行的级别数应与影响程度数相同",
            "every matrix row needs one level per impact degree",
        ),
        "classification.no_matrix": ("分级方案 {scheme} 没有影响矩阵", "scheme {scheme} has no impact matrix"),
    }
)


class _LevelModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    id: str
    name: tuple[str, str]
    open: str = ""
    share: str = ""


class _RuleModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    id: str
    type: str = pydantic.Field(pattern="^(minors|combination|volume)$")
    max_age: int = 14
    min_share: float = 0.01
    groups: list[str] = []
    min_rows: int = 0
    to: str | None = None
    max: str | None = None
    steps: int = pydantic.Field(default=1, alias="raise")


class _MatrixModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    degrees: list[str]
    objects: dict[str, list[str]]


class _SchemeModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    id: str
    name: tuple[str, str]
    source: str = ""
    provisional: bool = False
    levels: list[_LevelModel] = pydantic.Field(min_length=1)
    tiers: dict[str, str]
    matrix: _MatrixModel | None = None
    rules: list[_RuleModel] = []


@dataclasses.dataclass(frozen=True)
class Rule:
    """A grading rule: ``minors`` (column), ``combination`` or ``volume`` (dataset)."""

    id: str
    type: str
    max_age: int = 14
    min_share: float = 0.01
    groups: tuple[str, ...] = ()
    min_rows: int = 0
    to: str | None = None
    cap: str | None = None
    steps: int = 1


@dataclasses.dataclass(frozen=True)
class Scheme:
    """A grading scheme; levels are ordered from lowest to highest."""

    id: str
    names: tuple[str, str]
    source: str
    provisional: bool
    levels: tuple[str, ...]
    level_names: Mapping[str, tuple[str, str]]
    level_attrs: Mapping[str, Mapping[str, str]]
    tiers: Mapping[str, str]
    matrix: Mapping[str, Sequence[str]] | None
    degrees: tuple[str, ...]
    rules: tuple[Rule, ...]

    def name(self, lang: str | None = None) -> str:
        return self.names[0 if i18n.check_lang(lang) == "zh" else 1]

    def level_name(self, level: str, lang: str | None = None) -> str:
        return self.level_names[self.check_level(level)][0 if i18n.check_lang(lang) == "zh" else 1]

    def check_level(self, level: str, *, file: str | None = None, line: int | None = None) -> str:
        """``level`` if the scheme has it, else a ConfigError."""
        level = str(level)
        if level not in self.levels:
            raise ConfigError(
                i18n.text("classification.unknown_level", "zh", scheme=self.id, level=level),
                i18n.text("classification.unknown_level", "en", scheme=self.id, level=level),
                file=file,
                line=line,
                field="level",
            )
        return level

    def rank(self, level: str) -> int:
        """0 for the lowest level."""
        return self.levels.index(self.check_level(level))

    def level_for_tier(self, tier: str) -> str:
        return self.tiers[tier]

    def highest(self, levels: Sequence[str]) -> str:
        """The highest of ``levels`` (就高从严); the lowest level for an empty list."""
        return max(levels, key=self.rank) if levels else self.levels[0]

    def raise_level(self, level: str, steps: int = 1, cap: str | None = None) -> str:
        """``level`` raised by ``steps`` (never above ``cap`` unless it already is)."""
        top = len(self.levels) - 1 if cap is None else self.rank(cap)
        r = self.rank(level)
        return self.levels[max(r, min(r + steps, top))]

    def attributes(self, level: str) -> Mapping[str, str]:
        """The open (开放属性) and share (共享属性) attributes of ``level``."""
        return self.level_attrs[self.check_level(level)]

    def matrix_level(self, impacts: Mapping[str, str]) -> str:
        """The level from the impact matrix: the highest over every (object, degree) given."""
        if not self.matrix:
            raise ConfigError(
                i18n.text("classification.no_matrix", "zh", scheme=self.id),
                i18n.text("classification.no_matrix", "en", scheme=self.id),
            )
        found = []
        for obj, degree in impacts.items():
            if obj not in self.matrix or degree not in self.degrees:
                detail = f"{obj} / {degree}"
                raise ConfigError(
                    i18n.text("classification.unknown_impact", "zh", detail=detail),
                    i18n.text("classification.unknown_impact", "en", detail=detail),
                    field="impacts",
                )
            found.append(self.matrix[obj][self.degrees.index(degree)])
        return self.highest(found)


def _parse(doc: Any, file: str) -> Scheme:
    if not isinstance(doc, dict):
        raise ConfigError("应为映射", "must be a mapping", file=file, line=1)
    try:
        m = _SchemeModel.model_validate(doc)
    except pydantic.ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        line = doc.line_of(loc[0]) if loc and isinstance(doc, _yaml.LinedDict) else None
        node: Any = doc
        for part in loc:  # walk down to the innermost mapping we can find a line for
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(node, (_yaml.LinedDict, _yaml.LinedList)) and node.line:
                line = node.line
        field = ".".join(str(p) for p in loc)
        raise ConfigError(
            i18n.text("classification.bad_field", "zh", field=field, detail=err["msg"]),
            i18n.text("classification.bad_field", "en", field=field, detail=err["msg"]),
            file=file,
            line=line,
            field=field,
        ) from None
    levels = tuple(str(lv.id) for lv in m.levels)
    scheme = Scheme(
        id=m.id,
        names=m.name,
        source=m.source,
        provisional=m.provisional,
        levels=levels,
        level_names={lv.id: lv.name for lv in m.levels},
        level_attrs={lv.id: {"open": lv.open, "share": lv.share} for lv in m.levels},
        tiers=dict(m.tiers),
        matrix=dict(m.matrix.objects) if m.matrix else None,
        degrees=tuple(m.matrix.degrees) if m.matrix else (),
        rules=tuple(
            Rule(r.id, r.type, r.max_age, r.min_share, tuple(r.groups), r.min_rows, r.to, r.max, r.steps)
            for r in m.rules
        ),
    )
    tiers_line = doc.line_of("tiers") if isinstance(doc, _yaml.LinedDict) else None
    for tier in TIERS:
        if tier not in scheme.tiers:
            raise ConfigError(
                i18n.text("classification.missing_tier", "zh", tier=tier),
                i18n.text("classification.missing_tier", "en", tier=tier),
                file=file,
                line=tiers_line,
                field=f"tiers.{tier}",
            )
        scheme.check_level(scheme.tiers[tier], file=file, line=tiers_line)
    for row in (scheme.matrix or {}).values():
        for level in row:
            scheme.check_level(
                level, file=file, line=doc.line_of("matrix") if isinstance(doc, _yaml.LinedDict) else None
            )
        if len(row) != len(scheme.degrees):
            raise ConfigError(
                i18n.text("classification.matrix_row", "zh"),
                i18n.text("classification.matrix_row", "en"),
                file=file,
                line=doc.line_of("matrix") if isinstance(doc, _yaml.LinedDict) else None,
                field="matrix",
            )
    for rule in scheme.rules:
        for level in (rule.to, rule.cap):
            if level is not None:
                scheme.check_level(
                    level, file=file, line=doc.line_of("rules") if isinstance(doc, _yaml.LinedDict) else None
                )
    return scheme


@functools.cache
def _builtin(name: str) -> Scheme:
    text = resources.files("zjgov.classification.data.schemes").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return _parse(_yaml.loads(text, file=f"{name}.yaml"), f"{name}.yaml")


def load_scheme(name: str | os.PathLike[str] | Scheme) -> Scheme:
    """A built-in scheme by id (``db33-2350``, ``gbt-43697``, ``jrt-0197``) or a scheme YAML file."""
    if isinstance(name, Scheme):
        return name
    if str(name) in BUILTIN:
        return _builtin(str(name))
    path = Path(name)
    if path.suffix.lower() in (".yaml", ".yml", ".json") or path.exists():
        return _parse(_yaml.load(path), str(path))
    names = ", ".join(BUILTIN)
    raise ConfigError(
        i18n.text("classification.unknown_scheme", "zh", name=name, names=names),
        i18n.text("classification.unknown_scheme", "en", name=name, names=names),
        field="scheme",
    )


def gbt43697_level(impacts: Mapping[str, str]) -> str:
    """GB/T 43697-2024 6.5: the level for ``{impact object: impact degree}`` (highest wins).

    Objects: 国家安全, 经济运行, 社会秩序, 公共利益, 组织权益, 个人权益; degrees: 特别严重危害,
    严重危害, 一般危害, 无危害. Organisation and personal impacts give the general-data
    sub-levels (特别严重 → general-4 … 无危害 → general-1).
    """
    return load_scheme("gbt-43697").matrix_level(impacts)


def jrt0197_level(impacts: Mapping[str, str]) -> str:
    """JR/T 0197-2020 level from ``{impact object: degree}`` (provisional matrix [R])."""
    return load_scheme("jrt-0197").matrix_level(impacts)
