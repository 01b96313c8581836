"""``zjgov validate CODE VALUE...`` or ``zjgov validate CODE --file F --column C``."""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np
import pandas as pd

from zjgov import codes, i18n, io
from zjgov.errors import ConfigError, ValidationError

HELP = ("校验标准代码（身份证号、统一社会信用代码等）", "validate standard codes (citizen ID, USCC …)")

i18n.add(
    {
        "validate.code": ("代码类型：{names}", "code type: {names}"),
        "validate.values": ("要校验的值", "values to validate"),
        "validate.file": ("要校验的数据文件（CSV/TSV/JSONL/Parquet）", "data file to validate (CSV/TSV/JSONL/Parquet)"),
        "validate.column": ("要校验的列名", "column to validate"),
        "validate.option": (
            "代码选项，如 strictness=birth_year（可重复）",
            "code option such as strictness=birth_year (repeatable)",
        ),
        "validate.failures": ("把不合格行号写入此 CSV 文件", "write the failing row numbers to this CSV file"),
        "validate.ok": ("有效", "valid"),
        "validate.no_input": (
            "请给出要校验的值，或用 --file 与 --column 指定文件和列",
            "give values, or --file with --column",
        ),
        "validate.need_column": ("使用 --file 时必须用 --column 指定列", "--file needs --column"),
        "validate.no_column": ("文件中没有列“{column}”", "the file has no column '{column}'"),
        "validate.bad_option": ("选项格式应为 名称=值：{option}", "an option must look like name=value: {option}"),
        "validate.summary": (
            "共 {total} 行：有效 {valid} 行，无效 {invalid} 行",
            "{total} rows: {valid} valid, {invalid} invalid",
        ),
        "validate.header": ("原因\t行数\t说明", "reason\trows\tmessage"),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument(
        "code",
        choices=codes.names(),
        metavar="CODE",
        help=i18n.text("validate.code", lang, names=", ".join(codes.names())),
    )
    parser.add_argument("values", nargs="*", help=i18n.text("validate.values", lang))
    parser.add_argument("--file", help=i18n.text("validate.file", lang))
    parser.add_argument("--column", help=i18n.text("validate.column", lang))
    parser.add_argument("--option", action="append", default=[], help=i18n.text("validate.option", lang))
    parser.add_argument("--failures", help=i18n.text("validate.failures", lang))
    parser.add_argument("--json", action="store_true", help=i18n.text("cli.json", lang))


def _parse_options(items: list[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for item in items:
        if "=" not in item:
            raise ConfigError(
                i18n.text("validate.bad_option", "zh", option=item),
                i18n.text("validate.bad_option", "en", option=item),
                field="--option",
            )
        key, value = item.split("=", 1)
        low = value.lower()
        out[key] = True if low == "true" else False if low == "false" else int(value) if value.isdigit() else value
    return out


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    module = codes.get(args.code)
    options = _parse_options(args.option)
    try:
        module.validate("", **options)  # options are checked before any data is read
    except ValidationError:
        pass
    except TypeError as exc:
        raise ConfigError(str(exc), str(exc), field="--option") from None
    if args.file:
        return _run_file(args, module, options, lang)
    if not args.values:
        raise ConfigError(i18n.text("validate.no_input", "zh"), i18n.text("validate.no_input", "en"))
    results = []
    for value in args.values:
        try:
            results.append({"value": value, "valid": True, "compact": module.validate(value, **options)})
        except ValidationError as exc:
            results.append(
                {
                    "value": value,
                    "valid": False,
                    "reason": exc.reason,
                    "position": exc.position,
                    "message": exc.message(lang),
                }
            )
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for r in results:
            print(f"{r['value']}\t{i18n.text('validate.ok', lang) if r['valid'] else r['message']}")
    return 0 if all(r["valid"] for r in results) else 1


def _run_file(args, module, options, lang) -> int:
    if not args.column:
        raise ConfigError(
            i18n.text("validate.need_column", "zh"), i18n.text("validate.need_column", "en"), field="--column"
        )
    frame = io.read_table(args.file)
    if args.column not in frame.columns:
        raise ConfigError(
            i18n.text("validate.no_column", "zh", column=args.column),
            i18n.text("validate.no_column", "en", column=args.column),
            file=args.file,
            field="--column",
        )
    result = module.check(frame[args.column], **options)
    failing = np.flatnonzero(~result.valid.to_numpy())
    if args.failures:
        pd.DataFrame(
            {
                "row": failing + 1,
                "reason": result.reason.iloc[failing].to_numpy(),
                "position": result.position.iloc[failing].to_numpy(),
            }
        ).to_csv(args.failures, index=False)
    summary = result.summary(lang)
    if args.json:
        print(
            json.dumps(
                {
                    "code": args.code,
                    "column": args.column,
                    "rows": len(frame),
                    "valid": result.n_valid,
                    "invalid": result.n_invalid,
                    "counts": dict(result.counts),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(i18n.text("validate.summary", lang, total=len(frame), valid=result.n_valid, invalid=result.n_invalid))
        if len(summary):
            print(i18n.text("validate.header", lang))
            for row in summary.itertuples(index=False):
                print(f"{row.reason}\t{row.count}\t{row.message}")
    sys.stdout.flush()
    return 0 if result.all_valid else 1
