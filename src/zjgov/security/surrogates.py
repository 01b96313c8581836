"""Surrogates that still validate: identifiers replaced by other identifiers of the same kind.

Each surrogate keeps the parts the policy asks for (a mobile's prefix, a card's BIN, a USCC's
authority, type and region, an ID number's region and birth date), replaces the rest with
FF1 under a key, and recomputes the check characters, so the output passes the same
``zjgov.codes`` validator as the input. They are deterministic (tables still join) and
reversible with the key.

**Never equal to the input.** FF1 is a permutation and a permutation may have fixed points
(a value that encrypts to itself, about one in ``radix**length``). A surrogate therefore uses
``π = E ∘ σ ∘ E⁻¹``, where ``E`` is FF1 restricted to the valid values by cycle-walking and
``σ`` moves each value to the next valid one: a conjugate of a permutation without fixed
points has none, and ``π⁻¹ = E ∘ σ⁻¹ ∘ E⁻¹`` reverses it. Cost: two FF1 passes instead of one.

**The domain rule.** FF1 needs at least 10^6 values. An ID number keeping its region *and*
birth date has only its 3-digit sequence left (500 values with the sex kept): below the rule,
it is not FF1'd. That mode shifts the sequence by a keyed offset derived from HMAC-SHA256 of
the kept part (1 … S-1, so never 0): deterministic, distinct people stay distinct, decodable
with the key — but it protects nothing by itself (the region and birth date remain visible);
it only makes the ID a non-real one.

Invalid inputs cannot have a valid surrogate: ``on_invalid`` says what happens to them —
``error`` (default: the count and the first row), ``null``, or ``redact`` (every character
``*``). They are counted in the audit like every other changed value.

>>> from zjgov.security.keys import KeyRing
>>> from zjgov.security.operators import resolve
>>> from zjgov.codes import citizen_id, mobile
>>> ring = KeyRing({"s1": bytes(range(32))})
>>> op = resolve("surrogate:citizen_id", key="s1", keep_birth_date=False)
>>> out = op.apply(pd.Series(["33010619900101123X"]), ring)
>>> out[0][:6], citizen_id.is_valid(out[0]), out[0] != "33010619900101123X"
('330106', True, True)
>>> op.reverse(out, ring)[0]
'33010619900101123X'
>>> m = resolve("surrogate:mobile", key="s1").apply(pd.Series(["13800138000"]), ring)[0]
>>> m[:3], mobile.is_valid(m)
('138', True)
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from zjgov import codes, i18n
from zjgov.codes import check_characters as cc
from zjgov.security import _text
from zjgov.security.fpe import FF1, check_domain, fixed_width_rows, rows_matrix
from zjgov.security.operators import Context, Operator, OperatorError, Params, bad_values, register
from zjgov.security.pseudonyms import hmac_digests

__all__ = ["Permutation", "Surrogate"]

i18n.add(
    {
        "security.sur.invalid": (
            "不是有效的{title}，无法生成仍可校验的替代值",
            "not a valid {title}; no valid surrogate can be made",
        ),
        "security.sur.walks": (
            "循环游走超过 {n} 次仍未得到有效值（有效值在取值空间中过于稀疏）",
            "cycle-walking took more than {n} steps (valid values are too sparse in the domain)",
        ),
        "security.sur.window": (
            "出生日期不在替代窗口 {start}–{end} 内",
            "the birth date is outside the surrogate window {start}–{end}",
        ),
    }
)

MAX_WALKS = 1000


class Permutation:
    """A keyed permutation of ``[0, size)`` restricted to ``valid`` values, without fixed points.

    ``E`` is FF1 over ``length`` numerals of ``radix`` (``radix**length >= size``), cycle-walked
    into the valid set; :meth:`forward` is ``E(σ(E⁻¹(x)))`` with ``σ`` the next valid value.
    ``valid(z, rows)`` says which candidates ``z`` of the rows ``rows`` are valid (the valid
    set may differ per row, e.g. with the kept prefix), and must hold for every input.
    """

    def __init__(
        self, ff1: FF1, length: int, size: int, valid: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
    ):
        check_domain(ff1.radix, length)
        if ff1.radix**length < size:
            raise ValueError("the numeral space is smaller than the domain")
        self.ff1, self.length, self.size, self.valid = ff1, length, size, valid

    def _inside(self, y: np.ndarray, rows: np.ndarray) -> np.ndarray:
        ok = y < self.size
        if self.valid is not None and ok.any():
            idx = np.flatnonzero(ok)
            ok[idx] = self.valid(y[idx], rows[idx])
        return ok

    def _walk(self, z: np.ndarray, encrypt: bool) -> np.ndarray:
        f = self.ff1.encrypt_int if encrypt else self.ff1.decrypt_int
        y = f(z, self.length)
        rows = np.arange(len(z))
        bad = ~self._inside(y, rows)
        for _ in range(MAX_WALKS):
            if not bad.any():
                return y
            idx = np.flatnonzero(bad)
            y[idx] = f(y[idx], self.length)
            bad[idx] = ~self._inside(y[idx], idx)
        raise OperatorError("security.sur.walks", n=MAX_WALKS)

    def _step(self, z: np.ndarray, delta: int) -> np.ndarray:
        z = (z + delta) % self.size
        if self.valid is None:
            return z
        bad = ~self.valid(z, np.arange(len(z)))
        for _ in range(MAX_WALKS):
            if not bad.any():
                return z
            idx = np.flatnonzero(bad)
            z[idx] = (z[idx] + delta) % self.size
            bad[idx] = ~self.valid(z[idx], idx)
        raise OperatorError("security.sur.walks", n=MAX_WALKS)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return self._walk(self._step(self._walk(np.asarray(x, np.int64).copy(), False), 1), True)

    def backward(self, y: np.ndarray) -> np.ndarray:
        return self._walk(self._step(self._walk(np.asarray(y, np.int64).copy(), False), -1), True)


class SurrogateParams(Params):
    key: str = Field(..., description="id of the key")
    cipher: Literal["aes", "sm4"] = "aes"
    tweak: str = Field("", description="FF1 tweak; the same is needed to reverse")
    on_invalid: Literal["error", "null", "redact"] = "error"


class Surrogate(Operator):
    """Base of the surrogates: validity check, grouping by length, FF1 engine, ``on_invalid``."""

    family = "cryptographic"
    reversible = True
    keyed = True
    preserves_format = True
    code: str = ""
    Params = SurrogateParams

    def engine(self, ctx: Context, radix: int) -> FF1:
        p = self.params
        bits = 128 if p.cipher == "sm4" else 256
        key = ctx.key(self).derive(f"zjgov/surrogate-{self.code}-{p.cipher}", bits // 8)
        return FF1(key, radix, cipher=p.cipher, tweak=(self.code + "|" + p.tweak).encode())

    def compact(self, arr: pa.Array) -> pa.Array:
        return _text.compact(arr)

    def rows(self, width: int, m: np.ndarray, ctx: Context, encrypt: bool) -> np.ndarray:
        """The surrogate (or original) bytes of ``m``, rows of one byte length."""
        raise NotImplementedError

    def _run(self, column: pd.Series, ctx: Context, encrypt: bool) -> pa.Array:
        arr = _text.as_text(column)
        valid = codes.get(self.code).check(pd.Series(pd.array(arr, dtype="str"), index=column.index)).valid.to_numpy()
        notnull = arr.is_valid().to_numpy(zero_copy_only=False)
        invalid = notnull & ~valid
        if invalid.any() and self.params.on_invalid == "error":
            title = codes.get(self.code).TITLE
            why = (
                i18n.text("security.sur.invalid", "zh", title=title[0]),
                i18n.text("security.sur.invalid", "en", title=title[1]),
            )
            raise bad_values(self, ctx, invalid, column.index, why)
        good = np.flatnonzero(valid & notnull)
        sub = self.compact(arr.take(pa.array(good))) if len(good) < len(arr) else self.compact(arr)
        sub = _text.as_text(sub)
        pieces = []
        for width, rows in fixed_width_rows(sub).items():
            m = np.ascontiguousarray(rows_matrix(sub, rows, width))
            pieces.append((rows, self.rows(width, m, ctx, encrypt)))
        treated = _from_pieces(len(sub), pieces)
        out = pa.nulls(len(arr), pa.large_string())
        mask = np.zeros(len(arr), bool)
        mask[good] = True
        if len(good):
            out = pc.replace_with_mask(out, pa.array(mask), treated)
        if invalid.any() and self.params.on_invalid == "redact":
            out = pc.replace_with_mask(
                out, pa.array(invalid), _text.mask_chars(arr.filter(pa.array(invalid)), 0, 0, "*", 0)
            )
        return out

    def transform(self, column, ctx):
        return self._run(column, ctx, True)

    def untransform(self, column, ctx):
        return self._run(column, ctx, False)


def _from_pieces(n: int, pieces: list[tuple[np.ndarray, np.ndarray]]) -> pa.Array:
    """A string array of ``n`` rows from groups ``(rows, byte matrix)``."""
    widths = np.zeros(n, np.int64)
    for rows, m in pieces:
        widths[rows] = m.shape[1]
    offsets = np.zeros(n + 1, np.int64)
    np.cumsum(widths, out=offsets[1:])
    body = np.empty(int(offsets[-1]), np.uint8)
    for rows, m in pieces:
        if len(rows) == n:
            body = np.ascontiguousarray(m).reshape(-1)
            break
        idx = offsets[:-1][rows][:, None] + np.arange(m.shape[1])
        body[idx] = m
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(body))


def _valid_rows(code: str, m: np.ndarray) -> np.ndarray:
    """Which rows of an ASCII byte matrix are valid ``code`` values."""
    n, w = m.shape
    arr = pa.LargeStringArray.from_buffers(
        n, pa.py_buffer(np.arange(0, (n + 1) * w, w, dtype=np.int64)), pa.py_buffer(np.ascontiguousarray(m))
    )
    return codes.get(code).check(pd.Series(pd.array(arr, dtype="str"))).valid.to_numpy()


_DIGIT_VALUES = np.full(256, 0, np.int64)
_DIGIT_VALUES[48:58] = np.arange(10)


def _digits_int(m: np.ndarray) -> np.ndarray:
    acc = np.zeros(len(m), np.int64)
    for j in range(m.shape[1]):
        acc = acc * 10 + _DIGIT_VALUES[m[:, j]]
    return acc


def _int_digits(x: np.ndarray, width: int) -> np.ndarray:
    out = np.empty((len(x), width), np.uint8)
    x = np.asarray(x, np.int64).copy()
    for j in range(width - 1, -1, -1):
        out[:, j] = 48 + x % 10
        x //= 10
    return out


# -- mobile numbers ---------------------------------------------------------------------------
class MobileParams(SurrogateParams):
    keep: int = Field(3, ge=0, le=5, description="leading digits kept (3: the carrier prefix)")


@register
class MobileSurrogate(Surrogate):
    """``surrogate:mobile``: keep the first ``keep`` digits (the prefix that makes it a valid
    number), FF1 the rest; 11 digits out (a +86 prefix is dropped)."""

    name = "surrogate:mobile"
    code = "mobile"
    Params = MobileParams

    def compact(self, arr):
        c = _text.compact(arr, " -()+")
        return pc.utf8_slice_codeunits(c, -11)

    def rows(self, width, m, ctx, encrypt):
        k = self.params.keep
        free = width - k

        def valid(z, rows):  # the carrier segment may be longer than the kept prefix: walk to assigned numbers
            cand = m[rows].copy()
            cand[:, k:] = _int_digits(z, free)
            return _valid_rows("mobile", cand)

        perm = Permutation(self.engine(ctx, 10), free, 10**free, valid=valid)
        z = _digits_int(m[:, k:])
        out = m.copy()
        out[:, k:] = _int_digits(perm.forward(z) if encrypt else perm.backward(z), free)
        return out


# -- bank cards --------------------------------------------------------------------------------
class CardParams(SurrogateParams):
    keep_first: int = Field(6, ge=0, le=8, description="leading digits kept (6: the BIN)")
    keep_last: int = Field(0, ge=0, le=4)


@register
class BankCardSurrogate(Surrogate):
    """``surrogate:bank_card``: keep the BIN (and optionally the last digits), FF1 the middle,
    recompute the Luhn check digit."""

    name = "surrogate:bank_card"
    code = "bank_card"
    Params = CardParams

    def rows(self, width, m, ctx, encrypt):
        a, z_last = self.params.keep_first, self.params.keep_last
        free = width - 1 - a - z_last
        perm = Permutation(self.engine(ctx, 10), free, 10**free)
        out = m.copy()
        z = _digits_int(m[:, a : a + free])
        out[:, a : a + free] = _int_digits(perm.forward(z) if encrypt else perm.backward(z), free)
        out[:, -1] = cc.luhn_matrix(out[:, :-1] - 48)
        return out


# -- USCC and organisation codes ---------------------------------------------------------------
_USCC_VALUE = np.full(256, 0, np.int64)
_USCC_VALUE[np.frombuffer(cc.USCC_ALPHABET.encode(), np.uint8)] = np.arange(31)
_USCC_BYTES = np.frombuffer(cc.USCC_ALPHABET.encode(), np.uint8)
_GB11714_VALUE = np.full(256, 0, np.int64)
_GB11714_VALUE[np.frombuffer(cc.GB11714_ALPHABET.encode(), np.uint8)] = np.arange(36)
_GB11714_BYTES = np.frombuffer(cc.GB11714_ALPHABET.encode(), np.uint8)


@register
class UsccSurrogate(Surrogate):
    """``surrogate:uscc``: keep the registration authority, organisation type and region
    (characters 1–8), FF1 the organisation-code body (9–16, radix 31 over the USCC alphabet),
    recompute the GB 11714 check character (17) and the GB 32100 check character (18)."""

    name = "surrogate:uscc"
    code = "uscc"

    def rows(self, width, m, ctx, encrypt):
        perm = Permutation(self.engine(ctx, 31), 8, 31**8)
        z = _values_int(_USCC_VALUE[m[:, 8:16]], 31)
        z = perm.forward(z) if encrypt else perm.backward(z)
        y = _int_values(z, 31, 8)
        out = m.copy()
        out[:, 8:16] = _USCC_BYTES[y]
        out[:, 16] = cc.gb11714_matrix(_GB11714_VALUE[out[:, 8:16]])
        out[:, 17] = cc.gb32100_matrix(_USCC_VALUE[out[:, :17]])
        return out


def _values_int(v: np.ndarray, radix: int) -> np.ndarray:
    acc = np.zeros(len(v), np.int64)
    for j in range(v.shape[1]):
        acc = acc * radix + v[:, j]
    return acc


def _int_values(x: np.ndarray, radix: int, width: int) -> np.ndarray:
    out = np.empty((len(x), width), np.int64)
    x = np.asarray(x, np.int64).copy()
    for j in range(width - 1, -1, -1):
        out[:, j] = x % radix
        x //= radix
    return out


_PDY = (ord("P") - 55) * 36 * 36 + (ord("D") - 55) * 36 + (ord("Y") - 55)


@register
class OrgCodeSurrogate(Surrogate):
    """``surrogate:org_code``: FF1 the 8-character body (radix 36), never a reserved ``PDY``
    code (cycle-walked), recompute the GB 11714 check character."""

    name = "surrogate:org_code"
    code = "org_code"

    def rows(self, width, m, ctx, encrypt):
        perm = Permutation(self.engine(ctx, 36), 8, 36**8, valid=lambda z, rows: z // 36**5 != _PDY)
        z = _values_int(_GB11714_VALUE[m[:, :8]], 36)
        out = m.copy()
        out[:, :8] = _GB11714_BYTES[_int_values(perm.forward(z) if encrypt else perm.backward(z), 36, 8)]
        out[:, 8] = cc.gb11714_matrix(_GB11714_VALUE[out[:, :8]])
        return out


# -- licence plates ------------------------------------------------------------------------------
_PLATE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # GA 36: no I, no O
_PLATE_VALUE = np.full(256, -1, np.int64)
_PLATE_VALUE[np.frombuffer(_PLATE_ALPHABET.encode(), np.uint8)] = np.arange(34)
_PLATE_BYTES = np.frombuffer(_PLATE_ALPHABET.encode(), np.uint8)


@register
class PlateSurrogate(Surrogate):
    """``surrogate:plate``: keep the province and the authority letter (and a suffix such as
    挂/学/警), FF1 the serial (radix 34: digits and letters without I and O), cycle-walked until
    the whole plate validates (GA 36 rules). Ordinary plates (5-character serial) and
    挂/学/警/港/澳 plates (4 + suffix) are covered; new-energy plates (D/F + 5 characters, of
    which 4 digits: fewer than 10^6 valid serials per prefix) and consulate plates (4 digits)
    are below FF1's domain rule and handled by ``on_invalid``, as are embassy plates (使 + 6 digits)."""

    name = "surrogate:plate"
    code = "plate"

    def compact(self, arr):
        return _text.compact(arr, " -·・•‧")

    def _run(self, column, ctx, encrypt):  # plates mix Chinese and ASCII: split the serial out with Arrow
        arr = _text.as_text(column)
        valid = codes.get("plate").check(pd.Series(pd.array(arr, dtype="str"))).valid.to_numpy()
        notnull = arr.is_valid().to_numpy(zero_copy_only=False)
        c = self.compact(arr)
        # ordinary plates (5 characters, 34**5 serials) and 挂/学/警/港/澳 plates (4 + suffix, 34**4):
        # new-energy and consulate plates have fewer than 10**6 valid serials per prefix (FF1's rule)
        ascii_tail = (
            pc.match_substring_regex(c, r"^[^0-9A-Z][A-Z][0-9A-Z]{5}$").fill_null(False).to_numpy(zero_copy_only=False)
        )
        suffix = (
            pc.match_substring_regex(c, r"^[^0-9A-Z][A-Z][0-9A-Z]{4}[挂学警港澳]$")
            .fill_null(False)
            .to_numpy(zero_copy_only=False)
        )
        ok = valid & notnull & (ascii_tail | suffix)
        invalid = notnull & ~ok
        if invalid.any() and self.params.on_invalid == "error":
            title = codes.get("plate").TITLE
            why = (
                i18n.text("security.sur.invalid", "zh", title=title[0]),
                i18n.text("security.sur.invalid", "en", title=title[1]),
            )
            raise bad_values(self, ctx, invalid, column.index, why)
        out = pa.nulls(len(arr), pa.large_string())
        good = np.flatnonzero(ok)
        if len(good):
            sub = c.take(pa.array(good))
            head = pc.utf8_slice_codeunits(sub, 0, 2)
            has_suffix = pa.array(suffix[good])
            serial = pc.if_else(has_suffix, pc.utf8_slice_codeunits(sub, 2, -1), pc.utf8_slice_codeunits(sub, 2))
            tail = pc.if_else(has_suffix, pc.utf8_slice_codeunits(sub, -1), pa.scalar("", pa.large_string()))
            serial = _text.as_text(serial)
            head, tail = _text.as_text(head), _text.as_text(tail)
            pieces = []
            for width, rows in fixed_width_rows(serial).items():
                m = np.ascontiguousarray(rows_matrix(serial, rows, width))
                pieces.append((rows, self._serials(width, m, ctx, encrypt)))
            new_serial = _from_pieces(len(serial), pieces)
            treated = _text.join(head, new_serial, tail)
            if not codes.get("plate").check(pd.Series(pd.array(treated, dtype="str"))).valid.all():
                raise AssertionError("surrogate:plate produced an invalid plate (GA 36 rules changed?)")
            mask = np.zeros(len(arr), bool)
            mask[good] = True
            out = pc.replace_with_mask(out, pa.array(mask), treated)
        if invalid.any() and self.params.on_invalid == "redact":
            out = pc.replace_with_mask(
                out, pa.array(invalid), _text.mask_chars(arr.filter(pa.array(invalid)), 0, 0, "*", 0)
            )
        return out

    def _serials(self, width, m, ctx, encrypt):
        # every serial of these lengths over the 34 characters is valid with any province and
        # letter (GA 36), so FF1 needs no cycle-walking; the result is checked once more below
        perm = Permutation(self.engine(ctx, 34), width, 34**width)
        z = _values_int(_PLATE_VALUE[m], 34)
        return _PLATE_BYTES[_int_values(perm.forward(z) if encrypt else perm.backward(z), 34, width)]


# -- citizen ID numbers -------------------------------------------------------------------------
@functools.cache
def _regions() -> np.ndarray:
    """Every region code the citizen ID validator accepts (GB/T 2260, any edition, and 81/82/83)."""
    from zjgov.codes import division

    table = division.all_codes()
    return np.unique(np.concatenate([table, np.array([810000, 820000, 830000])]))


class CitizenIdParams(SurrogateParams):
    keep_region: bool = True
    keep_birth_date: bool = True
    keep_sex: bool = Field(True, description="keep the parity of the sequence number (the sex)")
    window_start: _dt.date = Field(_dt.date(1900, 1, 1), description="surrogate birth dates lie in this window")
    window_end: _dt.date = Field(_dt.date(2025, 12, 31))


@register
class CitizenIdSurrogate(Surrogate):
    """``surrogate:citizen_id``: a valid GB 11643 number, optionally keeping the region, the
    birth date and the sex; the check character is recomputed.

    Free parts are FF1'd together as one integer (region index × birth day in
    ``window_start … window_end`` × sequence), cycle-walked into range. Keeping both region and
    birth date leaves only the sequence (below FF1's domain rule): a keyed shift, see the
    module docstring. A 15-digit number comes out in the 18-digit form.
    """

    name = "surrogate:citizen_id"
    code = "citizen_id"
    Params = CitizenIdParams

    def check(self) -> None:
        p = self.params
        if p.window_end <= p.window_start or p.window_end >= _dt.date.today():
            from zjgov.errors import ConfigError

            raise ConfigError(
                "window_end 应晚于 window_start 且早于今天",
                "window_end must follow window_start and lie before today",
                field="window_end",
            )

    def compact(self, arr):
        c = _text.compact(arr)
        n15 = pc.equal(pc.utf8_length(c), 15).fill_null(False)
        if not pc.any(n15).as_py():
            return c
        seq = pc.utf8_slice_codeunits(c, 12, 15)
        century = pc.if_else(
            pc.greater_equal(seq, "996"), pa.scalar("18", pa.large_string()), pa.scalar("19", pa.large_string())
        )
        body = _text.join(pc.utf8_slice_codeunits(c, 0, 6), century, pc.utf8_slice_codeunits(c, 6, 15))
        return pc.if_else(n15, _text.join(body, "0"), c)  # the check character is recomputed below

    def rows(self, width, m, ctx, encrypt):
        p = self.params
        out = m.copy()
        region = _digits_int(m[:, :6])
        seq = _digits_int(m[:, 14:17])
        day = _days(m[:, 6:14])
        s_size = 500 if p.keep_sex else 1000
        s_val = seq // 2 if p.keep_sex else seq
        if p.keep_region and p.keep_birth_date:
            offset = self._offsets(ctx, m[:, :14])
            s_new = (s_val + (offset if encrypt else -offset)) % s_size
        else:
            regions = _regions()
            start = np.datetime64(p.window_start, "D")
            d_size = int((np.datetime64(p.window_end, "D") - start).astype(np.int64)) + 1
            d_val = (day - start).astype(np.int64)
            if not p.keep_birth_date:
                outside = (d_val < 0) | (d_val >= d_size)
                if outside.any():
                    raise OperatorError(
                        "security.op.bad_values",
                        column=ctx.column or "",
                        count=int(outside.sum()),
                        name=self.name,
                        why=tuple(
                            i18n.text("security.sur.window", lang, start=p.window_start, end=p.window_end)
                            for lang in ("zh", "en")
                        ),
                        row="-",
                    )
            z = s_val.copy()
            size = s_size
            if not p.keep_birth_date:
                z = d_val * s_size + z
                size *= d_size
            if not p.keep_region:
                r_val = np.searchsorted(regions, region)
                z = r_val * size + z
                size *= len(regions)
            length = max(len(str(size - 1)), 6)
            perm = Permutation(self.engine(ctx, 10), length, size)
            z = perm.forward(z) if encrypt else perm.backward(z)
            if not p.keep_region:
                size //= len(regions)
                region = regions[z // size]
                z = z % size
            if not p.keep_birth_date:
                day = start + (z // s_size).astype("timedelta64[D]")
                z = z % s_size
            s_new = z
        seq_new = s_new * 2 + seq % 2 if p.keep_sex else s_new
        out[:, :6] = _int_digits(region, 6)
        out[:, 6:14] = _ymd(day)
        out[:, 14:17] = _int_digits(seq_new, 3)
        out[:, 17] = cc.mod_11_2_matrix(out[:, :17] - 48)
        return out

    def _offsets(self, ctx: Context, kept: np.ndarray) -> np.ndarray:
        size = 500 if self.params.keep_sex else 1000
        key = ctx.key(self).derive("zjgov/surrogate-citizen_id-shift")
        prefixes = kept.view(f"S{kept.shape[1]}").ravel()
        uniq, inverse = np.unique(prefixes, return_inverse=True)
        digests = np.frombuffer(hmac_digests(key, [bytes(u) for u in uniq]), np.uint8).reshape(len(uniq), 32)
        value = digests[:, :8].copy().view(">u8").ravel().astype(np.uint64) % np.uint64(size - 1)
        return (value.astype(np.int64) + 1)[inverse.ravel()]


def _days(m: np.ndarray) -> np.ndarray:
    y, mo, d = _digits_int(m[:, :4]), _digits_int(m[:, 4:6]), _digits_int(m[:, 6:8])
    months = (y - 1970) * 12 + (mo - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")


def _ymd(day: np.ndarray) -> np.ndarray:
    day = np.asarray(day, "datetime64[D]")
    months = day.astype("datetime64[M]")
    y = months.astype("datetime64[Y]").astype(np.int64) + 1970
    mo = months.astype(np.int64) % 12 + 1
    d = (day - months.astype("datetime64[D]")).astype(np.int64) + 1
    return np.concatenate([_int_digits(y, 4), _int_digits(mo, 2), _int_digits(d, 2)], axis=1)
