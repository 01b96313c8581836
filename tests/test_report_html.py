import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _html_check import parse
from zjgov.report import fmt
from zjgov.report import html as h

HOSTILE = "<script>alert('x')</script>&\"' <img src=x onerror=alert(1)>"


def _page_with(value: str) -> str:
    return h.page(
        value,
        [
            h.section(
                value,
                h.paragraph(value),
                h.cards([(value, value, "bad", value)]),
                h.badge(value, "warn"),
                h.callout(value),
                h.bullet_list([value]),
                h.dl([(value, value)]),
                h.details(value, value),
                h.table([value], [[value]], caption=value),
                h.bar_chart([(value, 50.0, None, 90.0, value)], title=value),
                h.score_gauge(80, label=value),
                id="s",
                intro=value,
            )
        ],
        subtitle=value,
        nav=[("s", value)],
        footer=value,
    )


def test_every_builder_escapes_its_input():
    doc = _page_with(HOSTILE)
    parsed = parse(doc)
    assert parsed.count("script") == 0 and parsed.count("img") == 0
    assert "<script>" not in doc and "onerror=alert" not in doc.replace("onerror=alert(1)&gt;", "")
    assert parsed.text.count("<script>alert('x')</script>") >= 10  # shown as text, not run


@given(st.text(max_size=40))
def test_escaped_text_round_trips(value):
    doc = parse(h.page("t", [h.table(["c"], [[value]])]))
    cells = [a for a in doc.tags if a[0] == "td"]
    assert len(cells) == 1
    normalised = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    if value and normalised == value:
        assert value in doc.text


def test_markup_is_not_escaped_twice():
    assert h.el("p", [h.code("a<b"), "<"]) == "<p><code>a&lt;b</code>&lt;</p>"
    assert h.escape(h.escape("<")) == "&lt;"


def test_page_is_self_contained_and_forbids_scripts():
    doc = _page_with("x")
    parsed = parse(doc)
    assert doc.startswith("<!DOCTYPE html>")
    assert "http://" not in doc and "https://" not in doc and "//" not in doc.replace("<!DOCTYPE", "")
    csp = [m["content"] for m in parsed.find("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp == [h.CSP] and "default-src 'none'" in csp[0] and "script" not in csp[0]
    assert parsed.find("html")[0]["lang"] == "zh-CN"
    assert parse(h.page("x", [], "en")).find("html")[0]["lang"] == "en"
    for tag in ("script", "link", "img", "iframe", "object"):
        assert parsed.count(tag) == 0


def test_page_rejects_unknown_language():
    with pytest.raises(ValueError):
        h.page("x", [], "fr")


def test_style_cannot_be_closed_by_extra_css():
    doc = h.page("x", [], css="p{}</style><script>bad()</script>")
    assert parse(doc).count("script") == 0


def _bars(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]


def test_bar_lengths_are_proportional_and_clipped():
    svg = h.bar_chart([("a", 100.0), ("b", 50.0), ("c", 0.0), ("d", 150.0), ("e", -5.0)], unit="%")
    widths = _bars(svg)
    track = widths[0]
    fills = widths[1:]
    # a: track + full bar; b: track + half; c: track only; d: clipped to full; e: track only
    assert widths.count(track) >= 5
    assert fills[0] == track and math.isclose(fills[2], track / 2, rel_tol=0.01)
    assert "150.0%" in svg and "-5.0%" in svg  # the true value is printed even when the bar is clipped


def test_bar_chart_scales_counts_to_the_largest():
    svg = h.bar_chart([("x", 400), ("y", 100)], max_value=None, digits=0)
    w = _bars(svg)  # track, fill x, track, fill y
    assert w[1] == w[0] and math.isclose(w[3], w[0] / 4, rel_tol=0.01)
    assert "400" in svg and "100" in svg


def test_missing_values_show_a_dash_and_no_bar():
    svg = h.bar_chart([("x", None), ("y", math.nan)])
    assert svg.count(fmt.DASH) == 2 and len(_bars(svg)) == 2  # two tracks, no fill


def test_marker_marks_the_threshold():
    svg = h.bar_chart([("r", 50.0, None, 90.0)], width=600)
    x1 = float(re.search(r'<line x1="([\d.]+)"', svg).group(1))
    rect_x = float(re.search(r'<rect x="([\d.]+)"', svg).group(1))
    track = _bars(svg)[0]
    assert math.isclose(x1, rect_x + 0.9 * track, abs_tol=0.2)


def test_bar_tone_follows_score_or_explicit_tone():
    svg = h.bar_chart([("good", 95.0), ("bad", 20.0), ("forced", 95.0, "bad")])
    fills = re.findall(r'fill="(#[0-9a-f]{6})"/>', svg)
    assert h.TONES["good"] in fills and fills.count(h.TONES["bad"]) == 2
    with pytest.raises(ValueError):
        h.bar_chart([("x", 1.0, "purple")])


def test_long_labels_are_clipped_with_full_text_in_tooltip():
    label = "一个非常非常长的列名" * 8
    svg = h.bar_chart([(label, 10.0)])
    assert "…" in svg and f"<title>{label}</title>" in svg


def test_gauge_arc_matches_the_score():
    svg = h.score_gauge(25.0)
    dash, circ = map(float, re.search(r'stroke-dasharray="([\d.]+) ([\d.]+)"', svg).groups())
    assert math.isclose(dash / circ, 0.25, rel_tol=1e-3)
    assert "25.0" in svg
    empty = h.score_gauge(None, label="可访问性")
    assert "stroke-dasharray" not in empty and fmt.DASH in empty and "可访问性" in empty
    assert "99.9" in h.score_gauge(99.96)  # never shows 100 for an imperfect score


def test_table_checks_its_shape_and_marks_numbers():
    with pytest.raises(ValueError, match="row 0 has 1 cells for 2 columns"):
        h.table(["a", "b"], [["x"]])
    t = parse(h.table(["a", "n"], [["x", "1"], ["y", "2"]], numeric=[1], row_tones=[None, "bad"]))
    assert [a.get("class") for a in t.find("td")] == [None, "zj-num", None, "zj-num"]
    assert [a.get("class") for a in t.find("tr")] == [None, None, "zj-tone-bad"]
    assert "(none)" in parse(h.table(["a"], [], lang="en")).text


def test_formatting_never_rounds_to_perfect():
    assert fmt.percent(0.99999) == "99.9%" and fmt.percent(1) == "100.0%"
    assert fmt.score(99.999, 2) == "99.99" and fmt.number(float("nan")) == fmt.DASH


def test_the_documented_api_example_runs():
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "quality_reports.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", doc, flags=re.S)
    namespace: dict = {}
    exec(compile(block, "docs/quality_reports.md", "exec"), namespace)
    parsed = parse(namespace["page"])
    assert "分类分级清单" in parsed.text and "个人身份信息" in parsed.text and parsed.count("svg") == 1
