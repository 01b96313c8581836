"""The bundled library of common public data elements (公共数据元) for natural and legal persons.

Each element carries the DB33/T 2426-2022 attributes and is bound to its code or code table in
:mod:`zjgov.codes` (公民身份号码 → GB 11643, 性别代码 → GB/T 2261.1, 统一社会信用代码 → GB 32100 …).
Look elements up by Chinese name, English name or identifier; use them in a schema with
``{"use": "公民身份号码", "column": "身份证号"}``. Identifiers are zjgov's own (``ZJGOV.*``), not
official registry identifiers; sensitivity levels are suggestions on the DB33/T 2350 scale.

>>> get("公民身份号码").domain.code
['citizen_id']
>>> get("Unified social credit code").format
'an18'
>>> "成立日期" in names()
True
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml

from zjgov import i18n
from zjgov.errors import ConfigError
from zjgov.exchange.elements import DataElement

__all__ = ["elements", "get", "names", "schema"]

i18n.add({"library.unknown": ("数据元库中没有“{name}”", "the element library has no '{name}'")})


@functools.cache
def _load() -> tuple[DataElement, ...]:
    text = resources.files("zjgov.exchange").joinpath("data/elements.yaml").read_text(encoding="utf-8")
    return tuple(DataElement(**item) for item in yaml.safe_load(text)["elements"])


@functools.cache
def _index() -> dict[str, DataElement]:
    out: dict[str, DataElement] = {}
    for el in _load():
        for key in (el.identifier, el.name_zh, el.name_en, (el.name_en or "").lower()):
            if key:
                out.setdefault(key, el)
    return out


def elements() -> list[DataElement]:
    """Every element of the library, natural persons first."""
    return list(_load())


def names() -> list[str]:
    """The Chinese names of the library's elements."""
    return [el.name_zh or el.column for el in _load()]


def get(name: str) -> DataElement:
    """The element called ``name`` (Chinese or English name, or identifier)."""
    el = _index().get(name) or _index().get(str(name).strip().lower())
    if el is None:
        raise ConfigError(
            i18n.text("library.unknown", "zh", name=name),
            i18n.text("library.unknown", "en", name=name),
            field="use",
        )
    return el


def schema(*names_: str, name: str = "library", primary_key: list[str] | None = None):
    """A schema made of library elements (all of them by default)."""
    from zjgov.exchange.schema import Schema

    chosen = [get(n) for n in names_] if names_ else elements()
    return Schema(name=name, elements=chosen, primary_key=primary_key or [])
