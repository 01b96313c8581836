"""Issue 14: synonyms from public schema vocabularies, generated pinyin initials and the
general name and value rules built on them (docs/classification.md, "Decision rules")."""

import csv
import random
import re
import sys
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from zjgov.classification import classify, load_catalogue, value_evidence
from zjgov.classification.catalogue import SYNONYM_FILES
from zjgov.classification.names import ABBREVIATIONS, name_evidence
from zjgov.codes import bank_card

ROOT = Path(__file__).resolve().parents[1]
CAT = load_catalogue()


def rows(name):
    text = resources.files("zjgov.classification.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))


def person(name, context="person"):
    hit = name_evidence(name, CAT)
    return None if hit is None else hit.category(context)


def entry(inv, column):
    return next(e for e in inv.entries if e.column == column)


# -- the data files ------------------------------------------------------------------------------
def test_every_block_of_sourced_synonyms_names_its_source():
    text = resources.files("zjgov.classification.data").joinpath("synonyms_sourced.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    header = lines.index("term,kind,category,org_category,general_category")
    block = None
    for line in lines[header + 1 :]:
        if line.startswith("# ----"):
            block = re.match(r"# ---- \[([A-Z]+)\]", line)
            assert block, line  # every block opens with a [SOURCE] tag and says where it comes from
        elif line and not line.startswith("#"):
            assert block is not None, line


def test_sourced_terms_are_new_and_their_categories_exist():
    base = {r["term"] for r in rows("synonyms.csv")}
    sourced = rows("synonyms_sourced.csv")
    assert len(sourced) > 300
    assert not [r["term"] for r in sourced if r["term"] in base]  # a duplicate would never be used
    for r in sourced:
        assert r["kind"] in ("zh", "en", "pinyin")
        for col in ("category", "org_category", "general_category"):
            assert r[col] == "" or r[col] in CAT, r


def test_generated_pinyin_rows_are_initials_of_a_chinese_term():
    terms = {}
    for name in SYNONYM_FILES[:2]:
        for r in rows(name):
            terms.setdefault(r["term"], r)  # the first file's row is the one the catalogue uses
    generated = rows("synonyms_pinyin.csv")
    assert len(generated) > 500
    english = {re.sub(r"[^0-9a-z]", "", t.lower()) for t in terms if not re.search(r"[\u3400-\u9fff]", t)}
    for r in generated:
        source = terms[r["source_term"]]
        assert len(r["term"]) == len(r["source_term"]) >= 3
        assert r["term"].isupper() and r["kind"] == "pinyin"
        assert (r["category"], r["org_category"], r["general_category"]) == (
            source["category"],
            source["org_category"],
            source["general_category"],
        )
        assert r["term"].lower() not in english and r["term"].lower() not in ABBREVIATIONS


def test_generated_pinyin_file_is_up_to_date():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_pinyin_synonyms
    finally:
        sys.path.pop(0)
    assert build_pinyin_synonyms.build() == build_pinyin_synonyms.OUT.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("term", "category"),
    [
        ("JHRLXDH", "person.phone"),  # 监护人联系电话
        ("SQRSFZH", "person.citizen_id"),  # 申请人身份证号
        ("WTRXM", "person.name"),  # 委托人姓名
        ("CLSBDM", "person.vehicle"),  # 车辆识别代码
        ("FYZE", "person.property"),  # 费用总额: one zero-initial vowel
        ("SSY", "person.health"),  # 收缩压
        ("ZZMM", "person.occupation"),  # 政治面貌
    ],
)
def test_generated_initials_are_matched(term, category):
    assert person(term) == category


# -- name rules ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("birth_dt", "person.birth_date"),
        ("emp_nm", "person.name"),
        ("home_addr", "person.address"),
        ("email_addr", "person.email"),  # addr expanded: e-mail address, not an address
        ("mac_addr", "person.device"),
        ("mob_no", "person.phone"),
        ("acct_no", "person.bank_account"),
        ("reg_capital", "org.registration"),  # a synonym as written wins over the expansion
        ("height_cm", "person.health"),  # trailing unit dropped
        ("patient_dx", "person.health"),
        ("user_agent", "person.device"),
        ("referrer_url", "person.network"),
        ("settlement_account", "person.bank_account"),
    ],
)
def test_english_abbreviations_units_and_public_schema_words(name, category):
    assert person(name) == category


def test_pinyin_compound_with_a_person_prefix_is_that_persons_in_any_table():
    for context in ("person", "org", "general"):
        assert person("JHRLXDH", context) == "person.phone"
        assert person("BDLRLXDH", context) == "person.phone"  # 被代理人 + 联系电话, not a synonym itself
    assert person("QYLXDH", "org") == "org.contact"  # 企业联系电话: the organisation's
    assert name_evidence("ZSHM", CAT) is None  # two-letter heads (HM) are not split off


def test_english_person_noun_before_a_channel():
    assert person("parent_mobile", "org") == "person.phone"
    assert person("cust_tel", "org") == "person.phone"
    assert person("contact_tel", "org") == "org.contact"


def test_person_nouns_and_one_character_heads():
    assert person("填报人") == person("质检员") == person("申请者") == "person.name"
    assert person("法人") != "person.name"
    assert person("投标人") == "org.name"  # a bidder is an organisation
    assert person("挂号费") == "person.property" and person("挂号费", "org") == "general.amount"
    assert person("快递单号") == "general.record_id"
    assert person("与学生关系") == "person.family_relationship"
    assert person("号段说明") != "general.record_id"  # a one-character head counts only at the end


def test_card_numbers_follow_the_values():
    g = random.Random(3)
    reader = [f"LIB{g.randint(10**7, 10**8)}" for _ in range(40)]
    inv = classify(pd.DataFrame({"card_no": reader, "name": ["张伟", "王芳", "李强", "赵敏"] * 10}))
    assert entry(inv, "card_no").category == "person.internal_id"
    bodies = [f"{bin_}{g.randint(10**11, 10**12 - 1)}" for bin_ in ("622202", "621700", "622848", "621226")] * 10
    bank = [b + bank_card.check_digit(b) for b in bodies]
    inv = classify(pd.DataFrame({"card_no": bank, "name": ["张伟", "王芳", "李强", "赵敏"] * 10}))
    assert entry(inv, "card_no").category == "person.bank_account"
    assert entry(inv, "card_no").review


# -- decision rules 9 and 10, value kinds ------------------------------------------------------
def _suppliers(phone_column, phones):
    n = len(phones)
    return pd.DataFrame(
        {
            "supplier_name": [f"杭州{i}贸易有限公司" for i in range(n)],
            "uscc": ["91330106MA27XJ5X0T"] * n,
            phone_column: phones,
        }
    )


def test_rule_9_a_column_named_mobile_holds_persons_phones_in_an_organisation_table():
    g = random.Random(5)
    mobiles = [f"13{g.randint(100000000, 999999999)}" for _ in range(40)]
    e = entry(classify(_suppliers("contact_mobile", mobiles)), "contact_mobile")
    assert (e.category, e.personal, e.review) == ("person.phone", True, True)
    assert any(ev.key == "classification.ev.mobile_person" for ev in e.evidence)
    # a generic channel stays the organisation's contact (flagged by rule C8)
    assert entry(classify(_suppliers("联系电话", mobiles)), "联系电话").category == "org.contact"


def test_rule_10_account_numbers_are_bank_accounts_and_handles_are_logins():
    g = random.Random(6)
    digits = [str(g.randint(10**15, 10**17)) for _ in range(40)]
    e = entry(classify(_suppliers("account", digits)), "account")
    assert e.category == "org.bank_account"
    assert any(ev.key == "classification.ev.account_number" for ev in e.evidence)
    handles = [f"user{g.randint(100, 999)}_{i}" for i in range(40)]
    frame = pd.DataFrame({"account": handles, "login_ip": [f"10.0.{i % 250}.{i % 200 + 1}" for i in range(40)]})
    assert entry(classify(frame), "account").category == "person.network"


def test_url_user_agent_and_lab_value_kinds():
    ua = [
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
        "Dalvik/2.1.0 (Linux; U; Android 12; V2118A Build/SP1A)",
        "okhttp/4.9.3",
    ]
    urls = ["https://www.zjzwfw.gov.cn/item/1.html", "http://example.org/a?b=1", "www.hangzhou.gov.cn/news/"]
    assert dict(value_evidence(pd.Series(ua * 5)).kinds())["user_agent"] == 1.0
    found = dict(value_evidence(pd.Series(urls * 5)).kinds())
    assert found["url"] == 1.0 and "account" not in found
    lab = ["5.6 mmol/L", "132 g/L", "36.8℃", "78次/分", "6.3×10^9/L"]
    assert dict(value_evidence(pd.Series(lab * 3)).kinds())["health_term"] == 1.0
    # an access log with meaningless names: IP addresses make it about persons (S1)
    frame = pd.DataFrame(
        {"C1": [f"36.{i % 200}.1.{i % 250 + 1}" for i in range(30)], "C2": (urls * 10), "C3": (ua * 10)}
    )
    inv = classify(frame)
    assert entry(inv, "C2").category == "person.network" and entry(inv, "C3").category == "person.device"


def test_a_facility_manager_does_not_make_a_table_about_persons():
    lon = [f"120.{1000 + i * 37}" for i in range(30)]
    frame = pd.DataFrame(
        {
            "场所名称": ["转塘避灾安置点", "良渚文化礼堂", "瓜沥镇综合文化站"] * 10,
            "经度": lon,
            "责任单位": ["杭州市西湖区应急管理局", "杭州市余杭区民政局", "杭州市萧山区应急管理局"] * 10,
            "管理人": ["张伟", "王芳", "李强"] * 10,
        }
    )
    inv = classify(frame)
    assert inv.context == "org"
    assert entry(inv, "经度").category == "public.geo"
    assert entry(inv, "管理人").category == "person.name"
