"""``zjgov classify DATA``: the classification and grading inventory (分类分级清单) of a table."""

from __future__ import annotations

import argparse
import json
import sys

from zjgov import i18n
from zjgov.classification import classify, classify_file, diff, load_catalogue, load_scheme
from zjgov.classification.catalogue import BASES
from zjgov.classification.classifier import DEFAULT_SAMPLE
from zjgov.classification.overrides import load_overrides
from zjgov.classification.schemes import BUILTIN
from zjgov.cli import progress as _progress
from zjgov.cli._common import add_input, add_output, load_config
from zjgov.errors import ConfigError
from zjgov.security import presets

HELP = (
    "数据分类分级：识别每列的类别与敏感级别，输出分类分级清单",
    "classify and grade every column; print the inventory",
)

i18n.add(
    {
        "classify.data": (
            "要分类的数据文件（CSV/TSV/JSONL/Parquet/Excel）",
            "data file to classify (CSV/TSV/JSONL/Parquet/Excel)",
        ),
        "classify.scheme": (
            "分级方案：{names}，或方案 YAML 文件（默认 db33-2350）",
            "grading scheme: {names}, or a scheme YAML file (default db33-2350)",
        ),
        "classify.catalogue": ("扩展或替换内置分类目录的 YAML 文件", "YAML file extending the built-in catalogue"),
        "classify.replace": (
            "用 --catalogue 文件替换（而非扩展）内置目录",
            "replace the built-in catalogue with --catalogue",
        ),
        "classify.overrides": (
            "人工覆盖文件（列 → 类别/级别，附理由）",
            "overrides file (column -> category/level with a reason)",
        ),
        "classify.basis": (
            "敏感个人信息依据：gbt35273（默认，证件号码为敏感）或 gbt45574",
            "sensitive-data basis: gbt35273 (default, ID numbers sensitive) or gbt45574",
        ),
        "classify.html": ("把清单写成 HTML 页面", "write the inventory as an HTML page"),
        "classify.encoding": ("文件编码（默认自动识别）", "file encoding (detected by default)"),
        "classify.json_file": ("把清单写成 JSON 文件", "write the inventory as a JSON file"),
        "classify.csv": ("把清单写成 CSV 文件", "write the inventory as a CSV file"),
        "classify.markdown": ("把清单写成 Markdown 文件", "write the inventory as a Markdown file"),
        "classify.previous": ("与以前的清单（JSON/CSV）比较，列出变化", "compare with a previous inventory (JSON/CSV)"),
        "classify.sample": (
            "抽样行数（默认 {n}；0 表示逐行全量扫描）",
            "rows to sample (default {n}; 0 scans every row)",
        ),
        "classify.seed": ("抽样随机种子", "sampling seed"),
        "classify.fail_on_review": ("有待复核字段时以 1 退出", "exit 1 when some column needs review"),
        "classify.bad_sample": ("--sample 不能为负数", "--sample must not be negative"),
        "classify.header": (
            "字段\t类别\t级别\t开放属性\t建议处理\t置信度\t复核",
            "column\tcategory\tlevel\topen\ttreatment\tconfidence\treview",
        ),
        "classify.summary": (
            "数据集级别：{level_name}（{open}，{share}）；{rows} 行，抽样 {sampled} 行；个人信息 {personal} 列，敏感 {sensitive} 列，待复核 {review} 列",
            "dataset level: {level_name} ({open}, {share}); {rows} rows, {sampled} sampled; {personal} personal, {sensitive} sensitive, {review} to review",
        ),
        "classify.changes": ("与以前清单相比的变化：", "changes since the previous inventory:"),
        "classify.no_changes": ("与以前清单相比无变化", "no changes since the previous inventory"),
        "classify.written": ("已写出：{path}", "written: {path}"),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    add_input(parser, "data", metavar="DATA", help=i18n.text("classify.data", lang))
    add_input(
        parser,
        "--scheme",
        default="db33-2350",
        split=lambda v: None if v in BUILTIN else v,
        help=i18n.text("classify.scheme", lang, names=", ".join(BUILTIN)),
    )
    add_input(parser, "--catalogue", help=i18n.text("classify.catalogue", lang))
    parser.add_argument("--replace-catalogue", action="store_true", help=i18n.text("classify.replace", lang))
    add_input(parser, "--overrides", help=i18n.text("classify.overrides", lang))
    parser.add_argument("--basis", choices=BASES, default="gbt35273", help=i18n.text("classify.basis", lang))
    parser.add_argument("--encoding", help=i18n.text("classify.encoding", lang))
    add_output(parser, "--html", metavar="F", help=i18n.text("classify.html", lang))
    add_output(parser, "--json-out", "--json-file", metavar="F", help=i18n.text("classify.json_file", lang))
    add_output(parser, "--csv", metavar="F", help=i18n.text("classify.csv", lang))
    add_output(parser, "--markdown", metavar="F", help=i18n.text("classify.markdown", lang))
    add_output(parser, "--policy-out", metavar="FILE", help=i18n.text("security.policy_out", lang))
    add_input(parser, "--previous", metavar="F", help=i18n.text("classify.previous", lang))
    parser.add_argument(
        "--sample", type=int, default=DEFAULT_SAMPLE, help=i18n.text("classify.sample", lang, n=DEFAULT_SAMPLE)
    )
    parser.add_argument("--seed", type=int, default=0, help=i18n.text("classify.seed", lang))
    parser.add_argument("--fail-on-review", action="store_true", help=i18n.text("classify.fail_on_review", lang))
    _progress.add_option(parser, lang)
    parser.add_argument("--json", action="store_true", help=i18n.text("cli.json", lang))


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.sample < 0:
        raise ConfigError(
            i18n.text("classify.bad_sample", "zh"), i18n.text("classify.bad_sample", "en"), field="--sample"
        )
    from zjgov import io
    from zjgov.quality.profile import check_header

    check_header(io.file_info(args.data, encoding=args.encoding).get("columns") or [], args.data)
    catalogue = (
        load_config(load_catalogue, args.catalogue, replace=args.replace_catalogue)
        if args.catalogue
        else load_catalogue()
    )
    scheme = load_config(load_scheme, args.scheme)
    overrides = load_config(load_overrides, args.overrides, catalogue) if args.overrides else None
    options = {"scheme": scheme, "catalogue": catalogue, "overrides": overrides, "basis": args.basis}
    bar = _progress.Progress(
        _progress.estimate_rows(args.data), label=("分类分级", "classification"), lang=lang, mode=args.progress
    )
    with bar, _progress.reading(bar):
        if args.encoding is None:
            inv = classify_file(args.data, sample=args.sample or None, seed=args.seed, **options)
        else:  # an explicit encoding: read through zjgov.io with it, then sample the frame
            frame = io.read_table(args.data, encoding=args.encoding)
            inv = classify(frame, sample=args.sample or None, seed=args.seed, source=args.data, **options)
    changes = diff(args.previous, inv, lang) if args.previous else None
    json_path = args.json_out
    written = []
    if json_path:
        inv.to_json(json_path)
        written.append(json_path)
    if args.csv:
        inv.to_csv(args.csv, lang)
        written.append(args.csv)
    if args.html:
        inv.to_html(args.html, lang)
        written.append(args.html)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(inv.to_markdown(lang))
        written.append(args.markdown)
    if args.policy_out:
        presets.write_policy(inv, args.policy_out)
        written.append(args.policy_out)
    if args.json:
        doc = inv.to_dict()
        if changes is not None:
            doc["changes"] = changes.to_dict("records")
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        _print(inv, lang, changes)
        for path in written:
            print(i18n.text("classify.written", lang, path=path), file=sys.stderr)
    sys.stdout.flush()
    return 1 if args.fail_on_review and any(e.review for e in inv.entries) else 0


def _print(inv, lang: str, changes) -> None:
    s = inv.summary(lang)
    frame = inv.to_frame(lang)
    print(
        i18n.text(
            "classify.summary",
            lang,
            level=inv.level,
            level_name=s["level_name"],
            open=s["open"],
            share=s["share"],
            rows=inv.rows,
            sampled=inv.sampled,
            personal=s["personal_columns"],
            sensitive=s["sensitive_columns"],
            review=s["review_columns"],
        )
    )
    for reason in s["reasons"]:
        print(f"  - {reason}")
    print(i18n.text("classify.header", lang))
    mark = "⚠" if sys.stdout.encoding and "utf" in sys.stdout.encoding.lower() else "!"
    for r in frame.itertuples(index=False):
        print(
            f"{r.column}\t{r.category_path}\t{r.level}\t{r.open}\t{r.treatment}\t{r.confidence:.2f}\t{mark if r.review else ''}"
        )
    if changes is not None:
        if len(changes):
            print(i18n.text("classify.changes", lang))
            for c in changes.itertuples(index=False):
                print(f"  {c.column}\t{c.message}\t{c.before} -> {c.after}")
        else:
            print(i18n.text("classify.no_changes", lang))
