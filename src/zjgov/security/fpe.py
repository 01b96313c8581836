"""Format-preserving encryption: FF1 (NIST SP 800-38G Rev. 1), vectorised over a whole column.

:class:`FF1` encrypts a matrix of numerals — one row per value, all of one length — with
the ten Feistel rounds of FF1 done for **every row at once**: the numeral strings are NumPy
integers (``uint64`` while ``radix**ceil(n/2) < 2**32``, Python integers in an object array
beyond), and each round makes **one** batched block-cipher call (ECB over the concatenated
blocks of all rows; the blocks of ``P`` and of the tweak that are the same for every row are
encrypted once). The block cipher is AES-128/192/256 (the NIST-approved FF1), or SM4
(GB/T 32907) as a **local variant** ("FF1-SM4"): the same algorithm with SM4 as CIPH. FF1-SM4
is not approved by NIST or specified by any GM/T or GB/T standard; zjgov publishes its own
test vectors for it (``tests/test_security_fpe.py``).

The domain-size rule of SP 800-38G Rev. 1 is enforced: ``radix**length >= 1,000,000``
(6 decimal digits, 4 base-36 characters, 5 characters of the USCC alphabet).

>>> key = bytes.fromhex("2B7E151628AED2A6ABF7158809CF4F3C")
>>> ff1 = FF1(key, 10)
>>> x = np.array([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]])
>>> "".join(map(str, ff1.encrypt(x)[0]))            # NIST FF1 sample 1
'2433477484'
>>> bool((ff1.decrypt(ff1.encrypt(x)) == x).all())
True
>>> FF1(key, 10).encrypt(np.zeros((1, 5), int))
Traceback (most recent call last):
...
zjgov.security.fpe.DomainError: ...
"""

from __future__ import annotations

import math
import warnings
from typing import Literal

import numpy as np
import pyarrow as pa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from zjgov import i18n
from zjgov.errors import ZjgovError
from zjgov.security.keys import require_sm

__all__ = ["FF1", "FF3_1", "MIN_DOMAIN", "DomainError", "WithdrawnAlgorithmWarning", "decode_text", "encode_text"]

MIN_DOMAIN = 1_000_000
MAX_TWEAK = 256
ROUNDS = 10

i18n.add(
    {
        "security.fpe.domain": (
            "FF1 的取值空间过小：基数 {radix} 的 {length} 位只有 {size} 种取值，NIST SP 800-38G Rev.1 要求至少 1,000,000 种（基数 10 至少 6 位）",
            "the FF1 domain is too small: {length} characters of radix {radix} give {size} values; NIST SP 800-38G Rev. 1 requires at least 1,000,000 (6 digits in radix 10)",
        ),
        "security.fpe.radix": ("FF1 的基数应在 2 到 65536 之间", "the FF1 radix must be between 2 and 65536"),
        "security.fpe.length": ("FF1 的输入至少 2 个字符", "an FF1 input needs at least 2 characters"),
        "security.fpe.numeral": ("FF1 输入中有超出基数的数字", "an FF1 input holds a numeral outside the radix"),
        "security.fpe.tweak": ("FF1 的调整值（tweak）最长 {max} 字节", "the FF1 tweak has at most {max} bytes"),
        "security.fpe.key": (
            "FF1-{cipher} 的密钥长度不正确（AES 为 16、24 或 32 字节，SM4 为 16 字节）",
            "FF1-{cipher}: wrong key length (AES 16, 24 or 32 bytes; SM4 16 bytes)",
        ),
        "security.ff3.withdrawn": (
            "FF3-1 已被 NIST 撤销（SP 800-38G Rev. 1 第二次公开草案，2025 年 2 月，只保留 FF1），仅用于与遗留系统互通；新数据请用 FF1（fpe:ff1）",
            "FF3-1 is withdrawn by NIST (the second public draft of SP 800-38G Rev. 1, February 2025, keeps FF1 only) and is for interoperability with legacy systems only; use FF1 (fpe:ff1) for new data",
        ),
        "security.ff3.tweak": (
            "FF3-1 的调整值（tweak）应为 7 字节（56 位；旧 FF3 为 8 字节）",
            "the FF3-1 tweak must be 7 bytes (56 bits; 8 bytes for the original FF3)",
        ),
        "security.ff3.length": (
            "FF3-1 的输入长度应在 {low} 到 {high} 个字符之间（基数 {radix}）",
            "an FF3-1 input must have {low} to {high} characters (radix {radix})",
        ),
        "security.fpe.alphabet": (
            "列“{column}”：{count} 个值含有字符集之外的字符，首个在第 {row} 行第 {position} 个字符",
            "column '{column}': {count} values hold characters outside the alphabet; the first at row {row}, character {position}",
        ),
    }
)


class DomainError(ZjgovError, ValueError):
    """An FF1 input that breaks the rules of SP 800-38G (domain size, radix, numerals, tweak)."""

    def __init__(self, key: str, /, **fields: object) -> None:
        self.key, self.fields = key, fields
        super().__init__(i18n.both(key, **fields))

    def message(self, lang: str | None = None) -> str:
        return i18n.text(self.key, lang, **self.fields)


def check_domain(radix: int, length: int) -> None:
    """Raise :class:`DomainError` unless ``radix**length >= 10**6`` and ``length >= 2``."""
    if length < 2:
        raise DomainError("security.fpe.length")
    if radix**length < MIN_DOMAIN:
        raise DomainError("security.fpe.domain", radix=radix, length=length, size=f"{radix**length:,}")


class FF1:
    """FF1 with AES (``cipher="aes"``, key of 16/24/32 bytes) or the SM4 local variant (16 bytes)."""

    def __init__(
        self, key: bytes, radix: int = 10, *, cipher: Literal["aes", "sm4"] = "aes", tweak: bytes = b""
    ) -> None:
        if not 2 <= radix <= 1 << 16:
            raise DomainError("security.fpe.radix")
        if cipher == "sm4":
            require_sm("SM4")
            if len(key) != 16:
                raise DomainError("security.fpe.key", cipher="SM4")
            algorithm = algorithms.SM4(key)
        else:
            if len(key) not in (16, 24, 32):
                raise DomainError("security.fpe.key", cipher="AES")
            algorithm = algorithms.AES(key)
        self.radix = radix
        self.cipher = cipher
        self.tweak = self._check_tweak(tweak)
        self._ecb = Cipher(algorithm, modes.ECB()).encryptor()

    def __repr__(self) -> str:
        return f"<FF1-{self.cipher.upper()} radix={self.radix}>"

    def __reduce__(self):
        raise TypeError("FF1 objects hold a key and cannot be pickled / FF1 对象含密钥，不能序列化")

    @staticmethod
    def _check_tweak(tweak: bytes) -> bytes:
        tweak = bytes(tweak)
        if len(tweak) > MAX_TWEAK:
            raise DomainError("security.fpe.tweak", max=MAX_TWEAK)
        return tweak

    # -- public -----------------------------------------------------------------------------
    def encrypt(self, x: np.ndarray, tweak: bytes | None = None) -> np.ndarray:
        """Encrypt every row of an ``(n, length)`` numeral matrix."""
        return self._crypt(x, self.tweak if tweak is None else self._check_tweak(tweak), True)

    def decrypt(self, y: np.ndarray, tweak: bytes | None = None) -> np.ndarray:
        """Decrypt every row of an ``(n, length)`` numeral matrix."""
        return self._crypt(y, self.tweak if tweak is None else self._check_tweak(tweak), False)

    def encrypt_int(self, values: np.ndarray, length: int, tweak: bytes | None = None) -> np.ndarray:
        """Encrypt integers ``0 <= v < radix**length`` as numeral strings of ``length`` (int64 in and out)."""
        return from_numerals(self.encrypt(to_numerals(values, self.radix, length), tweak), self.radix)

    def decrypt_int(self, values: np.ndarray, length: int, tweak: bytes | None = None) -> np.ndarray:
        return from_numerals(self.decrypt(to_numerals(values, self.radix, length), tweak), self.radix)

    # -- the algorithm ----------------------------------------------------------------------
    def _blocks(self, data: np.ndarray) -> np.ndarray:
        """CIPH of every 16-byte row of ``data`` in one call."""
        src = np.ascontiguousarray(data, dtype=np.uint8)
        out = bytearray(src.nbytes + 16)
        self._ecb.update_into(src.data if src.ndim == 1 else src.reshape(-1).data, out)
        return np.frombuffer(out, np.uint8, count=src.nbytes).reshape(-1, 16)

    def _crypt(self, x: np.ndarray, tweak: bytes, encrypt: bool) -> np.ndarray:
        x = np.asarray(x)
        if x.ndim != 2:
            raise ValueError("FF1 takes a 2-D numeral matrix")
        n, length = x.shape
        radix = self.radix
        check_domain(radix, length)
        if n and (x.min() < 0 or x.max() >= radix):
            raise DomainError("security.fpe.numeral")
        if n == 0:
            return x.copy()
        u, v = length // 2, length - length // 2
        bits = (radix**v).bit_length() - (1 if radix & (radix - 1) == 0 else 0)  # ceil(v * log2(radix))
        b = math.ceil(bits / 8)
        d = 4 * math.ceil(b / 4) + 4
        t = len(tweak)
        p = (
            bytes([1, 2, 1])
            + radix.to_bytes(3, "big")
            + bytes([10, u % 256])
            + length.to_bytes(4, "big")
            + t.to_bytes(4, "big")
        )
        ep = self._blocks(np.frombuffer(p, np.uint8)[None, :])[0]
        pad = (-t - b - 1) % 16
        qlen = t + pad + 1 + b
        first_var_block = (qlen - b) // 16
        fast = radix**v < 1 << 32 and qlen - 16 * first_var_block == 16 and d <= 16
        xt = np.ascontiguousarray(x.T.astype(np.uint32 if fast else np.int64))  # one row per numeral position
        num_a = _num(xt[:u], radix, fast)
        num_b = _num(xt[u:], radix, fast)
        mod_u, mod_v = radix**u, radix**v
        rounds = range(ROUNDS) if encrypt else range(ROUNDS - 1, -1, -1)
        block = np.empty((n, 16), np.uint8)
        block32 = block.view(np.uint32)
        for i in rounds:
            q_const = tweak + bytes(pad) + bytes([i])
            chain = ep
            for k in range(first_var_block):  # blocks without row data: one scalar chain
                const = np.frombuffer(q_const[16 * k : 16 * k + 16], np.uint8)
                chain = self._blocks((chain ^ const)[None, :])[0]
            head = np.frombuffer(q_const[16 * first_var_block :], np.uint8)
            m = mod_u if i % 2 == 0 else mod_v
            num = num_b if encrypt else num_a
            if fast:  # one block per row: chain ^ (constant head, NUM(B) as b big-endian bytes)
                const = np.zeros(16, np.uint8)
                const[: len(head)] = head
                const ^= chain
                block32[:, :3] = const.view(np.uint32)[:3]  # the same bytes in every row
                last = num.astype(np.uint32) ^ np.uint32(const.view(">u4")[3])  # big-endian value of bytes 12-15
                block32[:, 3] = last.byteswap() if _LITTLE else last
                r = self._blocks(block)
                words = r.view(">u4")
                y = _mod(words[:, 0].astype(np.uint64), m)
                for j in range(1, d // 4):
                    y <<= np.uint64(32)
                    y += words[:, j]
                    y = _mod(y, m)
            else:
                tail = np.empty((n, qlen - 16 * first_var_block), np.uint8)
                tail[:, : len(head)] = head
                tail[:, len(head) :] = _bytes(num, b)
                r = np.broadcast_to(chain, (n, 16))
                for k in range(tail.shape[1] // 16):
                    r = self._blocks(r ^ tail[:, 16 * k : 16 * k + 16])
                s = r
                for j in range(1, math.ceil(d / 16)):
                    s = np.concatenate([s, self._blocks(r ^ np.frombuffer(j.to_bytes(16, "big"), np.uint8))], axis=1)
                y = _reduce(s[:, :d], m)
            if fast:
                c = num_a + y if encrypt else num_b + (np.uint64(m) - y)
                np.subtract(c, np.uint64(m), out=c, where=c >= m)
            else:
                c = (num_a + y if encrypt else num_b - y) % m
            if encrypt:
                num_a, num_b = num_b, c
            else:
                num_b, num_a = num_a, c
        out = np.empty((length, n), dtype=np.uint8 if radix <= 256 else np.uint16)
        out[:u] = _str(num_a, radix, u)
        out[u:] = _str(num_b, radix, v)
        return np.ascontiguousarray(out.T)


_LITTLE = np.little_endian


class WithdrawnAlgorithmWarning(UserWarning):
    """An algorithm that its standard's publisher has withdrawn is in use (FF3-1)."""


class FF3_1:
    """FF3-1 (NIST SP 800-38G Rev. 1) with AES, vectorised like :class:`FF1`. **Withdrawn.**

    The second public draft of NIST SP 800-38G Rev. 1 (2025-02-03) removes FF3 and FF3-1 and
    keeps only FF1 (after the attacks on FF3 and on FF3-1's small tweak); it is here **only to read and write data of legacy systems** that already use
    it, and every construction warns (:class:`WithdrawnAlgorithmWarning`). New data: :class:`FF1`.

    The eight Feistel rounds run over every row at once: NUM of the reversed half is a NumPy
    integer (``uint64`` while ``radix**ceil(n/2) < 2**32``, Python integers beyond) and each round
    is **one** batched AES-ECB call over one block per row. ``tweak`` is 7 bytes (FF3-1's 56 bits)
    or 8 bytes (the original FF3, which the NIST FF3 samples use). Lengths: at least the domain
    rule (``radix**n >= 10**6``), at most ``2 * floor(log_radix(2**96))``.

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", WithdrawnAlgorithmWarning)
    ...     ff3 = FF3_1(bytes.fromhex("EF4359D8D580AA4F7F036D6F04FC6A94"), 10, tweak=bytes.fromhex("D8E7920AFA330A73"))
    >>> x = np.array([[int(c) for c in "890121234567890000"]])
    >>> "".join(map(str, ff3.encrypt(x)[0]))            # NIST FF3 sample 1
    '750918814058654607'
    >>> bool((ff3.decrypt(ff3.encrypt(x)) == x).all())
    True
    """

    ROUNDS = 8

    def __init__(self, key: bytes, radix: int = 10, *, tweak: bytes) -> None:
        warnings.warn(i18n.both("security.ff3.withdrawn"), WithdrawnAlgorithmWarning, stacklevel=2)
        if not 2 <= radix <= 1 << 16:
            raise DomainError("security.fpe.radix")
        if len(key) not in (16, 24, 32):
            raise DomainError("security.fpe.key", cipher="AES")
        self.radix = radix
        self.tweak = self._check_tweak(tweak)
        top = 0
        while radix ** (top + 1) <= 1 << 96:
            top += 1
        self.max_length = 2 * top
        self._ecb = Cipher(algorithms.AES(bytes(key)[::-1]), modes.ECB()).encryptor()

    def __repr__(self) -> str:
        return f"<FF3-1-AES radix={self.radix} (withdrawn)>"

    def __reduce__(self):
        raise TypeError("FF3-1 objects hold a key and cannot be pickled / FF3-1 对象含密钥，不能序列化")

    @staticmethod
    def _check_tweak(tweak: bytes) -> bytes:
        tweak = bytes(tweak)
        if len(tweak) == 7:  # FF3-1: T_L = T[0..27] || 0^4, T_R = T[32..55] || T[28..31] || 0^4
            return tweak[:3] + bytes([tweak[3] & 0xF0]) + tweak[4:7] + bytes([(tweak[3] & 0x0F) << 4])
        if len(tweak) == 8:
            return tweak
        raise DomainError("security.ff3.tweak")

    def encrypt(self, x: np.ndarray, tweak: bytes | None = None) -> np.ndarray:
        """Encrypt every row of an ``(n, length)`` numeral matrix."""
        return self._crypt(x, self.tweak if tweak is None else self._check_tweak(tweak), True)

    def decrypt(self, y: np.ndarray, tweak: bytes | None = None) -> np.ndarray:
        """Decrypt every row of an ``(n, length)`` numeral matrix."""
        return self._crypt(y, self.tweak if tweak is None else self._check_tweak(tweak), False)

    def _blocks(self, block: np.ndarray) -> np.ndarray:
        out = bytearray(block.nbytes + 16)
        self._ecb.update_into(np.ascontiguousarray(block).reshape(-1).data, out)
        return np.frombuffer(out, np.uint8, count=block.nbytes).reshape(-1, 16)

    def _crypt(self, x: np.ndarray, tweak64: bytes, encrypt: bool) -> np.ndarray:
        x = np.asarray(x)
        if x.ndim != 2:
            raise ValueError("FF3-1 takes a 2-D numeral matrix")
        n, length = x.shape
        radix = self.radix
        check_domain(radix, length)
        if length > self.max_length:
            raise DomainError("security.ff3.length", low=2, high=self.max_length, radix=radix)
        if n and (x.min() < 0 or x.max() >= radix):
            raise DomainError("security.fpe.numeral")
        if n == 0:
            return x.copy()
        u = -(-length // 2)
        v = length - u
        fast = radix**u < 1 << 32
        num_a = _num_rev(x[:, :u], radix, fast)
        num_b = _num_rev(x[:, u:], radix, fast)
        t_left, t_right = tweak64[:4], tweak64[4:]
        block = np.zeros((n, 16), np.uint8)
        rounds = range(self.ROUNDS) if encrypt else range(self.ROUNDS - 1, -1, -1)
        for i in rounds:
            m, w = (radix**u, t_right) if i % 2 == 0 else (radix**v, t_left)
            w = bytes(w[:3]) + bytes([w[3] ^ i])
            num = num_b if encrypt else num_a
            # REVB(P) with P = W xor [i]^4 || [NUM]^12: NUM little-endian in bytes 0-11, W reversed in 12-15
            block[:, 12:] = np.frombuffer(w[::-1], np.uint8)
            if fast:
                block.view("<u8")[:, 0] = num
            else:
                block[:, :12] = _le_bytes(num, 12)
            r = self._blocks(block)  # CIPH_REVB(K); y = NUM(REVB(r)) = r as a little-endian integer
            if fast:
                words = r.view("<u4")
                y = _mod(words[:, 3].astype(np.uint64), m)
                for j in (2, 1, 0):
                    y <<= np.uint64(32)
                    y += words[:, j]
                    y = _mod(y, m)
                c = num_a + y if encrypt else num_b + (np.uint64(m) - y)
                np.subtract(c, np.uint64(m), out=c, where=c >= m)
            else:
                y = _le_int(r) % m
                c = (num_a + y if encrypt else num_b - y) % m
            if encrypt:
                num_a, num_b = num_b, c
            else:
                num_b, num_a = num_a, c
        out = np.empty((n, length), dtype=np.uint8 if radix <= 256 else np.uint16)
        out[:, :u] = _str(num_a, radix, u)[::-1].T
        out[:, u:] = _str(num_b, radix, v)[::-1].T
        return out


def _num_rev(x: np.ndarray, radix: int, fast: bool) -> np.ndarray:
    """NUM_radix(REV(X)) of every row: the first numeral is the least significant."""
    rows = np.ascontiguousarray(x[:, ::-1].T.astype(np.uint64 if fast else np.int64))
    return _num(rows, radix, fast)


def _le_bytes(num: np.ndarray, width: int) -> np.ndarray:
    """Python integers as ``width`` little-endian bytes."""
    out = np.empty((len(num), width), np.uint8)
    for j in range(width):
        out[:, j] = ((num >> (8 * j)) & 255).astype(np.uint8)
    return out


def _le_int(r: np.ndarray) -> np.ndarray:
    """16-byte rows as little-endian Python integers."""
    words = r.view("<u4").astype(np.uint64)
    acc = np.zeros(len(r), dtype=object)
    for j in (3, 2, 1, 0):
        acc = acc * (1 << 32) + words[:, j].astype(object)
    return acc


def _mod(a: np.ndarray, m: int) -> np.ndarray:
    """``a % m`` for uint64 through floor division (NumPy divides by a scalar with libdivide; ``%`` does not)."""
    mm = np.uint64(m)
    return a - (a // mm) * mm


def _num(rows: np.ndarray, radix: int, fast: bool) -> np.ndarray:
    """NUM_radix of every value; ``rows`` holds one row per numeral position (most significant first)."""
    if fast:
        acc = np.zeros(rows.shape[1], dtype=np.uint64)
        r = np.uint64(radix)
        for row in rows:
            acc *= r
            acc += row
        return acc
    acc = np.zeros(rows.shape[1], dtype=object)
    for row in rows:
        acc = acc * radix + row.astype(object)
    return acc


def _bytes(num: np.ndarray, b: int) -> np.ndarray:
    """``[num]^b``: Python integers as ``b`` big-endian bytes."""
    out = np.empty((len(num), b), np.uint8)
    for j in range(b):
        out[:, j] = ((num >> (8 * (b - 1 - j))) & 255).astype(np.uint8)
    return out


def _reduce(s: np.ndarray, m: int) -> np.ndarray:
    """NUM(S) mod m for the ``d``-byte rows of ``s`` (d a multiple of 4), in Python integers."""
    words = np.ascontiguousarray(s).view(">u4").astype(np.uint64)
    acc = np.zeros(len(s), dtype=object)
    for j in range(words.shape[1]):
        acc = acc * (1 << 32) + words[:, j].astype(object)
    return acc % m


def _str(num: np.ndarray, radix: int, length: int) -> np.ndarray:
    """STR_radix^length of every number: ``(length, n)`` numerals, most significant row first."""
    out = np.empty((length, len(num)), dtype=np.int64)
    if num.dtype == object:
        rest = num.copy()
        for j in range(length - 1, -1, -1):
            out[j] = (rest % radix).astype(np.int64)
            rest = rest // radix
        return out
    out = np.empty((length, len(num)), dtype=np.uint8 if radix <= 256 else np.uint16)
    rest = num.astype(np.uint64)
    r = np.uint64(radix)
    q = np.empty_like(rest)
    tmp = np.empty_like(rest)
    for j in range(length - 1, -1, -1):
        np.floor_divide(rest, r, out=q)
        np.multiply(q, r, out=tmp)
        np.subtract(rest, tmp, out=tmp)
        out[j] = tmp
        rest, q = q, rest
    return out


def to_numerals(values: np.ndarray, radix: int, length: int) -> np.ndarray:
    """Non-negative integers (int64) as ``(n, length)`` numeral matrices."""
    return np.ascontiguousarray(_str(np.asarray(values, dtype=np.uint64), radix, length).T)


def from_numerals(x: np.ndarray, radix: int) -> np.ndarray:
    """``(n, length)`` numerals back to int64 (``radix**length < 2**63``)."""
    acc = np.zeros(len(x), dtype=np.int64)
    for j in range(x.shape[1]):
        acc = acc * radix + x[:, j]
    return acc


def _alphabet_table(alphabet: str) -> np.ndarray:
    table = np.full(256, -1, dtype=np.int64)
    table[np.frombuffer(alphabet.encode("ascii"), np.uint8)] = np.arange(len(alphabet))
    return table


def encode_text(matrix: np.ndarray, alphabet: str) -> np.ndarray:
    """An ``(n, length)`` ASCII byte matrix as numerals of ``alphabet`` (-1 outside it)."""
    table = _alphabet_table(alphabet)
    if len(alphabet) < 255:
        return np.take(table.astype(np.int16), matrix)
    return np.take(table, matrix)


def decode_text(numerals: np.ndarray, alphabet: str) -> np.ndarray:
    """Numerals back to ASCII bytes of ``alphabet``."""
    return np.frombuffer(alphabet.encode("ascii"), np.uint8)[numerals]


def fixed_width_rows(arr: pa.Array) -> dict[int, np.ndarray]:
    """Row indices of a large_string array grouped by byte length (nulls left out)."""
    from zjgov.security._text import offsets_data

    offs, _ = offsets_data(arr)
    lens = np.diff(offs)
    valid = arr.is_valid().to_numpy(zero_copy_only=False) if arr.null_count else np.ones(len(arr), bool)
    groups: dict[int, np.ndarray] = {}
    for width in np.unique(lens[valid]):
        groups[int(width)] = np.flatnonzero(valid & (lens == width))
    return groups


def rows_matrix(arr: pa.Array, rows: np.ndarray, width: int) -> np.ndarray:
    """The bytes of ``rows`` (all ``width`` bytes long) as an ``(len(rows), width)`` matrix."""
    from zjgov.security._text import offsets_data

    offs, data = offsets_data(arr)
    starts = offs[:-1][rows].astype(np.int64)
    if len(rows) == len(arr) and (np.diff(offs) == width).all():
        return data[int(offs[0]) : int(offs[0]) + width * len(rows)].reshape(len(rows), width)
    return data[starts[:, None] + np.arange(width)]
