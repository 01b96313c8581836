"""The decision rules of issue 14 (docs/classification.md, "Decision rules") and the new detectors."""

import datetime as dt
import random

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from classification_heldout.values import Gen, geohash
from zjgov.classification import classify, value_evidence

TODAY = dt.date(2026, 12, 1)


def kinds(values):
    return dict(value_evidence(pd.Series(values, dtype="str"), today=TODAY).kinds())


def entry(inv, column):
    return next(e for e in inv.entries if e.column == column)


def column(n, fn, seed=7):
    g = Gen(seed)
    return [fn(g) for _ in range(n)]


# -- detectors -----------------------------------------------------------------------------------
def test_icd10_codes_are_health_codes_but_vehicle_type_codes_are_not():
    assert kinds(["C12", "J45.901", "I10.x00", "E11.900", "K29.500", "C22.0"])["icd10"] == 1.0
    assert "icd10" not in kinds(["K33", "K31", "H11", "K33", "M22", "K31"] * 5)


def test_disease_drug_and_treatment_vocabulary():
    found = kinds(
        ["支气管哮喘", "2型糖尿病", "阿莫西林胶囊 0.5g 口服 tid×7天", "腰椎间盘突出", "第2剂", "未见明显异常"]
    )
    assert found["health_term"] == 1.0
    assert "health_term" not in kinds(["浙江省人民医院", "杭州市中医院", "材料齐全，予以受理。", "存续"])


def test_blood_pressure_readings():
    assert kinds(["128/82", "135/90", "110/70 mmHg", "142/95"])["blood_pressure"] == 1.0


@given(st.floats(27.9, 30.9), st.floats(119.6, 121.9), st.integers(7, 9))
@example(30.274084, 120.155070, 8)
def test_geohash_of_nearby_points(lat, lon, precision):
    rng = random.Random(int(lat * 1000))
    points = [geohash(lat + rng.uniform(-0.05, 0.05), lon + rng.uniform(-0.05, 0.05), precision) for _ in range(30)]
    assert kinds(points).get("geohash", 0) >= 0.7


def test_lower_case_words_and_scattered_codes_are_not_geohash():
    assert "geohash" not in kinds(["success", "failure", "pending"] * 10)
    assert "geohash" not in kinds(["u4pruyd", "9q8yyk8", "dr5regw", "gcpvj0d", "s00twy0", "wtmk72q", "7zzzzzz"] * 3)


def test_login_names_are_accounts():
    logins = column(60, lambda g: g.login())
    assert kinds(logins)["account"] >= 0.9
    assert "account" not in kinds(["success", "fail"] * 30)  # a code list, not handles
    assert "account" not in kinds([f"{i:032x}" for i in range(40)])  # hex digests


def test_addresses_below_county_level_and_county_level_places():
    fine = kinds(["淳安县千岛湖镇青溪村3组5号", "浙江省杭州市余杭区良渚街道勾庄村", "西湖区转塘街道美院路1号"])
    assert fine["fine_address"] == 1.0 and fine["address"] == 1.0
    # a township alone is a township-level division, not an address (rule 12 reads it in context)
    towns = ["西湖区转塘街道", "义乌市佛堂镇", "浙江省杭州市余杭区良渚街道", "淳安县千岛湖镇"]
    ev = value_evidence(pd.Series(towns * 3, dtype="str"), today=TODAY)
    assert dict(ev.kinds())["division_name"] == 1.0 and "address" not in ev.shares and ev.township == 1.0
    county = kinds(["浙江省杭州市西湖区", "杭州市上城区", "宁波市鄞州区", "西湖区"])
    assert county["division_name"] == 1.0 and "fine_address" not in county and "address" not in county


def test_single_longitudes_and_latitudes_as_text():
    assert kinds(column(40, lambda g: g.lon()))["coordinate"] == 1.0
    assert kinds(column(40, lambda g: g.lat()))["coordinate"] == 1.0
    assert "coordinate" not in kinds(["1234.5678", "99.1", "7.25"] * 10)


def test_mobile_and_landline_together_are_phones():
    mixed = column(40, lambda g: g.landline() if g.r.random() < 0.5 else g.mobile())
    assert kinds(mixed)["phone"] == 1.0


def test_specific_kinds_rank_before_generic_ones():
    postcodes = ["310012", "310013", "311100", "311200", "315000", "325000", "314000", "312000", "313000", "310052"]
    ranked = value_evidence(pd.Series(postcodes * 3 + ["ABC123"]), today=TODAY).kinds()
    assert ranked[0][0] == "code:postcode"
    inv = classify(pd.DataFrame({"C1": postcodes * 3, "姓名": column(30, lambda g: g.name())}), today=TODAY)
    assert entry(inv, "C1").category == "public.postcode"


# -- rules -----------------------------------------------------------------------------------------
def login_log(n=60):
    g = Gen(11)
    return pd.DataFrame(
        {
            "account": [g.login() for _ in range(n)],
            "ip": [g.ipv4() for _ in range(n)],
            "mac": [g.mac() for _ in range(n)],
            "imei": [g.imei() for _ in range(n)],
            "gps": [g.coord() for _ in range(n)],
        }
    )


def test_network_and_device_identifiers_make_a_table_personal():
    inv = classify(login_log(), today=TODAY)
    assert inv.context == "person"
    gps = entry(inv, "gps")
    assert gps.category == "person.location" and gps.sensitive and inv.level == "L4"
    assert entry(inv, "account").category == "person.network"


def test_a_tie_between_persons_and_employers_takes_the_protective_reading():
    g = Gen(12)
    n = 60
    frame = pd.DataFrame(
        {
            "个人编号": [f"33{g.r.randint(10**9, 10**10 - 1)}" for _ in range(n)],
            "姓名": [g.name() for _ in range(n)],
            "单位名称": [g.org() for _ in range(n)],
            "单位统一社会信用代码": [g.uscc() for _ in range(n)],
            "C5": [g.fine_address(True) for _ in range(n)],
            "C6": [g.bank_card() for _ in range(n)],
        }
    )
    inv = classify(frame, today=TODAY)
    address, card = entry(inv, "C5"), entry(inv, "C6")
    assert (address.category, address.personal, address.review) == ("person.address", True, True)
    assert (card.category, card.sensitive, card.review) == ("person.bank_account", True, True)
    assert address.level != "L1"
    assert any(ev.key == "classification.ev.mixed" for ev in address.evidence)


def test_personal_shaped_values_never_get_a_confident_non_personal_category():
    g = Gen(13)
    n = 40
    facilities = pd.DataFrame(
        {
            "管理单位": [g.org() for _ in range(n)],
            "统一社会信用代码": [g.uscc() for _ in range(n)],
            "经度": [g.lon() for _ in range(n)],
            "C4": [g.fine_address() for _ in range(n)],
        }
    )
    inv = classify(facilities, today=TODAY)
    assert inv.context == "org"
    for name in ("经度", "C4"):
        e = entry(inv, name)
        assert not e.personal and e.review and e.confidence < 0.6, name


def test_organisation_contact_channels():
    g = Gen(14)
    n = 40
    frame = pd.DataFrame(
        {
            "TYSHXYDM": [g.uscc() for _ in range(n)],
            "QYMC": [g.org() for _ in range(n)],
            "LXDH": [g.landline() for _ in range(n)],
            "DZYX": [g.org_email() for _ in range(n)],
            "负责人手机": [g.mobile() for _ in range(n)],
        }
    )
    inv = classify(frame, today=TODAY)
    phone, mail, manager = entry(inv, "LXDH"), entry(inv, "DZYX"), entry(inv, "负责人手机")
    assert phone.category == mail.category == "org.contact" and not phone.personal
    assert phone.level == "L2" and phone.treatment == "keep"
    assert mail.review  # e-mail addresses are personal-shaped: the organisation reading is flagged
    assert manager.category == "person.phone" and manager.personal


def test_health_income_and_location_in_person_tables():
    g = Gen(15)
    n = 60
    frame = pd.DataFrame(
        {
            "HZXM": [g.name() for _ in range(n)],
            "ZDDM": [g.icd10() for _ in range(n)],
            "CFXX": [g.prescription() for _ in range(n)],
            "pay_base": [g.whole(4462, 24930) for _ in range(n)],
            "col5": [g.geohash() for _ in range(n)],
            "col6": [g.money(2000, 30000) for _ in range(n)],
        }
    )
    inv = classify(frame, today=TODAY)
    got = {e.column: e.category for e in inv.entries}
    assert got == {
        "HZXM": "person.name",
        "ZDDM": "person.health",
        "CFXX": "person.health",
        "pay_base": "person.property",
        "col5": "person.location",
        "col6": "person.property",
    }
    assert all(entry(inv, c).sensitive for c in ("ZDDM", "CFXX", "pay_base", "col5"))


@pytest.mark.parametrize(
    "name", ["XSXM", "XSSFZH", "JHRLXDH", "QLRZJHM", "FDDBRSFZH", "YSXM", "YLJGMC", "KSMC", "MJ", "NJ", "DJSJ"]
)
def test_pinyin_names_from_public_schemas(name):
    from zjgov.classification import load_catalogue, name_evidence

    hit = name_evidence(name, load_catalogue())
    assert hit is not None and hit.how == "exact", name


def test_cli_login_log_example_is_personal_and_l4():
    import json
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "examples" / "classification" / "login_log.csv"
    r = subprocess.run(
        [sys.executable, "-m", "zjgov.cli.main", "classify", str(example), "--json", "-", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout[r.stdout.index("{") :])
    columns = {c["column"]: c for c in doc["columns"]}
    assert columns["gps"]["category"] == columns["geohash"]["category"] == "person.location"
    assert columns["gps"]["level"] == "L4" and doc["dataset"]["level"] == "L4"
    assert columns["account"]["category"] == "person.network"


# -- issue 14, round I causes ----------------------------------------------------------------------


def test_blood_groups_count_as_health_vocabulary_but_grades_do_not():
    assert kinds(["A+", "O+", "B-", "AB+", "O-"] * 4)["health_term"] == 1.0
    assert kinds(["A型", "O型", "B型Rh阳性", "AB型"] * 4)["health_term"] == 1.0
    assert "health_term" not in kinds(["A+", "A", "A-", "B+", "B"] * 4)  # ratings: no O or AB group


def test_offences_and_sentences_are_criminal_terms():
    crimes = kinds(["危险驾驶罪", "盗窃罪", "缓刑", "假释", "诈骗罪", "暂予监外执行"] * 4)
    assert crimes["criminal_term"] == 1.0
    assert "criminal_term" not in kinds(["合格", "不合格", "复检合格"] * 6)
    inv = classify(pd.DataFrame({"C3": ["危险驾驶罪", "盗窃罪", "诈骗罪"] * 5, "姓名": column(15, lambda g: g.name())}))
    assert entry(inv, "C3").category == "person.criminal_record"


def test_township_of_a_person_is_an_address_but_a_records_attribution_is_a_division():
    g = Gen(3)
    frame = pd.DataFrame(
        {
            "姓名": [g.name() for _ in range(40)],
            "所在乡镇街道": [g.township() for _ in range(40)],
            "所属街道": [g.township() for _ in range(40)],
        }
    )
    inv = classify(frame, today=TODAY)
    here, belongs = entry(inv, "所在乡镇街道"), entry(inv, "所属街道")
    assert (here.category, here.review) == ("person.address", True)
    assert belongs.category == "public.division"  # open data by its level, so flagged beside persons (G1)
    assert belongs.review and belongs.reasons[-1].key == "classification.gr.open_in_person_table"


def test_devices_and_positions_beside_a_site_are_things_not_persons():
    g = Gen(5)
    sensors = pd.DataFrame(
        {
            "deviceId": [f"MH{i:06d}" for i in range(40)],
            "siteName": [g.choice(["文三路口", "古墩路328号东侧", "之江路公交站"]) for _ in range(40)],
            "lng": [f"{g.r.uniform(120.0, 120.3):.6f}" for _ in range(40)],
            "lat": [f"{g.r.uniform(30.1, 30.4):.6f}" for _ in range(40)],
        }
    )
    inv = classify(sensors, today=TODAY)
    assert inv.context != "person"
    assert entry(inv, "deviceId").category == "general.record_id"
    lng = entry(inv, "lng")
    assert (lng.category, lng.review) == ("public.geo", True)  # personal-shaped: always reviewed (C8)
    # without the site, a device and a position are a person's (a phone's location log)
    alone = classify(sensors.drop(columns=["siteName"]), today=TODAY)
    assert alone.context == "person" and entry(alone, "lng").category == "person.location"


def test_person_in_charge_is_a_legal_representative_only_in_a_register():
    g = Gen(11)
    names = [g.name() for _ in range(30)]
    canteens = ["学军中学食堂", "文三街小学食堂", "市民中心职工食堂"] * 10
    inspection = classify(pd.DataFrame({"食堂名称": canteens, "负责人": names}), today=TODAY)
    e = entry(inspection, "负责人")
    assert (e.category, e.review) == ("person.name", True)
    register = classify(
        pd.DataFrame({"单位名称": canteens, "统一社会信用代码": [g.uscc() for _ in range(30)], "负责人": names}),
        today=TODAY,
    )
    assert entry(register, "负责人").category == "org.legal_representative"


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("bld_ctr", "org.name"),  # an establishment noun as the head
        ("司法所", "org.name"),
        ("执行法院", "org.name"),
        ("waterLevelCm", "general.amount"),  # a unit makes a quantity
        ("矫正对象编号", "person.internal_id"),  # …对象 is a person
        ("certno", "person.id_document"),  # a run-together token split for the synonyms
        ("lerep", "org.legal_representative"),  # SAMR publicity field names
        ("regcap", "org.registration"),
        ("dom", "org.address"),
        ("ZXBDJE", "person.credit"),  # SPC enforcement vocabulary (generated pinyin)
        ("hb_val", "person.health"),
        ("screen_rslt", "person.health"),
        ("buyer_alipay_uid", "person.bank_account"),
    ],
)
def test_names_of_public_schemas(name, category):
    from zjgov.classification import load_catalogue
    from zjgov.classification.names import name_evidence

    assert name_evidence(name, load_catalogue()).category("person") == category


def test_two_letter_front_does_not_split_off_a_three_letter_head():
    from zjgov.classification import load_catalogue
    from zjgov.classification.names import name_evidence

    cat = load_catalogue()
    assert name_evidence("DBH", cat).category("person") == "person.specific_identity"  # 低保户 on its own
    assert name_evidence("JJ_DBH", cat).category("person") == "person.specific_identity"  # split by the writer
    assert name_evidence("JJDBH", cat) is None  # 接警单编号: one run of initials, not JJ + DBH


def test_masked_personal_values_stay_personal():
    masked = {
        "C1": ["138****1234", "139****5678", "150****0000", "186****4321"] * 5,
        "C2": ["330106********1234", "330102********123X", "110105********0012", "330381********2211"] * 5,
        "C3": ["张*", "李**", "王*华", "欧阳*"] * 5,
        "C4": ["6222 **** **** 1234", "6217********5678", "6228********0011", "6222********9876"] * 5,
    }
    inv = classify(pd.DataFrame(masked), today=TODAY)
    got = {e.column: e.category for e in inv.entries}
    assert got == {"C1": "person.phone", "C2": "person.citizen_id", "C3": "person.name", "C4": "person.bank_account"}
    assert "masked_id" not in kinds(masked["C4"]) and "masked_card" not in kinds(masked["C2"])
    assert not kinds(["A*B", "**", "5*3", "x*y"] * 5).keys() & {
        "masked_mobile",
        "masked_id",
        "masked_name",
        "masked_card",
    }


def test_romanised_chinese_names_are_person_names():
    names = ["ZHANG WEI", "Wang Xiaoming", "Ouyang Nana", "Li Na", "Xiaoming Wang", "CHEN JIANGUO"] * 4
    assert kinds(names)["person_name"] == 1.0
    assert "person_name" not in kinds(["Main Road", "New York", "John Smith", "Fan Club", "Term Sheet"] * 4)
    inv = classify(pd.DataFrame({"passenger": names, "C2": names}), today=TODAY)
    assert {e.column: e.category for e in inv.entries} == {"passenger": "person.name", "C2": "person.name"}


def test_rule_g1_nothing_of_a_person_table_opens_unreviewed():
    """G1: in a table about persons a column graded at a level that opens unconditionally is
    flagged, with the reason; the same column in a table about nothing in particular is not."""
    names = ["张三", "李四", "王五", "赵六", "钱七", "孙八"] * 5
    divisions = ["西湖区", "上城区", "拱墅区", "滨江区", "余杭区", "萧山区"] * 5
    people = classify(
        pd.DataFrame({"姓名": names, "公民身份号码": ["11010519491231002X"] * 30, "行政区划名称": divisions})
    )
    assert people.context == "person"
    entry = next(e for e in people.entries if e.column == "行政区划名称")
    assert (entry.level, entry.review) == ("L1", True)
    assert entry.reasons[-1].key == "classification.gr.open_in_person_table"
    alone = classify(pd.DataFrame({"行政区划名称": divisions, "统计值": [str(i) for i in range(30)]}))
    plain = next(e for e in alone.entries if e.column == "行政区划名称")
    assert plain.level == "L1"
    assert all(r.key != "classification.gr.open_in_person_table" for r in plain.reasons)
