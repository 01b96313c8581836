"""An independent, straightforward scalar FF1 (NIST SP 800-38G Rev. 1, Algorithms 7 and 8).

Written from the specification's pseudo-code, one value at a time with Python integers and
CBC-MAC through cryptography's CBC mode, to cross-check the vectorised zjgov.security.fpe.FF1
(including its SM4 variant, for which no published vectors exist).
"""

from __future__ import annotations

import math

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def _alg(key: bytes, cipher: str):
    return algorithms.SM4(key) if cipher == "sm4" else algorithms.AES(key)


def _prf(key: bytes, cipher: str, data: bytes) -> bytes:
    enc = Cipher(_alg(key, cipher), modes.CBC(bytes(16))).encryptor()
    return (enc.update(data) + enc.finalize())[-16:]


def _ciph(key: bytes, cipher: str, block: bytes) -> bytes:
    enc = Cipher(_alg(key, cipher), modes.ECB()).encryptor()
    return enc.update(block) + enc.finalize()


def _num(x: list[int], radix: int) -> int:
    out = 0
    for d in x:
        out = out * radix + d
    return out


def _str(value: int, radix: int, length: int) -> list[int]:
    out = [0] * length
    for i in range(length - 1, -1, -1):
        value, out[i] = divmod(value, radix)
    return out


def _rounds(key, cipher, radix, tweak, x, decrypt):
    n = len(x)
    u, v = n // 2, n - n // 2
    a, b = list(x[:u]), list(x[u:])
    bb = math.ceil(math.ceil(v * math.log2(radix) - 1e-12) / 8)
    d = 4 * math.ceil(bb / 4) + 4
    t = len(tweak)
    p = bytes([1, 2, 1]) + radix.to_bytes(3, "big") + bytes([10, u % 256]) + n.to_bytes(4, "big") + t.to_bytes(4, "big")
    order = range(9, -1, -1) if decrypt else range(10)
    for i in order:
        src = a if decrypt else b
        q = tweak + bytes((-t - bb - 1) % 16) + bytes([i]) + _num(src, radix).to_bytes(bb, "big")
        r = _prf(key, cipher, p + q)
        s = r
        j = 1
        while len(s) < d:
            s += _ciph(key, cipher, bytes(x ^ y for x, y in zip(r, j.to_bytes(16, "big"))))
            j += 1
        y = int.from_bytes(s[:d], "big")
        m = u if i % 2 == 0 else v
        if decrypt:
            c = (_num(b, radix) - y) % radix**m
            b, a = a, _str(c, radix, m)
        else:
            c = (_num(a, radix) + y) % radix**m
            a, b = b, _str(c, radix, m)
    return a + b


def encrypt(key: bytes, radix: int, tweak: bytes, x: list[int], cipher: str = "aes") -> list[int]:
    return _rounds(key, cipher, radix, tweak, x, False)


def decrypt(key: bytes, radix: int, tweak: bytes, x: list[int], cipher: str = "aes") -> list[int]:
    return _rounds(key, cipher, radix, tweak, x, True)
