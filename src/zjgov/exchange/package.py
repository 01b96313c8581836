"""Dataset packages for exchange (数据交换包): data files plus a manifest that proves their integrity.

A package is a folder or a zip file holding ``manifest.json`` and the tables under ``data/``
as UTF-8 CSV or Parquet. The manifest records the catalogue record (政务信息资源目录核心元数据),
the schema of each table, the producer, the creation time, the zjgov version and, for every
file, its row count, byte size and two digests: SM3 (GB/T 32905-2016) and SHA-256. The
manifest carries a digest of itself (``digest``: SM3 and SHA-256 of its canonical JSON
without that field), so a flipped byte anywhere is found; the receiver compares that
*package digest* with the one the sender sent through another channel to rule out a
consistent forgery.

:func:`verify` reports every problem (file, reason, row and column where they apply);
:func:`read` verifies first and returns the tables. Digests are computed in one streaming
pass per file (SHA-256 in the calling thread, SM3 in a helper thread), so memory stays
bounded whatever the file size.

>>> import tempfile, pathlib, pandas as pd
>>> dest = pathlib.Path(tempfile.mkdtemp()) / "pkg"
>>> packed = pack({"people": pd.DataFrame({"姓名": ["张三", "李四"]})}, dest, producer="demo")
>>> sorted(p.name for p in dest.rglob("*") if p.is_file())
['manifest.json', 'people.csv']
>>> verify(dest).ok
True
>>> read(dest)["people"]["姓名"].tolist()
['张三', '李四']
>>> _ = (dest / "data" / "people.csv").write_text('"姓名"\\n"张三"\\n"王五"\\n', encoding="utf-8")
>>> [p.reason for p in verify(dest).problems]
['sha256', 'sm3']
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt
from pydantic import ValidationError as PydanticError

from zjgov import __version__, i18n, io
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


class DigestUnavailableError(ConfigError):
    """The linked OpenSSL lacks SM3 (FIPS or BoringSSL builds); nothing can be packed or verified."""

    def __init__(self) -> None:
        super().__init__(*_message("package.sm3_unavailable"))


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


# -- digests -------------------------------------------------------------------------------
@functools.cache
def sm3_backend() -> str | None:
    """Which SM3 implementation is used: ``"hashlib"`` or ``"cryptography"`` (both OpenSSL), or None.

    Each candidate is probed with the GB/T 32905 test vector ``SM3("abc")``. hashlib's is
    preferred when the system OpenSSL has it because it runs faster here; ``cryptography``'s
    ``hashes.SM3`` is the fallback.

    >>> sm3_backend() in ("hashlib", "cryptography")
    True
    """
    for name in ("hashlib", "cryptography"):
        try:
            h = _SM3(name)
            h.update(b"abc")
            if h.hexdigest() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0":
                return name
        except Exception:  # an unsupported algorithm shows up in many ways
            continue
    return None


class _SM3:
    """An SM3 hash object with the hashlib interface, on either backend."""

    def __init__(self, backend: str) -> None:
        self._final: str | None = None
        if backend == "hashlib":
            self._h: Any = hashlib.new("sm3")
            self._update = self._h.update
        else:
            from cryptography.hazmat.primitives import hashes

            self._h = hashes.Hash(hashes.SM3())
            self._update = self._h.update
        self._backend = backend

    def update(self, data: bytes) -> None:
        self._update(data)

    def hexdigest(self) -> str:
        if self._final is None:
            self._final = self._h.hexdigest() if self._backend == "hashlib" else self._h.finalize().hex()
        return self._final


def new_sm3() -> _SM3:
    """A new SM3 hash object (``update``, ``hexdigest``); raises :class:`DigestUnavailableError`.

    >>> h = new_sm3(); h.update(b"abc"); h.hexdigest()[:16]
    '66c7f0f462eeedd9'
    """
    backend = sm3_backend()
    if backend is None:
        raise DigestUnavailableError()
    return _SM3(backend)


@dataclasses.dataclass(frozen=True)
class FileDigest:
    """Byte size and hex digests of one file."""

    bytes: int
    sha256: str
    sm3: str


def digest_stream(stream: IO[bytes], *, chunk: int = CHUNK, sm3: bool = True) -> FileDigest:
    """SHA-256 and SM3 of a binary stream in one pass, in chunks (bounded memory).

    SM3 runs in a helper thread while this thread reads and computes SHA-256 (both release
    the GIL), so the pass costs about as long as SM3 alone. ``sm3=False`` computes SHA-256
    only (``FileDigest.sm3`` is then empty).

    >>> import io as _io
    >>> digest_stream(_io.BytesIO(b"abc")).sm3[:8]
    '66c7f0f4'
    """
    sha = hashlib.sha256()
    size = 0
    if not sm3:
        while block := stream.read(chunk):
            sha.update(block)
            size += len(block)
        return FileDigest(size, sha.hexdigest(), "")
    h = new_sm3()
    with ThreadPoolExecutor(1, thread_name_prefix="zjgov-sm3") as pool:
        pending = None
        while block := stream.read(chunk):
            if pending is not None:
                pending.result()
            pending = pool.submit(h.update, block)
            sha.update(block)
            size += len(block)
        if pending is not None:
            pending.result()
    return FileDigest(size, sha.hexdigest(), h.hexdigest())


def digest_file(path: str | os.PathLike[str]) -> FileDigest:
    """:func:`digest_stream` over a file on disk."""
    with open(path, "rb", buffering=0) as fh:
        return digest_stream(fh)


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def manifest_digest(manifest: Mapping[str, Any]) -> dict[str, str]:
    """SHA-256 and SM3 of the canonical JSON of ``manifest`` without its ``digest`` field.

    This is the *package digest*: send it to the receiver through another channel.
    """
    body = _canonical({k: v for k, v in manifest.items() if k != "digest"})
    sm3 = new_sm3()
    sm3.update(body)
    return {"sha256": hashlib.sha256(body).hexdigest(), "sm3": sm3.hexdigest()}


# -- manifest model --------------------------------------------------------------------------
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


# -- results ------------------------------------------------------------------------------------
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


# -- schemas (the schema layer of zjgov.exchange) -------------------------------------------------
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


# -- packing ----------------------------------------------------------------------------------------
Source = pd.DataFrame | str | os.PathLike | Iterable[pd.DataFrame]


def pack(
    data: Mapping[str, Source] | Sequence[str | os.PathLike] | pd.DataFrame | str | os.PathLike,
    dest: str | os.PathLike[str],
    *,
    format: Format = "csv",
    schema: Any = None,
    catalog: Any = None,
    producer: str | Mapping[str, Any] | None = None,
    zip: bool = False,
    overwrite: bool = False,
    created: _dt.datetime | None = None,
    encoding: str | None = None,
) -> Packed:
    """Write a package of ``data`` to ``dest`` (a folder, or a zip file with ``zip=True``).

    ``data`` maps table names to frames, to iterables of frames (written batch by batch, so
    memory stays bounded) or to data files (CSV/TSV in UTF-8 or GB 18030/GBK, JSON Lines,
    Parquet, Excel, read through :mod:`zjgov.io`); a list of files or a single frame or file
    is accepted too (tables are named after the file stem, or ``data`` for one frame).
    ``schema`` (a :class:`zjgov.exchange.schema.Schema`, its ``to_dict()``, or a mapping of
    table name to either) is checked before anything is written: data that violates it raises
    :class:`PackageError`. ``catalog`` is a catalogue record (see :mod:`zjgov.exchange.catalog`).
    ``encoding`` overrides the detection of the data files' encoding (``"gbk"``, ``"utf-8"``).
    The package is built in a temporary sibling and moved into place only when complete.
    """
    if format not in _SUFFIX:
        raise _config_error("package.bad_format", field="format", value=format)
    sources = _sources(data)
    dest = Path(dest)
    _check_dest(dest, overwrite)
    new_sm3()  # fail early, before any work, when SM3 is missing
    schemas = _table_schemas(schema, list(sources))
    catalog_dict = _catalog_dict(catalog)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        (work / DATA_DIR).mkdir()
        entries = []
        names, stored = _schema_names(schemas)
        tables = list(sources.items())
        written: list[tuple[int, list[str], FileDigest] | None] = [None] * len(tables)

        def write(i: int) -> None:
            table, source = tables[i]
            rel = f"{DATA_DIR}/{table}{_SUFFIX[format]}"
            written[i] = _write_table(source, work / rel, format, table, schemas.get(table), encoding)

        _parallel(write, len(tables))
        for i, (table, _) in enumerate(tables):  # (``zip`` is a parameter here)
            done = written[i]
            assert done is not None
            rows, columns, d = done
            entries.append(
                {
                    "path": f"{DATA_DIR}/{table}{_SUFFIX[format]}",
                    "table": table,
                    "format": format,
                    "encoding": "utf-8" if format == "csv" else None,
                    "rows": rows,
                    "bytes": d.bytes,
                    "sha256": d.sha256,
                    "sm3": d.sm3,
                    "columns": columns,
                    "schema": names.get(table),
                }
            )
        stamp = (created or _dt.datetime.now(_dt.UTC)).astimezone(_dt.UTC)
        manifest: dict[str, Any] = {
            "kind": KIND,
            "version": VERSION,
            "created": stamp.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "producer": dict(producer) if isinstance(producer, Mapping) else producer,
            "zjgov_version": __version__,
            "catalog": catalog_dict,
            "schemas": stored,
            "files": entries,
        }
        digest = manifest_digest(manifest)
        manifest["digest"] = digest
        (work / MANIFEST).write_bytes(json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
        final = _finish(work, dest, zip, overwrite)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Packed(final, manifest, digest)


def _parallel(fn: Callable[[int], None], n: int) -> None:
    """Run ``fn(0) … fn(n-1)`` on up to one thread per CPU; the first error is raised."""
    workers = min(n, os.cpu_count() or 1)
    if workers <= 1:
        for i in range(n):
            fn(i)
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="zjgov-file") as pool:
        for future in [pool.submit(fn, i) for i in range(n)]:
            future.result()


def _sources(data: Any) -> dict[str, Source]:
    if isinstance(data, pd.DataFrame):
        data = {"data": data}
    elif isinstance(data, str | os.PathLike):
        data = [data]
    items = list(data.items()) if isinstance(data, Mapping) else [(Path(p).stem, p) for p in data]
    if not items:
        raise _config_error("package.no_data")
    out: dict[str, Source] = {}
    for name, source in items:
        name = str(name)
        if not safe_table(name):
            raise _config_error("package.bad_table", field="data", name=name)
        if name in out:
            raise _config_error("package.duplicate_table_name", field="data", name=name)
        out[name] = source
    return out


def _check_dest(dest: Path, overwrite: bool) -> None:
    if not dest.parent.is_dir():
        raise _config_error("package.not_found", file=str(dest.parent), path=dest.parent)
    if dest.exists() and not overwrite and (dest.is_file() or any(dest.iterdir())):
        raise _config_error("package.dest_exists", file=str(dest), path=dest)


def _table_schemas(schema: Any, tables: list[str]) -> dict[str, Any]:
    if schema is None:
        return {}
    per_table = (
        isinstance(schema, Mapping)
        and set(schema) <= set(tables)
        and all(isinstance(v, Mapping) or hasattr(v, "validate") for v in schema.values())
    )
    if per_table:
        return {t: _as_schema(s) for t, s in schema.items()}
    one = _as_schema(schema)
    return dict.fromkeys(tables, one)


def _schema_names(schemas: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """(table -> schema name, schema name -> schema dict); equal schemas are stored once."""
    names: dict[str, str] = {}
    stored: dict[str, dict[str, Any]] = {}
    for table, schema in schemas.items():
        data = _schema_dict(schema)
        name = _schema_name(schema, table)
        if name in stored and stored[name] != data:
            name = f"{name}@{table}"
        stored[name] = data
        names[table] = name
    return names, stored


def _as_schema(schema: Any) -> Any:
    return _schema_from_dict(schema) if isinstance(schema, Mapping) else schema


def _catalog_dict(catalog: Any) -> dict[str, Any] | None:
    if catalog is None:
        return None
    from zjgov.exchange import catalog as _catalog

    record = _catalog.CatalogRecord.from_any(catalog)
    return record.to_dict()


def _batches(source: Source, table: str, encoding: str | None = None) -> Iterator[pd.DataFrame]:
    if isinstance(source, pd.DataFrame):
        yield source
    elif isinstance(source, str | os.PathLike):
        yield from io.iter_batches(source, encoding=encoding)
    else:
        for batch in source:
            if not isinstance(batch, pd.DataFrame):
                raise _config_error("package.bad_frame", field="data", name=table, detail=type(batch).__name__)
            yield batch


def _write_table(
    source: Source, path: Path, fmt: str, table: str, schema: Any, encoding: str | None = None
) -> tuple[int, list[str], FileDigest]:
    """Write the batches of ``source`` to ``path`` while a helper thread hashes what is written."""
    path.write_bytes(b"")
    tail = _TailDigest(path)
    try:
        rows, columns = _write_batches(source, path, fmt, table, schema, encoding)
    finally:
        tail.finish()
    return rows, columns, tail.result()


class _TailDigest:
    """Hashes a file while another thread appends to it (the writers never seek back)."""

    def __init__(self, path: Path) -> None:
        self._fh = open(path, "rb", buffering=0)  # noqa: SIM115 - closed in finish()
        self._done = threading.Event()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="zjgov-tail")
        self._future = self._pool.submit(digest_stream, self)

    def read(self, size: int) -> bytes:
        while True:
            block = self._fh.read(size)
            if block or self._done.is_set():
                return block or self._fh.read(size)
            self._done.wait(0.002)

    def finish(self) -> None:
        self._done.set()
        try:
            self._future.exception()
        finally:
            self._pool.shutdown()
            self._fh.close()

    def result(self) -> FileDigest:
        return self._future.result()


def _write_batches(
    source: Source, path: Path, fmt: str, table: str, schema: Any, encoding: str | None = None
) -> tuple[int, list[str]]:
    writer = None
    arrow_schema = None
    rows = 0
    columns: list[str] = []
    seen_keys: dict = {}
    try:
        for frame in _batches(source, table, encoding):
            if not all(isinstance(c, str) for c in frame.columns) or not frame.columns.is_unique:
                raise _config_error("package.bad_columns", field="data", name=table)
            if schema is not None:
                problems = list(_violations(schema, frame, rows, table, seen_keys))
                if problems:
                    raise PackageError("package.invalid_data", problems, name=table, count=len(problems))
            try:
                batch = pa.Table.from_pandas(frame, preserve_index=False)
                if arrow_schema is None:
                    arrow_schema, columns = batch.schema.remove_metadata(), list(frame.columns)
                    if fmt == "csv":
                        writer = pacsv.CSVWriter(str(path), arrow_schema, write_options=_CSV_WRITE)
                    else:
                        writer = pq.ParquetWriter(str(path), batch.schema, compression="zstd")
                elif list(frame.columns) != columns:
                    raise _config_error("package.batch_columns", field="data", name=table)
                else:
                    batch = batch.cast(writer.schema if fmt == "parquet" else arrow_schema)
                writer.write_table(batch if fmt == "parquet" else batch.replace_schema_metadata(None))
            except (pa.ArrowException, ValueError, TypeError) as exc:
                if isinstance(exc, ZjgovError):
                    raise
                raise _config_error("package.bad_frame", field="data", name=table, detail=type(exc).__name__) from None
            rows += len(frame)
    finally:
        if writer is not None:
            writer.close()
    return rows, columns  # an empty iterable leaves an empty file: the table is still recorded


_CSV_WRITE = pacsv.WriteOptions(include_header=True, quoting_style="needed")


def _finish(work: Path, dest: Path, as_zip: bool, overwrite: bool) -> Path:
    if as_zip:
        tmp_zip = work.with_suffix(".zip.tmp")
        with zipfile.ZipFile(tmp_zip, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.write(work / MANIFEST, MANIFEST)
            for f in sorted((work / DATA_DIR).iterdir()):
                zf.write(f, f"{DATA_DIR}/{f.name}")
        shutil.rmtree(work)
        if dest.is_dir() and overwrite:
            shutil.rmtree(dest)
        os.replace(tmp_zip, dest)
        return dest
    if dest.exists() and overwrite:
        shutil.rmtree(dest) if dest.is_dir() else dest.unlink()
    elif dest.exists():  # an empty folder
        dest.rmdir()
    os.replace(work, dest)
    return dest


# -- containers (folder or zip) --------------------------------------------------------------------
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


def _damaged_zip(path: Path) -> bool:
    """A file that starts as a zip but has no readable central directory."""
    if not path.is_file() or zipfile.is_zipfile(path):
        return False
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


class _Container:
    """Read access to the members of a folder or zip package."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if path.is_dir():
            return
        if not path.is_file():
            raise _config_error("package.not_found", file=str(path), path=path)
        if not zipfile.is_zipfile(path):
            raise _config_error("package.not_package", file=str(path), path=path)
        self.zip = zipfile.ZipFile(path)

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    def names(self) -> list[str]:
        """Every file member, as a relative POSIX path (unsafe names included, as written)."""
        if self.zip is not None:
            return [i.filename for i in self.zip.infolist() if not i.is_dir()]
        out = []
        for p in self.path.rglob("*"):
            if p.is_file() or p.is_symlink():
                out.append(PurePosixPath(*p.relative_to(self.path).parts).as_posix())
        return out

    def has(self, name: str) -> bool:
        if self.zip is not None:
            try:
                self.zip.getinfo(name)
            except KeyError:
                return False
            return True
        p = self.path / name
        return p.is_file() and not p.is_symlink() and p.resolve().is_relative_to(self.path.resolve())

    def size(self, name: str) -> int:
        """The member's size in bytes (from the zip directory, or the file system)."""
        if self.zip is not None:
            return self.zip.getinfo(name).file_size
        return (self.path / name).stat().st_size

    def ratio(self, name: str) -> float:
        """How many times a zip member inflates (1 for a folder or a stored member)."""
        if self.zip is None:
            return 1.0
        info = self.zip.getinfo(name)
        return info.file_size / max(info.compress_size, 1) if info.file_size > 4096 else 1.0

    def symlink(self, name: str) -> bool:
        """Whether the member is a symbolic link (a zip entry with Unix mode S_IFLNK, or a link on disk)."""
        if self.zip is not None:
            import stat

            return stat.S_ISLNK(self.zip.getinfo(name).external_attr >> 16)
        return (self.path / name).is_symlink()

    @contextlib.contextmanager
    def local(self, name: str) -> Iterator[Path]:
        """A path on disk holding the member: the file itself, or a zip member copied in chunks to a
        temporary file (bounded memory, never more than the size the zip directory declares)."""
        if self.zip is None:
            yield self.path / name
            return
        limit = self.size(name)
        with tempfile.TemporaryDirectory(prefix="zjgov-member-") as tmp:
            target = Path(tmp) / "member"
            copied = 0
            with self.zip.open(name) as src, open(target, "wb") as dst:
                while block := src.read(CHUNK):
                    copied += len(block)
                    if copied > limit:
                        raise _Unreadable("size")
                    dst.write(block)
            yield target

    def open(self, name: str) -> IO[bytes]:
        if self.zip is not None:
            return self.zip.open(name)
        return open(self.path / name, "rb", buffering=0)  # closed by the caller


# -- verification ---------------------------------------------------------------------------------------
def verify(
    path: str | os.PathLike[str],
    *,
    check_schema: bool = True,
    expected_digest: str | None = None,
    sm3: bool = True,
    progress: Callable[[int], None] | None = None,
) -> VerifyResult:
    """Check a package and report every problem; ``result.ok`` is True only when there is none.

    Checks: the manifest (present, valid JSON, valid fields, its own digest, ``expected_digest``
    when given: the hex SHA-256 or SM3 package digest sent by the producer), every path (no
    absolute paths, ``..`` or duplicates), missing and unlisted files, each file's byte size,
    SHA-256 and SM3, its columns and row count, and, with ``check_schema``, every row against
    the table's schema. ``sm3=False`` checks the files' SHA-256 only (faster: SM3 is several
    times slower than SHA-256; the manifest's own digest is still checked in full).
    ``progress`` is called with the number of bytes of each chunk hashed (a progress display).
    Only a missing or non-package ``path`` raises (:class:`ConfigError`).
    """
    path = Path(path)
    result = VerifyResult(str(path), sm3_checked=sm3)
    if _damaged_zip(path):  # a zip cut short or overwritten: the data failed, the usage did not
        result.add(_problem("unreadable", path.name, detail="damaged or truncated zip"))
        return result
    container = _Container(path)
    try:
        manifest = _load_manifest(container, result)
        if manifest is None:
            return result
        _check_members(container, manifest, result)
        schemas = _load_schemas(manifest, result) if check_schema else {}
        todo = [
            e for e in manifest.files if safe_member(e.path) and container.has(e.path) and not container.symlink(e.path)
        ]
        parts = [VerifyResult(e.path, sm3_checked=sm3) for e in todo]

        def check(i: int) -> None:
            entry = todo[i]
            _check_file(container, entry, schemas.get(entry.schema_name or ""), parts[i], check_schema, sm3, progress)

        _parallel(check, len(todo))
        for part in parts:  # in manifest order, whatever order the threads finished in
            result.files += 1
            result.rows += part.rows
            result.bytes += part.bytes
            result.merge(part)
        if expected_digest is not None and expected_digest.lower() not in (result.digest or {}).values():
            result.add(_problem("package_digest", MANIFEST))
    finally:
        container.close()
    return result


def _load_manifest(container: _Container, result: VerifyResult) -> Manifest | None:
    if not container.has(MANIFEST):
        result.add(_problem("manifest_missing", MANIFEST))
        return None
    with container.open(MANIFEST) as fh:
        raw = fh.read(MAX_MANIFEST_BYTES + 1)
    if len(raw) > MAX_MANIFEST_BYTES:
        result.add(_problem("manifest_invalid", MANIFEST, detail="> 64 MiB"))
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        result.add(_problem("manifest_invalid", MANIFEST, detail="JSON nested too deeply"))
        return None
    except UnicodeDecodeError as exc:
        result.add(_problem("manifest_invalid", MANIFEST, detail=f"UTF-8 @ byte {exc.start}"))
        return None
    except json.JSONDecodeError as exc:
        result.add(_problem("manifest_invalid", MANIFEST, detail=f"JSON line {exc.lineno} column {exc.colno}"))
        return None
    result.manifest = data if isinstance(data, dict) else None
    try:
        manifest = Manifest.model_validate(data)
    except PydanticError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "-"
            result.add(_problem("manifest_invalid", MANIFEST, column=where, detail=f"{where}: {err['type']}"))
        return None
    try:
        result.digest = manifest_digest(data)
    except RecursionError:
        result.add(_problem("manifest_invalid", MANIFEST, detail="JSON nested too deeply"))
        return None
    if result.digest != manifest.digest.model_dump():
        result.add(_problem("manifest_digest", MANIFEST))
    return manifest


def _check_members(container: _Container, manifest: Manifest, result: VerifyResult) -> None:
    listed: set[str] = set()
    tables: set[str] = set()
    for entry in manifest.files:
        if not safe_table(entry.table):
            result.add(_problem("unsafe_table", entry.path))
        elif entry.table.casefold() in tables:  # case-insensitive file systems: one file for both
            result.add(_problem("duplicate_table", entry.path))
        tables.add(entry.table.casefold())
        if not safe_member(entry.path):
            result.add(_problem("unsafe_path", entry.path))
        elif entry.path in listed:
            result.add(_problem("duplicate_path", entry.path))
        elif not container.has(entry.path):
            result.add(_problem("missing_file", entry.path))
        listed.add(entry.path)
    seen: set[str] = set()
    for name in container.names():
        if name in seen:
            result.add(_problem("duplicate_path", name))
        seen.add(name)
        if not safe_member(name):
            result.add(_problem("unsafe_path", name))
        elif name != MANIFEST and name not in listed:
            result.add(_problem("extra_file", name))
        elif container.symlink(name):
            result.add(_problem("unsafe_path", name, key="package.symlink"))


def _load_schemas(manifest: Manifest, result: VerifyResult) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, data in manifest.schemas.items():
        try:
            out[name] = _schema_from_dict(data)
        except (ZjgovError, ValueError, TypeError, KeyError) as exc:
            result.add(_problem("manifest_invalid", MANIFEST, column=f"schemas.{name}", detail=type(exc).__name__))
    for entry in manifest.files:
        if entry.schema_name is not None and entry.schema_name not in manifest.schemas:
            result.add(_problem("schema_unknown", entry.path, key="package.schema_unknown", name=entry.schema_name))
    return out


def _check_file(
    container: _Container,
    entry: FileEntry,
    schema: Any,
    result: VerifyResult,
    check_schema: bool,
    sm3: bool = True,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Digests (in a helper thread) and parsing (in this one) of one file, overlapped."""
    name = entry.path
    size = container.size(name)
    if size != entry.bytes:  # tampered for sure; a zip bomb is never inflated
        result.add(_problem("size", name, actual=size, expected=entry.bytes))
        return
    ratio = container.ratio(name)
    if ratio > MAX_RATIO:
        result.add(_problem("unsafe", name, actual=size, ratio=int(ratio), limit=MAX_RATIO))
        return
    parsed = VerifyResult(name)
    with ThreadPoolExecutor(1, thread_name_prefix="zjgov-digest") as pool:
        future = pool.submit(_digest_member, container, name, sm3, progress)
        rows = _parse_file(container, entry, schema if check_schema else None, parsed)
        try:
            d: FileDigest | None = future.result()
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            result.add(_problem("unreadable", name, detail=type(exc).__name__))
            d = None
    if d is not None:
        result.bytes += d.bytes
        if d.bytes != entry.bytes:
            result.add(_problem("size", name, actual=d.bytes, expected=entry.bytes))
        if d.sha256 != entry.sha256:
            result.add(_problem("sha256", name, actual=d.sha256[:16], expected=entry.sha256[:16]))
        if sm3 and d.sm3 != entry.sm3:
            result.add(_problem("sm3", name, actual=d.sm3[:16], expected=entry.sm3[:16]))
    result.merge(parsed)
    if rows is not None:
        result.rows += rows
        if rows != entry.rows:
            result.add(_problem("rows", name, actual=rows, expected=entry.rows))


def _digest_member(
    container: _Container, name: str, sm3: bool = True, progress: Callable[[int], None] | None = None
) -> FileDigest:
    with container.open(name) as fh:
        return digest_stream(fh if progress is None else _Counted(fh, progress), sm3=sm3)


class _Counted:
    """A binary stream that reports how many bytes each read returned."""

    def __init__(self, stream: IO[bytes], report: Callable[[int], None]) -> None:
        self._stream, self._report = stream, report

    def read(self, size: int = -1) -> bytes:
        block = self._stream.read(size)
        self._report(len(block))
        return block


def _parse_file(container: _Container, entry: FileEntry, schema: Any, result: VerifyResult) -> int | None:
    """Count the rows (and check them against ``schema``); None when the file cannot be parsed."""
    rows = 0
    seen_keys: dict = {}
    try:
        for offset, frame in _iter_frames(container, entry, result, arrow=schema is None):
            rows = offset + len(frame)
            if schema is not None:
                for p in _violations(schema, frame, offset, entry.path, seen_keys):
                    result.add(p)
    except _Unsafe as exc:
        result.add(_problem("unsafe", entry.path, actual=exc.inflated, ratio=int(exc.ratio), limit=MAX_RATIO))
        return None
    except _Unreadable as exc:
        try:
            line = _bad_text_line(container, entry.path) if entry.format == "csv" else None
        except (OSError, zipfile.BadZipFile, EOFError):
            line = None
        if line is not None:
            result.add(_problem("unreadable", entry.path, key="package.reencoded", line=line))
        else:
            result.add(_problem("unreadable", entry.path, detail=str(exc)))
        return None
    return rows


class _Unreadable(Exception):
    pass


class _Unsafe(_Unreadable):
    def __init__(self, inflated: int, ratio: float) -> None:
        super().__init__("unsafe")
        self.inflated, self.ratio = inflated, ratio


def _iter_frames(container: _Container, entry: FileEntry, result: VerifyResult | None = None, *, arrow: bool = False):
    """``(row offset, frame)`` for each batch of a data file, text columns as pandas ``str``
    (or the Arrow record batches themselves with ``arrow=True``: counting needs no pandas)."""
    try:
        with contextlib.ExitStack() as stack:
            if entry.bytes == 0 and not entry.columns:
                return
            if entry.format == "csv":
                fh = stack.enter_context(container.open(entry.path))
                reader = pacsv.open_csv(
                    fh,
                    parse_options=pacsv.ParseOptions(newlines_in_values=True),
                    read_options=pacsv.ReadOptions(block_size=CSV_BLOCK),
                    convert_options=_csv_convert(entry),
                )
                names = reader.schema.names
                batches: Iterable[pa.RecordBatch] = reader
            else:
                pf = stack.enter_context(_parquet(container, entry))
                names = pf.schema_arrow.names
                # counting only: no column is decoded (the digests prove the bytes anyway)
                batches = pf.iter_batches(batch_size=BATCH_ROWS, columns=[] if arrow else None)
            if names != entry.columns:
                if result is not None:
                    result.add(_problem("columns", entry.path))
                else:
                    raise _Unreadable("columns")
            offset = 0
            for batch in batches:
                yield offset, batch if arrow else batch.to_pandas()
                offset += batch.num_rows
    except (pa.ArrowException, OSError, zipfile.BadZipFile, EOFError, UnicodeDecodeError) as exc:
        raise _Unreadable(type(exc).__name__) from None


@contextlib.contextmanager
def _parquet(container: _Container, entry: FileEntry) -> Iterator[pq.ParquetFile]:
    """A Parquet member opened from disk (a zip member is first copied out in bounded memory);
    refused as ``unsafe`` when its pages claim to inflate beyond :data:`MAX_RATIO`."""
    with container.local(entry.path) as local:
        pf = pq.ParquetFile(local)
        try:
            meta = pf.metadata
            inflated = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
            ratio = inflated / max(entry.bytes, 1)
            if inflated > 1 << 20 and ratio > MAX_RATIO:
                raise _Unsafe(inflated, ratio)
            yield pf
        finally:
            pf.close()


def _bad_text_line(container: _Container, name: str) -> int | None:
    """The 1-based line of the first byte that is not UTF-8 (streamed), or None."""
    decoder_line = 1
    with container.open(name) as fh:
        rest = b""
        while block := fh.read(CHUNK):
            data = rest + block
            cut = data.rfind(b"\n") + 1
            chunk, rest = (data[:cut], data[cut:]) if cut else (b"", data)
            try:
                chunk.decode("utf-8")
            except UnicodeDecodeError as exc:
                return decoder_line + chunk.count(b"\n", 0, exc.start)
            decoder_line += chunk.count(b"\n")
        try:
            rest.decode("utf-8")
        except UnicodeDecodeError:
            return decoder_line
    return None


def _csv_convert(entry: FileEntry) -> pacsv.ConvertOptions:
    return pacsv.ConvertOptions(
        column_types=dict.fromkeys(entry.columns, pa.string()),
        strings_can_be_null=True,
        null_values=[""],
        quoted_strings_can_be_null=False,
    )


# -- reading ------------------------------------------------------------------------------------------
def read(
    path: str | os.PathLike[str],
    *,
    check_schema: bool = True,
    expected_digest: str | None = None,
    coerce: bool = False,
    progress: Callable[[int], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """Verify the package, then return its tables by name; raises :class:`PackageError` if it fails.

    CSV tables come back as text columns (pandas ``str``; an empty field is missing, a quoted
    empty string stays ``""``); Parquet tables keep their dtypes. ``coerce=True`` types the
    columns of every table that has a schema with ``Schema.coerce`` (dates, numbers, booleans);
    a value that cannot be converted raises :class:`PackageError` rather than becoming missing.
    The package must not change while it is read (it is hashed, then parsed).
    """
    verify(path, check_schema=check_schema, expected_digest=expected_digest, progress=progress).raise_if_failed()
    container = _Container(Path(path))
    out: dict[str, pd.DataFrame] = {}
    try:
        with container.open(MANIFEST) as fh:
            manifest = Manifest.model_validate(json.loads(fh.read().decode("utf-8")))
        for entry in manifest.files:
            out[entry.table] = _read_table(container, entry)
            if coerce and entry.schema_name is not None:
                schema = _schema_from_dict(manifest.schemas[entry.schema_name])
                out[entry.table] = _coerced(schema, out[entry.table], entry.path)
    except _Unreadable as exc:
        raise PackageError("package.failed", [_problem("unreadable", str(path), detail=str(exc))], count=1) from None
    finally:
        container.close()
    return out


def _read_table(container: _Container, entry: FileEntry) -> pd.DataFrame:
    if entry.format == "parquet":
        with _parquet(container, entry) as pf:
            return pf.read().to_pandas()
    frames = [f for _, f in _iter_frames(container, entry)]
    if frames:
        return pd.concat(frames, ignore_index=True)
    return pd.DataFrame({c: pd.Series([], dtype="str") for c in entry.columns})


def _coerced(schema: Any, frame: pd.DataFrame, file: str) -> pd.DataFrame:
    result = schema.coerce(frame)
    if not result.ok:
        failures = result.failures
        problems = [
            _problem("coerce", file, row=int(r), column=str(c), detail=str(reason))
            for r, c, reason in zip(failures["row"][:MAX_PROBLEMS], failures["column"], failures["reason"])
        ]
        raise PackageError("package.failed", problems, count=len(failures))
    return result.frame
