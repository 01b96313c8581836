"""``zjgov schema validate DATA --schema FILE``, ``schema export``, ``schema show`` and ``schema library``.

``validate`` streams DATA (CSV/TSV/JSON Lines/Parquet/Excel, encoding detected) in batches
through ``Schema.validate``: every violation is counted, a primary key repeated across batches
is found too, and the valid and quarantined rows can be written out. Exit 0 when every row
passes, 1 when a row fails, 2 on a usage, schema or file error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from zjgov import i18n, io
from zjgov.cli import progress as _progress
from zjgov.cli._common import action_options, add_input, add_output, load_config, reference
from zjgov.distributed import cli as distributed
from zjgov.errors import ConfigError

HELP = ("按数据元模式校验数据文件，导出模式", "validate data files against a data-element schema; export schemas")

i18n.add(
    {
        "schema.cli.action": ("子命令", "sub-command"),
        "schema.cli.validate": ("按模式校验数据文件", "validate a data file against a schema"),
        "schema.cli.export": (
            "导出为 JSON Schema 或 Frictionless 表结构",
            "export as JSON Schema or a Frictionless Table Schema",
        ),
        "schema.cli.show": ("列出模式的数据元", "list the elements of a schema"),
        "schema.cli.library": ("列出内置公共数据元库", "list the bundled library of public data elements"),
        "schema.cli.data": ("数据文件（CSV/TSV/JSONL/Parquet/Excel）", "data file (CSV/TSV/JSONL/Parquet/Excel)"),
        "schema.cli.schema": (
            "模式文件（YAML/JSON/CSV/Excel 数据元表）",
            "schema file (YAML/JSON/CSV/Excel element sheet)",
        ),
        "schema.cli.reference": (
            "外键引用的数据：名称=文件（可重复）",
            "data referenced by a foreign key: NAME=FILE (repeatable)",
        ),
        "schema.cli.violations": (
            "把违规明细（行、列、原因，不含值）写入 CSV",
            "write the violations (row, column, reason; no values) to a CSV file",
        ),
        "schema.cli.valid": ("把通过校验的行写入此文件", "write the rows that pass to this file"),
        "schema.cli.quarantine": (
            "把未通过的行及原因写入此文件",
            "write the failing rows and their reasons to this file",
        ),
        "schema.cli.batch_rows": ("每批行数", "rows per batch"),
        "schema.cli.encoding": ("数据文件编码（默认自动识别）", "encoding of the data file (detected by default)"),
        "schema.cli.sheet": ("Excel 工作表名称", "Excel sheet name"),
        "schema.cli.to": ("导出格式", "export format"),
        "schema.cli.out": ("输出文件（默认打印）", "output file (printed by default)"),
        "schema.cli.summary": (
            "共 {rows} 行：通过 {valid} 行，未通过 {invalid} 行，违规 {violations} 处",
            "{rows} rows: {valid} pass, {invalid} fail, {violations} violations",
        ),
        "schema.cli.header": ("列\t原因\t次数\t说明", "column\treason\tcount\tmessage"),
        "schema.cli.unchecked": ("未检查：{detail}", "not checked: {detail}"),
        "schema.cli.bad_reference": ("引用应写作 名称=文件：{value}", "a reference must look like NAME=FILE: {value}"),
        "schema.cli.out_format": (
            "输出文件应为 .csv、.tsv、.jsonl 或 .parquet：{path}",
            "an output file must be .csv, .tsv, .jsonl or .parquet: {path}",
        ),
        "schema.cli.elements": (
            "列名\t标识符\t数据类型\t数据格式\t值域\t必填\t敏感级别",
            "column\tidentifier\ttype\tformat\tdomain\trequired\tsensitivity",
        ),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    common = action_options(lang)
    sub = parser.add_subparsers(
        dest="action", metavar="ACTION", required=True, help=i18n.text("schema.cli.action", lang)
    )
    v = sub.add_parser("validate", parents=[common], help=i18n.text("schema.cli.validate", lang))
    add_input(v, "data", help=i18n.text("schema.cli.data", lang))
    add_input(v, "--schema", required=True, help=i18n.text("schema.cli.schema", lang))
    add_input(
        v, "--reference", action="append", default=[], split=reference, help=i18n.text("schema.cli.reference", lang)
    )
    add_output(v, "--violations", metavar="F", help=i18n.text("schema.cli.violations", lang))
    add_output(v, "--valid", metavar="F", help=i18n.text("schema.cli.valid", lang))
    add_output(v, "--quarantine", metavar="F", help=i18n.text("schema.cli.quarantine", lang))
    v.add_argument("--batch-rows", type=int, default=200_000, help=i18n.text("schema.cli.batch_rows", lang))
    v.add_argument("--encoding", help=i18n.text("schema.cli.encoding", lang))
    v.add_argument("--sheet", help=i18n.text("schema.cli.sheet", lang))
    _progress.add_option(v, lang)
    distributed.add_arguments(v, lang)
    v.set_defaults(_action=_validate)
    e = sub.add_parser("export", parents=[common], help=i18n.text("schema.cli.export", lang))
    add_input(e, "schema", help=i18n.text("schema.cli.schema", lang))
    e.add_argument(
        "--to",
        choices=["json-schema", "table-schema", "yaml"],
        default="json-schema",
        help=i18n.text("schema.cli.to", lang),
    )
    add_output(e, "--out", metavar="F", help=i18n.text("schema.cli.out", lang))
    e.set_defaults(_action=_export)
    s = sub.add_parser("show", parents=[common], help=i18n.text("schema.cli.show", lang))
    add_input(s, "schema", help=i18n.text("schema.cli.schema", lang))
    s.set_defaults(_action=_show)
    lib = sub.add_parser("library", parents=[common], help=i18n.text("schema.cli.library", lang))
    lib.set_defaults(_action=_library)


def run(args: argparse.Namespace) -> int:
    args.lang = getattr(args, "lang", "zh")
    return int(args._action(args))


# -- validate ------------------------------------------------------------------------------
class _Sink:
    """Streams frames to a CSV/TSV/JSON Lines/Parquet file, one batch at a time."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.format = io.detect_format(self.path)
        if self.format not in ("csv", "tsv", "jsonl", "parquet"):
            raise ConfigError(
                i18n.text("schema.cli.out_format", "zh", path=path),
                i18n.text("schema.cli.out_format", "en", path=path),
                field=str(path),
            )
        self.writer = None
        self.first = True

    def write(self, frame: pd.DataFrame) -> None:
        if self.format == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame.astype("str"), preserve_index=False)
            if self.writer is None:
                self.writer = pq.ParquetWriter(self.path, table.schema)
            self.writer.write_table(table)
        elif self.format == "jsonl":
            with open(self.path, "w" if self.first else "a", encoding="utf-8") as fh:
                frame.to_json(fh, orient="records", lines=True, force_ascii=False)
        else:
            frame.to_csv(
                self.path,
                sep="\t" if self.format == "tsv" else ",",
                index=False,
                header=self.first,
                mode="w" if self.first else "a",
                encoding="utf-8",
                lineterminator="\n",
            )
        self.first = False

    def close(self, columns: list[str]) -> None:
        if self.first:  # nothing written: still leave a file with the header
            self.write(pd.DataFrame({c: pd.Series([], dtype="str") for c in columns}))
        if self.writer is not None:
            self.writer.close()


def _reference_paths(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise ConfigError(
                i18n.text("schema.cli.bad_reference", "zh", value=item),
                i18n.text("schema.cli.bad_reference", "en", value=item),
                field="--reference",
            )
        out[name] = path
    return out


def _references(items: list[str], encoding: str | None = None) -> dict[str, pd.DataFrame]:
    return {name: io.read_table(path, encoding=encoding) for name, path in _reference_paths(items).items()}


def _reports(args: argparse.Namespace, schema: Any, bar: Any) -> Any:
    """``(violations with 1-based file rows, rows, valid rows, unchecked, report or None, columns)`` of
    each batch of the file (``--engine pandas``), or of the whole file validated on the engine."""
    where = distributed.address(args, ("--valid", "--quarantine"))  # these write rows from one machine
    if args.engine != "pandas":
        from zjgov.distributed.sources import run_validate

        paths = _reference_paths(args.reference)
        report = run_validate(
            args.data, schema, engine=args.engine, address=where, references=paths, encoding=args.encoding
        )
        bar.update(report.n_rows)
        yield report.violations, report.n_rows, report.n_valid, report.unchecked, None, []
        return
    references = _references(args.reference, args.encoding)
    seen: dict = {}
    sheet = args.sheet
    if sheet is not None and sheet.isdigit():
        sheet = int(sheet)
    for batch in io.iter_batches(args.data, batch_rows=args.batch_rows, encoding=args.encoding, sheet=sheet):
        bar.update(len(batch))
        report = schema.validate(batch, references=references, seen_keys=seen)
        v = report.violations.copy()
        v["row"] = (v["index"].astype("Int64") + 1).where(v["row"].notna())
        yield v, report.n_rows, report.n_valid, report.unchecked, report, list(batch.columns)


def _validate(args: argparse.Namespace) -> int:
    from zjgov.exchange.schema import load_schema

    lang = args.lang
    schema = load_config(load_schema, args.schema)
    sinks = {k: _Sink(getattr(args, k)) for k in ("valid", "quarantine") if getattr(args, k)}
    violations_sink = _Sink(args.violations) if args.violations else None
    rows = valid = 0
    counts: dict[str, int] = {}
    summary: dict[tuple[str, str], list] = {}
    unchecked: list[str] = []
    first: list[dict[str, Any]] = []
    columns: list[str] = []
    sheet = args.sheet
    if sheet is not None and sheet.isdigit():
        sheet = int(sheet)
    bar = _progress.Progress(
        _progress.estimate_rows(args.data), label=("模式校验", "schema check"), lang=lang, mode=args.progress
    )
    for v, n_rows, n_valid, batch_unchecked, report, batch_columns in _reports(args, schema, bar):
        columns = batch_columns or columns
        if rows:  # frame-level problems (a missing column) are reported with the first batch only
            v = v[v["row"].notna()]
        else:
            unchecked = [u[0 if lang == "zh" else 1] for u in batch_unchecked]
        rows += n_rows
        valid += n_valid
        msg_col = "message_zh" if lang == "zh" else "message_en"
        if len(v):
            slim = pd.DataFrame(
                {"c": v["column"].astype(str), "r": v["reason"].astype(str), "m": v[msg_col].astype(str)}
            )
            grouped = slim.groupby(["c", "r"], sort=False).agg(n=("r", "size"), m=("m", "first"))
            for (column, reason), n, message in zip(grouped.index, grouped["n"], grouped["m"]):
                counts[reason] = counts.get(reason, 0) + int(n)
                entry = summary.setdefault((column, reason), [0, message])
                entry[0] += int(n)
        if len(first) < 100:
            msg = "message_zh" if lang == "zh" else "message_en"
            for r in v.head(100 - len(first)).itertuples(index=False):
                row = None if pd.isna(r.row) else int(r.row)
                first.append(
                    {"row": row, "column": str(r.column), "reason": str(r.reason), "message": str(getattr(r, msg))}
                )
        if violations_sink is not None and len(v):
            violations_sink.write(v[["row", "column", "element", "reason", "message_zh", "message_en"]])
        if "valid" in sinks:
            sinks["valid"].write(report.valid_rows())
        if "quarantine" in sinks:
            bad = report.quarantined_rows(lang)
            if len(bad):
                sinks["quarantine"].write(bad)
    bar.close()
    if not columns:
        columns = io.file_info(args.data, encoding=args.encoding, sheet=sheet).get("columns") or []
    for key, sink in sinks.items():
        sink.close(columns + (["_reasons", "_messages"] if key == "quarantine" else []))
    if violations_sink is not None:
        violations_sink.close(["row", "column", "element", "reason", "message_zh", "message_en"])
    total = sum(counts.values())
    if args.json:
        out = {
            "schema": schema.name,
            "data": args.data,
            "rows": rows,
            "valid_rows": valid,
            "invalid_rows": rows - valid,
            "violations": total,
            "counts": counts,
            "by_column": [{"column": c, "reason": r, "count": n, "message": m} for (c, r), (n, m) in summary.items()],
            "first_violations": first,
            "unchecked": unchecked,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(i18n.text("schema.cli.summary", lang, rows=rows, valid=valid, invalid=rows - valid, violations=total))
        if summary:
            print(i18n.text("schema.cli.header", lang))
            for (column, reason), (count, message) in sorted(summary.items(), key=lambda kv: -kv[1][0]):
                print(f"{column}\t{reason}\t{count}\t{message}")
        for note in unchecked:
            print(i18n.text("schema.cli.unchecked", lang, detail=note))
    sys.stdout.flush()
    return 0 if total == 0 else 1


# -- export, show, library -------------------------------------------------------------------
def _export(args: argparse.Namespace) -> int:
    from zjgov.exchange.schema import load_schema

    schema = load_config(load_schema, args.schema)
    if args.to == "yaml":
        text = schema.to_yaml()
    else:
        data = schema.to_json_schema() if args.to == "json-schema" else schema.to_table_schema()
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _element_rows(elements, schema=None) -> list[dict[str, Any]]:
    rows = []
    for el in elements:
        rows.append(
            {
                "column": el.column,
                "identifier": el.identifier,
                "name_en": el.name_en,
                "data_type": el.data_type.value,
                "format": el.format,
                "domain": el.domain.describe("en") if el.domain is not None else None,
                "required": bool(el.required or (schema is not None and el.column in schema.primary_key)),
                "sensitivity": el.sensitivity,
            }
        )
    return rows


def _print_elements(rows: list[dict[str, Any]], lang: str, as_json: bool, extra: dict | None = None) -> None:
    if as_json:
        print(json.dumps({**(extra or {}), "elements": rows}, ensure_ascii=False, indent=2))
        return
    print(i18n.text("schema.cli.elements", lang))
    for r in rows:
        cells = [
            r["column"],
            r["identifier"],
            r["data_type"],
            r["format"],
            r["domain"],
            "Y" if r["required"] else "",
            r["sensitivity"],
        ]
        print("\t".join("" if c is None else str(c) for c in cells))


def _show(args: argparse.Namespace) -> int:
    from zjgov.exchange.schema import load_schema

    schema = load_config(load_schema, args.schema)
    extra = {"name": schema.name, "primary_key": schema.primary_key}
    _print_elements(_element_rows(schema.elements, schema), args.lang, args.json, extra)
    return 0


def _library(args: argparse.Namespace) -> int:
    from zjgov.exchange import library

    _print_elements(_element_rows(library.elements()), args.lang, args.json)
    return 0
