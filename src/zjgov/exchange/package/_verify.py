"""Checking a package (:func:`verify`) and reading its tables (:func:`read`), folder or zip, in bounded memory."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from pydantic import ValidationError as PydanticError

from zjgov.core import threads
from zjgov.errors import ZjgovError
from zjgov.exchange.package._digest import FileDigest, digest_stream, manifest_digest
from zjgov.exchange.package._manifest import (
    BATCH_ROWS,
    CHUNK,
    CSV_BLOCK,
    MANIFEST,
    MAX_MANIFEST_BYTES,
    MAX_PROBLEMS,
    MAX_RATIO,
    FileEntry,
    Manifest,
    PackageError,
    VerifyResult,
    _config_error,
    _problem,
    _schema_from_dict,
    _violations,
    safe_member,
    safe_table,
)


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

        threads.parallel_map(check, range(len(todo)))
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
    with threads.helper("digest") as pool:
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
