"""``zjgov mask DATA --policy FILE --out OUT``: mask a table by a policy (脱敏), streamed in batches.

Reads CSV/TSV, JSON Lines, Parquet or Excel (GBK/GB 18030 detected), writes CSV/TSV, JSON
Lines or Parquet with every row (``--engine dask|spark``: masked on the cluster, partitions
written here in row order — the same file), and an audit record ``OUT.audit.json`` (what was done, never
a value or a key; ``--audit FILE`` chooses another path). ``--json`` prints the record as JSON
on standard output instead of the summary; ``--progress`` shows the rows done. Exit codes: 0
done, 1 the data could not be treated (the message names the column, the count and the first
row) or ``--fail-on-warning`` with warnings, 2 usage, configuration, key or I/O error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from zjgov import i18n
from zjgov.cli import _common
from zjgov.cli import progress as _progress
from zjgov.cli._common import add_input, add_output, load_config
from zjgov.distributed import cli as distributed
from zjgov.errors import ConfigError
from zjgov.security.keys import EnvKeys, FileKeys, KeyRing

HELP = (
    "按脱敏策略处理数据文件（逐批流式），输出脱敏后的数据和审计记录",
    "mask a data file by a policy (streamed), with an audit record",
)

i18n.add(
    {
        "mask.data": (
            "要脱敏的数据文件（CSV/TSV/JSONL/Parquet/Excel）",
            "data file to mask (CSV/TSV/JSONL/Parquet/Excel)",
        ),
        "mask.policy": ("脱敏策略文件（YAML/JSON）", "masking policy file (YAML/JSON)"),
        "mask.out": (
            "输出文件（.csv/.tsv/.jsonl/.parquet），不能与输入相同",
            "output file (.csv/.tsv/.jsonl/.parquet), not the input",
        ),
        "mask.keys": (
            "密钥文件（keys: {{编号: hex:…}}）；未给出时从环境变量 ZJGOV_KEY_<编号> 读取",
            "key file (keys: {{id: hex:…}}); without it keys come from $ZJGOV_KEY_<ID>",
        ),
        "mask.inventory": (
            "分类分级清单（zjgov classify 的 JSON/CSV），用于按类别/级别处理和未处理个人信息的警告",
            "classification inventory (JSON/CSV of zjgov classify), for category/level rules and warnings",
        ),
        "mask.audit": ("审计记录文件（默认 OUT.audit.json）", "audit record file (default OUT.audit.json)"),
        "mask.encoding": (
            "输入编码（默认自动识别 UTF-8/GB 18030）",
            "input encoding (detected by default: UTF-8 / GB 18030)",
        ),
        "mask.batch_rows": ("每批行数", "rows per batch"),
        "mask.batch_rows_bad": ("--batch-rows 应为正整数", "--batch-rows must be a positive integer"),
        "mask.audit_is_input": (
            "审计记录 {path} 与输入是同一个文件，已拒绝（用 --audit 指定其他文件）",
            "the audit record {path} is an input; refused (choose another file with --audit)",
        ),
        "mask.fail_on_warning": ("有警告时以 1 退出", "exit 1 when there are warnings"),
        "mask.done": (
            "已脱敏 {rows} 行 → {out}；处理 {treated} 列，保留 {kept} 列；审计记录：{audit}",
            "masked {rows} rows -> {out}; {treated} columns treated, {kept} kept; audit record: {audit}",
        ),
        "mask.column": (
            "  {column}\t{operator}\t{key}改变 {changed} / {rows}",
            "  {column}\t{operator}\t{key}changed {changed} / {rows}",
        ),
        "mask.suppressed": (
            "  整行抑制 {n} 行（标记列 {marker}）",
            "  {n} records suppressed (marker column {marker})",
        ),
        "mask.warning": ("警告：{message}", "warning: {message}"),
        "mask.data_error": ("数据无法处理：{message}", "the data cannot be treated: {message}"),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    file_arguments(parser, lang, "mask")
    add_input(parser, "--inventory", metavar="FILE", help=i18n.text("mask.inventory", lang))
    parser.add_argument("--fail-on-warning", action="store_true", help=i18n.text("mask.fail_on_warning", lang))
    distributed.add_arguments(parser, lang)


def file_arguments(parser: argparse.ArgumentParser, lang: str, verb: str) -> None:
    """The arguments ``zjgov mask`` and ``zjgov unmask`` share (help texts ``<verb>.data`` …)."""

    def t(key: str) -> str:
        return i18n.text(key, lang)

    add_input(parser, "data", metavar="DATA", help=t(f"{verb}.data"))
    add_input(parser, "--policy", required=True, metavar="FILE", help=t(f"{verb}.policy"))
    add_input(parser, "--keys", metavar="FILE", help=t("mask.keys"))
    add_output(parser, "--out", required=True, metavar="OUT", help=t(f"{verb}.out"))
    add_output(parser, "--audit", metavar="FILE", help=t(f"{verb}.audit"))
    parser.add_argument("--encoding", help=t("mask.encoding"))
    parser.add_argument("--batch-rows", type=int, default=200_000, metavar="N", help=t("mask.batch_rows"))
    _progress.add_option(parser, lang)
    parser.add_argument("--json", action="store_true", help=i18n.text("cli.json", lang))


def keyring(path: str | None) -> KeyRing:
    """Keys from ``--keys FILE`` (if given), then from the environment."""
    return KeyRing(FileKeys(path), EnvKeys()) if path else KeyRing(EnvKeys())


def report(record, out: str, audit: str, lang: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
        return
    treated = [c for c in record.columns if c.present]
    print(
        i18n.text(
            "mask.done", lang, rows=record.rows, out=out, treated=len(treated), kept=len(record.kept), audit=audit
        )
    )
    for c in treated:
        key = f"key={c.key_id}\t" if c.key_id else ""
        print(
            i18n.text(
                "mask.column", lang, column=c.column, operator=c.operator, key=key, changed=c.changed, rows=c.rows
            )
        )
    if record.records.get("marker_column"):
        print(
            i18n.text("mask.suppressed", lang, n=record.records["suppressed"], marker=record.records["marker_column"])
        )
    for w in record.warnings:
        print(i18n.text("mask.warning", lang, message=w[lang]), file=sys.stderr)


def execute(args: argparse.Namespace, step, label: tuple[str, str], **options) -> object | None:
    """Run ``step`` (``mask_file`` or ``unmask_file``) as the verbs do, showing progress under
    ``label`` (zh, en): the record written and reported, or ``None`` after printing why the data
    could not be treated (exit 1)."""
    from zjgov.security.operators import OperatorError
    from zjgov.security.policy import load_policy

    if args.batch_rows < 1:
        raise ConfigError(*(i18n.text("mask.batch_rows_bad", x) for x in ("zh", "en")), field="--batch-rows")
    audit = args.audit or args.out + ".audit.json"
    if args.audit is None:  # the default record path is not declared: check it against the inputs here
        ins = [Path(p).resolve() for p in _common.inputs(args)]
        if Path(audit).resolve() in ins:
            raise ConfigError(*(i18n.text("mask.audit_is_input", x, path=audit) for x in ("zh", "en")), file=audit)
    policy = load_config(load_policy, args.policy)
    bar = _progress.Progress(_progress.estimate_rows(args.data), label=label, lang=args.lang, mode=args.progress)
    try:
        with bar:
            record = step(
                args.data,
                args.out,
                policy,
                keyring(args.keys),
                encoding=args.encoding,
                batch_rows=args.batch_rows,
                progress=bar,
                **options,
            )
    except OperatorError as exc:
        print(i18n.text("mask.data_error", args.lang, message=exc.message(args.lang)), file=sys.stderr)
        return None
    record.policy["file"] = Path(args.policy).name
    record.to_json(audit)
    report(record, args.out, audit, args.lang, args.json)
    return record


def run(args: argparse.Namespace) -> int:
    from zjgov.security.engine import mask_file
    from zjgov.security.presets import load_inventory

    where = distributed.address(args)
    step = mask_file if args.engine == "pandas" else _on_engine(args, where)
    inventory = load_inventory(args.inventory) if args.inventory else None
    text = Path(args.policy).read_text(encoding="utf-8") if Path(args.policy).is_file() else None
    record = execute(args, step, ("脱敏", "mask"), inventory=inventory, policy_text=text)
    if record is None:
        return 1
    return 1 if args.fail_on_warning and record.warnings else 0


def _on_engine(args: argparse.Namespace, where: str | None):
    """``mask_file``'s stand-in for ``--engine dask|spark``: the file read and masked on the
    engine (keys built on the workers from ``--keys`` and their environment), every row written
    here in order — the output and the record of the single-machine run."""
    from zjgov.distributed.sources import run_mask

    def step(data, out, policy, ring, *, encoding, batch_rows, progress, inventory, policy_text):
        return run_mask(
            data,
            out,
            policy,
            engine=args.engine,
            address=where,
            keys=args.keys,
            inventory=inventory,
            encoding=encoding,
            policy_text=policy_text,
            progress=progress,
        )

    return step
