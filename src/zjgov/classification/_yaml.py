"""YAML and CSV configuration loading that remembers line numbers (not public API).

Mappings load as :class:`LinedDict`, which knows the 1-based line of every key, so that a
validation error can name the file, the line and the field. Parsing is
:func:`zjgov.core.config.loads` (bounded aliases, duplicate keys refused, nesting and integer
limits, unquoted dates kept as text).

>>> d = loads("a: 1\\nb:\\n  c: 2\\n")
>>> d.line_of("b"), d["b"].line_of("c")
(2, 3)
"""

from __future__ import annotations

import os
from typing import Any

from zjgov.core import config


class LinedDict(dict):
    """A dict that remembers the line of each key (``line`` is the line of the mapping)."""

    line: int | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int | None:
        return self.lines.get(key, self.line)


class LinedList(list):
    """A list that remembers the line of each item."""

    line: int | None = None

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines: list[int] = []


def _lined(value: Any, doc: config.Document, path: tuple) -> Any:
    if isinstance(value, dict):
        out = LinedDict()
        out.line = doc.line(path)
        for key, item in value.items():
            out[key] = _lined(item, doc, (*path, key))
            out.lines[key] = doc.lines.get((*path, key), out.line)
        return out
    if isinstance(value, list):
        items = LinedList(_lined(v, doc, (*path, i)) for i, v in enumerate(value))
        items.line = doc.line(path)
        items.lines = [doc.line((*path, i)) for i in range(len(value))]
        return items
    return value


def loads(text: str, *, file: str | None = None) -> Any:
    """Parse YAML ``text`` into LinedDict / LinedList / scalars."""
    doc = config.loads(text, file=file)
    return LinedDict() if doc.data is None else _lined(doc.data, doc, ())


def load(path: str | os.PathLike[str]) -> Any:
    """Read and parse a YAML (or JSON) file."""
    doc = config.load_file(path)
    return LinedDict() if doc.data is None else _lined(doc.data, doc, ())
