"""``zjgov check DATA --rules FILE``: score a table by GB/T 36344 and gate a pipeline on it.

Exit status 0 when every ``error`` rule meets its threshold (and the score reaches
``--fail-under``), 1 when not, 2 on a usage or configuration error (unreadable file, wrong
encoding, a column named by a rule that the data lacks, a malformed rule file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zjgov import i18n
from zjgov.distributed import cli as distributed
from zjgov.errors import ConfigError
from zjgov.quality import QualityResult, RuleSet, check
from zjgov.report import fmt

HELP = (
    "按 GB/T 36344 检查数据质量（规则集、评分、报告）",
    "check data quality by GB/T 36344 (rule set, scores, reports)",
)

i18n.add(
    {
        "check.data": ("数据文件（CSV/TSV/JSONL/Parquet/Excel）", "data file (CSV/TSV/JSONL/Parquet/Excel)"),
        "check.rules": ("规则集文件（YAML 或 JSON）", "rule set file (YAML or JSON)"),
        "check.html": ("写出 HTML 报告", "write an HTML report"),
        "check.json_out": (
            "写出 JSON 结果（不带文件名则打印到标准输出）",
            "write the JSON result (to stdout without a file name)",
        ),
        "check.markdown": ("写出 Markdown 报告", "write a Markdown report"),
        "check.failures": (
            "把所有不合格行写入此 CSV 文件（不截断）",
            "write every failing row to this CSV file (never capped)",
        ),
        "check.quarantine": (
            "把合格行与不合格行（附原因）分别写入此目录的 valid.csv 与 invalid.csv",
            "write valid rows and invalid rows (with reasons) to valid.csv and invalid.csv in this directory",
        ),
        "check.fail_under": (
            "总分低于此值（0–100）时退出码为 1",
            "exit 1 when the overall score is below this (0-100)",
        ),
        "check.batch_rows": ("流式读取时每批行数", "rows per batch when streaming"),
        "check.encoding": ("文件编码（默认自动识别）", "file encoding (detected by default)"),
        "check.previous": ("与之前的 JSON 结果比较", "compare with a previous JSON result"),
        "check.show_values": ("样例中显示原始值（默认脱敏）", "show raw values in samples (masked by default)"),
        "check.bad_fail_under": ("--fail-under 应在 0 到 100 之间", "--fail-under must lie between 0 and 100"),
        "check.bad_batch_rows": ("--batch-rows 应为正整数", "--batch-rows must be a positive integer"),
        "check.overall": ("总分：{score}（{verdict}）", "Overall score: {score} ({verdict})"),
        "check.passed": ("通过", "passed"),
        "check.failed": ("未通过", "failed"),
        "check.rows": ("数据：{name}，{rows} 行，规则 {rules} 条", "Data: {name}, {rows} rows, {rules} rules"),
        "check.dimension": ("  {name}：{score}", "  {name}: {score}"),
        "check.rule_line": (
            "  ✗ {id}：通过率 {rate}（阈值 {threshold}），不合格 {failed} 行",
            "  ✗ {id}: pass rate {rate} (threshold {threshold}), {failed} rows failed",
        ),
        "check.rule_error": ("  ! {id}：{message}", "  ! {id}: {message}"),
        "check.below": (
            "总分 {score} 低于 --fail-under {limit}",
            "overall score {score} is below --fail-under {limit}",
        ),
        "check.written": ("已写出：{path}", "written: {path}"),
        "check.dimensions": ("各维度得分：", "Dimension scores:"),
        "check.not_met": ("未达标的规则：", "Rules below threshold:"),
        "check.no_html": (
            "HTML 报告模块不可用，已改写 JSON 与 Markdown",
            "the HTML report module is unavailable; JSON and Markdown were written instead",
        ),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    t = lambda key: i18n.text(key, lang)  # noqa: E731
    parser.add_argument("data", metavar="DATA", help=t("check.data"))
    parser.add_argument("--rules", required=True, metavar="FILE", help=t("check.rules"))
    parser.add_argument("--html", metavar="F", help=t("check.html"))
    parser.add_argument("--json", nargs="?", const="-", metavar="F", help=t("check.json_out"))
    parser.add_argument("--markdown", metavar="F", help=t("check.markdown"))
    parser.add_argument("--failures", metavar="F", help=t("check.failures"))
    parser.add_argument("--quarantine", metavar="DIR", help=t("check.quarantine"))
    parser.add_argument("--fail-under", type=float, metavar="N", help=t("check.fail_under"))
    parser.add_argument("--batch-rows", type=int, default=100_000, metavar="N", help=t("check.batch_rows"))
    parser.add_argument("--encoding", help=t("check.encoding"))
    parser.add_argument("--previous", metavar="F", help=t("check.previous"))
    parser.add_argument("--show-values", action="store_true", help=t("check.show_values"))
    distributed.add_arguments(parser, lang)


def _config(key: str, field: str) -> ConfigError:
    return ConfigError(i18n.text(key, "zh"), i18n.text(key, "en"), field=field)


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise _config("check.bad_fail_under", "--fail-under")
    if args.batch_rows < 1:
        raise _config("check.bad_batch_rows", "--batch-rows")
    rules = RuleSet.from_file(args.rules)
    previous = QualityResult.read_json(args.previous) if args.previous else None
    result = distributed.check(args, rules, previous) or check(
        args.data,
        rules,
        batch_rows=args.batch_rows,
        encoding=args.encoding,
        failures=args.failures,
        quarantine=args.quarantine,
        mask=not args.show_values,
        previous=previous,
    )
    to_stdout = args.json == "-"
    out = sys.stderr if to_stdout else sys.stdout
    for path in write_reports(
        result, lang, html=args.html, json=None if to_stdout else args.json, markdown=args.markdown
    ):
        print(i18n.text("check.written", lang, path=path), file=out)
    if args.failures:
        print(i18n.text("check.written", lang, path=args.failures), file=out)
    if args.quarantine:
        print(i18n.text("check.written", lang, path=Path(args.quarantine) / "invalid.csv"), file=out)
    if to_stdout:
        print(result.to_json())
    print_summary(result, lang, file=out)
    code = 0 if result.passed else 1
    overall = result.score.overall
    if args.fail_under is not None and (overall is None or overall < args.fail_under):
        print(i18n.text("check.below", lang, score=fmt.score(overall), limit=args.fail_under), file=out)
        code = 1
    return code


def write_reports(
    result: QualityResult, lang: str, *, html: str | None = None, json: str | None = None, markdown: str | None = None
) -> list[str]:
    """Write the requested reports; return the paths written (HTML falls back to JSON + Markdown)."""
    written: list[str] = []
    try:
        from zjgov.quality import report
    except ImportError:  # the renderers are a separate module; JSON never depends on them
        report = None
    if json:
        result.write_json(json)
        written.append(json)
    if report is None:
        if html:
            print(i18n.text("check.no_html", lang), file=sys.stderr)
            fallback = str(Path(html).with_suffix(".json"))
            result.write_json(fallback)
            written.append(fallback)
        return written
    for path, format_ in ((html, "html"), (markdown, "md")):
        if path:
            report.write(result, path, lang, format=format_)
            written.append(path)
    return written


def print_summary(result: QualityResult, lang: str, *, file=None) -> None:
    """A short human summary: data, overall score, dimension scores, rules below threshold."""
    file = file or sys.stdout
    zh = lang == "zh"
    verdict = i18n.text("check.passed" if result.passed else "check.failed", lang)
    print(
        i18n.text("check.rows", lang, name=result.dataset.name, rows=result.dataset.rows, rules=len(result.rules)),
        file=file,
    )
    print(i18n.text("check.overall", lang, score=fmt.score(result.score.overall), verdict=verdict), file=file)
    print(i18n.text("check.dimensions", lang), file=file)
    for d in result.dimensions:
        if d.rules:
            name = d.name_zh if zh else d.name_en
            print(i18n.text("check.dimension", lang, name=name, score=fmt.score(d.score)), file=file)
    bad = [r for r in result.rules if not r.threshold_met]
    if bad:
        print(i18n.text("check.not_met", lang), file=file)
    for r in bad:
        if r.error is not None:
            message = r.error.message_zh if zh else r.error.message_en
            print(i18n.text("check.rule_error", lang, id=r.id, message=message), file=file)
        else:
            print(
                i18n.text(
                    "check.rule_line",
                    lang,
                    id=r.id,
                    rate=fmt.percent(r.pass_rate),
                    threshold=fmt.percent(r.threshold),
                    failed=r.failed,
                ),
                file=file,
            )
