"""Keyed pseudonyms (假名化): HMAC-SHA256 and HMAC-SM3 over the value's compact form.

A pseudonym is deterministic for one key (the same person gets the same pseudonym in every
table, so tables still join) and cannot be computed without the key. The value is first
brought to its compact form (full-width folded, upper case, spaces and dashes removed), so
``…123x`` and ``…123X`` get the same pseudonym. Output: lower-case ``hex`` (64 characters)
or RFC 4648 ``base32`` (52), optionally truncated to ``length`` characters and prefixed with
the key id (``prefix_key_id``) so that pseudonyms from rotated keys are told apart.

An **unkeyed** hash of an identifier is refused (operator ``hash``): a citizen ID has about
10^10 plausible values (regions × birth dates × sequence numbers), a mobile number 10^9, so a
plain SHA-256 or SM3 of one is reversed by hashing every candidate in hours.

Speed: the key is absorbed once per column (the inner and outer hash states of HMAC are
precomputed and copied per value, RFC 2104, instead of building an HMAC object per value;
for SHA-256 the interpreter's own implementation, whose copy is cheaper than OpenSSL 3's),
a column with repeated values hashes its distinct values only, values are hashed 65,536 at a
time into one NumPy digest matrix, and the hex text of all digests is one C ``hexlify`` call
(base32 one NumPy pass per character position).

>>> from zjgov.security.keys import KeyRing
>>> from zjgov.security.operators import resolve
>>> ring = KeyRing({"k1": bytes(32)})
>>> op = resolve("hmac", key="k1", length=16)
>>> out = op.apply(pd.Series(["11010519491231002x", "11010519491231002X", None]), ring)
>>> out[0] == out[1], len(out[0]), bool(out.isna()[2])
(True, 16, True)
"""

from __future__ import annotations

import binascii
import gc
import hashlib
import importlib
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from zjgov import i18n
from zjgov.errors import ConfigError
from zjgov.security import _text
from zjgov.security.keys import require_sm
from zjgov.security.operators import Context, Operator, Params, register

__all__ = ["Hmac", "UnkeyedHash", "hmac_digests"]

i18n.add(
    {
        "security.hash.refused": (
            "拒绝对标识符做无密钥哈希：身份证号约有 10^10 种可能取值、手机号约 10^9 种，逐一计算哈希即可还原原值；请改用带密钥的 hmac（HMAC-SHA256 或 HMAC-SM3）并提供密钥编号",
            "an unkeyed hash of an identifier is refused: a citizen ID has about 10^10 plausible values and a mobile number 10^9, so hashing every candidate reverses it; use the keyed 'hmac' operator (HMAC-SHA256 or HMAC-SM3) with a key id",
        ),
    }
)

_SLICE = 65_536
_B32 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", np.uint8)


def _constructor(algorithm: str):
    """The hash constructor with the cheapest ``copy()`` for ``algorithm``.

    For SHA-256 that is the interpreter's own implementation (the module ``hashlib`` falls back
    to: ``_sha2`` from Python 3.12, ``_sha256`` before), whose ``copy`` duplicates a small
    struct; OpenSSL 3's copies an EVP context (allocation, provider call, cleanse on free),
    which costs more per value than the compression itself for a short message. Both give
    the same digests (FIPS 180-4); SM3 exists in OpenSSL only.
    """
    if algorithm == "sha256":
        for module in ("_sha2", "_sha256"):
            try:
                return importlib.import_module(module).sha256
            except (ImportError, AttributeError):
                continue
        return hashlib.sha256
    return lambda data=b"": hashlib.new(algorithm, data)


def _states(key: bytes, algorithm: str):
    """The HMAC inner and outer hash states after the padded key block (RFC 2104)."""
    block = 64
    if len(key) > block:
        key = hashlib.new(algorithm, key).digest()
    key = key.ljust(block, b"\0")
    new = _constructor(algorithm)
    inner = new(bytes(b ^ 0x36 for b in key))
    outer = new(bytes(b ^ 0x5C for b in key))
    return inner, outer


def hmac_digests(key: bytes, messages: list[bytes], algorithm: str = "sha256") -> bytes:
    """The HMAC of every message, concatenated (32 bytes each); equal to ``hmac.digest`` per message.

    The key is absorbed once: each value costs two copies of a keyed state, two short updates
    and two finalisations (no re-keying, no HMAC object).

    >>> import hmac
    >>> hmac_digests(b"k" * 16, [b"abc"]) == hmac.digest(b"k" * 16, b"abc", "sha256")
    True
    >>> hmac_digests(b"k" * 80, [b"abc"], "sm3") == hmac.digest(b"k" * 80, b"abc", "sm3")
    True
    """
    inner, outer = _states(key, algorithm)
    icopy, ocopy = inner.copy, outer.copy
    out: list[bytes] = []
    keep = out.append
    paused = gc.isenabled()
    gc.disable()  # a million short-lived bytes objects hold no cycles: no collector passes over them
    try:
        for m in messages:  # inline, not a function mapped per value: one frame fewer per value
            i = icopy()
            i.update(m)
            o = ocopy()
            o.update(i.digest())
            keep(o.digest())
        return b"".join(out)
    finally:
        if paused:
            gc.enable()


def _column_digests(key: bytes, arr: pa.Array, algorithm: str) -> np.ndarray:
    """The HMAC digests of a column without nulls as an ``(n, 32)`` array, computed a slice at a
    time so that the Python bytes objects of one slice stay in the cache and are reused."""
    n = len(arr)
    out = np.empty((n, 32), np.uint8)
    binary = arr.cast(pa.large_binary())
    for start in range(0, n, _SLICE):
        part = binary.slice(start, _SLICE)
        digests = hmac_digests(key, part.to_pylist(), algorithm)
        out[start : start + len(part)] = np.frombuffer(digests, np.uint8).reshape(len(part), 32)
    return out


def encode_digests(digests: bytes | np.ndarray, n: int, encoding: str, length: int | None) -> pa.Array:
    """``n`` concatenated 32-byte digests as hex or base32 text, truncated to ``length`` characters.

    Only the digest bytes the kept characters need are encoded: hex through one C
    ``binascii.hexlify`` call over the whole column, base32 (RFC 4648, each digest padded to
    35 bytes) with NumPy, 40 bits at a time.

    >>> import base64, hashlib
    >>> d = hashlib.sha256(b"abc").digest()
    >>> encode_digests(d, 1, "hex", None)[0].as_py() == d.hex()
    True
    >>> encode_digests(d, 1, "base32", 20)[0].as_py() == base64.b32encode(d).decode()[:20]
    True
    """
    d = digests.reshape(n, 32) if isinstance(digests, np.ndarray) else np.frombuffer(digests, np.uint8).reshape(n, 32)
    if encoding == "hex":
        width = 64 if length is None else length
        need = (width + 1) // 2
        part = d if need == 32 else d[:, :need]
        text = np.frombuffer(binascii.hexlify(np.ascontiguousarray(part).data), np.uint8).reshape(n, 2 * need)
        if width != 2 * need:
            text = text[:, :width]
    else:  # base32: 8 characters per 5 bytes; a digest padded to 35 bytes gives 56, of which 52 are significant
        width = 52 if length is None else length
        groups = -(-width // 8)
        take = min(32, groups * 5)
        word = np.zeros((n, groups, 8), np.uint8)  # each 5-byte group as the low bytes of a big-endian uint64
        flat = np.zeros((n, groups * 5), np.uint8)
        flat[:, :take] = d[:, :take]
        word[:, :, 3:] = flat.reshape(n, groups, 5)
        bits = word.view(">u8").astype(np.uint64).reshape(n * groups)
        text = np.empty((n * groups, 8), np.uint8)
        for j in range(8):  # eight 5-bit characters per 40-bit group, one NumPy pass each
            text[:, j] = _B32[((bits >> np.uint64(35 - 5 * j)) & np.uint64(31)).astype(np.uint8)]
        text = text.reshape(n, groups * 8)[:, :width]
    width = text.shape[1]
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int64)
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(text)))


class HmacParams(Params):
    key: str = Field(..., description="id of the key (no default: a pseudonym without a key is refused)")
    algorithm: Literal["sha256", "sm3"] = "sha256"
    encoding: Literal["hex", "base32"] = "hex"
    length: int | None = Field(None, ge=8, le=64, description="characters kept (at least 8)")
    compact: bool = Field(True, description="hash the compact form (so …x and …X agree)")
    prefix_key_id: bool = Field(False, description="write '<key id>:' before each pseudonym")


@register
class Hmac(Operator):
    """``hmac``: a keyed pseudonym, HMAC-SHA256 (default) or HMAC-SM3, hex or base32."""

    name = "hmac"
    family = "pseudonymisation"
    keyed = True
    Params = HmacParams

    def check(self) -> None:
        if self.params.encoding == "base32" and self.params.length and self.params.length > 52:
            raise ConfigError(
                "base32 假名最长 52 个字符", "a base32 pseudonym has at most 52 characters", field="length"
            )

    def transform(self, column: pd.Series, ctx: Context) -> pa.Array:
        p = self.params
        if p.algorithm == "sm3":
            require_sm("SM3")
        key = ctx.key(self).derive(f"zjgov/hmac-{p.algorithm}")
        arr = _text.as_text(column)
        if p.compact:
            arr = _text.compact(arr)
        text = _pseudonyms(key, arr, p.algorithm, p.encoding, p.length)
        if p.prefix_key_id:
            text = _text.join(p.key + ":", text)
        return text


def _pseudonyms(key: bytes, arr: pa.Array, algorithm: str, encoding: str, length: int | None) -> pa.Array:
    """The encoded HMAC of every value (nulls stay null). A column whose sample is mostly
    distinct is hashed value by value; otherwise its distinct values only."""
    sample = arr.slice(0, 10_000).drop_null()
    if len(sample) and pc.count_distinct(sample).as_py() > 0.9 * len(sample):
        present = arr.drop_null() if arr.null_count else arr
        digests = _column_digests(key, present, algorithm)
        text = encode_digests(digests, len(present), encoding, length)
        if not arr.null_count:
            return text
        return pc.replace_with_mask(pa.nulls(len(arr), pa.large_string()), arr.is_valid(), text)
    encoded = pc.dictionary_encode(arr)
    digests = _column_digests(key, encoded.dictionary, algorithm)
    text = encode_digests(digests, len(encoded.dictionary), encoding, length)
    return text.take(encoded.indices)


for _alg in ("sha256", "sm3"):
    register(
        type(
            f"Hmac_{_alg}",
            (Hmac,),
            {
                "name": f"pseudonym:hmac-{_alg}",
                "Params": type(
                    f"HmacParams_{_alg}",
                    (HmacParams,),
                    {"__annotations__": {"algorithm": Literal[_alg]}, "algorithm": _alg},
                ),
                "__doc__": f"``pseudonym:hmac-{_alg}``: ``hmac`` with HMAC-{_alg.upper()}.",
            },
        )
    )


class HashParams(Params):
    algorithm: str = "sha256"


@register
class UnkeyedHash(Operator):
    """``hash``: always refused — an unkeyed hash of an identifier is reversible by enumeration."""

    name = "hash"
    family = "pseudonymisation"
    Params = HashParams

    def check(self) -> None:
        raise ConfigError(i18n.text("security.hash.refused", "zh"), i18n.text("security.hash.refused", "en"))
