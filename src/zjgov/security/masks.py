"""Character masks and suppression: ``mask`` and its field presets, ``redact``, ``constant``,
``nullify``, ``truncate``, ``suppress``, ``keep``.

Field presets keep the conventional characters of each identifier and replace the others
with ``*`` (one per character). The Chinese display conventions disagree (STANDARDS.md item
11), so every preset reads its numbers from a named **profile**:

* ``standard`` (the default) — ID number first 6 + last 4 (the region stays, every birth-date
  digit 7–14 is hidden), mobile 3 + 4, bank card 6 + 4 (the PCI DSS maximum), landline 4 + 2,
  USCC 2 + 4, name: the surname, address: down to the county, e-mail: first character.
  Chosen because it hides what the conventions agree must be hidden (the birth date, the
  subscriber digits, the account body, the given name) while keeping what a clerk needs to
  confirm a record with its holder.
* ``hutool`` — the defaults of hutool's ``DesensitizedUtil`` (widely used in Chinese Java
  systems): ID 1 + 2, bank card 4 + 4, address: the last 8 characters masked.
* ``strict`` — the least kept: ID last 4 only, mobile last 4, bank card last 4, landline
  last 2, name: the surname, address: the province only.

Explicit ``keep_first``/``keep_last`` override the profile.

>>> resolve = __import__("zjgov.security.operators", fromlist=["resolve"]).resolve
>>> s = pd.Series(["33010619900101123X", None, "11010519491231002x"])
>>> resolve("mask:citizen_id").apply(s).tolist()
['330106********123X', nan, '110105********002X']
>>> resolve("mask:citizen_id", profile="hutool").apply(s)[0]
'3***************3X'
>>> resolve("mask:name").apply(pd.Series(["张三丰", "欧阳娜娜", "李"])).tolist()
['张**', '欧阳**', '*']
>>> resolve("mask:email").apply(pd.Series(["dong@126.com"])).tolist()
['d***@126.com']
>>> resolve("mask:address").apply(pd.Series(["浙江省杭州市西湖区文三路90号"])).tolist()
['浙江省杭州市西湖区******']
"""

from __future__ import annotations

import functools
from typing import ClassVar, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from zjgov.core.arrow import byte_matrix, codepoint_matrix
from zjgov.core.arrow import mask as np_bool
from zjgov.core.data import table as reference_table
from zjgov.security import _text
from zjgov.security.operators import Context, Operator, Params, register

__all__ = ["PROFILES", "Constant", "Keep", "Mask", "Nullify", "Redact", "Suppress", "Truncate"]

Profile = Literal["standard", "hutool", "strict"]

#: preset -> profile -> (keep first, keep last); e-mail, name, address and IP have their own rules.
PROFILES: dict[str, dict[str, tuple[int, int]]] = {
    "citizen_id": {"standard": (6, 4), "hutool": (1, 2), "strict": (0, 4)},
    "mobile": {"standard": (3, 4), "hutool": (3, 4), "strict": (0, 4)},
    "landline": {"standard": (4, 2), "hutool": (4, 2), "strict": (0, 2)},
    "bank_card": {"standard": (6, 4), "hutool": (4, 4), "strict": (0, 4)},
    "uscc": {"standard": (2, 4), "hutool": (2, 4), "strict": (0, 4)},
    "org_code": {"standard": (2, 2), "hutool": (2, 2), "strict": (0, 2)},
    "passport": {"standard": (1, 3), "hutool": (1, 2), "strict": (0, 2)},
    "travel_permit": {"standard": (1, 3), "hutool": (1, 2), "strict": (0, 2)},
    "plate": {"standard": (3, 1), "hutool": (3, 1), "strict": (2, 0)},
    "vin": {"standard": (3, 4), "hutool": (3, 4), "strict": (3, 0)},
    "email": {"standard": (1, 0), "hutool": (1, 0), "strict": (1, 0)},
    "name": {"standard": (1, 0), "hutool": (1, 0), "strict": (1, 0)},
    "account": {"standard": (4, 4), "hutool": (4, 4), "strict": (0, 4)},
}
#: address: the administrative level kept per profile (hutool masks the last 8 characters instead)
ADDRESS_KEEP = {"standard": "county", "hutool": "last8", "strict": "province"}
#: code presets mask the compact form (full-width folded, upper case, separators removed)
_SEPARATORS = {
    "citizen_id": " -",
    "mobile": " -()",
    "landline": " -()",
    "bank_card": " -",
    "uscc": " -",
    "org_code": " -",
    "passport": " ",
    "travel_permit": " ",
    "plate": " -·",
    "vin": " -",
}


class MaskParams(Params):
    keep_first: int | None = Field(None, ge=0, description="characters kept at the start (default: the profile's)")
    keep_last: int | None = Field(None, ge=0, description="characters kept at the end (default: the profile's)")
    char: str = Field("*", min_length=1, max_length=1)
    min_masked: int = Field(1, ge=0, description="short values: at least this many characters are masked")
    profile: Profile = "standard"


@register
class Mask(Operator):
    """``mask``: keep the first/last characters, replace the others (one mask character each)."""

    name = "mask"
    family = "suppression"
    Params = MaskParams
    preset: ClassVar[str | None] = None

    def keep(self) -> tuple[int, int]:
        p = self.params
        default = PROFILES[self.preset][p.profile] if self.preset else (0, 0)
        return (
            default[0] if p.keep_first is None else p.keep_first,
            default[1] if p.keep_last is None else p.keep_last,
        )

    def prepare(self, arr: pa.Array) -> pa.Array:
        if self.preset in _SEPARATORS:
            return _text.compact(arr, _SEPARATORS[self.preset])
        return arr

    def heads_tails(self, arr: pa.Array) -> tuple[object, object]:
        return self.keep()

    def transform(self, column: pd.Series, ctx: Context) -> pa.Array:
        arr = _text.as_text(column)
        encoded = _text.repeated(arr)
        if encoded is not None:  # a column of few distinct values (addresses of one area): each masked once
            return self._mask(encoded.dictionary.cast(pa.large_string())).take(encoded.indices)
        return self._mask(arr)

    def _mask(self, arr: pa.Array) -> pa.Array:
        arr = self.prepare(arr)
        head, tail = self.heads_tails(arr)
        return _text.mask_chars(arr, head, tail, self.params.char, self.params.min_masked)


def _preset(preset: str, doc: str, base: type[Mask] = Mask) -> type[Mask]:
    cls = type(f"Mask_{preset}", (base,), {"name": f"mask:{preset}", "preset": preset, "__doc__": doc})
    return register(cls)


for _name, _doc in {
    "citizen_id": "GB 11643 citizen ID (also the 15-digit form): default first 6 + last 4.",
    "landline": "fixed-line number: default first 4 + last 2 of the compact form.",
    "bank_card": "bank card: default BIN 6 + last 4 (PCI DSS).",
    "uscc": "GB 32100 USCC: default first 2 + last 4.",
    "org_code": "GB 11714 organisation code: default first 2 + last 2.",
    "passport": "passport number: default first 1 + last 3.",
    "travel_permit": "travel permit number: default first 1 + last 3.",
    "plate": "licence plate: default province, letter and one character + last 1 (苏D4***0).",
    "vin": "VIN: default WMI (3) + last 4.",
    "account": "enterprise or other account number: default first 4 + last 4.",
}.items():
    _preset(_name, _doc)


@register
class MaskMobile(Mask):
    """``mask:mobile``: default first 3 + last 4; a +86/0086 prefix stays visible too."""

    name = "mask:mobile"
    preset = "mobile"

    def heads_tails(self, arr):
        head, tail = self.keep()
        n = _text.lengths(arr)
        if not len(n) or n.max() <= 11:
            return head, tail
        return head + np.where(n > 11, n - 11, 0), tail  # +86 / 0086 / 86 before the 11 digits


@register
class MaskPhone(Mask):
    """``mask:phone``: a phone number of unknown kind — a mobile (``1`` + 10 digits, optionally
    after +86/0086/86) gets the ``mask:mobile`` keep counts, any other number the
    ``mask:landline`` ones (both from the profile; ``keep_first``/``keep_last`` override both)."""

    name = "mask:phone"
    preset = "phone"

    def prepare(self, arr: pa.Array) -> pa.Array:
        return _text.compact(arr, _SEPARATORS["landline"])

    def keep(self) -> tuple[int, int]:
        return self._keep("landline")

    def _keep(self, preset: str) -> tuple[int, int]:
        p = self.params
        default = PROFILES[preset][p.profile]
        return (
            default[0] if p.keep_first is None else p.keep_first,
            default[1] if p.keep_last is None else p.keep_last,
        )

    def heads_tails(self, arr):
        mobile = _mobile(arr)
        (mh, mt), (lh, lt) = self._keep("mobile"), self._keep("landline")
        n = _text.lengths(arr)
        prefix = np.where(mobile & (n > 11), n - 11, 0)  # +86 / 0086 / 86 stays visible, as in mask:mobile
        return np.where(mobile, mh + prefix, lh), np.where(mobile, mt, lt)


#: the prefixes a mobile number may carry, by their length: 86, +86, 0086
_MOBILE_PREFIX = {0: b"", 2: b"86", 3: b"+86", 4: b"0086"}


def _mobile(arr: pa.Array) -> np.ndarray:
    """Per row, whether the value is a mainland mobile number, ``^(\\+?86|0086)?1[3-9][0-9]{9}$``,
    tested on the bytes in NumPy: rows of each possible byte length (11, 13, 14, 15) as one
    byte matrix (a view when the whole column has that length); null rows are False.

    >>> _mobile(pa.array(["13800138000", "+8613800138000", "057188888888", "12800138000", None], pa.large_string())).tolist()
    [True, True, False, False, False]
    """
    offs, data = _text.offsets_data(arr)
    lens = np.diff(offs)
    out = np.zeros(len(arr), bool)
    uniform = len(lens) and bool((lens == lens[0]).all())
    for extra, prefix in _MOBILE_PREFIX.items():
        width = 11 + extra
        rows = None if uniform and int(lens[0]) == width else np.flatnonzero(lens == width)
        if rows is not None and not len(rows):
            continue
        m = byte_matrix(offs, data, rows, width)
        ok = np.ones(len(m), bool)
        for j, b in enumerate(prefix):
            ok &= m[:, j] == b
        body = m[:, extra:]
        ok &= (body[:, 0] == ord("1")) & (body[:, 1] >= ord("3")) & (body[:, 1] <= ord("9"))
        ok &= ((body[:, 2:] - ord("0")) < 10).all(axis=1)  # uint8: bytes below "0" wrap to large values
        if rows is None:
            out = ok
        else:
            out[rows] = ok
    if arr.null_count:
        out &= arr.is_valid().to_numpy(zero_copy_only=False)
    return out


@register
class MaskEmail(Mask):
    """``mask:email``: keep the first character(s) of the local part and the whole domain."""

    name = "mask:email"
    preset = "email"

    def heads_tails(self, arr):
        head, _ = self.keep()
        at = _text.char_index(arr, "@")
        n = _text.lengths(arr)
        tail = np.where(at >= 0, n - at, self.keep()[1])
        return np.where(at >= 0, np.minimum(head, np.maximum(at - 1, 0)), head), tail


@functools.cache
def _compound_surnames() -> pa.Array:
    t = reference_table("chinese_surnames")
    return pa.array(sorted(t.loc[t["compound"].astype(str) == "1", "surname"].astype(str)), pa.large_string())


@register
class MaskName(Mask):
    """``mask:name``: keep the surname (two characters for a compound surname from the
    surname table, e.g. 欧阳, 司马), mask the given name."""

    name = "mask:name"
    preset = "name"

    def heads_tails(self, arr):
        p = self.params
        if p.keep_first is not None:
            return self.keep()
        first2 = pc.utf8_slice_codeunits(arr, 0, 2)
        compound = np_bool(pc.is_in(first2, value_set=_compound_surnames()))
        return np.where(compound, 2, 1), self.keep()[1]


@functools.cache
def _admin_names() -> dict[str, dict[int, pa.Array]]:
    """GB/T 2260 names by level and by length in characters (provinces also without 省/市)."""
    t = reference_table("gb2260_divisions")
    out: dict[str, dict[int, pa.Array]] = {}
    for level in ("province", "prefecture", "county"):
        names = set(t.loc[t["level"] == level, "name"].astype(str))
        if level == "province":
            names |= {n.removesuffix("省").removesuffix("市") for n in names if len(n) > 2}
        by_length: dict[int, list[str]] = {}
        for n in names:
            if n:
                by_length.setdefault(len(n), []).append(n)
        out[level] = {k: pa.array(sorted(v), pa.large_string()) for k, v in sorted(by_length.items())}
    return out


#: characters an administrative name ends with (省, 自治区/地区/区, 市, 州, 盟, 县, 旗)
_SUFFIX = np.array([ord(c) for c in "省市区州盟县旗"], dtype=np.uint32)
_WINDOW = 32  # characters of an address looked at (the longest province + city + county is shorter)
_P = np.uint64(1_000_003)


def _hash(codes: list[int]) -> int:
    h = 0
    for c in codes:
        h = (h * 1_000_003 + c) % (1 << 64)
    return h


@functools.cache
def _admin_hashes() -> dict[str, np.ndarray]:
    """Sorted 64-bit polynomial hashes of the GB/T 2260 names of each level."""
    out = {}
    for level, by_length in _admin_names().items():
        names = [n for table in by_length.values() for n in table.to_pylist()]
        out[level] = np.unique(np.array([_hash([ord(c) for c in n]) for n in names], dtype=np.uint64))
    return out


def admin_length(arr: pa.Array, down_to: str) -> np.ndarray:
    """Characters of the administrative prefix (GB/T 2260 names, down to ``province``, ``city``
    or ``county``) of every address; 0 where there is none.

    >>> admin_length(pa.array(["浙江省杭州市西湖区文三路100号", "文三路"]), "city").tolist()
    [6, 0]
    """
    return _admin_length(_text.as_text(arr), down_to)


def _admin_length(arr: pa.Array, down_to: str) -> np.ndarray:
    """Characters of the administrative prefix of each address, down to ``down_to``: computed
    once per distinct beginning (the address up to its last administrative suffix in the first
    characters, which addresses of one area share) by :func:`_admin_length_distinct`."""
    if len(arr) == 0:
        return np.zeros(0, np.int64)
    cut = _administrative_heads(_text.as_text(arr))
    encoded = pc.dictionary_encode(cut)
    lengths = _admin_length_distinct(encoded.dictionary, down_to)
    return lengths[encoded.indices.to_numpy(zero_copy_only=False)]


_SUFFIX_UTF8 = [np.frombuffer(chr(c).encode(), np.uint8) for c in _SUFFIX]
_SUFFIX_CODES = np.array([(int(b[0]) << 16) | (int(b[1]) << 8) | int(b[2]) for b in _SUFFIX_UTF8], np.uint32)
_SUFFIX_LEAD = (min(int(b[0]) for b in _SUFFIX_UTF8), max(int(b[0]) for b in _SUFFIX_UTF8))


def _administrative_heads(arr: pa.Array) -> pa.Array:
    """Each address up to its last administrative suffix character within its first
    ``_WINDOW`` characters ("" when there is none), found on the UTF-8 bytes in NumPy."""
    offs, data = _text.offsets_data(arr)
    start, end = int(offs[0]), int(offs[-1])
    d = data[start:end]
    # every suffix character is 3 bytes long in UTF-8, led by one of a few bytes: only positions
    # holding such a lead byte are read as 24-bit codes and looked up
    lead = d[:-2] if len(d) > 2 else d[:0]
    cand = np.flatnonzero((lead >= _SUFFIX_LEAD[0]) & (lead <= _SUFFIX_LEAD[1]))
    code = (d[cand].astype(np.uint32) << 16) | (d[cand + 1].astype(np.uint32) << 8) | d[cand + 2]
    pos = cand[np.isin(code, _SUFFIX_CODES)]
    rel_offs = (offs - start).astype(np.int64)
    row = np.searchsorted(rel_offs, pos, side="right") - 1
    stop = pos + 3 - rel_offs[row]  # bytes from the row start to the end of the suffix
    inside = (pos + 3 <= rel_offs[row + 1]) & (stop <= 3 * _WINDOW)
    row, stop = row[inside], stop[inside]
    cut = np.zeros(len(arr), np.int64)
    np.maximum.at(cut, row, stop)
    if arr.null_count:
        cut[~arr.is_valid().to_numpy(zero_copy_only=False)] = 0
    pieces, order = [], []
    for width in np.unique(cut):
        rows = np.flatnonzero(cut == width)
        sub = arr.take(pa.array(rows))
        piece = pc.binary_slice(sub.cast(pa.large_binary()), 0, int(width)).cast(pa.large_string())
        pieces.append(pc.fill_null(piece, ""))
        order.append(rows)
    out = pa.concat_arrays(pieces)
    position = np.empty(len(arr), np.int64)
    position[np.concatenate(order)] = np.arange(len(arr))
    return out.take(pa.array(position))


def _admin_length_distinct(arr: pa.Array, down_to: str) -> np.ndarray:
    """Characters of the administrative prefix of each address, down to ``down_to``.

    The first characters of every address are decoded into one code-point matrix; prefix
    hashes (a 64-bit polynomial hash, one NumPy pass per column) give the hash of any segment
    in O(1). Level by level (province, city, county, each optional) every segment from the
    current position up to a level suffix (省 市 区 州 盟 县 旗; for provinces also the short
    names 浙江, 内蒙古) is looked up in the hashed GB/T 2260 names, and the longest name wins. A
    segment that is no GB/T 2260 name ends the administrative part, so a street is never taken
    for a county.
    """
    levels = (
        ["province"]
        + (["prefecture"] if down_to in ("city", "county") else [])
        + (["county"] if down_to == "county" else [])
    )
    n = len(arr)
    if n == 0:
        return np.zeros(0, np.int64)
    head = pc.utf8_slice_codeunits(pc.fill_null(arr, ""), 0, _WINDOW)
    chars = pc.utf8_length(head).to_numpy(zero_copy_only=False).astype(np.int64)
    m = codepoint_matrix(head, chars)
    width = m.shape[1]
    prefix = np.zeros((width + 1, n), np.uint64)  # prefix[j] = hash of the first j characters
    powers = np.ones(width + 1, np.uint64)
    mt = np.ascontiguousarray(m.T).astype(np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width):
            prefix[j + 1] = prefix[j] * _P + mt[j]
            powers[j + 1] = powers[j] * _P
    suffix = np.zeros(mt.shape, bool)
    for code in _SUFFIX:
        suffix |= mt == code
    hashes = _admin_hashes()
    position = np.zeros(n, np.int64)
    rows = np.arange(n)
    for level in levels:
        table = hashes[level]
        best = position.copy()
        start_hash = prefix[position, rows]
        for end in range(1, width + 1):
            span = end - position
            candidate = (span >= 1) & (end <= chars)
            if level == "province":
                candidate &= span <= 8
            else:
                candidate &= suffix[end - 1]
            if not candidate.any():
                continue
            idx = np.flatnonzero(candidate)
            with np.errstate(over="ignore"):
                h = prefix[end, idx] - start_hash[idx] * powers[span[idx]]
            at = np.minimum(np.searchsorted(table, h), len(table) - 1)
            found = idx[table[at] == h]
            best[found] = end
        position = best
    return position


def _drop(arr: pa.Array, chars: np.ndarray) -> pa.Array:
    """Each value without its first ``chars`` characters (per row)."""
    uniq = np.unique(chars)
    out = pc.utf8_slice_codeunits(arr, int(uniq[0]))
    for k in uniq[1:]:
        out = pc.if_else(pa.array(chars == k), pc.utf8_slice_codeunits(arr, int(k)), out)
    return out


class AddressParams(MaskParams):
    keep_level: Literal["province", "city", "county"] | None = Field(
        None, description="administrative level kept (default: the profile's; hutool masks the last 8 characters)"
    )


@register
class MaskAddress(Mask):
    """``mask:address``: keep the administrative part (province, city, county — found with
    GB/T 2260 names) and mask the rest of the address."""

    name = "mask:address"
    preset = None
    Params = AddressParams

    def heads_tails(self, arr):
        p = self.params
        if p.keep_first is not None or p.keep_last is not None:
            return p.keep_first or 0, p.keep_last or 0
        level = p.keep_level or ADDRESS_KEEP[p.profile]
        n = _text.lengths(arr)
        if level == "last8":
            return np.maximum(n - 8, 0), 0
        return _admin_length(arr, level), 0


class IpParams(Params):
    char: str = Field("*", min_length=1, max_length=1)


@register
class MaskIp(Operator):
    """``mask:ip``: keep the first IPv4 octet or IPv6 group (``192.*.*.*``)."""

    name = "mask:ip"
    Params = IpParams

    def transform(self, column: pd.Series, ctx: Context) -> pa.Array:
        arr = _text.as_text(column)
        c = self.params.char
        out = pc.replace_substring_regex(arr, r"\.[0-9]+", "." + c)
        return pc.replace_substring_regex(out, r":[0-9A-Fa-f]*", ":" + c)


class RedactParams(Params):
    char: str = Field("*", min_length=1, max_length=1)
    length: int | None = Field(None, ge=1, description="fixed output length; by default the value's own")


@register
class Redact(Operator):
    """``redact``: every character masked (the length kept unless ``length`` is given)."""

    name = "redact"
    Params = RedactParams

    def transform(self, column, ctx):
        arr = _text.as_text(column)
        if self.params.length:
            return pc.if_else(arr.is_valid(), pa.scalar(self.params.char * self.params.length, pa.large_string()), arr)
        return _text.mask_chars(arr, 0, 0, self.params.char, 0)


class ConstantParams(Params):
    value: str = Field(..., description="the text every non-null value becomes")


@register
class Constant(Operator):
    """``constant``: every non-null value becomes the same text."""

    name = "constant"
    Params = ConstantParams

    def transform(self, column, ctx):
        arr = _text.as_text(column)
        return pc.if_else(arr.is_valid(), pa.scalar(self.params.value, pa.large_string()), arr)


@register
class Nullify(Operator):
    """``nullify``: every value becomes null (the column stays, with its name)."""

    name = "nullify"

    def transform(self, column, ctx):
        return pa.nulls(len(column), pa.large_string())


class TruncateParams(Params):
    keep: int = Field(..., ge=0, description="characters kept")
    side: Literal["start", "end"] = "start"


@register
class Truncate(Operator):
    """``truncate``: keep the first (or last) ``keep`` characters and drop the rest."""

    name = "truncate"
    positional = ("keep",)
    Params = TruncateParams

    def transform(self, column, ctx):
        arr = _text.as_text(column)
        if self.params.side == "start":
            return pc.utf8_slice_codeunits(arr, 0, self.params.keep)
        if self.params.keep == 0:
            return pc.utf8_slice_codeunits(arr, 0, 0)
        return pc.utf8_slice_codeunits(arr, -self.params.keep)


class SuppressParams(Params):
    marker: str = Field("*", description="what a suppressed value becomes (ARX's convention: *)")


@register
class Suppress(Operator):
    """``suppress``: every non-null value is replaced by the suppression marker (局部/属性抑制).

    Unlike ``nullify`` the reader can tell a suppressed value from a missing one. Whole
    records are suppressed by the policy's ``records`` section (see :mod:`zjgov.security.policy`).
    """

    name = "suppress"
    Params = SuppressParams

    def transform(self, column, ctx):
        arr = _text.as_text(column)
        return pc.if_else(arr.is_valid(), pa.scalar(self.params.marker, pa.large_string()), arr)


@register
class Keep(Operator):
    """``keep``: the column unchanged (recorded in the audit as deliberately kept)."""

    name = "keep"

    def transform(self, column, ctx):
        return column.copy()
