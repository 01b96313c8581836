"""One fact sheet per code: what every surface needs to know about a code, declared once.

Each code module declares ``SPEC = CodeSpec(...)``; :func:`zjgov.codes.spec` returns it.
Every surface reads it instead of keeping a table of its own:

============================  =====================================================
field                         read by
============================  =====================================================
``pattern``, ``type_name``    :mod:`zjgov.types` (serialization JSON Schema, type names)
``input_lengths``             the classification detectors (skip hopeless checks)
``max_distinct``              the classification detectors (code tables are small)
``kind == "table"``           the quality profiler (code tables need a higher share)
``unique``                    the profiler's choice of identifier columns for ``unique``
``alphabet``, ``example``     :mod:`zjgov.testing` (check-character defects, warm-up)
``standard_keys``             ``exchange.domains`` (value domains by standard number)
``strategy``                  ``testing.strategies``' name → module table
============================  =====================================================

Patterns are ECMA-262 (JavaScript ``RegExp`` with the ``u`` flag, as JSON Schema and OpenAPI
validators use), and also valid for Python's ``re``/``regex`` and RE2: no named groups, no
``\\d``, no needless escapes. ``pattern`` admits every canonical (compact) valid value;
``input_pattern`` admits every spelling ``check`` normalises (full-width forms, lower case,
the code's separators, spaces and dashes) — both are necessary conditions, the code module
does the real check.

>>> from zjgov import codes
>>> s = codes.spec("citizen_id")
>>> s.standard, s.pattern, s.lengths
('GB 11643-1999', '^(?:[0-9]{17}[0-9X]|[0-9]{15})$', (18, 15))
>>> bool(re.fullmatch(s.input_pattern, "１１０１０５ 19491231 002x"))
True
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

from zjgov.core import text

__all__ = ["CodeSpec"]

Kind = Literal["identifier", "contact", "location", "table"]

_DASHES = "".join(chr(c) for c in text.DASHES)
_SPACES = "".join(chr(c) for c in text.SPACES)


def _escape_class(chars: str) -> str:
    """Characters as the inside of an ECMA-262 character class (only ``\\ ] [ ^ -`` escaped)."""
    out = []
    for c in dict.fromkeys(chars):
        if c in "\\]^-[":
            out.append("\\" + c)
        elif ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in _SPACES or c in _DASHES:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


@dataclasses.dataclass(frozen=True)
class CodeSpec:
    """The facts of one code (see the module docstring for who reads which field)."""

    name: str
    title: tuple[str, str]  #: (Chinese, English)
    standard: str  #: the standard and edition, e.g. ``GB 11643-1999``
    lengths: tuple[int, ...]  #: lengths of the compact form
    pattern: str  #: ECMA-262 pattern of the canonical compact form
    alphabet: str  #: every character of canonical values (non-ASCII included)
    input_lengths: tuple[int, int]  #: plausible lengths as typed, before normalisation
    kind: Kind
    personal: bool  #: identifies or describes a natural person (personal information)
    unique: bool  #: one value per subject: a key candidate the profiler proposes ``unique`` for
    type_name: str  #: the pydantic type in :mod:`zjgov.types`
    separators: str = text.DEFAULT_SEPARATORS  #: removed by ``compact``
    standard_keys: tuple[str, ...] = ()  #: how element sheets write the standard (``GB11643``)
    max_distinct: int | None = None  #: a code table has at most this many distinct values
    example: str = ""  #: a valid canonical value (documentation, smoke tests)
    input_class: str = ""  #: extra ECMA-262 class items allowed as typed (e.g. ``\\u4e00-\\u9fff``, ``+``)

    @property
    def strategy(self) -> str:
        """The hypothesis strategy of valid values: ``zjgov.testing.strategies.valid_values(name)``."""
        return f"zjgov.testing.strategies.valid_values({self.name!r})"

    @property
    def input_pattern(self) -> str:
        """ECMA-262 pattern of what ``check`` may accept as typed (a necessary condition)."""
        chars = set(self.alphabet)
        for c in self.alphabet:
            if "!" <= c <= "~":
                chars.add(chr(ord(c) + text.FULLWIDTH_SHIFT))  # full-width form
                if c.isalpha():
                    chars |= {c.lower(), chr(ord(c.lower()) + text.FULLWIDTH_SHIFT)}
        chars |= set(self.separators) | set(" -") | set(_SPACES) | set(_DASHES)
        ordered = "".join(sorted(chars))
        lo, hi = self.input_lengths
        return f"^[{_escape_class(ordered)}{self.input_class}]{{{lo},{hi}}}$"

    def __post_init__(self) -> None:
        re.compile(self.pattern)
        if self.example and not re.fullmatch(self.pattern, self.example):
            raise ValueError(f"{self.name}: the example does not match the pattern")
