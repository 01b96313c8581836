"""``zjgov package create|verify|read``: dataset packages with SM3 and SHA-256 digests.

* ``create DATA... --out P [--catalog F] [--schema F] [--format csv|parquet] [--zip]``
* ``verify P [--expected-digest HEX] [--no-schema]``
* ``read P --out DIR``: verify, then write each table to ``DIR`` (CSV as UTF-8, Parquet as is)

Exit 0 when all is well, 1 when the package (or the data being packed) fails, 2 on a usage
or configuration error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from zjgov import i18n
from zjgov.cli import progress as _progress
from zjgov.cli._common import action_options, add_input, add_output, plural
from zjgov.cli.catalog import load_schema
from zjgov.errors import ConfigError

HELP = ("制作、校验、读取数据交换包（SM3/SHA-256 摘要）", "create, verify and read dataset packages (SM3/SHA-256)")

i18n.add(
    {
        "package.cli.action": ("子命令", "sub-command"),
        "package.cli.create": ("把数据文件打成数据包", "pack data files into a package"),
        "package.cli.verify": ("校验数据包", "verify a package"),
        "package.cli.read": ("校验并解出数据包中的表", "verify a package and write out its tables"),
        "package.cli.data": ("数据文件（CSV/TSV/JSONL/Parquet/Excel）", "data files (CSV/TSV/JSONL/Parquet/Excel)"),
        "package.cli.out_pkg": (
            "数据包路径（文件夹，或 --zip 时的 zip 文件）",
            "package path (a folder, or a zip with --zip)",
        ),
        "package.cli.out_dir": ("输出文件夹", "output folder"),
        "package.cli.catalog": (
            "目录记录文件（一条记录，JSON/YAML/CSV）",
            "catalogue record file (one record, JSON/YAML/CSV)",
        ),
        "package.cli.schema": ("数据结构文件，打包前校验数据", "schema file; the data is checked before packing"),
        "package.cli.format": (
            "数据格式：csv（UTF-8，默认）或 parquet",
            "data format: csv (UTF-8, default) or parquet",
        ),
        "package.cli.zip": ("打成 zip 文件", "write a zip file"),
        "package.cli.encoding": ("数据文件编码（默认自动识别）", "encoding of the data files (detected by default)"),
        "package.cli.bad_digest": (
            "--expected-digest 应为 64 位十六进制的 SM3 或 SHA-256 摘要",
            "--expected-digest must be an SM3 or SHA-256 digest of 64 hex digits",
        ),
        "package.cli.producer": ("制作方（单位名称或代码）", "producer (body name or code)"),
        "package.cli.overwrite": ("覆盖已有的目标", "replace an existing destination"),
        "package.cli.path": ("数据包（文件夹或 zip）", "package (folder or zip)"),
        "package.cli.expected": (
            "预期的数据包摘要（SM3 或 SHA-256，十六进制）",
            "expected package digest (SM3 or SHA-256, hex)",
        ),
        "package.cli.no_schema": ("不逐行校验数据结构", "skip the row-by-row schema check"),
        "package.cli.sha256_only": (
            "只核对数据文件的 SHA-256（更快；不核对 SM3）",
            "check the data files' SHA-256 only (faster; SM3 is not checked)",
        ),
        "package.cli.created": (
            "已生成数据包 {path}：{files} 个文件，{rows} 行",
            "package written to {path}: {files_n}, {rows_n}",
        ),
        "package.cli.digest": ("数据包摘要 SM3={sm3} SHA-256={sha256}", "package digest SM3={sm3} SHA-256={sha256}"),
        "package.cli.ok": (
            "校验通过：{files} 个文件，{rows} 行，{bytes} 字节",
            "verified: {files_n}, {rows_n}, {bytes_n}",
        ),
        "package.cli.failed": ("校验未通过：{count} 个问题", "verification failed: {count_n}"),
        "package.cli.more": ("（另有 {count} 个问题未列出）", "({count_n} more not listed)"),
        "package.cli.wrote": ("已写出 {path}（{rows} 行）", "wrote {path} ({rows_n})"),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    t = lambda key: i18n.text(f"package.cli.{key}", lang)  # noqa: E731
    common = action_options(lang)
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True, help=t("action"))
    c = sub.add_parser("create", parents=[common], help=t("create"))
    add_input(c, "data", nargs="+", help=t("data"))
    add_output(c, "--out", required=True, kind="any", writes=None, help=t("out_pkg"))
    add_input(c, "--catalog", help=t("catalog"))
    add_input(c, "--schema", help=t("schema"))
    c.add_argument("--encoding", help=t("encoding"))
    _progress.add_option(c, lang)
    c.add_argument("--format", choices=("csv", "parquet"), default="csv", help=t("format"))
    c.add_argument("--zip", action="store_true", help=t("zip"))
    c.add_argument("--producer", help=t("producer"))
    c.add_argument("--overwrite", action="store_true", help=t("overwrite"))
    c.set_defaults(_action=_create)
    v = sub.add_parser("verify", parents=[common], help=t("verify"))
    add_input(v, "path", kind="any", help=t("path"))
    v.add_argument("--expected-digest", type=_digest_arg, help=t("expected"))
    v.add_argument("--no-schema", action="store_true", help=t("no_schema"))
    v.add_argument("--sha256-only", action="store_true", help=t("sha256_only"))
    _progress.add_option(v, lang)
    v.set_defaults(_action=_verify)
    r = sub.add_parser("read", parents=[common], help=t("read"))
    add_input(r, "path", kind="any", help=t("path"))
    add_output(r, "--out", required=True, kind="dir", writes=("*.csv", "*.parquet"), help=t("out_dir"))
    r.add_argument("--expected-digest", type=_digest_arg, help=t("expected"))
    _progress.add_option(r, lang)
    r.set_defaults(_action=_read)


def run(args: argparse.Namespace) -> int:
    return args._action(args)


def _digest_arg(value: str) -> str:
    """``--expected-digest``: 64 hex digits (a usage error otherwise, before anything is read)."""
    if not re.fullmatch(r"[0-9a-fA-F]{64}", value.strip()):
        lang = "zh" if "用法" in argparse._("usage: ") else "en"
        raise argparse.ArgumentTypeError(i18n.text("package.cli.bad_digest", lang))
    return value.strip().lower()


def _create(args: argparse.Namespace) -> int:
    from zjgov.exchange import package

    schema = load_schema(args.schema) if args.schema else None
    total = sum(_progress.estimate_rows(p) or 0 for p in args.data) or None
    bar = _progress.Progress(total, label=("打包", "packing"), lang=args.lang, mode=args.progress)
    try:
        with bar, _progress.reading(bar):
            packed = package.pack(
                list(args.data),
                args.out,
                format=args.format,
                schema=schema,
                catalog=args.catalog,
                producer=args.producer,
                encoding=args.encoding,
                zip=args.zip,
                overwrite=args.overwrite,
            )
    except package.PackageError as exc:
        _problems(exc.problems, args, len(exc.problems), header=exc.message(args.lang))
        return 1
    files = packed.manifest["files"]
    if args.json:
        out = {"path": str(packed.path), "digest": packed.digest, "files": files}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        rows = sum(f["rows"] for f in files)
        print(
            i18n.text(
                "package.cli.created",
                args.lang,
                path=packed.path,
                files=len(files),
                rows=rows,
                files_n=plural(len(files), "file"),
                rows_n=plural(rows, "row"),
            )
        )
        print(i18n.text("package.cli.digest", args.lang, **packed.digest))
    return 0


def _verify(args: argparse.Namespace) -> int:
    from zjgov.exchange import package

    with _bytes_progress(args, ("校验", "verifying")) as bar:
        result = package.verify(
            args.path,
            check_schema=not args.no_schema,
            expected_digest=args.expected_digest,
            sm3=not args.sha256_only,
            progress=bar.update,
        )
    return _report(result, args)


def _bytes_progress(args: argparse.Namespace, label: tuple[str, str]) -> _progress.Progress:
    """A progress display in bytes for hashing the data files of a package (folder or zip)."""
    import zipfile

    path = Path(args.path)
    total = None
    try:
        if path.is_dir():
            total = sum(p.stat().st_size for p in (path / "data").rglob("*") if p.is_file())
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                total = sum(i.file_size for i in zf.infolist() if i.filename.startswith("data/"))
    except OSError:
        total = None
    return _progress.Progress(total or None, label=label, lang=args.lang, mode=args.progress, unit="bytes")


def _report(result, args: argparse.Namespace) -> int:
    lang = args.lang
    total = sum(result.counts.values())
    if args.json:
        print(json.dumps(result.to_dict(lang), ensure_ascii=False, indent=2))
    elif result.ok:
        counts = {"files": result.files, "rows": result.rows, "bytes": result.bytes}
        nouns = {f"{k}_n": plural(v, k[:-1]) for k, v in counts.items()}
        print(i18n.text("package.cli.ok", lang, **counts, **nouns))
        if result.digest:
            print(i18n.text("package.cli.digest", lang, **result.digest))
    else:
        _problems(
            result.problems,
            args,
            total,
            header=i18n.text("package.cli.failed", lang, count=total, count_n=plural(total, "problem")),
        )
    sys.stdout.flush()
    return 0 if result.ok else 1


def _problems(problems, args: argparse.Namespace, total: int, header: str) -> None:
    lang = args.lang
    if args.json:
        print(
            json.dumps(
                {"ok": False, "count": total, "problems": [p.to_dict(lang) for p in problems]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    print(header)
    for p in problems:
        print(f"  [{p.reason}] {p.message(lang)}")
    if total > len(problems):
        more = total - len(problems)
        print(i18n.text("package.cli.more", lang, count=more, count_n=plural(more, "problem")))


def _read(args: argparse.Namespace) -> int:
    from zjgov import io
    from zjgov.exchange import package

    with _bytes_progress(args, ("校验", "verifying")) as bar:
        result = package.verify(args.path, expected_digest=args.expected_digest, progress=bar.update)
    if not result.ok:
        return _report(result, args)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"输出路径不是文件夹：{out}", f"the output path is not a folder: {out}", field="--out")
    out.mkdir(exist_ok=True)  # its parents exist: checked before the work (or made by --mkdirs)
    formats = {f["table"]: f["format"] for f in (result.manifest or {}).get("files", [])}
    tables = package.read(args.path, expected_digest=args.expected_digest)
    written = []
    for table, frame in tables.items():
        if not package.safe_table(table):  # verify refuses these; never trust one path alone
            raise ConfigError(f"不安全的表名：{table!r}", f"unsafe table name: {table!r}", field="--out")
        target = out / f"{table}.{'parquet' if formats.get(table) == 'parquet' else 'csv'}"
        io.write_table(frame, target)
        written.append({"table": table, "path": str(target), "rows": len(frame)})
    if args.json:
        print(json.dumps({"ok": True, "digest": result.digest, "tables": written}, ensure_ascii=False, indent=2))
    else:
        for w in written:
            print(
                i18n.text(
                    "package.cli.wrote", args.lang, path=w["path"], rows=w["rows"], rows_n=plural(w["rows"], "row")
                )
            )
    return 0
