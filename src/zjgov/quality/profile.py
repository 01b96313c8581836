"""Profile a table and propose a starting rule set (``zjgov profile``).

For each column: the missing rate (null or blank), the number of distinct values, the share
of values passing each zjgov code (``codes.names()``), date formats, numbers, fixed lengths
and, for low-cardinality columns whose values repeat, the value set. Across columns: candidate
keys (columns or pairs of columns that are unique and complete) and duplicate records.

The proposal is a rule set in the format of :mod:`zjgov.quality.ruleset`, what a competent
engineer would write first:

* completeness (``not_blank``: an error where gaps are rare, a warning where the column is
  often empty), conformity (``code``, ``date_format``, ``type``, ``in_set``, ``length``);
* ``unique`` on the column that identifies a record — a USCC, else a citizen ID, else another
  identifier — never on free text such as an address, nor on the ID of a related party
  (法定代表人, 联系人, 监护人 …); a few repeated values are taken as defects, not as a reason
  to look elsewhere;
* the cross-field rules its detections imply: ``id_birth_date`` and ``id_sex`` when a citizen
  ID sits beside a birth date or a sex code, ``uscc_region`` beside a registration division;
* timeliness with the reference time pinned in the file (``reference_time``, the profiling time
  or the one given): ``not_future`` for dates and ``updated_within`` 365 days for update times;
* thresholds from what the rules expect — every record conforms, so 1.0, less a stated
  ``margin`` — not today's pass rate, so a file with defects fails its own profile
  (``thresholds="today"`` gives the regression gate instead: today's pass rates).

Each rule carries a note, written as a comment above it in the YAML, that says why it was
proposed and today's pass rate. The proposal is run once through the engine on the profiled
rows to drop rules that cannot run or that the data mostly fails (they describe nothing).

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
import datetime as _dt
import functools
import itertools
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import yaml

from zjgov import __version__, codes, i18n, io
from zjgov.core.data import table as reference_table
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
        "quality.profile.rule.id_birth_date": (
            "{birth} 应与 {id} 中的出生日期一致",
            "{birth} should agree with the birth date in {id}",
        ),
        "quality.profile.rule.id_sex": ("{sex} 应与 {id} 中的性别一致", "{sex} should agree with the sex in {id}"),
        "quality.profile.rule.uscc_region": (
            "{uscc} 的登记管理机关地区应与 {region} 一致",
            "the registration region of {uscc} should agree with {region}",
        ),
        "quality.profile.rule.updated_within": (
            "{column} 应在参考时间前 {days} 天内更新",
            "{column} should be updated within {days} days of the reference time",
        ),
        "quality.profile.note.threshold": (
            "阈值 {threshold}：每条记录都应符合{margin}（不取今天的通过率）；今天通过 {rate}",
            "threshold {threshold}: every record should conform{margin} (not today's pass rate); today {rate} pass",
        ),
        "quality.profile.note.today": (
            "阈值为今天的通过率 {rate}（回归检测）",
            "threshold is today's pass rate {rate} (a regression gate)",
        ),
        "quality.profile.note.margin": ("，留出余量 {margin}", ", less a margin of {margin}"),
        "quality.profile.note.not_blank": (
            "缺失率 {rate}：少量缺失视为缺陷（错误）",
            "missing now {rate}: rare gaps are defects (error)",
        ),
        "quality.profile.note.not_blank_soft": (
            "缺失率 {rate}：该列常为空，缺失只作警告",
            "missing now {rate}: the column is often empty, so gaps are a warning",
        ),
        "quality.profile.note.code": ("检测为{title}（{share} 合规）", "detected as {title} ({share} valid)"),
        "quality.profile.note.date_format": ("检测为 {format} 格式的日期", "detected as dates formatted {format}"),
        "quality.profile.note.not_future": (
            "日期不应晚于参考时间 {time}（文件中固定，结果可复现）",
            "dates should not lie after the reference time {time} (pinned in the file, so results repeat)",
        ),
        "quality.profile.note.updated_within": (
            "更新时间列：记录应在参考时间前 {days} 天内更新（可按业务调整）",
            "an update-time column: records should be updated within {days} days of the reference time "
            "(adjust to the business)",
        ),
        "quality.profile.note.type": ("检测为{type}", "detected as {type}"),
        "quality.profile.note.in_set": (
            "{count} 个代码型取值反复出现（不含标识符或人名），作为取值范围（警告）",
            "{count} code-like values repeat (no identifier, no person's name): a value set (warning)",
        ),
        "quality.profile.note.length": ("定长 ASCII 标识符（警告）", "a fixed-width ASCII identifier (warning)"),
        "quality.profile.note.unique": (
            "{column} 标识一条记录（{why}，{share} 不重复）；重复值视为缺陷",
            "{column} identifies a record ({why}, {share} distinct); repeated values are defects",
        ),
        "quality.profile.note.unique_pair": (
            "没有单列标识，{columns} 组合后不重复",
            "no single identifying column; {columns} together are unique",
        ),
        "quality.profile.note.duplicates": (
            "没有可作主键的列：检查完全重复的记录",
            "no column identifies a record: check for duplicate records instead",
        ),
        "quality.profile.note.id_birth_date": (
            "{id} 是公民身份号码，{birth} 是出生日期：二者应一致（GB 11643）",
            "{id} is a citizen ID and {birth} a birth date: they should agree (GB 11643)",
        ),
        "quality.profile.note.id_sex": (
            "{id} 是公民身份号码，{sex} 是性别代码：二者应一致（GB 11643 顺序码奇偶）",
            "{id} is a citizen ID and {sex} a sex code: they should agree (GB 11643 sequence parity)",
        ),
        "quality.profile.note.uscc_region": (
            "{uscc} 是统一社会信用代码，{region} 是登记地区划（警告：迁址后可能不同）",
            "{uscc} is a USCC and {region} the registered division (warning: they differ after a move)",
        ),
        "quality.profile.note.identifier": ("标识符", "an identifier"),
        "quality.profile.bad_margin": ("margin 应在 0 到 0.5 之间", "margin must lie between 0 and 0.5"),
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
    #: rule id -> why it was proposed, (zh, en); written as comments in the YAML
    notes: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)
    reference_time: _dt.datetime | None = None

    def column(self, name: str) -> ColumnProfile:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def ruleset_dict(self) -> dict[str, Any]:
        """The proposed rule set as plain data (the YAML file's content)."""
        out: dict[str, Any] = {"name": i18n.text("quality.profile.name", self.lang, name=self.name)}
        if self.reference_time is not None:
            out["reference_time"] = self.reference_time.isoformat(timespec="seconds")
        out["rules"] = self.rules
        return out

    def ruleset(self) -> RuleSet:
        """The proposed rules, loaded exactly as a rule file would be."""
        return RuleSet.from_dict(self.ruleset_dict())

    def to_yaml(self) -> str:
        """The proposed rule set as a YAML rule file: a header, then each rule with its note above it."""
        head = (
            f"# zjgov {__version__} profile: {self.name}, {self.rows} rows"
            + (" (first rows only)" if self.truncated else "")
            + "\n# each rule says why it was proposed; review the thresholds and the set of rules\n"
        )
        doc = self.ruleset_dict()
        rules = doc.pop("rules")
        text = head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120) + "rules:\n"
        if not rules:
            return text.rstrip("\n") + " []\n"
        lang = 0 if self.lang == "zh" else 1
        for entry in rules:
            note = self.notes.get(entry.get("id", ""))
            if note:
                text += "".join(f"  # {line}\n" for line in note[lang].splitlines())
            body = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=120)
            text += "".join(f"  {line}\n" for line in body.splitlines())
        return text

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
            "notes": {k: {"zh": v[0], "en": v[1]} for k, v in self.notes.items()},
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
        if s >= (TABLE_SHARE if codes.spec(n).kind == "table" else DETECT_SHARE)
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
    return frozenset(reference_table("chinese_surnames").surname)


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
#: column names of a related party (the representative's ID is not the record's key)
RELATED_PARTY = re.compile(
    r"法定代表人|法人代表|负责人|联系人|监护人|经办人|代理人|配偶|父亲|母亲|户主|fddbr|frdb|fzr|lxr|jhr|jbr",
    re.IGNORECASE,
)
BIRTH_NAME = re.compile(r"出生|生日|csrq|birth", re.IGNORECASE)
SEX_NAME = re.compile(r"性别|^xb$|^xbdm$|sex|gender", re.IGNORECASE)
REGION_NAME = re.compile(r"注册|登记|住所|zcd|djd", re.IGNORECASE)
UPDATE_NAME = re.compile(r"更新|修改|变更|gxsj|xgsj|update|modif", re.IGNORECASE)
#: a key column may repeat this share of its values (planted or real duplicates are defects)
KEY_DISTINCT = 0.9
#: days of ``updated_within`` proposed for an update-time column (a stated margin, not measured)
UPDATE_DAYS = 365
#: key preference among detected codes: the subject of a legal-person table, then of a person table
KEY_CODES = ("uscc", "citizen_id", "org_code", "elicense", "passport", "travel_permit", "vin", "plate")


def _floor(rate: float) -> float:
    return math.floor(rate * 10**DIGITS + 1e-9) / 10**DIGITS


def _pct(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def _describe(key: str, **fields: Any) -> dict[str, str]:
    return {
        "zh": i18n.text(f"quality.profile.rule.{key}", "zh", **fields),
        "en": i18n.text(f"quality.profile.rule.{key}", "en", **fields),
    }


def _note(key: str, **fields: Any) -> tuple[str, str]:
    return i18n.text(f"quality.profile.note.{key}", "zh", **fields), i18n.text(
        f"quality.profile.note.{key}", "en", **fields
    )


def _titled(key: str, title: tuple[str, str], **fields: Any) -> tuple[str, str]:
    return tuple(  # type: ignore[return-value]
        i18n.text(f"quality.profile.note.{key}", lang, title=title[i], **fields) for i, lang in enumerate(("zh", "en"))
    )


def _key_column(columns: list[ColumnProfile]) -> tuple[ColumnProfile, tuple[str, str]] | None:
    """The column that identifies a record: a detected identifier code, most complete and distinct,
    not a related party's; else a fixed-width identifier that is complete and unique."""
    rank = {code: i for i, code in enumerate(KEY_CODES)}

    def fit(c: ColumnProfile) -> bool:
        return c.filled > 1 and c.missing_rate <= 0.05 and c.distinct >= KEY_DISTINCT * c.filled

    coded = [c for c in columns if c.code in rank and fit(c) and not RELATED_PARTY.search(c.name)]
    if coded:
        best = min(coded, key=lambda c: (rank[c.code], c.missing, -c.distinct))
        return best, codes.get(best.code).TITLE
    fixed = [c for c in columns if c.length is not None and c.missing == 0 and c.distinct == c.rows > 1]
    if fixed:
        return fixed[0], tuple(i18n.text("quality.profile.note.identifier", lang) for lang in ("zh", "en"))
    return None


def _id_column(columns: list[ColumnProfile]) -> ColumnProfile | None:
    """The citizen ID of the record's subject (not of a related party)."""
    ids = [c for c in columns if c.code == "citizen_id" and not RELATED_PARTY.search(c.name)]
    return ids[0] if ids else None


def _entries(
    columns: list[ColumnProfile], keys: list[list[str]], reference: _dt.datetime
) -> list[tuple[dict[str, Any], tuple[str, str]]]:
    """The proposed rule entries, each with its note (zh, en)."""
    out: list[tuple[dict[str, Any], tuple[str, str]]] = []
    stamp = reference.isoformat(timespec="seconds")
    for c in columns:
        if c.filled == 0 or c.missing_rate > 0.5:
            continue  # an optional or empty column: nothing to require
        soft = c.missing_rate > 0.02
        entry: dict[str, Any] = {"kind": "not_blank", "column": c.name}
        if soft:
            entry["severity"] = "warning"
        entry["description"] = _describe("not_blank", column=c.name, rate=_pct(c.missing_rate))
        out.append((entry, _note("not_blank_soft" if soft else "not_blank", rate=_pct(c.missing_rate))))
        if c.code is not None:
            title = codes.get(c.code).TITLE
            description = {
                lang: i18n.text(
                    "quality.profile.rule.code", lang, column=c.name, title=title[i], rate=_pct(c.codes[c.code])
                )
                for i, lang in enumerate(("zh", "en"))
            }
            out.append(
                (
                    {"kind": "code", "column": c.name, "code": c.code, "description": description},
                    _titled("code", title, share=_pct(c.codes[c.code])),
                )
            )
        elif c.date_format is not None:
            out.append(
                (
                    {
                        "kind": "date_format",
                        "column": c.name,
                        "format": c.date_format,
                        "description": _describe("date_format", column=c.name, format=c.date_format),
                    },
                    _note("date_format", format=c.date_format),
                )
            )
            out.append(
                (
                    {
                        "kind": "not_future",
                        "column": c.name,
                        "format": c.date_format,
                        "description": _describe("not_future", column=c.name),
                    },
                    _note("not_future", time=stamp),
                )
            )
            if UPDATE_NAME.search(c.name):
                out.append(
                    (
                        {
                            "kind": "updated_within",
                            "column": c.name,
                            "days": UPDATE_DAYS,
                            "format": c.date_format,
                            "severity": "warning",
                            "description": _describe("updated_within", column=c.name, days=UPDATE_DAYS),
                        },
                        _note("updated_within", days=UPDATE_DAYS),
                    )
                )
        elif c.values is not None:
            out.append(
                (
                    {
                        "kind": "in_set",
                        "column": c.name,
                        "values": c.values,
                        "severity": "warning",
                        "description": _describe("in_set", column=c.name, count=len(c.values)),
                    },
                    _note("in_set", count=len(c.values)),
                )
            )
        elif c.number is not None:
            kinds = tuple(i18n.text(f"quality.profile.type.{c.number}", lang) for lang in ("zh", "en"))
            out.append(
                (
                    {
                        "kind": "type",
                        "column": c.name,
                        "type": c.number,
                        "description": {
                            lang: i18n.text("quality.profile.rule.type", lang, column=c.name, type=kinds[i])
                            for i, lang in enumerate(("zh", "en"))
                        },
                    },
                    tuple(
                        i18n.text("quality.profile.note.type", lang, type=kinds[i])
                        for i, lang in enumerate(("zh", "en"))
                    ),  # type: ignore[misc]
                )
            )
        elif c.length is not None:
            out.append(
                (
                    {
                        "kind": "length",
                        "column": c.name,
                        "min": c.length,
                        "max": c.length,
                        "severity": "warning",
                        "description": _describe("length", column=c.name, length=c.length),
                    },
                    _note("length"),
                )
            )
    out.extend(_cross_field(columns))
    out.append(_key_entry(columns, keys))
    return out


def _cross_field(columns: list[ColumnProfile]) -> list[tuple[dict[str, Any], tuple[str, str]]]:
    out: list[tuple[dict[str, Any], tuple[str, str]]] = []
    person = _id_column(columns)
    if person is not None:
        birth = next((c for c in columns if c.date_format and BIRTH_NAME.search(c.name)), None)
        if birth is not None:
            entry = {"kind": "id_birth_date", "columns": [person.name, birth.name], "format": birth.date_format}
            entry["description"] = _describe("id_birth_date", id=person.name, birth=birth.name)
            out.append((entry, _note("id_birth_date", id=person.name, birth=birth.name)))
        sex = next((c for c in columns if c.code == "sex" or (c.values and SEX_NAME.search(c.name))), None)
        if sex is not None:
            entry = {"kind": "id_sex", "columns": [person.name, sex.name]}
            entry["description"] = _describe("id_sex", id=person.name, sex=sex.name)
            out.append((entry, _note("id_sex", id=person.name, sex=sex.name)))
    uscc = next((c for c in columns if c.code == "uscc"), None)
    region = next((c for c in columns if c.code == "division" and REGION_NAME.search(c.name)), None)
    if uscc is not None and region is not None:
        entry = {"kind": "uscc_region", "columns": [uscc.name, region.name], "severity": "warning"}
        entry["description"] = _describe("uscc_region", uscc=uscc.name, region=region.name)
        out.append((entry, _note("uscc_region", uscc=uscc.name, region=region.name)))
    return out


def _key_entry(columns: list[ColumnProfile], keys: list[list[str]]) -> tuple[dict[str, Any], tuple[str, str]]:
    found = _key_column(columns)
    if found is not None:
        c, title = found
        share = _pct(c.distinct / c.filled)
        why = tuple(f"{title[i]}" for i in range(2))
        note = tuple(
            i18n.text("quality.profile.note.unique", lang, column=c.name, why=why[i], share=share)
            for i, lang in enumerate(("zh", "en"))
        )
        return {"kind": "unique", "column": c.name, "description": _describe("unique", columns=c.name)}, note  # type: ignore[return-value]
    pairs = [k for k in keys if len(k) == 2]
    if pairs:
        key = pairs[0]
        entry = {"kind": "unique", "columns": key, "description": _describe("unique", columns=", ".join(key))}
        return entry, _note("unique_pair", columns=" + ".join(key))
    return {"kind": "duplicates", "description": _describe("duplicates")}, _note("duplicates")


def _calibrate(
    frame: pd.DataFrame,
    proposed: list[tuple[dict[str, Any], tuple[str, str]]],
    name: str,
    reference: _dt.datetime,
    thresholds: str,
    margin: float,
) -> tuple[list[dict[str, Any]], dict[str, tuple[str, str]]]:
    """Run the proposal once through the engine: drop what cannot run or describes nothing, set
    each threshold (the standard's 1.0 less ``margin``, or today's pass rate) and finish each note."""
    entries = [e for e, _ in proposed]
    ruleset = RuleSet.from_dict({"name": name, "reference_time": reference.isoformat(), "rules": entries})
    result = run_engine(frame, ruleset, progress=False, sample_size=0)
    out, notes = [], {}
    for (entry, note), r, res in zip(proposed, ruleset.rules, result.rules, strict=True):
        entry = {"id": r.id, **entry}
        rate = 1.0 if res.pass_rate is None else res.pass_rate
        if res.error is not None or rate < MIN_PASS:
            continue  # a rule that cannot run on this data, or that it mostly fails, describes nothing
        if thresholds == "today":
            entry["threshold"] = _floor(rate)
            why = _note("today", rate=_pct(rate))
        else:
            entry["threshold"] = round(1.0 - margin, DIGITS)
            extra = [
                i18n.text("quality.profile.note.margin", lang, margin=margin) if margin else "" for lang in ("zh", "en")
            ]
            why = tuple(
                i18n.text(
                    "quality.profile.note.threshold",
                    lang,
                    threshold=entry["threshold"],
                    margin=extra[i],
                    rate=_pct(rate),
                )
                for i, lang in enumerate(("zh", "en"))
            )
        out.append(entry)
        notes[r.id] = (f"{note[0]}；{why[0]}", f"{note[1]}; {why[1]}")
    return out, notes


def profile(
    data: pd.DataFrame | str | os.PathLike[str],
    *,
    name: str | None = None,
    max_rows: int = MAX_ROWS,
    strict: bool = False,
    encoding: str | None = None,
    lang: str | None = None,
    thresholds: str = "standard",
    margin: float = 0.0,
    reference_time: _dt.datetime | None = None,
) -> Profile:
    """Profile a frame or a file (its first ``max_rows`` rows) and propose a rule set.

    ``thresholds="standard"`` (the default) sets every threshold to 1.0 less ``margin`` (0 to
    0.5); ``"today"`` to today's pass rate (rounded down), a gate against regressions;
    ``strict=True`` is ``"standard"`` with no margin. ``reference_time`` (default: now, to the
    second) is pinned in the proposal, so timeliness results can be repeated.
    """
    if not isinstance(max_rows, int) or isinstance(max_rows, bool) or max_rows < 1:
        raise ConfigError(
            i18n.text("quality.profile.bad_rows", "zh"), i18n.text("quality.profile.bad_rows", "en"), field="max_rows"
        )
    if thresholds not in ("standard", "today") or not 0 <= margin <= 0.5:
        raise ConfigError(
            i18n.text("quality.profile.bad_margin", "zh"), i18n.text("quality.profile.bad_margin", "en"), field="margin"
        )
    if strict:
        thresholds, margin = "standard", 0.0
    lang = i18n.check_lang(lang)
    reference = (reference_time or _dt.datetime.now()).replace(microsecond=0)
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
    proposed = _entries(columns, keys, reference) if columns else []
    rules, notes = _calibrate(frame, proposed, name, reference, thresholds, margin) if proposed else ([], {})
    return Profile(name, len(frame), truncated, columns, keys, duplicate_records, rules, lang, notes, reference)
