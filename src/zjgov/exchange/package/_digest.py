"""SM3 (GB/T 32905) and SHA-256 digests of the files and the manifest of a package, in one streamed pass."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any, Protocol

from zjgov.core import threads
from zjgov.errors import ConfigError
from zjgov.exchange.package._manifest import CHUNK, _message


class DigestUnavailableError(ConfigError):
    """The linked OpenSSL lacks SM3 (FIPS or BoringSSL builds); nothing can be packed or verified."""

    def __init__(self) -> None:
        super().__init__(*_message("package.sm3_unavailable"))


@functools.cache
def sm3_backend() -> str | None:
    """Which SM3 implementation is used: ``"hashlib"`` or ``"cryptography"`` (both OpenSSL), or None.

    Each candidate is probed with the GB/T 32905 test vector ``SM3("abc")``. hashlib's is
    preferred when the system OpenSSL has it because it runs faster here; ``cryptography``'s
    ``hashes.SM3`` is the fallback.

    >>> sm3_backend() in ("hashlib", "cryptography")
    True
    """
    for name in ("hashlib", "cryptography"):
        try:
            h = _SM3(name)
            h.update(b"abc")
            if h.hexdigest() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0":
                return name
        except Exception:  # an unsupported algorithm shows up in many ways
            continue
    return None


class _SM3:
    """An SM3 hash object with the hashlib interface, on either backend."""

    def __init__(self, backend: str) -> None:
        self._final: str | None = None
        if backend == "hashlib":
            self._h: Any = hashlib.new("sm3")
            self._update = self._h.update
        else:
            from cryptography.hazmat.primitives import hashes

            self._h = hashes.Hash(hashes.SM3())
            self._update = self._h.update
        self._backend = backend

    def update(self, data: bytes) -> None:
        self._update(data)

    def hexdigest(self) -> str:
        if self._final is None:
            self._final = self._h.hexdigest() if self._backend == "hashlib" else self._h.finalize().hex()
        return self._final


def new_sm3() -> _SM3:
    """A new SM3 hash object (``update``, ``hexdigest``); raises :class:`DigestUnavailableError`.

    >>> h = new_sm3(); h.update(b"abc"); h.hexdigest()[:16]
    '66c7f0f462eeedd9'
    """
    backend = sm3_backend()
    if backend is None:
        raise DigestUnavailableError()
    return _SM3(backend)


@dataclasses.dataclass(frozen=True)
class FileDigest:
    """Byte size and hex digests of one file."""

    bytes: int
    sha256: str
    sm3: str


class Readable(Protocol):
    """What :func:`digest_stream` reads: anything with ``read(size) -> bytes``."""

    def read(self, size: int, /) -> bytes: ...


def digest_stream(stream: Readable, *, chunk: int = CHUNK, sm3: bool = True) -> FileDigest:
    """SHA-256 and SM3 of a binary stream in one pass, in chunks (bounded memory).

    SM3 runs in a helper thread while this thread reads and computes SHA-256 (both release
    the GIL), so the pass costs about as long as SM3 alone. ``sm3=False`` computes SHA-256
    only (``FileDigest.sm3`` is then empty).

    >>> import io as _io
    >>> digest_stream(_io.BytesIO(b"abc")).sm3[:8]
    '66c7f0f4'
    """
    sha = hashlib.sha256()
    size = 0
    if not sm3:
        while block := stream.read(chunk):
            sha.update(block)
            size += len(block)
        return FileDigest(size, sha.hexdigest(), "")
    h = new_sm3()
    with threads.helper("sm3") as pool:
        pending = None
        while block := stream.read(chunk):
            if pending is not None:
                pending.result()
            pending = pool.submit(h.update, block)
            sha.update(block)
            size += len(block)
        if pending is not None:
            pending.result()
    return FileDigest(size, sha.hexdigest(), h.hexdigest())


def digest_file(path: str | os.PathLike[str]) -> FileDigest:
    """:func:`digest_stream` over a file on disk."""
    with open(path, "rb", buffering=0) as fh:
        return digest_stream(fh)


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def manifest_digest(manifest: Mapping[str, Any]) -> dict[str, str]:
    """SHA-256 and SM3 of the canonical JSON of ``manifest`` without its ``digest`` field.

    This is the *package digest*: send it to the receiver through another channel.
    """
    body = _canonical({k: v for k, v in manifest.items() if k != "digest"})
    sm3 = new_sm3()
    sm3.update(body)
    return {"sha256": hashlib.sha256(body).hexdigest(), "sm3": sm3.hexdigest()}
