"""Pieces shared by plate, passport, travel_permit and the code tables (not public API).

The ``kind=`` option, its messages, and :func:`refine`: quick acceptance of the common valid
forms, with the detailed rules run only on the rest.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from zjgov.codes import _engine

#: A-Z without I and O (they read as 1 and 0), the letters of plates and document series.
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def kinds_option(kind: str | Iterable[str] | None, known: tuple[str, ...]) -> frozenset[str] | None:
    """The ``kind=`` option as a frozenset (``None`` = every kind); a ``ConfigError`` for unknown kinds."""
    if kind is None:
        return None
    chosen = frozenset([kind] if isinstance(kind, str) else kind)
    if not chosen or any(k not in known for k in chosen):
        names = ", ".join(known)
        raise _engine.options_error(f"kind 应取自 {names}", f"kind must be taken from {names}")
    return chosen


def fail_kinds(v: _engine.Verdict, kinds: np.ndarray, chosen: frozenset[str] | None, known: tuple[str, ...]) -> None:
    """Fail rows whose kind (index into ``known``) is not chosen."""
    if chosen is not None:
        allowed = np.array(sorted(known.index(k) for k in chosen), dtype=kinds.dtype)
        v.fail(~np.isin(kinds, allowed), "component:kind")


#: character classes for quick acceptance: bit 1 digit, bit 2 letter without I/O (index = code point, 0-255).
DIGIT, LETTER = 1, 2
CLASSES = np.zeros(256, dtype=np.uint8)
CLASSES[0x30:0x3A] = DIGIT
CLASSES[[ord(c) for c in LETTERS]] = LETTER


def classes(m: np.ndarray) -> np.ndarray:
    """The :data:`CLASSES` of a column or matrix of code points (0 for everything else, non-ASCII included)."""
    return CLASSES[np.minimum(m, 255)] if m.dtype != np.uint8 else CLASSES[m]


def refine(m: np.ndarray, v: _engine.Verdict, accepted: np.ndarray, kernel, **options) -> None:
    """Run the detailed ``kernel`` only on the rows a quick test did not accept, and record its verdicts.

    Kernels accept the common valid forms with a few column operations and leave the precise
    reason and position of the rest (usually a small share) to the full rules.
    """
    rest = np.flatnonzero(~accepted)
    if not len(rest):
        return
    sub = _engine.Verdict(len(rest))
    kernel(m[rest], sub, **options)
    for code in np.unique(sub.reason):
        if code:
            sel = sub.reason == code
            mask = np.zeros(len(m), dtype=bool)
            mask[rest[sel]] = True
            position = np.zeros(len(m), dtype=np.int32)
            position[rest[sel]] = sub.position[sel]
            v.fail(mask, _engine.reason_name(int(code)), position)
