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


# ---- name structure (rules N1-N7): head noun + modifiers --------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "family", "subject"),
    [
        ("emergency_contact_phone", "contact phone", "phone", "person"),
        ("company_reg_address", "address", "address", "org"),
        ("patient_name", "name", "name", "person"),
        ("created_at", "at", "date", None),
        ("userNo", "no", "id", "person"),
        ("entname", "name", "name", "org"),  # run-together words split: ent + name
        ("OBUID", "id", "id", "device"),
        ("断面经度", "经度", "coordinate", "place"),
        ("承包方编码", "编码", "code", "party"),
        ("病人ID", "id", "id", "person"),  # a Chinese modifier in front of an English head
        ("RKBH", "BH", "id", "person"),  # pinyin initials: RK 人口 + BH 编号
        ("SQRDH", "DH", "phone", "person"),  # …R = …人
        ("法定代表人身份证号", "号", "id", None),  # 身份证 names no subject
        ("XM", None, None, None),  # a two-letter pinyin name is no compound
        ("OPR_ID", "id", "id", None),  # beside an English word a consonant run is an abbreviation
        ("DR_NM", "name", "name", "person"),  # dr = doctor, not pinyin
    ],
)
def test_structure_parse(name, head, family, subject):
    from zjgov.classification.names import ABBREVIATIONS
    from zjgov.classification.structure import parse

    s = parse(name, ABBREVIATIONS, {"obu"})
    assert (s.head, s.family, s.subject) == (head, family, subject)


@pytest.mark.parametrize(
    ("name", "context", "category"),
    [
        ("userNo", "general", "person.internal_id"),  # the synonym "no" matched only the head
        ("inspector_tel", "org", "person.phone"),  # a person's channel in any table
        ("supplier_phone", "person", "org.contact"),
        ("road_nm", "person", "public.geo"),
        ("断面经度", "general", "public.geo"),
        ("stationLat", "person", "person.location"),  # where a person was: their location
        ("地块编码", "person", "public.geo"),
        ("病人ID", "general", "person.internal_id"),
        ("marital_cd", "person", "person.marital_status"),  # a topic modifier of a generic head
        ("surg_nm", "person", "person.health"),
        ("monthUsage", "person", "general.amount"),  # a quantity, whoever's
        ("birth_year", "general", "person.birth_date"),  # a life event's date
        ("income_type", "person", "general.code"),  # the type of an amount is a code
        ("法定代表人身份证号", "org", "person.citizen_id"),  # a synonym longer than the head wins
        ("hospital_name", "person", "org.name"),  # an exact synonym wins
        ("customer_email", "org", "person.email"),
        # where an occasion a person takes part in happened is where the person was
        ("pickup_address", "person", "person.location"),
        ("FADZ", "person", "person.location"),  # FA 发案 + DZ 地址
        ("CYDD", "person", "person.location"),  # CY 采样 + DD 地点
        ("delivery_address", "person", "person.address"),  # a synonym: not an occasion
        ("phone2", "org", "org.contact"),  # a second phone column: trailing digits dropped
        ("home_addr2", "org", "person.address"),
    ],
)
def test_structure_readings(name, context, category):
    assert name_evidence(name, CAT).category(context) == category


def test_structure_hit_explains_itself():
    from zjgov.classification.names import structural_hit

    hit = structural_hit("guardian_mobile_no", CAT)
    assert (hit.how, hit.family, hit.head, hit.modifier, hit.subject) == (
        "structure",
        "phone",
        "mobile no",
        "guardian",
        "person",
    )
    assert structural_hit("qwertyuiop", CAT) is None
    assert structural_hit("product_name", CAT) is None  # an unknown modifier: no structural reading


def test_structure_pinyin_initials_are_those_of_the_chinese_words():
    from pypinyin import Style, lazy_pinyin

    from zjgov.classification.structure import FAMILIES, SUBJECTS

    def initials(word):
        return "".join(lazy_pinyin(word, style=Style.FIRST_LETTER)).upper()

    for _, zh in SUBJECTS.values():
        for word, given in zh:
            assert initials(word) == given, word
    for _, zh, py in FAMILIES.values():
        assert set(py) <= {initials(w) for w in zh}


def test_structure_reading_is_explained_in_the_inventory_in_both_languages():
    import pandas as pd

    from zjgov.classification import classify

    frame = pd.DataFrame(
        {
            "userNo": [f"U{i:06d}" for i in range(8)],
            "userName": ["张伟", "王芳", "李强", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"],
        }
    )
    entry = next(e for e in classify(frame).entries if e.column == "userNo")
    assert entry.category == "person.internal_id" and entry.personal
    (ev,) = [e for e in entry.evidence if e.key == "classification.ev.structure"]
    assert "'no'" in ev.message("en") and "'user'" in ev.message("en") and "a person" in ev.message("en")
    assert "“no”" in ev.message("zh") and "“user”" in ev.message("zh") and "自然人" in ev.message("zh")
