"""Writing levels into ``zjgov.exchange`` schemas as the 敏感级别 attribute (not public API).

Duck-typed so that classification does not depend on exchange: a schema exposes its data
elements as ``elements`` (a list or a mapping); an element is matched by its identifier,
Chinese name or English name, and gets the level in its sensitivity attribute.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

_NAMES = (
    "name",
    "identifier",
    "id",
    "chinese_name",
    "name_zh",
    "zh_name",
    "english_name",
    "name_en",
    "en_name",
    "column",
)
_LEVEL_ATTRS = ("sensitivity", "sensitivity_level", "sensitive_level", "敏感级别")


def _element_names(element: Any) -> set[str]:
    if isinstance(element, Mapping):
        return {str(element[k]) for k in _NAMES if element.get(k)}
    return {str(getattr(element, k)) for k in _NAMES if getattr(element, k, None)}


def _set_level(element: Any, level: str) -> Any:
    if isinstance(element, Mapping):
        key = next((k for k in _LEVEL_ATTRS if k in element), "敏感级别")
        return {**element, key: level}
    attr = next((k for k in _LEVEL_ATTRS if hasattr(element, k)), None)
    if attr is None:
        return element
    if hasattr(element, "model_validate") and hasattr(element, "model_dump"):  # pydantic: validate again
        return type(element).model_validate({**element.model_dump(exclude_defaults=True), attr: level})
    if dataclasses.is_dataclass(element):
        return dataclasses.replace(element, **{attr: level})
    setattr(element, attr, level)
    return element


def write_levels(schema: Any, levels: Mapping[str, str]) -> Any:
    elements = schema.get("elements") if isinstance(schema, Mapping) else getattr(schema, "elements", None)
    if elements is None:
        return schema
    if isinstance(elements, Mapping):
        updated: Any = {k: _update(v, levels, extra={str(k)}) for k, v in elements.items()}
    else:
        updated = (
            type(elements)(_update(e, levels) for e in elements)
            if isinstance(elements, (list, tuple))
            else [_update(e, levels) for e in elements]
        )
    if isinstance(schema, Mapping):
        return {**schema, "elements": updated}
    if hasattr(schema, "model_copy"):
        return schema.model_copy(update={"elements": updated})
    if dataclasses.is_dataclass(schema):
        return dataclasses.replace(schema, elements=updated)
    schema.elements = updated
    return schema


def _update(element: Any, levels: Mapping[str, str], extra: set[str] = frozenset()) -> Any:
    for name in _element_names(element) | set(extra):
        if name in levels:
            return _set_level(element, levels[name])
    return element
