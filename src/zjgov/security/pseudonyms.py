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

Speed: distinct values are hashed once; the key is absorbed once per column (the inner and
outer hash states of HMAC are precomputed and copied per value, RFC 2104), and the hex or
base32 text of all digests is built in one NumPy pass.

>>> from zjgov.security.keys import KeyRing
>>> from zjgov.security.operators import resolve
>>> ring = KeyRing({"k1": bytes(32)})
>>> op = resolve("hmac", key="k1", length=16)
>>> out = op.apply(pd.Series(["11010519491231002x", "11010519491231002X", None]), ring)
>>> out[0] == out[1], len(out[0]), bool(out.isna()[2])
(True, 16, True)
"""

from __future__ import annotations

import base64
import hashlib
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

_HEX = np.frombuffer(b"0123456789abcdef", np.uint8)


def _states(key: bytes, algorithm: str):
    """The HMAC inner and outer hash states after the padded key block (RFC 2104)."""
    block = 64
    if len(key) > block:
        key = hashlib.new(algorithm, key).digest()
    key = key.ljust(block, b"\0")
    inner = hashlib.new(algorithm, bytes(b ^ 0x36 for b in key))
    outer = hashlib.new(algorithm, bytes(b ^ 0x5C for b in key))
    return inner, outer


def hmac_digests(key: bytes, messages: list[bytes], algorithm: str = "sha256") -> bytes:
    """The HMAC of every message, concatenated (32 bytes each); equal to ``hmac.digest`` per message.

    >>> import hmac
    >>> hmac_digests(b"k" * 16, [b"abc"]) == hmac.digest(b"k" * 16, b"abc", "sha256")
    True
    """
    inner, outer = _states(key, algorithm)
    icopy, ocopy = inner.copy, outer.copy

    def one(m: bytes) -> bytes:
        i = icopy()
        i.update(m)
        o = ocopy()
        o.update(i.digest())
        return o.digest()

    return b"".join(map(one, messages))


def encode_digests(digests: bytes, n: int, encoding: str, length: int | None) -> pa.Array:
    """``n`` concatenated 32-byte digests as hex or base32 text, truncated to ``length`` characters."""
    d = np.frombuffer(digests, np.uint8).reshape(n, 32)
    if encoding == "hex":
        text = np.empty((n, 64), np.uint8)
        text[:, 0::2] = _HEX[d >> 4]
        text[:, 1::2] = _HEX[d & 15]
    else:  # base32 of each digest padded to 35 bytes (7 groups of 5): 56 characters, 52 significant
        padded = np.zeros((n, 35), np.uint8)
        padded[:, :32] = d
        text = np.frombuffer(base64.b32encode(padded.tobytes()), np.uint8).reshape(n, 56)[:, :52]
    if length is not None:
        text = text[:, :length]
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
        encoded = pc.dictionary_encode(arr)
        uniq = encoded.dictionary
        messages = uniq.cast(pa.large_binary()).to_pylist()
        text = encode_digests(hmac_digests(key, messages, p.algorithm), len(uniq), p.encoding, p.length)
        if p.prefix_key_id:
            text = _text.join(p.key + ":", text)
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
