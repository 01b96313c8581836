"""A module imported on first use (internal): scalar checks never pay for pyarrow.

>>> pc = module("pyarrow.compute")
>>> pc.utf8_length(module("pyarrow").array(["ab"])).to_pylist()
[2]
"""

from __future__ import annotations

import importlib
import types
from typing import Any

__all__ = ["module"]


class _Lazy(types.ModuleType):
    """Stands for module ``name`` until an attribute is read, then imports it and copies its names
    (later reads are plain attribute reads; names added afterwards are forwarded)."""

    def __getattr__(self, attr: str) -> Any:
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)
        return getattr(real, attr)


def module(name: str) -> Any:
    """Module ``name``, imported when one of its attributes is first read."""
    return _Lazy(name)
