"""Check characters of the standard codes, for one value and for a whole column.

Each algorithm has a scalar function over the body text and a ``…_matrix`` function over a
NumPy matrix of character **values** (one row per code, one column per body position),
returning the check characters as ASCII byte values (``uint8``), so a surrogate generator can
recompute the check characters of a million codes in one weighted sum.

* :func:`mod_11_2` — ISO 7064 MOD 11-2, GB 11643 citizen ID (weights ``2^(17-i) mod 11``, ``X`` = 10);
* :func:`gb32100` — GB 32100 USCC (alphabet without I O S V Z, weights ``3^i mod 31``);
* :func:`gb11714` — GB 11714 organisation code (weights 3 7 9 10 5 8 4 2, ``11 - s mod 11``, 10 → ``X``, 11 → ``0``);
* :func:`luhn` — bank cards (ISO/IEC 7812);
* :func:`vin` — ISO 3779 VIN position 9 (transliteration, weights 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2, ``X`` = 10).

>>> mod_11_2("11010519491231002"), gb32100("91350100M000100Y4"), gb11714("D2143569")
('X', '3', 'X')
>>> luhn("622202000000000789"), vin("1M8GDM9A_KP042788")
('8', 'X')
>>> m = values(np.array([list(b"11010519491231002")], np.uint8), DIGITS)
>>> bytes(mod_11_2_matrix(m))
b'X'
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "DIGITS",
    "GB11714_ALPHABET",
    "USCC_ALPHABET",
    "VIN_ALPHABET",
    "gb11714",
    "gb11714_matrix",
    "gb32100",
    "gb32100_matrix",
    "luhn",
    "luhn_matrix",
    "mod_11_2",
    "mod_11_2_matrix",
    "values",
    "vin",
    "vin_matrix",
]

DIGITS = "0123456789"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
GB11714_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"

_MOD11_2_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int64)
_MOD11_2_CHARS = np.frombuffer(b"10X98765432", np.uint8)
_GB32100_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
_USCC_BYTES = np.frombuffer(USCC_ALPHABET.encode(), np.uint8)
_GB11714_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_GB11714_CHARS = np.frombuffer(b"0123456789X0", np.uint8)  # index 11 - s % 11
_DOUBLE = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.int64)
_VIN_WEIGHTS = np.array([8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2], dtype=np.int64)
_VIN_TRANSLIT = {**{c: int(c) for c in DIGITS}, **dict(zip("ABCDEFGH", range(1, 9)))}
_VIN_TRANSLIT.update(dict(zip("JKLMN", range(1, 6))))
_VIN_TRANSLIT.update({"P": 7, "R": 9})
_VIN_TRANSLIT.update(dict(zip("STUVWXYZ", range(2, 10))))
_VIN_VALUE = np.array([_VIN_TRANSLIT[c] for c in VIN_ALPHABET], dtype=np.int64)
_VIN_CHARS = np.frombuffer(b"0123456789X", np.uint8)


def values(m: np.ndarray, alphabet: str) -> np.ndarray:
    """ASCII byte matrix -> matrix of positions in ``alphabet`` (-1 outside it)."""
    table = np.full(256, -1, dtype=np.int64)
    table[np.frombuffer(alphabet.encode(), np.uint8)] = np.arange(len(alphabet))
    return table[np.asarray(m, dtype=np.uint8)]


def _scalar(body: str, alphabet: str, length: int | None, name: str) -> np.ndarray:
    if length is not None and len(body) != length:
        raise ValueError(f"{name}: the body must have {length} characters / 主体应为 {length} 位")
    v = values(np.frombuffer(body.upper().encode("ascii", "replace"), np.uint8)[None, :], alphabet)
    if (v < 0).any():
        pos = int(np.argmax(v[0] < 0)) + 1
        raise ValueError(f"{name}: character {pos} is outside the alphabet / 第 {pos} 位字符不在字符集中")
    return v


def mod_11_2_matrix(v: np.ndarray) -> np.ndarray:
    """ISO 7064 MOD 11-2 check characters of a ``(n, 17)`` digit-value matrix."""
    return _MOD11_2_CHARS[(v.astype(np.int64) @ _MOD11_2_WEIGHTS) % 11]


def mod_11_2(body: str) -> str:
    """The GB 11643 / ISO 7064 MOD 11-2 check character of 17 digits."""
    return chr(mod_11_2_matrix(_scalar(body, DIGITS, 17, "MOD 11-2"))[0])


def gb32100_matrix(v: np.ndarray) -> np.ndarray:
    """GB 32100 check characters of a ``(n, 17)`` matrix of USCC alphabet values."""
    return _USCC_BYTES[(31 - (v.astype(np.int64) @ _GB32100_WEIGHTS) % 31) % 31]


def gb32100(body: str) -> str:
    """The GB 32100 (USCC) check character of the first 17 characters."""
    return chr(gb32100_matrix(_scalar(body, USCC_ALPHABET, 17, "GB 32100"))[0])


def gb11714_matrix(v: np.ndarray) -> np.ndarray:
    """GB 11714 check characters of a ``(n, 8)`` matrix of values (0-9 → 0-9, A-Z → 10-35)."""
    return _GB11714_CHARS[11 - (v.astype(np.int64) @ _GB11714_WEIGHTS) % 11]


def gb11714(body: str) -> str:
    """The GB 11714 (organisation code) check character of 8 characters."""
    return chr(gb11714_matrix(_scalar(body, GB11714_ALPHABET, 8, "GB 11714"))[0])


def luhn_matrix(v: np.ndarray) -> np.ndarray:
    """Luhn check digits (ASCII) of a ``(n, k)`` digit-value matrix (the body without its check digit)."""
    v = v.astype(np.int64)
    k = v.shape[1]
    doubled = (np.arange(k)[::-1] % 2) == 0  # from the right, the first body digit is doubled
    total = np.where(doubled, _DOUBLE[v], v).sum(axis=1)
    return (48 + (10 - total % 10) % 10).astype(np.uint8)


def luhn(body: str) -> str:
    """The Luhn check digit to append to ``body``."""
    return chr(luhn_matrix(_scalar(body, DIGITS, None, "Luhn"))[0])


def vin_matrix(v: np.ndarray) -> np.ndarray:
    """VIN check characters (position 9) of a ``(n, 17)`` matrix of VIN alphabet values (position 9 ignored)."""
    return _VIN_CHARS[(_VIN_VALUE[v.astype(np.int64)] @ _VIN_WEIGHTS) % 11]


def vin(vin17: str) -> str:
    """The check character of a 17-character VIN (its 9th character is ignored; write any placeholder)."""
    if len(vin17) != 17:
        raise ValueError("VIN: 17 characters are needed / VIN 应为 17 位")
    s = vin17[:8] + "0" + vin17[9:]
    return chr(vin_matrix(_scalar(s, VIN_ALPHABET, 17, "VIN"))[0])
