"""Draws a report's :mod:`content <zjgov.quality.report.content>` as one self-contained HTML page
(inline CSS and SVG, no script; every value escaped)."""

from __future__ import annotations

from typing import Any

from zjgov.quality.report import content as c
from zjgov.report import html as h


def render(report: c.Report) -> str:
    """The page: a contents line, then every section."""
    nav = [(s.id, s.title) for s in report.sections] if report.nav else []
    sections = [
        h.section(s.title, *(_block(b, report.lang) for b in s.blocks), id=s.id, intro=s.intro) for s in report.sections
    ]
    return h.page(report.title, sections, report.lang, subtitle=report.subtitle, nav=nav, meta=report.meta)


def _cell(cell: Any) -> Any:
    if isinstance(cell, c.Code):
        return h.code(cell.text)
    if isinstance(cell, c.Badge):
        return h.badge(cell.text, cell.tone)
    if isinstance(cell, c.Link):
        return h.el("a", cell.text, href=cell.href)
    if isinstance(cell, c.Lines):
        first, *notes = cell.parts
        out: list[object] = [_cell(first)]
        for note in notes:
            out += [h.Markup("<br>"), h.el("span", _cell(note), class_="zj-muted")]
        return out
    return cell


def _block(b: Any, lang: str) -> h.Markup:
    if isinstance(b, c.Paragraph):
        return h.paragraph(b.text, muted=b.muted)
    if isinstance(b, c.Heading):
        return h.el("h3", b.text)
    if isinstance(b, c.Bullets):
        return h.bullet_list(b.items)
    if isinstance(b, c.Table):
        rows = [[_cell(x) for x in row] for row in b.rows]
        return h.table(list(b.columns), rows, numeric=b.numeric, row_tones=b.tones, empty=b.empty, lang=lang)
    if isinstance(b, c.Chart):
        return h.bar_chart(
            b.bars,
            min_value=b.min_value,
            max_value=b.max_value,
            unit=b.unit,
            digits=b.digits,
            label=b.label,
            width=b.width,
        )
    if isinstance(b, c.Cards):
        return h.cards([card._replace(value=_cell(card.value)) for card in b.items])
    if isinstance(b, c.Gauges):
        return h.gauges([h.score_gauge(g.score, label=g.label, size=g.size, tone=g.tone) for g in b.items])
    if isinstance(b, c.Callout):
        return h.callout(*(h.paragraph(line) for line in b.lines), tone=b.tone)
    if isinstance(b, c.Side):
        return h.row(*(_block(x, lang) for x in b.blocks))
    if isinstance(b, c.Details):
        return h.details(b.summary, *(_block(x, lang) for x in b.blocks), open=b.open)
    if isinstance(b, c.Pairs):
        return h.dl(b.pairs)
    if isinstance(b, c.Lines):
        return h.paragraph(*(x if isinstance(x, str) else _cell(x) for x in b.parts))
    raise TypeError(f"no HTML for {type(b).__name__}")
