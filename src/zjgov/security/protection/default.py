"""The built-in provincial default protection list, derived from the category catalogue.

For every assignable category of ``zjgov.classification``'s catalogue that has a protection class
or grades above L1, one entry (id = the category id) with:

- **level** — the category's DB33/T 2350-2021 level (its tier through the ``db33-2350`` scheme);
- **class** — the category's protection class (国家利益, 公共安全, 商业秘密, 个人隐私);
- **role** — its de-identification role (:mod:`zjgov.security.privacy.roles`);
- **basis** — DB33/T 2350-2021 for the level, plus the law or standard behind the class;
- **internal** — permitted, keep;
- **share** (国发〔2016〕51号 共享类型; the scheme's 共享属性) — 有条件, keep (the condition is the
  approval of the sharing request); 不予共享 for 国家利益 / 公共安全 data;
- **open** (DB33/T 2350: L1 无条件开放, L2–L3 受限开放 after de-identification, L4 不开放) — L4:
  禁止开放; L2, L3: 受限 with the catalogue's suggested treatment as the minimum; L1: 无条件, keep;
- **cross_border** — personal information, 国家利益 / 公共安全 data and L4 data: not permitted
  (《个人信息保护法》第三十八条 requires an assessment, a certification or a standard contract;
  《数据安全法》 restricts important data) — a province that has such an arrangement writes its
  own base list; other data: permitted with the open treatment.

Release requirements: opening k ≥ 5 with a prosecutor-risk threshold of 0.2 (El Emam's common
threshold for a release to the public under a data-use agreement; GB/T 42460-2023 Annex D works
with k-anonymity) and the same for cross-border transfer. These are zjgov's defaults [R]: the
province's data authority sets the real figures.

The shipped file ``security/data/protection_default.yaml`` is this function's output (a test
checks that they agree); rebuild it with ``python -m zjgov.security.protection.default``.

>>> pl = default_list()
>>> e = pl["person.citizen_id"]
>>> e.level, e.rule("open").treatment, e.rule("share").mode, pl.requirement("open").k
('L4', 'prohibited', '有条件', 5)
>>> pl["person.name"].rule("open").mode, pl["person.name"].rule("open").treatment
('受限', 'mask:name')
"""

from __future__ import annotations

import functools
from importlib import resources

from zjgov.security.privacy.roles import role_of
from zjgov.security.protection.model import (
    Entry,
    PrivacyRequirement,
    ProtectionList,
    Rule,
    Target,
    loads,
)

DATA_FILE = "protection_default.yaml"
SOURCES = (
    "DB33/T 2350-2021 数字化改革 公共数据分类分级指南（L1 无条件开放，L2–L3 受限开放，L4 不开放）",
    "《浙江省公共数据条例》（2022-03-01 施行）；《浙江省公共数据开放与安全管理暂行办法》（省政府令第381号）",
    "国发〔2016〕51号《政务信息资源共享管理暂行办法》（无条件共享 / 有条件共享 / 不予共享）",
    "《个人信息保护法》第二十八条（敏感个人信息）、第三十八条（向境外提供个人信息的条件）",
    "《数据安全法》第二十一条（数据分类分级保护、重要数据）",
    "《反不正当竞争法》第九条（商业秘密）",
    "GB/T 35273-2020 个人信息安全规范 附录A、附录B",
    "GB/T 37964-2019 个人信息去标识化指南；GB/T 42460-2023 个人信息去标识化效果评估指南",
    "zjgov catalogue (zjgov.classification, data/catalogue.yaml)",
)
_CLASS_BASIS = {
    "个人隐私": "《个人信息保护法》；GB/T 35273-2020 附录A",
    "商业秘密": "《反不正当竞争法》第九条",
    "国家利益": "《数据安全法》第二十一条",
    "公共安全": "《数据安全法》第二十一条",
}


def build(catalogue=None, scheme=None) -> ProtectionList:
    """Derive the default list from a catalogue and the DB33/T 2350 scheme."""
    from zjgov.classification import load_catalogue, load_scheme

    catalogue = catalogue or load_catalogue()
    scheme = scheme or load_scheme("db33-2350")
    entries = []
    for cid in catalogue.assignable():
        c = catalogue[cid]
        level = c.levels.get(scheme.id) or scheme.level_for_tier(c.tier)
        if not c.protection and level == scheme.levels[0] and not c.personal:
            continue
        basis = [f"DB33/T 2350-2021（{level}）"]
        if c.protection:
            basis.append(_CLASS_BASIS[c.protection])
        if c.sensitive:
            basis.append("《个人信息保护法》第二十八条；GB/T 35273-2020 附录B")
        state = c.protection in ("国家利益", "公共安全")
        treatment = c.treatment
        if level == "L4" or state:
            open_rule = Rule(False, "禁止开放", "prohibited")
        elif level == scheme.levels[0]:
            open_rule = Rule(True, "无条件", "keep")
        else:
            open_rule = Rule(True, "受限", treatment)
        share_rule = Rule(False, "不予共享", "prohibited") if state else Rule(True, "有条件", "keep")
        abroad = c.personal or state or level == "L4"
        cross = Rule(False, None, "prohibited") if abroad else Rule(True, None, open_rule.treatment)
        entries.append(
            Entry(
                id=cid,
                target=Target(category=cid),
                classes=(c.protection,) if c.protection else (),
                basis=tuple(basis),
                level=level,
                role=role_of(cid),
                rules={
                    "internal": Rule(True, None, "keep"),
                    "share": share_rule,
                    "open": open_rule,
                    "cross_border": cross,
                },
                names=c.names,
            )
        )
    return ProtectionList(
        name="浙江省公共数据保护清单（zjgov 默认）",
        entries=tuple(entries),
        levels=tuple(scheme.levels),
        privacy={
            "open": PrivacyRequirement(k=5, threshold=0.2),
            "cross_border": PrivacyRequirement(k=5, threshold=0.2),
        },
        issuer="zjgov（省级默认，请由数据主管部门核定）",
        scope="province",
        edition=catalogue.edition,
        sources=SOURCES,
    )


def render() -> str:
    """The YAML text of the default list (what ships as ``data/protection_default.yaml``)."""
    header = (
        "# zjgov default protection list (保护清单), generated by zjgov.security.protection.default.build()\n"
        "# from the category catalogue and DB33/T 2350-2021 levels. Do not edit: rebuild with\n"
        "#   python -m zjgov.security.protection.default\n"
        "# Agencies override it with their own list (zjgov audit --list default --list agency.yaml).\n"
    )
    return header + build().to_yaml()


@functools.cache
def default_list() -> ProtectionList:
    """The shipped default list (parsed from the package data file)."""
    text = resources.files("zjgov.security").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return loads(text, f"zjgov:{DATA_FILE}")


if __name__ == "__main__":  # pragma: no cover - the rebuild script
    from pathlib import Path

    target = Path(str(resources.files("zjgov.security").joinpath("data", DATA_FILE)))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(target)
