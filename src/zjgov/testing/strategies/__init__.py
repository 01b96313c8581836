"""Strategies of valid values and of labelled near misses for every code.

For each code ``X`` there is a strategy of valid values (``citizen_ids(...)``, ``usccs(...)``
…, keyword-only options) and ``X_near_misses(...)``, a strategy of :class:`NearMiss` pairs
``(value, reason)``: a value one mistake away from valid, and the reason code ``validate``
must raise for it. Everything is built from hypothesis primitives, so values shrink towards
the simplest example and runs are reproducible with the usual hypothesis seed.

A strategy loads the reference tables its code's ``validate`` needs when it is *built* (at
``@given`` time), not on the first draw: a test that calls ``validate`` on its first example
stays inside hypothesis' default 200 ms deadline.
"""

from __future__ import annotations

import functools
import importlib

import zjgov.testing  # noqa: F401 - the friendly error when hypothesis is missing
from zjgov import codes
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
__all__ = ["NearMiss", "near_miss_branches", "near_misses", "valid_values"]
_VALID: dict[str, object] = {}
_NEAR: dict[str, object] = {}
_BRANCHES: dict[str, object] = {}


@functools.cache
def _warm(code: str) -> None:
    """Validate the code's example once, so its lazily loaded tables are in memory."""
    codes.get(code).is_valid(codes.spec(code).example)


def _warming(function, code: str):
    @functools.wraps(function)
    def build(*args, **kwargs):
        _warm(code)
        return function(*args, **kwargs)

    return build


for _name in _MODULES:
    try:
        _mod = importlib.import_module(f"zjgov.testing.strategies._{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"zjgov.testing.strategies._{_name}":
            raise
        continue
    for _attr in _mod.__all__:
        globals()[_attr] = _warming(getattr(_mod, _attr), _name)
        __all__.append(_attr)
    _VALID[_name] = globals()[_mod.VALID.__name__]
    _NEAR[_name] = globals()[_mod.NEAR_MISSES.__name__]
    _BRANCHES[_name] = _warming(_mod.NEAR_MISS_BRANCHES, _name)


def valid_values(code: str, **options):
    """The strategy of valid values of ``code`` (by registry name)."""
    return _VALID[code](**options)


def near_misses(code: str, *, branch: str | None = None, **options):
    """The strategy of labelled near misses of ``code`` (by registry name), or of one ``branch``."""
    return _NEAR[code](branch=branch, **options)


def near_miss_branches(code: str, **options) -> dict:
    """The near-miss branches of ``code``: name -> strategy of one kind of mistake, whose reason is
    always the same (so a test can prove every label against ``validate``).

    >>> sorted(near_miss_branches("landline"))[:3]
    ['bad_character', 'extension_of_7', 'local_starts_0_or_1']
    """
    return _BRANCHES[code](**options)
