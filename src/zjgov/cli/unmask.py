"""``zjgov unmask DATA --policy FILE --out OUT --keys FILE``: reverse the reversible operators
(tokens, FF1, surrogates, date shifts) of a policy over a masked file. Columns of irreversible
operators stay as they are (listed as warnings). Exit codes as ``zjgov mask``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zjgov import i18n
from zjgov.cli.mask import keyring, report

HELP = (
    "用密钥还原可逆脱敏（令牌、FF1、替代值、日期偏移）",
    "reverse the reversible masking (tokens, FF1, surrogates, date shifts) with the keys",
)

i18n.add(
    {
        "unmask.data": ("脱敏后的数据文件", "the masked data file"),
        "unmask.policy": ("脱敏时使用的策略文件", "the policy the data was masked with"),
        "unmask.out": ("还原后的输出文件，不能与输入相同", "output file, not the input"),
        "unmask.audit": ("还原记录文件（默认 OUT.audit.json）", "record file (default OUT.audit.json)"),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    def t(key: str) -> str:
        return i18n.text(key, lang)

    parser.add_argument("data", metavar="DATA", help=t("unmask.data"))
    parser.add_argument("--policy", required=True, metavar="FILE", help=t("unmask.policy"))
    parser.add_argument("--out", required=True, metavar="OUT", help=t("unmask.out"))
    parser.add_argument("--keys", metavar="FILE", help=t("mask.keys"))
    parser.add_argument("--audit", metavar="FILE", help=t("unmask.audit"))
    parser.add_argument("--encoding", help=t("mask.encoding"))
    parser.add_argument("--batch-rows", type=int, default=200_000, metavar="N", help=t("mask.batch_rows"))
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help=t("mask.progress"))
    parser.add_argument("--json", action="store_true", help=i18n.text("cli.json", lang))


def run(args: argparse.Namespace) -> int:
    from zjgov.security.engine import unmask_file
    from zjgov.security.operators import OperatorError
    from zjgov.security.policy import load_policy

    policy = load_policy(args.policy)
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    try:
        record = unmask_file(
            args.data,
            args.out,
            policy,
            keyring(args.keys),
            encoding=args.encoding,
            batch_rows=args.batch_rows,
            progress=progress,
        )
    except OperatorError as exc:
        print(i18n.text("mask.data_error", args.lang, message=exc.message(args.lang)), file=sys.stderr)
        return 1
    record.policy["file"] = Path(args.policy).name
    audit = args.audit or args.out + ".audit.json"
    record.to_json(audit)
    report(record, args.out, audit, args.lang, args.json)
    return 0
