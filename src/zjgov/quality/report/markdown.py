"""Draws a report's :mod:`content <zjgov.quality.report.content>` as GitHub-flavoured Markdown
(charts as text bars in tables; every value escaped)."""

from __future__ import annotations

from typing import Any

from zjgov.quality.report import content as c
from zjgov.report import fmt
from zjgov.report import markdown as md

_MARKS = {"good": "✓", "bad": "✗", "warn": "✗"}


def render(report: c.Report) -> str:
    """The document: a title, the subtitle, then every section."""
    out: list[object] = [md.heading(1, report.title)]
    if report.subtitle:
        out.append(md.escape(report.subtitle))
    for s in report.sections:
        out.append(md.heading(2, s.title))
        if s.intro:
            out.append(md.escape(s.intro))
        for b in s.blocks:
            out.extend(_block(b, report.lang))
    return md.document(out)


def _cell(cell: Any) -> md.Md:
    if isinstance(cell, c.Code):
        return md.code(cell.text)
    if isinstance(cell, c.Badge):
        mark = _MARKS.get(cell.tone or "", "⚠" if cell.tone == "none" else "")
        return md.Md(f"{mark} {md.escape(cell.text)}".strip())
    if isinstance(cell, c.Link):
        return md.Md(f"[{md.escape(cell.text)}](<{cell.href}>)")
    if isinstance(cell, c.Lines):
        first, *notes = cell.parts
        return md.Md(" · ".join([_cell(first), *(_cell(n) for n in notes)]))
    return md.escape(cell)


def _block(b: Any, lang: str) -> list[object]:
    if isinstance(b, c.Paragraph):
        return [md.escape(b.text)]
    if isinstance(b, c.Heading):
        return [md.heading(3, b.text)]
    if isinstance(b, c.Bullets):
        return [md.bullet_list(b.items)]
    if isinstance(b, c.Table):
        if not b.rows and b.empty:
            return [md.escape(b.empty)]
        rows = [[_cell(x) for x in row] for row in b.rows]
        return [md.table(list(b.columns), rows, numeric=b.numeric, lang=lang)]
    if isinstance(b, c.Chart):
        return [_chart(b, lang)]
    if isinstance(b, c.Cards):
        figures = [_figure(card.label, _card_value(card.value), card.note) for card in b.items]
        return [md.Md("\n".join(f"- {f}" for f in figures))]
    if isinstance(b, c.Gauges):
        return [md.Md("\n".join(f"- {_figure(g.label, md.escape(fmt.score(g.score)), None)}" for g in b.items))]
    if isinstance(b, c.Callout):
        return [md.Md("> " + " ".join(md.escape(line) for line in b.lines))]
    if isinstance(b, c.Side):
        return [x for inner in b.blocks for x in _block(inner, lang)]
    if isinstance(b, c.Details):
        return [md.Md(md.bold(b.summary)), *(x for inner in b.blocks for x in _block(inner, lang))]
    if isinstance(b, c.Pairs):
        return [md.Md("\n".join(f"- {md.escape(k)}: {md.escape(v)}" for k, v in b.pairs))]
    if isinstance(b, c.Lines):
        return [_cell(b)]
    raise TypeError(f"no Markdown for {type(b).__name__}")


def _card_value(value: Any) -> md.Md:
    return md.escape(value.text) if isinstance(value, c.Badge) else _cell(value)


def _figure(label: object, value: md.Md, note: object) -> str:
    text = f"{md.escape(label)}: {md.bold(md.Md(value))}"
    return text + (f" ({md.escape(note)})" if note else "")


def _chart(b: c.Chart, lang: str) -> md.Md:
    """A chart as a table: label, value, a text bar on the chart's axis, and the tick if any."""
    top = b.max_value if b.max_value is not None else max([x.value or 0 for x in b.bars] + [1])
    marked = any(x.marker is not None for x in b.bars)
    rows = []
    for x in b.bars:
        value = (
            fmt.DASH if x.value is None else (fmt.percent(x.value / 100, 2) if b.unit == "%" else fmt.number(x.value))
        )
        row = [md.escape(x.label), value, md.bar(x.value, top, min_value=b.min_value)]
        if marked:
            row.append(fmt.percent(x.marker / 100, 2) if x.marker is not None else fmt.DASH)
        rows.append(row)
    columns = [b.label, "", ""] + ([b.marker_label] if marked else [])
    return md.table(columns, rows, numeric=[1, 3] if marked else [1], lang=lang)
