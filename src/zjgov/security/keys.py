"""Secret keys for keyed operators: providers, a key ring, and a key object that never leaks.

There are no default keys and no default salts. A policy names a key by its **id**; a
provider turns the id into key material: an environment variable (:class:`EnvKeys`), a key
file (:class:`FileKeys`), or a callback to the user's KMS (:class:`CallbackKeys`). The key
id is written into the audit record and into Parquet metadata, so keys can be rotated (a new
id) and old outputs still reversed with the old one.

Key material is at least 16 bytes, written as ``hex:…`` or ``base64:…`` (bare hex is also
accepted). Every operator derives its own subkey with HKDF-SHA256 from the material and a
purpose label, so one key used by two operators never gives related outputs. A
:class:`Key` shows only its id in ``repr`` and ``str``, refuses to be pickled, and no error,
log line, audit record or report ever contains the material.

>>> ring = KeyRing(CallbackKeys(lambda key_id: bytes(range(32))))
>>> key = ring.get("demo-2026")
>>> key
<Key id='demo-2026'>
>>> len(key.derive("zjgov/hmac-sha256"))
32
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from zjgov import _yaml, i18n
from zjgov.errors import KeyMaterialError, ZjgovError

__all__ = [
    "CallbackKeys",
    "EnvKeys",
    "FileKeys",
    "Key",
    "KeyProvider",
    "KeyRing",
    "KeyringError",
    "UnavailableAlgorithm",
    "parse_material",
    "require_sm",
    "sm_available",
]

MIN_BYTES = 16
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")

i18n.add(
    {
        "security.key.missing": (
            "找不到密钥“{key_id}”（已查找：{where}）；zjgov 没有默认密钥，请用 --keys 文件或环境变量 {env} 提供",
            "key '{key_id}' not found (looked in: {where}); zjgov has no default keys: give it in a --keys file or the environment variable {env}",
        ),
        "security.key.short": (
            "密钥“{key_id}”只有 {n} 字节，至少需要 {min} 字节（128 位）",
            "key '{key_id}' has {n} bytes; at least {min} bytes (128 bits) are needed",
        ),
        "security.key.format": (
            "密钥“{key_id}”的格式不正确：应为 hex:… 或 base64:…",
            "key '{key_id}' is malformed: write it as hex:… or base64:…",
        ),
        "security.key.id": (
            "密钥编号“{key_id}”不合规：只能用字母、数字、点、下划线和连字符，最长 64 个字符",
            "key id '{key_id}' is not valid: letters, digits, '.', '_' and '-' only, at most 64 characters",
        ),
        "security.key.file": ("密钥文件 {file} 无法读取：{detail}", "key file {file} cannot be read: {detail}"),
        "security.key.callback": (
            "密钥回调在取密钥“{key_id}”时出错（{detail}）",
            "the key callback failed for key '{key_id}' ({detail})",
        ),
        "security.key.pickle": ("密钥对象不能被序列化（pickle）", "key objects cannot be pickled"),
        "security.sm.missing": (
            "当前 OpenSSL/cryptography 不支持 {name}（国密算法）；请安装带 {name} 的 OpenSSL（cryptography ≥ 35）或改用 AES/SHA-256 算子",
            "{name} (a Chinese commercial cipher) is not available in this OpenSSL/cryptography build; install an OpenSSL with {name} (cryptography >= 35) or use the AES/SHA-256 operator",
        ),
    }
)


class KeyringError(KeyMaterialError):
    """A key is missing, too short or malformed. Names the key id, never the material."""

    def __init__(self, key: str, /, **fields: Any) -> None:
        self.key, self.fields = key, fields
        super().__init__(i18n.both(key, **fields))

    def message(self, lang: str | None = None) -> str:
        return i18n.text(self.key, lang, **self.fields)


class UnavailableAlgorithm(ZjgovError, RuntimeError):
    """SM3 or SM4 is not available in the linked OpenSSL."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(i18n.both("security.sm.missing", name=name))

    def message(self, lang: str | None = None) -> str:
        return i18n.text("security.sm.missing", lang, name=self.name)


class Key:
    """Key material under an id. Only the id is ever shown; pickling is refused."""

    __slots__ = ("_derived", "_material", "id")

    def __init__(self, key_id: str, material: bytes) -> None:
        check_id(key_id)
        if not isinstance(material, (bytes, bytearray)):
            raise KeyringError("security.key.format", key_id=key_id)
        if len(material) < MIN_BYTES:
            raise KeyringError("security.key.short", key_id=key_id, n=len(material), min=MIN_BYTES)
        self.id = key_id
        self._material = bytes(material)
        self._derived: dict[tuple[str, int], bytes] = {}

    def derive(self, purpose: str, length: int = 32) -> bytes:
        """A subkey for one purpose (HKDF-SHA256, info = purpose), cached."""
        got = self._derived.get((purpose, length))
        if got is None:
            hkdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=b"zjgov.security.keys/1", info=purpose.encode())
            got = self._derived[(purpose, length)] = hkdf.derive(self._material)
        return got

    def __repr__(self) -> str:
        return f"<Key id={self.id!r}>"

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError(i18n.both("security.key.pickle"))

    def __getstate__(self):
        raise TypeError(i18n.both("security.key.pickle"))

    def __copy__(self) -> Key:
        return self

    def __deepcopy__(self, memo: dict) -> Key:
        return self


def check_id(key_id: str) -> str:
    if not isinstance(key_id, str) or not _ID.fullmatch(key_id):
        raise KeyringError("security.key.id", key_id=str(key_id)[:64])
    return key_id


def parse_material(text: str | bytes, key_id: str = "?") -> bytes:
    """Key material from ``hex:…``, ``base64:…`` or bare hex text (bytes pass through)."""
    if isinstance(text, (bytes, bytearray)):
        return bytes(text)
    s = str(text).strip()
    try:
        if s.startswith("base64:"):
            return base64.b64decode(s[7:], validate=True)
        if s.startswith("hex:"):
            s = s[4:]
        return binascii.unhexlify(s)
    except (binascii.Error, ValueError):
        raise KeyringError("security.key.format", key_id=key_id) from None


class KeyProvider(Protocol):
    """Anything that turns a key id into key material (``None`` when it has no such key)."""

    def material(self, key_id: str) -> bytes | None: ...

    def describe(self) -> str: ...


class EnvKeys:
    """Keys from environment variables: id ``pseudonym-2026`` → ``ZJGOV_KEY_PSEUDONYM_2026``."""

    def __init__(self, prefix: str = "ZJGOV_KEY_", environ: Mapping[str, str] | None = None) -> None:
        self.prefix = prefix
        self._environ = environ

    def variable(self, key_id: str) -> str:
        return self.prefix + re.sub(r"[^A-Za-z0-9]", "_", key_id).upper()

    def material(self, key_id: str) -> bytes | None:
        env = os.environ if self._environ is None else self._environ
        value = env.get(self.variable(key_id))
        return None if value is None else parse_material(value, key_id)

    def describe(self) -> str:
        return f"${self.prefix}<ID>"

    def __repr__(self) -> str:
        return f"EnvKeys(prefix={self.prefix!r})"


class FileKeys:
    """Keys from a YAML or JSON file: ``keys: {id: "hex:…"}`` (or a plain ``{id: material}`` mapping)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            data, _ = _yaml.load_with_lines(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, Exception) as exc:  # YAML errors quote the text: name the class only
            raise KeyringError("security.key.file", file=str(self.path), detail=type(exc).__name__) from None
        if isinstance(data, Mapping) and isinstance(data.get("keys"), Mapping):
            data = data["keys"]
        if not isinstance(data, Mapping):
            raise KeyringError("security.key.file", file=str(self.path), detail="keys: {id: hex:…}")
        self._keys = {str(k): parse_material(v, str(k)) for k, v in data.items()}

    def material(self, key_id: str) -> bytes | None:
        return self._keys.get(key_id)

    def ids(self) -> list[str]:
        return sorted(self._keys)

    def describe(self) -> str:
        return str(self.path)

    def __repr__(self) -> str:
        return f"FileKeys({str(self.path)!r}, ids={self.ids()!r})"

    def __reduce__(self):
        raise TypeError(i18n.both("security.key.pickle"))


class CallbackKeys:
    """Keys from a callable (e.g. a KMS client): ``fn(key_id) -> bytes | None``."""

    def __init__(self, fn: Callable[[str], bytes | str | None], name: str = "callback") -> None:
        self._fn = fn
        self.name = name

    def material(self, key_id: str) -> bytes | None:
        try:
            got = self._fn(key_id)
        except Exception as exc:  # the message of a KMS error could quote anything: keep its class only
            raise KeyringError("security.key.callback", key_id=key_id, detail=type(exc).__name__) from None
        return None if got is None else parse_material(got, key_id)

    def describe(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"CallbackKeys({self.name!r})"


class KeyRing:
    """Providers asked in order for a key id; found keys are cached as :class:`Key` objects.

    A mapping ``{id: material}`` may be given instead of providers (tests, notebooks).
    """

    def __init__(self, *providers: KeyProvider | Mapping[str, bytes | str]) -> None:
        self.providers: list[KeyProvider] = []
        for p in providers:
            if isinstance(p, Mapping):
                items = dict(p)
                p = CallbackKeys(items.get, name="mapping")
            self.providers.append(p)
        self._cache: dict[str, Key] = {}

    def get(self, key_id: str) -> Key:
        check_id(key_id)
        key = self._cache.get(key_id)
        if key is not None:
            return key
        for p in self.providers:
            material = p.material(key_id)
            if material is not None:
                key = self._cache[key_id] = Key(key_id, material)
                return key
        where = ", ".join(p.describe() for p in self.providers) or "-"
        raise KeyringError("security.key.missing", key_id=key_id, where=where, env=EnvKeys().variable(key_id))

    def __contains__(self, key_id: str) -> bool:
        try:
            self.get(key_id)
        except KeyMaterialError:
            return False
        return True

    def __repr__(self) -> str:
        return f"KeyRing({', '.join(map(repr, self.providers))})"

    def __reduce__(self):
        raise TypeError(i18n.both("security.key.pickle"))


def sm_available() -> dict[str, bool]:
    """Whether SM3 and SM4 work in the linked OpenSSL (probed once per call, cheaply)."""
    return {"SM3": _sm3_ok(), "SM4": _sm4_ok()}


def _sm3_ok() -> bool:
    try:
        return hashlib.new("sm3", b"abc").hexdigest() == SM3_ABC
    except ValueError:
        return False


def _sm4_ok() -> bool:
    try:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        k = bytes.fromhex("0123456789abcdeffedcba9876543210")
        enc = Cipher(algorithms.SM4(k), modes.ECB()).encryptor()
        return (enc.update(k) + enc.finalize()).hex() == SM4_VECTOR
    except Exception:
        return False


#: GB/T 32905-2016 example 1 and GB/T 32907-2016 example 1 (STANDARDS.md item 15).
SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
SM4_VECTOR = "681edf34d206965e86b3e94f536e4246"


def require_sm(name: str) -> None:
    """Raise :class:`UnavailableAlgorithm` unless ``name`` (``SM3`` or ``SM4``) works and gives its standard vector."""
    ok = _sm3_ok() if name == "SM3" else _sm4_ok()
    if not ok:
        raise UnavailableAlgorithm(name)
