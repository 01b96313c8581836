"""GB/T 2260 中华人民共和国行政区划代码 (administrative division codes), with history.

Six digits: province (2), prefecture (2), county (2). ``XX0000`` is a province, ``XXXX00`` a
prefecture. Codes are retired, not reused, so a code abolished long ago still identifies a
place inside old ID numbers. The tables are the Ministry of Civil Affairs' lists 1980–2024,
the GB/T 2260-2002/2007 texts and the known 2025 changes (see ``zjgov/data/SOURCES.md``).

By default a code is valid if it appears in *any* edition; ``as_of=YEAR`` asks for a code in
force in that year, ``current=True`` for the latest list.

>>> validate("330106")
'330106'
>>> is_valid("330103")                 # 下城区, abolished 2021
True
>>> is_valid("330103", current=True)
False
>>> lookup("330103").name, lookup("330103").current
('下城区', False)
>>> lookup("330109", year=1990).name   # the code 330109 did not exist in 1990
Traceback (most recent call last):
zjgov.errors.InvalidComponent: ...
>>> [d.code for d in search("萧山")]
['330109', '330121', '330181', '339005']
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
from typing import TYPE_CHECKING

from zjgov import i18n
from zjgov.codes import _engine
from zjgov.codes._engine import Verdict
from zjgov.codes.spec import CodeSpec
from zjgov.core import lazy
from zjgov.core.data import packed_table
from zjgov.core.data import table as reference_table

if TYPE_CHECKING:
    import numpy as np
else:  # imported on first use: a scalar check never needs NumPy
    np = lazy.module("numpy")

TITLE = ("行政区划代码", "division code")
FIRST_YEAR = 1980
#: Codes in the latest list are treated as in force up to this year (inclusive).
OPEN_END = 9999

i18n.add({"component:region": ("{title}：行政区划代码未知", "{title}: the administrative division code is unknown")})


@dataclasses.dataclass(frozen=True)
class Division:
    """One administrative division as known to GB/T 2260 (a code and one of its names)."""

    code: str
    name: str
    level: str  # province | prefecture | county
    parent_code: str | None
    province_code: str
    current: bool
    first_year: int
    last_year: int  # OPEN_END while in force

    @property
    def province_name(self) -> str:
        return lookup(self.province_code).name if self.province_code != self.code else self.name


@functools.cache
def _tables() -> dict[str, list[Division]]:
    """Every (code, name) pair with its validity years, by code, read from the CSV tables (for
    :func:`lookup` and :func:`search`; validity checks read the packed index instead)."""
    hist = reference_table("gb2260_history")
    current = reference_table("gb2260_divisions").set_index("code")
    changes = reference_table("gb2260_changes_after_2024")
    abolished = dict(
        zip(changes.code[changes.change == "abolished"], changes.year[changes.change == "abolished"].astype(int))
    )
    rows: list[Division] = []
    for code, name, first, last, in_cur in zip(
        hist.code, hist.name, hist.first_seen_year, hist.last_seen_year, hist.in_current
    ):
        cur = in_cur == "True" and code not in abolished
        last_year = int(abolished.get(code, OPEN_END)) if in_cur == "True" else int(last)
        parent = current.parent_code.get(code) or _derived_parent(code)
        rows.append(Division(code, name, _level(code), parent or None, code[:2] + "0000", cur, int(first), last_year))
    for code, name, level, parent, change, year in changes.itertuples(index=False):
        if change == "added":
            rows.append(Division(code, name, level, parent or None, code[:2] + "0000", True, int(year), OPEN_END))
    by_code: dict[str, list[Division]] = {}
    for d in rows:
        by_code.setdefault(d.code, []).append(d)
    for lst in by_code.values():  # the current name first, then the most recent
        lst.sort(key=lambda d: (not d.current, -d.last_year, -d.first_year))
    return by_code


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def _derived_parent(code: str) -> str | None:
    level = _level(code)
    if level == "province":
        return None
    if level == "county" and code[:4] + "00" in _tables_codes():
        return code[:4] + "00"
    return code[:2] + "0000"


@functools.cache
def _tables_codes() -> frozenset[str]:
    return frozenset(reference_table("gb2260_history").code) | frozenset(reference_table("gb2260_divisions").code)


PACKED = "gb2260_index"  # zjgov/data/gb2260_index.json, built by scripts/build_data.py


def derive_index() -> dict[str, list]:
    """The packed validity index from the CSV tables: sorted codes, each code's spans of years
    in force (``[first, last, first, last, ...]``, :data:`OPEN_END` while in force) and the
    codes of the latest list. ``scripts/build_data.py`` writes it; a test checks it is current."""
    by_code = _tables()
    codes = sorted(by_code, key=int)
    spans = [[y for d in by_code[c] for y in (d.first_year, d.last_year)] for c in codes]
    current = [int(c) for c in codes if any(d.current for d in by_code[c])]
    return {"codes": [int(c) for c in codes], "spans": spans, "current": current}


@functools.cache
def _spans() -> tuple[dict[int, tuple[int, ...]], frozenset[int]]:
    """Code -> spans of years in force, and the current codes (the packed index, loaded once)."""
    packed = packed_table(PACKED)
    return dict(zip(packed["codes"], map(tuple, packed["spans"]), strict=True)), frozenset(packed["current"])


def known_code(code: int, *, year: int | None = None, current: bool = False) -> bool:
    """:func:`known` for one integer code, without NumPy (the scalar path).

    >>> known_code(330103), known_code(330103, current=True), known_code(330109, year=1990)
    (True, False, False)
    """
    spans, now = _spans()
    if current:
        return code in now
    found = spans.get(code)
    if found is None or year is None:
        return found is not None
    year = min(max(year, FIRST_YEAR), _dt.date.today().year + 1)  # the years known() covers
    return any(found[i] <= year <= found[i + 1] for i in range(0, len(found), 2))


@functools.cache
def _arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Row of each six-digit code (``-1`` if unknown; one lookup, no search), the years covered,
    whether each row's code is in force in each year, and whether it is in the latest list."""
    spans, now = _spans()
    codes = np.fromiter(spans, dtype=np.int64, count=len(spans))
    years = np.arange(FIRST_YEAR, _dt.date.today().year + 2)
    lengths = np.fromiter(map(len, spans.values()), dtype=np.int64, count=len(spans)) // 2
    flat = np.fromiter((y for s in spans.values() for y in s), dtype=np.int64).reshape(-1, 2)
    covered = (years >= flat[:, :1]) & (years <= flat[:, 1:])
    in_force = np.logical_or.reduceat(covered, np.cumsum(lengths) - lengths, axis=0)
    index = np.full(1_000_000, -1, dtype=np.int16 if len(codes) < 2**15 else np.int32)
    index[codes] = np.arange(len(codes))
    return index, years, in_force, np.isin(codes, np.fromiter(now, dtype=np.int64, count=len(now)))


def all_codes() -> np.ndarray:
    """Every six-digit code of every edition (GB/T 2260, 1980 on), as sorted integers.

    >>> codes = all_codes(); bool(codes[0] == 110000), bool(known(codes).all())
    (True, True)
    """
    spans, _ = _spans()
    return np.sort(np.fromiter(spans, dtype=np.int64, count=len(spans)))


def known(codes: np.ndarray, *, year: np.ndarray | int | None = None, current: bool = False) -> np.ndarray:
    """Vectorised: which integer codes are known (in any edition, in ``year``, or now)."""
    index, years, in_force, current_mask = _arrays()
    codes = np.asarray(codes)
    inside = (codes >= 0) & (codes < 1_000_000)
    idx = np.take(index, codes, mode="clip")  # clipped codes are outside anyway
    found = inside & (idx >= 0)
    if current:
        return found & current_mask[idx]
    if year is None:
        return found
    y = np.clip(np.asarray(year) - FIRST_YEAR, 0, len(years) - 1)
    return found & in_force[idx, y]


def _options(*, as_of: int | None = None, current: bool = False) -> dict:
    if as_of is not None and (not isinstance(as_of, int) or as_of < 1949):
        raise _engine.options_error("as_of 应为年份整数", "as_of must be a year (int)")
    return {"as_of": as_of, "current": bool(current)}


def _kernel(m: np.ndarray, v: Verdict, *, as_of: int | None, current: bool) -> None:
    d = _engine.digit_values(m)
    bad = d.max(axis=1) > 9  # one reduction; character positions only for the rows that need them
    rows = np.flatnonzero(bad)
    if len(rows):
        position = np.zeros(len(m), dtype=np.int32)
        position[rows] = (d[rows] > 9).argmax(axis=1) + 1
        v.fail(bad, "format", position)
    code = d[:, 0].astype(np.int32)
    for j in range(1, 6):
        code *= 10
        np.add(code, d[:, j], out=code, casting="unsafe")
    v.fail(~known(code, year=as_of, current=current), "component:region")


def _scalar(s: str, opts: dict) -> tuple[str, int | None] | None:
    """:func:`_kernel` for one compact value in pure Python (the first failure, or ``None``)."""
    for i, c in enumerate(s):
        if c not in "0123456789":
            return "format", i + 1
    if not known_code(int(s), year=opts["as_of"], current=opts["current"]):
        return "component:region", None
    return None


_CODE = _engine.Code("division", TITLE, (6,), _kernel, _options, scalar=_scalar)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object) -> str:
    """The canonical six digits."""
    return validate(value)


def lookup(code: object, *, year: int | None = None) -> Division:
    """The division with ``code`` (its name in ``year`` if given, else the latest name)."""
    code = validate(code, as_of=year)
    rows = _tables()[code]
    if year is not None:
        rows = [d for d in rows if d.first_year <= year <= d.last_year] or rows
    return rows[0]


def parse(value: object) -> Division:
    """Alias of :func:`lookup` for the common contract."""
    return lookup(value)


def name(code: object, *, year: int | None = None) -> str:
    """The Chinese name of ``code``.

    >>> name("330100")
    '杭州市'
    """
    return lookup(code, year=year).name


def level(code: object) -> str:
    """``province``, ``prefecture`` or ``county``."""
    return lookup(code).level


def parent(code: object) -> Division | None:
    """The division one level up, if any.

    >>> parent("330106").name
    '杭州市'
    """
    p = lookup(code).parent_code
    return lookup(p) if p else None


def province(code: object) -> Division:
    """The province-level division containing ``code``.

    >>> province("330106").name
    '浙江省'
    """
    return lookup(lookup(code).province_code)


def search(text: str, *, current: bool = False) -> list[Division]:
    """Divisions whose name contains ``text`` (every historical name unless ``current``)."""
    out = []
    for rows in _tables().values():
        for d in rows:
            if text in d.name and (d.current or not current):
                out.append(d)
                break
    return sorted(out, key=lambda d: d.code)


def history(code: object) -> list[Division]:
    """Every name the code has had, most recent first."""
    return list(_tables()[validate(code)])


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "division",
    TITLE,
    standard="GB/T 2260-2007",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^[0-9]{6}$",
    alphabet="0123456789",
    input_lengths=(6, 6),
    kind="location",
    personal=False,
    unique=False,
    type_name="DivisionCode",
    standard_keys=("GB/T2260", "GB2260"),
    example="330106",
)
