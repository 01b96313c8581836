"""Schema validation results: the report, its violations table and the error raised by ``lazy=False``.

A violation names the row (1-based in the frame), the frame's index label, the column, the
element, the character position a code reports, the reason code and the messages in Chinese
and English — never the value.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from zjgov import i18n
from zjgov.core.reasons import index as reason_index
from zjgov.core.reasons import name as reason_name
from zjgov.errors import ValidationError
from zjgov.exchange.elements import DataElement

if TYPE_CHECKING:
    pass

__all__ = ["SchemaValidationError", "ValidationReport", "message"]

MISSING = "missing"
TYPE = "type"
DUPLICATE_KEY = "duplicate_key"
FOREIGN_KEY = "foreign_key"
COLUMN_MISSING = "column_missing"
COLUMN_UNEXPECTED = "column_unexpected"
VIOLATION_COLUMNS = ["row", "index", "column", "element", "position", "reason", "message_zh", "message_en"]

i18n.add(
    {
        "schema.reason.duplicate_key": (
            "{title}：主键（唯一键）与前面的行重复",
            "{title}: the key repeats an earlier row",
        ),
        "schema.reason.foreign_key": (
            "{title}：外键在引用的数据中不存在",
            "{title}: the foreign key is not in the referenced data",
        ),
        "schema.reason.column_missing": ("{title}：数据中缺少该列", "{title}: the column is missing from the data"),
        "schema.reason.column_unexpected": ("{title}：模式中没有该列", "{title}: the column is not in the schema"),
        "schema.reason.type": (
            "{title}：值的类型不符（如浮点数会丢失数字）",
            "{title}: the value has the wrong type (a float loses digits)",
        ),
        "schema.reason.boolean": ("{title}：不是布尔值（是/否）", "{title}: not a boolean (true/false)"),
        "schema.failed": (
            "数据不符合模式：{count} 处违规，首个在第 {row} 行“{column}”：{message}",
            "the data does not fit the schema: {count} violations, the first at row {row}, '{column}': {message}",
        ),
    }
)


def message(reason: str, title: str, lang: str | None = None) -> str:
    """The message of a violation ``reason`` for a column titled ``title``."""
    key = f"schema.reason.{reason}"
    return i18n.text(key if i18n.has(key) else reason, lang, title=title)


class SchemaValidationError(ValidationError):
    """Raised by ``validate(lazy=False)``; ``report`` holds every violation."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        v = report.violations
        self._first = (
            int(v["row"].iloc[0]) if len(v) and pd.notna(v["row"].iloc[0]) else None,
            str(v["column"].iloc[0]) if len(v) else "",
            (str(v["message_zh"].iloc[0]), str(v["message_en"].iloc[0])) if len(v) else ("", ""),
        )
        super().__init__(str(v["reason"].iloc[0]) if len(v) else "schema", title=("模式", "schema"))

    def message(self, lang: str | None = None) -> str:
        row, column, msgs = self._first
        lang = i18n.check_lang(lang)
        return i18n.text(
            "schema.failed",
            lang,
            count=len(self.report.violations),
            row=row if row is not None else "-",
            column=column,
            message=msgs[0 if lang == "zh" else 1],
        )

    def __reduce__(self):
        return (SchemaValidationError, (self.report,))


@dataclasses.dataclass
class ValidationReport:
    """Every violation of one validation, and the split into valid and quarantined rows.

    ``violations`` is a tidy frame with the columns ``row`` (1-based within the frame; missing
    for frame-level problems such as a missing column), ``index`` (the frame's index label),
    ``column``, ``element`` (identifier), ``reason``, ``message_zh``, ``message_en``. Values are
    never copied into it.
    """

    schema_name: str
    n_rows: int
    violations: pd.DataFrame
    valid: pd.Series
    unchecked: list[tuple[str, str]]
    _frame: pd.DataFrame = dataclasses.field(repr=False)

    @property
    def ok(self) -> bool:
        return len(self.violations) == 0

    @property
    def n_valid(self) -> int:
        return int(self.valid.sum())

    @property
    def n_invalid(self) -> int:
        return self.n_rows - self.n_valid

    @property
    def counts(self) -> dict[str, int]:
        """Number of violations per reason."""
        return {str(k): int(v) for k, v in self.violations["reason"].value_counts().items()}

    def summary(self, lang: str | None = None) -> pd.DataFrame:
        """Violations counted by column and reason, with the message in ``lang``, most frequent first."""
        if self.ok:
            return pd.DataFrame({"column": [], "reason": [], "count": [], "message": []})
        col = "message_zh" if i18n.check_lang(lang) == "zh" else "message_en"
        v = self.violations.astype({"column": object, "reason": object})
        grouped = v.groupby(["column", "reason"], sort=False, observed=True)
        table = grouped.agg(count=("reason", "size"), message=(col, "first")).reset_index()
        return table.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)

    def valid_rows(self) -> pd.DataFrame:
        """The rows without any violation (index kept)."""
        return self._frame[self.valid.to_numpy()]

    def quarantined_rows(self, lang: str | None = None) -> pd.DataFrame:
        """The rows with violations, plus ``_reasons`` (``column:reason; …``) and ``_messages`` in ``lang``."""
        bad = ~self.valid.to_numpy()
        out = self._frame[bad].copy()
        v = self.violations
        col = "message_zh" if i18n.check_lang(lang) == "zh" else "message_en"
        rowed = v[v["row"].notna()]
        if len(rowed):
            key = rowed["row"].astype(int).to_numpy() - 1
            tag = rowed["column"].astype(str) + ":" + rowed["reason"].astype(str)
            reasons = tag.groupby(key, sort=False).agg("; ".join)
            messages = rowed[col].astype(str).groupby(key, sort=False).agg("; ".join)
        else:
            reasons = messages = pd.Series(dtype=object)
        positions = np.flatnonzero(bad)
        frame_level = v[v["row"].isna()]
        extra = "; ".join(frame_level["column"].astype(str) + ":" + frame_level["reason"].astype(str))
        extra_msg = "; ".join(frame_level[col].astype(str))
        out["_reasons"] = _join(reasons.reindex(positions).to_numpy(), extra)
        out["_messages"] = _join(messages.reindex(positions).to_numpy(), extra_msg)
        return out

    def to_dict(self, lang: str | None = None, *, limit: int | None = 1000) -> dict[str, Any]:
        """A JSON-ready summary (counts, the first ``limit`` violations, unchecked parts)."""
        lang = i18n.check_lang(lang)
        col = "message_zh" if lang == "zh" else "message_en"
        v = self.violations if limit is None else self.violations.head(limit)
        records = [
            {
                "row": None if pd.isna(r.row) else int(r.row),
                "column": str(r.column),
                "reason": str(r.reason),
                "message": str(getattr(r, col)),
            }
            for r in v.itertuples(index=False)
        ]
        return {
            "schema": self.schema_name,
            "rows": self.n_rows,
            "valid_rows": self.n_valid,
            "invalid_rows": self.n_invalid,
            "violations": len(self.violations),
            "counts": self.counts,
            "first_violations": records,
            "unchecked": [u[0 if lang == "zh" else 1] for u in self.unchecked],
        }


def _join(values: np.ndarray, extra: str) -> list[str]:
    out = []
    for v in values:
        parts = [p for p in (v if isinstance(v, str) else "", extra) if p]
        out.append("; ".join(parts))
    return out


def _report(schema, frame, per_column, frame_level, row_invalid, unchecked, lazy) -> ValidationReport:
    """Assemble the violations as parallel arrays (row, source column, reason code), sorted by row
    and then by the schema's column order; the messages are categoricals over the few distinct
    (column, reason) pairs."""
    n = len(frame)
    titles = {el.column: _titles(el) for el in schema.elements}
    order_of = {c: i for i, c in enumerate(schema.columns)}
    sources = [(c, schema.element(c).identifier if c in schema.columns else None) for c, _ in frame_level]
    rows = [np.zeros(len(frame_level), dtype=np.int64)]  # row 0: the whole column
    source = [np.arange(len(frame_level), dtype=np.int64)]
    codes = [np.array([reason_index(r) for _, r in frame_level], dtype=np.int64)]
    places = [np.zeros(len(frame_level), dtype=np.int32)]
    for column, ident, reason, where in per_column:
        bad = np.flatnonzero(reason != 0)
        if not len(bad):
            continue
        row_invalid[bad] = True
        rows.append(bad + 1)
        source.append(np.full(len(bad), len(sources), dtype=np.int64))
        codes.append(reason[bad].astype(np.int64))
        places.append(np.zeros(len(bad), np.int32) if where is None else where[bad].astype(np.int32))
        sources.append((column, ident))
    row, where_from, code = np.concatenate(rows), np.concatenate(source), np.concatenate(codes)
    place = np.concatenate(places)
    source_of: np.ndarray = where_from
    if len(sources) > 1:
        rank = np.array([order_of.get(c, len(order_of)) for c, _ in sources])[source_of]
        order = np.lexsort((rank, row))  # stable: a column's own problems before its key's
        row, source_of, code, place = row[order], source_of[order], code[order], place[order]
    pairs, which = np.unique(source_of * (int(code.max(initial=0)) + 1) + code, return_inverse=True)
    first = np.zeros(len(pairs), dtype=np.intp)
    first[which[::-1]] = np.arange(len(which) - 1, -1, -1)  # the first violation of each pair
    pair_msgs = []
    for i in first:
        column, name = sources[source_of[i]][0], reason_name(int(code[i])) or "format"
        title = titles.get(column, (column, column))
        pair_msgs.append((name, message(name, title[0], "zh"), message(name, title[1], "en")))
    framed = row > 0
    index: Any = frame.index.take(row[framed] - 1)
    if not framed.all():  # the index of a whole-column problem is None
        labels = np.array([None] * len(row), dtype=object)
        labels[framed] = index.to_numpy(dtype=object)
        index = pd.Series(labels, dtype=object)
    v = pd.DataFrame(
        {
            "row": pd.arrays.IntegerArray(row, ~framed),
            "index": index,
            "column": pd.array(np.array([c for c, _ in sources] + [""], dtype=object)[source_of], dtype="str"),
            "element": pd.Series(np.array([e for _, e in sources] + [None], dtype=object)[source_of], dtype=object),
            "position": pd.arrays.IntegerArray(place, place <= 0),
        }
        | {col: _categorical([m[k] for m in pair_msgs], which) for k, col in enumerate(VIOLATION_COLUMNS[5:])}
    )
    report = ValidationReport(
        schema_name=schema.name,
        n_rows=n,
        violations=v,
        valid=pd.Series(~row_invalid, index=frame.index, name="valid"),
        unchecked=unchecked,
        _frame=frame,
    )
    if not lazy and not report.ok:
        raise SchemaValidationError(report)
    return report


def _titles(el: DataElement) -> tuple[str, str]:
    """How a violation names its column: the column with the element's name where it differs
    (``xm（姓名）``, ``xm (Name)``), so a pinyin header still says what it holds."""
    zh = el.column if el.name_zh in (None, el.column) else f"{el.column}（{el.name_zh}）"
    en = el.column if el.name_en in (None, el.column) else f"{el.column} ({el.name_en})"
    return zh, en


def _categorical(labels: list[str], which: np.ndarray) -> pd.Categorical:
    """``labels[which]`` as a categorical (equal labels share a category)."""
    categories: Any = []
    codes: Any = []
    if labels:
        categories, codes = np.unique(np.array(labels, dtype=object), return_inverse=True)
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.intp)[which], categories=list(categories))
