"""Grading per column and per dataset, with reasons."""

import datetime as dt

import pandas as pd
import pytest

from zjgov.classification import classify, grade_column, grade_dataset, load_catalogue, load_scheme
from zjgov.codes import citizen_id

CAT = load_catalogue()
TODAY = dt.date(2026, 11, 28)


def _ids(years):
    out = []
    for i, y in enumerate(years):
        body = f"330106{y}0101{i % 1000:03d}"
        out.append(body + citizen_id.check_char(body))
    return out


@pytest.mark.parametrize(
    ("scheme", "category", "level"),
    [
        ("db33-2350", "person.citizen_id", "L4"),
        ("db33-2350", "person.name", "L3"),
        ("db33-2350", "person.sex", "L2"),
        ("db33-2350", "org.uscc", "L1"),
        ("db33-2350", "public.credit", "L1"),
        ("db33-2350", "org.bank_account", "L4"),
        ("db33-2350", "state.important", "L4"),
        ("gbt-43697", "person.health", "general-4"),
        ("gbt-43697", "person.phone", "general-3"),
        ("gbt-43697", "state.important", "important"),
        ("jrt-0197", "person.bank_account", "4"),
        ("jrt-0197", "commercial.financial", "3"),
        ("jrt-0197", "state.important", "5"),
    ],
)
def test_category_defaults(scheme, category, level):
    g = grade_column(category, CAT, load_scheme(scheme))
    assert g.level == level
    assert g.reasons and g.reasons[0].message("en")


def test_every_category_has_a_level_in_every_scheme():
    for scheme in ("db33-2350", "gbt-43697", "jrt-0197"):
        s = load_scheme(scheme)
        for cid in CAT.assignable():
            assert grade_column(cid, CAT, s).level in s.levels


def test_basis_switch_lowers_bare_ids_only():
    s = load_scheme("db33-2350")
    g = grade_column("person.citizen_id", CAT, s, basis="gbt45574")
    assert (g.level, g.sensitive) == ("L3", False)
    assert any(r.key == "classification.gr.basis" for r in g.reasons)
    assert grade_column("person.health", CAT, s, basis="gbt45574").sensitive


def test_minors_raise_personal_columns_only():
    s = load_scheme("db33-2350")
    g = grade_column("person.sex", CAT, s, minors_share=0.5)
    assert (g.level, g.sensitive, g.pipl) == ("L4", True, "不满十四周岁未成年人")
    assert grade_column("org.uscc", CAT, s, minors_share=0.5).level == "L1"
    assert grade_column("person.sex", CAT, s, minors_share=0.001).level == "L2"


def test_minors_found_from_id_numbers_in_a_table():
    frame = pd.DataFrame({"姓名": ["张伟", "王芳", "李娜", "赵敏"], "身份证号": _ids([2016, 2018, 1980, 1975])})
    inv = classify(frame, today=TODAY)
    assert inv["姓名"].level == "L4" and inv["姓名"].sensitive
    assert any(r.key == "classification.gr.minors_dataset" for r in inv.reasons)
    adults = classify(frame.assign(身份证号=_ids([1980, 1975, 1990, 1966])), today=TODAY)
    assert adults["姓名"].level == "L3" and not adults["姓名"].sensitive


def test_dataset_level_is_the_highest_column():
    frame = pd.DataFrame({"XB": ["1", "2", "1"], "备注": ["无", "无", "无"]})
    inv = classify(frame)
    assert inv.level == "L2"
    assert inv.reasons[0].key == "classification.gr.highest"


def _people(rows):
    return [("姓名", "person.name"), ("联系电话", "person.phone"), ("住址", "person.address")], rows


@pytest.mark.parametrize(
    ("scheme", "rows", "level"),
    [
        ("gbt-43697", 100, "general-3"),
        ("gbt-43697", 10_000, "general-4"),  # identity + contact + address for many people
        ("gbt-43697", 1_000_000, "important"),  # volume
        ("db33-2350", 100, "L3"),
        ("db33-2350", 50_000, "L4"),
        ("jrt-0197", 50_000, "4"),
    ],
)
def test_combination_and_volume_rules(scheme, rows, level):
    s = load_scheme(scheme)
    cols, n = _people(rows)
    graded = [(name, cid, grade_column(cid, CAT, s)) for name, cid in cols]
    g = grade_dataset(graded, CAT, s, rows=n)
    assert g.level == level
    keys = [r.key for r in g.reasons]
    assert keys[0] == "classification.gr.highest"
    assert ("classification.gr.combination" in keys) == (rows >= 10_000 and level != s.level_for_tier("confidential"))
    assert ("classification.gr.volume" in keys) == (level == "important")


def test_combination_needs_all_groups():
    s = load_scheme("gbt-43697")
    graded = [(n, c, grade_column(c, CAT, s)) for n, c in [("姓名", "person.name"), ("住址", "person.address")]]
    assert grade_dataset(graded, CAT, s, rows=50_000).level == "general-3"


def test_rows_of_the_whole_dataset_count_not_the_sample():
    frame = pd.DataFrame(
        {
            "姓名": ["张伟", "王芳"],
            "手机": ["13800138000", "13912345678"],
            "住址": ["杭州市西湖区文三路1号", "杭州市上城区解放路2号"],
        }
    )
    assert classify(frame, scheme="gbt-43697").level == "general-3"
    assert classify(frame, scheme="gbt-43697", rows=2_000_000).level == "important"
