"""GB/T 19488 数据格式 notation: parse ``n18``, ``an..50``, ``n..12,2``, ``YYYYMMDD`` … and check columns.

Character classes (case-insensitive, as in GB/T 19488.1 and the sector standards that follow it):

* ``n`` digits ``0-9``; ``a`` letters (Latin and Chinese); ``an`` letters and digits;
* ``c`` (also ``ans``, ``anc``) any characters (汉字字符 and punctuation), for free text.

Lengths count characters: ``n18`` exactly 18, ``an..50`` at most 50, ``an2..50`` 2 to 50.
Decimals: ``n..12,2`` at most 12 digits of which at most 2 after the point (an optional minus
sign is allowed), ``n5,2`` the same with at most 5 digits. Date and time forms are written with
``YYYY MM DD hh mm ss`` and literal separators (``YYYYMMDD``, ``YYYY-MM-DD``, ``hhmmss``,
``YYYY-MM-DDThh:mm:ss``, ``YYYY年MM月DD日``), or in the short forms ``D8``, ``T6``, ``DT14``, ``DT15``.

>>> parse_format("an..50")
Format(text='an..50', kind='text', charset='an', min_length=1, max_length=50, scale=None, pattern=None)
>>> parse_format("n..12,2").kind, parse_format("D8").pattern
('decimal', 'YYYYMMDD')
>>> import pandas as pd
>>> parse_format("n6").check(pd.Series(["330106", "33010", "33O106", None], dtype="str")).tolist()
[None, 'length', 'format', None]
"""

from __future__ import annotations

import dataclasses
import functools
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from zjgov import i18n
from zjgov.core.arrow import mask as _mask
from zjgov.core.arrow import offsets_data
from zjgov.errors import ConfigError

__all__ = ["CHARSETS", "HAN_RANGES", "Format", "ecma_escape", "ecma_pattern", "parse_format"]

#: character class -> (Chinese, English) description and the RE2 class of one character.
CHARSETS = {
    "n": (("数字字符", "digits"), "[0-9]"),
    "a": (("字母字符", "letters"), r"[A-Za-z\p{Han}]"),
    "an": (("字母或数字字符", "letters or digits"), r"[A-Za-z0-9\p{Han}]"),
    "c": (("任意字符", "any characters"), r"[^\x00-\x08\x0a-\x1f\x7f]"),
}
_CHARSET_ALIASES = {"n": "n", "a": "a", "an": "an", "c": "c", "ans": "c", "anc": "c", "ac": "c"}
_SHORT_DATES = {"D8": "YYYYMMDD", "T6": "hhmmss", "DT14": "YYYYMMDDhhmmss", "DT15": "YYYYMMDDThhmmss"}
_TEXT_RE = re.compile(
    r"^(?P<cls>ans|anc|an|ac|a|n|c)(?:(?:(?P<min>\d+)?(?P<dots>\.\.))?(?P<max>\d+))?(?:,(?P<scale>\d+))?$"
)
_DATE_TOKENS = ("YYYY", "MM", "DD", "hh", "mm", "ss")

i18n.add(
    {
        "notation.bad": (
            "无法识别的数据格式“{text}”（应如 n18、an..50、n..12,2、YYYYMMDD）",
            "unrecognised data format '{text}' (expected forms such as n18, an..50, n..12,2, YYYYMMDD)",
        ),
        "notation.bad_length": (
            "数据格式“{text}”的长度范围无效",
            "the length range of the data format '{text}' is not valid",
        ),
    }
)


def _bad(text: str, key: str = "notation.bad") -> ConfigError:
    return ConfigError(i18n.text(key, "zh", text=text), i18n.text(key, "en", text=text), field="format")


@dataclasses.dataclass(frozen=True)
class Format:
    """A parsed data format. ``kind`` is ``text``, ``decimal``, ``date``, ``time`` or ``datetime``."""

    text: str
    kind: str
    charset: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    scale: int | None = None
    pattern: str | None = None  # date/time pattern such as YYYY-MM-DD

    @property
    def is_temporal(self) -> bool:
        return self.kind in ("date", "time", "datetime")

    @property
    def fixed_length(self) -> int | None:
        return self.max_length if self.min_length == self.max_length else None

    def regex(self) -> str:
        """An anchored regular expression (RE2 and Python ``regex`` syntax) of valid values."""
        if self.is_temporal:
            return temporal_regex(self.pattern or "")
        if self.kind == "decimal":
            frac = f"(?:\\.[0-9]{{1,{self.scale}}})?" if self.scale else ""
            return f"^-?[0-9]+{frac}$"
        cls = CHARSETS[self.charset or "c"][1]
        lo, hi = self.min_length or 0, self.max_length
        return f"^{cls}{{{lo},{'' if hi is None else hi}}}$"

    def ecma_regex(self) -> str:
        """The same anchored pattern in ECMA-262 syntax (JSON Schema, OpenAPI, JavaScript with the
        ``u`` flag): no named groups, Han as code-point ranges, literals escaped only where
        ECMA-262 needs it.

        >>> print(parse_format("YYYY-MM-DD").ecma_regex(), parse_format("an18").ecma_regex())
        ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ^[A-Za-z0-9\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]{18}$
        """
        if self.is_temporal:
            widths = {"YYYY": 4, "MM": 2, "DD": 2, "hh": 2, "mm": 2, "ss": 2}
            out, i, pattern = [], 0, self.pattern or ""
            while i < len(pattern):
                token = next((t for t in _DATE_TOKENS if pattern.startswith(t, i)), None)
                if token:
                    out.append(f"[0-9]{{{widths[token]}}}")
                    i += len(token)
                else:
                    out.append(ecma_escape(pattern[i]))
                    i += 1
            return "^" + "".join(out) + "$"
        if self.kind == "decimal":
            return self.regex()
        cls = CHARSETS[self.charset or "c"][1].replace(r"\p{Han}", HAN_RANGES)
        lo, hi = self.min_length or 0, self.max_length
        count = f"{{{lo}}}" if lo == hi else f"{{{lo},{'' if hi is None else hi}}}"
        return f"^{cls}{count}$"

    def describe(self, lang: str | None = None) -> str:
        """A short description, e.g. ``digits, 18 characters``."""
        zh = i18n.check_lang(lang) == "zh"
        if self.is_temporal:
            return self.pattern or self.text
        if self.kind == "decimal":
            return (
                f"数值，最多 {self.max_length} 位数字，{self.scale} 位小数"
                if zh
                else f"number, at most {self.max_length} digits, {self.scale} decimals"
            )
        name = CHARSETS[self.charset or "c"][0][0 if zh else 1]
        if self.fixed_length is not None:
            return f"{name}，{self.fixed_length} 位" if zh else f"{name}, {self.fixed_length} characters"
        if self.max_length is None:
            return name
        return (
            f"{name}，{self.min_length}–{self.max_length} 位"
            if zh
            else f"{name}, {self.min_length} to {self.max_length} characters"
        )

    def check(self, column: pd.Series | pa.Array) -> pd.Series:
        """Reason code per value (``None`` when valid or missing): ``length``, ``format`` or ``component:date``."""
        arr = _arrow_text(column)
        reason = self.check_arrow(arr)
        out = np.full(len(arr), None, dtype=object)
        for code in np.unique(reason[reason > 0]):
            out[reason == code] = _REASONS[code]
        index = column.index if isinstance(column, pd.Series) else None
        return pd.Series(out, index=index, dtype=object)

    def check_arrow(self, arr: pa.Array, text_bytes: TextBytes | None = None) -> np.ndarray:
        """Vectorised core of :meth:`check`: int8 codes (0 ok or null, 1 length, 2 format, 3 date, 4 time).

        ``text_bytes`` is :meth:`TextBytes.of` ``arr`` when the caller has it already."""
        n = len(arr)
        reason = np.zeros(n, dtype=np.int8)
        if n == 0:
            return reason
        if self.is_temporal:
            from zjgov.exchange import dates

            result = dates.parse_arrow(arr, pattern=self.pattern)
            reason[result.bad_format] = FORMAT
            reason[result.bad_date] = DATE
            reason[result.bad_time] = TIME
            return reason
        if self.kind == "decimal":
            shape = _mask(pc.match_substring_regex(arr, self.regex()))
            digits = pc.count_substring_regex(arr, "[0-9]").to_numpy(zero_copy_only=False)
            digits = np.nan_to_num(np.asarray(digits, dtype=float), nan=0)
            reason[~shape & _mask(pc.is_valid(arr))] = FORMAT
            if self.max_length is not None:
                reason[shape & (digits > self.max_length)] = LENGTH
            return reason
        lo, hi = self.min_length or 0, self.max_length
        if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            arr, text_bytes = arr.cast(pa.large_string()), None
        b = text_bytes or TextBytes.of(arr)
        used = b.used
        ascii_only = b.high < 0x80
        valid = ~_mask(arr.is_null()) if arr.null_count else np.ones(n, dtype=bool)
        if ascii_only:  # one byte per character: lengths straight from the offsets
            length = b.lengths
        else:
            length = np.asarray(pc.utf8_length(arr).fill_null(0).to_numpy(zero_copy_only=False))
        bad_len = length < lo
        if hi is not None:
            bad_len |= length > hi
        if arr.null_count:
            bad_len &= valid
        chars = _charset_ok(arr, self.charset or "c", used if ascii_only else None, (b.low, b.high))
        if chars is not None:
            reason[valid & ~chars] = FORMAT
        reason[bad_len] = LENGTH
        return reason


LENGTH, FORMAT, DATE, TIME = 1, 2, 3, 4
_REASONS = {LENGTH: "length", FORMAT: "format", DATE: "component:date", TIME: "component:time"}


_ASCII_TESTS = {"n": pc.ascii_is_decimal, "a": pc.ascii_is_alpha, "an": pc.ascii_is_alnum, "c": pc.utf8_is_printable}


# ASCII bytes of each charset: the outer range and the gaps inside it (first byte, count)
_ASCII_RANGES = {
    "n": (0x30, 0x39, ()),
    "a": (0x41, 0x7A, ((0x5B, 6),)),
    "an": (0x30, 0x7A, ((0x3A, 7), (0x5B, 6))),
    "c": (0x20, 0x7E, ()),
}


def _all_ascii_of(data: np.ndarray, charset: str, low_high: tuple[int, int] | None = None) -> bool:
    """Whether every byte of ``data`` (ASCII text) is of ``charset``: a min/max pass (or the
    caller's ``low_high``), then the gaps."""
    if not len(data):
        return True
    lo, hi, gaps = _ASCII_RANGES[charset]
    low, high = low_high or (int(data.min()), int(data.max()))
    if low < lo or high > hi:
        return False
    gaps = [(start, count) for start, count in gaps if high >= start and low < start + count]
    if not gaps:
        return True
    head = (-data.ctypes.data) % 8  # eight bytes at a time from an aligned address, the ends byte by byte
    body = (len(data) - head) // 8 * 8 if len(data) > head else 0
    words = data[head : head + body].view(np.uint64)
    ends = np.concatenate([data[:head], data[head + body :]])
    for start, count in gaps:
        if ((ends - np.uint8(start)) < count).any():
            return False
        if len(words) and _any_byte_between(words, start, start + count - 1):
            return False
    return True


_ONES = np.uint64(0x0101010101010101)
_HIGH = np.uint64(0x8080808080808080)


def _any_byte_between(words: np.ndarray, lo: int, hi: int) -> bool:
    """Whether any byte of ``words`` (ASCII bytes packed eight to a ``uint64``) lies in ``[lo, hi]``.

    For a byte ``b < 0x80``, ``b + (0x80 - lo)`` has its high bit set iff ``b >= lo`` and
    ``b + (0x7F - hi)`` iff ``b > hi``; neither sum carries into the next byte.
    """
    add_lo, add_hi = _ONES * np.uint64(0x80 - lo), _ONES * np.uint64(0x7F - hi)
    step = 1 << 15  # blocks that stay in the cache, with reused buffers
    a = np.empty(min(step, len(words)), dtype=np.uint64)
    b = np.empty_like(a)
    for i in range(0, len(words), step):
        w = words[i : i + step]
        x, y = a[: len(w)], b[: len(w)]
        np.add(w, add_lo, out=x)
        np.add(w, add_hi, out=y)
        np.bitwise_not(y, out=y)
        x &= y
        x &= _HIGH
        if x.max():
            return True
    return False


def _charset_ok(
    arr: pa.Array, charset: str, ascii_bytes: np.ndarray | None = None, low_high: tuple[int, int] | None = None
) -> np.ndarray | None:
    """Whether every character is of ``charset``: fast ASCII kernels first, RE2 only for the rest.

    ``ascii_bytes`` (the data of an all-ASCII array) lets a clean column pass in a few passes
    over its bytes; the answer is then ``None``: every value is fine.
    """
    if ascii_bytes is not None and _all_ascii_of(ascii_bytes, charset, low_high):
        return None
    ok = _mask(pc.or_(_ASCII_TESTS[charset](arr), pc.equal(pc.binary_length(arr), 0)))
    if charset == "n":  # digits are ASCII by definition
        return ok
    rest = np.flatnonzero(~ok & _mask(pc.is_valid(arr)))
    if len(rest):
        sub = arr.take(pa.array(rest))
        ok[rest] = _mask(pc.match_substring_regex(sub, f"^{CHARSETS[charset][1]}*$"))
    return ok


@dataclasses.dataclass(frozen=True)
class TextBytes:
    """The bytes of an Arrow string array, read once and shared by the checks of a column.

    >>> b = TextBytes.of(pa.array(["ab", "", "c"]))
    >>> b.lengths.tolist(), chr(b.low), chr(b.high)
    ([2, 0, 1], 'a', 'c')
    """

    offsets: np.ndarray
    data: np.ndarray
    lengths: np.ndarray  # byte length of each value (0 for nulls)
    low: int  # smallest and largest byte of the values (0 when there are none)
    high: int

    @classmethod
    def of(cls, arr: pa.Array) -> TextBytes:
        offs, data, _ = offsets_data(arr)
        used = data[offs[0] : offs[-1]]
        low, high = (int(used.min()), int(used.max())) if len(used) else (0, 0)
        return cls(offs, data, np.diff(offs), low, high)

    @property
    def used(self) -> np.ndarray:
        return self.data[self.offsets[0] : self.offsets[-1]]


def reason_name(code: int) -> str:
    """The reason code string of an int8 code of :meth:`Format.check_arrow`."""
    return _REASONS[code]


def _arrow_text(column) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks()
    if isinstance(column, pa.Array):
        return column
    arr = pa.array(pd.Series(column).astype("str"), from_pandas=True)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


#: ``\p{Han}`` as ECMA-262 (and XSD) code-point ranges: CJK Extension A, Unified Ideographs,
#: Compatibility Ideographs.
HAN_RANGES = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff"
_ECMA_SYNTAX = set("^$\\.*+?()[]{}|/")


def ecma_escape(char: str) -> str:
    """One literal character in an ECMA-262 pattern (``u`` flag): only syntax characters are
    escaped — ``\\-`` outside a class is an error there."""
    return "\\" + char if char in _ECMA_SYNTAX else char


def ecma_pattern(regex: str) -> str:
    """A user's RE2-style pattern in ECMA-262 syntax: ``(?P<name>`` → ``(?<name>``,
    ``\\p{Han}`` → code-point ranges, ``\\A``/``\\z`` → ``^``/``$``, needless escapes of
    ``-``, ``_``, ``:`` and other punctuation outside classes removed.

    >>> print(ecma_pattern(r"(?P<a>\\p{Han}+)\\-[0-9]{2}\\z"))
    (?<a>[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]+)-[0-9]{2}$
    """
    out, i, in_class = [], 0, False
    while i < len(regex):
        c = regex[i]
        if c == "\\" and i + 1 < len(regex):
            nxt = regex[i + 1]
            if regex.startswith("p{Han}", i + 1):
                out.append(HAN_RANGES if in_class else f"[{HAN_RANGES}]")
                i += 7
                continue
            if not in_class and nxt in "Az":
                out.append("^" if nxt == "A" else "$")
            elif not nxt.isalnum() and nxt not in _ECMA_SYNTAX and not (in_class and nxt in "-^]"):
                out.append(nxt)  # a needless escape (``\\-``, ``\\:``): invalid with the u flag
            else:
                out.append(c + nxt)
            i += 2
            continue
        if regex.startswith("(?P<", i):
            out.append("(?<")
            i += 4
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def temporal_regex(pattern: str) -> str:
    """The anchored regex of a date/time pattern, with named groups ``Y M D h m s``.

    >>> temporal_regex("YYYY-MM-DD")
    '^(?P<Y>[0-9]{4})\\\\-(?P<M>[0-9]{2})\\\\-(?P<D>[0-9]{2})$'
    """
    groups = {"YYYY": "(?P<Y>[0-9]{4})", "MM": "(?P<M>[0-9]{2})", "DD": "(?P<D>[0-9]{2})"}
    groups |= {"hh": "(?P<h>[0-9]{2})", "mm": "(?P<m>[0-9]{2})", "ss": "(?P<s>[0-9]{2})"}
    out, i = [], 0
    while i < len(pattern):
        token = next((t for t in _DATE_TOKENS if pattern.startswith(t, i)), None)
        if token:
            out.append(groups[token])
            i += len(token)
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "^" + "".join(out) + "$"


def _temporal(text: str) -> Format | None:
    pattern = _SHORT_DATES.get(text.upper(), text)
    tokens = [t for t in _DATE_TOKENS if t in pattern]
    if not tokens:
        return None
    rest = pattern
    for t in _DATE_TOKENS:
        rest = rest.replace(t, "", 1)
    if any(t in rest for t in _DATE_TOKENS) or re.search(r"[A-Za-z0-9]", rest.replace("T", "")):
        return None
    has_date, has_time = "YYYY" in tokens, any(t in tokens for t in ("hh", "mm", "ss"))
    if ("DD" in tokens and "MM" not in tokens) or ("ss" in tokens and "mm" not in tokens):
        return None
    if ("MM" in tokens or "DD" in tokens) and not has_date:
        return None
    kind = "datetime" if has_date and has_time else "date" if has_date else "time"
    if kind == "time" and "hh" not in tokens:
        return None
    return Format(text=text, kind=kind, pattern=pattern, min_length=len(pattern), max_length=len(pattern))


@functools.lru_cache(maxsize=512)
def parse_format(text: str) -> Format:
    """Parse a data-format string; raises :class:`ConfigError` naming the text when it is not valid.

    >>> parse_format("n18").fixed_length, parse_format("an2..50").min_length, parse_format("c..200").max_length
    (18, 2, 200)
    >>> parse_format("YYYY-MM-DDThh:mm:ss").kind
    'datetime'
    >>> parse_format("x9")
    Traceback (most recent call last):
    zjgov.errors.ConfigError: ...
    """
    if not isinstance(text, str) or not text.strip():
        raise _bad(str(text))
    raw = text.strip()
    temporal = _temporal(raw)
    if temporal is not None:
        return temporal
    m = _TEXT_RE.match(raw.lower())
    if m is None:
        raise _bad(raw)
    cls = _CHARSET_ALIASES[m["cls"]]
    lo, dots, hi, scale = m["min"], m["dots"], m["max"], m["scale"]
    if hi is None:
        if scale is not None:
            raise _bad(raw)
        return Format(text=raw, kind="text", charset=cls, min_length=1, max_length=None)
    hi_n = int(hi)
    if dots:
        lo_n = int(lo) if lo is not None else 1
    elif lo is not None:
        raise _bad(raw)
    else:
        lo_n = hi_n
    if hi_n < 1 or lo_n > hi_n or lo_n < 0:
        raise _bad(raw, "notation.bad_length")
    if scale is not None:
        if cls != "n" or int(scale) >= hi_n:
            raise _bad(raw)
        return Format(text=raw, kind="decimal", charset="n", min_length=1, max_length=hi_n, scale=int(scale))
    return Format(text=raw, kind="text", charset=cls, min_length=lo_n, max_length=hi_n)
