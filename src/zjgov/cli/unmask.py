"""``zjgov unmask DATA --policy FILE --out OUT --keys FILE``: reverse the reversible operators
(tokens, FF1, surrogates, date shifts) of a policy over a masked file. Columns of irreversible
operators stay as they are (listed as warnings). Exit codes as ``zjgov mask``.
"""

from __future__ import annotations

import argparse

from zjgov import i18n
from zjgov.cli.mask import execute, file_arguments

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
    file_arguments(parser, lang, "unmask")


def run(args: argparse.Namespace) -> int:
    from zjgov.security.engine import unmask_file

    return 0 if execute(args, unmask_file, ("还原", "unmask")) is not None else 1
