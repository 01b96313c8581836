"""Writing a package (:func:`pack`): tables written in batches while a helper thread hashes them."""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from zjgov import __version__, io
from zjgov.core import threads
from zjgov.errors import ZjgovError
from zjgov.exchange.package._digest import FileDigest, digest_stream, manifest_digest, new_sm3
from zjgov.exchange.package._manifest import (
    _SUFFIX,
    DATA_DIR,
    KIND,
    MANIFEST,
    VERSION,
    Format,
    PackageError,
    Packed,
    _config_error,
    _schema_dict,
    _schema_from_dict,
    _schema_name,
    _violations,
    safe_table,
)

Source: TypeAlias = pd.DataFrame | str | os.PathLike | Iterable[pd.DataFrame]


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

        threads.parallel_map(write, range(len(tables)))
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
        self._pool = threads.helper("tail")
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
    writer: Any = None
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
