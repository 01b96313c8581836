"""``zjgov check DATA --rules FILE``: score a table by GB/T 36344 and gate a pipeline on it.

Exit status 0 when every ``error`` rule meets its threshold (and the score reaches
``--fail-under``), 1 when not, 2 on a usage or configuration error (unreadable file, wrong
encoding, a column named by a rule that the data lacks, a malformed rule file, an output
that would overwrite an input).

``--json`` prints the result as JSON on standard output (the summary then goes to standard
error); ``--json-out FILE`` writes it to a file. ``--quarantine FILE`` writes the failing rows
with their reasons and ``--valid FILE`` the rows that pass (both CSV), as in ``schema validate``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

from zjgov import i18n
from zjgov.cli import progress as _progress
from zjgov.cli._common import add_input, add_output, load_config
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
        "check.json_out": ("把 JSON 结果写入此文件", "write the JSON result to this file"),
        "check.markdown": ("写出 Markdown 报告", "write a Markdown report"),
        "check.failures": (
            "把所有不合格行写入此 CSV 文件（不截断）",
            "write every failing row to this CSV file (never capped)",
        ),
        "check.quarantine": (
            "把不合格的行（附原因）写入此 CSV 文件",
            "write the failing rows (with their reasons) to this CSV file",
        ),
        "check.valid": ("把全部合格的行写入此 CSV 文件", "write the rows that pass every rule to this CSV file"),
        "check.csv_only": ("{flag} 只能写 CSV 文件（.csv）：{path}", "{flag} writes CSV only (.csv): {path}"),
        "check.reference_time": (
            "时效性规则的参考时间（ISO 8601，如 2026-01-01T00:00:00），覆盖规则集中的 reference_time",
            "reference time of timeliness rules (ISO 8601, e.g. 2026-01-01T00:00:00); overrides the rule set's",
        ),
        "check.bad_reference_time": (
            "--reference-time 应为 ISO 8601 日期或时间：{value}",
            "--reference-time must be an ISO 8601 date or time: {value}",
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
    add_input(parser, "data", metavar="DATA", help=t("check.data"))
    add_input(parser, "--rules", required=True, metavar="FILE", help=t("check.rules"))
    add_output(parser, "--html", metavar="F", help=t("check.html"))
    parser.add_argument("--json", action="store_true", help=i18n.text("cli.json", lang))
    add_output(parser, "--json-out", metavar="F", help=t("check.json_out"))
    add_output(parser, "--markdown", metavar="F", help=t("check.markdown"))
    add_output(parser, "--failures", metavar="F", help=t("check.failures"))
    add_output(parser, "--quarantine", metavar="F", help=t("check.quarantine"))
    add_output(parser, "--valid", metavar="F", help=t("check.valid"))
    parser.add_argument("--fail-under", type=float, metavar="N", help=t("check.fail_under"))
    parser.add_argument("--batch-rows", type=int, default=100_000, metavar="N", help=t("check.batch_rows"))
    parser.add_argument("--encoding", help=t("check.encoding"))
    parser.add_argument("--reference-time", metavar="TIME", help=t("check.reference_time"))
    add_input(parser, "--previous", metavar="F", help=t("check.previous"))
    parser.add_argument("--show-values", action="store_true", help=t("check.show_values"))
    _progress.add_option(parser, lang)
    distributed.add_arguments(parser, lang)


def _config(key: str, field: str, **fields: object) -> ConfigError:
    return ConfigError(i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields), field=field)


def reference_time(value: str | None) -> _dt.datetime | None:
    """``--reference-time``: an ISO 8601 date or date-time (a time zone is converted to naive local
    Beijing time, UTC+8, the time of the data this library checks).

    >>> reference_time("2026-01-01"), reference_time("2026-01-01T08:00:00+00:00")
    (datetime.datetime(2026, 1, 1, 0, 0), datetime.datetime(2026, 1, 1, 16, 0))
    """
    if value is None:
        return None
    try:
        stamp = _dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise _config("check.bad_reference_time", "--reference-time", value=value) from None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(_dt.timezone(_dt.timedelta(hours=8))).replace(tzinfo=None)
    return stamp


def _csv_outputs(args: argparse.Namespace) -> None:
    for flag, path in (("--quarantine", args.quarantine), ("--valid", args.valid)):
        if path and Path(path).suffix.lower() != ".csv":
            raise _config("check.csv_only", flag, flag=flag, path=path)


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise _config("check.bad_fail_under", "--fail-under")
    if args.batch_rows < 1:
        raise _config("check.bad_batch_rows", "--batch-rows")
    now = reference_time(args.reference_time)
    _csv_outputs(args)
    rules = load_config(RuleSet.from_file, args.rules)
    previous = QualityResult.read_json(args.previous) if args.previous else None
    if now is not None:  # the distributed engines read the reference time from the rule set
        rules = dataclasses.replace(rules, reference_time=now)
    result = distributed.check(args, rules, previous)
    if result is None:
        total = _progress.estimate_rows(args.data)
        bar = _progress.Progress(total, label=("质量检查", "quality check"), lang=lang, mode=args.progress)
        with _Quarantine(args.quarantine, args.valid) as folder, bar, _progress.quality_engine(bar) as shown:
            result = check(
                args.data,
                rules,
                batch_rows=args.batch_rows,
                encoding=args.encoding,
                failures=args.failures,
                quarantine=folder,
                mask=not args.show_values,
                previous=previous,
                now=now,
                progress=shown,
            )
    to_stdout = args.json
    out = sys.stderr if to_stdout else sys.stdout
    for path in write_reports(result, lang, html=args.html, json=args.json_out, markdown=args.markdown):
        print(i18n.text("check.written", lang, path=path), file=out)
    for path in (args.failures, args.quarantine, args.valid):
        if path:
            print(i18n.text("check.written", lang, path=path), file=out)
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


class _Quarantine:
    """The engine writes ``valid.csv`` and ``invalid.csv`` into a folder: give it a temporary one
    beside the targets, then move each file the user asked for into place (and drop the rest)."""

    def __init__(self, invalid: str | None, valid: str | None) -> None:
        self.invalid, self.valid = invalid, valid
        self.folder: str | None = None

    def __enter__(self) -> str | None:
        target = self.invalid or self.valid
        if target is not None:
            self.folder = tempfile.mkdtemp(prefix=".zjgov-quarantine-", dir=Path(target).resolve().parent)
        return self.folder

    def __exit__(self, kind, exc, tb) -> None:
        if self.folder is None:
            return
        try:
            if kind is None:
                for name, target in (("invalid.csv", self.invalid), ("valid.csv", self.valid)):
                    if target:
                        os.replace(Path(self.folder) / name, target)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
