"""``zjgov validate CODE VALUE...`` or ``zjgov validate CODE --file F --column C``."""

from __future__ import annotations

import argparse
import datetime as _dt
import inspect
import json
import re
import sys

from zjgov import codes, i18n
from zjgov.cli._common import add_input, add_output
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
        "validate.unknown_option": (
            "代码 {code} 没有选项“{option}”；可用的选项：{valid}",
            "the code {code} has no option '{option}'; valid options: {valid}",
        ),
        "validate.no_options": ("代码 {code} 没有选项", "the code {code} takes no options"),
        "validate.bad_bool": (
            "选项 {option} 应为 true/false、yes/no 或 1/0：{value}",
            "the option {option} must be true/false, yes/no or 1/0: {value}",
        ),
        "validate.bad_int": ("选项 {option} 应为整数：{value}", "the option {option} must be an integer: {value}"),
        "validate.bad_date": (
            "选项 {option} 应为日期（YYYY-MM-DD）：{value}",
            "the option {option} must be a date (YYYY-MM-DD): {value}",
        ),
        "validate.encoding": ("文件编码（默认自动识别）", "file encoding (detected by default)"),
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
    add_input(parser, "--file", help=i18n.text("validate.file", lang))
    parser.add_argument("--column", help=i18n.text("validate.column", lang))
    parser.add_argument("--option", action="append", default=[], help=i18n.text("validate.option", lang))
    parser.add_argument("--encoding", help=i18n.text("validate.encoding", lang))
    add_output(parser, "--failures", help=i18n.text("validate.failures", lang))
    parser.add_argument("--json", action="store_true", help=i18n.text("cli.json", lang))


def _option_error(key: str, **fields: object) -> ConfigError:
    return ConfigError(i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields), field="--option")


def _declared_options(module) -> dict[str, inspect.Parameter] | None:
    """The keyword options a code takes (name -> parameter), or None when it does not say."""
    engine = getattr(module, "_CODE", None)
    fn = engine.options if engine is not None else module.validate
    params = inspect.signature(fn).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in params) and engine is None:
        return None
    return {
        p.name: p for p in params if p.kind is p.KEYWORD_ONLY or (engine is not None and p.kind is not p.VAR_KEYWORD)
    }


_TRUE, _FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off")


def _convert(name: str, value: str, param: inspect.Parameter | None) -> object:
    """``value`` typed by the option's annotation: booleans strictly, integers, dates; else text."""
    annotation = str(param.annotation) if param is not None else ""
    low = value.strip().lower()
    if annotation == "bool" or isinstance(getattr(param, "default", None), bool):
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise _option_error("validate.bad_bool", option=name, value=value)
    if re.search(r"\bint\b", annotation):
        try:
            return int(value)
        except ValueError:
            raise _option_error("validate.bad_int", option=name, value=value) from None
    if "date" in annotation:
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _option_error("validate.bad_date", option=name, value=value) from None
    if param is None:  # a code that does not declare its options: the old, loose reading
        return True if low == "true" else False if low == "false" else int(value) if value.isdigit() else value
    return value


def _parse_options(items: list[str], module=None, code: str = "") -> dict[str, object]:
    declared = _declared_options(module) if module is not None else None
    out: dict[str, object] = {}
    for item in items:
        if "=" not in item:
            raise _option_error("validate.bad_option", option=item)
        key, value = item.split("=", 1)
        key = key.strip()
        if declared is not None and key not in declared:
            if not declared:
                raise _option_error("validate.no_options", code=code)
            raise _option_error("validate.unknown_option", code=code, option=key, valid=", ".join(declared))
        out[key] = _convert(key, value, None if declared is None else declared[key])
    return out


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    module = codes.get(args.code)
    options = _parse_options(args.option, module, args.code)
    try:
        module.validate("", **options)  # options are checked before any data is read
    except ValidationError:
        pass
    except TypeError:
        raise _option_error("validate.no_options", code=args.code) from None
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
    import numpy as np  # the file path only: a scalar check needs neither pandas nor io (cold start)
    import pandas as pd

    from zjgov import io

    if not args.column:
        raise ConfigError(
            i18n.text("validate.need_column", "zh"), i18n.text("validate.need_column", "en"), field="--column"
        )
    frame = io.read_table(args.file, encoding=args.encoding)
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
                "position": pd.array(result.position.iloc[failing].to_numpy(), dtype="Int64"),
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
