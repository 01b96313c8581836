"""Realistic values for records (not public API; ``records(schema, realistic=True)``).

Names are a surname from the surname table (``data/chinese_surnames.csv``: the 2007 top 100
most of the time, any of the 506 otherwise, compound ones included) and one or two common
given-name characters; addresses are a GB/T 2260 county with its prefecture and province, a road,
a number and sometimes a building and room; organisation names a city, a word, a trade and a
legal form. A record's birth date and sex follow its citizen ID number.
"""

from __future__ import annotations

import datetime as _dt
import functools

from hypothesis import strategies as st

from zjgov.core.data import table as reference_table

#: Common given-name characters (a fixed list for generated, fictitious names).
GIVEN_NAME_CHARS = "".join(
    dict.fromkeys(
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力斌宇浩凯鹏飞鑫欣怡子涵轩梓晨睿博雨思佳嘉"
        "一诗琪雪婷慧颖倩莉燕玲琳晶晓俊峰海波宁志成龙云丹阳春梅兵亮振东彬鸿"
    )
)
_ROADS = (
    "人民",
    "解放",
    "中山",
    "建设",
    "文化",
    "新华",
    "和平",
    "胜利",
    "东风",
    "学院",
    "环城",
    "青年",
    "长江",
    "滨江",
)
_ROAD_KINDS = ("路", "街", "大道", "巷")
_ORG_WORDS = ("华信", "宏达", "恒通", "瑞丰", "新元", "明德", "正泰", "安和", "博远", "嘉禾", "同创", "卓越")
_TRADES = ("数据科技", "信息技术", "建筑工程", "商贸", "医药", "物流", "文化传媒", "环保科技", "电子", "食品")
_FORMS = ("有限公司", "股份有限公司", "有限责任公司")


@functools.cache
def _surnames() -> tuple[tuple[str, ...], tuple[str, ...]]:
    table = reference_table("chinese_surnames")
    ranked = table[table.rank_2007_top100.astype(str).str.strip() != ""]
    common = tuple(ranked.sort_values("rank_2007_top100", key=lambda s: s.astype(float)).surname)
    return common, tuple(sorted(set(table.surname)))


def person_names() -> st.SearchStrategy[str]:
    """Names such as ``王芳``, ``欧阳子涵``: a surname and one or two given-name characters."""
    common, every = _surnames()
    surname = st.one_of(st.sampled_from(common), st.sampled_from(every))
    given = st.lists(st.sampled_from(GIVEN_NAME_CHARS), min_size=1, max_size=2).map("".join)
    return st.tuples(surname, given).map("".join)


@functools.cache
def _counties() -> tuple[tuple[str, str, str], ...]:
    """(county code, full name from the province down, prefecture or municipality name)."""
    table = reference_table("gb2260_divisions")
    names = dict(zip(table.code, table.name))
    parents = dict(zip(table.code, table.parent_code))
    out = []
    for code in table.code[table.level == "county"]:
        chain, at = [], code
        while isinstance(at, str) and at in names:
            chain.append(names[at])
            at = parents.get(at)
        chain.reverse()
        city = chain[1] if len(chain) > 2 else chain[0]
        out.append((code, "".join(chain), city))
    return tuple(out)


def addresses() -> st.SearchStrategy[str]:
    """Addresses such as ``浙江省杭州市西湖区文化路12号3幢2单元501室``."""
    counties = _counties()
    road = st.tuples(st.sampled_from(_ROADS), st.sampled_from(_ROAD_KINDS)).map("".join)
    number = st.integers(1, 999).map("{}号".format)
    room = st.one_of(
        st.just(""),
        st.tuples(st.integers(1, 30), st.integers(1, 6), st.integers(1, 30), st.integers(1, 4)).map(
            lambda t: f"{t[0]}幢{t[1]}单元{t[2]}{t[3]:02d}室"
        ),
    )
    return st.tuples(st.sampled_from(counties).map(lambda c: c[1]), road, number, room).map("".join)


def org_names() -> st.SearchStrategy[str]:
    """Organisation names such as ``杭州市华信数据科技有限公司``."""
    cities = sorted({c[2] for c in _counties()})
    return st.tuples(
        st.sampled_from(cities), st.sampled_from(_ORG_WORDS), st.sampled_from(_TRADES), st.sampled_from(_FORMS)
    ).map("".join)


def role(el) -> str | None:
    """What a realistic value of element ``el`` is: ``person_name``, ``org_name``, ``address``,
    ``birth_date`` or ``sex`` (by library identifier, then by Chinese name); ``None`` otherwise."""
    by_id = {
        "ZJGOV.P.NAME": "person_name",
        "ZJGOV.O.LEGAL_REP": "person_name",
        "ZJGOV.O.NAME": "org_name",
        "ZJGOV.P.ADDRESS": "address",
        "ZJGOV.O.ADDRESS": "address",
        "ZJGOV.P.BIRTH_DATE": "birth_date",
        "ZJGOV.P.SEX": "sex",
    }
    if el.identifier in by_id:
        return by_id[el.identifier]
    name = el.name_zh or el.column
    if name in ("姓名", "法定代表人", "联系人", "负责人"):
        return "person_name"
    if name.endswith(("机构名称", "单位名称", "企业名称")):
        return "org_name"
    if name.endswith(("地址", "住址")):
        return "address"
    if name == "出生日期":
        return "birth_date"
    if name in ("性别", "性别代码"):
        return "sex"
    return None


def now() -> _dt.datetime:
    """The latest moment a realistic date may take (no future dates)."""
    return _dt.datetime.now().replace(microsecond=0)
