"""Strategies of records and frames from a :class:`~zjgov.exchange.schema.Schema`.

* ``records(schema)``: dicts ``{column: text or None}`` that pass ``schema.validate``;
* ``dataframes(schema, min_rows=, max_rows=)``: frames of such records (every column Arrow text,
  primary and unique keys distinct);
* ``dataframes_with_violations(schema, ...)``: :class:`LabelledFrame` pairs of a frame and the
  exact violations it carries (``row``, ``column``, ``reason``), for testing pipelines.

``realistic=True`` makes records look like real ones: names from the surname table and common
given-name characters, addresses and organisation names from GB/T 2260 division names, the
出生日期 and 性别 of a record taken from its citizen ID number, and no date in the future.
A generated frame prints as the code that rebuilds it (``pd.DataFrame({...}, dtype="str")``),
so hypothesis' falsifying example can be pasted into an ``@example`` or a unit test.

Values of code domains come from the code's own strategy (``citizen_ids()``, ``usccs()`` …), so a
generated citizen ID has a real region, birth date and check character. The foreign keys of
``dataframes`` point at rows of the data given as ``references`` (as ``Schema.validate`` takes
it) or, for a key into the schema's own resource, at the generated rows themselves; a key into
data that is not given is left as generated (``validate`` lists it as unchecked).
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
from collections.abc import Mapping
from typing import Any, NamedTuple

import pandas as pd
import regex
from hypothesis import assume
from hypothesis import strategies as st

from zjgov import codes
from zjgov.codes import citizen_id
from zjgov.exchange.domains import CodeDomain, EnumDomain, PatternDomain, RangeDomain, TableDomain
from zjgov.exchange.elements import DataElement, DataType
from zjgov.testing.strategies import _realistic
from zjgov.testing.strategies._base import require

__all__ = ["LabelledFrame", "dataframes", "dataframes_with_violations", "element_values", "frame_code", "records"]

_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_HAN = "张王李赵刘陈杨黄周吴徐孙朱马胡郭林何高罗浙江杭州宁波温州数据治理公共服务中心"
_CHARSET_ALPHABETS = {
    "n": "0123456789",
    "a": _LATIN + _HAN,
    "an": _LATIN + _HAN + "0123456789",
    "c": _LATIN + _HAN + "0123456789·-（）()，。、 ",
}
#: Codes whose last character is a check character: a "checksum" defect swaps it within the alphabet.
_CHECKSUM_CODES = frozenset({"citizen_id", "uscc", "org_code"})
_TEXT_CAP = 40  # longest generated free text beyond the minimum length


class LabelledFrame(NamedTuple):
    """A frame and the violations ``schema.validate`` must find in it, exactly."""

    frame: pd.DataFrame
    expected: pd.DataFrame  # row (1-based), column, reason; sorted by row then schema column order


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str):
    return regex.compile(pattern)


def _accepts(el: DataElement, value: str) -> bool:
    fmt = el.parsed_format
    return fmt is None or fmt.is_temporal or _compiled(fmt.regex()).fullmatch(value) is not None


def _render(pattern: str, when: _dt.datetime) -> str:
    out = pattern
    for token, value in (
        ("YYYY", f"{when.year:04d}"),
        ("MM", f"{when.month:02d}"),
        ("DD", f"{when.day:02d}"),
        ("hh", f"{when.hour:02d}"),
        ("mm", f"{when.minute:02d}"),
        ("ss", f"{when.second:02d}"),
    ):
        out = out.replace(token, value)
    return out


def _pattern(el: DataElement) -> str:
    fmt = el.parsed_format
    if fmt is not None and fmt.is_temporal and fmt.pattern:
        return fmt.pattern
    return {DataType.date: "YYYY-MM-DD", DataType.datetime: "YYYY-MM-DDThh:mm:ss"}.get(el.data_type, "hh:mm:ss")


def _temporal_values(el: DataElement, realistic: bool = False) -> st.SearchStrategy[str]:
    pattern = _pattern(el)
    lo, hi = _dt.datetime(1900, 1, 1), _dt.datetime(2099, 12, 31, 23, 59, 59)
    if isinstance(el.domain, RangeDomain):
        from zjgov.exchange.dates import to_iso

        if el.domain.min is not None:
            lo = max(lo, _dt.datetime.fromisoformat(to_iso(str(el.domain.min))))
        if el.domain.max is not None:
            hi = min(hi, _dt.datetime.fromisoformat(to_iso(str(el.domain.max))))
    if realistic and "YYYY" in pattern:
        hi = min(hi, _realistic.now())
        require(lo <= hi, f"{el.column!r} 的范围全在未来", f"the range of {el.column!r} lies in the future")
    if "hh" not in pattern:  # whole days: stay inside the range after truncation
        lo = lo if lo.time() == _dt.time() else lo + _dt.timedelta(days=1)
        hi = hi.replace(hour=0, minute=0, second=0)
        return st.dates(lo.date(), hi.date()).map(lambda d: _render(pattern, _dt.datetime(d.year, d.month, d.day)))
    return st.datetimes(lo, hi).map(lambda t: _render(pattern, t.replace(microsecond=0)))


def _number_values(el: DataElement) -> st.SearchStrategy[str]:
    fmt = el.parsed_format
    scale = fmt.scale if fmt is not None and fmt.kind == "decimal" else 0
    digits = fmt.max_length if fmt is not None and fmt.max_length else 12
    cap = 10 ** max(digits - (scale or 0), 1) - 1
    lo, hi = -cap if fmt is None or fmt.kind == "decimal" else 0, cap
    if fmt is not None and fmt.kind == "text":  # n..5: digits only, no sign
        lo, hi = 10 ** ((fmt.min_length or 1) - 1) if (fmt.min_length or 1) > 1 else 0, 10**digits - 1
    if isinstance(el.domain, RangeDomain):
        if el.domain.min is not None:
            lo = max(lo, math.ceil(float(el.domain.min)))
        if el.domain.max is not None:
            hi = min(hi, math.floor(float(el.domain.max)) - (1 if scale else 0))
    require(
        lo <= hi,
        f"没有数值同时符合 {el.column!r} 的格式和范围",
        f"no number fits the format and range of {el.column!r}",
    )
    whole = st.integers(lo, hi)
    if el.data_type == DataType.integer or not scale:
        return whole.map(str)
    return st.tuples(whole, st.integers(0, 10**scale - 1)).map(lambda t: f"{t[0]}.{t[1]:0{scale}d}")


def _text_values(el: DataElement) -> st.SearchStrategy[str]:
    fmt = el.parsed_format
    charset = fmt.charset if fmt is not None and fmt.charset else "c"
    lo = fmt.min_length if fmt is not None and fmt.min_length else 1
    hi = fmt.max_length if fmt is not None and fmt.max_length else lo + _TEXT_CAP
    hi = min(hi, lo + _TEXT_CAP)
    alphabet = _CHARSET_ALPHABETS[charset]
    return st.text(alphabet, min_size=lo, max_size=hi).filter(lambda s: s.strip() != "")


def _code_values(el: DataElement, domain: CodeDomain) -> st.SearchStrategy[str]:
    from zjgov.testing import strategies as zst

    options = []
    for code in domain.code:
        if domain.by == "name":
            options.append(getattr(zst, f"{code}_names")())
        else:
            options.append(zst.valid_values(code))
    return st.one_of(*options).filter(lambda v: _accepts(el, v))


_REALISTIC_TEXT = {
    "person_name": _realistic.person_names,
    "org_name": _realistic.org_names,
    "address": _realistic.addresses,
}


def element_values(element: DataElement, *, realistic: bool = False) -> st.SearchStrategy[str]:
    """Non-missing values of ``element`` that pass its format and value domain (with
    ``realistic=True``: real-looking names and addresses, no future dates)."""
    dom = element.domain
    role = _realistic.role(element) if realistic else None
    if role in _REALISTIC_TEXT and dom is None and element.data_type == DataType.string:
        return _REALISTIC_TEXT[role]().filter(lambda v: _accepts(element, v))
    if isinstance(dom, CodeDomain):
        return _code_values(element, dom)
    if isinstance(dom, TableDomain):
        return st.sampled_from([v for v in dom.allowed() if _accepts(element, v)])
    if isinstance(dom, EnumDomain):
        return st.sampled_from([v for v in dom.values if _accepts(element, v)])
    if isinstance(dom, PatternDomain):
        try:
            base = st.from_regex(f"^(?:{dom.pattern})$", fullmatch=True)
        except Exception as exc:  # RE2 syntax that Python's re cannot compile
            require(
                False,
                f"无法生成符合 {element.column!r} 模式的值：{type(exc).__name__}",
                f"cannot generate values of the pattern of {element.column!r}: {type(exc).__name__}",
            )
        return base.filter(lambda v: v.strip() != "" and _accepts(element, v))
    if element.data_type in (DataType.date, DataType.datetime, DataType.time):
        return _temporal_values(element, realistic)
    if element.data_type in (DataType.integer, DataType.number):
        return _number_values(element)
    if element.data_type == DataType.boolean:
        return st.sampled_from(["true", "false", "是", "否"])
    return _text_values(element)


def _required(schema, el: DataElement) -> bool:
    return el.required or el.column in schema.primary_key


def records(schema, *, realistic: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Records ``{column: text or None}`` of ``schema`` that pass ``schema.validate``
    (``realistic=True``: see the module docstring)."""
    fields = {}
    for el in schema.elements:
        values = element_values(el, realistic=realistic)
        fields[el.column] = values if _required(schema, el) else st.one_of(st.none(), values)
    derived = _derived(schema) if realistic else {}
    if not derived:
        return st.fixed_dictionaries(fields)
    anchor = _anchor(schema)

    def follow(record: dict[str, Any]) -> dict[str, Any]:
        number = record[anchor]
        if number is not None:
            for column, (el, role) in derived.items():
                if record[column] is not None or _required(schema, el):
                    record[column] = _from_id(el, role, citizen_id.compact(number))
        return record

    return st.fixed_dictionaries(fields).map(follow)


def _anchor(schema) -> str | None:
    """The column of the record's own citizen ID number (the library's 公民身份号码 first)."""
    ids = [
        el
        for el in schema.elements
        if isinstance(el.domain, CodeDomain) and list(el.domain.code) == ["citizen_id"] and el.domain.by == "code"
    ]
    ids.sort(key=lambda el: el.identifier != "ZJGOV.P.CITIZEN_ID")
    return ids[0].column if ids else None


def _derived(schema) -> dict[str, tuple[DataElement, str]]:
    """The birth-date and sex columns that follow the citizen ID (when they can take its values)."""
    if _anchor(schema) is None:
        return {}
    out = {}
    for el in schema.elements:
        role = _realistic.role(el)
        if role == "birth_date" and el.domain is None and el.data_type in (DataType.date, DataType.string):
            fits = _accepts(el, _render(_pattern(el), _dt.datetime(1990, 1, 1)))
        elif role == "sex" and isinstance(el.domain, CodeDomain) and list(el.domain.code) == ["sex"]:
            fits = _accepts(el, "1" if el.domain.by == "code" else "男")
        else:
            fits = False
        if fits:
            out[el.column] = (el, role)
    return out


def _from_id(el: DataElement, role: str, number: str) -> str:
    """The birth date (digits 7-14; 7-12 of a 15-digit number, born 19xx) or the sex (odd digit
    17, or 15, is male: code 1) of a valid citizen ID number, as element ``el`` writes it."""
    if role == "birth_date":
        born = number[6:14] if len(number) == 18 else "19" + number[6:12]
        return _render(_pattern(el), _dt.datetime(int(born[:4]), int(born[4:6]), int(born[6:])))
    code = "1" if int(number[16 if len(number) == 18 else 14]) % 2 else "2"
    return code if el.domain.by == "code" else {"1": "男", "2": "女"}[code]


def _keys(schema) -> list[list[str]]:
    keys = [list(schema.primary_key)] if schema.primary_key else []
    keys += [[el.column] for el in schema.elements if el.unique and [el.column] != list(schema.primary_key)]
    return keys


def _frame(schema, rows: list[dict[str, Any]]) -> pd.DataFrame:
    data = {el.column: pd.array([r[el.column] for r in rows], dtype="str") for el in schema.elements}
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
    # hypothesis prints an example through its _repr_pretty_: the frame shows as the code rebuilding it
    object.__setattr__(frame, "_repr_pretty_", functools.partial(_pretty_frame, frame))
    return frame


def frame_code(frame: pd.DataFrame) -> str:
    """Python source that rebuilds ``frame`` (text columns, as generated): what hypothesis prints
    for a generated frame, ready to paste into an ``@example`` (needs ``import pandas as pd``).

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"公民身份号码": ["11010519491231002X", None]}, dtype="str")
    >>> print(frame_code(frame))
    pd.DataFrame(
        {
            '公民身份号码': ['11010519491231002X', None],
        },
        dtype='str',
    )
    >>> pd.testing.assert_frame_equal(eval(frame_code(frame)), frame)
    """
    lines = ["pd.DataFrame(", "    {"]
    for column in frame.columns:
        values = [None if pd.isna(v) else v for v in frame[column].tolist()]
        lines.append(f"        {column!r}: {values!r},")
    lines.append("    },")
    if not frame.index.equals(pd.RangeIndex(len(frame))):
        lines.append(f"    index={frame.index.tolist()!r},")
    lines += ["    dtype='str',", ")"]
    return "\n".join(lines)


def _pretty_frame(frame: pd.DataFrame, printer, cycle: bool) -> None:
    for i, line in enumerate(frame_code(frame).split("\n")):
        if i:
            printer.break_()
        printer.text(line)


def dataframes(
    schema,
    *,
    min_rows: int = 0,
    max_rows: int = 20,
    references: Mapping[str, Any] | None = None,
    realistic: bool = False,
) -> st.SearchStrategy[pd.DataFrame]:
    """Frames of :func:`records` (Arrow text columns, a 0-based RangeIndex, keys distinct) that
    pass ``schema.validate(frame, references=references)``, foreign keys included."""
    require(
        isinstance(min_rows, int) and min_rows >= 0, "min_rows 应为非负整数", "min_rows must be a non-negative integer"
    )
    require(
        isinstance(max_rows, int) and max_rows >= min_rows,
        "max_rows 应为不小于 min_rows 的整数",
        "max_rows must be an integer >= min_rows",
    )
    keys = _keys(schema)
    unique_by = tuple(_key_fn(k) for k in keys) or None
    rows = st.lists(records(schema, realistic=realistic), min_size=min_rows, max_size=max_rows, unique_by=unique_by)
    links = [(fk, _reference_pool(schema, fk, references)) for fk in schema.foreign_keys]
    links = [(fk, pool) for fk, pool in links if pool is not None]
    if not links:
        return rows.map(lambda rs: _frame(schema, rs))

    @st.composite
    def linked(draw) -> pd.DataFrame:
        rs = draw(rows)
        for fk, pool in links:
            _link(draw, schema, fk, rs, pool)
        return _frame(schema, rs)

    return linked()


def _self_reference(schema, fk) -> bool:
    """A foreign key into the schema's own rows (other columns than its own: those always match)."""
    return fk.reference.resource == schema.name and list(fk.columns) != list(fk.reference.columns)


def _reference_pool(schema, fk, references: Mapping[str, Any] | None) -> list[tuple] | str | None:
    """The key values a foreign key may take: the rows of the given reference data, ``"self"`` for
    the generated rows, ``None`` when the data is not given."""
    if references is not None and fk.reference.resource in references:
        ref = references[fk.reference.resource]
        if isinstance(ref, pd.DataFrame):
            table = ref[list(fk.reference.columns)]
        elif isinstance(ref, pd.Series):
            table = ref.to_frame()
        else:
            table = pd.DataFrame({"_": list(ref)})
        pool = [tuple(str(v) for v in row) for row in table.dropna().itertuples(index=False)]
        require(
            bool(pool),
            f"references[{fk.reference.resource!r}] 中没有可引用的键",
            f"references[{fk.reference.resource!r}] holds no key to point at",
        )
        return list(dict.fromkeys(pool))
    return "self" if _self_reference(schema, fk) else None


def _link(draw, schema, fk, rows: list[dict[str, Any]], pool: list[tuple] | str) -> None:
    """Point the foreign key of every row whose key cells are all filled at a key of ``pool``
    (distinct keys when the foreign key is part of a primary or unique key)."""
    if pool == "self":
        pool = [tuple(r[c] for c in fk.reference.columns) for r in rows]
        pool = list(dict.fromkeys(t for t in pool if None not in t))
    todo = [r for r in rows if all(r[c] is not None for c in fk.columns)]
    distinct = any(set(fk.columns) & set(key) for key in _keys(schema))
    if not todo:
        return
    if not pool or (distinct and len(pool) < len(todo)):
        optional = not any(_required(schema, schema.element(c)) for c in fk.columns)
        assume(optional)  # too few keys to point at: another example
        for r in todo:
            r.update(dict.fromkeys(fk.columns))
        return
    picks = draw(st.lists(st.integers(0, len(pool) - 1), min_size=len(todo), max_size=len(todo), unique=distinct))
    for r, p in zip(todo, picks):
        r.update(zip(fk.columns, pool[p]))


def _dangling(schema, frame: pd.DataFrame, touched: set[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """The ``foreign_key`` violations of self-references after defects were put in: rows whose
    key cells are filled and untouched but point at a key no row holds any more."""
    out = []
    for fk in schema.foreign_keys:
        if not _self_reference(schema, fk):
            continue
        held = {tuple(row) for row in frame[list(fk.reference.columns)].dropna().astype(str).itertuples(index=False)}
        for i, row in enumerate(frame[list(fk.columns)].itertuples(index=False)):
            if any(pd.isna(v) for v in row) or any((i, c) in touched for c in fk.columns):
                continue
            if tuple(str(v) for v in row) not in held:
                out.append((i + 1, fk.columns[0], "foreign_key"))
    return out


def _key_fn(key: list[str]):
    def fn(record: dict[str, Any]) -> tuple:
        values = tuple(record[c] for c in key)
        return values if all(v is not None for v in values) else (object(),)  # nulls never collide

    return fn


# -- labelled violations ---------------------------------------------------------------------
def _kinds(schema, el: DataElement) -> list[str]:
    fmt = el.parsed_format
    keyed = any(el.column in k for k in _keys(schema))
    kinds = ["missing"] if _required(schema, el) else []
    dom = el.domain
    if isinstance(dom, CodeDomain) and len(dom.code) == 1 and dom.by == "code" and dom.code[0] in _CHECKSUM_CODES:
        kinds.append("checksum")
    if keyed:
        return kinds
    if fmt is not None and fmt.kind == "text":
        if fmt.max_length is not None and fmt.max_length < 5000:
            kinds.append("length")
        kinds.append("format")
    if fmt is not None and fmt.is_temporal and "YYYY" in (fmt.pattern or "") and "MM" in (fmt.pattern or ""):
        kinds.append("date")
    if isinstance(dom, (EnumDomain, TableDomain)) and _outsider(el) is not None:
        kinds.append("domain")
    if isinstance(dom, RangeDomain) and dom.max is not None and _beyond(el) is not None:
        kinds.append("range")
    return kinds


def _outsider(el: DataElement) -> str | None:
    """A value that passes the format but is not in the enumeration or table."""
    allowed = set(el.domain.values if isinstance(el.domain, EnumDomain) else el.domain.allowed())
    fmt = el.parsed_format
    width = (fmt.min_length or 1) if fmt is not None else 2
    pool = "0123456789" if fmt is not None and fmt.charset == "n" else "ZYXWV"
    for i in range(200):
        candidate = "".join(pool[(i // len(pool) ** k) % len(pool)] for k in range(width))
        if candidate not in allowed and _accepts(el, candidate):
            return candidate
    return None


def _beyond(el: DataElement) -> str | None:
    value = math.floor(float(el.domain.max)) + 1
    text = str(value)
    return text if _accepts(el, text) else None


def _inject(el: DataElement, kind: str, value: str | None) -> tuple[str | None, str]:
    fmt = el.parsed_format
    if kind == "missing":
        return None, "missing"
    if kind == "checksum":
        chars = codes.spec(el.domain.code[0]).alphabet
        wrong = next(c for c in chars if c != value[-1])
        return value[:-1] + wrong, "checksum"
    if kind == "length":
        filler = "1" if fmt.charset in ("n", "an", "c") else "A"
        return filler * (fmt.max_length + 1), "length"
    if kind == "format":
        bad = "#" if fmt.charset in ("n", "a", "an") else "\x01"
        return bad * max(fmt.min_length or 1, 1), "format"
    if kind == "date":
        when = _dt.datetime(2023, 2, 28, 12, 0, 0)
        text = _render(fmt.pattern, when)
        if "DD" in fmt.pattern:
            text = _render(fmt.pattern.replace("DD", "30"), when)
        else:
            text = _render(fmt.pattern.replace("MM", "13"), when)
        return text, "component:date"
    if kind == "domain":
        return _outsider(el), "domain"
    return _beyond(el), "range"


def dataframes_with_violations(
    schema, *, min_rows: int = 1, max_rows: int = 20, realistic: bool = False
) -> st.SearchStrategy[LabelledFrame]:
    """Valid frames with deliberate, labelled defects: blanks in required columns, wrong check
    characters, over-long values, bad characters, impossible dates, values outside an enumeration
    or a range, and repeated primary keys. ``expected`` lists every violation ``validate`` must
    report, and nothing else."""
    require(
        isinstance(min_rows, int) and min_rows >= 1, "min_rows 应为不小于 1 的整数", "min_rows must be an integer >= 1"
    )
    column_order = {c: i for i, c in enumerate(schema.columns)}
    candidates = [(el, _kinds(schema, el)) for el in schema.elements]
    candidates = [(el, kinds) for el, kinds in candidates if kinds]
    require(
        bool(candidates) or bool(schema.primary_key),
        "该模式无法放入可标注的违规",
        "the schema leaves no room for a labelled violation",
    )

    @st.composite
    def build(draw) -> LabelledFrame:
        frame = draw(dataframes(schema, min_rows=min_rows, max_rows=max_rows, realistic=realistic))
        n = len(frame)
        expected: list[tuple[int, str, str]] = []
        touched: set[tuple[int, str]] = set()
        if candidates:
            count = draw(st.integers(1, max(1, min(n * len(candidates), 8))))
            for _ in range(count + 20):
                if len(expected) >= count:
                    break
                row = draw(st.integers(0, n - 1))
                el, kinds = draw(st.sampled_from(candidates))
                if (row, el.column) in touched:
                    continue
                value = frame.at[row, el.column]
                usable = [k for k in kinds if k != "checksum" or isinstance(value, str)]
                if not usable:
                    continue
                kind = draw(st.sampled_from(usable))
                new, reason = _inject(el, kind, value)
                frame[el.column] = frame[el.column].astype(object)
                frame.at[row, el.column] = new
                frame[el.column] = frame[el.column].astype("str")
                touched.add((row, el.column))
                expected.append((row + 1, el.column, reason))
        pk = list(schema.primary_key)
        if pk and n >= 2 and draw(st.booleans()):
            clean = [r for r in range(n) if not any((r, c) in touched for c in pk)]
            if len(clean) >= 2:
                i, j = sorted(draw(st.lists(st.sampled_from(clean), min_size=2, max_size=2, unique=True)))
                for c in pk:
                    frame[c] = frame[c].astype(object)
                    frame.at[j, c] = frame.at[i, c]
                    frame[c] = frame[c].astype("str")
                expected.append((j + 1, pk[0], "duplicate_key"))
        expected += _dangling(schema, frame, touched)
        table = pd.DataFrame(expected, columns=["row", "column", "reason"])
        if len(table):
            table["_order"] = table["column"].map(column_order)
            table = table.sort_values(["row", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)
        return LabelledFrame(frame, table)

    return build()
