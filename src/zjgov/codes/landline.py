"""Fixed-line telephone numbers of mainland China (固定电话号码, MIIT numbering plan).

``[area code] local number [extension]``:

* area code (长途区号): ``0`` + 2 digits for Beijing (010) and the big cities 020–029,
  ``0`` + 3 digits elsewhere (0571 杭州, 0574 宁波 …; every county uses its city's code);
* local number (本地号码): 7 or 8 digits, not starting with 0 or 1;
* extension (分机号): 1–6 digits.

The area code is required unless ``require_area=False``. International forms ``+86 571 …``,
``0086-571-…`` and ``+86 (0)571 …`` get their leading ``0`` back.

**Separators and extensions.** Spaces, hyphens and brackets group digits:
``0571-8888 8888``, ``(0571)88888888`` and ``0571 8888-8888`` are the same number. A hyphen
(or space) may sit between the area code and the local number and once inside the local number
before its last four digits. An extension needs a marker: ``转``, ``分机``, ``EXT``, ``X`` or
``#`` anywhere, or a hyphen/space *after a complete local number*: ``0571-8888 8888-123``.
Any other grouping (``0571-8888-888``, ``05-71-88888888``) is read with the hyphens dropped.
Digits run together without a marker are never split into an extension (``057188888888123``
is a length error), because the split would be a guess. The compact form writes the extension
after a single ``-``: ``057188888888-123``; positions in errors refer to that form.

Not covered: service numbers (400/800, 95xxx, 12345), which have no area code.

>>> validate("0571-8888 8888-123")
'057188888888-123'
>>> validate("(0571)88888888"), validate("+86 10 6552 9988")
('057188888888', '01065529988')
>>> p = parse("0571-8888 8888 转 123")
>>> p.area_code, p.city, p.local_number, p.extension
('0571', '杭州', '88888888', '123')
>>> format("02161234567")
'021-6123 4567'
>>> validate("0571-1888 8888")
Traceback (most recent call last):
zjgov.errors.InvalidComponent: ...
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zjgov.codes import _engine, _fast
from zjgov.codes._engine import Verdict, digit_values, digits
from zjgov.codes.spec import CodeSpec
from zjgov.core.arrow import mask

TITLE = ("固定电话号码", "fixed-line number")
#: Area codes with their city: the 3-digit big-city codes and Zhejiang (STANDARDS 5b).
AREA_CODES: dict[str, str] = {
    "010": "北京",
    "020": "广州",
    "021": "上海",
    "022": "天津",
    "023": "重庆",
    "024": "沈阳",
    "025": "南京",
    "027": "武汉",
    "028": "成都",
    "029": "西安",
    "0570": "衢州",
    "0571": "杭州",
    "0572": "湖州",
    "0573": "嘉兴",
    "0574": "宁波",
    "0575": "绍兴",
    "0576": "台州",
    "0577": "温州",
    "0578": "丽水",
    "0579": "金华",
    "0580": "舟山",
}
MAX_EXTENSION = 6
_DASH = ord("-")
_MARK = "\ue000"  # internal extension marker (private use), never in a compact value
# Arrow (RE2) rewrites from the normalised text to the compact form; see the module docstring.
_SEP = r"[ ()\-]"
_MARKER_RE = _SEP + r"*(?:转|分机|EXT\.?|X|#)" + _SEP + "*"  # explicit extension markers
_MARKER_BYTES = np.zeros(256, dtype=bool)
_MARKER_BYTES[[0x80 + i for i in range(128)] + [ord("E"), ord("X"), ord("#")]] = True
_INTL_RE = r"^(?:\+|00)86(?:\(0\)|" + _SEP + r")*0?"  # +86 (0)571 …, 0086-571 … -> 0571 …
#: Bytes that some step of :func:`_rewrite` changes or reads: separators, ``+``, markers, non-ASCII.
_REWRITE_BYTES = _MARKER_BYTES.copy()
_REWRITE_BYTES[[ord(c) for c in " ()-+"]] = True
_SHAPE = r"^-*(0(?:10|2\d|[3-9]\d{2}))?-*([2-9]\d{2,3})-*(\d{4})(?:(?:-+|" + _MARK + r")(\d{1,6}))?-*$"


def _prepare(arr: pa.Array) -> pa.Array:
    """Rewrite to the compact form. Only rows holding a separator, a ``+``, an extension marker or a
    non-ASCII byte, or starting with ``0086``, change: every step of :func:`_rewrite` leaves the others
    (digits and other characters the kernel refuses) as they are, so they are not rewritten."""
    rows = np.union1d(_engine.byte_rows(arr, _REWRITE_BYTES), _intl_rows(arr))
    return _engine.rewrite_rows(arr, rows, _rewrite)


def _intl_rows(arr: pa.Array) -> np.ndarray:
    """Rows starting with ``0086`` (large_string array); the second byte, rarely ``0``, is read first."""
    _, offsets, data = arr.buffers()
    if data is None or len(data) < 4:
        return np.zeros(0, dtype=np.int64)
    offs = np.frombuffer(offsets, np.int64, count=len(arr) + 1, offset=arr.offset * 8)
    buf = np.frombuffer(data, np.uint8)
    rows = np.flatnonzero(np.take(buf[1:], offs[:-1], mode="clip") == ord("0"))
    for k, char in ((0, "0"), (2, "8"), (3, "6")):
        start = offs[rows]
        rows = rows[(offs[rows + 1] - start > 3) & (np.take(buf, start + k, mode="clip") == ord(char))]
    return rows


def _rewrite(arr: pa.Array) -> pa.Array:
    arr = _engine.rewrite_rows(arr, _engine.byte_rows(arr, _MARKER_BYTES), _replace(_MARKER_RE, _MARK))
    intl = pc.or_(pc.starts_with(arr, "+"), pc.starts_with(arr, "00")).fill_null(False)
    arr = _engine.rewrite_rows(arr, np.flatnonzero(intl.to_numpy(zero_copy_only=False)), _replace(_INTL_RE, "0"))
    for sep in " ()":
        arr = pc.replace_substring(arr, sep, "-")
    matched = mask(pc.match_substring_regex(arr, _SHAPE))
    arr = _engine.rewrite_rows(arr, np.flatnonzero(matched), _shape)
    return _engine.rewrite_rows(arr, np.flatnonzero(~matched), _loose)


def _replace(pattern: str, replacement: str):
    return lambda arr: pc.replace_substring_regex(arr, pattern, replacement)


def _shape(arr: pa.Array) -> pa.Array:
    """Values of the exact shape: area + local number, and ``-`` + extension if there is one."""
    return pc.replace_substring_regex(pc.replace_substring_regex(arr, _SHAPE, r"\1\2\3-\4"), r"-$", "")


def _loose(arr: pa.Array) -> pa.Array:
    """Any other value: hyphens are grouping only, markers become the extension hyphen."""
    return pc.replace_substring(pc.replace_substring(arr, "-", ""), _MARK, "-")


def _options(*, require_area: bool = True) -> dict:
    return {"require_area": bool(require_area)}


def _kernel(m: np.ndarray, v: Verdict, *, require_area: bool) -> None:
    """:func:`_rules`, with rows of digits only (no extension, the usual case) decided column by column,
    and rows with a character other than a digit or ``-`` failed at the first one (the first rule)."""
    dv = digit_values(m)  # wrapping: a cell is a digit exactly when its value is <= 9
    plain = dv.max(axis=1) <= 9
    if not plain.all():
        odd = np.flatnonzero(~plain)
        bad = (dv[odd] > 9) & (m[odd] != _DASH)
        chars = bad.any(axis=1)
        if chars.any():
            failed = np.zeros(len(m), dtype=bool)
            failed[odd[chars]] = True
            position = np.zeros(len(m), dtype=np.int32)
            position[odd[chars]] = np.argmax(bad[chars], axis=1) + 1
            v.fail(failed, "format", position)
        _fast.run_rows(_rules, m, v, odd[~chars], require_area=require_area)
        if not plain.any():
            return
    width = m.shape[1]
    c1 = m[:, 1]
    has_area = m[:, 0] == ord("0")
    area_ok = ((c1 == ord("1")) & (m[:, 2] == ord("0"))) | (c1 >= ord("2"))
    wrong_area = has_area & ~area_ok
    if require_area:
        wrong_area |= ~has_area
    v.fail(plain & wrong_area, "component:area_code", 1)
    area3 = has_area & (c1 <= ord("2"))  # 0 + 2 digits; area4: 0 + 3 digits; neither: no area code
    area4 = has_area & ~area3
    fits = {a: 7 <= width - a <= 8 for a in (0, 3, 4)}  # the local number's length, by area code length
    if not all(fits.values()):
        wrong = area3 if not fits[3] else np.zeros(len(m), dtype=bool)
        if not fits[4]:
            wrong |= area4
        if not fits[0]:
            wrong |= ~has_area
        v.fail(plain & wrong, "length")
    first = np.where(area3, m[:, 3], np.where(area4, m[:, 4], m[:, 0]))
    local = plain & (first < ord("2"))
    if local.any():
        v.fail(local, "component:local", np.where(area3, 4, np.where(area4, 5, 1)).astype(np.int32))


def _rules(m: np.ndarray, v: Verdict, *, require_area: bool) -> None:
    """Every rule for any row; the reference :func:`_kernel` must agree with (tests/test_fast_paths.py)."""
    n, width = m.shape
    rows = np.arange(n)
    dash = m == _DASH
    v.fail_chars(digits(m) | dash)
    count = np.cumsum(dash, axis=1)
    second = (count == 2) & dash
    v.fail(second.any(axis=1), "format", second.argmax(axis=1) + 1)
    has_dash = dash.any(axis=1)
    d = np.where(has_dash, dash.argmax(axis=1), width)  # 0-based index of the extension hyphen
    ext_len = width - d - 1
    v.fail(has_dash & (ext_len == 0), "format", d + 1)
    v.fail(has_dash & (ext_len > MAX_EXTENSION), "component:extension", d + 2)
    has_area = m[:, 0] == ord("0")
    c1, c2 = m[:, 1], m[:, 2]
    area_ok = ((c1 == ord("1")) & (c2 == ord("0"))) | (c1 >= ord("2"))
    v.fail(has_area & ~area_ok, "component:area_code", 1)
    if require_area:
        v.fail(~has_area, "component:area_code", 1)
    a = np.where(has_area, np.where(c1 <= ord("2"), 3, 4), 0)
    local_len = d - a
    v.fail((local_len < 7) | (local_len > 8), "length")
    first = m[rows, np.minimum(a, width - 1)]
    v.fail(first < ord("2"), "component:local", a + 1)


_CODE = _engine.Code(
    "landline", TITLE, tuple(range(7, 13 + 2 * MAX_EXTENSION + 1)), _kernel, _options, separators="", prepare=_prepare
)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


@dataclasses.dataclass(frozen=True)
class LandlineInfo:
    """The parts of a fixed-line number."""

    number: str  # compact form, extension after "-"
    area_code: str | None  # with its leading 0; None when given without one (require_area=False)
    city: str | None  # where the area code is in AREA_CODES
    local_number: str
    extension: str | None
    international: str | None  # +86 571 8888 8888 (extension left out)


def parse(value: object, **options) -> LandlineInfo:
    """Validate ``value`` and return its parts."""
    number = validate(value, **options)
    main, _, ext = number.partition("-")
    area = None
    if main.startswith("0"):
        area = main[:3] if main[1] in "12" else main[:4]
    local = main[len(area or "") :]
    international = f"+86 {area[1:]} {_group(local)}" if area else None
    return LandlineInfo(number, area, AREA_CODES.get(area or ""), local, ext or None, international)


def _group(local: str) -> str:
    return f"{local[:-4]} {local[-4:]}"


def format(value: object, **options) -> str:
    """The display form ``0571-8888 8888``, with ``-123`` for an extension."""
    p = parse(value, **options)
    out = (p.area_code + "-" if p.area_code else "") + _group(p.local_number)
    return out + (f"-{p.extension}" if p.extension else "")


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "landline",
    TITLE,
    standard="MIIT numbering plan (电信网编号计划)",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^0[0-9]{6,11}(?:-[0-9]{1,6})?$",
    alphabet="0123456789-",
    input_lengths=(7, 20),
    kind="contact",
    personal=True,
    unique=False,
    input_class=r"+#().\u8f6cEXTextx\uff03\u5206\u673a",
    type_name="Landline",
    example="057188888888",
)
