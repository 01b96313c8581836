"""JSON output shared by every report: UTF-8 text, Chinese kept readable, NaN as ``null``.

>>> import datetime, math
>>> print(dumps({"a": math.nan, "b": datetime.date(2026, 1, 2), "c": {3, 1}}, indent=None))
{"a": null, "b": "2026-01-02", "c": [1, 3]}
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json as _json
import math
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any


def to_jsonable(obj: Any) -> Any:
    """Plain JSON values for pydantic models, dataclasses, NumPy/pandas scalars, dates, paths and sets."""
    if hasattr(obj, "model_dump") and callable(obj.model_dump):
        return to_jsonable(obj.model_dump(mode="json"))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return to_jsonable(dataclasses.asdict(obj))
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (set, frozenset)):
        return [to_jsonable(v) for v in sorted(obj, key=repr)]
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, (_dt.date, _dt.datetime, _dt.time)):
        return obj.isoformat()
    if isinstance(obj, PurePath):
        return str(obj)
    item = getattr(obj, "item", None)  # NumPy scalars
    if callable(item):
        return to_jsonable(item())
    try:
        import pandas as pd

        if obj is pd.NA or obj is pd.NaT:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    raise TypeError(f"cannot write a {type(obj).__name__} as JSON")


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """``obj`` as JSON text (see :func:`to_jsonable`)."""
    return _json.dumps(to_jsonable(obj), ensure_ascii=False, indent=indent, allow_nan=False)
