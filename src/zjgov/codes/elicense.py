"""GB/T 36904-2018 电子证照 标识规范 (electronic licence identifier, 证照标识).

Dot-separated, as used on the national electronic licence platform:

``1.2.156.3005.2 . <类型代码> . <颁发机构代码> . <流水号> . <版本号> . <校验位>``

=================  ===========================================================
root               ``1.2.156.3005.2`` (电子证照根代码, an OID arc under 1.2.156)
type code          21 characters: the USCC of the body that defines the licence type
                   (证照定义机构, e.g. ``11100000000013338W`` 住房和城乡建设部) + 3 digits
issuer code        the issuing body's USCC (18 characters), or a 6-digit GB/T 2260
                   division code as some local systems use
serial             1–64 digits or upper-case letters (流水号)
version            3 digits (``001``)
check              ISO/IEC 7064 MOD 37,36 (hybrid) over type + issuer + serial + version
                   with the dots removed, one character ``0-9A-Z``
=================  ===========================================================

Real data contains identifiers whose check character was computed by a faulty vendor routine.
A wrong check character is reason ``checksum`` by default; with ``check_warning=True`` it is
accepted and :func:`parse` reports it (``check_valid=False``, ``"checksum"`` in ``warnings``).
``check_uscc=True`` also verifies the GB 32100 check character of the definer's and the
issuer's USCC.

The identifier has no fixed length: each length is a code-point matrix, the dots are located
per row in NumPy and MOD 37,36 runs column by column over the payload cells of all rows.

>>> validate("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.u")
'1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U'
>>> p = parse("1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9")
>>> p.definer_code, p.type_number, p.issuer_code, p.issuer_kind, p.serial, p.version
('11100000MB03271699', '022', '340100', 'division', '000000016', '001')
>>> check_char("11100000000013338W00911330105002500287C2025052201002")
'0'
>>> validate("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.V")
Traceback (most recent call last):
zjgov.errors.InvalidChecksum: ...
>>> parse("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.V",
...       check_warning=True).warnings
('checksum',)
"""

from __future__ import annotations

import dataclasses

import numpy as np

from zjgov.codes import _engine, _fast, uscc
from zjgov.codes._engine import Verdict, digits, in_alphabet, lookup, values
from zjgov.codes.spec import CodeSpec

TITLE = ("电子证照标识", "electronic licence identifier")
ROOT = "1.2.156.3005.2"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TYPE_LENGTH = 21
ISSUER_LENGTHS = (6, 18)
MAX_SERIAL = 64
VERSION_LENGTH = 3
_HEAD = ROOT + "."
_HEAD_CP = np.array([ord(c) for c in _HEAD], dtype=np.uint32)
_DOT = ord(".")
_ALPHA_CP = np.array([ord(c) for c in ALPHABET], dtype=np.uint32)
_MIN = len(_HEAD) + 10  # shorter values are a length error; longer ones get a precise reason
_MAX = len(_HEAD) + TYPE_LENGTH + 1 + max(ISSUER_LENGTHS) + 1 + MAX_SERIAL + 1 + VERSION_LENGTH + 1 + 1


def mod37_36(m: np.ndarray, use: np.ndarray | None = None, start: int = 0) -> np.ndarray:
    """Vectorised ISO/IEC 7064 MOD 37,36 check characters (code points) of the rows of ``m``.

    ``use`` marks the cells that belong to the payload (all cells by default), ``start`` the first
    column that can; the loop runs over columns, never over rows, in ``uint8`` arithmetic (no lookup).
    """
    v = values(m[:, start:], ALPHABET).astype(np.uint8)
    q = np.full(len(m), 35, dtype=np.uint8)  # p - 1, stepped as in _mod37_36_q
    step = np.empty(len(m), dtype=np.uint8)
    tmp = np.empty(len(m), dtype=np.uint8)
    for j in range(v.shape[1]):
        if use is not None and not use[:, start + j].any():
            continue
        np.add(q, v[:, j], out=step)
        np.subtract(step, 36, out=tmp)
        np.minimum(step, tmp, out=step)
        step += step
        step += 1
        np.subtract(step, 37, out=tmp)
        np.minimum(step, tmp, out=step)
        if use is None:
            q, step = step, q
        else:
            np.copyto(q, step, where=use[:, start + j])
    return _ALPHA_CP[np.minimum(36 - q, np.negative(q))]


def check_char(payload: str) -> str:
    """The MOD 37,36 check character of ``payload`` (type + issuer + serial + version, no dots)."""
    return chr(mod37_36(np.frombuffer(payload.encode("utf-32-le"), np.uint32).reshape(1, -1))[0])


def _options(*, check_warning: bool = False, check_uscc: bool = False) -> dict:
    return {"check_warning": bool(check_warning), "check_uscc": bool(check_uscc)}


def _kernel(m: np.ndarray, v: Verdict, *, check_warning: bool, check_uscc: bool) -> None:
    """:func:`_rules`, with the rows of the usual shape decided column by column.

    For a given width, an identifier with an 18-character (then a 6-character) issuer code has its
    dots at fixed columns. Rows of that shape (root, dots, character classes) pass every format
    rule; only their USCC check characters (``check_uscc``) and MOD 37,36 remain, both computed over
    fixed columns in ``uint8``. The other rows go through :func:`_rules`.
    """
    rest = _decide_shapes(m, v, check_warning=check_warning, check_uscc=check_uscc)
    if rest is None:
        _rules(m, v, check_warning=check_warning, check_uscc=check_uscc)
    else:
        _fast.run_rows(_rules, m, v, rest, check_warning=check_warning, check_uscc=check_uscc)


def _decide_shapes(m: np.ndarray, v: Verdict, **options) -> np.ndarray | None:
    """Decide the rows of the usual shapes; return the other rows (None: every row, no shape fits the width)."""
    width = m.shape[1]
    rest: np.ndarray | None = None  # rows not decided yet (None: all)
    for issuer_length in (18, 6):
        if not 1 <= width - _FIXED - issuer_length <= MAX_SERIAL:  # the serial's length
            continue
        mm = m if rest is None else m[rest]
        ok = _decide_shape(mm, v, rest, issuer_length, **options)
        rest = np.flatnonzero(~ok) if rest is None else rest[~ok]
        if not len(rest):
            break
    return rest


#: Characters besides the issuer code and the serial: root, type code, version, check and 4 dots.
_FIXED = len(_HEAD) + TYPE_LENGTH + VERSION_LENGTH + 1 + 4
#: Byte → MOD 37,36 value (0-35), +0x40 for characters outside the USCC alphabet, 0xC0 outside ALPHABET.
_BYTE_CODE = np.full(256, 0xC0, dtype=np.uint8)
for _i, _c in enumerate(ALPHABET):
    _BYTE_CODE[ord(_c)] = _i | (0 if _c in uscc.ALPHABET else 0x40)
_NOT_USCC, _NOT_ALNUM = 0x40, 0x80


def _decide_shape(
    m: np.ndarray, v: Verdict, rows: np.ndarray | None, issuer_length: int, *, check_warning: bool, check_uscc: bool
) -> np.ndarray:
    """Which rows of ``m`` have the usual shape with this issuer length; record the failures of those
    rows in ``v`` (``rows``: their indices there, None for the identity) and return the mask."""
    width = m.shape[1]
    head = len(_HEAD)
    d1, d2, d3, d4 = head + TYPE_LENGTH, head + TYPE_LENGTH + 1 + issuer_length, width - 6, width - 2
    c = lookup(m[:, head:], _BYTE_CODE, 0xC0)  # columns from the type code on
    ok = np.bitwise_xor(m[:, :head], _HEAD_CP.astype(m.dtype)).max(axis=1) == 0
    for d in (d1, d2, d3, d4):
        ok &= m[:, d] == _DOT
    digits_only, uscc_only = 9, _NOT_USCC - 1  # highest code of a digit, of a USCC character
    issuer = uscc_only if issuer_length == 18 else digits_only
    groups = (
        (head, head + 18, uscc_only),  # definer's USCC
        (head + 18, d1, digits_only),  # type number
        (d1 + 1, d2, issuer),
        (d2 + 1, d3, _NOT_ALNUM - 1),  # serial
        (d3 + 1, d4, digits_only),  # version
        (d4 + 1, width, _NOT_ALNUM - 1),  # check character
    )
    for start, stop, highest in groups:
        ok &= c[:, start - head : stop - head].max(axis=1) <= highest
    if not ok.any():
        return ok

    def fail(mask: np.ndarray, reason: str, position: int) -> None:
        mask &= ok
        if rows is not None:
            full = np.zeros(v.reason.shape, dtype=bool)
            full[rows[mask]] = True
            mask = full
        v.fail(mask, reason, position)

    if check_uscc:
        t = m[:, head:d1]
        fail(uscc.check_chars(t[:, :17]) != t[:, 17], "component:type_code", head + 18)
        if issuer_length == 18:
            i = m[:, d1 + 1 : d2]
            fail(uscc.check_chars(i[:, :17]) != i[:, 17], "component:issuer", d1 + 2 + 17)
    if not check_warning:
        payload = [*range(head, d1), *range(d1 + 1, d2), *range(d2 + 1, d3), *range(d3 + 1, d4)]
        serial = range(d2 + 1, d3)  # the only part that may hold letters outside the USCC alphabet
        q = _mod37_36_q(c, [j - head for j in payload], {j - head for j in serial})
        expected = np.minimum(36 - q, np.negative(q))  # (36 - q) mod 36 in uint8: the check value
        fail(expected != (c[:, -1] & 0x3F), "checksum", width)
    return ok


def _mod37_36_q(c: np.ndarray, columns: list[int], masked: set[int]) -> np.ndarray:
    """MOD 37,36 over the given columns of a code matrix (values, flags in the top bits for ``masked``
    columns), in ``uint8``: returns ``p - 1`` (0-35) of the final state ``p``.

    One step is ``p = 2 * ((p + value) mod 36 or 36) mod 37``; with ``q = p - 1`` that is
    ``r = (q + value) mod 36``, ``q = (2r + 1) mod 37``, and each ``x mod k`` for ``x < 2k`` is
    ``min(x, x - k)`` in wrapping ``uint8``. No table lookup per cell.
    """
    n = len(c)
    q = np.full(n, 35, dtype=np.uint8)
    tmp = np.empty(n, dtype=np.uint8)
    for j in columns:
        if j in masked:
            np.bitwise_and(c[:, j], 0x3F, out=tmp)
            q += tmp
        else:
            q += c[:, j]
        np.subtract(q, 36, out=tmp)
        np.minimum(q, tmp, out=q)
        q += q
        q += 1
        np.subtract(q, 37, out=tmp)
        np.minimum(q, tmp, out=q)
    return q


def _rules(m: np.ndarray, v: Verdict, *, check_warning: bool, check_uscc: bool) -> None:
    """Every rule for any row; the reference :func:`_kernel` must agree with (tests/test_fast_paths.py)."""
    n, width = m.shape
    rows = np.arange(n)
    dot = m == _DOT
    v.fail_chars(in_alphabet(m, ALPHABET) | dot)
    head = len(_HEAD)
    v.fail_chars(m[:, :head] == _HEAD_CP, "component:root")
    tail = dot[:, head:]
    count = np.cumsum(tail, axis=1, dtype=np.int16)
    v.fail((count[:, -1] > 4), "format", np.argmax((count == 5) & tail, axis=1) + head + 1)
    v.fail((count[:, -1] < 4), "format")
    # 0-based column of the k-th dot after the root (k = 1..4); garbage on rows that failed above
    d1, d2, d3, d4 = (np.argmax((count == k) & tail, axis=1) + head for k in range(1, 5))
    # type code: 18 USCC characters + 3 digits
    v.fail(d1 - head != TYPE_LENGTH, "component:type_code", head + 1)
    padded = np.pad(m, ((0, 0), (0, max(0, head + TYPE_LENGTH - width))))  # short rows (already failed)
    t = padded[:, head : head + TYPE_LENGTH]
    ok = in_alphabet(t, uscc.ALPHABET)
    ok[:, 18:] = digits(t[:, 18:])
    v.fail_chars(ok, "component:type_code", head)
    # issuer: 18-character USCC or 6-digit division code
    i_len = d2 - d1 - 1
    v.fail(~np.isin(i_len, ISSUER_LENGTHS), "component:issuer", d1 + 2)
    start = head + TYPE_LENGTH + 1
    span = np.arange(max(ISSUER_LENGTHS))
    cols = np.minimum(start + span, width - 1)
    issuer = m[:, cols]
    inside = span < i_len[:, None]
    ok = np.where((i_len == 6)[:, None], digits(issuer), in_alphabet(issuer, uscc.ALPHABET)) | ~inside
    v.fail_chars(ok, "component:issuer", start)
    s_len = d3 - d2 - 1
    v.fail((s_len < 1) | (s_len > MAX_SERIAL), "component:serial", d2 + 2)
    version = m[rows[:, None], np.minimum(d3[:, None] + 1 + np.arange(VERSION_LENGTH), width - 1)]
    v.fail((d4 - d3 - 1 != VERSION_LENGTH) | ~digits(version).all(axis=1), "component:version", d3 + 2)
    v.fail(width - d4 - 1 != 1, "format", d4 + 2)
    if check_uscc:
        v.fail(uscc.check_chars(t[:, :17]) != t[:, 17], "component:type_code", head + 18)
        full = i_len == 18
        v.fail(full & (uscc.check_chars(issuer[:, :17]) != issuer[:, 17]), "component:issuer", start + 18)
    if not check_warning:
        col = np.arange(width)
        use = (col >= head) & (col < d4[:, None]) & ~dot
        v.fail(mod37_36(m, use, head) != m[:, -1], "checksum", width)


#: Lengths the kernel reads: a little beyond the longest valid value, so an overlong part gets a precise reason.
_LENGTHS = tuple(range(_MIN, _MAX + 33))
#: Rows per slice of the transposition in :func:`_accept` (a slice stays in the CPU cache).
_SLICE = 512


def _accept(offs: np.ndarray, data: np.ndarray, lens: np.ndarray, **options) -> np.ndarray | None:
    """The rows of a block that :func:`_kernel` accepts as they stand, read from the UTF-8 bytes.

    Only for blocks whose values all have one length (an export of one licence type): their
    bytes form an ``(n, width)`` matrix, transposed here slice by slice, several times faster
    than one transposition of a 70-column matrix. A row the kernel accepts holds only ``0-9``,
    ``A-Z`` and dots, which normalising leaves alone. ``None`` (nothing to say) otherwise.
    """
    n = len(lens)
    width = int(lens[0]) if n else 0
    if width not in _LENGTHS or not (lens == width).all():
        return None
    start = int(offs[0])
    rows = data[start : start + n * width].reshape(n, width)
    mt = np.empty((width, n), dtype=np.uint8)
    for i in range(0, n, _SLICE):
        mt[:, i : i + _SLICE] = rows[i : i + _SLICE].T
    v = Verdict(n)
    rest = _decide_shapes(mt.T, v, **options)  # the other rows are left to the kernel
    if rest is None:
        return None
    accepted = v.reason == 0
    accepted[rest] = False
    return accepted


_CODE = _engine.Code("elicense", TITLE, _LENGTHS, _kernel, _options, separators=" ", accept=_accept)
compact = _CODE.compact
validate = _CODE.validate
is_valid = _CODE.is_valid
check = _CODE.check


def format(value: object, **options) -> str:
    """The canonical dotted form in upper case."""
    return validate(value, **options)


@dataclasses.dataclass(frozen=True)
class ElicenseInfo:
    """The parts of an electronic licence identifier."""

    number: str
    root: str
    type_code: str  # 21 characters
    definer_code: str  # USCC of the body that defines the licence type
    type_number: str  # 3 digits
    issuer_code: str
    issuer_kind: str  # "uscc" or "division"
    serial: str
    version: str
    check: str
    check_valid: bool  # False only with check_warning=True
    expected_check: str
    warnings: tuple[str, ...]  # ("checksum",) when the check character does not match


def parse(value: object, **options) -> ElicenseInfo:
    """Validate ``value`` and return its parts."""
    number = validate(value, **options)
    type_code, issuer, serial, version, check = number[len(_HEAD) :].split(".")
    expected = check_char(type_code + issuer + serial + version)
    ok = expected == check
    return ElicenseInfo(
        number=number,
        root=ROOT,
        type_code=type_code,
        definer_code=type_code[:18],
        type_number=type_code[18:],
        issuer_code=issuer,
        issuer_kind="uscc" if len(issuer) == 18 else "division",
        serial=serial,
        version=version,
        check=check,
        check_valid=ok,
        expected_check=expected,
        warnings=() if ok else ("checksum",),
    )


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "elicense",
    TITLE,
    standard="GB/T 36904-2018",
    lengths=_CODE.lengths,
    separators=_CODE.separators,
    pattern="^1\\.2\\.156\\.3005\\.2\\.[0-9A-Z.]+$",
    alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.",
    input_lengths=(10, 120),
    kind="identifier",
    personal=False,
    unique=True,
    type_name="ELicenseId",
    standard_keys=("GB/T36904",),
    example="1.2.156.3005.2.11100000000013338W198.000000.0.000.5",
)
