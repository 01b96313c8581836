"""``zjgov demo``: the whole quality job on bundled fictitious population data.

Reads the demo CSV, applies the demo rule set (GB/T 36344 dimensions, citizen IDs, code
tables, duplicates, consistency with the ID, timeliness), and writes the HTML report, the
JSON result, a Markdown report, every failing row and the quarantine files into ``--out``.
It reports the data's problems but exits 0: it is a demonstration, not a gate.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from zjgov import demo, i18n
from zjgov.cli._common import add_output
from zjgov.cli.check import print_summary, write_reports
from zjgov.errors import ConfigError
from zjgov.quality import RuleSet, check

HELP = (
    "演示：对内置的虚构人口数据做完整的数据质量检查并生成报告",
    "demo: run a full quality check on bundled fictitious population data",
)

i18n.add(
    {
        "demo.out": ("输出目录（默认 ./zjgov-demo）", "output directory (default ./zjgov-demo)"),
        "demo.intro": (
            "演示数据：{rows} 条虚构人口记录（含故意植入的问题），规则集：{rules}",
            "Demo data: {rows} fictitious population records (with planted defects), rule set: {rules}",
        ),
        "demo.report": ("报告：{path}", "Report: {path}"),
        "demo.files": ("其他输出：{paths}", "Other outputs: {paths}"),
        "demo.open": (
            "用浏览器打开报告即可查看各维度得分与问题明细。",
            "Open the report in a browser to see the scores and the problems found.",
        ),
        "demo.no_dir": ("无法创建输出目录：{detail}", "cannot create the output directory: {detail}"),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    add_output(parser, "--out", default="zjgov-demo", metavar="DIR", kind="dir", help=i18n.text("demo.out", lang))


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    out = Path(args.out)
    try:
        out.mkdir(exist_ok=True)  # its parents exist: checked before the work (or made by --mkdirs)
    except OSError as exc:
        raise ConfigError(
            i18n.text("demo.no_dir", "zh", detail=exc.strerror),
            i18n.text("demo.no_dir", "en", detail=exc.strerror),
            file=str(out),
        ) from None
    rules = RuleSet.from_file(demo.rules_path())
    result = check(
        demo.data_path(),
        rules,
        failures=out / "failures.csv",
        quarantine=out / "quarantine",
    )
    html, json_path, md = out / "report.html", out / "result.json", out / "report.md"
    written = write_reports(result, lang, html=str(html), json=str(json_path), markdown=str(md))
    print(i18n.text("demo.intro", lang, rows=result.dataset.rows, rules=rules.name))
    print_summary(result, lang)
    report = str(html) if str(html) in written else str(json_path)
    print(i18n.text("demo.report", lang, path=Path(report).resolve()))
    others = [p for p in written if p != report] + [str(out / "failures.csv"), str(out / "quarantine")]
    print(i18n.text("demo.files", lang, paths=", ".join(others)))
    print(i18n.text("demo.open", lang))
    return 0
