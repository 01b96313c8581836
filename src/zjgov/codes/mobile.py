"""Mainland China mobile numbers (中国大陆移动电话号码, MIIT numbering plan 电信网编号计划).

Eleven digits: ``1`` + a two-digit network prefix (号段) + four HLR digits + four subscriber
digits. The prefix table below is the public allocation (voice/SMS, MVNO 虚拟运营商, data-only
上网卡, maritime satellite 1749, MIIT emergency 17406–17412). IoT numbers (物联网卡) have 13
digits (1440x, 1441x, 148xx China Mobile, 146xx China Unicom, 1410x China Telecom) and are
accepted only with ``iot=True``.

Country prefixes ``+86``, ``0086`` and ``86`` are removed when what follows is a number of the
right length starting with ``1``; spaces, hyphens and brackets are separators.

Options:

* ``iot=False``: a 13-digit IoT number is reason ``component:iot`` unless ``iot=True``;
* ``assigned_only=True``: the prefix must be allocated (``component:prefix`` otherwise);
  ``False`` accepts any ``1[3-9]`` + 9 digits, the rule many systems use, for numbers from
  prefixes allocated after this table;
* ``data_only=True``: accept the 11-digit data-only prefixes 145, 147 and 149.

Since mobile number portability (携号转网, 2019-12-01) the prefix names the carrier the number
was *allocated* to, not necessarily the one serving it today.

>>> validate("+86 138-0013-8000")
'13800138000'
>>> format("8613800138000")
'138 0013 8000'
>>> p = parse("19212345678")
>>> p.carrier, p.kind
('中国广电', 'voice')
>>> parse("17031234567").carrier, parse("17031234567").host_carrier
('虚拟运营商', '中国移动')
>>> validate("15412345678")
Traceback (most recent call last):
zjgov.errors.InvalidComponent: ...
>>> is_valid("1440123456789"), is_valid("1440123456789", iot=True)
(False, True)
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zjgov.codes import _engine
from zjgov.codes._engine import Verdict, as_int, digit_values, digits
from zjgov.codes.spec import CodeSpec

TITLE = ("手机号码", "mobile number")
CARRIERS = {
    "mobile": ("中国移动", "China Mobile"),
    "unicom": ("中国联通", "China Unicom"),
    "telecom": ("中国电信", "China Telecom"),
    "broadnet": ("中国广电", "China Broadnet"),
    "mvno": ("虚拟运营商", "MVNO"),
}
Kind = Literal["voice", "data", "iot", "satellite", "emergency"]

#: 11-digit prefixes (3, 4 or 5 digits) -> (carrier, kind, host network of an MVNO).
PREFIXES: dict[str, tuple[str | None, str, str | None]] = {
    **dict.fromkeys(
        ("130", "131", "132", "155", "156", "166", "175", "176", "185", "186", "196"), ("unicom", "voice", None)
    ),
    **dict.fromkeys(("133", "1349", "153", "173", "177", "180", "181", "189"), ("telecom", "voice", None)),
    **dict.fromkeys(("190", "191", "193", "199"), ("telecom", "voice", None)),
    **dict.fromkeys((f"174{i:02d}" for i in range(6)), ("telecom", "voice", None)),
    **dict.fromkeys((f"134{i}" for i in range(9)), ("mobile", "voice", None)),
    **dict.fromkeys(("135", "136", "137", "138", "139", "150", "151", "152"), ("mobile", "voice", None)),
    **dict.fromkeys(("157", "158", "159", "172", "178", "182", "183", "184"), ("mobile", "voice", None)),
    **dict.fromkeys(("187", "188", "195", "197", "198"), ("mobile", "voice", None)),
    "192": ("broadnet", "voice", None),
    "162": ("mvno", "voice", "telecom"),
    "165": ("mvno", "voice", "mobile"),
    "167": ("mvno", "voice", "unicom"),
    "171": ("mvno", "voice", "unicom"),
    **dict.fromkeys(("1700", "1701", "1702"), ("mvno", "voice", "telecom")),
    **dict.fromkeys(("1703", "1705", "1706"), ("mvno", "voice", "mobile")),
    **dict.fromkeys(("1704", "1707", "1708", "1709"), ("mvno", "voice", "unicom")),
    "145": ("unicom", "data", None),
    "147": ("mobile", "data", None),
    "149": ("telecom", "data", None),
    "1749": (None, "satellite", None),
    **dict.fromkeys((str(p) for p in range(17406, 17413)), (None, "emergency", None)),
}
#: 13-digit IoT prefixes -> carrier.
IOT_PREFIXES: dict[str, str] = {"1440": "mobile", "1441": "mobile", "148": "mobile", "146": "unicom", "1410": "telecom"}

_PREFIX_RE = r"^(?:\+86|0086|86)(1.{10}|1.{12})$"
_PREFIX_START = np.zeros(256, dtype=bool)
_PREFIX_START[[ord("+"), ord("0"), ord("8")]] = True


_KNOWN = set(PREFIXES.values()) | {(c, "iot", None) for c in IOT_PREFIXES.values()}
_ENTRIES: list[tuple[str | None, str, str | None]] = [(None, "", None), *sorted(_KNOWN, key=str)]


@functools.cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Entry index by first five digits, for 11-digit and for 13-digit numbers (0 = unallocated)."""
    index = {e: i for i, e in enumerate(_ENTRIES)}
    t11 = np.zeros(100_000, dtype=np.int16)
    t13 = np.zeros(100_000, dtype=np.int16)
    for table, prefixes in ((t11, PREFIXES), (t13, {p: (c, "iot", None) for p, c in IOT_PREFIXES.items()})):
        for prefix in sorted(prefixes, key=len):  # longer prefixes override shorter ones
            span = 10 ** (5 - len(prefix))
            start = int(prefix) * span
            table[start : start + span] = index[prefixes[prefix]]
    return t11, t13


def _prepare(arr: pa.Array) -> pa.Array:
    """Strip a country prefix. Only rows of at least 13 bytes starting with ``+``, ``0`` or ``8`` can
    have one (``86`` + 11 digits is the shortest form); the others are left as they are, unread."""
    _, offsets, data = arr.buffers()
    if data is None or not len(arr):
        return arr
    offs = np.frombuffer(offsets, np.int64, count=len(arr) + 1, offset=arr.offset * 8)
    rows = np.flatnonzero(np.diff(offs) >= 13)
    if len(rows):
        rows = rows[_PREFIX_START[np.frombuffer(data, np.uint8)[offs[rows]]]]
    return _engine.rewrite_rows(arr, rows, lambda sub: pc.replace_substring_regex(sub, _PREFIX_RE, r"\1"))


def _options(*, iot: bool = False, assigned_only: bool = True, data_only: bool = True) -> dict:
    return {"iot": bool(iot), "assigned_only": bool(assigned_only), "data_only": bool(data_only)}


def _kernel(m: np.ndarray, v: Verdict, *, iot: bool, assigned_only: bool, data_only: bool) -> None:
    """The rules of :func:`_rules` with cheaper steps: one row maximum of the digit values finds bad
    characters, and the prefix entry is one lookup by digits 2–5 (every allocated prefix starts with 1)."""
    dv = digit_values(m)  # wrapping: a cell is a digit exactly when its value is <= 9
    bad = dv.max(axis=1) > 9
    if bad.any():
        position = np.zeros(len(m), dtype=np.int32)
        position[bad] = np.argmax(dv[bad] > 9, axis=1) + 1
        v.fail(bad, "format", position)
    key = np.multiply(dv[:, 1], 10, dtype=np.uint16)  # digits 2-5 as one number (garbage on failed rows)
    for j in (2, 3, 4):
        key += dv[:, j]
        if j < 4:
            key *= 10
    t11, t13 = _tables()
    entry = np.take((t13 if m.shape[1] == 13 else t11)[10_000:20_000], key, mode="clip")
    entry[dv[:, 0] != 1] = 0
    _finish(m, v, entry, iot=iot, assigned_only=assigned_only, data_only=data_only)


def _rules(m: np.ndarray, v: Verdict, *, iot: bool, assigned_only: bool, data_only: bool) -> None:
    """The reference implementation :func:`_kernel` must agree with (tests/test_fast_paths.py)."""
    ok = digits(m)
    v.fail_chars(ok)
    t11, t13 = _tables()
    entry = (t13 if m.shape[1] == 13 else t11)[as_int(np.where(ok[:, :5], m[:, :5], 0x30))]
    _finish(m, v, entry, iot=iot, assigned_only=assigned_only, data_only=data_only)


def _finish(m: np.ndarray, v: Verdict, entry: np.ndarray, *, iot: bool, assigned_only: bool, data_only: bool) -> None:
    """The prefix rules, given each row's prefix entry (rows with a bad character have already failed)."""
    if m.shape[1] == 13:
        if not iot:
            v.fail(entry > 0, "component:iot", 1)
            v.fail(np.ones(len(m), bool), "length")
        v.fail(entry == 0, "component:prefix", 1)
        return
    if assigned_only:
        v.fail(entry == 0, "component:prefix", 1)
    else:
        v.fail((m[:, 0] != ord("1")) | (m[:, 1] < ord("3")), "component:prefix", 1)
    if not data_only:
        v.fail(_DATA_KIND[entry], "component:data_only", 1)


_DATA_KIND = np.array([e[1] == "data" for e in _ENTRIES])
_CODE = _engine.Code("mobile", TITLE, (11, 13), _kernel, _options, separators=" -()", prepare=_prepare)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object, **options) -> str:
    """The display form ``138 0013 8000`` (IoT: ``14401 2345 6789``)."""
    number = validate(value, **options)
    head = len(number) - 8
    return f"{number[:head]} {number[head : head + 4]} {number[head + 4 :]}"


@dataclasses.dataclass(frozen=True)
class MobileInfo:
    """The parts of a mobile number. ``carrier`` is the carrier the prefix was allocated to."""

    number: str
    network_prefix: str  # 号段, first three digits
    hlr: str | None  # 4 digits after the prefix (11-digit numbers)
    subscriber: str  # last four digits
    carrier: str | None  # 中国移动 / 中国联通 / 中国电信 / 中国广电 / 虚拟运营商; None if unknown
    carrier_en: str | None
    host_carrier: str | None  # network an MVNO number runs on
    kind: Kind | None  # None: prefix not in the table (assigned_only=False)
    portable: bool  # True: 携号转网 may have moved the number to another carrier


def parse(value: object, **options) -> MobileInfo:
    """Validate ``value`` and return its parts."""
    number = validate(value, **options)
    t11, t13 = _tables()
    carrier, kind, host = _ENTRIES[(t13 if len(number) == 13 else t11)[int(number[:5])]]
    names = CARRIERS.get(carrier or "", (None, None))
    return MobileInfo(
        number=number,
        network_prefix=number[:3],
        hlr=number[3:7] if len(number) == 11 else None,
        subscriber=number[-4:],
        carrier=names[0],
        carrier_en=names[1],
        host_carrier=CARRIERS[host][0] if host else None,
        kind=kind or None,  # type: ignore[arg-type]
        portable=kind == "voice",
    )


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "mobile",
    TITLE,
    standard="MIIT numbering plan (电信网编号计划)",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^1[0-9]{10}(?:[0-9]{2})?$",
    alphabet="0123456789",
    input_lengths=(11, 16),
    kind="contact",
    personal=True,
    unique=False,
    input_class="+",
    type_name="MobileNumber",
    example="13800138000",
)
