"""Shared machinery of record checkers (catalogue and licence records); not public API.

* :func:`load_records` reads a CSV/TSV/Excel file (through :mod:`zjgov.io`) or a JSON/YAML list
  of records, all values as text, with the file line of each record;
* :func:`rename_fields` maps bilingual headers (Chinese or English) to field names;
* :class:`Findings` collects problems as whole-column masks and :class:`RecordReport` holds
  them as one frame (row, line, field, reason, severity, message_zh, message_en).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from zjgov import i18n, io
from zjgov.core import config
from zjgov.core.errors import config_error
from zjgov.errors import ConfigError

COLUMNS = ["row", "line", "field", "reason", "severity", "message_zh", "message_en"]

i18n.add(
    {
        "records.bad_file": ("无法读取记录文件：{detail}", "cannot read the records file: {detail}"),
        "records.not_list": (
            "JSON/YAML 记录文件应为记录列表（或含 records 列表的对象）",
            "a JSON/YAML records file must be a list of records (or an object with a 'records' list)",
        ),
        "records.not_mapping": ("第 {index} 条记录不是键值对象", "record {index} is not a mapping"),
        "records.unknown_format": (
            "不支持的文件格式：{suffix}（支持 CSV、TSV、Excel、JSON、YAML）",
            "unsupported file format: {suffix} (CSV, TSV, Excel, JSON, YAML)",
        ),
        "records.duplicate_column": (
            "列“{column}”与其他列表示同一字段“{target}”",
            "column '{column}' names the same field '{target}' as another column",
        ),
    }
)


def _config(key: str, file: str | None = None, line: int | None = None, field: str | None = None, **kw) -> ConfigError:
    return config_error(key, file=file, line=line, field=field, **kw)


def load_records(path: str | os.PathLike[str], *, encoding: str | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """The records of a file as a text frame, and the 1-based file line where each starts
    (``encoding`` of a CSV/TSV file: detected when ``None``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".json", ".yaml", ".yml"):
        return _load_structured(path)
    if suffix in (".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm", ".xls"):
        frame = io.read_table(path, encoding=encoding)
        frame = frame.astype({c: "str" for c in frame.columns if not pd.api.types.is_string_dtype(frame[c])})
        if suffix in (".xlsx", ".xlsm", ".xls"):
            return frame, np.arange(2, len(frame) + 2)
        return frame, csv_lines(frame)
    raise _config("records.unknown_format", file=str(path), suffix=suffix or "-")


def csv_lines(frame: pd.DataFrame, header_lines: int = 1) -> np.ndarray:
    """File line of each record of a CSV read with one header line (quoted newlines counted)."""
    extra = np.zeros(len(frame), dtype=np.int64)
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_string_dtype(s):
            extra += s.str.count("\n").fillna(0).to_numpy(dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(1 + extra)[:-1]]) if len(frame) else np.zeros(0, np.int64)
    return starts + header_lines + 1


def _load_structured(path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """JSON or YAML: every scalar as text (``001`` keeps its zeros), lines from the parser.

    Nested values (a list of information items) become JSON text.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise _config("records.bad_file", file=str(path), detail="not found") from None
    except UnicodeDecodeError as exc:
        raise _config("records.bad_file", file=str(path), detail=f"UTF-8 @ byte {exc.start}") from None
    doc = config.loads(text, file=str(path), text_scalars=True)
    data, where = doc.data, tuple[str, ...]()
    if isinstance(data, dict) and "records" in data:
        data, where = data["records"], ("records",)
    if not isinstance(data, list):
        raise _config("records.not_list", file=str(path))
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    for i, value in enumerate(data, start=1):
        line = doc.line((*where, i - 1))
        if not isinstance(value, dict):
            raise _config("records.not_mapping", file=str(path), line=line, index=i)
        rows.append({str(k): _scalar(v) for k, v in value.items()})
        lines.append(line or 0)
    frame = pd.DataFrame(rows, dtype=object)
    for col in frame.columns:
        frame[col] = frame[col].astype("str").where(frame[col].notna())
    return frame, np.array(lines, dtype=np.int64)


def _scalar(value: Any) -> str | None:
    if isinstance(value, str):
        return None if value in ("", "~", "null") else value
    return json.dumps(value, ensure_ascii=False)


def rename_fields(frame: pd.DataFrame, aliases: Mapping[str, str], file: str | None = None) -> pd.DataFrame:
    """Rename headers to field names using ``aliases`` (any header form -> field); unknown kept."""
    mapping: dict[str, str] = {}
    used: dict[str, str] = {}
    for col in frame.columns:
        key = normalise_header(str(col))
        field = aliases.get(key)
        if field is None:
            continue
        if field in used:
            raise _config("records.duplicate_column", file=file, field=str(col), column=col, target=field)
        used[field] = str(col)
        mapping[col] = field
    return frame.rename(columns=mapping)


def normalise_header(header: str) -> str:
    """Header key: NFKC-free simple form (strip, lower case, no spaces, ``*`` or brackets)."""
    return re.sub(r"[\s*＊（）()]+", "", header).lower().replace("-", "_")


def alias_table(fields: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """``{field: (names…)}`` -> ``{normalised name: field}``, the field name included."""
    out: dict[str, str] = {}
    for field, names in fields.items():
        for name in (field, *names):
            out[normalise_header(name)] = field
    return out


@dataclasses.dataclass
class Findings:
    """Problems found column by column: each call adds every row of a boolean mask."""

    lines: np.ndarray
    index: pd.Index
    parts: list[pd.DataFrame] = dataclasses.field(default_factory=list)

    def add(
        self,
        mask: Any,
        field: str,
        reason: str,
        key: str,
        severity: str = "error",
        *,
        title: tuple[str, str] | None = None,
        **fields: object,
    ) -> None:
        """Add a problem for each row where ``mask`` holds; messages come from ``key``.

        ``title`` (Chinese, English) fills ``{title}`` in each language.
        """
        m = np.asarray(mask, dtype=bool)
        if not m.any():
            return
        rows = np.flatnonzero(m)
        zh_title, en_title = title or (field, field)
        self.parts.append(
            pd.DataFrame(
                {
                    "row": rows + 1,
                    "line": self.lines[rows],
                    "field": field,
                    "reason": reason,
                    "severity": severity,
                    "message_zh": i18n.text(key, "zh", title=zh_title, **fields),
                    "message_en": i18n.text(key, "en", title=en_title, **fields),
                }
            )
        )

    def add_each(
        self, mask: Any, field: str, reasons: pd.Series, messages: pd.Series | None = None, severity="error"
    ) -> None:
        """Add problems whose reason varies by row (``reasons`` aligned with the records)."""
        m = np.asarray(mask, dtype=bool)
        if not m.any():
            return
        rows = np.flatnonzero(m)
        r = pd.Series(reasons.to_numpy()[rows], dtype="str")
        zh, en = messages if messages is not None else reason_messages(reasons, (field, field))
        zh, en = np.asarray(zh)[rows], np.asarray(en)[rows]
        self.parts.append(
            pd.DataFrame(
                {
                    "row": rows + 1,
                    "line": self.lines[rows],
                    "field": field,
                    "reason": r.to_numpy(),
                    "severity": severity,
                    "message_zh": zh,
                    "message_en": en,
                }
            )
        )

    def add_rows(self, rows: np.ndarray, field: str, reasons: Any, zh: Any, en: Any, severity: Any = "error") -> None:
        """Add one problem per entry of ``rows`` (0-based record positions, repeats allowed)."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return
        self.parts.append(
            pd.DataFrame(
                {
                    "row": rows + 1,
                    "line": self.lines[rows],
                    "field": field,
                    "reason": reasons,
                    "severity": severity,
                    "message_zh": zh,
                    "message_en": en,
                }
            )
        )

    def report(self, n_records: int, file: str | None = None) -> RecordReport:
        if self.parts:
            frame = pd.concat(self.parts, ignore_index=True).sort_values(["row", "field"], kind="stable")
            frame = frame.reset_index(drop=True)
        else:
            frame = pd.DataFrame({c: pd.Series([], dtype="int64" if c in ("row", "line") else "str") for c in COLUMNS})
        frame = frame.astype({"row": "int64", "line": "int64"})
        return RecordReport(frame[COLUMNS], n_records, file)


@dataclasses.dataclass(frozen=True)
class RecordReport:
    """Problems of a batch of records: one row per problem (``row`` is the 1-based record
    number, ``line`` the file line), with reason codes and messages in both languages."""

    problems: pd.DataFrame
    records: int
    file: str | None = None

    @property
    def ok(self) -> bool:
        """No problem of severity ``error`` (warnings do not fail a file)."""
        return not (self.problems["severity"] == "error").any()

    @property
    def counts(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in self.problems["reason"].value_counts(sort=True).items()}

    @property
    def invalid_rows(self) -> np.ndarray:
        err = self.problems[self.problems["severity"] == "error"]
        return np.unique(err["row"].to_numpy())

    def messages(self, lang: str | None = None) -> list[str]:
        col = "message_zh" if i18n.check_lang(lang) == "zh" else "message_en"
        return [
            f"{self.file + ':' if self.file else ''}{line}: [{field}] {msg}"
            for line, field, msg in zip(self.problems["line"], self.problems["field"], self.problems[col])
        ]

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        col = "message_zh" if i18n.check_lang(lang) == "zh" else "message_en"
        items = [
            {"row": int(r), "line": int(ln), "field": f, "reason": rs, "severity": sv, "message": m}
            for r, ln, f, rs, sv, m in zip(
                self.problems["row"],
                self.problems["line"],
                self.problems["field"],
                self.problems["reason"],
                self.problems["severity"],
                self.problems[col],
            )
        ]
        return {
            "file": self.file,
            "records": self.records,
            "ok": self.ok,
            "invalid_records": len(self.invalid_rows),
            "counts": self.counts,
            "problems": items,
        }


def reason_messages(reasons: pd.Series, title: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Chinese and English messages of a column of reason codes (looked up once per distinct code)."""
    distinct = [r for r in pd.unique(reasons.dropna())]
    zh = {r: i18n.text(r, "zh", title=title[0]) for r in distinct}
    en = {r: i18n.text(r, "en", title=title[1]) for r in distinct}
    return reasons.map(zh).to_numpy(dtype=object), reasons.map(en).to_numpy(dtype=object)


def kernel_reasons(series: pd.Series, code: str, **options: Any) -> pd.Series:
    """Reason codes of a :mod:`zjgov.codes` check over the present values (NA where valid or absent)."""
    from zjgov import codes

    present = series.notna().to_numpy()
    reasons = pd.Series(pd.NA, index=series.index, dtype="str")
    if present.any():
        result = codes.get(code).check(series[present], **options)
        reasons[present] = result.reason.to_numpy()
    return reasons


def text_column(frame: pd.DataFrame, field: str) -> pd.Series:
    """Column ``field`` as stripped text with blanks as missing (all missing if absent)."""
    if field not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    s = frame[field]
    if not pd.api.types.is_string_dtype(s) or pd.api.types.is_object_dtype(s):
        s = s.map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)).astype("str")
    s = s.str.strip()
    return s.mask(s == "")


def missing(s: pd.Series) -> np.ndarray:
    return s.isna().to_numpy()


def frame_from(records: pd.DataFrame | Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    return records if isinstance(records, pd.DataFrame) else pd.DataFrame(list(records))
