"""Number formatting shared by the HTML and Markdown renderers.

>>> number(1234567), percent(0.98765), score(87.26), score(None)
('1,234,567', '98.8%', '87.3', '—')
"""

from __future__ import annotations

import math

#: What a missing or not-applicable figure prints as.
DASH = "—"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | int | None, digits: int = 0) -> str:
    """A count with thousands separators (``digits`` decimals).

    >>> number(12.5, 1), number(None)
    ('12.5', '—')
    """
    if _missing(value):
        return DASH
    return f"{value:,.{digits}f}"


def percent(rate: float | None, digits: int = 1) -> str:
    """A rate between 0 and 1 as a percentage; never rounds a non-perfect rate up to 100%.

    >>> percent(0.99996), percent(1.0), percent(0)
    ('99.9%', '100.0%', '0.0%')
    """
    if _missing(rate):
        return DASH
    text = f"{rate * 100:.{digits}f}"
    if rate < 1 and float(text) >= 100:
        text = f"{100 - 10**-digits:.{digits}f}"
    return text + "%"


def score(value: float | None, digits: int = 1) -> str:
    """A 0-100 score; like :func:`percent`, 99.99 never shows as 100.

    >>> score(99.99), score(100)
    ('99.9', '100.0')
    """
    if _missing(value):
        return DASH
    text = f"{value:.{digits}f}"
    if value < 100 and float(text) >= 100:
        text = f"{100 - 10**-digits:.{digits}f}"
    return text


def tone(value: float | None, *, good: float = 90.0, warn: float = 60.0) -> str:
    """``good``, ``warn``, ``bad`` or ``none`` for a 0-100 score.

    >>> tone(95), tone(70), tone(10), tone(None)
    ('good', 'warn', 'bad', 'none')
    """
    if _missing(value):
        return "none"
    return "good" if value >= good else "warn" if value >= warn else "bad"
