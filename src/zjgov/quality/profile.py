"""Profile a table and propose a starting rule set (``zjgov profile``).

For each column: the missing rate (null or blank), the number of distinct values, the share
of values passing each zjgov code (``codes.names()``), date formats, numbers, fixed lengths
and, for low-cardinality columns whose values repeat, the value set. Across columns: candidate
keys (columns or pairs of columns that are unique and complete) and duplicate records.

The proposal is a rule set in the format of :mod:`zjgov.quality.ruleset`. Detection uses the
rule kinds' own kernels, and the proposal is then run once through the quality engine on the
profiled rows, so each rule's threshold is exactly the pass rate the engine measures today
(rounded down; ``strict=True`` asks for 100% everywhere instead). The proposal passes on the
data it came from and flags any later regression.

Only value sets of repeating low-cardinality columns of code-like values appear in the output
(short values, none an identifier such as an ID or phone number, none a person's name); no
other value is ever copied into it. A file whose first line is data rather than a header
(a valid ID or phone number where a column name should be) is refused
(:func:`check_header`), so that values never become column names shown in reports.

>>> import pandas as pd
>>> frame = pd.DataFrame({"sfzh": ["11010519491231002X", "440524188001010014"] * 10,
...                       "xb": ["1", "2"] * 10, "id": [str(i) for i in range(20)]})
>>> p = profile(frame, name="demo")
>>> p.column("sfzh").code, p.column("xb").code, p.keys
('citizen_id', 'sex', [['id']])
>>> [(r["kind"], r.get("column")) for r in p.rules][:3]
[('not_blank', 'sfzh'), ('code', 'sfzh'), ('not_blank', 'xb')]
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import yaml

from zjgov import __version__, _data, codes, i18n, io
from zjgov.errors import ConfigError
from zjgov.quality.builtin import present, text_array
from zjgov.quality.engine import run as run_engine
from zjgov.quality.rules import rule
from zjgov.quality.ruleset import RuleSet

#: Rows read from a file by default (the proposal is a starting point, not a verdict).
MAX_ROWS = 200_000
#: Values per column used to detect codes, dates and numbers.
DETECT_ROWS = 5_000
#: A code, date format or number type is detected when at least this share of values passes.
DETECT_SHARE = 0.8
#: Small code tables (one- or two-digit codes) match many ordinary numbers: they need this share.
TABLE_SHARE = 0.95
TABLE_CODES = frozenset({"sex", "ethnicity", "education", "family_relationship"})
#: Codes' shares below this are left out of the profile.
REPORT_SHARE = 0.05
#: A column with at most this many distinct values (each seen several times) gets a value set.
MAX_VALUES = 20
#: Minimum mean repetitions per value for a value set (so that a few rows of names are not one).
MIN_REPEAT = 3
#: A proposed rule the profiled data passes less often than this is dropped (it describes nothing).
MIN_PASS = 0.5
#: Proposed thresholds are rounded down to this many decimals.
DIGITS = 3
#: Columns tried in pairs for a composite key (the most distinct ones).
PAIR_COLUMNS = 8
#: Longest value that can be a code (longer text is not tried against the codes).
CODE_MAX_CHARS = 24
#: Longest value a proposed value set may hold (code tables: 1, 2, 3 … characters).
SET_MAX_CHARS = 8
#: Codes that identify a person or a body: their values never go into a value set.
IDENTIFYING = frozenset(
    {"citizen_id", "mobile", "landline", "bank_card", "passport", "travel_permit", "plate", "vin"}
    | {"uscc", "org_code", "elicense"}
)
#: Codes whose valid values in a header row mean the row is data, not column names.
HEADER_DATA_CODES = ("citizen_id", "mobile", "uscc", "bank_card")

DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y%m%d",
    "%Y/%m/%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y年%m月%d日",
)
#: When several codes pass equally often, the earlier (more specific) one wins.
CODE_PRIORITY = (
    "citizen_id",
    "uscc",
    "org_code",
    "vin",
    "bank_card",
    "mobile",
    "elicense",
    "passport",
    "travel_permit",
    "plate",
    "division",
    "landline",
    "postcode",
    "ethnicity",
    "education",
    "family_relationship",
    "sex",
)

i18n.add(
    {
        "quality.profile.rule.not_blank": (
            "{column} 应填写（当前缺失率 {rate}）",
            "{column} should be filled in (missing now: {rate})",
        ),
        "quality.profile.rule.code": (
            "{column} 应符合{title}（当前 {rate} 合规）",
            "{column} should be a valid {title} ({rate} valid now)",
        ),
        "quality.profile.rule.date_format": (
            "{column} 是 {format} 格式的日期",
            "{column} holds dates formatted {format}",
        ),
        "quality.profile.rule.not_future": ("{column} 不应晚于当前时间", "{column} should not lie in the future"),
        "quality.profile.rule.type": ("{column} 应为{type}", "{column} should be {type}"),
        "quality.profile.rule.length": ("{column} 长度应为 {length}", "{column} should be {length} characters long"),
        "quality.profile.rule.in_set": (
            "{column} 取值应在观察到的 {count} 个值中",
            "{column} should be one of the {count} values seen",
        ),
        "quality.profile.rule.unique": (
            "{columns} 可作为主键，应唯一",
            "{columns} looks like a key and should be unique",
        ),
        "quality.profile.rule.duplicates": ("不应有完全重复的记录", "there should be no duplicate records"),
        "quality.profile.type.integer": ("整数", "an integer"),
        "quality.profile.type.number": ("数值", "a number"),
        "quality.profile.name": (
            "{name} 的初始规则集（zjgov profile 生成）",
            "starting rule set for {name} (made by zjgov profile)",
        ),
        "quality.profile.duplicate_columns": ("列名重复：{names}", "duplicate column names: {names}"),
        "quality.profile.bad_rows": ("行数上限应为正整数", "the row limit must be a positive integer"),
        "quality.profile.headerless": (
            "第 1 行第 {position} 列像是数据（{what}）而不是列名：文件似乎没有表头行；请加上表头后再分析",
            "line 1, column {position} looks like data ({what}), not a column name: the file seems to have "
            "no header row; add one first",
        ),
        "quality.profile.header_number": ("数字", "a number"),
    }
)


@dataclasses.dataclass
class ColumnProfile:
    """What the profile found in one column (no values except a low-cardinality ``values`` set)."""

    name: str
    rows: int
    missing: int
    distinct: int
    codes: dict[str, float] = dataclasses.field(default_factory=dict)
    code: str | None = None
    date_format: str | None = None
    number: str | None = None  # "integer" or "number"
    length: int | None = None
    values: list[str] | None = None
    code_errors: dict[str, str] = dataclasses.field(default_factory=dict)  # code -> error type, if its check raised

    @property
    def missing_rate(self) -> float:
        return self.missing / self.rows if self.rows else 0.0

    @property
    def filled(self) -> int:
        return self.rows - self.missing


@dataclasses.dataclass
class Profile:
    """A table's profile and the proposed rule entries (``rules``, ready for :class:`RuleSet`)."""

    name: str
    rows: int
    truncated: bool
    columns: list[ColumnProfile]
    keys: list[list[str]]
    duplicate_records: int
    rules: list[dict[str, Any]]
    lang: str = "zh"

    def column(self, name: str) -> ColumnProfile:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def ruleset_dict(self) -> dict[str, Any]:
        """The proposed rule set as plain data (the YAML file's content)."""
        return {
            "name": i18n.text("quality.profile.name", self.lang, name=self.name),
            "rules": self.rules,
        }

    def ruleset(self) -> RuleSet:
        """The proposed rules, loaded exactly as a rule file would be."""
        return RuleSet.from_dict(self.ruleset_dict())

    def to_yaml(self) -> str:
        """The proposed rule set as a YAML rule file (with a header comment)."""
        head = (
            f"# zjgov {__version__} profile: {self.name}, {self.rows} rows"
            + (" (first rows only)" if self.truncated else "")
            + "\n# thresholds are today's pass rates; raise them as the data improves\n"
        )
        return head + yaml.safe_dump(self.ruleset_dict(), allow_unicode=True, sort_keys=False, width=120)

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-friendly."""
        return {
            "name": self.name,
            "rows": self.rows,
            "truncated": self.truncated,
            "columns": [
                {
                    **dataclasses.asdict(c),
                    "missing_rate": c.missing_rate,
                }
                for c in self.columns
            ],
            "keys": self.keys,
            "duplicate_records": self.duplicate_records,
            "ruleset": self.ruleset_dict(),
        }


# -- reading ------------------------------------------------------------------------------------
def _load(
    data: pd.DataFrame | str | os.PathLike[str], max_rows: int, encoding: str | None
) -> tuple[pd.DataFrame, bool, str]:
    if isinstance(data, pd.DataFrame):
        return data.iloc[:max_rows], len(data) > max_rows, "dataframe"
    if not isinstance(data, (str, os.PathLike)):
        raise TypeError(f"expected a DataFrame or a file path, not {type(data).__name__}")
    parts, total, truncated = [], 0, False
    for batch in io.iter_batches(data, batch_rows=min(max_rows, 100_000), encoding=encoding):
        if total >= max_rows:
            truncated = True
            break
        parts.append(batch.iloc[: max_rows - total])
        total += len(parts[-1])
        truncated = len(batch) > len(parts[-1])
    frame = pd.concat(parts) if parts else io.read_table(data, encoding=encoding)
    return frame, truncated, Path(data).name


# -- detection ------------------------------------------------------------------------------------
def _share(kind: str, column: str, frame: pd.DataFrame, **params: Any) -> float | None:
    """The pass rate of one rule kind on ``frame`` (via the kind's own kernel), over applicable rows."""
    r = rule(kind, column, **params)
    out = r.spec.kernel(frame, r, None)
    applicable = np.ones(len(frame), bool) if out.applicable is None else np.asarray(out.applicable, bool)
    n = int(applicable.sum())
    return float(np.asarray(out.ok, bool)[applicable].sum() / n) if n else None


def _code_shares(values: pd.Series) -> tuple[dict[str, float], dict[str, str]]:
    """Share of values passing each code, and the codes whose check raised (error type by code)."""
    arr, _ = text_array(values)
    lengths = pc.utf8_length(pc.utf8_trim_whitespace(arr)).to_numpy(zero_copy_only=False)
    if not len(values) or np.mean(lengths <= CODE_MAX_CHARS) < 0.5:
        return {}, {}
    shares, errors = {}, {}
    for name in codes.names():
        try:
            share = codes.get(name).check(values).n_valid / len(values)
        except Exception as exc:  # a broken code must not sink the whole profile: it is reported
            errors[name] = type(exc).__name__
            continue
        if share >= REPORT_SHARE:
            shares[name] = round(share, 4)
    return shares, errors


def _pick_code(shares: Mapping[str, float]) -> str | None:
    rank = {n: i for i, n in enumerate(CODE_PRIORITY)}
    good = [
        (-s, rank.get(n, len(rank)), n)
        for n, s in shares.items()
        if s >= (TABLE_SHARE if n in TABLE_CODES else DETECT_SHARE)
    ]
    return min(good)[2] if good else None


def _column(frame: pd.DataFrame, name: str) -> ColumnProfile:
    series = frame[name]
    have = present(series)
    values = series[have]
    distinct = int(values.nunique())
    col = ColumnProfile(name=name, rows=len(series), missing=int((~have).sum()), distinct=distinct)
    sample = values.iloc[:DETECT_ROWS]
    if not len(sample):
        return col
    sample_frame = sample.to_frame(name)
    for fmt in DATE_FORMATS:  # dates first: 19900101 or 1990-01-01 also pass some codes
        share = _share("date_format", name, sample_frame, format=fmt)
        if share is not None and share >= DETECT_SHARE:
            col.date_format = fmt
            return col
    col.codes, col.code_errors = _code_shares(sample)
    col.code = _pick_code(col.codes)
    if col.code is not None:
        return col
    for kind in ("integer", "number"):
        share = _share("type", name, sample_frame, type=kind)
        if share is not None and share >= DETECT_SHARE:
            col.number = kind
            break
    repeated = distinct <= MAX_VALUES and len(values) >= MIN_REPEAT * distinct
    if repeated and not pd.api.types.is_bool_dtype(series.dtype) and _code_like(values, col.codes):
        col.values = sorted(str(v) for v in values.astype(str).str.strip().unique())
    elif col.number is None and distinct > MAX_VALUES:
        arr, _ = text_array(sample)
        trimmed = pc.utf8_trim_whitespace(arr)
        lengths = pc.utf8_length(trimmed).to_numpy(zero_copy_only=False)
        if lengths.min() == lengths.max() and pc.all(pc.string_is_ascii(trimmed)).as_py():
            col.length = int(lengths[0])  # identifier-like: fixed-width ASCII
    return col


@functools.cache
def _surnames() -> frozenset[str]:
    return frozenset(_data.table("chinese_surnames").surname)


def _code_like(values: pd.Series, shares: Mapping[str, float]) -> bool:
    """Whether a column's distinct values may be written into a rule file as a value set:
    short, no identifier among them (an ID, phone, bank card …), not people's names."""
    if any(shares.get(name, 0) > 0 for name in IDENTIFYING):
        return False
    distinct = [str(v).strip() for v in values.astype(str).unique()]
    if any(len(v) > SET_MAX_CHARS for v in distinct):
        return False
    surnames = _surnames()
    names = sum(
        1
        for v in distinct
        if 2 <= len(v) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in v) and (v[:1] in surnames or v[:2] in surnames)
    )
    return names * 2 < len(distinct) or len(distinct) == 1


def check_header(columns: list[str], file: str | None = None) -> None:
    """Refuse a header row that is data: a column name that is a valid ID, phone, USCC or bank
    card number, or a header made mostly of numbers (a file without a header row).

    >>> check_header(["姓名", "公民身份号码"])
    >>> check_header(["张三", "11010519491231002X"])
    Traceback (most recent call last):
    zjgov.errors.ConfigError: 第 1 行第 2 列像是数据（公民身份号码）...
    """
    numeric = 0
    for position, name in enumerate(columns, 1):
        text = str(name).strip()
        for code in HEADER_DATA_CODES:
            module = codes.get(code)
            if module.is_valid(text):
                _headerless(position, module.TITLE, file)
        numeric += bool(text) and text.replace(".", "", 1).lstrip("-").isdigit()
    if columns and numeric * 2 > len(columns):
        first = next(i for i, n in enumerate(columns, 1) if str(n).strip().replace(".", "", 1).lstrip("-").isdigit())
        _headerless(first, tuple(i18n.text("quality.profile.header_number", lang) for lang in ("zh", "en")), file)


def _headerless(position: int, what: tuple[str, str], file: str | None) -> None:
    raise ConfigError(
        *(
            i18n.text("quality.profile.headerless", lang, position=position, what=what[i])
            for i, lang in enumerate(("zh", "en"))
        ),
        file=file,
        line=1,
    )


def _keys(frame: pd.DataFrame, columns: list[ColumnProfile]) -> list[list[str]]:
    if len(frame) < 2:
        return []
    singles = [[c.name] for c in columns if c.missing == 0 and c.distinct == c.rows]
    if singles:
        # identifiers first: a detected code, then a fixed length, then the column order
        order = {c.name: (c.code is None, c.length is None, i) for i, c in enumerate(columns)}
        return sorted(singles, key=lambda k: order[k[0]])
    tried = sorted((c for c in columns if c.missing == 0 and c.distinct > 1), key=lambda c: -c.distinct)[:PAIR_COLUMNS]
    pairs = []
    for a, b in itertools.combinations(tried, 2):
        if not frame.duplicated(subset=[a.name, b.name]).any():
            pairs.append([a.name, b.name])
    return pairs


# -- proposal -------------------------------------------------------------------------------------
def _floor(rate: float) -> float:
    return math.floor(rate * 10**DIGITS + 1e-9) / 10**DIGITS


def _pct(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def _describe(key: str, **fields: Any) -> dict[str, str]:
    return {
        "zh": i18n.text(f"quality.profile.rule.{key}", "zh", **fields),
        "en": i18n.text(f"quality.profile.rule.{key}", "en", **fields),
    }


def _entries(columns: list[ColumnProfile], keys: list[list[str]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for c in columns:
        if c.filled == 0 or c.missing_rate > 0.5:
            continue  # an optional or empty column: nothing to require
        out.append(
            {
                "kind": "not_blank",
                "column": c.name,
                "description": _describe("not_blank", column=c.name, rate=_pct(c.missing_rate)),
            }
        )
        if c.code is not None:
            title = codes.get(c.code).TITLE
            out.append(
                {
                    "kind": "code",
                    "column": c.name,
                    "code": c.code,
                    "description": {
                        "zh": i18n.text(
                            "quality.profile.rule.code", "zh", column=c.name, title=title[0], rate=_pct(c.codes[c.code])
                        ),
                        "en": i18n.text(
                            "quality.profile.rule.code", "en", column=c.name, title=title[1], rate=_pct(c.codes[c.code])
                        ),
                    },
                }
            )
        elif c.date_format is not None:
            out.append(
                {
                    "kind": "date_format",
                    "column": c.name,
                    "format": c.date_format,
                    "description": _describe("date_format", column=c.name, format=c.date_format),
                }
            )
            out.append(
                {
                    "kind": "not_future",
                    "column": c.name,
                    "format": c.date_format,
                    "severity": "warning",
                    "description": _describe("not_future", column=c.name),
                }
            )
        elif c.values is not None:
            out.append(
                {
                    "kind": "in_set",
                    "column": c.name,
                    "values": c.values,
                    "severity": "warning",
                    "description": _describe("in_set", column=c.name, count=len(c.values)),
                }
            )
        elif c.number is not None:
            kind_zh, kind_en = (i18n.text(f"quality.profile.type.{c.number}", lang) for lang in ("zh", "en"))
            out.append(
                {
                    "kind": "type",
                    "column": c.name,
                    "type": c.number,
                    "description": {
                        "zh": i18n.text("quality.profile.rule.type", "zh", column=c.name, type=kind_zh),
                        "en": i18n.text("quality.profile.rule.type", "en", column=c.name, type=kind_en),
                    },
                }
            )
        elif c.length is not None:
            out.append(
                {
                    "kind": "length",
                    "column": c.name,
                    "min": c.length,
                    "max": c.length,
                    "severity": "warning",
                    "description": _describe("length", column=c.name, length=c.length),
                }
            )
    if keys:
        key = keys[0]
        entry: dict[str, Any] = {"kind": "unique", "description": _describe("unique", columns=", ".join(key))}
        entry.update({"column": key[0]} if len(key) == 1 else {"columns": key})
        out.append(entry)
    elif columns:
        out.append({"kind": "duplicates", "description": _describe("duplicates")})
    return out


def _calibrate(frame: pd.DataFrame, entries: list[dict[str, Any]], name: str, strict: bool) -> list[dict[str, Any]]:
    """Run the proposal once through the engine; set each threshold to today's pass rate."""
    ruleset = RuleSet.from_dict({"name": name, "rules": entries})
    result = run_engine(frame, ruleset, progress=False, sample_size=0)
    out = []
    for entry, r, res in zip(entries, ruleset.rules, result.rules, strict=True):
        entry = {"id": r.id, **entry}
        rate = 1.0 if res.pass_rate is None else res.pass_rate
        if res.error is not None or rate < MIN_PASS:
            continue  # a rule that cannot run on this data, or that it mostly fails, describes nothing
        entry["threshold"] = 1.0 if strict else _floor(rate)
        out.append(entry)
    return out


def profile(
    data: pd.DataFrame | str | os.PathLike[str],
    *,
    name: str | None = None,
    max_rows: int = MAX_ROWS,
    strict: bool = False,
    encoding: str | None = None,
    lang: str | None = None,
) -> Profile:
    """Profile a frame or a file (its first ``max_rows`` rows) and propose a rule set.

    ``strict=True`` proposes 100% thresholds instead of today's pass rates.
    """
    if not isinstance(max_rows, int) or isinstance(max_rows, bool) or max_rows < 1:
        raise ConfigError(
            i18n.text("quality.profile.bad_rows", "zh"), i18n.text("quality.profile.bad_rows", "en"), field="max_rows"
        )
    lang = i18n.check_lang(lang)
    frame, truncated, default_name = _load(data, max_rows, encoding)
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    check_header(list(frame.columns), None if isinstance(data, pd.DataFrame) else str(data))
    twice = sorted(set(frame.columns[frame.columns.duplicated()]))
    if twice:
        names = ", ".join(twice)
        raise ConfigError(
            i18n.text("quality.profile.duplicate_columns", "zh", names=names),
            i18n.text("quality.profile.duplicate_columns", "en", names=names),
            field="columns",
        )
    name = name or default_name
    columns = [_column(frame, str(c)) for c in frame.columns]
    keys = _keys(frame, columns)
    duplicate_records = int(frame.duplicated().sum()) if len(frame.columns) else 0
    entries = _entries(columns, keys)
    rules = _calibrate(frame, entries, name, strict) if entries else []
    return Profile(name, len(frame), truncated, columns, keys, duplicate_records, rules, lang)
