"""The inventory as a bilingual HTML page, built with ``zjgov.report.html`` (not public API)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zjgov import i18n
from zjgov.report import html as h

if TYPE_CHECKING:
    from zjgov.classification.inventory import Inventory

_TONE = {0: "good", 1: "info", 2: "warn", 3: "bad"}


def _both(key: str, lang: str) -> str:
    """Heading in the page language with the other language beside it."""
    other = "en" if lang == "zh" else "zh"
    return f"{i18n.text(key, lang)} / {i18n.text(key, other)}"


def _tone(inv: Inventory, level: str) -> str:
    rank = inv.scheme.rank(level)
    top = len(inv.scheme.levels) - 1
    return _TONE[min(3, round(3 * rank / top)) if top else 0]


def _short(entry, inv: Inventory, attr: str, lang: str) -> str:
    """An open/share attribute in one language (the table is narrow)."""
    from zjgov.classification.inventory import _ATTR_EN

    value = inv.scheme.attributes(entry.level)[attr]
    return _ATTR_EN.get(value, value) if lang == "en" else value


def render(inv: Inventory, lang: str | None = None) -> str:
    lang = i18n.check_lang(lang)
    s = inv.summary(lang)
    frame = inv.to_frame(lang)
    yes = i18n.text("classification.inv.yes", lang)
    cards = h.cards(
        [
            h.Card(
                i18n.text("classification.inv.level", lang),
                s["level_name"],
                _tone(inv, inv.level),
                f"{s['open']} · {s['share']}",
            ),
            h.Card(
                i18n.text("classification.inv.rows", lang),
                f"{inv.rows:,}",
                None,
                f"{i18n.text('classification.inv.sampled', lang)} {inv.sampled:,}",
            ),
            h.Card(i18n.text("classification.inv.n_personal", lang), str(s["personal_columns"]), None),
            h.Card(
                i18n.text("classification.inv.n_sensitive", lang),
                str(s["sensitive_columns"]),
                "warn" if s["sensitive_columns"] else "good",
            ),
            h.Card(
                i18n.text("classification.inv.n_review", lang),
                str(s["review_columns"]),
                "warn" if s["review_columns"] else "good",
            ),
        ]
    )
    meta = h.dl(
        [
            (i18n.text("classification.inv.scheme", lang), inv.scheme.name(lang)),
            (
                i18n.text("classification.inv.basis", lang),
                "GB/T 45574-2025" if inv.basis == "gbt45574" else "GB/T 35273-2020",
            ),
            (i18n.text("classification.inv.subject", lang), i18n.text(f"classification.context.{inv.context}", lang)),
        ]
    )
    counts = frame.level.value_counts()
    bars = [
        h.Bar(inv.scheme.level_name(lv, lang), float(counts.get(lv, 0)), _tone(inv, lv)) for lv in inv.scheme.levels
    ]
    chart = h.bar_chart(bars, max_value=None, digits=0)
    head = [
        "column",
        "category_path",
        "personal",
        "sensitive",
        "protection",
        "level",
        "open",
        "share",
        "treatment",
        "confidence",
    ]
    from zjgov.classification.inventory import _HEADERS

    k = 0 if lang == "zh" else 1
    rows, tones = [], []
    more = "证据与理由" if k == 0 else "evidence and reasons"
    for r, e in zip(frame.itertuples(index=False), inv.entries):
        badges = (
            [h.badge(_HEADERS["review"][k], "warn")] * bool(r.review)
            + [h.badge(_HEADERS["overridden"][k], "info")] * bool(r.overridden)
            + [h.badge(r.pipl, "bad")] * bool(r.pipl)
        )
        details = h.details(
            h.join([*badges, more], " "),
            h.bullet_list([x.message(lang) for x in e.evidence] + [x.message(lang) for x in e.reasons]),
        )
        rows.append(
            [
                r.column,
                r.category_path,
                yes if r.personal else "",
                yes if r.sensitive else "",
                r.protection,
                h.badge(f"{r.level}", _tone(inv, r.level)),
                _short(e, inv, "open", lang),
                _short(e, inv, "share", lang),
                h.code(r.treatment),
                f"{r.confidence:.2f}",
                details,
            ]
        )
        tones.append("warn" if r.review else None)
    flags = "复核 / 覆盖 / PIPL / 证据" if k == 0 else "review / override / PIPL / evidence"
    table = h.table([*(_HEADERS[c][k] for c in head), flags], rows, numeric=[9], row_tones=tones, lang=lang)
    review = [r.column for r in frame.itertuples(index=False) if r.review]
    sections = [
        cards,
        h.section(_both("classification.inv.dataset", lang), meta, h.bullet_list(s["reasons"]), id="dataset"),
        h.section(_both("classification.inv.levels", lang), chart, id="levels"),
        h.section(_both("classification.inv.columns", lang), table, id="columns"),
    ]
    if review:
        sections.append(h.section(_both("classification.inv.review", lang), h.bullet_list(review), id="review"))
    if inv.scheme.provisional:
        sections.append(h.callout(i18n.text("classification.inv.provisional", lang), tone="warn"))
    sections.append(h.paragraph(i18n.text("classification.inv.signoff", lang)))
    title = _both("classification.inv.title", lang)
    return h.page(title, sections, lang, subtitle=inv.source or None)
