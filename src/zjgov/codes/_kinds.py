"""The ``kind=`` option and messages shared by plate, passport and travel_permit (not public API)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from zjgov import i18n
from zjgov.codes import _engine

#: A-Z without I and O (they read as 1 and 0), the letters of plates and document series.
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

i18n.add(
    {
        "component:kind": (
            "{title}：种类不在允许范围内（kind 选项）",
            "{title}: this kind is not accepted here (the kind option)",
        ),
        "component:series": (
            "{title}：号码字头（类别）未知",
            "{title}: the series prefix is unknown",
        ),
    }
)


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
