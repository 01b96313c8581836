"""``zjgov profile DATA [--out rules.yaml]``: profile a table and propose a starting rule set.

Without ``--out`` the proposed rule file goes to standard output (``zjgov profile d.csv >
rules.yaml``) and the column summary to standard error; with ``--out`` the summary goes to
standard output. ``--json`` prints the whole profile as JSON instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zjgov import codes, i18n
from zjgov.cli._common import add_input, add_output
from zjgov.errors import ConfigError
from zjgov.quality.profile import MAX_ROWS, Profile, profile
from zjgov.report import fmt
from zjgov.report import json as rjson

HELP = ("分析数据并生成初始质量规则集", "profile data and propose a starting quality rule set")

i18n.add(
    {
        "profile.data": ("数据文件（CSV/TSV/JSONL/Parquet/Excel）", "data file (CSV/TSV/JSONL/Parquet/Excel)"),
        "profile.out": ("把建议的规则集写入此 YAML 文件", "write the proposed rule set to this YAML file"),
        "profile.rows": ("最多分析的行数（默认 {n}）", "analyse at most this many rows (default {n})"),
        "profile.strict": (
            "阈值一律为 1.0，不留余量（与 --margin 0 相同）",
            "every threshold 1.0, no margin (as --margin 0)",
        ),
        "profile.thresholds": (
            "阈值来源：standard（默认，每条记录都应符合，1.0 减去 --margin）或 today（今天的通过率，用于回归检测）",
            "where thresholds come from: standard (default: every record conforms, 1.0 less --margin) or "
            "today (today's pass rates, a regression gate)",
        ),
        "profile.margin": ("阈值留出的余量（0–0.5，默认 0）", "margin below 1.0 for the thresholds (0-0.5, default 0)"),
        "profile.reference_time": (
            "写入规则集的参考时间（ISO 8601，默认为当前时间）",
            "reference time pinned in the rule set (ISO 8601, now by default)",
        ),
        "profile.encoding": ("文件编码（默认自动识别）", "file encoding (detected by default)"),
        "profile.summary": ("数据：{name}，{rows} 行", "Data: {name}, {rows} rows"),
        "profile.truncated": (
            "（只分析了前 {rows} 行，可用 --rows 调整）",
            " (only the first {rows} rows; see --rows)",
        ),
        "profile.header": ("列\t缺失率\t不同值\t识别结果", "column\tmissing\tdistinct\tfound"),
        "profile.found.code": ("{title}（{share} 合规）", "{title} ({share} valid)"),
        "profile.found.date": ("日期 {format}", "date {format}"),
        "profile.found.integer": ("整数", "integer"),
        "profile.found.number": ("数值", "number"),
        "profile.found.length": ("定长 {length}", "fixed length {length}"),
        "profile.found.values": ("{count} 个取值", "{count} values"),
        "profile.found.empty": ("全部为空", "all empty"),
        "profile.found.none": ("—", "—"),
        "profile.keys": ("候选主键：{keys}", "Candidate keys: {keys}"),
        "profile.no_keys": ("没有找到候选主键", "No candidate key found"),
        "profile.duplicates": ("完全重复的记录：{count} 行", "Duplicate records: {count}"),
        "profile.code_error": (
            "警告：代码 {code} 的检查在列 {column} 上出错（{error}），检测时已跳过",
            "warning: the check of code {code} raised {error} on column {column}; it was skipped",
        ),
        "profile.proposed": ("建议规则 {count} 条", "{count} rules proposed"),
        "profile.written": ("已写出：{path}", "written: {path}"),
        "profile.cannot_write": ("无法写入规则文件：{detail}", "cannot write the rule file: {detail}"),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    t = lambda key, **kw: i18n.text(key, lang, **kw)  # noqa: E731
    add_input(parser, "data", metavar="DATA", help=t("profile.data"))
    add_output(parser, "--out", metavar="FILE", help=t("profile.out"))
    parser.add_argument("--rows", type=int, default=MAX_ROWS, metavar="N", help=t("profile.rows", n=f"{MAX_ROWS:,}"))
    parser.add_argument("--thresholds", choices=("standard", "today"), default="standard", help=t("profile.thresholds"))
    parser.add_argument("--margin", type=float, default=0.0, metavar="M", help=t("profile.margin"))
    parser.add_argument("--strict", action="store_true", help=t("profile.strict"))
    parser.add_argument("--reference-time", metavar="TIME", help=t("profile.reference_time"))
    parser.add_argument("--encoding", help=t("profile.encoding"))
    parser.add_argument("--json", action="store_true", help=i18n.text("cli.json", lang))


def _found(p: Profile, lang: str) -> list[str]:
    lines = []
    for c in p.columns:
        t = lambda key, **kw: i18n.text(f"profile.found.{key}", lang, **kw)  # noqa: E731
        if c.filled == 0:
            found = t("empty")
        elif c.code is not None:
            title = codes.get(c.code).TITLE[0 if lang == "zh" else 1]
            found = t("code", title=title, share=fmt.percent(c.codes[c.code], 2))
        elif c.date_format is not None:
            found = t("date", format=c.date_format)
        elif c.values is not None:
            found = t("values", count=len(c.values))
        elif c.number is not None:
            found = t(c.number)
        elif c.length is not None:
            found = t("length", length=c.length)
        else:
            found = t("none")
        lines.append(f"{c.name}\t{fmt.percent(c.missing_rate)}\t{fmt.number(c.distinct)}\t{found}")
    return lines


def _summary(p: Profile, lang: str) -> str:
    head = i18n.text("profile.summary", lang, name=p.name, rows=fmt.number(p.rows))
    if p.truncated:
        head += i18n.text("profile.truncated", lang, rows=fmt.number(p.rows))
    lines = [head, i18n.text("profile.header", lang), *_found(p, lang)]
    if p.keys:
        lines.append(i18n.text("profile.keys", lang, keys="; ".join(" + ".join(k) for k in p.keys[:5])))
    else:
        lines.append(i18n.text("profile.no_keys", lang))
    lines.append(i18n.text("profile.duplicates", lang, count=fmt.number(p.duplicate_records)))
    lines.append(i18n.text("profile.proposed", lang, count=len(p.rules)))
    return "\n".join(lines)


def _warnings(p: Profile, lang: str) -> list[str]:
    return [
        i18n.text("profile.code_error", lang, code=code, column=c.name, error=error)
        for c in p.columns
        for code, error in c.code_errors.items()
    ]


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    from zjgov.cli.check import reference_time

    p = profile(
        args.data,
        max_rows=args.rows,
        strict=args.strict,
        encoding=args.encoding,
        lang=lang,
        thresholds=args.thresholds,
        margin=args.margin,
        reference_time=reference_time(args.reference_time),
    )
    for line in _warnings(p, lang):
        print(line, file=sys.stderr)
    text = p.to_yaml()
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            detail = exc.strerror or type(exc).__name__
            raise ConfigError(
                i18n.text("profile.cannot_write", "zh", detail=detail),
                i18n.text("profile.cannot_write", "en", detail=detail),
                file=args.out,
                field="--out",
            ) from None
    if args.json:
        print(rjson.dumps(p.to_dict()))
    elif args.out:
        print(_summary(p, lang))
        print(i18n.text("profile.written", lang, path=args.out))
    else:
        print(_summary(p, lang), file=sys.stderr)
        sys.stdout.write(text)
    sys.stdout.flush()
    return 0
