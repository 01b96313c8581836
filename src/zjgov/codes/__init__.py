"""Standard codes, one module each, all with the same contract.

``compact``, ``validate``, ``is_valid``, ``format``, ``parse`` (where the code has parts) and
``check(column)``. Look a module up by name:

>>> from zjgov import codes
>>> codes.get("citizen_id").is_valid("11010519491231002X")
True
>>> "uscc" in codes.names()
True
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from types import ModuleType
from typing import TYPE_CHECKING, Any

from zjgov.codes._engine import CheckResult, Code
from zjgov.codes.spec import CodeSpec
from zjgov.core import text
from zjgov.core.errors import config_error

if TYPE_CHECKING:
    import pyarrow as pa

#: name -> module path, in the order of docs/codes.md.
_MODULES = {
    "citizen_id": "zjgov.codes.citizen_id",
    "uscc": "zjgov.codes.uscc",
    "org_code": "zjgov.codes.org_code",
    "division": "zjgov.codes.division",
    "mobile": "zjgov.codes.mobile",
    "landline": "zjgov.codes.landline",
    "postcode": "zjgov.codes.postcode",
    "bank_card": "zjgov.codes.bank_card",
    "plate": "zjgov.codes.plate",
    "passport": "zjgov.codes.passport",
    "travel_permit": "zjgov.codes.travel_permit",
    "vin": "zjgov.codes.vin",
    "elicense": "zjgov.codes.elicense",
    "sex": "zjgov.codes.sex",
    "ethnicity": "zjgov.codes.ethnicity",
    "education": "zjgov.codes.education",
    "family_relationship": "zjgov.codes.family_relationship",
}

__all__ = ["CheckResult", "Code", "CodeSpec", "compact_column", "get", "names", "spec"]


def names() -> list[str]:
    """The names of every registered code."""
    return [n for n in _MODULES if _available(n)]


@functools.cache
def _available(name: str) -> bool:
    return importlib.util.find_spec(_MODULES[name]) is not None


def get(name: str) -> ModuleType:
    """The module of code ``name`` (see :func:`names`)."""
    if name not in _MODULES or not _available(name):
        from zjgov.core import config  # only for the error's suggestion (it imports PyYAML)

        best = config.suggest(name, _MODULES)
        raise config_error("unknown_code", name=name + (f" ({best}?)" if best else ""))
    return importlib.import_module(_MODULES[name])


def spec(name: str) -> CodeSpec:
    """The fact sheet of code ``name`` (see :mod:`zjgov.codes.spec`).

    >>> spec("uscc").standard
    'GB 32100-2015'
    """
    return get(name).SPEC


def compact_column(name: str, column: Any) -> pa.Array:
    """The compact form of every cell of ``column`` under code ``name`` (nulls for missing, blank
    and non-text cells), as a ``large_string`` array: the form in which keys, uniqueness and
    foreign keys compare a column bound to that code. Codes without their own rules (code
    tables) use the shared normaliser.

    >>> compact_column("citizen_id", ["11010519491231002x", "１１０１０５ 1949 1231 002X", None]).to_pylist()
    ['11010519491231002X', '11010519491231002X', None]
    """
    code = getattr(get(name), "_CODE", None)
    if isinstance(code, Code):
        return code.compact_column(column)
    return text.compact_column(column)
