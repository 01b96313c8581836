"""Column-name evidence: Chinese, English, snake/camel case, pinyin initials."""

import pytest

from zjgov.classification import load_catalogue, name_evidence
from zjgov.classification.names import is_meaningless, tokens

CAT = load_catalogue()


@pytest.mark.parametrize(
    ("name", "category"),
    [
        # the pinyin abbreviations named in the issue
        ("XM", "person.name"),
        ("GMSFHM", "person.citizen_id"),
        ("SFZH", "person.citizen_id"),
        ("XB", "person.sex"),
        ("CSRQ", "person.birth_date"),
        ("MZ", "person.ethnicity"),
        ("LXDH", "person.phone"),
        ("SJHM", "person.phone"),
        ("HJDZ", "person.address"),
        ("JTZZ", "person.address"),
        ("TYSHXYDM", "org.uscc"),
        ("FDDBR", "org.legal_representative"),
        # Chinese, head-final
        ("公民身份号码", "person.citizen_id"),
        ("法定代表人身份证号", "person.citizen_id"),
        ("法定代表人姓名", "org.legal_representative"),
        ("参保单位名称", "org.name"),
        ("出生日期（公历）", "person.birth_date"),
        ("营业收入（万元）", "commercial.financial"),
        ("残疾类别", "person.specific_identity"),
        # English snake and camel case
        ("id_card_no", "person.citizen_id"),
        ("IDCardNo", "person.citizen_id"),
        ("mobilePhone", "person.phone"),
        ("patientName", "person.name"),
        ("birth_dt", "person.birth_date"),
        ("created_at", "general.date"),
        ("main_customers", "commercial.customer"),
        ("disability_type", "person.specific_identity"),
        # mixed
        ("身份证号码_SFZH", "person.citizen_id"),
        ("IP地址", "person.network"),
        ("T_RK_XM", "person.name"),
    ],
)
def test_names(name, category):
    hit = name_evidence(name, CAT)
    assert hit is not None and hit.category("person") == category


def test_context_variants():
    assert name_evidence("详细地址", CAT).category("person") == "person.address"
    assert name_evidence("详细地址", CAT).category("org") == "org.address"
    assert name_evidence("银行账号", CAT).category("org") == "org.bank_account"
    assert name_evidence("经度", CAT).category("general") == "public.geo"


def test_scores_rank_exact_over_suffix_over_contains():
    exact = name_evidence("姓名", CAT)
    suffix = name_evidence("申请单位联系人姓名", CAT)
    contains = name_evidence("姓名拼音首字母", CAT)
    assert exact.how == "exact" and suffix.how == "suffix"
    assert exact.score > suffix.score > contains.score


@pytest.mark.parametrize("name", ["C1", "c12", "FIELD_07", "col3", "字段1", "Unnamed: 4", "", "  ", "42", "F 9"])
def test_meaningless(name):
    assert is_meaningless(name)
    assert name_evidence(name, CAT) is None


@pytest.mark.parametrize("name", ["XM", "xyz_unknown_column", "备注", "C1_XM"])
def test_meaningful(name):
    assert not is_meaningless(name)


def test_unknown_names_give_nothing():
    assert name_evidence("qwertyuiop", CAT) is None
    assert name_evidence("某某某", CAT) is None
    assert name_evidence(12345, CAT) is None


def test_tokens():
    assert tokens("customerIDCardNo") == ["customer", "id", "card", "no"]
    assert tokens("t_person__birth-date") == ["person", "birth", "date"]
