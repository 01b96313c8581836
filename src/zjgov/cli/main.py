"""``zjgov``: one command, one verb per job. Chinese by default, ``--lang en`` for English.

Every verb exits 0 when all is well, 1 when the data failed the check, 2 on a usage,
configuration or I/O error (a clean bilingual message naming the file, never a traceback)
and 3 on an internal error (a bug: ``ZJGOV_DEBUG=1`` shows its traceback). A closed pipe
(``zjgov classify … | head``) ends quietly. Verbs live in their own modules
(``zjgov.cli.<verb>``), each with ``HELP = (zh, en)``, ``add_arguments(parser, lang)`` and
``run(args) -> int``; the files they read and write are declared with
:func:`zjgov.cli._common.add_input` / ``add_output`` and checked here before the verb runs.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Iterator, Sequence

from zjgov import __version__, i18n
from zjgov.cli import _common
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
    "mask": "zjgov.cli.mask",
    "unmask": "zjgov.cli.unmask",
    "audit": "zjgov.cli.audit",
}

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_PIPE = 130, 141  # the shell's conventions for SIGINT and SIGPIPE

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
    "mask": (
        "按脱敏策略处理数据文件（逐批流式），输出脱敏后的数据和审计记录",
        "mask a data file by a policy (streamed), with an audit record",
    ),
    "unmask": (
        "用密钥还原可逆脱敏（令牌、FF1、替代值、日期偏移）",
        "reverse the reversible masking (tokens, FF1, surrogates, date shifts) with the keys",
    ),
    "audit": (
        "发布前审计：按保护清单检查数据能否共享、开放或出境，并评估去标识化效果",
        "release audit: check data against a protection list for sharing, opening or transfer abroad",
    ),
}

i18n.add(
    {
        "cli.description": (
            "浙江数据治理标准工具（数据元、代码校验、数据质量、分类分级）",
            "Zhejiang data-governance standards toolkit (codes, exchange, quality, classification)",
        ),
        "cli.lang": ("输出语言：zh（默认）或 en", "output language: zh (default) or en"),
        "cli.json": ("在标准输出打印机器可读的 JSON", "print machine-readable JSON on standard output"),
        "cli.error": ("错误：{message}", "error: {message}"),
        "cli.interrupted": ("已中断", "interrupted"),
        "cli.os_error": ("{file}：{reason}", "{file}: {reason}"),
        "cli.os_error_nofile": ("读写错误：{reason}", "I/O error: {reason}"),
        "cli.unreadable": ("无法读取 {file}（{detail}）", "cannot read {file} ({detail})"),
        "cli.unreadable_nofile": ("无法读取输入（{detail}）", "cannot read the input ({detail})"),
        "cli.yaml": (
            "{file}：第 {line} 行不是有效的 YAML（{detail}）",
            "{file}: line {line} is not valid YAML ({detail})",
        ),
        "cli.too_deep": (
            "{file}：嵌套层次过深，无法处理",
            "{file}: nested too deeply to be processed",
        ),
        "cli.memory": ("内存不足：{file} 无法处理", "out of memory while processing {file}"),
        "cli.bug": (
            "内部错误（{detail}），这是 zjgov 的缺陷；设置 ZJGOV_DEBUG=1 可查看详情并报告",
            "internal error ({detail}): a bug in zjgov; set ZJGOV_DEBUG=1 to see the traceback and report it",
        ),
        "cli.json_file": (
            "--json 表示在标准输出打印 JSON；写入文件请用 --json-out {value}",
            "--json prints JSON on standard output; write a file with --json-out {value}",
        ),
        "cli.input": ("输入", "the input"),
    }
)

#: argparse's own texts, in Chinese (English is argparse's own).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示此帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多一个值",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可匹配 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其一",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的子命令 %(parser_name)r（可选：%(choices)s）",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
}


@contextlib.contextmanager
def _argparse_language(lang: str) -> Iterator[None]:
    """argparse's messages (usage:, options:, error: …) in ``lang`` for the duration of a run."""
    if lang != "zh":
        yield
        return
    saved = argparse._, argparse.ngettext
    argparse._ = lambda s: _ARGPARSE_ZH.get(s, s)
    argparse.ngettext = lambda s, p, n: _ARGPARSE_ZH.get(s if n == 1 else p, s if n == 1 else p)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _lang_from(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in i18n.LANGS else "zh"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in i18n.LANGS else "zh"
    return "zh"


def _verb_index(argv: Sequence[str]) -> int | None:
    """Where the verb is: the first word that is not an option or the value of ``--lang``."""
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("-"):
            return i
    return None


def _load(verb: str):
    try:
        return importlib.import_module(VERBS[verb])
    except ModuleNotFoundError as exc:
        if exc.name == VERBS[verb]:
            return None
        raise


def build_parser(lang: str) -> argparse.ArgumentParser:
    """The top-level parser (verbs and their one-line help)."""
    parser = argparse.ArgumentParser(
        prog="zjgov", description=i18n.text("cli.description", lang), epilog=i18n.text("cli.exit_codes", lang)
    )
    parser.add_argument("--version", action="version", version=f"zjgov {__version__}")
    parser.add_argument("--lang", choices=i18n.LANGS, default="zh", help=i18n.text("cli.lang", lang))
    sub = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for verb in VERBS:
        if importlib.util.find_spec(VERBS[verb]) is not None:  # offered without importing it
            sub.add_parser(verb, help=HELP[verb][0 if lang == "zh" else 1], add_help=False)
    return parser


def _every_parser(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _every_parser(sub)


def verb_parser(verb: str, lang: str) -> argparse.ArgumentParser:
    """The parser of one verb; options and positionals may come in any order."""
    module = _load(verb)
    help_text = module.HELP[0 if lang == "zh" else 1]
    parser = argparse.ArgumentParser(prog=f"zjgov {verb}", description=help_text)
    parser.add_argument("--lang", choices=i18n.LANGS, default="zh", help=i18n.text("cli.lang", lang))
    parser.add_argument("--mkdirs", action="store_true", help=i18n.text("cli.mkdirs", lang))
    module.add_arguments(parser, lang)
    parser.set_defaults(_run=module.run)
    for p in _every_parser(parser):  # exit codes in every --help, sub-actions included
        p.epilog = i18n.text("cli.exit_codes", lang)
    return parser


def _json_to_file(argv: Sequence[str]) -> str | None:
    """``--json result.json``: the old spelling of ``--json-out`` (a usage error with a hint)."""
    for i, arg in enumerate(argv[:-1]):
        if arg == "--json" and argv[i + 1].lower().endswith(".json"):
            return argv[i + 1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from(argv)
    with _argparse_language(lang):
        return _main(argv, lang)


def _main(argv: list[str], lang: str) -> int:
    top = build_parser(lang)
    verb_at = _verb_index(argv)
    if verb_at is None or argv[verb_at] not in VERBS or _load(argv[verb_at]) is None:
        top.parse_args(argv)  # prints help, version or a usage error (exit 0 or 2)
        return EXIT_USAGE
    verb = argv[verb_at]
    parser = verb_parser(verb, lang)
    rest = argv[:verb_at] + argv[verb_at + 1 :]
    rest = [a for i, a in enumerate(rest) if not (a == "-" and i and rest[i - 1] == "--json")]  # old `--json -`
    misplaced = _json_to_file(rest)
    if misplaced is not None:
        parser.error(i18n.text("cli.json_file", lang, value=misplaced))
    try:
        args = parser.parse_intermixed_args(rest)
    except TypeError:  # a verb with several variadic positionals
        args = parser.parse_args(rest)
    args.lang = getattr(args, "lang", lang)
    try:
        _common.check_paths(args)
        return int(args._run(args))
    except BaseException as exc:
        return _handle(exc, args)


def _handle(exc: BaseException, args: argparse.Namespace) -> int:
    lang = args.lang
    if isinstance(exc, SystemExit):
        raise exc
    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
        return EXIT_PIPE
    if isinstance(exc, KeyboardInterrupt):
        print(i18n.text("cli.interrupted", lang), file=sys.stderr)
        return EXIT_INTERRUPTED
    message, code = _describe(exc, args)
    if code == EXIT_BUG and os.environ.get("ZJGOV_DEBUG"):
        raise exc
    with contextlib.suppress(BrokenPipeError):
        print(i18n.text("cli.error", lang, message=message), file=sys.stderr)
    return code


def _describe(exc: BaseException, args: argparse.Namespace) -> tuple[str, int]:
    """The message and exit code for an exception that reached the boundary."""
    import pyarrow as pa
    import yaml

    lang = args.lang
    ins = _common.inputs(args)
    first = ins[0] if ins else None
    if isinstance(exc, ZjgovError):
        return (exc.message(lang) if hasattr(exc, "message") else str(exc)), EXIT_USAGE
    if isinstance(exc, OSError) and not isinstance(exc, ZjgovError):
        reason = _common.os_reason(exc, lang)
        name = exc.filename or getattr(exc, "filename2", None)
        if name is None:
            return i18n.text("cli.os_error_nofile", lang, reason=reason), EXIT_USAGE
        return i18n.text("cli.os_error", lang, file=name, reason=reason), EXIT_USAGE
    if isinstance(exc, yaml.YAMLError):
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        name = mark.name if mark is not None and mark.name not in (None, "<unicode string>") else _config_file(args)
        return i18n.text("cli.yaml", lang, file=name, line=line, detail=type(exc).__name__), EXIT_USAGE
    if isinstance(exc, RecursionError):
        return i18n.text("cli.too_deep", lang, file=first or "-"), EXIT_USAGE
    if isinstance(exc, MemoryError):
        return i18n.text("cli.memory", lang, file=first or "-"), EXIT_USAGE
    readable = (pa.ArrowException, UnicodeError, EOFError, _zip_error())
    if isinstance(exc, readable):  # the message of these may quote data: only the kind is shown
        if first is None:
            return i18n.text("cli.unreadable_nofile", lang, detail=type(exc).__name__), EXIT_USAGE
        return i18n.text("cli.unreadable", lang, file=first, detail=type(exc).__name__), EXIT_USAGE
    return i18n.text("cli.bug", lang, detail=type(exc).__name__), EXIT_BUG


def _zip_error() -> type[Exception]:
    import zipfile

    return zipfile.BadZipFile


def _config_file(args: argparse.Namespace) -> str:
    for name in ("rules", "schema", "policy", "catalogue", "overrides"):
        value = getattr(args, name, None)
        if isinstance(value, str):
            return value
    return "-"


def _silence_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so the final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
