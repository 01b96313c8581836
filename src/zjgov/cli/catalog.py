"""``zjgov catalog validate FILE [--schema F]`` and ``zjgov catalog licences FILE``.

``validate`` checks a catalogue file (政务信息资源目录: CSV/TSV/Excel/JSON/YAML) against the
rules of :mod:`zjgov.exchange.catalog`; ``licences`` checks a file of electronic licence
records (:mod:`zjgov.exchange.licence`). Exit 0 when there is no error (warnings allowed),
1 when a record has an error, 2 on a usage or file error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from zjgov import i18n
from zjgov.cli._common import action_options, add_input
from zjgov.exchange import RecordReport, load_records

HELP = ("校验政务信息资源目录或电子证照记录", "validate catalogue records or electronic licence records")

i18n.add(
    {
        "catalog.cli.action": ("子命令", "sub-command"),
        "catalog.cli.validate": ("校验目录文件", "validate a catalogue file"),
        "catalog.cli.licences": ("校验电子证照记录文件", "validate a file of electronic licence records"),
        "catalog.cli.file": ("记录文件（CSV/TSV/Excel/JSON/YAML）", "records file (CSV/TSV/Excel/JSON/YAML)"),
        "catalog.cli.schema": (
            "数据结构文件：目录中的信息项与之比对",
            "schema file: the information items are compared with it",
        ),
        "catalog.cli.strict": (
            "证照标识校验位错误按错误（而非警告）处理",
            "treat a wrong licence-identifier check character as an error, not a warning",
        ),
        "catalog.cli.summary": (
            "共 {records} 条记录：{invalid} 条有错误，{problems} 个问题",
            "{records} records: {invalid} with errors, {problems} problems",
        ),
        "catalog.cli.ok": ("全部通过", "all records pass"),
        "catalog.cli.encoding": (
            "CSV/TSV 文件编码（默认自动识别）",
            "encoding of a CSV/TSV file (detected by default)",
        ),
        "catalog.cli.warning": ("警告", "warning"),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    common = action_options(lang)
    sub = parser.add_subparsers(
        dest="action", metavar="ACTION", required=True, help=i18n.text("catalog.cli.action", lang)
    )
    v = sub.add_parser("validate", parents=[common], help=i18n.text("catalog.cli.validate", lang))
    add_input(v, "file", help=i18n.text("catalog.cli.file", lang))
    add_input(v, "--schema", help=i18n.text("catalog.cli.schema", lang))
    v.add_argument("--encoding", help=i18n.text("catalog.cli.encoding", lang))
    v.set_defaults(_action=_validate)
    lic = sub.add_parser(
        "licences", aliases=["licenses"], parents=[common], help=i18n.text("catalog.cli.licences", lang)
    )
    add_input(lic, "file", help=i18n.text("catalog.cli.file", lang))
    lic.add_argument("--encoding", help=i18n.text("catalog.cli.encoding", lang))
    lic.add_argument("--strict-checksum", action="store_true", help=i18n.text("catalog.cli.strict", lang))
    lic.set_defaults(_action=_licences)


def run(args: argparse.Namespace) -> int:
    return args._action(args)


def load_schema(path: str) -> Any:
    """A schema from a YAML/JSON/CSV/Excel file, through the schema layer."""
    from zjgov.cli._common import load_config
    from zjgov.exchange.schema import Schema

    for name in ("load", "from_file", "read"):
        loader = getattr(Schema, name, None)
        if callable(loader):
            return load_config(loader, path)
    raise AttributeError("Schema has no file loader")


def _validate(args: argparse.Namespace) -> int:
    from zjgov.exchange import catalog

    schema = load_schema(args.schema) if args.schema else None
    frame, lines = load_records(args.file, encoding=args.encoding)
    report = catalog.validate_catalog(frame, schema=schema, lines=lines, file=args.file)
    return _print(report, args)


def _licences(args: argparse.Namespace) -> int:
    from zjgov.exchange import licence

    frame, lines = load_records(args.file, encoding=args.encoding)
    report = licence.validate_licences(frame, lines=lines, file=args.file, strict_checksum=args.strict_checksum)
    return _print(report, args)


def _print(report: RecordReport, args: argparse.Namespace) -> int:
    lang = args.lang
    if args.json:
        print(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2))
    else:
        warn = i18n.text("catalog.cli.warning", lang)
        for message, severity in zip(report.messages(lang), report.problems["severity"]):
            print(f"{message}" + (f" ({warn})" if severity == "warning" else ""))
        print(
            i18n.text(
                "catalog.cli.summary",
                lang,
                records=report.records,
                invalid=len(report.invalid_rows),
                problems=len(report.problems),
            )
        )
        if report.ok:
            print(i18n.text("catalog.cli.ok", lang))
    sys.stdout.flush()
    return 0 if report.ok else 1
