"""``zjgov audit DATA --list FILE --scenario open``: may this data be released? (发布前审计)

``--json`` prints the audit as JSON on standard output (the summary then goes to standard
error); ``--json-out FILE`` writes it to a file, ``--html FILE`` as a page.

Exit 0 when nothing blocks the release (notes may remain), 1 when something does, 2 on a usage,
configuration or I/O error. ``--fix-policy`` writes a masking policy under which the data passes
(the required treatments plus the least-loss generalisation of the quasi-identifiers).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from zjgov import i18n
from zjgov.cli import progress as _progress
from zjgov.cli._common import add_input, add_output, load_config
from zjgov.distributed import cli as distributed
from zjgov.errors import ConfigError

HELP = (
    "发布前审计：按保护清单检查数据能否共享、开放或出境，并评估去标识化效果",
    "release audit: check data against a protection list for sharing, opening or transfer abroad",
)

i18n.add(
    {
        "audit.cli.data": ("要审计的数据文件或数据包目录", "data file or dataset package to audit"),
        "audit.cli.list": (
            "保护清单文件（可重复，按顺序合并；default 为内置省级默认清单；缺省为 default）",
            "protection list file (repeatable, merged in order; default = the built-in provincial list; the default)",
        ),
        "audit.cli.scenario": (
            "发布场景：internal、share、open（默认）、cross_border",
            "scenario: internal, share, open (default), cross_border",
        ),
        "audit.cli.inventory": (
            "分类分级清单（zjgov classify --json-out 的输出）；缺省时对数据重新分类",
            "classification inventory (zjgov classify --json-out); by default the data is classified",
        ),
        "audit.cli.mask_audit": (
            "zjgov mask 写出的脱敏审计记录（说明做过哪些处理）",
            "the audit record of a zjgov mask run (what was applied)",
        ),
        "audit.cli.qi": (
            "准标识符列（可重复；缺省按清单和分类目录推断）",
            "quasi-identifier column (repeatable; by default from the list and catalogue)",
        ),
        "audit.cli.sensitive": (
            "敏感属性列（可重复，用于 l 多样性与 t 接近性）",
            "sensitive attribute column (repeatable; for l and t)",
        ),
        "audit.cli.population": ("总体表（计算记者攻击风险）", "population table (for the journalist risk)"),
        "audit.cli.json_out": ("把审计结果写成 JSON 文件", "write the audit as JSON to this file"),
        "audit.cli.html": ("把审计与效果评估写成 HTML 页面", "write the audit and effect evaluation as an HTML page"),
        "audit.cli.effect_json": (
            "把去标识化效果评估报告写成 JSON 文件",
            "write the de-identification effect evaluation as JSON",
        ),
        "audit.cli.effect_html": (
            "把去标识化效果评估报告写成 HTML 页面",
            "write the de-identification effect evaluation as an HTML page",
        ),
        "audit.cli.fix_policy": (
            "写出一份脱敏策略：按清单要求处理各列，并对准标识符做最小损失泛化以达到 k",
            "write a masking policy that treats every column as the list requires and generalises the quasi-identifiers to reach k with the least loss",
        ),
        "audit.cli.base_policy": (
            "生成 --fix-policy 时的基础策略（如 zjgov classify --policy-out 的输出）",
            "base policy for --fix-policy (e.g. the output of zjgov classify --policy-out)",
        ),
        "audit.cli.suppression": (
            "搜索时允许抑制的记录比例（默认 0）；策略的 records.classes 规则让 zjgov mask 按等价类抑制这些记录",
            "share of records the search may suppress (default 0); the policy's records.classes rule makes zjgov mask suppress them by class",
        ),
        "audit.cli.hierarchies": (
            "自定义泛化层级（YAML：hierarchies → 列名 → values → 取值: [第 1 层, …]）：供 --fix-policy 搜索使用；"
            "敏感属性有层级时，审计与搜索一样按层级距离检查 t",
            "user-defined generalisation hierarchies (YAML: hierarchies → column → values → value: [level 1, …]) for the "
            "--fix-policy search; a sensitive attribute's hierarchy makes the audit check t by the hierarchical distance, as the search does",
        ),
        "audit.cli.schema": (
            "数据交换模式文件：把列绑定到数据元，使按数据元（element）指定的清单条目匹配这些列",
            "exchange schema file: binds columns to data elements, so list entries that target an element match them",
        ),
        "audit.cli.written": ("已写出：{path}", "written: {path}"),
        "audit.cli.fix_found": (
            "建议策略：准标识符泛化为 {levels}，k = {k}，信息损失 NCP = {ncp}",
            "suggested policy: quasi-identifiers generalised as {levels}, k = {k}, information loss NCP = {ncp}",
        ),
        "audit.cli.no_fix": ("无法生成满足要求的策略：{detail}", "no policy meets the requirement: {detail}"),
        "audit.cli.suppression_note": (
            "该方案按等价类抑制 {n} 条记录（策略 records.classes），zjgov mask 会执行：记录保留，字段置空，_suppressed 为 true",
            "this solution suppresses {n} records by class (the policy's records.classes), which zjgov mask applies: the rows stay, their fields null, _suppressed true",
        ),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    def t(key: str) -> str:
        return i18n.text(key, lang)

    add_input(parser, "data", metavar="DATA", help=t("audit.cli.data"))
    add_input(
        parser, "--list", dest="lists", action="append", metavar="FILE", split=_list_file, help=t("audit.cli.list")
    )
    parser.add_argument("--scenario", default="open", help=t("audit.cli.scenario"))
    add_input(parser, "--inventory", metavar="FILE", help=t("audit.cli.inventory"))
    add_input(parser, "--mask-audit", metavar="FILE", help=t("audit.cli.mask_audit"))
    parser.add_argument("--qi", action="append", metavar="COLUMN", help=t("audit.cli.qi"))
    parser.add_argument("--sensitive", action="append", metavar="COLUMN", help=t("audit.cli.sensitive"))
    add_input(parser, "--population", metavar="FILE", help=t("audit.cli.population"))
    parser.add_argument("--json", action="store_true", help=i18n.text("cli.json", lang))
    add_output(parser, "--json-out", metavar="F", help=t("audit.cli.json_out"))
    add_output(parser, "--html", metavar="F", help=t("audit.cli.html"))
    add_output(parser, "--effect-json", metavar="F", help=t("audit.cli.effect_json"))
    add_output(parser, "--effect-html", metavar="F", help=t("audit.cli.effect_html"))
    add_output(parser, "--fix-policy", metavar="F", help=t("audit.cli.fix_policy"))
    add_input(parser, "--base-policy", metavar="FILE", help=t("audit.cli.base_policy"))
    parser.add_argument("--suppression", type=float, default=0.0, help=t("audit.cli.suppression"))
    add_input(parser, "--hierarchies", metavar="FILE", help=t("audit.cli.hierarchies"))
    add_input(parser, "--schema", metavar="FILE", help=t("audit.cli.schema"))
    _progress.add_option(parser, lang)
    distributed.add_arguments(parser, lang)


def _list_file(value: str) -> str | None:
    """The file of a ``--list`` value (``default`` names the built-in list, no file)."""
    return None if value == "default" else value


def _read(path: str, what: str):
    from zjgov import io

    try:
        return io.read_table(path)
    except FileNotFoundError:
        raise ConfigError(f"找不到{what}文件", f"{what} file not found", file=path) from None


def run(args: argparse.Namespace) -> int:
    from zjgov.security import audit_report
    from zjgov.security.audit import audit, read_data
    from zjgov.security.protection import load, merge, scenario

    lang = args.lang
    scenario_name = scenario(args.scenario)
    lists = [load_config(load, p) for p in (args.lists or ["default"])]
    plist = merge(*lists) if len(lists) > 1 else lists[0]
    if not Path(args.data).exists():
        raise ConfigError("找不到数据文件", "data file not found", file=args.data)
    where = distributed.address(args, ("--fix-policy",))  # the remedy searches the rows on one machine
    inventory = args.inventory
    if inventory is not None and not Path(inventory).is_file():
        raise ConfigError("找不到分类分级清单文件", "inventory file not found", file=inventory)
    from zjgov.security.hierarchy import load_hierarchies

    hierarchies = load_config(load_hierarchies, Path(args.hierarchies)) if args.hierarchies else None
    options = {
        "protection_list": plist,
        "scenario": scenario_name,
        "inventory": inventory,
        "mask_record": args.mask_audit,
        "qis": args.qi,
        "sensitive": args.sensitive,
        "schema": _schema(args.schema),
        "hierarchies": hierarchies,
    }
    if args.engine != "pandas":
        from zjgov import distributed as engines
        from zjgov.distributed.sources import read

        data = read(args.data, args.engine, where)
        population = read(args.population, args.engine, where) if args.population else None
        frame, source = None, str(args.data)
        with _progress.Progress(None, label=("发布前审计", "release audit"), lang=lang, mode=args.progress):
            result = engines.audit(data, population=population, **options)
    else:
        frame, source = read_data(args.data)
        population = _read(args.population, "总体表") if args.population else None
        bar = _progress.Progress(len(frame), label=("发布前审计", "release audit"), lang=lang, mode=args.progress)
        with bar:
            result = audit(frame, population=population, **options)
            bar.update(len(frame))
    result.source = source
    written = []
    if args.json:
        print(result.to_json())
    if args.json_out:
        Path(args.json_out).write_text(result.to_json() + "\n", encoding="utf-8")
        written.append(args.json_out)
    if args.html:
        result.to_html(args.html, lang)
        written.append(args.html)
    if args.effect_json:
        Path(args.effect_json).write_text(
            json.dumps(result.effect(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        written.append(args.effect_json)
    if args.effect_html:
        Path(args.effect_html).write_text(audit_report.render_effect(result, lang), encoding="utf-8")
        written.append(args.effect_html)
    out = sys.stderr if args.json else sys.stdout
    print(result.to_text(lang), file=out)
    if args.fix_policy:
        _fix(args, frame, plist, scenario_name, inventory, hierarchies, lang, out)
        written.append(args.fix_policy)
    for path in written:
        print(i18n.text("audit.cli.written", lang, path=path), file=out)
    return result.exit_code


def _schema(path: str | None):
    if path is None:
        return None
    from zjgov.exchange.schema import Schema

    if not Path(path).is_file():
        raise ConfigError("找不到数据交换模式文件", "schema file not found", file=path)
    return load_config(Schema.load, path)


def _fix(args: argparse.Namespace, frame, plist, scenario_name: str, inventory, hierarchies, lang: str, out) -> None:
    from zjgov.security.audit_fix import remedy
    from zjgov.security.policy import load_policy

    if not 0.0 <= args.suppression <= 1.0:
        raise ConfigError(
            "--suppression 应在 0 与 1 之间", "--suppression must lie between 0 and 1", field="suppression"
        )
    base = load_config(load_policy, args.base_policy) if args.base_policy else None
    try:
        policy, found = remedy(
            frame,
            plist,
            scenario_name,
            inventory=inventory,
            base=base,
            suppression=args.suppression,
            hierarchies=hierarchies,
            schema=_schema(args.schema),
        )
    except ValueError as exc:
        raise ConfigError(*[i18n.text("audit.cli.no_fix", x, detail=str(exc)) for x in ("zh", "en")]) from None
    header = "# zjgov masking policy written by zjgov audit --fix-policy: review it before use.\n"
    Path(args.fix_policy).write_text(header + policy.to_yaml(), encoding="utf-8")
    if found is not None:
        levels = ", ".join(f"{c}={t}" for c, t in found.levels.items())
        print(
            i18n.text("audit.cli.fix_found", lang, levels=levels, k=found.k, ncp=f"{found.loss['ncp']:.3f}"), file=out
        )
        if found.suppressed:
            print(i18n.text("audit.cli.suppression_note", lang, n=found.suppressed), file=out)
