"""The HTML quality report rendered by a real browser: Debian's headless Chromium.

Chromium must be installed (``.ci/run`` installs the ``chromium`` package when it is missing);
without it these tests fail with a message saying so, they never skip.
"""

import html
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from _quality_report_sample import result
from zjgov.quality import RuleSet, check, report, rule
from zjgov.report import fmt
from zjgov.report import html as h

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--enable-logging=stderr",
    "--v=0",
    "--window-size=1280,2400",
]

#: Measures what the reader sees and writes it into the DOM (only into a test copy of the page).
PROBE = """<script>
const box = e => { const r = e.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; };
const out = {
  h1: document.querySelector('h1').textContent,
  cards: [...document.querySelectorAll('.zj-card-value')].map(e => [e.textContent, ...box(e)]),
  gauges: [...document.querySelectorAll('figure.zj-gauge')].map(f => [f.querySelector('figcaption').textContent, f.querySelector('svg text').textContent, ...box(f.querySelector('svg'))]),
  charts: [...document.querySelectorAll('svg.zj-chart')].map(s => [s.getAttribute('aria-label'), ...box(s)]),
  bars: [...document.querySelectorAll('svg.zj-chart g.zj-bar')].map(g => [...g.querySelectorAll('rect')].map(r => Math.round(r.getBBox().width))),
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  fontSize: parseFloat(getComputedStyle(document.body).fontSize),
};
document.body.setAttribute('data-probe', JSON.stringify(out));
</script>"""


def _chromium() -> str:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"headless Chromium is required at {CHROMIUM} for the HTML report test: install Debian's "
            "'chromium' package (apt-get install chromium); .ci/run does this when it is missing"
        )
    return CHROMIUM


def _run(page: Path, tmp: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    profile_dir = tmp / f"chromium-profile-{len(list(tmp.iterdir()))}"
    done = subprocess.run(
        [_chromium(), *FLAGS, f"--user-data-dir={profile_dir}", *extra, page.as_uri()],
        env=None if env is None else {**os.environ, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _console(stderr: str) -> list[str]:
    """Console messages Chromium logged (``--enable-logging=stderr`` prints them as CONSOLE lines)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def test_console_capture_works(tmp_path):
    """Control: a page with a script error must show up as a console message."""
    bad = _write(tmp_path, "bad.html", "<!DOCTYPE html><p>x</p><script>console.error('boom'); missing_fn();</script>")
    messages = _console(_run(bad, tmp_path, "--dump-dom").stderr)
    assert any("boom" in m for m in messages) and any("missing_fn" in m for m in messages)


def test_report_renders_without_console_errors_and_blocks_injected_scripts(tmp_path):
    page = _write(tmp_path, "report.html", report.to_html(result()))
    done = _run(page, tmp_path, "--dump-dom")
    assert _console(done.stderr) == []
    dom = done.stdout
    assert "数据质量报告：人口基础信息" in dom and "83.4" in dom and "未通过" in dom
    # the hostile sample value is text in the DOM, not a script element
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in dom and "<script>alert" not in dom
    # and the page's policy stops any script that would get in: a copy with one injected is refused
    injected = _write(
        tmp_path,
        "injected.html",
        page.read_text(encoding="utf-8").replace("</body>", "<script>document.title='pwned'</script></body>"),
    )
    done = _run(injected, tmp_path, "--dump-dom")
    assert "<title>pwned</title>" not in done.stdout
    assert any("Content Security Policy" in m for m in _console(done.stderr))


def _probe(page_text: str, tmp: Path) -> dict:
    """Lay the page out in Chromium and measure it (the copy drops the CSP so the probe may run)."""
    copy = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page_text).replace(
        "</body>", PROBE + "</body>"
    )
    done = _run(_write(tmp, "probe.html", copy), tmp, "--dump-dom")
    assert _console(done.stderr) == []
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert found, "the probe did not run"
    return json.loads(html.unescape(found.group(1)))


def test_the_page_shows_the_scores(tmp_path):
    probe = _probe(report.to_html(result()), tmp_path)
    assert probe["h1"] == "数据质量报告：人口基础信息"
    assert probe["overflow"] <= 0  # nothing sticks out sideways at 1280 px
    assert probe["fontSize"] >= 13
    overall, *dims = probe["gauges"]
    assert overall[:2] == ["总分", "83.4"] and overall[2] >= 100 and overall[3] >= 100
    assert [g[:2] for g in dims] == [
        ["规范性", "95.2"],
        ["完整性", "99.5"],
        ["准确性", "27.6"],
        ["一致性", "—"],
        ["时效性", "—"],
        ["可访问性", "—"],
    ]
    assert all(w > 50 and hgt > 50 for *_, w, hgt in dims)
    labels = [c[0] for c in probe["charts"]]
    assert labels == ["各维度得分（GB/T 36344）", "各规则通过率", "各列通过率", "失败原因分布"]
    assert all(w >= 300 and hgt >= 40 for _, w, hgt in probe["charts"])
    # bars are drawn to scale on an axis that starts near the thresholds (95.2% for the first rule)
    res = report.load(result())
    start = h.axis_start(
        [x.pass_rate * 100 for x in res.rules if x.pass_rate is not None and x.error is None]
        + [x.threshold * 100 for x in res.rules]
    )
    assert 0 < start < 95.2
    rule_bars = probe["bars"][3:8]
    track, fill = rule_bars[0][:2]
    assert abs(fill / track - (95.2 - start) / (100 - start)) < 0.01
    assert rule_bars[3] == [track]  # the rule that raised has no fill
    cards = [c[0] for c in probe["cards"]]
    assert "未通过" in cards and "1,000" in cards and "2 / 5" in cards


def test_a_real_engine_result_renders_in_english(tmp_path):
    frame = pd.DataFrame({"姓名": ["张三", " ", "李四", None], "性别": ["1", "2", "9", "1"]})
    rules = RuleSet.from_rules("demo", [rule("not_blank", "姓名"), rule("in_table", "性别", table="sex")])
    res = check(frame, rules)
    probe = _probe(report.to_html(res, "en"), tmp_path)
    assert probe["h1"] == "Data quality report: dataframe"
    assert probe["gauges"][0][:2] == ["Overall score", fmt.score(res.score.overall)]
    assert probe["overflow"] <= 0


def test_screenshot(tmp_path):
    """A screenshot for a human to look at (kept in the test's tmp directory); it must be a real image."""
    page = _write(tmp_path, "report.html", report.to_html(result()))
    shot = tmp_path / "report.png"
    _run(page, tmp_path, f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2400)
    assert len(data) > 50_000  # charts and text, not a blank page


def test_html_builders_alone_render_cleanly(tmp_path):
    """The shared rendering API (used by other reports too) gives a page Chromium loads without complaint."""
    doc = h.page(
        "清单 <inventory>",
        [
            h.section(
                "图", h.bar_chart([("a", 1.0), ("b", None)], max_value=None), h.score_gauge(None, label="x"), id="s"
            )
        ],
        "en",
    )
    done = _run(_write(tmp_path, "api.html", doc), tmp_path, "--dump-dom")
    assert _console(done.stderr) == [] and "清单 &lt;inventory&gt;" in done.stdout


def test_the_demo_report_explains_the_data_at_a_glance(tmp_path, capsys):
    """The README's main job: ``zjgov demo`` writes a report a browser shows without complaint."""
    from zjgov.cli.main import main

    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    capsys.readouterr()
    page = out / "report.html"
    res = json.loads((out / "result.json").read_text(encoding="utf-8"))
    done = _run(page, tmp_path, "--dump-dom")
    assert _console(done.stderr) == []
    probe = _probe(page.read_text(encoding="utf-8"), tmp_path)
    assert probe["gauges"][0][:2] == ["总分", fmt.score(res["score"]["overall"])]
    shown = {g[0]: g[1] for g in probe["gauges"][1:]}
    for d in res["dimensions"]:
        assert shown[d["name_zh"]] == fmt.score(d["score"])
    assert ("未通过" if not res["passed"] else "通过") in [c[0] for c in probe["cards"]]
    assert probe["overflow"] <= 0 and len(probe["charts"]) == 4


def test_a_missing_chromium_fails_loudly(monkeypatch):
    import sys

    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.fail.Exception, match="install Debian's 'chromium' package"):
        _chromium()


#: Draws characters in the page's own font stack on a canvas and compares their pixels with
#: the rendering of code points no font has (U+10FFFD, U+10FFFE: Chromium draws a box for them).
GLYPHS = """<script>
const font = getComputedStyle(document.body).fontFamily;
const draw = ch => {
  const c = document.createElement('canvas'); c.width = 64; c.height = 64;
  const g = c.getContext('2d'); g.font = '40px ' + font; g.fillStyle = '#000'; g.textBaseline = 'top';
  g.fillText(ch, 4, 4);
  const d = g.getImageData(0, 0, 64, 64).data; let h = 0, ink = 0;
  for (let i = 3; i < d.length; i += 4) { h = (h * 31 + d[i]) >>> 0; ink += d[i] > 0; }
  return [h, ink];
};
const chars = [...document.querySelector('h1').textContent].filter(ch => /\\p{Script=Han}/u.test(ch));
document.body.setAttribute('data-glyphs', JSON.stringify({
  font, chars, han: chars.map(draw), missing: ['\\u{10FFFD}', '\\u{10FFFE}'].map(draw),
}));
</script>"""


def _glyphs(tmp: Path, env: dict | None = None) -> tuple[dict, list[tuple], list[tuple]]:
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", report.to_html(result()))
    probe_page = _write(tmp, "glyphs.html", page.replace("</body>", GLYPHS + "</body>"))
    found = re.search(r'data-glyphs="([^"]*)"', _run(probe_page, tmp, "--dump-dom", env=env).stdout)
    assert found, "the glyph probe did not run"
    probe = json.loads(html.unescape(found.group(1)))
    return probe, [tuple(x) for x in probe["han"]], [tuple(x) for x in probe["missing"]]


def test_the_glyph_probe_sees_boxes_on_a_machine_without_a_cjk_font(tmp_path):
    """Control: with fontconfig limited to a Latin font folder, Chinese becomes boxes and the probe says so."""
    latin = next(
        (d for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation") if os.path.isdir(d)),
        str(tmp_path),
    )
    conf = _write(
        tmp_path,
        "fonts.conf",
        f'<?xml version="1.0"?><fontconfig><dir>{latin}</dir><cachedir>{tmp_path}/fc</cachedir></fontconfig>',
    )
    _, han, missing = _glyphs(tmp_path, env={"FONTCONFIG_FILE": str(conf)})
    assert set(han) & set(missing)


def test_chinese_glyphs_render_with_the_page_font_stack_not_as_boxes(tmp_path):
    probe, han, missing = _glyphs(tmp_path)
    assert len(probe["chars"]) >= 8  # 数据质量报告：人口基础信息
    # control: two code points no font has render as the same box, so equal pixels mean "box"
    assert missing[0] == missing[1] and missing[0][1] > 0
    assert not set(han) & set(missing), f"Chinese drawn as boxes with font-family {probe['font']}"
    distinct = {ch: px for ch, px in zip(probe["chars"], han)}
    assert len(set(distinct.values())) == len(distinct)  # different characters, different glyphs
    assert all(ink > 40 for _, ink in han)


def test_the_font_stack_resolves_to_a_cjk_font_on_this_machine():
    """fontconfig picks a font with Chinese coverage for the stack's Linux entries (fonts-noto-cjk in CI)."""
    found = subprocess.run(
        ["fc-match", "--format=%{family}|%{lang}", "Noto Sans CJK SC:lang=zh-cn"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 0, "fontconfig (fc-match) is missing: install fonts-noto-cjk (see .ci/run)"
    family, _, langs = found.stdout.partition("|")
    assert "zh-cn" in langs.split("|"), (
        f"no Chinese font installed (fc-match gave {family}): apt-get install fonts-noto-cjk"
    )
    assert any(name in h.CSS for name in family.split(","))  # the page names the font fontconfig found
