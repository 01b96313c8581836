"""User-defined generalisation hierarchies (自定义泛化层级) as a masking operator.

``generalise:map`` replaces every value by its label in a frozen ``mapping`` (value → label): one
level of a user-defined hierarchy (``杭州 → 浙江 → 华东``), so that the anonymisation search can emit
it in a masking policy and ``zjgov mask`` applies exactly what the search measured. It runs as one
Arrow hash look-up over the whole column (``index_in`` then ``take``). A value the mapping lacks is
an error naming how many and the first row (or, with ``on_invalid: null`` / ``redact``, null or
``***``); nulls stay null.

:func:`load_hierarchies` reads hierarchies from YAML/JSON text, a file or a mapping::

    hierarchies:
      地区:
        values:               # value: [level 1, level 2, …] — every value the same depth
          杭州: [浙江, 华东]
          宁波: [浙江, 华东]
          苏州: [江苏, 华东]
        suppress: true        # a last level "*" (the default)

>>> from zjgov.security.operators import resolve
>>> op = resolve("generalise:map", mapping={"杭州": "浙江", "宁波": "浙江", "苏州": "江苏"})
>>> op.apply(pd.Series(["宁波", None, "苏州"])).tolist()
['浙江', nan, '江苏']
>>> hs = load_hierarchies("hierarchies:\\n  city:\\n    values: {杭州: [浙江], 苏州: [江苏]}\\n")
>>> hs["city"].treatments, hs["city"].rule(1)["mapping"]
(('hierarchy:1', 'suppress'), {'杭州': '浙江', '苏州': '江苏'})
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator

from zjgov import i18n
from zjgov.errors import ConfigError
from zjgov.security import _text
from zjgov.security.operators import LenientParams, Operator, register

__all__ = ["GeneraliseMap", "load_hierarchies"]

i18n.add(
    {
        "security.map.missing": ("不在自定义层级的映射中", "not in the user-defined hierarchy's mapping"),
        "security.map.empty": ("映射不能为空", "the mapping cannot be empty"),
        "security.map.duplicate": ("映射中的取值重复", "a value appears twice in the mapping"),
        "security.map.file": (
            "泛化层级应写成 hierarchies → 列名 → values → 取值: [第 1 层, …]：{detail}",
            "hierarchies are written hierarchies → column → values → value: [level 1, …]: {detail}",
        ),
    }
)


class MapParams(LenientParams):
    """``mapping``: value → label (given as a mapping; kept as sorted pairs, so it is frozen and hashable)."""

    mapping: tuple[tuple[str, str], ...] = Field(..., description="value -> its generalisation")

    @field_validator("mapping", mode="before")
    @classmethod
    def _pairs(cls, v: Any) -> Any:
        if isinstance(v, Mapping):
            items = [(str(k), str(x)) for k, x in v.items()]
        elif isinstance(v, list | tuple):
            items = [(str(p[0]), str(p[1])) for p in v]
        else:
            return v
        if not items:
            raise ValueError(i18n.both("security.map.empty"))
        if len({k for k, _ in items}) != len(items):
            raise ValueError(i18n.both("security.map.duplicate"))
        return tuple(sorted(items))


@register
class GeneraliseMap(Operator):
    """``generalise:map``: each value to its label in ``mapping`` (one level of a user-defined hierarchy)."""

    name = "generalise:map"
    family = "generalisation"
    Params = MapParams

    def transform(self, column: pd.Series, ctx: Any) -> pa.Array:
        arr = _text.as_text(column)
        keys = pa.array([k for k, _ in self.params.mapping], pa.large_string())
        labels = pa.array([x for _, x in self.params.mapping], pa.large_string())
        idx = pc.index_in(arr, value_set=keys)
        bad = pc.and_(pc.is_null(idx), arr.is_valid()).to_numpy(zero_copy_only=False)
        if bad.any():
            why = (i18n.text("security.map.missing", "zh"), i18n.text("security.map.missing", "en"))
            ctx.reject(self, bad, column.index, why)
        return pc.take(labels, idx)

    def describe(self) -> dict[str, Any]:
        d = super().describe()
        d["params"]["mapping"] = dict(self.params.mapping)
        return d


def load_hierarchies(source: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    """Column → :class:`~zjgov.security.anonymise.Hierarchy` from YAML/JSON text, a file or a mapping."""
    from zjgov.security import anonymise as an

    if isinstance(source, Mapping):
        data: Any = source
    else:
        import yaml

        if _is_file(source):
            try:
                text = Path(source).read_text(encoding="utf-8")
            except FileNotFoundError:
                raise ConfigError("找不到泛化层级文件", "hierarchies file not found", file=str(source)) from None
        else:
            text = str(source)
        data = yaml.safe_load(text)
    body = data.get("hierarchies") if isinstance(data, Mapping) else None
    if not isinstance(body, Mapping):
        raise ConfigError(*_file_error("the top level needs a mapping 'hierarchies'"), field="hierarchies")
    out = {}
    for column, spec in body.items():
        if not isinstance(spec, Mapping) or not isinstance(spec.get("values"), Mapping):
            raise ConfigError(*_file_error(f"{column}: needs 'values'"), field=f"hierarchies.{column}")
        rows = {k: (v if isinstance(v, list | tuple) else [v]) for k, v in spec["values"].items()}
        try:
            out[str(column)] = an.user(rows, suppress=bool(spec.get("suppress", True)))
        except ValueError as exc:
            raise ConfigError(*_file_error(f"{column}: {exc}"), field=f"hierarchies.{column}") from None
    return out


def _is_file(source: str | Path) -> bool:
    if isinstance(source, Path):
        return True
    return "\n" not in source and len(source) < 4096 and Path(source).is_file()


def _file_error(detail: str) -> tuple[str, str]:
    return i18n.text("security.map.file", "zh", detail=detail), i18n.text("security.map.file", "en", detail=detail)
