"""Reversible operators: deterministic tokens (AES-SIV, SM4-SIV) and FF1 format-preserving encryption.

All three are deterministic for one key — the same value always gives the same token, so
tokenised tables still join — and :meth:`~zjgov.security.operators.Operator.reverse` gives
the value back with the key.

* ``token:aes-siv`` — AES-SIV (RFC 5297, ``cryptography``'s ``AESSIV``, 256-bit key), the
  token is ``base64url(SIV ‖ ciphertext)``; authenticated: a changed token fails to reverse.
* ``token:sm4-siv`` — zjgov's SIV construction over the Chinese commercial algorithms: the
  synthetic IV is ``HMAC-SM3(k1, value)[:16]`` and the ciphertext ``SM4-CTR(k2, IV, value)``
  (the SIV pattern of RFC 5297 with HMAC-SM3 as the PRF). Not a GM/T standard mode;
  documented as a local construction. The counter blocks of every value are encrypted in
  one SM4-ECB call.
* ``fpe:ff1`` — FF1 over an alphabet (digits by default), AES or SM4
  (:class:`~zjgov.security.fpe.FF1`), the output has the input's length and alphabet.

With ``prefix_key_id`` a token starts with ``<key id>:``, so tokens made under a rotated key
are reversed with the key they were made with.

>>> from zjgov.security.keys import KeyRing
>>> from zjgov.security.operators import resolve
>>> ring = KeyRing({"t1": bytes(range(32))})
>>> op = resolve("fpe:ff1", key="t1")
>>> out = op.apply(pd.Series(["330106199001011234", None]), ring)
>>> len(out[0]), out[0].isdigit(), op.reverse(out, ring)[0]
(18, True, '330106199001011234')
>>> tok = resolve("token:sm4-siv", key="t1")
>>> t = tok.apply(pd.Series(["张三"]), ring)
>>> tok.reverse(t, ring)[0]
'张三'
"""

from __future__ import annotations

import base64
import warnings
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from pydantic import Field

from zjgov import i18n
from zjgov.errors import ConfigError
from zjgov.security import _text
from zjgov.security.fpe import (
    FF1,
    FF3_1,
    WithdrawnAlgorithmWarning,
    check_domain,
    decode_text,
    encode_text,
    fixed_width_rows,
    rows_matrix,
)
from zjgov.security.keys import require_sm
from zjgov.security.operators import Context, Operator, OperatorError, Params, _row_label, register
from zjgov.security.pseudonyms import hmac_digests

__all__ = ["Ff1", "Ff3", "TokenAesSiv", "TokenSm4Siv"]

i18n.add(
    {
        "security.token.bad": (
            "列“{column}”：{count} 个令牌无法还原（已被改动、密钥不对或不是令牌），首个在第 {row} 行",
            "column '{column}': {count} tokens cannot be reversed (changed, wrong key, or not a token); the first at row {row}",
        ),
    }
)


class TokenParams(Params):
    key: str = Field(..., description="id of the key")
    prefix_key_id: bool = Field(False, description="write '<key id>:' before each token")


def _b64(raw: list[bytes]) -> pa.Array:
    return pa.array([base64.urlsafe_b64encode(r).rstrip(b"=").decode() for r in raw], pa.large_string())


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class _Token(Operator):
    family = "cryptographic"
    reversible = True
    keyed = True
    Params = TokenParams

    def encrypt_all(self, key, values: list[bytes]) -> list[bytes]:
        raise NotImplementedError

    def decrypt_all(self, key, tokens: list[bytes]) -> list[bytes | None]:
        raise NotImplementedError

    def transform(self, column: pd.Series, ctx: Context) -> pa.Array:
        key = ctx.key(self)
        arr = _text.as_text(column)
        encoded = pc.dictionary_encode(arr)
        values = encoded.dictionary.cast(pa.large_binary()).to_pylist()
        out = _b64(self.encrypt_all(key, values))
        if self.params.prefix_key_id:
            out = _text.join(self.params.key + ":", out)
        return out.take(encoded.indices)

    def untransform(self, column: pd.Series, ctx: Context) -> pa.Array:
        arr = _text.as_text(column)
        encoded = pc.dictionary_encode(arr)
        tokens = encoded.dictionary.to_pylist()
        plain: list[str | None] = [None] * len(tokens)
        by_key: dict[str, list[int]] = {}
        for i, tok in enumerate(tokens):
            key_id = self.params.key
            if self.params.prefix_key_id and ":" in tok:
                key_id, tok = tok.split(":", 1)
                tokens[i] = tok
            by_key.setdefault(key_id, []).append(i)
        bad = np.zeros(len(tokens), bool)
        for key_id, idx in by_key.items():
            key = ctx.keys.get(key_id) if ctx.keys is not None else ctx.key(self)
            raw = []
            for i in idx:
                try:
                    raw.append(_unb64(tokens[i]))
                except ValueError:
                    raw.append(b"")
            for i, p in zip(idx, self.decrypt_all(key, raw)):
                if p is None:
                    bad[i] = True
                else:
                    try:
                        plain[i] = p.decode("utf-8")
                    except UnicodeDecodeError:
                        bad[i] = True
        if bad.any():
            rows = np.flatnonzero(
                bad[encoded.indices.fill_null(0).to_numpy(zero_copy_only=False)]
                & arr.is_valid().to_numpy(zero_copy_only=False)
            )
            raise OperatorError(
                "security.token.bad", column=ctx.column or "", count=len(rows), row=_row_label(column.index, rows[0])
            )
        return pa.array(plain, pa.large_string()).take(encoded.indices)


@register
class TokenAesSiv(_Token):
    """``token:aes-siv``: deterministic authenticated encryption, AES-SIV with a 256-bit key."""

    name = "token:aes-siv"

    def encrypt_all(self, key, values):
        siv = AESSIV(key.derive("zjgov/token-aes-siv", 32))
        return [siv.encrypt(v, None) for v in values]

    def decrypt_all(self, key, tokens):
        siv = AESSIV(key.derive("zjgov/token-aes-siv", 32))
        out: list[bytes | None] = []
        for t in tokens:
            try:
                out.append(siv.decrypt(t, None))
            except (InvalidTag, ValueError):
                out.append(None)
        return out


def _ctr_keystream(k2: bytes, ivs: np.ndarray, nblocks: int) -> np.ndarray:
    """SM4-CTR keystream of ``nblocks`` blocks for each 16-byte IV (128-bit big-endian counter), in one ECB call."""
    hi = ivs[:, :8].copy().view(">u8").astype(np.uint64)[:, 0]
    lo = ivs[:, 8:].copy().view(">u8").astype(np.uint64)[:, 0]
    j = np.arange(nblocks, dtype=np.uint64)
    lo2 = lo[:, None] + j[None, :]
    hi2 = hi[:, None] + (lo2 < lo[:, None]).astype(np.uint64)  # carry
    counters = np.empty((len(ivs), nblocks, 2), dtype=">u8")
    counters[:, :, 0] = hi2
    counters[:, :, 1] = lo2
    enc = Cipher(algorithms.SM4(k2), modes.ECB()).encryptor()
    stream = enc.update(counters.tobytes()) + enc.finalize()
    return np.frombuffer(stream, np.uint8).reshape(len(ivs), nblocks * 16)


def _sm4_keys(key) -> tuple[bytes, bytes]:
    require_sm("SM3")
    require_sm("SM4")
    return key.derive("zjgov/token-sm4-siv/mac", 32), key.derive("zjgov/token-sm4-siv/enc", 16)


def _xor_groups(k2: bytes, ivs: np.ndarray, data: list[bytes]) -> list[bytes]:
    """CTR-encrypt (or decrypt) each value with its IV; values grouped by length so each group is one matrix."""
    out: list[bytes] = [b""] * len(data)
    lengths = np.array([len(d) for d in data], dtype=np.int64)
    for width in np.unique(lengths):
        idx = np.flatnonzero(lengths == width)
        if width == 0:
            continue
        nb = -(-int(width) // 16)
        stream = _ctr_keystream(k2, ivs[idx], nb)[:, :width]
        m = np.frombuffer(b"".join(data[i] for i in idx), np.uint8).reshape(len(idx), width)
        x = (m ^ stream).tobytes()
        for k, i in enumerate(idx):
            out[i] = x[k * width : (k + 1) * width]
    return out


@register
class TokenSm4Siv(_Token):
    """``token:sm4-siv``: deterministic authenticated encryption with SM3 and SM4 (zjgov's SIV construction)."""

    name = "token:sm4-siv"

    def encrypt_all(self, key, values):
        k1, k2 = _sm4_keys(key)
        ivs = np.frombuffer(hmac_digests(k1, values, "sm3"), np.uint8).reshape(len(values), 32)[:, :16]
        ct = _xor_groups(k2, ivs, values)
        return [ivs[i].tobytes() + ct[i] for i in range(len(values))]

    def decrypt_all(self, key, tokens):
        k1, k2 = _sm4_keys(key)
        ok = [len(t) >= 16 for t in tokens]
        ivs = np.frombuffer(b"".join(t[:16] if o else bytes(16) for t, o in zip(tokens, ok)), np.uint8).reshape(-1, 16)
        plain = _xor_groups(k2, ivs, [t[16:] if o else b"" for t, o in zip(tokens, ok)])
        check = np.frombuffer(hmac_digests(k1, plain, "sm3"), np.uint8).reshape(len(tokens), 32)[:, :16]
        good = (check == ivs).all(axis=1) & np.array(ok, dtype=bool)
        return [p if g else None for p, g in zip(plain, good)]


class Ff1Params(Params):
    key: str = Field(..., description="id of the key")
    alphabet: str = Field("0123456789", min_length=2, description="ASCII characters, each value's numerals")
    cipher: Literal["aes", "sm4"] = "aes"
    key_bits: Literal[128, 192, 256] | None = Field(None, description="AES key size (default 256); SM4 is always 128")
    tweak: str = Field("", description="FF1 tweak (text); the same tweak is needed to reverse")


@register
class Ff1(Operator):
    """``fpe:ff1``: FF1 over ``alphabet`` (AES, or the SM4 local variant); same length, same alphabet.

    Values are grouped by length; each group is one vectorised FF1 call. A value shorter than
    the domain rule allows (``len(alphabet)**length < 10**6``) is an error, as is a character
    outside the alphabet (row and position given, never the value).
    """

    name = "fpe:ff1"
    family = "cryptographic"
    reversible = True
    keyed = True
    preserves_format = True
    Params = Ff1Params

    def check(self) -> None:
        a = self.params.alphabet
        if len(set(a)) != len(a) or not a.isascii():
            raise ConfigError(
                "alphabet 应为不重复的 ASCII 字符", "the alphabet must be distinct ASCII characters", field="alphabet"
            )
        if self.params.cipher == "sm4" and self.params.key_bits not in (None, 128):
            raise ConfigError("SM4 的密钥固定为 128 位", "SM4 keys are 128 bits", field="key_bits")

    def engine(self, ctx: Context) -> FF1:
        p = self.params
        bits = 128 if p.cipher == "sm4" else p.key_bits or 256
        key = ctx.key(self).derive(f"zjgov/ff1-{p.cipher}-{bits}", bits // 8)
        return FF1(key, len(p.alphabet), cipher=p.cipher, tweak=p.tweak.encode())

    def _run(self, column: pd.Series, ctx: Context, encrypt: bool) -> pa.Array:
        ff1 = self.engine(ctx)
        alphabet = self.params.alphabet
        arr = _text.as_text(column)
        if not _text._ascii(arr):
            bad = ~pc.string_is_ascii(arr).fill_null(True).to_numpy(zero_copy_only=False)
            raise _alphabet_error(ctx, column.index, bad, np.zeros(len(arr), np.int64))
        pieces: list[tuple[np.ndarray, np.ndarray]] = []
        for width, rows in fixed_width_rows(arr).items():
            m = rows_matrix(arr, rows, width)
            x = encode_text(m, alphabet)
            if (x < 0).any():
                bad_rows = (x < 0).any(axis=1)
                full = np.zeros(len(arr), bool)
                full[rows[bad_rows]] = True
                pos = np.zeros(len(arr), np.int64)
                pos[rows[bad_rows]] = (x[bad_rows] < 0).argmax(axis=1) + 1
                raise _alphabet_error(ctx, column.index, full, pos)
            check_domain(len(alphabet), width)
            y = ff1.encrypt(x) if encrypt else ff1.decrypt(x)
            pieces.append((rows, decode_text(y, alphabet)))
        return _assemble(arr, pieces)

    def transform(self, column, ctx):
        return self._run(column, ctx, True)

    def untransform(self, column, ctx):
        return self._run(column, ctx, False)


class Ff3Params(Params):
    key: str = Field(..., description="id of the key")
    alphabet: str = Field("0123456789", min_length=2, description="ASCII characters, each value's numerals")
    key_bits: Literal[128, 192, 256] | None = Field(None, description="AES key size (default 256)")
    tweak: str = Field(
        ...,
        pattern=r"^(?:[0-9A-Fa-f]{14}|[0-9A-Fa-f]{16})$",
        description="the legacy system's tweak in hex: 14 digits (FF3-1, 56 bits) or 16 (FF3)",
    )
    raw_key: bool = Field(
        False,
        description="use the key material itself (16, 24 or 32 bytes) instead of a derived subkey, to match "
        "the ciphertexts of another FF3-1 implementation holding the same key",
    )


@register
class Ff3(Ff1):
    """``fpe:ff3-1``: FF3-1 with AES over ``alphabet`` — **withdrawn by NIST** (SP 800-38G Rev. 1
    second public draft, 2025), for interoperability with legacy systems only; building it warns
    (:class:`~zjgov.security.fpe.WithdrawnAlgorithmWarning`). Same grouping, errors and
    reversal as ``fpe:ff1``; use ``fpe:ff1`` for new data."""

    name = "fpe:ff3-1"
    Params = Ff3Params

    def check(self) -> None:
        a = self.params.alphabet
        if len(set(a)) != len(a) or not a.isascii():
            raise ConfigError(
                "alphabet 应为不重复的 ASCII 字符", "the alphabet must be distinct ASCII characters", field="alphabet"
            )
        warnings.warn(i18n.both("security.ff3.withdrawn"), WithdrawnAlgorithmWarning, stacklevel=2)

    def engine(self, ctx: Context) -> FF3_1:
        p = self.params
        key = ctx.key(self)
        if p.raw_key:
            material = key._material
            if len(material) not in (16, 24, 32) or (p.key_bits and len(material) * 8 != p.key_bits):
                raise ConfigError(
                    f"密钥“{key.id}”的长度不是 AES 密钥长度（16、24 或 32 字节）",
                    f"key '{key.id}' is not an AES key length (16, 24 or 32 bytes)",
                    field="key",
                )
        else:
            bits = p.key_bits or 256
            material = key.derive(f"zjgov/ff3-1-aes-{bits}", bits // 8)
        with warnings.catch_warnings():  # warned once, when the operator was built
            warnings.simplefilter("ignore", WithdrawnAlgorithmWarning)
            return FF3_1(material, len(p.alphabet), tweak=bytes.fromhex(p.tweak))


def _alphabet_error(ctx: Context, index: pd.Index, bad: np.ndarray, pos: np.ndarray) -> OperatorError:
    rows = np.flatnonzero(bad)
    return OperatorError(
        "security.fpe.alphabet",
        column=ctx.column or "",
        count=len(rows),
        row=_row_label(index, rows[0]),
        position=int(pos[rows[0]]) or 1,
    )


def _assemble(arr: pa.Array, pieces: list[tuple[np.ndarray, np.ndarray]]) -> pa.Array:
    """Rebuild a string array of the same byte lengths from per-length groups of rewritten rows."""
    from zjgov.security._text import offsets_data

    offs, data = offsets_data(arr)
    start = int(offs[0])
    rel = (offs - start).astype(np.int64)
    if len(pieces) == 1 and len(pieces[0][0]) == len(arr) and not arr.null_count:
        body = np.ascontiguousarray(pieces[0][1]).reshape(-1)  # one length, every row: the matrix is the buffer
        return pa.LargeStringArray.from_buffers(len(arr), pa.py_buffer(rel), pa.py_buffer(body))
    body = data[start : int(offs[-1])].copy()
    for rows, m in pieces:
        width = m.shape[1]
        idx = rel[:-1][rows][:, None] + np.arange(width)
        body[idx] = m
    out = pa.LargeStringArray.from_buffers(len(arr), pa.py_buffer(rel), pa.py_buffer(body))
    if arr.null_count:
        out = pc.if_else(arr.is_valid(), out, pa.scalar(None, pa.large_string()))
    return out
