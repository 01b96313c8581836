"""GitHub-flavoured Markdown with the same building blocks as :mod:`zjgov.report.html`.

Text from data is escaped: Markdown punctuation is backslash-escaped and ``<``/``&`` become
entities, so a value can neither format the document nor inject HTML.

>>> print(table(["列", "通过率"], [["a|b", "99.0%"]], numeric=[1]))
| 列 | 通过率 |
| --- | ---: |
| a\\|b | 99.0% |
>>> bar(75, 100, width=8)
'██████░░'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from zjgov import i18n

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LEADING = re.compile(r"^(\s*)([#+=-])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
_NEWLINES = re.compile(r"\r\n|[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")  # line breaks and control characters


class Md(str):
    """Markdown that is already safe (not escaped again)."""

    __slots__ = ()


def escape(value: object) -> Md:
    """Escape ``value`` for inline Markdown (one line; ``None`` becomes empty).

    >>> print(escape("<b>*x*</b> | 2026-01-01"), escape("- 1"), escape("12. item"))
    &lt;b&gt;\\*x\\*&lt;/b&gt; \\| 2026-01-01 \\- 1 12\\. item
    """
    if isinstance(value, Md):
        return value
    if value is None:
        return Md("")
    text = _NEWLINES.sub(" ", str(value)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LEADING.sub(r"\1\\\2", text)
    return Md(_ORDERED.sub(r"\1\\\2", text))


def code(value: object) -> Md:
    """Inline code; a value containing backticks gets a longer fence.

    >>> code("a`b")
    '`` a`b ``'
    """
    text = _NEWLINES.sub(" ", "" if value is None else str(value))
    if "`" not in text:
        return Md(f"`{text}`")
    fence = "`" * (max(len(m) for m in re.findall(r"`+", text)) + 1)
    return Md(f"{fence} {text} {fence}")


def bold(value: object) -> Md:
    return Md(f"**{escape(value)}**")


def heading(level: int, value: object) -> Md:
    """``#`` heading of ``level`` (1-6)."""
    if not 1 <= level <= 6:
        raise ValueError("heading level must be 1-6")
    return Md(f"{'#' * level} {escape(value)}")


def bullet_list(items: Iterable[object]) -> Md:
    """One ``- item`` line per item."""
    return Md("\n".join(f"- {escape(item)}" for item in items))


def table(
    columns: Sequence[object], rows: Iterable[Sequence[object]], *, numeric: Iterable[int] = (), lang: str | None = None
) -> Md:
    """A pipe table; cells escaped unless :class:`Md`; ``numeric`` columns right-aligned."""
    num = set(numeric)
    lines = ["| " + " | ".join(escape(c) for c in columns) + " |"]
    lines.append("| " + " | ".join("---:" if i in num else "---" for i in range(len(columns))) + " |")
    count = 0
    for r, cells in enumerate(rows):
        if len(cells) != len(columns):
            raise ValueError(f"row {r} has {len(cells)} cells for {len(columns)} columns")
        lines.append("| " + " | ".join(escape(c) for c in cells) + " |")
        count += 1
    if not count:
        lines.append("| " + " | ".join([escape(i18n.text("report.no_rows", lang))] + [""] * (len(columns) - 1)) + " |")
    return Md("\n".join(lines))


def bar(value: float | None, max_value: float = 100.0, *, width: int = 20, min_value: float = 0.0) -> str:
    """A text bar (``█`` filled, ``░`` empty) from ``min_value`` to ``max_value``; empty for ``None``.

    >>> bar(None, width=4), bar(100, width=4), bar(99.5, width=4), bar(1, width=4), bar(95, min_value=90, width=4)
    ('', '████', '███░', '░░░░', '██░░')
    """
    if value is None or not math.isfinite(value) or max_value <= min_value:
        return ""
    frac = (value - min_value) / (max_value - min_value)
    filled = math.floor(min(max(frac, 0.0), 1.0) * width + 1e-9)  # only 100% fills the bar
    return "█" * filled + "░" * (width - filled)


def document(blocks: Iterable[object]) -> str:
    """Blocks separated by blank lines, ending with one newline."""
    return "\n\n".join(str(b) for b in blocks if b is not None and str(b) != "") + "\n"
