"""Quality reports: JSON, Markdown and a self-contained HTML page from one :class:`QualityResult`.

:mod:`.content` describes what a report says, once (sections of tables, charts, cards and
sentences in Chinese or English); :mod:`.html` and :mod:`.markdown` draw that description.
The HTML page opens with what a data officer needs at a glance (overall score, the share of
failing rows, pass or fail, the rules that need attention), then the scores per GB/T 36344
dimension, pass rates per rule and per column and the failures by reason, the rule table,
rule errors, failing samples with the most frequent failing values, duplicate groups and the
comparison with a previous run. Chinese by default, ``lang="en"`` for English. Every value is
escaped. :func:`write` keeps an ``index.html`` of the reports in a folder.

>>> result = {"format": "zjgov.quality.result", "version": 1, "created": "2026-01-01T00:00:00Z",
...     "zjgov_version": "0.1.0", "dataset": {"name": "人口<库>", "path": None, "rows": 2, "columns": ["id"]},
...     "ruleset": {"name": "r", "source": None}, "passed": True,
...     "score": {"overall": 100.0, "weights": {}}, "dimensions": [], "rules": []}
>>> page = to_html(result, lang="en")
>>> "Data quality report" in page and "人口&lt;库&gt;" in page and "100.0" in page
True
>>> to_markdown(result).splitlines()[0]
'# 数据质量报告：人口&lt;库&gt;'
"""

from __future__ import annotations

import html as _html
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from zjgov import i18n
from zjgov.errors import ConfigError
from zjgov.quality.report import html, markdown
from zjgov.quality.report.content import WORST, describe, describe_index, load, reason_label
from zjgov.quality.result import QualityResult

__all__ = [
    "FORMATS",
    "INDEX",
    "WORST",
    "describe",
    "load",
    "reason_label",
    "render",
    "to_html",
    "to_json",
    "to_markdown",
    "write",
    "write_index",
]


def to_html(result: QualityResult | Mapping[str, Any], lang: str | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, no script)."""
    return html.render(describe(result, lang))


def to_markdown(result: QualityResult | Mapping[str, Any], lang: str | None = None) -> str:
    """The report as GitHub-flavoured Markdown, with the content of the HTML page (text bars for charts)."""
    return markdown.render(describe(result, lang))


def to_json(result: QualityResult | Mapping[str, Any], *, indent: int | None = 2) -> str:
    """The documented, versioned JSON document."""
    return load(result).to_json(indent=indent)


FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}


def render(result: QualityResult | Mapping[str, Any], format: str, lang: str | None = None) -> str:
    """The report in ``format`` (``html``, ``md`` or ``json``)."""
    if format == "html":
        return to_html(result, lang)
    if format == "md":
        return to_markdown(result, lang)
    if format == "json":
        return to_json(result) + "\n"
    raise ConfigError(
        i18n.text("quality.report.bad_format", "zh", name=format),
        i18n.text("quality.report.bad_format", "en", name=format),
        field="format",
    )


def write(
    result: QualityResult | Mapping[str, Any],
    path: str | os.PathLike[str],
    lang: str | None = None,
    *,
    format: str | None = None,
) -> Path:
    """Write the report to ``path``; the format follows the suffix (``.html``, ``.md``, ``.json``) unless given.

    An HTML report also refreshes the folder's run index (:func:`write_index`).
    """
    path = Path(path)
    chosen = format or FORMATS.get(path.suffix.lower())
    if chosen is None:
        raise ConfigError(
            i18n.text("quality.report.bad_format", "zh", name=path.name),
            i18n.text("quality.report.bad_format", "en", name=path.name),
            file=str(path),
        )
    _write_text(path, render(result, chosen, lang))
    if chosen == "html" and path.name != INDEX:
        write_index(path.parent, lang)
    return path


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"无法写入报告：{exc.strerror}", f"cannot write the report: {exc.strerror}", file=str(path)
        ) from None


#: The index page written beside HTML reports once a folder holds more than one.
INDEX = "index.html"
_META = re.compile(r'<meta name="zjgov-report" content="([^"]*)">')


def write_index(folder: str | os.PathLike[str], lang: str | None = None) -> Path | None:
    """Write ``index.html`` listing the HTML quality reports of ``folder`` (newest first).

    Written once the folder holds two reports or more (and refreshed by every :func:`write`
    of an HTML report there); an ``index.html`` that zjgov did not write is left alone.
    Returns the index path, or ``None`` when none was written.
    """
    folder = Path(folder)
    entries = []
    for page in sorted(folder.glob("*.htm*")):
        if page.name == INDEX:
            continue
        try:
            head = page.read_text(encoding="utf-8", errors="replace")[:20_000]
        except OSError:
            continue
        found = _META.search(head)
        if found:
            try:
                entries.append((page.name, json.loads(_html.unescape(found.group(1)))))
            except ValueError:
                continue
    target = folder / INDEX
    if len(entries) < 2:
        return None
    if target.exists() and 'name="zjgov-index"' not in target.read_text(encoding="utf-8", errors="replace")[:5000]:
        return None
    _write_text(target, html.render(describe_index(folder.name, entries, lang)))
    return target
