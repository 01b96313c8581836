"""Masking of sample values in quality results (not public API).

Which columns are masked is decided by what they hold (:func:`masked_columns`): a column
bound to a code that identifies a person (ID number, phone, bank card …), or classified by
:mod:`zjgov.classification` as personal or sensitive, is masked; a column that identifies
nobody — sex and ethnicity codes, divisions, plain dates and timestamps, status codes — is
shown in clear, so samples of code-table and timeliness rules stay useful.

A masked value is masked by its shape: an ID number keeps
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
from collections.abc import Iterable, Mapping

from zjgov.text import _is_nan

_ID = re.compile(r"[0-9]{17}[0-9Xx]|[0-9]{15}")
_MOBILE = re.compile(r"\+?(?:86)?1[3-9][0-9]{9}")
_USCC = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}")
_HAN = re.compile(r"[\u4e00-\u9fff·]{2,5}")

#: Codes whose values identify nobody: shown in clear.
CLEAR_CODES = frozenset({"sex", "ethnicity", "division", "postcode", "education", "family_relationship"})
#: Personal categories (GB/T 35273) that identify nobody on their own: shown in clear.
ATTRIBUTES = frozenset(
    {
        "person.sex",
        "person.ethnicity",
        "person.nationality",
        "person.age",
        "person.family_relationship",
        "person.education",
        "person.occupation",
    }
)


def masked_columns(columns: Iterable[str], codes: Mapping[str, str]) -> set[str]:
    """Which of ``columns`` show masked samples, judged by code binding, else by column name.

    A column bound to a code is clear only for the codes of :data:`CLEAR_CODES`; another column
    is clear when :func:`zjgov.classification.name_evidence` files its name under a category
    that is neither personal nor sensitive, or under one of :data:`ATTRIBUTES`. A name the
    classifier does not know is masked. (Values are not read, so the decision is the same for
    every batch of the data; :func:`shown` still masks an ID-shaped value in a clear column.)

    >>> sorted(masked_columns(["mz", "gxsj", "xm", "sfzh", "c1"], {"sfzh": "citizen_id"}))
    ['c1', 'sfzh', 'xm']
    """
    columns = list(dict.fromkeys(columns))
    masked = {c for c in columns if c in codes and codes[c] not in CLEAR_CODES}
    rest = [c for c in columns if c not in codes]
    try:
        from zjgov.classification import load_catalogue, name_evidence

        catalogue = load_catalogue()
        hits = {c: name_evidence(c, catalogue) for c in rest}
    except Exception:  # classification unavailable or failing: never show values by accident
        return masked | set(rest)
    for c in rest:
        hit = hits[c]
        cat = catalogue.get(hit.category("general")) if hit is not None else None
        if cat is None or cat.sensitive or (cat.personal and cat.id not in ATTRIBUTES):
            masked.add(c)
    return masked


def shown(value: object, masked: bool) -> str | None:
    """How a sample shows ``value``: masked, or in clear unless it has the shape of an identifier.

    >>> shown("汉", False), shown("11010519491231002X", False), shown("汉族", True)
    ('汉', '1101**********002X', '汉*')
    """
    if value is None or _is_nan(value):
        return None
    text = str(value)
    if masked or _ID.fullmatch(text) or _MOBILE.fullmatch(text) or _USCC.fullmatch(text):
        return mask_value(text)
    return text


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
