"""Reading tables for every verb: one place, one set of formats and encodings.

Formats (by file suffix): CSV (``.csv``, ``.txt``), TSV (``.tsv``, ``.tab``), JSON Lines
(``.jsonl``, ``.ndjson``), Parquet (``.parquet``, ``.pq``) and Excel (``.xlsx``, ``.xlsm``).

* **Text everywhere.** CSV, TSV, JSON Lines and Excel cells are read as text (pandas' Arrow
  backed ``str`` dtype), so identifiers keep their leading zeros; empty cells are missing.
  JSON numbers keep the digits exactly as written (``1.50`` stays ``"1.50"``). Parquet keeps
  its own column types, losslessly: integers and booleans with nulls become pandas' nullable
  ``Int64`` / ``boolean`` (never float64), decimals their exact text (``Decimal("12.50")`` → ``"12.50"``), dates and
  timestamps ``datetime64`` (a time zone is converted to Beijing time, UTC+8, then dropped).
* **Encodings.** UTF-8 with or without a byte-order mark, and GB 18030 (a superset of GBK and
  GB 2312), detected from the bytes. A byte that cannot be decoded is an
  :class:`EncodingError` naming the file, the line and the byte offset; nothing is ever
  silently replaced.
* **Streaming.** :func:`iter_batches` yields frames of at most ``batch_rows`` rows in bounded
  memory (Arrow's streaming CSV reader, Parquet row groups, JSON Lines and Excel rows in
  chunks); each batch's index continues the 0-based row number of the file.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_bytes("姓名,编号\\n张三,001\\n李四,\\n".encode("gbk"))
>>> detect_encoding(p)
'gb18030'
>>> frame = read_table(p)
>>> frame["编号"].tolist()
['001', nan]
>>> [len(b) for b in iter_batches(p, batch_rows=1)], next(iter_batches(p, batch_rows=1)).index.tolist()
([1, 1], [0])
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as _dt
import io as _io
import json
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from zjgov import i18n
from zjgov.errors import ConfigError

__all__ = [
    "ENCODINGS",
    "FORMATS",
    "EncodingError",
    "count_rows",
    "detect_encoding",
    "detect_format",
    "file_info",
    "iter_batches",
    "read_table",
    "write_table",
]

#: the encodings :func:`detect_encoding` can return.
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
#: suffix -> format name.
FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "excel",
    ".xlsm": "excel",
}
_ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf_8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
    "utf_8_sig": "utf-8-sig",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "gb18030": "gb18030",
    "gb-18030": "gb18030",
    "cp936": "gb18030",
    "936": "gb18030",
}
_BOM = codecs.BOM_UTF8
_SCAN_BYTES = 1 << 20
#: A CSV file larger than this whose start is Chinese UTF-8 is read as UTF-8 without a pre-scan.
_SNIFF_BYTES = 4 << 20
_CSV_BLOCKS = (256 << 10, 8 << 20, 256 << 20)  # first try small blocks: bounded memory
_ASCII = bytes(range(128))
_TEXT = "str"  # pandas' Arrow-backed string dtype (NaN as the missing value)

i18n.add(
    {
        "io.not_found": ("找不到文件：{path}", "file not found: {path}"),
        "io.not_file": ("不是文件：{path}", "not a file: {path}"),
        "io.unknown_format": (
            "无法识别的文件格式“{suffix}”，支持：{formats}",
            "unknown file format '{suffix}'; supported: {formats}",
        ),
        "io.xls": (
            "不支持旧版 Excel（.xls）文件，请另存为 .xlsx",
            "old Excel (.xls) files are not supported; save the sheet as .xlsx",
        ),
        "io.bad_encoding": (
            "第 {line} 行（字节偏移 {offset}）有无法按 {encoding} 解码的字节",
            "line {line} (byte offset {offset}) has bytes that cannot be decoded as {encoding}",
        ),
        "io.mixed_encoding": (
            "第 {line} 行是 UTF-8 编码，而文件其余部分是 GB 18030/GBK：编码混用，按任一编码读取都会产生乱码；"
            "请统一文件编码（或用 --encoding 指定）",
            "line {line} is UTF-8 but the rest of the file is GB 18030/GBK: mixed encodings would read as "
            "garbled text either way; convert the file to one encoding (or name it with --encoding)",
        ),
        "io.formula_row": (
            "第 {line} 行只有公式单元格，且没有保存计算结果（工作簿保存时未计算）；请在 Excel 或 LibreOffice 中打开并保存后再读取",
            "row {line} holds only formula cells without cached values (the workbook was saved without "
            "calculating); open and save it in Excel or LibreOffice first",
        ),
        "io.unknown_encoding": (
            "不支持的编码“{encoding}”，支持 UTF-8 与 GB 18030/GBK",
            "unsupported encoding '{encoding}'; use UTF-8 or GB 18030/GBK",
        ),
        "io.empty": ("文件为空（没有表头行）", "the file is empty (no header row)"),
        "io.ragged": (
            "第 {line} 行有 {actual} 个字段，表头有 {expected} 个",
            "line {line} has {actual} fields but the header has {expected}",
        ),
        "io.parse": ("无法解析第 {line} 行附近的内容", "cannot parse the file near line {line}"),
        "io.parse_any": ("无法解析文件：{detail}", "cannot parse the file: {detail}"),
        "io.duplicate_column": ("列名“{column}”重复出现", "the column name '{column}' appears more than once"),
        "io.empty_column": ("第 {position} 列没有列名", "column {position} has no name"),
        "io.missing_columns": ("文件中没有这些列：{columns}", "the file has no column(s): {columns}"),
        "io.too_deep_row": (
            "第 {row} 条记录的“{column}”嵌套过深",
            "record {row}: '{column}' is nested too deeply",
        ),
        "io.too_deep": ("第 {line} 行的 JSON 值嵌套过深", "line {line}: the JSON value is nested too deeply"),
        "io.bad_json": ("第 {line} 行不是合法的 JSON 对象", "line {line} is not a valid JSON object"),
        "io.no_sheet": ("工作簿中没有工作表“{sheet}”", "the workbook has no sheet '{sheet}'"),
        "io.excel_extra": (
            "第 {line} 行在表头之外的第 {position} 列还有内容",
            "row {line} has a value in column {position}, beyond the header",
        ),
        "io.needs_openpyxl": (
            '读取 Excel 需要 openpyxl：pip install "zjgov[excel]"',
            'reading Excel needs openpyxl: pip install "zjgov[excel]"',
        ),
        "io.batch_rows": ("batch_rows 必须是正整数", "batch_rows must be a positive integer"),
        "io.write_format": ("无法写出格式“{suffix}”", "cannot write the format '{suffix}'"),
    }
)


class EncodingError(ConfigError):
    """Bytes that cannot be decoded; names the file, the 1-based line and the 0-based byte offset."""

    def __init__(self, *, file: str | None, line: int, offset: int, encoding: str) -> None:
        self.offset, self.encoding = offset, encoding
        label = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GB 18030"}.get(encoding, encoding)
        super().__init__(
            i18n.text("io.bad_encoding", "zh", line=line, offset=offset, encoding=label),
            i18n.text("io.bad_encoding", "en", line=line, offset=offset, encoding=label),
            file=file,
            line=line,
        )


def _error(
    key: str, source: object = None, *, line: int | None = None, field: str | None = None, **fields
) -> ConfigError:
    return ConfigError(
        i18n.text(key, "zh", line=line, **fields),
        i18n.text(key, "en", line=line, **fields),
        file=None if source is None else str(source),
        line=line,
        field=field,
    )


# -- encodings ----------------------------------------------------------------------------
def _normalise_encoding(encoding: str) -> str:
    name = _ALIASES.get(encoding.strip().lower().replace(" ", ""))
    if name is None:
        raise _error("io.unknown_encoding", encoding=encoding, field="encoding")
    return name


def _chunks(fh: BinaryIO, size: int = _SCAN_BYTES) -> Iterator[tuple[int, int, bytes]]:
    """Line-aligned chunks ``(byte offset, line number of the first line, bytes)``.

    A newline byte never occurs inside a UTF-8 or GB 18030 multi-byte character, so every chunk
    decodes on its own.
    """
    offset, line, rest = 0, 1, b""
    while True:
        block = fh.read(size)
        if not block:
            if rest:
                yield offset, line, rest
            return
        data = rest + block
        cut = data.rfind(b"\n") + 1
        if cut == 0:
            rest = data
            continue
        chunk, rest = data[:cut], data[cut:]
        yield offset, line, chunk
        offset += len(chunk)
        line += int(np.count_nonzero(np.frombuffer(chunk, np.uint8) == 0x0A))  # 3-4x bytes.count


def _open_source(source: str | os.PathLike[str] | bytes) -> tuple[BinaryIO, str | None]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _io.BytesIO(bytes(source)), None
    path = _existing(source)
    return open(path, "rb"), str(path)


def _valid_utf8(body: bytes) -> bool:
    """Whether ``body`` is valid UTF-8, checked by Arrow's validator without building a Python
    ``str`` (strict like Python's decoder: no overlong forms, surrogates or code points past
    U+10FFFF)."""
    if body.isascii():
        return True
    if len(body) >= 1 << 31:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    offsets = pa.py_buffer(np.array([0, len(body)], np.int32))
    try:
        pa.StringArray.from_buffers(1, offsets, pa.py_buffer(body)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _nonascii_before(source: str | os.PathLike[str] | bytes, end: int) -> int:
    """Non-ASCII bytes in the first ``end`` bytes of ``source`` (a BOM not counted)."""
    fh, _ = _open_source(source)
    total = 0
    with fh:
        for offset, _line, chunk in _chunks(fh):
            if offset >= end:
                break
            skip = 3 if offset == 0 and chunk.startswith(_BOM) else 0
            total += len(chunk[skip : end - offset].translate(None, _ASCII))
    return total


def _verify(source: str | os.PathLike[str] | bytes, encoding: str, *, mixed: bool = False) -> None:
    """Decode the whole source strictly in line-aligned chunks; raise at the first bad byte.

    ``mixed=True`` (GB 18030 found by detection) also refuses a line that is really UTF-8.
    """
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    fh, name = _open_source(source)
    with fh:
        for offset, line, chunk in _chunks(fh):
            if mixed and (at := _utf8_line(chunk)) is not None:
                raise _error("io.mixed_encoding", name, line=line + at)
            skip = 3 if offset == 0 and chunk.startswith(_BOM) else 0
            if codec == "utf-8" and _valid_utf8(chunk[skip:]):
                continue
            try:
                chunk[skip:].decode(codec)
            except UnicodeDecodeError as exc:
                at = skip + exc.start
                raise EncodingError(
                    file=name, line=line + chunk.count(b"\n", 0, at), offset=offset + at, encoding=encoding
                ) from None


def detect_encoding(source: str | os.PathLike[str] | bytes) -> str:
    """The encoding of a file or of bytes: ``"utf-8"``, ``"utf-8-sig"`` (with a BOM) or ``"gb18030"``.

    The whole input is scanned in bounded memory. UTF-8 wins when the bytes decode as UTF-8;
    otherwise GB 18030 (which covers GBK and GB 2312) when they decode as that and do not look
    like UTF-8 with a few broken bytes. Undecodable bytes raise :class:`EncodingError` with the
    line number and byte offset of the first one.

    >>> detect_encoding("编号\\n001\\n".encode("gbk")), detect_encoding("\\ufeff编号\\n".encode())
    ('gb18030', 'utf-8-sig')
    >>> detect_encoding("编号\\n001\\n张三".encode() + b"\\xff\\n")
    Traceback (most recent call last):
    zjgov.io.EncodingError: 第 3 行（字节偏移 17）有无法按 UTF-8 解码的字节 ...
    """
    fh, name = _open_source(source)
    bom = False
    with fh:
        for offset, line, chunk in _chunks(fh):
            skip = 0
            if offset == 0 and chunk.startswith(_BOM):
                bom, skip = True, 3
            body = chunk[skip:]
            if _valid_utf8(body):
                continue
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                at = skip + exc.start
                utf8_error = EncodingError(
                    file=name,
                    line=line + chunk.count(b"\n", 0, at),
                    offset=offset + at,
                    encoding="utf-8-sig" if bom else "utf-8",
                )
                if bom:
                    raise utf8_error from None
                # each undecodable byte becomes one lone surrogate, which "ignore" then drops
                broken = len(body) - len(body.decode("utf-8", "surrogateescape").encode("utf-8", "ignore"))
                good = _nonascii_before(source, offset) + len(body.translate(None, _ASCII)) - broken
                if good > broken:  # mostly valid UTF-8 with a few broken bytes
                    raise utf8_error from None
                break
        else:
            return "utf-8-sig" if bom else "utf-8"
    _verify(source, "gb18030", mixed=True)
    return "gb18030"


#: bytes as classes: L = lead byte of a UTF-8 CJK character (E4-E9), C = continuation (80-BF);
#: two UTF-8 CJK characters in a row are then the plain substring ``LCCLCC``
_BYTE_CLASS = bytes(ord("L") if 0xE4 <= b <= 0xE9 else ord("C") if 0x80 <= b <= 0xBF else ord(".") for b in range(256))
_CJK_PAIR = b"LCCLCC"


def _looks_utf8_chinese(line: bytes) -> bool:
    """A line whose non-ASCII bytes are valid UTF-8 spelling at least two CJK characters.

    GB 18030 text almost never forms such a sequence by chance (its lead bytes 0xB0-0xF7 of the
    common hanzi are UTF-8 continuation bytes or need continuation bytes after them), so this
    finds a UTF-8 line pasted into a GBK file.
    """
    if line.isascii():
        return False
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    cjk = sum(
        1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
    )
    return cjk >= 2


def _utf8_line(chunk: bytes) -> int | None:
    """The 0-based line (within ``chunk``) of the first line that is really UTF-8 Chinese, or None."""
    classes = chunk.translate(_BYTE_CLASS)  # a cheap filter; candidate lines are then decoded
    at = classes.find(_CJK_PAIR)
    while at >= 0:
        start = chunk.rfind(b"\n", 0, at) + 1
        end = chunk.find(b"\n", at)
        end = len(chunk) if end < 0 else end
        if _looks_utf8_chinese(chunk[start:end]):
            return chunk.count(b"\n", 0, start)
        at = classes.find(_CJK_PAIR, end)
    return None


def _resolve_encoding(path: Path, encoding: str | None, *, deferred: bool = False) -> str:
    """The encoding of ``path`` (detected, or ``encoding`` checked).

    ``deferred`` (a CSV stream whose every column Arrow validates as it reads): a large file
    whose first :data:`_SNIFF_BYTES` hold Chinese text that is valid UTF-8 is taken as UTF-8
    without scanning the rest (detected, or said to be UTF-8); a bad byte further on is then
    reported by the stream (:func:`_csv_stream`) with its line, as the scan would have.
    Otherwise the whole file is scanned first.
    """
    if encoding is None:
        return (_sniff_utf8(path) if deferred else None) or detect_encoding(path)
    name = _normalise_encoding(encoding)
    if name == "utf-8":
        with open(path, "rb") as fh:
            if fh.read(3) == _BOM:
                name = "utf-8-sig"
    if not (deferred and name.startswith("utf-8") and _sniff_utf8(path)):
        _verify(path, name)
    return name


def _sniff_utf8(path: Path) -> str | None:
    """``utf-8``/``utf-8-sig`` when the file is larger than :data:`_SNIFF_BYTES` and its first
    whole lines within them are valid UTF-8 with non-ASCII text in them; else ``None``."""
    if path.stat().st_size <= _SNIFF_BYTES:
        return None
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    bom = head.startswith(_BOM)
    head = head[3 if bom else 0 : head.rfind(b"\n") + 1]
    if head.isascii() or not _valid_utf8(head):
        return None
    return "utf-8-sig" if bom else "utf-8"


# -- formats ------------------------------------------------------------------------------
def _existing(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    if not p.exists():
        raise _error("io.not_found", p, path=p)
    if not p.is_file():
        raise _error("io.not_file", p, path=p)
    return p


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of ``path`` from its suffix: ``csv``, ``tsv``, ``jsonl``, ``parquet`` or ``excel``.

    >>> detect_format("人口.CSV"), detect_format("a.ndjson")
    ('csv', 'jsonl')
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".xls":
        raise _error("io.xls", path)
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise _error("io.unknown_format", path, suffix=suffix or "(none)", formats=", ".join(sorted(set(FORMATS))))
    return fmt


def _check_batch_rows(batch_rows: int) -> int:
    if isinstance(batch_rows, bool) or not isinstance(batch_rows, (int, np.integer)) or batch_rows < 1:
        raise _error("io.batch_rows", field="batch_rows")
    return int(batch_rows)


def _check_columns(path: Path, names: Sequence[str], columns: Sequence[str] | None) -> list[str] | None:
    if columns is None:
        return None
    columns = [columns] if isinstance(columns, str) else list(columns)
    missing = [c for c in columns if c not in names]
    if missing:
        raise _error("io.missing_columns", path, field="columns", columns=", ".join(map(str, missing)))
    return columns


def _check_header(path: Path, names: Sequence[str]) -> None:
    seen: set[str] = set()
    for i, name in enumerate(names, 1):
        if name is None or str(name).strip() == "":
            raise _error("io.empty_column", path, line=1, position=i)
        if name in seen:
            raise _error("io.duplicate_column", path, line=1, field=str(name), column=name)
        seen.add(name)


def read_table(
    path: str | os.PathLike[str],
    *,
    columns: Sequence[str] | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
) -> pd.DataFrame:
    """Read a whole CSV/TSV, JSON Lines, Parquet or Excel file into one frame.

    ``columns`` selects (and orders) columns, ``encoding`` overrides detection (``"gbk"``,
    ``"utf-8"`` …, still checked strictly), ``sheet`` picks an Excel sheet by name or 0-based
    position (the first by default). The index is the 0-based row number.
    """
    p = _existing(path)
    fmt = detect_format(p)
    if fmt == "parquet":
        try:
            table = pq.read_table(p, columns=_check_columns(p, pq.read_schema(p).names, columns))
        except (pa.ArrowException, OSError) as exc:
            raise _error("io.parse_any", p, detail=type(exc).__name__) from None
        return _frame(table, 0)
    batches = list(iter_batches(p, batch_rows=1 << 62, columns=columns, encoding=encoding, sheet=sheet))
    if len(batches) == 1:
        return batches[0]
    return _empty_frame(p, fmt, columns, encoding, sheet)


def _empty_frame(p, fmt, columns, encoding, sheet) -> pd.DataFrame:
    names = file_info(p, encoding=encoding, sheet=sheet)["columns"] if fmt != "jsonl" else []
    names = _check_columns(p, names, columns) or names
    return pd.DataFrame({n: pd.Series([], dtype=_TEXT) for n in names}, index=pd.RangeIndex(0))


def iter_batches(
    path: str | os.PathLike[str],
    *,
    batch_rows: int = 100_000,
    columns: Sequence[str] | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
) -> Iterator[pd.DataFrame]:
    """Stream a file as frames of at most ``batch_rows`` rows, in bounded memory.

    Each frame's index continues the file's 0-based row number, so row ``i`` of the file is
    index ``i`` of the batch that holds it. An empty file body yields no batch.
    """
    batch_rows = _check_batch_rows(batch_rows)
    p = _existing(path)
    fmt = detect_format(p)
    if fmt in ("csv", "tsv"):
        frames = _frames(_rebatch(_csv_tables(p, "\t" if fmt == "tsv" else ",", columns, encoding), batch_rows))
    elif fmt == "parquet":
        frames = _frames(_rebatch(_parquet_tables(p, columns, batch_rows), batch_rows))
    elif fmt == "jsonl":
        frames = _jsonl_frames(p, columns, encoding, batch_rows)
    else:
        frames = _excel_frames(p, columns, sheet, batch_rows)
    return _observed(frames) if _OBSERVERS else frames


#: callbacks told the row count of every batch :func:`iter_batches` yields (see :func:`observe`)
_OBSERVERS: list[Callable[[int], None]] = []


@contextlib.contextmanager
def observe(callback: Callable[[int], None]) -> Iterator[None]:
    """Call ``callback(rows)`` for every batch :func:`iter_batches` yields while the block runs
    (a progress display for a library call that reads the file itself)."""
    _OBSERVERS.append(callback)
    try:
        yield
    finally:
        _OBSERVERS.remove(callback)


def _observed(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for frame in frames:
        for callback in list(_OBSERVERS):
            callback(len(frame))
        yield frame


_NULLABLE = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.uint8(): pd.UInt8Dtype(),
    pa.uint16(): pd.UInt16Dtype(),
    pa.uint32(): pd.UInt32Dtype(),
    pa.uint64(): pd.UInt64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def _lossless(table: pa.Table) -> pa.Table:
    """Arrow columns pandas would convert with a loss: decimals become their exact text, time
    zones Beijing time (naive), dates and times stay dates (``datetime64``), not Python objects."""
    for i, field in enumerate(table.schema):
        t = field.type
        if pa.types.is_decimal(t):
            column = table.column(i).cast(pa.string())
        elif pa.types.is_timestamp(t) and t.tz is not None:
            import pyarrow.compute as pc

            local = pc.local_timestamp(table.column(i).cast(pa.timestamp(t.unit, "Asia/Shanghai")))
            column = local.cast(pa.timestamp(t.unit))
        else:
            continue
        table = table.set_column(i, field.name, column)
    return table


def _frame(table: pa.Table, start: int) -> pd.DataFrame:
    # one chunk per column: every rule then reads a column without concatenating dozens of blocks
    table = _lossless(table).combine_chunks()
    frame = table.to_pandas(date_as_object=False)
    for i, field in enumerate(table.schema):  # integers and booleans with nulls: nullable, not float
        if field.type in _NULLABLE and table.column(i).null_count:
            frame[field.name] = pd.Series(
                table.column(i).to_pandas(types_mapper=_NULLABLE.get).array, index=frame.index, name=field.name
            )
    frame.index = pd.RangeIndex(start, start + len(frame))
    return frame


def _frames(tables: Iterator[pa.Table]) -> Iterator[pd.DataFrame]:
    start = 0
    pool = pa.default_memory_pool()
    for table in tables:
        frame = _frame(table, start)
        start += table.num_rows
        del table
        pool.release_unused()  # hand freed Arrow blocks back, so the peak stays near one batch
        yield frame


def _rebatch(batches: Iterator[pa.RecordBatch | pa.Table], batch_rows: int) -> Iterator[pa.Table]:
    """Regroup Arrow batches into tables of exactly ``batch_rows`` rows (the last may be shorter)."""
    buf: list[pa.RecordBatch] = []
    schema = None
    n = 0
    for rb in batches:
        schema = rb.schema
        parts = rb.to_batches() if isinstance(rb, pa.Table) else [rb]
        buf.extend(parts)
        n += rb.num_rows
        while n >= batch_rows:
            table = pa.Table.from_batches(buf, schema)
            yield table.slice(0, batch_rows)
            rest = table.slice(batch_rows)
            buf, n = rest.to_batches(), rest.num_rows
    if n:
        yield pa.Table.from_batches(buf, schema)


# -- CSV / TSV ------------------------------------------------------------------------------
def _csv_reader(p: Path, sep: str, encoding: str, column_types: dict | None, include, handler, block: int):
    return pacsv.open_csv(
        p,
        read_options=pacsv.ReadOptions(
            use_threads=False, block_size=block, encoding="utf8" if encoding.startswith("utf-8") else encoding
        ),
        parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True, invalid_row_handler=handler),
        convert_options=pacsv.ConvertOptions(
            column_types=column_types or {},
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            null_values=[""],
            include_columns=include,
        ),
    )


def _csv_header(p: Path, sep: str, encoding: str) -> list[str]:
    with open(p, encoding=encoding, newline="") as fh:
        try:
            header = next(csv.reader(fh, delimiter=sep))
        except StopIteration:
            raise _error("io.empty", p) from None
        except csv.Error:
            raise _error("io.parse", p, line=1) from None
    return header


def _csv_tables(p: Path, sep: str, columns: Sequence[str] | None, encoding: str | None) -> Iterator[pa.RecordBatch]:
    enc = _resolve_encoding(p, encoding, deferred=columns is None)
    names = _csv_header(p, sep, enc)
    if not names or (len(names) == 1 and names[0] == ""):
        raise _error("io.empty", p)
    _check_header(p, names)
    include = _check_columns(p, names, columns)
    if enc == "gb18030":
        return _transcoded(p, sep, names, include)
    return _csv_stream(p, sep, enc, names, include)


def _transcoded(p: Path, sep: str, names: list[str], include) -> Iterator[pa.RecordBatch]:
    """GB 18030 text re-encoded to a temporary UTF-8 file in bounded memory, then read natively.

    Arrow's own transcoding calls the Python codec from its read-ahead thread; a temporary file
    keeps every Python call on the caller's thread. Lines (and so error line numbers) are unchanged.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="zjgov-") as tmp:
        utf8 = Path(tmp) / p.name
        with open(p, "rb") as src, open(utf8, "wb") as dst:
            for _, _, chunk in _chunks(src):
                dst.write(chunk.decode("gb18030").encode("utf-8"))
        try:
            yield from _csv_stream(utf8, sep, "utf-8", names, include)
        except ConfigError as exc:  # name the original file, not the temporary copy
            raise ConfigError(exc.message_zh, exc.message_en, file=str(p), line=exc.line, field=exc.field) from None


def _csv_stream(p: Path, sep: str, enc: str, names: list[str], include) -> Iterator[pa.RecordBatch]:
    """Arrow's streaming reader; a record longer than a block is retried with larger blocks.

    The reader keeps a few dozen blocks in flight, so a small block bounds the memory.
    """
    ragged: list[int] = []

    def handler(row) -> str:
        ragged.append(row.number or 0)
        return "error"

    emitted = 0
    types = dict.fromkeys(names, pa.string())
    for block in _CSV_BLOCKS:
        skip = emitted
        reader = None
        try:
            reader = _csv_reader(p, sep, enc, types, include, handler, block)
            for batch in reader:
                if skip >= batch.num_rows:
                    skip -= batch.num_rows
                    continue
                batch, skip = batch.slice(skip), 0
                emitted += batch.num_rows
                yield batch
            return
        except pa.ArrowInvalid as exc:
            if "straddl" in str(exc) and not ragged and block != _CSV_BLOCKS[-1]:
                continue
            if "utf8" in str(exc).lower():  # a bad byte past the sniffed start: find and name it
                _verify(p, enc)
            located = _locate_ragged(p, sep, enc, len(names))
            if located is not None:
                line, actual = located
                raise _error("io.ragged", p, line=line, actual=actual, expected=len(names)) from None
            raise _error("io.parse", p, line=ragged[0] if ragged else None) from None
        finally:
            if reader is not None:  # stop Arrow's read-ahead even when the caller stops early
                reader.close()


def _locate_ragged(p: Path, sep: str, enc: str, expected: int) -> tuple[int, int] | None:
    """The first physical line whose record has the wrong number of fields (the slow, exact path)."""
    with open(p, encoding=enc, newline="") as fh:
        reader = csv.reader(fh, delimiter=sep)
        try:
            next(reader)
            end = reader.line_num
            for record in reader:
                if record and len(record) != expected:
                    return end + 1, len(record)
                end = reader.line_num
        except csv.Error:
            return end + 1, 0
    return None


# -- Parquet ------------------------------------------------------------------------------
def _parquet_tables(p: Path, columns: Sequence[str] | None, batch_rows: int) -> Iterator[pa.RecordBatch]:
    try:
        pf = pq.ParquetFile(p)
    except (pa.ArrowException, OSError) as exc:
        raise _error("io.parse_any", p, detail=type(exc).__name__) from None
    include = _check_columns(p, pf.schema_arrow.names, columns)
    yield from pf.iter_batches(batch_size=min(batch_rows, 1 << 20), columns=include)


# -- JSON Lines ----------------------------------------------------------------------------
class _Number(str):
    """A JSON number kept as the text it was written with."""


def _json_text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return None if value is None else str(value)
    return _dump(value)


def _dump(value: Any) -> str:
    if isinstance(value, _Number):
        return str(value)
    if isinstance(value, list):
        return "[" + ",".join(_dump(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _dump(v) for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def _parse_json_chunk(p: Path, text: str, first_line: int) -> list[dict]:
    lines = text.split("\n")
    try:
        filled = [s for s in lines if s.strip()]
        records = json.loads("[" + ",".join(filled) + "]", parse_int=_Number, parse_float=_Number)
        if len(records) == len(filled) and all(isinstance(r, dict) for r in records):
            return records
    except (json.JSONDecodeError, RecursionError):
        pass
    for i, s in enumerate(lines):  # the slow path, only to find the bad line
        if not s.strip():
            continue
        try:
            ok = isinstance(json.loads(s), dict)
        except json.JSONDecodeError:
            ok = False
        except RecursionError:
            raise _error("io.too_deep", p, line=first_line + i) from None
        if not ok:
            raise _error("io.bad_json", p, line=first_line + i)
    raise _error("io.parse", p, line=first_line)


#: deepest nesting of a JSON Lines value kept as text; deeper is an error whatever Python's
#: recursion limit is (a library may raise it, and the answer must not depend on that)
MAX_JSON_DEPTH = 256


def _nesting(value: Any) -> int:
    """How deeply lists and objects nest in a parsed JSON value (iterative: no recursion).

    >>> _nesting(1), _nesting([]), _nesting({"a": [[1], 2]})
    (0, 1, 3)
    """
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def _records_frame(records: list[dict], names: list[str], start: int, p: Path | None = None) -> pd.DataFrame:
    data = {}
    for name in names:
        for i, r in enumerate(records):
            value = r.get(name)
            if isinstance(value, dict | list) and _nesting(value) > MAX_JSON_DEPTH:
                raise _error("io.too_deep_row", p, row=start + i + 1, column=name)
        try:
            values = [_json_text(r.get(name)) for r in records]
        except RecursionError:  # a value nested almost as deep as the parser allows
            row = next(i for i, r in enumerate(records) if _too_deep(r.get(name)))
            raise _error("io.too_deep_row", p, row=start + row + 1, column=name) from None
        data[name] = pd.array(values, dtype=_TEXT)
    return pd.DataFrame(data, index=pd.RangeIndex(start, start + len(records)))


def _too_deep(value: Any) -> bool:
    try:
        _json_text(value)
    except RecursionError:
        return True
    return False


def _jsonl_frames(
    p: Path, columns: Sequence[str] | None, encoding: str | None, batch_rows: int
) -> Iterator[pd.DataFrame]:
    enc = _resolve_encoding(p, encoding)
    codec = "utf-8" if enc.startswith("utf-8") else enc
    names: list[str] = []
    pending: list[dict] = []
    start = 0
    with open(p, "rb") as fh:
        for offset, line, chunk in _chunks(fh, 1 << 20):
            if offset == 0 and chunk.startswith(_BOM):
                chunk = chunk[3:]
            records = _parse_json_chunk(p, chunk.decode(codec), line)
            for r in records:
                for key in r:
                    if key not in names:
                        names.append(key)
            pending.extend(records)
            while len(pending) >= batch_rows:
                selected = _check_columns(p, names, columns) or names
                yield _records_frame(pending[:batch_rows], selected, start, p)
                start += batch_rows
                pending = pending[batch_rows:]
    if pending or (start == 0 and columns is not None):
        selected = _check_columns(p, names, columns) or names
        if pending:
            yield _records_frame(pending, selected, start, p)


# -- Excel ---------------------------------------------------------------------------------
def _cell_text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return None if value is None or value == "" else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


def _open_sheet(p: Path, sheet: str | int | None):
    try:
        import openpyxl
    except ModuleNotFoundError:
        raise _error("io.needs_openpyxl", p) from None
    try:
        book = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise _error("io.parse_any", p, detail=type(exc).__name__) from None
    if sheet is None:
        ws = book.worksheets[0]
    elif isinstance(sheet, int) and 0 <= sheet < len(book.worksheets):
        ws = book.worksheets[sheet]
    elif isinstance(sheet, str) and sheet in book.sheetnames:
        ws = book[sheet]
    else:
        book.close()
        raise _error("io.no_sheet", p, field="sheet", sheet=sheet)
    return book, ws


def _excel_header(p: Path, rows: Iterator[tuple]) -> list[str]:
    try:
        raw = next(rows)
    except StopIteration:
        raise _error("io.empty", p) from None
    header = [_cell_text(v) for v in raw]
    while header and header[-1] is None:
        header.pop()
    if not header:
        raise _error("io.empty", p)
    _check_header(p, header)
    return header


def _excel_frames(
    p: Path, columns: Sequence[str] | None, sheet: str | int | None, batch_rows: int
) -> Iterator[pd.DataFrame]:
    book, ws = _open_sheet(p, sheet)
    try:
        rows = ws.iter_rows(values_only=True)
        header = _excel_header(p, rows)
        selected = _check_columns(p, header, columns) or header
        width = len(header)
        take = [header.index(c) for c in selected]
        buf: list[list] = []
        start = 0
        formulas = _FormulaRows(p, sheet)
        for line, raw in enumerate(rows, 2):
            cells = [_cell_text(v) for v in raw]
            if all(c is None for c in cells):
                if formulas.has_formula(line):  # not empty: values lost, and later rows would shift
                    raise _error("io.formula_row", p, line=line)
                continue
            extra = [i for i in range(width, len(cells)) if cells[i] is not None]
            if extra:
                raise _error("io.excel_extra", p, line=line, position=extra[0] + 1)
            cells += [None] * (width - len(cells))
            buf.append(cells)
            if len(buf) >= batch_rows:
                yield _rows_frame(buf, selected, take, start)
                start += len(buf)
                buf = []
        if buf:
            yield _rows_frame(buf, selected, take, start)
    finally:
        book.close()
        formulas.close()


class _FormulaRows:
    """Which rows of a sheet hold formulas: a second, formula view of the workbook, opened only
    when an apparently empty row appears and read forward in step with the value view."""

    def __init__(self, p: Path, sheet: str | int | None) -> None:
        self.p, self.sheet = p, sheet
        self.book = self.rows = None
        self.line = 0

    def has_formula(self, line: int) -> bool:
        if self.rows is None:
            import openpyxl

            self.book = openpyxl.load_workbook(self.p, read_only=True, data_only=False)
            ws = (
                self.book.worksheets[0]
                if self.sheet is None
                else (self.book.worksheets[self.sheet] if isinstance(self.sheet, int) else self.book[self.sheet])
            )
            self.rows = ws.iter_rows(values_only=True)
        raw: tuple = ()
        while self.line < line:
            raw = next(self.rows, ())
            self.line += 1
        return any(isinstance(v, str) and v.startswith("=") for v in raw)

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def _rows_frame(rows: list[list], names: list[str], take: list[int], start: int) -> pd.DataFrame:
    data = {name: pd.array([r[j] for r in rows], dtype=_TEXT) for name, j in zip(names, take)}
    return pd.DataFrame(data, index=pd.RangeIndex(start, start + len(rows)))


# -- information and writing --------------------------------------------------------------
def file_info(
    path: str | os.PathLike[str], *, encoding: str | None = None, sheet: str | int | None = None
) -> dict[str, Any]:
    """Format, encoding (text formats), size in bytes and column names, without reading the rows.

    For JSON Lines the column names are those of the first record.
    """
    p = _existing(path)
    fmt = detect_format(p)
    info: dict[str, Any] = {"path": str(p), "format": fmt, "bytes": p.stat().st_size, "encoding": None}
    if fmt == "parquet":
        pf = pq.ParquetFile(p)
        info.update(columns=pf.schema_arrow.names, rows=pf.metadata.num_rows)
    elif fmt in ("csv", "tsv"):
        info["encoding"] = enc = _resolve_encoding(p, encoding, deferred=True)
        info["columns"] = _csv_header(p, "\t" if fmt == "tsv" else ",", enc)
    elif fmt == "jsonl":
        info["encoding"] = enc = _resolve_encoding(p, encoding)
        with open(p, encoding="utf-8-sig" if enc.startswith("utf-8") else enc) as fh:
            first = next((s for s in fh if s.strip()), None)
        info["columns"] = list(_parse_json_chunk(p, first, 1)[0]) if first else []
    else:
        book, ws = _open_sheet(p, sheet)
        try:
            info["columns"] = _excel_header(p, ws.iter_rows(values_only=True))
        finally:
            book.close()
    return info


def count_rows(path: str | os.PathLike[str], *, encoding: str | None = None, sheet: str | int | None = None) -> int:
    """The number of data rows (header excluded), counted in bounded memory."""
    p = _existing(path)
    if detect_format(p) == "parquet":
        return int(pq.ParquetFile(p).metadata.num_rows)
    first = (file_info(p, encoding=encoding, sheet=sheet)["columns"] or [None])[0]
    columns = None if first is None else [first]
    return sum(len(b) for b in iter_batches(p, batch_rows=1 << 20, columns=columns, encoding=encoding, sheet=sheet))


def write_table(frame: pd.DataFrame, path: str | os.PathLike[str], *, encoding: str = "utf-8") -> Path:
    """Write ``frame`` (without its index) as CSV/TSV (UTF-8 or GB 18030), JSON Lines or Parquet.

    Missing values are written as empty cells (CSV/TSV), ``null`` (JSON Lines) or nulls.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
    >>> _ = write_table(pd.DataFrame({"编号": ["001", None]}), p)
    >>> read_table(p)["编号"].tolist()
    ['001', nan]
    """
    p = Path(path)
    fmt = detect_format(p)
    if fmt in ("csv", "tsv"):
        enc = _normalise_encoding(encoding)
        frame.to_csv(p, sep="\t" if fmt == "tsv" else ",", index=False, encoding=enc, lineterminator="\n")
    elif fmt == "jsonl":
        frame.to_json(p, orient="records", lines=True, force_ascii=False)
    elif fmt == "parquet":
        frame.to_parquet(p, index=False)
    else:
        raise _error("io.write_format", p, suffix=p.suffix)
    return p
