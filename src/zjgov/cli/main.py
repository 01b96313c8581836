"""``zjgov``: one command, one verb per job. Chinese by default, ``--lang en`` for English.

Every verb exits 0 when all is well, 1 when the data failed the check and 2 on a usage or
configuration error. Verbs live in their own modules (``zjgov.cli.<verb>``), each with
``HELP = (zh, en)``, ``add_arguments(parser, lang)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from zjgov import __version__, i18n
from zjgov.errors import ZjgovError

#: verb -> module; a verb whose module is absent is simply not offered.
VERBS = {
    "demo": "zjgov.cli.demo",
    "validate": "zjgov.cli.validate",
    "check": "zjgov.cli.check",
    "profile": "zjgov.cli.profile",
    "classify": "zjgov.cli.classify",
    "schema": "zjgov.cli.schema",
    "catalog": "zjgov.cli.catalog",
    "package": "zjgov.cli.package",
}

#: verb -> its one-line help (zh, en), the same as the module's ``HELP``, so that the top-level
#: help imports no verb (tests/test_cold_start.py checks the two agree).
HELP = {
    "demo": (
        "演示：对内置的虚构人口数据做完整的数据质量检查并生成报告",
        "demo: run a full quality check on bundled fictitious population data",
    ),
    "validate": ("校验标准代码（身份证号、统一社会信用代码等）", "validate standard codes (citizen ID, USCC …)"),
    "check": (
        "按 GB/T 36344 检查数据质量（规则集、评分、报告）",
        "check data quality by GB/T 36344 (rule set, scores, reports)",
    ),
    "profile": ("分析数据并生成初始质量规则集", "profile data and propose a starting quality rule set"),
    "classify": (
        "数据分类分级：识别每列的类别与敏感级别，输出分类分级清单",
        "classify and grade every column; print the inventory",
    ),
    "schema": (
        "按数据元模式校验数据文件，导出模式",
        "validate data files against a data-element schema; export schemas",
    ),
    "catalog": ("校验政务信息资源目录或电子证照记录", "validate catalogue records or electronic licence records"),
    "package": (
        "制作、校验、读取数据交换包（SM3/SHA-256 摘要）",
        "create, verify and read dataset packages (SM3/SHA-256)",
    ),
}

i18n.add(
    {
        "cli.description": (
            "浙江数据治理标准工具（数据元、代码校验、数据质量、分类分级）",
            "Zhejiang data-governance standards toolkit (codes, exchange, quality, classification)",
        ),
        "cli.lang": ("输出语言：zh（默认）或 en", "output language: zh (default) or en"),
        "cli.json": ("以 JSON 输出机器可读结果", "print machine-readable JSON"),
        "cli.error": ("错误：{message}", "error: {message}"),
        "cli.interrupted": ("已中断", "interrupted"),
    }
)


def _lang_from(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in i18n.LANGS else "zh"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in i18n.LANGS else "zh"
    return "zh"


def _load(verb: str):
    try:
        return importlib.import_module(VERBS[verb])
    except ModuleNotFoundError as exc:
        if exc.name == VERBS[verb]:
            return None
        raise


def build_parser(lang: str) -> argparse.ArgumentParser:
    """The top-level parser (verbs and their one-line help)."""
    parser = argparse.ArgumentParser(prog="zjgov", description=i18n.text("cli.description", lang))
    parser.add_argument("--version", action="version", version=f"zjgov {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for verb in VERBS:
        if importlib.util.find_spec(VERBS[verb]) is not None:  # offered without importing it
            sub.add_parser(verb, help=HELP[verb][0 if lang == "zh" else 1], add_help=False)
    return parser


def verb_parser(verb: str, lang: str) -> argparse.ArgumentParser:
    """The parser of one verb; options and positionals may come in any order."""
    module = _load(verb)
    help_text = module.HELP[0 if lang == "zh" else 1]
    parser = argparse.ArgumentParser(prog=f"zjgov {verb}", description=help_text)
    parser.add_argument("--lang", choices=i18n.LANGS, default="zh", help=i18n.text("cli.lang", lang))
    module.add_arguments(parser, lang)
    parser.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from(argv)
    top = build_parser(lang)
    verb_at = next((i for i, a in enumerate(argv) if not a.startswith("-")), None)
    if verb_at is None or argv[verb_at] not in VERBS or _load(argv[verb_at]) is None:
        top.parse_args(argv)  # prints help, version or a usage error (exit 0 or 2)
        return 2
    verb = argv[verb_at]
    parser = verb_parser(verb, lang)
    try:
        args = parser.parse_intermixed_args(argv[:verb_at] + argv[verb_at + 1 :])
    except TypeError:  # a verb with several variadic positionals
        args = parser.parse_args(argv[:verb_at] + argv[verb_at + 1 :])
    try:
        return int(args._run(args))
    except ZjgovError as exc:
        message = exc.message(args.lang) if hasattr(exc, "message") else str(exc)
        print(i18n.text("cli.error", args.lang, message=message), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(i18n.text("cli.interrupted", args.lang), file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
