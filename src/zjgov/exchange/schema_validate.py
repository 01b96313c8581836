"""Schema validation: every element's column checked (format, type, value domain, codes), then
keys (primary, unique, foreign), compared in the compact form where an element is bound to a
code; and coercion to typed columns.

Columns are independent, so a long frame's columns are checked on the shared thread pool; a
long column with few distinct values is checked once per distinct value.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from zjgov import codes, i18n
from zjgov.core import keys, text
from zjgov.core.arrow import blank, offsets_data, string_array
from zjgov.core.arrow import mask as _np
from zjgov.core.errors import config_error
from zjgov.core.reasons import index as reason_index
from zjgov.core.text import to_arrow
from zjgov.core.threads import parallel_map
from zjgov.exchange import dates as _dates
from zjgov.exchange.domains import CodeDomain, NoteDomain
from zjgov.exchange.elements import DataElement, DataType
from zjgov.exchange.notation import FORMAT, TextBytes
from zjgov.exchange.notation import reason_name as format_reason
from zjgov.exchange.schema_report import (
    COLUMN_MISSING,
    COLUMN_UNEXPECTED,
    DUPLICATE_KEY,
    FOREIGN_KEY,
    MISSING,
    TYPE,
    ValidationReport,
    _report,
)

if TYPE_CHECKING:
    from zjgov.exchange.schema import ForeignKey, Schema

__all__ = ["CoerceResult", "coerce", "validate"]

_ARROW_TEXT = {pa.large_string(): pd.StringDtype("pyarrow"), pa.string(): pd.StringDtype("pyarrow")}
_TRUE_TEXT = {"true", "1", "是", "y", "yes", "t"}
_FALSE_TEXT = {"false", "0", "否", "n", "no", "f"}
_PARALLEL_MIN_ROWS = 50_000  # shorter frames are checked a column after another
_DISTINCT_MIN_ROWS = 50_000  # shorter columns are checked row by row
_DISTINCT_SAMPLE = 2048
_DISTINCT_MAX = 64  # at most this many distinct values in the sample
FORMAT_REASON = format_reason(FORMAT)
_FORMAT_CODES = (1, 2, 3, 4)  # notation's int8 codes: length, format, component:date, component:time
i18n.add(
    {
        "schema.not_frame": ("validate 需要 pandas DataFrame", "validate needs a pandas DataFrame"),
        "schema.reference_missing": (
            "外键 {columns} 引用的数据“{resource}”未提供，未检查",
            "foreign key {columns}: the referenced data '{resource}' was not given; not checked",
        ),
        "schema.note_domain": (
            "“{column}”的值域仅为文字说明，未检查",
            "'{column}': the value domain is prose only; not checked",
        ),
    }
)


def validate(
    schema: Schema,
    frame: pd.DataFrame,
    lazy: bool = True,
    *,
    references: Mapping[str, pd.DataFrame | pd.Series | Iterable] | None = None,
    seen_keys: dict[tuple[str, ...], Any] | None = None,
) -> ValidationReport:
    """:meth:`Schema.validate <zjgov.exchange.schema.Schema.validate>` (documented there)."""
    if not isinstance(frame, pd.DataFrame):
        raise config_error("schema.not_frame", field="frame")
    n = len(frame)
    per_column: list[tuple] = []  # (column, element id, reason codes, character positions or None)
    frame_level: list[tuple[str, str]] = []
    unchecked: list[tuple[str, str]] = []
    row_invalid = np.zeros(n, dtype=bool)
    present = []
    for el in schema.elements:
        if el.column not in frame.columns:
            if schema._required(el):
                frame_level.append((el.column, COLUMN_MISSING))
                row_invalid[:] = True
            continue
        if isinstance(el.domain, NoteDomain):
            unchecked.append(i18n.pair("schema.note_domain", column=el.column))
        present.append(el)
    results, hashed = _check_elements(schema, present, frame)
    per_column += [(el.column, el.identifier, codes, pos) for el, (codes, pos) in zip(present, results)]
    if schema.strict:
        for col in frame.columns:
            if col not in schema.columns:
                frame_level.append((str(col), COLUMN_UNEXPECTED))
    in_keys = set(schema.primary_key) | {el.column for el in schema.elements if el.unique}
    in_keys |= {c for fk in schema.foreign_keys for c in fk.columns}
    failed = {column: codes != 0 for column, _, codes, _ in per_column if column in in_keys}
    per_column += _key_checks(schema, frame, references, unchecked, seen_keys, failed, hashed)
    return _report(schema, frame, per_column, frame_level, row_invalid, unchecked, lazy)


def _check_elements(schema: Schema, present: list[DataElement], frame: pd.DataFrame) -> tuple[list[tuple], dict]:
    """Reason codes of each element's column, and the repeats of each one-column key found by
    hashing (:func:`_hashed_duplicates`). Columns are independent, so a long frame's columns
    are checked on the engine's threads, the costly ones (codes, keys) started first."""
    keys = [key[0] for key in schema._key_sets() if len(key) == 1 and key[0] in frame.columns]
    jobs: list[Callable[[], Any]] = [functools.partial(_check_element, schema, el, frame[el.column]) for el in present]
    jobs += [functools.partial(lambda c: _hashed_duplicates(_key_series(schema, c, frame[c])), c) for c in keys]
    if len(frame) < _PARALLEL_MIN_ROWS:
        done: list[Any] = [job() for job in jobs]
    else:
        costly = [len(present) <= i or isinstance(present[i].domain, CodeDomain) for i in range(len(jobs))]
        order = sorted(range(len(jobs)), key=lambda i: not costly[i])
        done = [np.empty(0)] * len(jobs)
        for i, result in zip(order, parallel_map(lambda i: jobs[i](), order)):
            done[i] = result
    return done[: len(present)], dict(zip(keys, done[len(present) :]))


def _key_series(schema: Schema, column: str, series: pd.Series) -> pd.Series:
    """The cells of a key column as keys compare them: the compact form of its code where the
    element is bound to a code (``X``/``x``, full-width digits and separators are one key),
    the cells as they are otherwise."""
    names = _bound_codes(schema.element(column)) if column in schema.columns else None
    if names is None:
        return series
    source = series
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(series.dtype):
        source = string_array(pa.array(series, from_pandas=True))  # Arrow-backed text: zero copy
    arr = codes.compact_column(names[0], source) if len(names) == 1 else text.compact_column(source)
    if arr is source:  # nothing to normalise: the column as it is
        return series
    out = arr.to_pandas(types_mapper=_ARROW_TEXT.get)
    out.index, out.name = series.index, series.name
    return out


def _key_frame(schema: Schema, frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: _key_series(schema, c, frame[c]) for c in columns}, index=frame.index)


def _reference_keys(schema: Schema, ref: Any, fk: ForeignKey) -> Any:
    """The referenced values compared like the referencing columns (compact where bound to a code)."""
    if isinstance(ref, pd.DataFrame):
        if not all(c in ref.columns for c in fk.reference.columns):
            return ref
        return pd.DataFrame(
            {r: _key_series(schema, c, ref[r]) for c, r in zip(fk.columns, fk.reference.columns)}, index=ref.index
        )
    series = ref if isinstance(ref, pd.Series) else pd.Series(list(ref), dtype=object)
    return _key_series(schema, fk.columns[0], series) if len(fk.columns) == 1 else ref


def _check_element(schema: Schema, el: DataElement, series: pd.Series) -> tuple[np.ndarray, np.ndarray | None]:
    """Reason codes (engine registry integers, 0 = valid) of one column.

    Every check looks at one value at a time, so a long column with few distinct values
    (sex, code tables, names) is checked once per distinct value and the answer spread back.
    """
    distinct = _few_distinct(series)
    if distinct is not None:
        values, positions = distinct
        reason, where = _check_values(schema, el, values)
        return np.take(reason, positions), None if where is None else np.take(where, positions)
    return _check_values(schema, el, series)


def _check_values(schema: Schema, el: DataElement, series: pd.Series) -> tuple[np.ndarray, np.ndarray | None]:
    """Reason codes of one column and the 1-based character positions a code reports (``None``
    when no check gave a position)."""
    n = len(series)
    reason = np.zeros(n, dtype=np.int16)
    where: np.ndarray | None = None
    fmt = el.parsed_format
    if _native_number(el, series):  # a float/int column of a numeric element: no text round trip
        missing = series.isna().to_numpy()
        if schema._required(el):
            reason[missing] = reason_index(MISSING)
        if el.domain is not None and (~missing).any():
            dom = el.domain.check(pa.array(series, from_pandas=True), series, fmt)
            reason[~missing & (dom > 0)] = dom[~missing & (dom > 0)]
        return reason, where
    arr, bad_type, native = _text(series, el)
    typed = bad_type.any()
    if typed:
        reason[bad_type] = reason_index(TYPE)
    text_bytes = TextBytes.of(arr) if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type) else None
    blank = _blank(arr, text_bytes)  # missing, empty or only spaces
    if typed:
        blank &= ~bad_type
    if schema._required(el):
        reason[blank] = reason_index(MISSING)
    todo = ~(blank | bad_type) if typed else ~blank
    if not todo.any():
        return reason, where
    if native:
        pass  # a typed column (dates, numbers) needs no text format check
    elif fmt is not None:
        names = _bound_codes(el)
        if names is not None:  # the format describes the code's compact form: every spelling the code accepts passes
            compact = codes.compact_column(names[0], arr) if len(names) == 1 else text.compact_column(arr)
            codes_ = fmt.check_arrow(compact, text_bytes if compact is arr else TextBytes.of(compact))
        else:
            codes_ = fmt.check_arrow(arr, text_bytes)
        bad = np.flatnonzero(codes_ != 0)  # a bool mask: several times faster than int codes
        bad = bad[todo[bad]]
        if len(bad):
            table = np.zeros(max(_FORMAT_CODES) + 1, dtype=np.int16)
            for code in _FORMAT_CODES:
                table[code] = reason_index(format_reason(code))
            reason[bad] = table[codes_[bad]]
    else:
        _type_check(el, arr, reason, todo)
    if el.domain is not None:
        ok_so_far = todo & (reason == 0)
        if ok_so_far.any():
            if isinstance(el.domain, CodeDomain):
                dom, dpos = el.domain.check_positions(series)
            else:
                dom, dpos = el.domain.check(arr, series, fmt), None
            failed = np.flatnonzero(dom != 0)
            failed = failed[ok_so_far[failed]]
            reason[failed] = dom[failed]
            if dpos is not None and len(failed) and dpos[failed].any():
                where = np.zeros(n, dtype=np.int32)
                where[failed] = dpos[failed]
    return reason, where


def _key_checks(schema, frame, references, unchecked, seen_keys, failed, hashed) -> list[tuple]:
    """Duplicate and foreign keys, among the rows whose key cells passed their own checks."""
    out = []
    for key in schema._key_sets():
        if not all(c in frame.columns for c in key):
            continue
        sub = _key_frame(schema, frame, key)
        present = sub.notna().all(axis=1).to_numpy().copy()
        for c in key:
            if c in failed:
                present &= ~failed[c]
        if seen_keys is not None:  # batches of one file: exact groups across batches
            dup = seen_keys.setdefault(tuple(key), _SeenKeys()).repeats(sub, present)
        else:
            dup = hashed.get(key[0]) if len(key) == 1 else None
            dup = (_later_duplicates(sub, present) if dup is None else dup) & present
        if dup.any():
            flags = np.where(dup, reason_index(DUPLICATE_KEY), 0).astype(np.int16)
            out.append((key[0], schema.element(key[0]).identifier, flags, None))
    for fk in schema.foreign_keys:
        if not all(c in frame.columns for c in fk.columns):
            continue
        ref = (references or {}).get(fk.reference.resource)
        if ref is None and fk.reference.resource == schema.name:
            ref = frame
        if ref is None:
            unchecked.append(
                i18n.pair("schema.reference_missing", columns=",".join(fk.columns), resource=fk.reference.resource)
            )
            continue
        sub = _key_frame(schema, frame, fk.columns)
        present = sub.notna().all(axis=1).to_numpy().copy()
        for c in fk.columns:
            if c in failed:
                present &= ~failed[c]
        found = _lookup(sub, _reference_keys(schema, ref, fk), fk.reference.columns)
        bad = present & ~found
        if bad.any():
            flags = np.where(bad, reason_index(FOREIGN_KEY), 0).astype(np.int16)
            out.append((fk.columns[0], schema.element(fk.columns[0]).identifier, flags, None))
    return out


def coerce(schema: Schema, frame: pd.DataFrame) -> CoerceResult:
    """:meth:`Schema.coerce <zjgov.exchange.schema.Schema.coerce>` (documented there)."""
    if not isinstance(frame, pd.DataFrame):
        raise config_error("schema.not_frame", field="frame")
    out = frame.copy(deep=False)
    failures = []
    for el in schema.elements:
        if el.column not in frame.columns:
            continue
        converted, bad, reasons = _coerce_column(el, frame[el.column])
        out[el.column] = converted
        rows = np.flatnonzero(bad)
        if len(rows):
            failures.append(
                pd.DataFrame(
                    {
                        "row": rows + 1,
                        "index": frame.index[rows],
                        "column": el.column,
                        "reason": reasons[rows] if isinstance(reasons, np.ndarray) else reasons,
                    }
                )
            )
    table = (
        pd.concat(failures, ignore_index=True)
        if failures
        else pd.DataFrame({"row": [], "index": [], "column": [], "reason": []})
    )
    return CoerceResult(frame=out, failures=table)


def _text(series: pd.Series, el: DataElement) -> tuple[pa.Array, np.ndarray, bool]:
    """The column as an Arrow string array, a mask of values of the wrong type, and whether it is natively typed."""
    n = len(series)
    no = np.zeros(n, dtype=bool)
    dtype = series.dtype
    temporal = el.data_type in (DataType.date, DataType.datetime, DataType.time)
    numeric = el.data_type in (DataType.integer, DataType.number)
    if pd.api.types.is_datetime64_any_dtype(dtype) and temporal:
        iso = series.dt.strftime("%Y-%m-%dT%H:%M:%S")
        return pa.array(iso.astype(object), type=pa.string(), from_pandas=True), no, True
    if pd.api.types.is_bool_dtype(dtype) and el.data_type == DataType.boolean:
        return pa.array(series.astype(object), from_pandas=True).cast(pa.string()), no, True
    if pd.api.types.is_float_dtype(dtype) and numeric:
        arr = pa.array(series, from_pandas=True).cast(pa.string())
        return arr, no, el.data_type == DataType.number
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        arr = pa.array(series, from_pandas=True)  # zero copy for Arrow-backed text
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()
        if pa.types.is_large_string(arr.type):
            return arr, no, False
    arr, bad = to_arrow(series)
    if arr.type != pa.string() and arr.type != pa.large_string():
        arr = arr.cast(pa.string())
    return arr, bad, False


def _few_distinct(series: pd.Series) -> tuple[pd.Series, np.ndarray] | None:
    """The distinct values of a long Arrow-backed text column (missing as ``None``) and each row's
    position among them; ``None`` when the column is short, not Arrow text, or varied (judged
    from an even sample of rows)."""
    n = len(series)
    dtype = series.dtype
    if n < _DISTINCT_MIN_ROWS or not pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
        return None
    try:
        arr = pa.array(series, from_pandas=True)
    except (UnicodeEncodeError, pa.ArrowException):  # e.g. lone surrogates: the row-by-row path decides
        return None
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return None
    sample = arr.take(pa.array(np.arange(0, n, max(1, n // _DISTINCT_SAMPLE))))
    seen = pc.unique(sample)
    if len(seen) > _DISTINCT_MAX:
        return None
    offs, data, _ = offsets_data(arr)
    for width, view in ((1, np.uint8), (2, "<u2")):  # one- and two-byte values: the bytes are the key
        if not arr.null_count and offs[-1] - offs[0] == n * width and int(np.diff(offs).min()) == width:
            key = data[offs[0] : offs[-1]].view(view)
            found = np.flatnonzero(np.bincount(key, minlength=1 << (8 * width)))
            slot = np.zeros(1 << (8 * width), dtype=np.uint8 if len(found) <= 256 else np.intp)
            slot[found] = np.arange(len(found))
            values = [int(k).to_bytes(width, "little").decode("utf-8") for k in found]
            return pd.Series(values, dtype="str"), np.take(slot, key)
    width = int(offs[-1] - offs[0]) // n
    if not arr.null_count and 2 < width <= 8 and offs[-1] - offs[0] == n * width and int(np.diff(offs).min()) == width:
        fixed = _fixed_width_positions(data, offs, width)
        if fixed is not None:
            return fixed
    known = seen.drop_null()
    index = pc.index_in(arr, value_set=known)  # the sample's values are usually all of them: no hash table to grow
    if index.null_count == arr.null_count:  # every value is one of the sample's (nulls stay null)
        values = known.to_pylist()
        positions = index.fill_null(len(values)).to_numpy(zero_copy_only=False)
        if arr.null_count:
            values.append(None)
        return pd.Series(values, dtype="str"), np.asarray(positions, dtype=np.intp)
    encoded = arr.dictionary_encode()
    values = encoded.dictionary.to_pylist()
    positions = encoded.indices.fill_null(len(values)).to_numpy(zero_copy_only=False)
    if arr.null_count:
        values.append(None)
    return pd.Series(values, dtype="str"), np.asarray(positions, dtype=np.intp)


def _fixed_width_positions(data, offs, width: int) -> tuple[pd.Series, np.ndarray] | None:
    """:func:`_few_distinct` for values of 3 to 8 bytes each: every value read as one ``uint64``
    word and looked up in a small hash table of the distinct words of a sample; ``None`` when a
    value is not among them."""
    n = len(offs) - 1
    start = int(offs[0])
    inside = max(0, min(n, (len(data) - start - 8) // width + 1))  # rows whose eight bytes lie in the buffer
    words = np.empty(n, dtype=np.uint64)
    words[:inside] = np.ndarray((inside,), "<u8", buffer=data, offset=start, strides=(width,))
    tail = np.zeros((n - inside) * width + 8, dtype=np.uint8)  # the last rows, zero padded
    tail[: (n - inside) * width] = data[start + inside * width : start + n * width]
    words[inside:] = np.ndarray((n - inside,), "<u8", buffer=tail, strides=(width,))
    if width < 8:
        words &= np.uint64((1 << (8 * width)) - 1)
    keys = np.unique(words[:: max(1, n // _DISTINCT_SAMPLE)])  # at most _DISTINCT_MAX: the caller's sample
    shift = np.uint64(64 - 10)  # 1,024 slots for at most 64 keys
    for multiplier in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9):
        slots = (keys * np.uint64(multiplier)) >> shift
        if len(np.unique(slots)) == len(keys):  # no two keys share a slot
            break
    else:
        return None
    table_key = np.zeros(1024, dtype=np.uint64)
    table_pos = np.zeros(1024, dtype=np.uint8)
    table_key[slots] = keys
    table_pos[slots] = np.arange(len(keys))
    slot = ((words * np.uint64(multiplier)) >> shift).astype(np.intp)
    if not (np.take(table_key, slot) == words).all():
        return None  # a value the sample missed
    values = [int(k).to_bytes(8, "little")[:width].decode("utf-8") for k in keys]
    return pd.Series(values, dtype="str"), np.take(table_pos, slot)


def _blank(arr: pa.Array, text_bytes: TextBytes | None = None) -> np.ndarray:
    """Null, empty or only spaces. Only values starting with a byte that may begin a space (ASCII
    controls and space, or the lead bytes of the Unicode spaces) go through Arrow's space test.
    ``text_bytes`` is :meth:`TextBytes.of` ``arr`` when the caller has it already."""
    n = len(arr)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)) or n == 0:
        empty_or_space = pc.or_(pc.equal(pc.binary_length(arr), 0), pc.utf8_is_space(arr))
        return _np(empty_or_space, fill=True)
    b = text_bytes or TextBytes.of(arr)
    empty = b.lengths == 0
    if not arr.null_count and b.low > 0x20 and b.high < 0x7F and not empty.any():
        return empty  # printable ASCII, no empty value: no space anywhere
    return blank(arr)


def _hashed_duplicates(series: pd.Series) -> np.ndarray | None:
    """Rows whose value repeats an earlier row's, for a long Arrow-backed text column (``None`` for
    any other column). Missing values are never repeats.

    Every value is hashed straight from the Arrow buffers with the one key hash of
    :func:`zjgov.core.keys.hash_array`; rows whose (folded) hash repeats are the only candidates,
    and pandas settles them by comparing the values exactly.
    """
    if len(series) <= 10_000 or not pd.api.types.is_string_dtype(series.dtype):
        return None
    if pd.api.types.is_object_dtype(series.dtype):
        return None
    arr = pa.array(series, from_pandas=True)
    h = keys.hash_array(arr)
    folded = (h ^ (h >> np.uint64(32))).astype(np.uint32)  # half the width: a sort twice as fast
    ordered = np.sort(folded)  # the repeated hashes are neighbours
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    out = np.zeros(len(series), dtype=bool)
    if len(repeated):  # every row whose hash repeats is a candidate (a few others too, by the filter)
        marked = np.zeros(1 << 20, dtype=bool)
        marked[repeated & np.uint32(0xFFFFF)] = True
        maybe = np.flatnonzero(np.take(marked, folded & np.uint32(0xFFFFF)))
        sub = series.iloc[maybe]
        out[maybe[sub.duplicated(keep="first").to_numpy() & sub.notna().to_numpy()]] = True
    return out


class _SeenKeys:
    """The keys of earlier batches of one file (exact groups, memory by distinct keys)."""

    def __init__(self) -> None:
        self.groups = keys.KeyGroups()
        self.rows = 0

    def repeats(self, sub: pd.DataFrame, present: np.ndarray) -> np.ndarray:
        """Rows of this batch whose key repeats an earlier row of this or an earlier batch."""
        rows = np.flatnonzero(present)
        start, self.rows = self.rows, self.rows + len(sub)
        out = np.zeros(len(sub), dtype=bool)
        if not len(rows):
            return out
        parts = [to_arrow(sub.iloc[rows, j])[0] for j in range(sub.shape[1])]
        self.groups.add(parts, rows + start)
        repeated = self.groups.repeated_rows()
        repeated = repeated[repeated >= start] - start
        out[repeated] = True
        return out


def _later_duplicates(sub: pd.DataFrame, usable: np.ndarray) -> np.ndarray:
    """Rows whose key repeats an earlier row's, among the ``usable`` rows (unhashable junk never
    reaches pandas' hashing)."""
    out = _hashed_duplicates(sub.iloc[:, 0]) if sub.shape[1] == 1 else None
    if out is not None:
        return out
    out = np.zeros(len(sub), dtype=bool)
    rows = np.flatnonzero(usable)
    if len(rows):
        out[rows] = sub.iloc[rows].astype(object).duplicated(keep="first").to_numpy()
    return out


def _native_number(el: DataElement, series: pd.Series) -> bool:
    from zjgov.exchange.domains import RangeDomain

    dtype = series.dtype
    return (
        el.data_type in (DataType.integer, DataType.number)
        and pd.api.types.is_numeric_dtype(dtype)
        and not pd.api.types.is_bool_dtype(dtype)
        and (el.data_type == DataType.number or pd.api.types.is_integer_dtype(dtype))
        and (el.domain is None or isinstance(el.domain, RangeDomain))
    )


def _type_check(el: DataElement, arr: pa.Array, reason: np.ndarray, todo: np.ndarray) -> None:
    """Without a format, the data type alone decides the shape of a value."""
    if el.data_type == DataType.integer:
        ok = _np(pc.match_substring_regex(arr, r"^\s*[-+]?[0-9]+\s*$"))
    elif el.data_type == DataType.number:
        ok = _np(pc.match_substring_regex(arr, r"^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$"))
    elif el.data_type == DataType.boolean:
        low = pc.utf8_lower(pc.utf8_trim_whitespace(arr))
        ok = _np(pc.is_in(low, value_set=pa.array(sorted(_TRUE_TEXT | _FALSE_TEXT))))
    elif el.data_type in (DataType.date, DataType.datetime, DataType.time):
        parsed = _dates.parse_arrow(arr)
        reason[todo & parsed.bad_date] = reason_index("component:date")
        reason[todo & parsed.bad_time] = reason_index("component:time")
        ok = ~parsed.bad_format
    else:
        return
    reason[todo & ~ok & (reason == 0)] = reason_index(FORMAT_REASON)


def _lookup(sub: pd.DataFrame, ref: Any, ref_columns: list[str]) -> np.ndarray:
    if isinstance(ref, pd.DataFrame):
        target = ref[ref_columns]
    elif isinstance(ref, pd.Series):
        target = ref.to_frame()
    else:
        target = pd.DataFrame({"_": list(ref)})
    if sub.shape[1] == 1:
        left = pa.array(sub.iloc[:, 0].astype("str"), from_pandas=True)
        right = pa.array(target.iloc[:, 0].astype("str").dropna(), from_pandas=True)
        return _np(pc.is_in(left, value_set=right))
    left_idx = pd.MultiIndex.from_frame(sub.astype("str"))
    right_idx = pd.MultiIndex.from_frame(target.astype("str"))
    return np.asarray(left_idx.isin(right_idx), dtype=bool)


def _bound_codes(el: DataElement) -> list[str] | None:
    """The codes an element's values must be (a code domain compared by code), or ``None``."""
    dom = el.domain
    if isinstance(dom, CodeDomain) and dom.by == "code":
        return list(dom.code)
    return None


@dataclasses.dataclass
class CoerceResult:
    """A typed copy of the frame (every row kept) and the values that could not be converted."""

    frame: pd.DataFrame
    failures: pd.DataFrame

    @property
    def ok(self) -> bool:
        return len(self.failures) == 0


def _coerce_column(el: DataElement, series: pd.Series) -> tuple[pd.Series, np.ndarray, Any]:
    dtype = series.dtype
    if el.data_type in (DataType.date, DataType.datetime):
        if pd.api.types.is_datetime64_any_dtype(dtype):
            return series.astype("datetime64[s]"), np.zeros(len(series), bool), None
        result = _dates.normalise_dates(series, pattern=el.temporal_pattern)
        bad = result.reason.notna().to_numpy()
        return result.values, bad, result.reason.to_numpy(dtype=object)
    if el.data_type == DataType.time:
        result = _dates.normalise_dates(series, pattern=el.temporal_pattern)
        bad = result.reason.notna().to_numpy()
        return result.iso, bad, result.reason.to_numpy(dtype=object)
    if el.data_type in (DataType.integer, DataType.number):
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            values = series
            bad = np.zeros(len(series), bool)
        else:
            text = series.astype("str").str.strip()
            values = pd.to_numeric(text, errors="coerce")
            bad = (values.isna() & text.notna() & (text != "")).to_numpy()
        target = "Int64" if el.data_type == DataType.integer else "Float64"
        if target == "Int64":
            fractional = values.notna().to_numpy() & (np.asarray(values.fillna(0), dtype=float) % 1 != 0)
            values = values.mask(fractional)
            bad = bad | fractional
        return values.astype(target), bad, "format"
    if el.data_type == DataType.boolean:
        text = series.astype("str").str.strip().str.lower()
        truth = text.isin(list(_TRUE_TEXT))
        false = text.isin(list(_FALSE_TEXT))
        values = pd.Series(pd.array([pd.NA] * len(series), dtype="boolean"), index=series.index)
        values[truth.to_numpy()] = True
        values[false.to_numpy()] = False
        bad = (text.notna() & (text != "") & ~truth & ~false).to_numpy()
        return values, bad, "format"
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return series, np.zeros(len(series), bool), None
    arr, bad = to_arrow(series)
    text = pd.Series(pd.array(arr.to_pandas(), dtype="str"), index=series.index)
    return text, bad, TYPE
