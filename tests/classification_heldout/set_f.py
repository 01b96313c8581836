"""Held-out round F (issue 14): 13 tables written after the fixes made from rounds B–E,
committed before they were scored, and scored once: the untouched figure of the final code.
No change was made to the detectors after F was scored.

Same conventions as ``set_a`` (public vocabularies for the names; fictitious values; style zh /
pinyin / en / meaningless / misleading; ``minors`` tables describe children under 14).
"""

from __future__ import annotations

_UA = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; 23013RK75C) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/121.0 Safari/537.36",
]


def tables() -> dict[str, dict]:
    return {
        "f_library_readers": {
            "minors": False,
            "columns": [
                ("reader_card_no", "person.internal_id", "en", lambda g: f"ZJLIB{g.r.randint(10**7, 10**8)}"),
                ("reader_name", "person.name", "en", lambda g: g.name()),
                ("id_no", "person.citizen_id", "en", lambda g: g.citizen_id()),
                ("phone", "person.phone", "en", lambda g: g.mobile()),
                ("borrow_count", "general.amount", "en", lambda g: g.whole(0, 300)),
                ("deposit", "person.property", "en", lambda g: g.choice(["0.00", "100.00", "200.00"])),
                ("register_date", "general.date", "en", lambda g: g.date("2010-01-01", "2025-10-31")),
                ("fine_owed", "person.property", "en", lambda g: g.money(0, 50)),
            ],
        },
        "f_flood_shelters": {
            "minors": False,
            "columns": [
                (
                    "避灾安置场所名称",
                    "org.name",
                    "zh",
                    lambda g: g.choice(
                        ["转塘小学避灾安置点", "良渚文化村避灾中心", "千岛湖镇文化礼堂", "瓜沥镇综合文化站"]
                    ),
                ),
                ("可容纳人数", "general.amount", "zh", lambda g: g.whole(50, 2000)),
                (
                    "所在乡镇",
                    "public.division",
                    "zh",
                    lambda g: g.choice(["转塘街道", "良渚街道", "千岛湖镇", "瓜沥镇"]),
                ),
                ("经度", "public.geo", "zh", lambda g: g.lon()),
                ("纬度", "public.geo", "zh", lambda g: g.lat()),
                ("责任单位", "org.name", "zh", lambda g: g.org()),
                ("值班电话", "org.contact", "zh", lambda g: g.landline()),
                ("管理人", "person.name", "zh", lambda g: g.name()),
            ],
        },
        "f_test_results": {
            "minors": False,
            "columns": [
                ("JCRXM", "person.name", "pinyin", lambda g: g.name()),
                ("ZJHM", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                ("LXDH", "person.phone", "pinyin", lambda g: g.mobile()),
                ("CYSJ", "general.date", "pinyin", lambda g: g.datetime()),
                ("CYDD", "person.location", "pinyin", lambda g: g.fine_address()),
                ("JCJG", "person.health", "pinyin", lambda g: g.choice(["阴性", "阴性", "阴性", "阳性"])),
                (
                    "JCJGMC",
                    "org.name",
                    "pinyin",
                    lambda g: g.choice(["浙江迪安诊断技术股份有限公司", "杭州市疾病预防控制中心"]),
                ),
            ],
        },
        "f_employee_roster": {
            "minors": False,
            "columns": [
                ("YGBH", "person.internal_id", "pinyin", lambda g: f"{g.r.randint(100000, 999999)}"),
                ("XM", "person.name", "pinyin", lambda g: g.name()),
                ("XB", "person.sex", "pinyin", lambda g: g.choice(["男", "女"])),
                ("CSRQ", "person.birth_date", "pinyin", lambda g: g.date("1962-01-01", "2004-12-31", "%Y%m%d")),
                ("ZW", "person.occupation", "pinyin", lambda g: g.choice(["科员", "副科长", "科长", "主任"])),
                ("RZRQ", "general.date", "pinyin", lambda g: g.date("1990-01-01", "2025-06-30")),
                ("GZ", "person.property", "pinyin", lambda g: g.whole(4000, 30000)),
                ("YHKH", "person.bank_account", "pinyin", lambda g: g.bank_card()),
            ],
        },
        "f_suppliers": {
            "minors": False,
            "columns": [
                ("supplier_name", "org.name", "en", lambda g: g.org()),
                ("supplier_uscc", "org.uscc", "en", lambda g: g.uscc()),
                ("contact_person", "person.name", "en", lambda g: g.name()),
                ("contact_mobile", "person.phone", "en", lambda g: g.mobile()),
                ("office_address", "org.address", "en", lambda g: g.address()),
                ("settlement_account", "org.bank_account", "en", lambda g: g.corp_account()),
                ("annual_turnover", "commercial.financial", "en", lambda g: g.money(100, 900000)),
                ("supplier_grade", "general.code", "en", lambda g: g.choice(["A", "B", "C"])),
            ],
        },
        "f_unnamed": {
            "minors": False,
            "columns": [
                ("col_a", "person.vehicle", "meaningless", lambda g: g.vin()),
                ("col_b", "person.birth_date", "meaningless", lambda g: g.date("1945-01-01", "2004-12-31", "%Y/%m/%d")),
                ("col_c", "person.id_document", "meaningless", lambda g: g.travel_permit()),
                ("col_d", "person.address", "meaningless", lambda g: g.fine_address()),
                ("col_e", "person.health", "meaningless", lambda g: g.icd10()),
                ("col_f", "person.name", "meaningless", lambda g: g.name()),
                ("col_g", "person.phone", "meaningless", lambda g: g.mobile()),
                ("col_h", "person.property", "meaningless", lambda g: g.money(10, 9000)),
            ],
        },
        "f_misnamed": {
            "minors": False,
            "columns": [
                ("身份证号", "person.phone", "misleading", lambda g: g.landline()),
                ("邮箱", "person.bank_account", "misleading", lambda g: g.bank_card()),
                ("年龄", "person.name", "misleading", lambda g: g.name()),
                ("备注", "person.location", "misleading", lambda g: g.coord()),
                ("日期", "person.location", "misleading", lambda g: g.geohash()),
                ("性别", "person.email", "misleading", lambda g: g.email()),
                ("金额", "person.vehicle", "misleading", lambda g: g.plate()),
            ],
        },
        "f_paediatric_visits": {
            "minors": True,
            "columns": [
                ("患儿姓名", "person.name", "zh", lambda g: g.name()),
                ("出生日期", "person.birth_date", "zh", lambda g: g.child_birth()),
                ("监护人手机", "person.phone", "zh", lambda g: g.mobile()),
                ("就诊科室", "person.health", "zh", lambda g: g.choice(["儿科", "小儿呼吸科", "儿童保健科"])),
                (
                    "诊断",
                    "person.health",
                    "zh",
                    lambda g: g.choice(["急性上呼吸道感染", "支气管炎", "手足口病", "腹泻病"]),
                ),
                ("体重", "person.health", "zh", lambda g: g.money(8, 45, 1)),
                ("就诊时间", "general.date", "zh", lambda g: g.datetime()),
            ],
        },
        "f_taxi_gps": {
            "minors": False,
            "columns": [
                ("vehicle_plate", "person.vehicle", "en", lambda g: g.plate()),
                ("driver_licence_no", "person.citizen_id", "en", lambda g: g.citizen_id()),
                ("gps_time", "general.date", "en", lambda g: g.datetime()),
                ("gps_lng", "person.location", "en", lambda g: g.lon()),
                ("gps_lat", "person.location", "en", lambda g: g.lat()),
                ("speed_kmh", "general.amount", "en", lambda g: g.whole(0, 110)),
                ("heading", "general.amount", "en", lambda g: g.whole(0, 359)),
                ("passenger_count", "general.amount", "en", lambda g: g.whole(0, 4)),
            ],
        },
        "f_land_rights": {
            "minors": False,
            "columns": [
                (
                    "宗地代码",
                    "public.geo",
                    "zh",
                    lambda g: f"330106{g.r.randint(100, 999)}GB{g.r.randint(10000, 99999)}",
                ),
                ("宗地面积", "public.geo", "zh", lambda g: g.money(50, 5000)),
                ("土地用途", "public.geo", "zh", lambda g: g.choice(["城镇住宅用地", "商业用地", "工业用地"])),
                ("坐落", "person.property", "zh", lambda g: g.fine_address()),
                ("权利人", "person.name", "zh", lambda g: g.name()),
                ("权利人证件号", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                ("登记日期", "general.date", "zh", lambda g: g.date("2005-01-01", "2025-10-31")),
            ],
        },
        "f_social_assistance": {
            "minors": False,
            "columns": [
                ("救助对象姓名", "person.name", "zh", lambda g: g.name()),
                ("身份证号", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                (
                    "救助类型",
                    "person.specific_identity",
                    "zh",
                    lambda g: g.choice(["最低生活保障", "特困人员供养", "临时救助"]),
                ),
                ("救助金额", "person.property", "zh", lambda g: g.money(300, 2000)),
                ("家庭人口", "general.amount", "zh", lambda g: g.whole(1, 6)),
                ("发放日期", "general.date", "zh", lambda g: g.date("2025-01-01", "2025-11-30")),
                ("开户银行", "org.name", "zh", lambda g: g.choice(["浙江农商银行", "中国邮政储蓄银行杭州分行"])),
                ("银行账号", "person.bank_account", "zh", lambda g: g.bank_card()),
            ],
        },
        "f_web_access": {
            "minors": False,
            "columns": [
                ("session_id", "general.record_id", "en", lambda g: g.uuid()),
                ("user_account", "person.network", "en", lambda g: g.login()),
                ("client_ip", "person.network", "en", lambda g: g.ipv4()),
                ("user_agent", "person.device", "en", lambda g: g.choice(_UA)),
                (
                    "page_url",
                    "person.network",
                    "en",
                    lambda g: f"https://www.zjzwfw.gov.cn/item/{g.r.randint(1000, 9999)}",
                ),
                ("access_time", "general.date", "en", lambda g: g.datetime()),
                (
                    "referrer_url",
                    "person.network",
                    "en",
                    lambda g: g.choice(["https://www.baidu.com/", "https://zj.gov.cn/", ""]) or None,
                ),
            ],
        },
        "f_dog_registration": {
            "minors": False,
            "columns": [
                ("犬主姓名", "person.name", "zh", lambda g: g.name()),
                ("犬主身份证号", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                ("犬主电话", "person.phone", "zh", lambda g: g.mobile()),
                ("犬只名称", "general.code", "zh", lambda g: g.choice(["豆豆", "旺财", "小黑", "球球", "毛毛"])),
                ("品种", "general.code", "zh", lambda g: g.choice(["泰迪", "柯基", "金毛", "柴犬"])),
                ("免疫证号", "general.record_id", "zh", lambda g: f"MY{g.r.randint(10**7, 10**8)}"),
                ("登记日期", "general.date", "zh", lambda g: g.date("2020-01-01", "2025-10-31")),
                ("居住地址", "person.address", "zh", lambda g: g.fine_address()),
            ],
        },
    }
