"""YAML with the line of every key and item (not public API; kept for existing importers).

New code calls :func:`zjgov.core.config.loads`, which this wraps: the same limits (bounded
aliases, no duplicate keys, nesting and integer bounds, dates as text) apply here.

>>> data, lines = load_with_lines("rules:\\n  - id: a\\n    kind: not_null\\n")
>>> data["rules"][0]["kind"], lines[("rules", 0, "kind")]
('not_null', 3)
"""

from __future__ import annotations

from typing import Any

import yaml

from zjgov.core import config
from zjgov.core.config import Aliases
from zjgov.core.errors import ConfigError


class LoadError(yaml.MarkedYAMLError):
    """A :class:`ConfigError` of the core loader, shaped as the ``yaml.YAMLError`` callers of
    :func:`load_with_lines` catch (``problem`` and ``problem_mark.line``, 0-based)."""

    def __init__(self, error: ConfigError) -> None:
        mark = yaml.Mark("<config>", 0, (error.line or 1) - 1, 0, None, None) if error.line else None
        super().__init__(problem=error.message_en, problem_mark=mark)
        self.config_error = error


def load_with_lines(text: str, aliases: Aliases | None = None) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML (or JSON) into plain data plus ``{key path: 1-based line}``; raises ``yaml.YAMLError``."""
    try:
        doc = config.loads(text, aliases=aliases)
    except ConfigError as exc:
        raise LoadError(exc) from None
    return doc.data, doc.lines
