"""The release audit (发布前审计): may this data be shared, opened or sent abroad?

``audit(data, protection_list=..., scenario="open", inventory=..., mask_record=...)`` checks a
table (or a file, or a dataset package) against a protection list for one scenario and reports
**every** violation, each with a severity, a bilingual explanation naming the list entry (id,
file and line) and a remedy:

============================  ========  ==================================================================
code                          severity  meaning
============================  ========  ==================================================================
``prohibited``                error     the entry does not permit the field in this scenario, and it is present
``untreated``                 error     the entry requires a treatment and none was applied
``weaker_treatment``          error     the applied treatment is weaker than the entry requires
``incomparable_treatment``    error     the applied treatment cannot be shown to be as strong (see strength)
``missing_basis``             error     a matching entry names no legal or standard basis
``level_above_scenario``      error     a column graded at a level the scenario does not allow (e.g. L4 for
                                        opening) is released without being de-identified
``below_k``                   error     quasi-identifier combinations occur fewer than k times
``below_l`` / ``above_t``     error     a class has fewer than l distinct sensitive values / is farther than t
                                        (by the hierarchical distance when ``hierarchies`` has the attribute's)
``risk_above_threshold``      error     the highest prosecutor risk exceeds the list's threshold
``conditions``                warning   the scenario is allowed only on conditions (有条件共享, 受限开放):
                                        approval, data-subject authorisation, the secure open-data domain
``review``                    warning   the classification of a column needs review
``record_mismatch``           warning   the mask audit record does not describe this data (rows, columns)
============================  ========  ==================================================================

What was applied comes from the audit record of a ``zjgov mask`` run (``mask_record``); a
column whose every value is null or made of ``*`` counts as removed. A column counts as
**de-identified** when it is removed, when a treatment that meets every matching entry was
applied, or when it is a quasi-identifier of a release that reaches the list's k (and l, t):
GB/T 37964-2019 treats a k-anonymous set of quasi-identifiers as de-identified, so their graded
level no longer blocks the release.

>>> import pandas as pd
>>> from zjgov.security.protection import default_list
>>> r = audit(pd.DataFrame({"公民身份号码": ["330106199001011234"] * 5}), protection_list=default_list(), scenario="open")
>>> [v.code for v in r.violations if v.severity == "error"]
['prohibited']
>>> r.passed, r.exit_code
(False, 1)
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from zjgov import i18n
from zjgov.security import privacy as pv
from zjgov.security.protection import model as plm
from zjgov.security.protection import strength

FORMAT = "zjgov-release-audit/1"
SEVERITIES = ("error", "warning", "info")

i18n.add(
    {
        "audit.prohibited": (
            "列“{column}”：保护清单条目 {entry} 规定{scenario}场景下不得提供（{mode}），但该列仍在数据中",
            "column '{column}': protection-list entry {entry} does not permit it for {scenario} ({mode}), but it is present",
        ),
        "audit.prohibited.fix": (
            "删除该列或整列抑制（suppress / nullify）",
            "drop the column or suppress it entirely (suppress / nullify)",
        ),
        "audit.untreated": (
            "列“{column}”：条目 {entry} 要求{scenario}前至少做“{required}”处理，但未做任何处理",
            "column '{column}': entry {entry} requires at least '{required}' before {scenario}, and nothing was applied",
        ),
        "audit.weaker_treatment": (
            "列“{column}”：已做的“{applied}”弱于条目 {entry} 要求的“{required}”",
            "column '{column}': the applied '{applied}' is weaker than the '{required}' entry {entry} requires",
        ),
        "audit.weaker_map": (
            "列“{column}”：已做的自定义泛化映射（generalise:map）比条目 {entry} 要求的映射更细："
            "要求的映射把两者共有的取值分为 {groups} 组，其中 {split} 组被已做的映射拆开"
            "（映射 A 至少与 B 一样强，当且仅当 B 的每一组都整体落在 A 的某一组内）",
            "column '{column}': the applied user-defined mapping (generalise:map) is finer than the one entry {entry} "
            "requires: the required mapping puts the values both name into {groups} groups and the applied mapping "
            "splits {split} of them (a mapping A is at least as strong as B when each group of B lies inside one group of A)",
        ),
        "audit.incomparable_treatment": (
            "列“{column}”：已做的“{applied}”与条目 {entry} 要求的“{required}”无法比较强弱",
            "column '{column}': the applied '{applied}' cannot be compared with the '{required}' entry {entry} requires",
        ),
        "audit.treat.fix": ("按“{required}”或更强的方式处理该列", "treat the column with '{required}' or stronger"),
        "audit.missing_basis": (
            "保护清单条目 {entry} 没有写明法律或标准依据（basis），无法据此作出发布决定",
            "protection-list entry {entry} names no legal or standard basis, so no release decision can rest on it",
        ),
        "audit.missing_basis.fix": (
            "在保护清单中为该条目补充 basis",
            "add a basis to the entry in the protection list",
        ),
        "audit.level_above_scenario": (
            "列“{column}”定级为 {level}（{attribute}），未去标识化不得用于{scenario}",
            "column '{column}' is graded {level} ({attribute}) and may not be used for {scenario} without de-identification",
        ),
        "audit.level.fix": (
            "按保护清单处理该列；准标识符须使整个数据集达到 k 匿名",
            "treat the column as the protection list requires; quasi-identifiers must make the dataset k-anonymous",
        ),
        "audit.below_k": (
            "准标识符（{qis}）组合：{classes} 个等价类少于 k={k} 条记录，涉及 {records} 条记录（最小等价类 {min} 条）",
            "quasi-identifiers ({qis}): {classes} equivalence classes have fewer than k={k} records, {records} records in all (the smallest has {min})",
        ),
        "audit.below_k.fix": (
            "泛化准标识符并抑制少量记录（zjgov audit --fix-policy 给出满足 k 的最小损失方案）",
            "generalise the quasi-identifiers and suppress a few records (zjgov audit --fix-policy finds the least-loss generalisation reaching k)",
        ),
        "audit.below_l": (
            "敏感属性“{column}”：{classes} 个等价类的不同取值少于 l={l}（最少 {min} 个）",
            "sensitive attribute '{column}': {classes} classes have fewer than l={l} distinct values (the fewest: {min})",
        ),
        "audit.above_t": (
            "敏感属性“{column}”：{classes} 个等价类与总体分布的{distance}超过 t={t}（最大 {max}）",
            "sensitive attribute '{column}': {classes} classes are farther than t={t} from the overall distribution by the {distance} (largest {max})",
        ),
        "audit.bad_hierarchy": (
            "敏感属性“{column}”的泛化层级不能用于 t 接近性的层级距离：{detail}",
            "the hierarchy of the sensitive attribute '{column}' cannot give t its hierarchical distance: {detail}",
        ),
        "audit.distance.hierarchical": ("层级距离（EMD）", "hierarchical distance (EMD)"),
        "audit.distance.ordered": ("有序距离（EMD）", "ordered distance (EMD)"),
        "audit.distance.equal": ("等值距离（EMD）", "equal distance (EMD)"),
        "audit.lt.fix": (
            "进一步泛化准标识符或抑制这些等价类",
            "generalise the quasi-identifiers further or suppress these classes",
        ),
        "audit.risk": (
            "最高重标识风险（检察官攻击）{risk} 超过清单阈值 {threshold}",
            "the highest (prosecutor) re-identification risk {risk} exceeds the list's threshold {threshold}",
        ),
        "audit.conditions": (
            "{columns}：{scenario}须满足条件（{attribute}）：经数据主管部门审批、取得数据主体授权，并在安全可控的环境中提供",
            "{columns}: {scenario} is allowed only on conditions ({attribute}): approval by the data authority, the data subjects' authorisation, a secure environment",
        ),
        "audit.conditions.fix": (
            "办理审批并在受限开放域内提供",
            "obtain the approval and release inside the restricted domain",
        ),
        "audit.review": (
            "列“{column}”的分类分级需要人工复核（置信度低或证据冲突）",
            "the classification of column '{column}' needs review (low confidence or conflicting evidence)",
        ),
        "audit.review.fix": (
            "复核分类分级清单，必要时用覆盖文件修正",
            "review the inventory and correct it with an overrides file if needed",
        ),
        "audit.record_rows": (
            "脱敏审计记录写的是 {record} 行，数据有 {data} 行：记录可能不属于这份数据",
            "the mask audit record covers {record} rows but the data has {data}: the record may belong to other data",
        ),
        "audit.record_column": (
            "脱敏审计记录处理过的列“{column}”不在数据中",
            "column '{column}' treated by the mask audit record is not in the data",
        ),
        "audit.record.fix": (
            "用同一次 zjgov mask 的输出和记录重新审计",
            "audit the output and record of the same zjgov mask run",
        ),
        "audit.bad_record": ("无法读取脱敏审计记录：{detail}", "cannot read the mask audit record: {detail}"),
        "audit.nothing_applied": ("未处理", "nothing"),
    }
)


@dataclasses.dataclass(frozen=True)
class Violation:
    """One finding of the audit (messages never contain data values)."""

    code: str
    severity: str
    columns: tuple[str, ...]
    entry: str | None
    source: str | None
    message_zh: str
    message_en: str
    remedy_zh: str = ""
    remedy_en: str = ""
    figures: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return self.message_zh if i18n.check_lang(lang) == "zh" else self.message_en

    def remedy(self, lang: str | None = None) -> str:
        return self.remedy_zh if i18n.check_lang(lang) == "zh" else self.remedy_en

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "columns": list(self.columns),
            "entry": self.entry,
            "source": self.source,
            "zh": self.message_zh,
            "en": self.message_en,
            "remedy_zh": self.remedy_zh,
            "remedy_en": self.remedy_en,
            "figures": _plain(dict(self.figures)),
        }


@dataclasses.dataclass(frozen=True)
class ColumnStatus:
    """How one column stands: its classification, role, requirement, treatment and verdict."""

    column: str
    category: str | None
    level: str | None
    role: str
    entries: tuple[str, ...]
    required: str  # the strongest treatment the matching entries require ("-" when none)
    applied: str | None
    removed: bool
    deidentified: bool
    ok: bool

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"entries": list(self.entries)}


@dataclasses.dataclass
class AuditResult:
    """Everything the audit found, plus the privacy measurement of the release."""

    scenario: str
    rows: int
    violations: list[Violation]
    columns: list[ColumnStatus]
    qis: tuple[str, ...]
    sensitive: tuple[str, ...]
    requirement: plm.PrivacyRequirement
    measurement: pv.Measurement | None
    list_name: str
    list_files: tuple[str, ...]
    source: str = ""
    mask_record: Mapping[str, Any] | None = None
    created: str = dataclasses.field(default_factory=lambda: _dt.datetime.now().isoformat(timespec="seconds"))
    #: the ground distance t was checked with, per sensitive attribute: hierarchical, ordered or equal
    t_distance: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "error"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "warning"]

    @property
    def passed(self) -> bool:
        """No error: nothing blocks the release (warnings may still ask for conditions)."""
        return not self.errors

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "created": self.created,
            "source": self.source,
            "scenario": self.scenario,
            "scenario_name": list(plm.SCENARIO_NAMES[self.scenario]),
            "rows": self.rows,
            "passed": self.passed,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "protection_list": {"name": self.list_name, "files": list(self.list_files)},
            "requirement": _plain(dataclasses.asdict(self.requirement)),
            "quasi_identifiers": list(self.qis),
            "sensitive": list(self.sensitive),
            "violations": [v.to_dict() for v in self.violations],
            "columns": [c.to_dict() for c in self.columns],
            "measurement": self.measurement.to_dict() if self.measurement else None,
            "t_distance": dict(self.t_distance),
            "mask_record": dict(self.mask_record) if self.mask_record else None,
        }

    def to_json(self, path: str | os.PathLike[str] | None = None) -> str:
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def to_text(self, lang: str | None = None) -> str:
        """The lines a data officer reads on a terminal."""
        from zjgov.security.audit_report import text_summary

        return text_summary(self, lang)

    def to_html(self, path: str | os.PathLike[str] | None = None, lang: str | None = None) -> str:
        from zjgov.security.audit_report import render_audit

        text = render_audit(self, lang)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def effect(self) -> dict[str, Any]:
        """The effect-evaluation report (GB/T 42460-2023 spirit) as JSON-ready data."""
        from zjgov.security.audit_report import effect_report

        return effect_report(self)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _pair(key: str, **fields: Any) -> tuple[str, str]:
    zh_fields = {k: (v[0] if isinstance(v, tuple) else v) for k, v in fields.items()}
    en_fields = {k: (v[1] if isinstance(v, tuple) else v) for k, v in fields.items()}
    return i18n.text(key, "zh", **zh_fields), i18n.text(key, "en", **en_fields)


# -- inputs -----------------------------------------------------------------------------------
class TableFacts:
    """What the audit reads from the data, for a pandas frame (the in-memory run).

    :func:`audit` asks only these questions of the table, so another implementation answers
    them from a distributed frame (``zjgov.distributed.release``) and the audit is the same.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    @property
    def columns(self) -> list[Any]:
        return list(self.frame.columns)

    @property
    def rows(self) -> int:
        return len(self.frame)

    def classify(self) -> Any:
        """The classification inventory of the table (``zjgov.classification.classify``)."""
        from zjgov.classification import classify

        return classify(self.frame)

    def removed(self) -> dict[str, bool]:
        """Whether each column is removed: every value null or made of ``*``."""
        return {str(c): _removed(self.frame[c]) for c in self.frame.columns}

    def measure(
        self, qis: Sequence[str], sensitive: Sequence[str], population: Any, threshold: float
    ) -> pv.Measurement:
        return pv.measure(self.frame, qis, sensitive=sensitive, population=population, threshold=threshold)

    def classes(self, qis: Sequence[str]) -> pv.EquivalenceClasses:
        return pv.equivalence_classes(self.frame, qis)

    def sensitive_counts(self, ec: pv.EquivalenceClasses, column: str, ordered: bool) -> pv.SensitiveCounts:
        """The (class, value) counts of ``column`` over the classes ``ec`` of :meth:`classes`."""
        return pv.sensitive_counts(self.frame, ec, column, ordered=ordered, classes=ec)

    def numeric(self, column: str) -> bool:
        """Whether ``column`` holds numbers (t-closeness then takes the ordered distance)."""
        return bool(pd.api.types.is_numeric_dtype(self.frame[column]))

    def hierarchical_emd(self, ec: pv.EquivalenceClasses, column: str, hierarchy: Any) -> np.ndarray:
        """The EMD of every class of ``ec`` (of :meth:`classes`) by the hierarchical distance of
        ``column``'s ``hierarchy`` (value → ``[level 1, …]``), as the search checks ``t`` with it."""
        return pv.hierarchical_emd_by_class(self.frame, ec, column, hierarchy)


def sensitive_hierarchy(hierarchies: Mapping[str, Any] | None, column: str) -> Any:
    """The value → ``[level 1, …]`` table of ``column`` in ``hierarchies`` (a user
    :class:`~zjgov.security.anonymise.Hierarchy` or the table itself), or ``None``: a hierarchy
    without a table (ages, dates, divisions) gives no distance, as in the search."""
    h = (hierarchies or {}).get(column)
    table = getattr(h, "table", h)
    return table if isinstance(table, Mapping) and table else None


def _hierarchical_emd(facts: TableFacts, ec: pv.EquivalenceClasses, column: str, tree: Any) -> np.ndarray:
    """:meth:`TableFacts.hierarchical_emd`; a hierarchy that does not fit the column (a value
    missing, levels of different depths, not nested) is a configuration error naming it."""
    from zjgov.errors import ConfigError

    try:
        return facts.hierarchical_emd(ec, column, tree)
    except ConfigError:
        raise
    except ValueError as exc:
        zh, en = (i18n.text("audit.bad_hierarchy", lang, column=column, detail=str(exc)) for lang in ("zh", "en"))
        raise ConfigError(zh, en, field=f"hierarchies.{column}") from None


def read_data(data: Any) -> tuple[pd.DataFrame, str]:
    """The table to audit and its source: a DataFrame as it is (source ``""``), a data file, or a
    dataset package (directory or ``.zip``, verified, holding exactly one table)."""
    if isinstance(data, pd.DataFrame):
        return data, ""
    p = Path(data)
    if p.is_dir() or p.suffix.lower() == ".zip":  # a dataset package: verified, then its one table
        from zjgov.errors import ConfigError
        from zjgov.exchange import package as pkg

        tables = pkg.read(p)
        if len(tables) != 1:
            names = ", ".join(tables)
            raise ConfigError(
                f"数据包有 {len(tables)} 张表（{names}），请逐表审计",
                f"the package has {len(tables)} tables ({names}); audit them one by one",
                file=str(p),
            )
        return next(iter(tables.values())), str(p)
    from zjgov import io

    return io.read_table(p), str(p)


def _read_record(record: Any) -> Any:
    if record is None:
        return None
    from zjgov.errors import ConfigError
    from zjgov.security.record import AuditRecord, read_record

    if isinstance(record, AuditRecord):
        return record
    if isinstance(record, Mapping):
        return AuditRecord.from_dict(dict(record))
    try:
        return read_record(record)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise ConfigError(
            *_pair("audit.bad_record", detail=type(exc).__name__ + ": " + str(exc)[:200]), file=str(record)
        ) from None


def _column_info(
    facts: TableFacts, inventory: Any, record: Any, schema: Any = None
) -> tuple[dict[str, dict[str, Any]], Any]:
    """Column -> {category, level, review, elements} and the grading scheme. ``elements`` are the
    names of the data element the column is bound to: by an exchange ``schema`` (the element whose
    column, identifier, Chinese or English name is the column's), or by an ``element`` the
    inventory records for the column."""
    from zjgov.classification import load_scheme, read_inventory
    from zjgov.classification.inventory import Inventory

    scheme = None
    if inventory is None:
        inventory = facts.classify()
    if isinstance(inventory, Inventory):
        scheme = inventory.scheme
        rows = [
            {
                "column": e.column,
                "category": e.category,
                "level": e.level,
                "review": e.review,
                "element": getattr(e, "element", None),
            }
            for e in inventory.entries
        ]
    else:
        table = inventory if isinstance(inventory, pd.DataFrame) else read_inventory(inventory)
        wanted = [c for c in ("column", "category", "level", "review", "element") if c in table.columns]
        rows = table[wanted].to_dict("records")
    info = {str(r["column"]): r for r in rows}
    for r in info.values():
        element = r.pop("element", None)
        r["elements"] = (str(element),) if isinstance(element, str) and element else ()
    for col, names in _schema_elements(schema, facts.columns).items():
        entry = info.setdefault(col, {"column": col, "category": None, "level": None, "review": False})
        entry["elements"] = tuple(dict.fromkeys((*entry.get("elements", ()), *names)))
    if record is not None:
        for c in record.columns:
            if c.category and c.column in facts.columns and c.column not in info:
                info[c.column] = {"column": c.column, "category": c.category, "level": c.level, "review": False}
    return info, scheme or load_scheme("db33-2350")


def _schema_elements(schema: Any, columns: Sequence[Any]) -> dict[str, tuple[str, ...]]:
    """Column -> the names of the schema element bound to it (duck-typed: ``schema.elements``, each
    with ``column``, ``identifier``, ``name_zh``, ``name_en``; a path is loaded as an exchange schema)."""
    if schema is None:
        return {}
    if isinstance(schema, str | os.PathLike):
        from zjgov.exchange.schema import Schema

        schema = Schema.load(schema)
    names_present = set(map(str, columns))
    out: dict[str, tuple[str, ...]] = {}
    for el in getattr(schema, "elements", None) or ():
        names = tuple(str(x) for x in (getattr(el, a, None) for a in ("identifier", "name_zh", "name_en")) if x)
        for c in (getattr(el, "column", None), *names):
            if c and str(c) in names_present:
                out[str(c)] = names
                break
    return out


def _removed(column: pd.Series) -> bool:
    values = column.dropna()
    if values.empty:
        return True
    text = values.astype(str)
    return bool(text.str.fullmatch(r"\*+").all())


def _applied(record: Any) -> dict[str, strength.Treatment]:
    out: dict[str, strength.Treatment] = {}
    if record is None:
        return out
    for c in record.columns:
        try:
            out[c.column] = strength.parse_with(c.operator, c.params)
        except strength.UnknownTreatment:
            out[c.column] = strength.Treatment(c.operator, c.operator, 2, dict(c.params), c.family)
    return out


# -- the audit ---------------------------------------------------------------------------------
def audit(
    data: pd.DataFrame | str | os.PathLike[str] | TableFacts,
    *,
    protection_list: plm.ProtectionList,
    scenario: str,
    inventory: Any = None,
    mask_record: Any = None,
    qis: Sequence[str] | None = None,
    sensitive: Sequence[str] | None = None,
    population: pd.DataFrame | None = None,
    schema: Any = None,
    hierarchies: Mapping[str, Any] | None = None,
) -> AuditResult:
    """Check ``data`` against ``protection_list`` for ``scenario`` (see the module docstring).

    ``inventory`` is a classification inventory (object, table or file; by default the data is
    classified), ``mask_record`` the audit record of the ``zjgov mask`` run that produced the
    data (object, dict or file), ``qis`` / ``sensitive`` override the roles the list and the
    catalogue give, ``population`` adds the journalist risk, ``schema`` (an exchange schema or its
    file) binds columns to data elements so that entries targeting an element match them.
    ``hierarchies`` (column → a user :class:`~zjgov.security.anonymise.Hierarchy` or value →
    ``[level 1, …]``, as ``zjgov audit --hierarchies`` reads them): ``t`` of a sensitive attribute
    that has one takes the **hierarchical** distance, as the search and ``zjgov mask`` check it;
    otherwise the ordered distance for numbers and the equal distance for the rest. ``data`` may also be a
    :class:`TableFacts` (what the audit reads of a table; ``zjgov.distributed`` gives one for a
    Dask or Spark frame).
    """
    scenario = plm.scenario(scenario)
    if isinstance(data, TableFacts):
        facts, source = data, ""
    else:
        frame, source = read_data(data)
        facts = TableFacts(frame)
    record = _read_record(mask_record)
    info, scheme = _column_info(facts, inventory, record, schema)
    applied = _applied(record)
    requirement = protection_list.requirement(scenario)
    sname = plm.SCENARIO_NAMES[scenario]
    violations: list[Violation] = []
    roles: dict[str, str] = {}
    statuses: dict[str, dict[str, Any]] = {}
    basis_reported: set[str] = set()
    conditional: dict[str, list[str]] = {}
    table_roles = {**pv.CATEGORY_ROLES, **protection_list.roles()}

    removed_columns = facts.removed()
    for col in facts.columns:
        col = str(col)
        meta = info.get(col, {})
        category = meta.get("category")
        entries = protection_list.matching(col, category, meta.get("elements", ()))
        role = next((e.role for e in entries if e.role), None) or table_roles.get(category or "", "other")
        roles[col] = role
        removed = removed_columns[col]
        got = applied.get(col)
        got_t = strength.Treatment("keep", "keep", 5, {}) if removed and got is None else got
        if removed and got_t is not None and got_t.tier < 5:
            got_t = dataclasses.replace(got_t, tier=5)
        required = "-"
        strongest: strength.Treatment | None = None
        ok = True
        for e in entries:
            rule = e.rule(scenario)
            label = (e.label("zh"), e.label("en"))
            if not e.basis and e.id not in basis_reported:
                basis_reported.add(e.id)
                violations.append(
                    _v(
                        "missing_basis",
                        "error",
                        (col,),
                        e,
                        _pair("audit.missing_basis", entry=label),
                        _pair("audit.missing_basis.fix"),
                    )
                )
            if rule.mode in ("有条件", "受限") and not removed:
                conditional.setdefault(rule.mode, []).append(col)
            req_t = rule.required()  # with its parameters (a generalise:map's mapping)
            req = req_t.text
            strongest = req_t if strongest is None else (strength.stronger(req_t, strongest) or req_t)
            required = strongest.text
            if not rule.permitted:
                if not removed:
                    ok = False
                    mode = rule.mode or ("不得出境", "not permitted")
                    mode_pair = (mode, plm.MODE_EN.get(mode, mode)) if isinstance(mode, str) else mode
                    violations.append(
                        _v(
                            "prohibited",
                            "error",
                            (col,),
                            e,
                            _pair("audit.prohibited", column=col, entry=label, scenario=sname, mode=mode_pair),
                            _pair("audit.prohibited.fix"),
                        )
                    )
                continue
            if req == strength.KEEP:
                continue
            c = strength.compare(got_t, req_t) if got_t is not None else -1
            if c is not None and c >= 0:
                continue
            ok = False
            if got_t is None:
                key = "audit.untreated"
            else:
                key = "audit.incomparable_treatment" if c is None else "audit.weaker_treatment"
            code = key.split(".", 1)[1]
            fields: dict[str, Any] = {"column": col, "entry": label, "scenario": sname, "required": req}
            fields["applied"] = got_t.text if got_t else ""
            if code == "weaker_treatment" and got_t.operator == req_t.operator == "generalise:map":
                key = "audit.weaker_map"  # say how much finer, in counts (no values)
                groups, split = strength.split_groups(got_t.params.get("mapping"), req_t.params.get("mapping"))
                fields.update(groups=groups, split=split)
            violations.append(
                _v(code, "error", (col,), e, _pair(key, **fields), _pair("audit.treat.fix", required=req))
            )
        statuses[col] = {
            "column": col,
            "category": category,
            "level": meta.get("level"),
            "role": role,
            "entries": tuple(e.id for e in entries),
            "required": required,
            "applied": "removed" if removed and got is None else (got.text if got else None),
            "removed": removed,
            "treated_ok": ok and (removed or (got is not None and got.operator != "keep" and bool(entries))),
            "ok": ok,
        }
        if meta.get("review"):
            violations.append(
                _v("review", "warning", (col,), None, _pair("audit.review", column=col), _pair("audit.review.fix"))
            )

    # -- quasi-identifiers and the privacy model --------------------------------------------
    present = [c for c in facts.columns if not statuses[str(c)]["removed"]]
    qi_list = tuple(qis) if qis is not None else tuple(c for c in present if roles.get(str(c)) == "quasi")
    sens = (
        tuple(sensitive)
        if sensitive is not None
        else tuple(requirement.sensitive) or tuple(c for c in present if roles.get(str(c)) == "sensitive")
    )
    sens = tuple(s for s in sens if s in facts.columns and s not in qi_list)
    measurement = None
    privacy_ok = True
    t_distances: dict[str, str] = {}
    if qi_list:
        measurement = facts.measure(qi_list, sens, population, requirement.threshold or pv.DEFAULT_THRESHOLD)
        ec = facts.classes(qi_list)
        names = "、".join(qi_list)
        if requirement.k and measurement.k < requirement.k and ec.n_classes:
            privacy_ok = False
            small = ec.sizes < requirement.k
            violations.append(
                _v(
                    "below_k",
                    "error",
                    qi_list,
                    None,
                    _pair(
                        "audit.below_k",
                        qis=(names, ", ".join(qi_list)),
                        classes=int(small.sum()),
                        k=requirement.k,
                        records=int(ec.sizes[small].sum()),
                        min=int(ec.sizes.min()),
                    ),
                    _pair("audit.below_k.fix"),
                    {
                        "k": measurement.k,
                        "k_required": requirement.k,
                        "classes_below": int(small.sum()),
                        "records_below": int(ec.sizes[small].sum()),
                    },
                )
            )
        for s in sens:
            counts = facts.sensitive_counts(ec, s, False)
            if requirement.l and ec.n_classes:
                distinct = pv.distinct_l_by_class(counts)
                bad = distinct < requirement.l
                if bad.any():
                    privacy_ok = False
                    violations.append(
                        _v(
                            "below_l",
                            "error",
                            (s,),
                            None,
                            _pair(
                                "audit.below_l",
                                column=s,
                                classes=int(bad.sum()),
                                l=requirement.l,
                                min=int(distinct.min()),
                            ),
                            _pair("audit.lt.fix"),
                        )
                    )
            if requirement.t is not None and ec.n_classes:
                tree = sensitive_hierarchy(hierarchies, s)
                if tree is not None:
                    distance = "hierarchical"
                    emd = _hierarchical_emd(facts, ec, s, tree)
                    # the measurement's t is the one checked (the effect report shows it)
                    measurement = dataclasses.replace(measurement, t={**measurement.t, s: float(emd.max())})
                else:
                    distance = "ordered" if facts.numeric(s) else "equal"
                    emd = pv.emd_by_class(facts.sensitive_counts(ec, s, distance == "ordered"))
                t_distances[s] = distance
                bad = emd > requirement.t + 1e-12
                if bad.any():
                    privacy_ok = False
                    violations.append(
                        _v(
                            "above_t",
                            "error",
                            (s,),
                            None,
                            _pair(
                                "audit.above_t",
                                column=s,
                                classes=int(bad.sum()),
                                t=requirement.t,
                                max=round(float(emd.max()), 4),
                                distance=_pair(f"audit.distance.{distance}"),
                            ),
                            _pair("audit.lt.fix"),
                            {
                                "t": round(float(emd.max()), 6),
                                "t_required": requirement.t,
                                "distance": distance,
                                "classes_above": int(bad.sum()),
                            },
                        )
                    )
        if (
            requirement.threshold
            and measurement.prosecutor.highest > requirement.threshold + 1e-12
            and not (requirement.k and measurement.k < requirement.k)
        ):
            privacy_ok = False
            violations.append(
                _v(
                    "risk_above_threshold",
                    "error",
                    qi_list,
                    None,
                    _pair("audit.risk", risk=round(measurement.prosecutor.highest, 4), threshold=requirement.threshold),
                    _pair("audit.below_k.fix"),
                )
            )

    # -- the level gate ------------------------------------------------------------------------
    attr_key = {"open": "open", "share": "share"}.get(scenario)
    blocked_values = {"禁止开放", "不予共享"}
    for col, st in statuses.items():
        level = st["level"]
        st["deidentified"] = bool(
            st["removed"] or st["treated_ok"] or (col in qi_list and privacy_ok and bool(requirement.k))
        )
        if attr_key is None or not level or level not in scheme.levels:
            continue
        attribute = scheme.attributes(level).get(attr_key, "")
        if (
            attribute in blocked_values and not st["deidentified"] and st["ok"]
        ):  # an entry already explains a failing column
            st["ok"] = False
            from zjgov.classification.inventory import attribute_text

            violations.append(
                _v(
                    "level_above_scenario",
                    "error",
                    (col,),
                    None,
                    _pair(
                        "audit.level_above_scenario",
                        column=col,
                        level=level,
                        attribute=(attribute, attribute_text(attribute, "en")),
                        scenario=sname,
                    ),
                    _pair("audit.level.fix"),
                    {"level": level},
                )
            )
        elif attribute in ("受限开放", "有条件共享") and not st["removed"]:
            conditional.setdefault("受限" if attribute == "受限开放" else "有条件", []).append(col)
    for attribute, cols in conditional.items():
        cols = sorted(set(cols), key=list(statuses).index)
        if not cols:
            continue
        shown = "、".join(cols) if len(cols) <= 6 else "、".join(cols[:6]) + f" 等 {len(cols)} 列"
        shown_en = ", ".join(cols) if len(cols) <= 6 else ", ".join(cols[:6]) + f" and {len(cols) - 6} more"
        violations.append(
            _v(
                "conditions",
                "warning",
                tuple(cols),
                None,
                _pair(
                    "audit.conditions",
                    columns=(shown, shown_en),
                    scenario=sname,
                    attribute=(attribute, plm.MODE_EN[attribute]),
                ),
                _pair("audit.conditions.fix"),
            )
        )

    # -- the mask record -----------------------------------------------------------------------
    rec_summary = None
    if record is not None:
        if record.rows and record.rows != facts.rows:
            violations.append(
                _v(
                    "record_mismatch",
                    "warning",
                    (),
                    None,
                    _pair("audit.record_rows", record=record.rows, data=facts.rows),
                    _pair("audit.record.fix"),
                )
            )
        for c in record.columns:
            if c.present and c.column not in facts.columns:
                violations.append(
                    _v(
                        "record_mismatch",
                        "warning",
                        (c.column,),
                        None,
                        _pair("audit.record_column", column=c.column),
                        _pair("audit.record.fix"),
                    )
                )
        rec_summary = {
            "format": record.format,
            "created": record.created,
            "policy": record.policy,
            "rows": record.rows,
            "columns": {
                c.column: {"operator": c.operator, "key_id": c.key_id, "changed": c.changed} for c in record.columns
            },
            "suppressed_records": record.records.get("suppressed", 0),
        }
    order = {s: i for i, s in enumerate(SEVERITIES)}
    violations.sort(key=lambda v: order[v.severity])
    columns = [
        ColumnStatus(
            s["column"],
            s["category"],
            s["level"],
            s["role"],
            s["entries"],
            s["required"],
            s["applied"],
            s["removed"],
            s["deidentified"],
            s["ok"],
        )
        for s in statuses.values()
    ]
    return AuditResult(
        scenario,
        facts.rows,
        violations,
        columns,
        qi_list,
        sens,
        requirement,
        measurement,
        protection_list.name,
        protection_list.files,
        source,
        rec_summary,
        t_distance=t_distances,
    )


def _v(
    code: str,
    severity: str,
    columns: tuple,
    entry: Any,
    message: tuple[str, str],
    remedy: tuple[str, str],
    figures: Mapping[str, Any] | None = None,
) -> Violation:
    return Violation(
        code,
        severity,
        tuple(str(c) for c in columns),
        entry.id if entry is not None else None,
        entry.source if entry is not None else None,
        message[0],
        message[1],
        remedy[0],
        remedy[1],
        dict(figures or {}),
    )
