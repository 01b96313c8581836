"""Strategies of valid values and of labelled near misses for every code.

For each code ``X`` there is a strategy of valid values (``citizen_ids(...)``, ``usccs(...)``
…, keyword-only options) and ``X_near_misses(...)``, a strategy of :class:`NearMiss` pairs
``(value, reason)``: a value one mistake away from valid, and the reason code ``validate``
must raise for it. Everything is built from hypothesis primitives, so values shrink towards
the simplest example and runs are reproducible with the usual hypothesis seed.
"""

from __future__ import annotations

import importlib

import zjgov.testing  # noqa: F401 - the friendly error when hypothesis is missing
from zjgov.testing.strategies._base import NearMiss

#: one private module per code, named after it.
_MODULES = (
    "citizen_id",
    "uscc",
    "org_code",
    "division",
    "mobile",
    "landline",
    "postcode",
    "bank_card",
    "plate",
    "passport",
    "travel_permit",
    "vin",
    "elicense",
    "sex",
    "ethnicity",
    "education",
    "family_relationship",
)
__all__ = ["NearMiss", "near_misses", "valid_values"]
_VALID: dict[str, object] = {}
_NEAR: dict[str, object] = {}

for _name in _MODULES:
    try:
        _mod = importlib.import_module(f"zjgov.testing.strategies._{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"zjgov.testing.strategies._{_name}":
            raise
        continue
    for _attr in _mod.__all__:
        globals()[_attr] = getattr(_mod, _attr)
        __all__.append(_attr)
    _VALID[_name] = _mod.VALID
    _NEAR[_name] = _mod.NEAR_MISSES


def valid_values(code: str, **options):
    """The strategy of valid values of ``code`` (by registry name)."""
    return _VALID[code](**options)


def near_misses(code: str, **options):
    """The strategy of labelled near misses of ``code`` (by registry name)."""
    return _NEAR[code](**options)
