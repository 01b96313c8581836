"""Normalisation of identifier text (public import path; the implementation and its rules are in
:mod:`zjgov.core.text` and ``docs/normalisation.md``).

>>> compact("３３０１０６ 1990-0101-123x")
'33010619900101123X'
>>> compact("浙Ａ·12345", separators=" ·")
'浙A12345'
"""

from __future__ import annotations

from zjgov.core.text import (
    DASHES,
    DEFAULT_SEPARATORS,
    FULLWIDTH_FIRST,
    FULLWIDTH_LAST,
    FULLWIDTH_SHIFT,
    SPACES,
    compact,
    compact_arrow,
    compact_column,
    is_missing,
    normalise,
    normalise_codepoints,
    to_text,
)

__all__ = [
    "DASHES",
    "DEFAULT_SEPARATORS",
    "FULLWIDTH_FIRST",
    "FULLWIDTH_LAST",
    "FULLWIDTH_SHIFT",
    "SPACES",
    "compact",
    "compact_arrow",
    "compact_column",
    "is_missing",
    "normalise",
    "normalise_codepoints",
    "to_text",
]
