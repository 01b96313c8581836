"""YAML and CSV configuration loading that remembers line numbers (not public API).

Mappings load as :class:`LinedDict`, which knows the 1-based line of every key, so that a
validation error can name the file, the line and the field.

>>> d = loads("a: 1\\nb:\\n  c: 2\\n")
>>> d.line_of("b"), d["b"].line_of("c")
(2, 3)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from zjgov import i18n
from zjgov.errors import ConfigError

i18n.add(
    {
        "classification.yaml_error": ("YAML 语法错误：{detail}", "YAML syntax error: {detail}"),
        "classification.file_missing": ("找不到文件", "file not found"),
    }
)


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


def _build(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = LinedDict()
        out.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = _build(key_node)
            out[key] = _build(value_node)
            out.lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        items = LinedList(_build(v) for v in node.value)
        items.line = node.start_mark.line + 1
        items.lines = [v.start_mark.line + 1 for v in node.value]
        return items
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    return yaml.SafeLoader("").construct_object(node, deep=True)


def loads(text: str, *, file: str | None = None) -> Any:
    """Parse YAML ``text`` into LinedDict / LinedList / scalars."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = str(getattr(exc, "problem", None) or exc)
        raise ConfigError(
            i18n.text("classification.yaml_error", "zh", detail=detail),
            i18n.text("classification.yaml_error", "en", detail=detail),
            file=file,
            line=mark.line + 1 if mark else None,
        ) from None
    return LinedDict() if node is None else _build(node)


def load(path: str | os.PathLike[str]) -> Any:
    """Read and parse a YAML (or JSON) file."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(
            i18n.text("classification.file_missing", "zh"),
            i18n.text("classification.file_missing", "en"),
            file=str(path),
        )
    return loads(path.read_text(encoding="utf-8-sig"), file=str(path))
