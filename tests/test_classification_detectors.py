"""Value evidence: code checks, shapes, names, addresses, dates, numbers."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov.classification import value_evidence
from zjgov.testing import strategies as zst

TODAY = dt.date(2026, 11, 28)


def top(values, **kw):
    t = value_evidence(pd.Series(values), today=TODAY, **kw).top()
    return t and t[0]


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (["11010519491231002X", "440524188001010014", "33010619900101123X"], "code:citizen_id"),
        (["91110000600037341L", "91310115591693856A", "91330100716105852F"], "code:uscc"),
        (["13800138000", "13912345678", "18657112345"], "code:mobile"),
        (["0571-87654321", "0574-88123456", "0577-86001234"], "code:landline"),
        (["6222020200112233445", "6217001234567890126"], None),  # decided below
        (["zhang.san@163.com", "li4@zj.gov.cn"], "email"),
        (["192.168.1.10", "10.0.0.254", "172.16.5.4"], "ipv4"),
        (["2001:db8::1", "fe80::1ff:fe23:4567:890a"], "ipv6"),
        (["00:1A:2B:3C:4D:5E", "AA-BB-CC-DD-EE-FF"], "mac"),
        (["6F9619FF-8B86-D011-B42D-00C04FC964FF", "123e4567-e89b-12d3-a456-426614174000"], "uuid"),
        (["张伟", "王芳", "欧阳娜娜", "李强", "诸葛亮"], "person_name"),
        (["浙江省杭州市西湖区文三路90号", "杭州市上城区解放路18号3幢201室"], "address"),
        (["杭州西子科技有限公司", "浙江省人民医院", "西湖区市场监督管理局"], "org_name"),
        (["西湖区", "上城区", "杭州市", "宁波市"], "division_name"),
        (["330106", "330102", "110105"], "code:division"),
        (["12.50", "300.00", "7.25"], "amount"),
        (
            [
                "该企业于2023年因未按规定公示年报被列入经营异常名录，已整改完毕。",
                "申请人材料齐全，符合受理条件，予以受理。",
            ],
            "free_text",
        ),
        (["浙A12345", "浙B8C9D0", "沪AD12345"], "code:plate"),
    ],
)
def test_kinds(values, kind):
    if kind is None:
        from zjgov.codes import bank_card

        values = [v[:-1] + bank_card.check_digit(v[:-1]) for v in values]
        kind = "code:bank_card"
    assert top(values) == kind


def test_document_numbers_are_not_addresses():
    ev = value_evidence(pd.Series(["杭西市监罚〔2024〕12号", "浙(2023)杭州市不动产权第0012345号"]))
    assert "address" not in ev.shares


def test_birth_dates_and_minors():
    births = ["1950-01-02", "1988-03-04", "1972-12-01", "2001-05-06", "2020-07-08"]
    ev = value_evidence(pd.Series(births * 4), today=TODAY)
    assert ev.shares["birth_date"] == 1.0 and ev.under14 == pytest.approx(0.2)
    recent = value_evidence(pd.Series(["2023-01-02", "2024-03-04", "2025-12-01"] * 4), today=TODAY)
    assert "birth_date" not in recent.shares and recent.top()[0] == "date"


def test_minors_from_id_numbers():
    from zjgov.codes import citizen_id

    body = ["33010620150101123", "33010619800101123"]
    ids = [b + citizen_id.check_char(b) for b in body]
    assert value_evidence(pd.Series(ids), today=TODAY).under14 == 0.5


def test_numeric_dtypes():
    assert value_evidence(pd.Series([120.153421, 120.223412, 119.993123])).shares.get("coordinate") == 1.0
    assert value_evidence(pd.Series([3.5, 12.25, 9.0])).top()[0] == "amount"
    ints = value_evidence(pd.Series([13800138000, 13912345678, 18657112345], dtype="int64"))
    assert ints.top()[0] == "code:mobile"
    assert value_evidence(pd.Series([True, False, True])).top()[0] == "boolean"
    ages = value_evidence(pd.Series([3, 8, 40, 71, 12]))
    assert ages.int_under14 == 0.6
    dts = value_evidence(pd.Series(pd.to_datetime(["1950-01-02", "1990-01-01", "1960-05-05"])), today=TODAY)
    assert dts.shares["birth_date"] == 1.0


def test_nulls_and_blanks_are_ignored():
    ev = value_evidence(pd.Series([None, "", "  ", np.nan, "13800138000", "13912345678"], dtype=object))
    assert ev.n == 2 and ev.top()[0] == "code:mobile"
    empty = value_evidence(pd.Series([None, None], dtype=object))
    assert empty.n == 0 and empty.top() is None


def test_code_tables_by_code_and_by_name():
    assert top(["1", "2", "1", "2", "1"] * 4) == "code:sex"
    assert top(["男", "女"] * 10) == "code:sex"
    assert top(["汉族"] * 15 + ["回族", "满族", "畲族"]) == "code:ethnicity"


def test_share_is_weighted_by_rows():
    ev = value_evidence(pd.Series(["13800138000"] * 9 + ["hello"]))
    assert ev.shares["code:mobile"] == pytest.approx(0.9)


@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=40))
def test_never_crashes_and_shares_are_fractions(values):
    ev = value_evidence(pd.Series(values, dtype=object))
    assert all(0 < s <= 1 for s in ev.shares.values())
    assert ev.n <= len(values)


@given(st.lists(zst.citizen_ids(), min_size=5, max_size=30))
def test_generated_citizen_ids_are_recognised(ids):
    assert top(ids) == "code:citizen_id"
