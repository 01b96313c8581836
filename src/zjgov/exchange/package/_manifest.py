"""The manifest of a dataset package: its constants, messages, model, problems and results, and the
checks of the names it may hold (:func:`safe_table`, :func:`safe_member`)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

from zjgov import i18n
from zjgov.errors import ConfigError, ZjgovError

MANIFEST = "manifest.json"


DATA_DIR = "data"


KIND = "zjgov-package"


VERSION = 1


#: Bytes read per step when hashing; two steps are in memory at most.
CHUNK = 4 << 20


#: Rows per batch when parsing Parquet files during verification.
BATCH_ROWS = 65_536


#: Bytes per batch when parsing CSV files during verification.
CSV_BLOCK = 8 << 20


#: A manifest larger than this is refused (it is metadata, not data).
MAX_MANIFEST_BYTES = 64 << 20


#: A zip member that inflates more than this many times its compressed size is refused unread
#: (zjgov stores members uncompressed; Deflate tops out near 1032:1, so a bomb exceeds this).
MAX_RATIO = 200


#: Detailed problems kept per package; ``VerifyResult.counts`` counts all of them.
MAX_PROBLEMS = 1000


Format = Literal["csv", "parquet"]


_SUFFIX = {"csv": ".csv", "parquet": ".parquet"}


_HEX64 = r"^[0-9a-f]{64}$"


_TABLE_NAME = re.compile(r"^\w[\w.\-]{0,127}$")


#: names Windows reserves for devices, with or without a suffix (``CON``, ``nul.csv``, ``COM1``).
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)


i18n.add(
    {
        "package.manifest_missing": ("缺少清单文件 manifest.json", "manifest.json is missing"),
        "package.manifest_invalid": ("清单文件无效：{detail}", "manifest.json is invalid: {detail}"),
        "package.manifest_digest": (
            "清单文件的自身摘要不符：清单被修改过",
            "the manifest's own digest does not match: the manifest was altered",
        ),
        "package.package_digest": (
            "数据包摘要与预期值不符",
            "the package digest differs from the expected value",
        ),
        "package.unsafe_path": (
            "不安全的路径（绝对路径、.. 或反斜杠）：{file}",
            "unsafe path (absolute, '..' or backslash): {file}",
        ),
        "package.duplicate_path": ("路径重复：{file}", "duplicate path: {file}"),
        "package.unsafe_table": (
            "{file}：清单中的表名不安全（须为字母、数字、汉字、_ . -，不得含 ..、路径分隔符或设备名）",
            "{file}: unsafe table name in the manifest (letters, digits, Chinese, _ . - only; "
            "no '..', path separators or device names)",
        ),
        "package.duplicate_table": (
            "{file}：表名与清单中另一文件重复",
            "{file}: the table name is used by another file",
        ),
        "package.missing_file": ("清单列出的文件不存在：{file}", "file listed in the manifest is missing: {file}"),
        "package.extra_file": ("清单未列出的多余文件：{file}", "file not listed in the manifest: {file}"),
        "package.size": (
            "{file}：{actual} 字节，清单记录为 {expected} 字节",
            "{file}: {actual} bytes, the manifest says {expected}",
        ),
        "package.sha256": (
            "{file}：SHA-256 摘要为 {actual}…，清单记录为 {expected}…",
            "{file}: SHA-256 {actual}…, the manifest says {expected}…",
        ),
        "package.sm3": (
            "{file}：SM3 摘要为 {actual}…，清单记录为 {expected}…",
            "{file}: SM3 {actual}…, the manifest says {expected}…",
        ),
        "package.unsafe": (
            "{file}：解压后 {actual} 字节，是压缩后的 {ratio} 倍（上限 {limit} 倍），疑为压缩炸弹，未读取",
            "{file}: inflates to {actual} bytes, {ratio} times its compressed size (limit {limit}): "
            "a likely zip bomb, not read",
        ),
        "package.symlink": (
            "不安全的成员（符号链接）：{file}",
            "unsafe member (a symbolic link): {file}",
        ),
        "package.reencoded": (
            "{file}：第 {line} 行附近无法按 UTF-8 CSV 解析（文件被重新编码或损坏？）",
            "{file}: cannot be parsed as UTF-8 CSV near line {line} (re-encoded or damaged?)",
        ),
        "package.rows": (
            "{file}：行数 {actual} 与清单记录的 {expected} 不符",
            "{file}: {actual} rows, the manifest says {expected}",
        ),
        "package.columns": ("{file}：列与清单不符", "{file}: the columns differ from the manifest"),
        "package.unreadable": ("{file}：无法读取（{detail}）", "{file}: cannot be read ({detail})"),
        "package.coerce": (
            "{file}：第 {row} 行“{column}”无法转换为数据结构规定的类型（{detail}）",
            "{file}: row {row}, '{column}' cannot be converted to the schema's type ({detail})",
        ),
        "package.schema": ("{file}：第 {row} 行“{column}”：{detail}", "{file}: row {row}, '{column}': {detail}"),
        "package.schema_unknown": (
            "{file}：清单引用了不存在的数据结构“{name}”",
            "{file}: the manifest refers to an unknown schema '{name}'",
        ),
        "package.not_found": ("找不到数据包：{path}", "package not found: {path}"),
        "package.not_package": (
            "不是数据包（应为文件夹或 zip 文件）：{path}",
            "not a package (a folder or a zip file): {path}",
        ),
        "package.dest_exists": (
            "目标已存在且不为空：{path}（可用 overwrite=True）",
            "the destination exists and is not empty: {path} (use overwrite=True)",
        ),
        "package.bad_table": (
            "表名无效（仅限字母、数字、汉字、_ . -）：{name}",
            "invalid table name (letters, digits, Chinese, _ . - only): {name}",
        ),
        "package.duplicate_table_name": ("表名重复：{name}", "duplicate table name: {name}"),
        "package.no_data": ("没有要打包的数据", "no data to pack"),
        "package.bad_frame": ("表“{name}”无法写出：{detail}", "table '{name}' cannot be written: {detail}"),
        "package.bad_columns": (
            "表“{name}”的列名必须是不重复的文本",
            "the column names of table '{name}' must be unique text",
        ),
        "package.batch_columns": (
            "表“{name}”的各批数据列不一致",
            "the batches of table '{name}' do not have the same columns",
        ),
        "package.bad_format": ("数据格式应为 csv 或 parquet：{value}", "the format must be csv or parquet: {value}"),
        "package.invalid_data": (
            "表“{name}”有 {count} 处不符合数据结构，未打包；首个问题：{first}",
            "table '{name}' was not packed (schema violations: {count}); first: {first}",
        ),
        "package.failed": (
            "数据包校验未通过：{count} 个问题；首个问题：{first}",
            "the package failed verification (problems: {count}); first: {first}",
        ),
        "package.sm3_unavailable": (
            "当前 OpenSSL 不支持 SM3 摘要算法（GB/T 32905），无法生成或校验数据包；请安装带 SM3 的 OpenSSL 构建（如官方 cryptography 轮子）",
            "this OpenSSL build has no SM3 hash (GB/T 32905), so packages cannot be made or verified; "
            "install an OpenSSL build with SM3 (such as the official cryptography wheels)",
        ),
    }
)


def _message(key: str, **fields: object) -> tuple[str, str]:
    return i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields)


def _config_error(key: str, *, file: str | None = None, field: str | None = None, **fields: object) -> ConfigError:
    return ConfigError(*_message(key, **fields), file=file, field=field)


class PackageError(ZjgovError, ValueError):
    """A package failed verification, or data failed its schema while packing; ``problems`` says where."""

    def __init__(self, key: str, problems: Sequence[Problem], **fields: object) -> None:
        self.problems = tuple(problems)
        first = self.problems[0] if self.problems else None
        self.message_zh = i18n.text(key, "zh", first=first.message("zh") if first else "-", **fields)
        self.message_en = i18n.text(key, "en", first=first.message("en") if first else "-", **fields)
        super().__init__(f"{self.message_zh} ({self.message_en})")

    def message(self, lang: str | None = None) -> str:
        return self.message_zh if i18n.check_lang(lang) == "zh" else self.message_en


class FileEntry(BaseModel):
    """One data file of a package."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    path: str = Field(min_length=1)
    table: str = Field(min_length=1)
    format: Format
    encoding: Literal["utf-8"] | None = None
    rows: NonNegativeInt
    bytes: NonNegativeInt
    sha256: str = Field(pattern=_HEX64)
    sm3: str = Field(pattern=_HEX64)
    columns: list[str]
    schema_name: str | None = Field(default=None, alias="schema")


class Digest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sha256: str = Field(pattern=_HEX64)
    sm3: str = Field(pattern=_HEX64)


class Manifest(BaseModel):
    """The manifest of a package (``manifest.json``)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["zjgov-package"]
    version: Literal[1]
    created: _dt.datetime
    producer: str | dict[str, Any] | None = None
    zjgov_version: str
    catalog: dict[str, Any] | None = None
    schemas: dict[str, dict[str, Any]] = Field(default_factory=dict)
    files: list[FileEntry]
    digest: Digest


@dataclasses.dataclass(frozen=True)
class Problem:
    """One reason a package does not verify: the file, a reason code, and where inside it."""

    reason: str
    file: str | None = None
    row: int | None = None  # 1-based data row (header excluded)
    column: str | None = None
    message_zh: str = ""
    message_en: str = ""

    def message(self, lang: str | None = None) -> str:
        return self.message_zh if i18n.check_lang(lang) == "zh" else self.message_en

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        out = {"file": self.file, "reason": self.reason, "row": self.row, "column": self.column}
        return {**out, "message": self.message(lang)}


def _problem(reason: str, file: str | None = None, *, row=None, column=None, key=None, **fields) -> Problem:
    zh, en = _message(key or f"package.{reason}", file=file, row=row, column=column, **fields)
    return Problem(reason, file, row, column, zh, en)


@dataclasses.dataclass
class VerifyResult:
    """What :func:`verify` found. ``ok`` only when there is no problem at all."""

    path: str
    problems: list[Problem] = dataclasses.field(default_factory=list)
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    manifest: dict[str, Any] | None = None
    digest: dict[str, str] | None = None
    files: int = 0
    rows: int = 0
    bytes: int = 0
    sm3_checked: bool = True

    @property
    def ok(self) -> bool:
        return not self.counts

    def add(self, problem: Problem) -> None:
        self.counts[problem.reason] = self.counts.get(problem.reason, 0) + 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def merge(self, other: VerifyResult) -> None:
        """Add the problems and counts of ``other``."""
        for reason, count in other.counts.items():
            self.counts[reason] = self.counts.get(reason, 0) + count
        room = MAX_PROBLEMS - len(self.problems)
        self.problems.extend(other.problems[: max(room, 0)])

    def raise_if_failed(self) -> None:
        """Raise :class:`PackageError` unless the package verified."""
        if not self.ok:
            raise PackageError("package.failed", self.problems, count=sum(self.counts.values()))

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "digest": self.digest,
            "files": self.files,
            "rows": self.rows,
            "bytes": self.bytes,
            "sm3_checked": self.sm3_checked,
            "counts": dict(self.counts),
            "problems": [p.to_dict(lang) for p in self.problems],
        }


@dataclasses.dataclass(frozen=True)
class Packed:
    """What :func:`pack` made: where, its manifest and its package digest."""

    path: Path
    manifest: dict[str, Any]
    digest: dict[str, str]


def _schema_dict(schema: Any) -> dict[str, Any]:
    if isinstance(schema, Mapping):
        return dict(schema)
    return schema.to_dict()


def _schema_from_dict(data: Mapping[str, Any]) -> Any:
    from zjgov.exchange.schema import Schema

    return Schema.from_dict(dict(data))


def _schema_name(schema: Any, default: str) -> str:
    name = schema.get("name") if isinstance(schema, Mapping) else getattr(schema, "name", None)
    return str(name) if name else default


def _violations(
    schema: Any, frame: pd.DataFrame, offset: int, file: str, seen_keys: dict | None = None
) -> Iterator[Problem]:
    """Schema violations of ``frame`` as problems, rows numbered from ``offset + 1``.

    ``seen_keys`` carries the primary and unique keys of earlier batches of the same file, so a
    key repeated across batches is a violation too.
    """
    table = schema.validate(frame, lazy=True, seen_keys=seen_keys).violations
    for r, c, reason, mzh, men in zip(
        table["row"], table["column"], table["reason"], table["message_zh"], table["message_en"]
    ):
        row = None if pd.isna(r) else int(r) + offset
        column = None if pd.isna(c) else str(c)
        p_zh = i18n.text("package.schema", "zh", file=file, row=row if row else "-", column=column, detail=mzh)
        p_en = i18n.text("package.schema", "en", file=file, row=row if row else "-", column=column, detail=men)
        yield Problem(f"schema:{reason}", file, row, column, p_zh, p_en)


def safe_table(name: object) -> bool:
    """Whether ``name`` can name a table and so a file ``<name>.csv`` inside any folder.

    >>> [safe_table(n) for n in ("人口", "people.2024", "../x", "a/b", "CON", "nul.csv", "x.", "")]
    [True, True, False, False, False, False, False, False]
    """
    return (
        isinstance(name, str)
        and _TABLE_NAME.match(name) is not None
        and ".." not in name
        and not name.endswith((".", " "))
        and _RESERVED.match(name) is None
    )


def safe_member(name: str) -> bool:
    """Whether ``name`` is a safe relative path inside a package (no zip-slip).

    >>> [safe_member(n) for n in ("data/a.csv", "../a.csv", "/etc/passwd", "data\\\\a.csv", "C:x", "a//b")]
    [True, False, False, False, False, False]
    """
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return False
    parts = name.split("/")
    return all(p not in ("", ".", "..") for p in parts)
