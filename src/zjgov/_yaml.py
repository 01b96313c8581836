"""YAML with the line of every key and item, for errors that name the line (not public API).

>>> data, lines = load_with_lines("rules:\\n  - id: a\\n    kind: not_null\\n")
>>> data["rules"][0]["kind"], lines[("rules", 0, "kind")]
('not_null', 3)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import yaml

#: ``aliases(path, key)`` gives further spellings of a key to record the same line under.
Aliases = Callable[[tuple, Any], Iterable[Any]]


def load_with_lines(text: str, aliases: Aliases | None = None) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML (or JSON) into plain data plus ``{key path: 1-based line}``; raises ``yaml.YAMLError``."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[tuple, int] = {}
    if node is None:
        return None, lines
    constructor = yaml.SafeLoader("")

    def build(n: yaml.Node, path: tuple) -> Any:
        lines.setdefault(path, n.start_mark.line + 1)
        if isinstance(n, yaml.MappingNode):
            out = {}
            for k, v in n.value:
                key = constructor.construct_object(k, deep=True)
                lines[(*path, key)] = k.start_mark.line + 1
                for alias in aliases(path, key) if aliases else ():
                    lines.setdefault((*path, alias), k.start_mark.line + 1)
                out[key] = build(v, (*path, key))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(v, (*path, i)) for i, v in enumerate(n.value)]
        return constructor.construct_object(n, deep=True)

    return build(node, ()), lines
