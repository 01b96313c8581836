"""Code tables (sex, ethnicity, education, family relationship): the shared machinery (not public API).

A code table maps short digit codes to names. :class:`CodeTable` gives each table module the
common contract (``validate``/``is_valid``/``check`` over codes, run by the engine's kernel) plus
translation between names and codes: ``name(code)``, ``code(name)``, ``validate_name``,
``check_names(column)``, ``to_codes(column)``. Names are matched after one normalisation, the
same for one value and for a column (Arrow compute): NFKC, whitespace removed, ``其它`` → ``其他``,
ASCII lower case. Scalar name functions run the column path on a one-element array, so the two
always agree.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zjgov import text
from zjgov.codes import _engine
from zjgov.codes._engine import CheckResult, Verdict, as_int, digits
from zjgov.codes._kinds import refine
from zjgov.core.arrow import mask
from zjgov.core.data import table as reference_table
from zjgov.errors import ValidationError, error_class

if TYPE_CHECKING:
    import pandas as pd

_WHITESPACE = "[ \t\n\r\x0b\x0c]+"


@dataclasses.dataclass(frozen=True)
class Entry:
    """One row of a code table."""

    code: str
    name: str
    parent_code: str | None = None
    option: str | None = None  # the boolean option that must be on for this code to count
    extra: Mapping[str, str] = dataclasses.field(default_factory=dict)


def normalise_names(arr: pa.Array) -> pa.Array:
    """The name normalisation over an Arrow string array (nulls stay null)."""
    arr = pc.utf8_normalize(arr, "NFKC")
    arr = pc.replace_substring_regex(arr, _WHITESPACE, "")
    arr = pc.replace_substring(arr, "其它", "其他")
    return pc.utf8_lower(arr)


_Info = TypeVar("_Info", bound="TreeInfo")


class CodeTable:
    """A code table with its code kernel and name lookups."""

    def __init__(
        self,
        name: str,
        title: tuple[str, str],
        entries: Callable[[], list[Entry]],
        *,
        width: int,
        aliases: Callable[[], Mapping[str, str]] = dict,
        defaults: Mapping[str, bool] | None = None,
    ) -> None:
        self.name, self.title, self.width = name, title, width
        self._entries_fn, self._aliases_fn = entries, aliases
        self.defaults = dict(defaults or {})
        accept = self._accept if width <= 2 else None
        self.code = _engine.Code(name, title, (width,), self._kernel, self.options, separators=" ", accept=accept)

    # -- data -------------------------------------------------------------------------------
    @functools.cached_property
    def entries(self) -> dict[str, Entry]:
        rows = self._entries_fn()
        out = {e.code: e for e in rows}
        if len(out) != len(rows) or any(len(c) != self.width or not c.isdigit() for c in out):
            raise AssertionError(f"{self.name}: duplicate or malformed codes in the table")
        return out

    @functools.cached_property
    def _lookup(self) -> tuple[list[str], list[str]]:
        """Normalised names and aliases (keys) and their codes, checked for clashes."""
        keys: dict[str, str] = {}
        pairs = [(e.name, e.code) for e in self.entries.values()] + list(self._aliases_fn().items())
        normal = normalise_names(pa.array([p[0] for p in pairs], pa.large_string())).to_pylist()
        for key, (_, code) in zip(normal, pairs):
            if code not in self.entries:
                raise AssertionError(f"{self.name}: alias for unknown code {code}")
            if keys.setdefault(key, code) != code:
                raise AssertionError(f"{self.name}: the name {key!r} would mean two codes")
        return list(keys), list(keys.values())

    def options(self, **options: Any) -> dict[str, bool]:
        unknown = sorted(set(options) - set(self.defaults))
        if unknown:
            allowed = ", ".join(self.defaults) or "-"
            raise _engine.options_error(
                f"{self.name} 没有选项 {', '.join(unknown)}（可用：{allowed}）",
                f"{self.name} has no option {', '.join(unknown)} (available: {allowed})",
            )
        return {k: bool(options.get(k, v)) for k, v in self.defaults.items()}

    def allowed(self, opts: Mapping[str, bool]) -> frozenset[str]:
        return self._allowed(tuple(sorted(opts.items())))

    @functools.cache  # noqa: B019 - one table object per module, lives as long as the module
    def _allowed(self, opts: tuple[tuple[str, bool], ...]) -> frozenset[str]:
        on = dict(opts)
        return frozenset(c for c, e in self.entries.items() if e.option is None or on.get(e.option))

    # -- codes ------------------------------------------------------------------------------
    def _kernel(self, m: np.ndarray, v: Verdict, **opts: bool) -> None:
        # one lookup per row in a table indexed by the raw characters; the rules for the rest
        table = self._accept_table(tuple(sorted(opts.items())))
        cols = [m[:, j] if m.dtype == np.uint8 else np.minimum(m[:, j], 255) for j in range(self.width)]
        accepted = table[tuple(cols)]
        refine(m, v, accepted, self._rules, **opts)

    def _rules(self, m: np.ndarray, v: Verdict, **opts: bool) -> None:
        v.fail_chars(digits(m))
        allowed = np.array(sorted(int(c) for c in self.allowed(opts)), dtype=np.int64)
        v.fail(~np.isin(as_int(m), allowed), "component:code")

    @functools.cache  # noqa: B019 - one table object per module, lives as long as the module
    def _accept_table(self, opts: tuple[tuple[str, bool], ...]) -> np.ndarray:
        """``table[c1, c2 …]``: whether the characters (code points clipped to 255) spell an allowed code."""
        table = np.zeros((256,) * self.width, dtype=bool)
        for code in self._allowed(opts):
            table[tuple(ord(c) for c in code)] = True
        return table

    def _accept(self, offs: np.ndarray, data: np.ndarray, lens: np.ndarray, **opts: bool) -> np.ndarray:
        """The engine's byte-level quick accept: rows whose bytes are exactly an allowed code (one table lookup)."""
        table = self._byte_table(tuple(sorted(opts.items())))
        starts = offs[:-1]
        if not len(data):
            return np.zeros(len(starts), dtype=bool)
        word = np.take(data, starts, mode="clip")  # aligned one-byte gathers beat an unaligned uint16 one
        if self.width == 2:
            word = word | (np.take(data, starts + 1, mode="clip").astype(np.uint16) << 8)
        return np.take(table, word) & (lens == self.width)

    @functools.cache  # noqa: B019 - one table object per module, lives as long as the module
    def _byte_table(self, opts: tuple[tuple[str, bool], ...]) -> np.ndarray:
        """:meth:`_accept_table` indexed by the code's bytes read as one little-endian word."""
        return np.ascontiguousarray(self._accept_table(opts).T).ravel()

    def entry(self, value: object, **options: Any) -> Entry:
        return self.entries[self.code.validate(value, **options)]

    # -- names ------------------------------------------------------------------------------
    def _codes_of(self, arr: pa.Array, opts: Mapping[str, bool]) -> tuple[pa.Array, np.ndarray]:
        """Codes (Arrow strings, null where unknown) and reason indexes for an Arrow string array.

        Name columns repeat a few values: the distinct values are normalised and looked up once
        (Arrow ``dictionary_encode`` + ``index_in``), then spread back to the rows.
        """
        keys, codes = self._lookup
        allowed = self.allowed(opts)
        encoded = pc.dictionary_encode(arr)
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks()
        distinct = normalise_names(encoded.dictionary)
        idx = pc.index_in(distinct, value_set=pa.array(keys, pa.large_string()))
        idx = np.asarray(idx.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
        table = [c if c in allowed else None for c in codes] + [None]
        distinct_codes = pa.array([table[i] for i in idx], pa.large_string())  # index -1: the trailing None
        empty = mask(pc.equal(distinct, ""), fill=True)
        distinct_reason = np.zeros(len(distinct), dtype=np.int16)
        distinct_reason[np.asarray(distinct_codes.is_null().to_numpy(zero_copy_only=False), dtype=bool)] = (
            _engine.reason_index("component:name")
        )
        distinct_reason[empty] = _engine.MISSING
        rows = encoded.indices
        found = distinct_codes.take(rows)  # null rows stay null
        row_idx = np.asarray(rows.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
        reason = np.append(distinct_reason, np.int16(_engine.MISSING))[row_idx]
        return found, reason

    def check_names(self, column: Iterable[Any] | pd.Series, **options: Any) -> CheckResult:
        """Check a column of names (vectorised, Arrow ``index_in``)."""
        opts = self.options(**options)
        series = _engine.as_column(column)
        arr, bad_type = _engine.to_arrow(series)
        _, reason = self._codes_of(arr, opts)
        reason[bad_type] = _engine.TYPE
        return _engine._result(series.index, reason, np.zeros(len(series), np.int32), self.name)

    def to_codes(self, column: Iterable[Any] | pd.Series, **options: Any) -> pd.Series:
        """Translate a column of names to codes (``<NA>`` where the name is unknown)."""
        import pandas as pd  # column paths only: scalar checks never import pandas

        opts = self.options(**options)
        series = _engine.as_column(column)
        arr, bad_type = _engine.to_arrow(series)
        found, _ = self._codes_of(arr, opts)
        if bad_type.any():
            found = pc.if_else(pa.array(bad_type), pa.scalar(None, pa.large_string()), found)
        values = pd.arrays.ArrowStringArray(found.cast(pa.large_string()))
        return pd.Series(values, index=series.index, name=series.name)

    def code_of(self, name: object, **options: Any) -> str:
        """The code of a name or a common variant; raises ``component:name``."""
        opts = self.options(**options)
        try:
            value = text.to_text(name)
        except ValidationError as exc:
            raise self._error(exc.reason) from None
        found, reason = self._codes_of(pa.array([value], pa.large_string()), opts)
        if reason[0]:
            raise self._error(_engine.reason_name(int(reason[0])))
        return str(found[0].as_py())

    def name_of(self, code: object, **options: Any) -> str:
        """The standard's name of a code."""
        return self.entry(code, **options).name

    def validate_name(self, name: object, **options: Any) -> str:
        """The standard's name for ``name`` (a name or a variant), or a ``ValidationError``."""
        return self.entries[self.code_of(name, **options)].name

    def is_valid_name(self, name: object, **options: Any) -> bool:
        """Whether ``name`` is a known name or variant; never raises for bad data."""
        import pandas as pd  # column paths only: scalar checks never import pandas

        return bool(self.check_names(pd.Series([name], dtype=object), **options).valid.iloc[0])

    def table(self, **options: Any) -> dict[str, str]:
        """Every code allowed by ``options`` and its name."""
        allowed = self.allowed(self.options(**options))
        return {c: e.name for c, e in self.entries.items() if c in allowed}

    def _error(self, reason: str | None) -> ValidationError:
        assert reason is not None
        return error_class(reason)(reason, code=self.name, title=self.title)

    # -- two-level tables -------------------------------------------------------------------
    def tree_info(self, value: object, cls: type[_Info], **options: Any) -> _Info:
        e = self.entry(value, **options)
        parent = self.entries[e.parent_code] if e.parent_code else None
        has_children = any(x.parent_code == e.code for x in self.entries.values())
        return cls(e.code, e.name, e.parent_code, parent.name if parent else None, has_children)

    def children(self, value: object, **options: Any) -> dict[str, str]:
        """The codes under a category."""
        code = self.code.validate(value, **options)
        return {c: e.name for c, e in self.entries.items() if e.parent_code == code}


@dataclasses.dataclass(frozen=True)
class TreeInfo:
    """A code of a two-level table: its name and its category."""

    code: str
    name: str
    parent_code: str | None  # the category code (None for categories and top-level codes)
    parent_name: str | None
    is_category: bool  # other codes sit under this one


def tree_entries(table: str) -> list[Entry]:
    """Entries of a ``code, name, parent_code`` table."""
    t = reference_table(table)
    return [Entry(c, n, p or None) for c, n, p in zip(t.code, t.name, t.parent_code)]
