"""Masking of sample values in quality results (not public API).

Failing values are shown masked by default, by the shape of the value: an ID number keeps
its first 4 and last 4 characters (``3301**********123X``), a mobile number its first 3 and
last 4, a USCC its first 2 and last 4, a Chinese name its surname; anything else keeps about
a quarter of its characters at each end (at most 4). Only a handful of samples per rule go
through here, so a scalar function is enough.

>>> mask_value("33010619900101123X")
'3301**********123X'
>>> mask_value("13800138000"), mask_value("张三丰"), mask_value("ab")
('138****8000', '张**', 'a*')
>>> mask_value(None) is None
True
"""

from __future__ import annotations

import re

from zjgov.text import _is_nan

_ID = re.compile(r"[0-9]{17}[0-9Xx]|[0-9]{15}")
_MOBILE = re.compile(r"\+?(?:86)?1[3-9][0-9]{9}")
_USCC = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}")
_HAN = re.compile(r"[\u4e00-\u9fff·]{2,5}")


def mask_value(value: object) -> str | None:
    """The masked display form of one value (``None`` stays ``None``)."""
    if value is None or _is_nan(value):
        return None
    text = str(value)
    n = len(text)
    if n == 0:
        return text
    if _ID.fullmatch(text):
        return _keep(text, 4, 4)
    if _MOBILE.fullmatch(text):
        return _keep(text, n - 8, 4)
    if _USCC.fullmatch(text):
        return _keep(text, 2, 4)
    if _HAN.fullmatch(text):
        return _keep(text, 1, 0)
    if n <= 2:
        return text[0] + "*" * (n - 1)
    k = min(4, max(1, n // 4))
    return _keep(text, k, k)


def _keep(text: str, head: int, tail: int) -> str:
    head, tail = max(head, 0), max(tail, 0)
    if head + tail >= len(text):
        return text[:1] + "*" * (len(text) - 1)
    return text[:head] + "*" * (len(text) - head - tail) + (text[len(text) - tail :] if tail else "")
