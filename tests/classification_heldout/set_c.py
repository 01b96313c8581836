"""Held-out round C (issue 14): 13 tables written after round B was scored, before any change
made in the light of B's errors, and scored once at the end.

Round B was the untouched measurement of the issue-14 changes; once its errors were read it
became a development set. Round C is the untouched measurement of what came after. Same
conventions as ``set_a`` (public vocabularies for the names; fictitious values; style zh /
pinyin / en / meaningless / misleading; ``minors`` tables describe children under 14).
"""

from __future__ import annotations

_INCOME = ["工资薪金所得", "劳务报酬所得", "稿酬所得", "经营所得"]


def tables() -> dict[str, dict]:
    return {
        "c_hotel_checkin": {
            "minors": False,
            "columns": [
                ("旅客姓名", "person.name", "zh", lambda g: g.name()),
                ("证件号码", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                ("旅客手机号", "person.phone", "zh", lambda g: g.mobile()),
                ("同住人姓名", "person.name", "zh", lambda g: g.maybe(g.name(), 0.4)),
                (
                    "旅馆名称",
                    "org.name",
                    "zh",
                    lambda g: g.choice(["西湖国宾馆", "杭州望湖宾馆", "宁波南苑饭店", "温州华侨饭店"]),
                ),
                ("入住时间", "general.date", "zh", lambda g: g.datetime()),
                ("退房时间", "general.date", "zh", lambda g: g.datetime()),
                ("房间号", "general.code", "zh", lambda g: f"{g.r.randint(2, 18)}{g.r.randint(1, 40):02d}"),
            ],
        },
        "c_bike_rental": {
            "minors": False,
            "columns": [
                ("rider_id", "person.internal_id", "en", lambda g: f"R{g.r.randint(10**8, 10**9)}"),
                ("rider_phone", "person.phone", "en", lambda g: g.mobile()),
                ("unlock_lng", "person.location", "en", lambda g: g.lon()),
                ("unlock_lat", "person.location", "en", lambda g: g.lat()),
                ("return_geohash", "person.location", "en", lambda g: g.geohash()),
                ("ride_fee", "person.property", "en", lambda g: g.money(1, 15)),
                ("deposit", "person.property", "en", lambda g: g.choice(["0.00", "99.00", "199.00"])),
                ("start_time", "general.date", "en", lambda g: g.datetime()),
                ("bike_no", "general.record_id", "en", lambda g: f"{g.r.randint(10**9, 10**10)}"),
            ],
        },
        "c_migrant_worker": {
            "minors": False,
            "columns": [
                ("XM", "person.name", "pinyin", lambda g: g.name()),
                ("SFZHM", "person.citizen_id", "pinyin", lambda g: g.citizen_id("1965-01-01", "2004-12-31")),
                ("YRDWMC", "org.name", "pinyin", lambda g: g.org()),
                ("TYSHXYDM", "org.uscc", "pinyin", lambda g: g.uscc()),
                ("GZ", "person.property", "pinyin", lambda g: g.whole(3000, 12000)),
                ("RZRQ", "general.date", "pinyin", lambda g: g.date("2019-01-01", "2025-10-31")),
                ("C7", "person.address", "meaningless", lambda g: g.fine_address(True)),
                ("C8", "person.bank_account", "meaningless", lambda g: g.bank_card()),
            ],
        },
        "c_pharmacy_sales": {
            "minors": False,
            "columns": [
                ("购药人姓名", "person.name", "zh", lambda g: g.name()),
                ("购药人身份证号", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                ("药品名称", "person.health", "zh", lambda g: g.drug()),
                ("购买数量", "general.amount", "zh", lambda g: g.whole(1, 5)),
                ("销售金额", "person.property", "zh", lambda g: g.money(5, 600)),
                (
                    "药店名称",
                    "org.name",
                    "zh",
                    lambda g: g.choice(["杭州九洲大药房", "海王星辰健康药房", "老百姓大药房文三路店"]),
                ),
                ("销售时间", "general.date", "zh", lambda g: g.datetime()),
                ("处方来源", "general.code", "zh", lambda g: g.choice(["外配处方", "无处方", "互联网医院处方"])),
            ],
        },
        "c_company_branch": {
            "minors": False,
            "columns": [
                ("uscc", "org.uscc", "en", lambda g: g.uscc()),
                ("company_name", "org.name", "en", lambda g: g.org()),
                ("branch_address", "org.address", "en", lambda g: g.address()),
                ("contact_tel", "org.contact", "en", lambda g: g.org_landline()),
                ("service_email", "org.contact", "en", lambda g: g.org_email()),
                ("legal_person", "org.legal_representative", "en", lambda g: g.name()),
                ("established", "org.registration", "en", lambda g: g.date("1995-01-01", "2024-12-31")),
                ("staff_count", "org.registration", "en", lambda g: g.whole(3, 2000)),
            ],
        },
        "c_unnamed_dump": {
            "minors": False,
            "columns": [
                ("c1", "person.id_document", "meaningless", lambda g: g.passport()),
                ("c2", "person.name", "meaningless", lambda g: g.name()),
                ("c3", "person.email", "meaningless", lambda g: g.email()),
                ("c4", "person.network", "meaningless", lambda g: g.ipv4()),
                ("c5", "person.vehicle", "meaningless", lambda g: g.plate()),
                ("c6", "person.location", "meaningless", lambda g: g.coord()),
                ("c7", "person.health", "meaningless", lambda g: g.diagnosis()),
                ("c8", "general.date", "meaningless", lambda g: g.date("2024-01-01", "2025-12-31")),
                ("c9", "person.property", "meaningless", lambda g: g.money(100, 50000)),
            ],
        },
        "c_misleading": {
            "minors": False,
            "columns": [
                ("地址", "person.citizen_id", "misleading", lambda g: g.citizen_id()),
                ("日期", "person.network", "misleading", lambda g: g.login()),
                ("金额", "person.health", "misleading", lambda g: g.icd10()),
                ("电话", "person.address", "misleading", lambda g: g.fine_address()),
                ("comment", "person.location", "misleading", lambda g: g.geohash()),
                ("id", "person.name", "misleading", lambda g: g.name()),
                ("邮编", "person.phone", "misleading", lambda g: g.mobile()),
            ],
        },
        "c_canteen_check": {
            "minors": False,
            "columns": [
                (
                    "食堂名称",
                    "org.name",
                    "zh",
                    lambda g: g.choice(["学军中学食堂", "文三街小学食堂", "浙江工业大学第一食堂", "市民中心职工食堂"]),
                ),
                ("食品经营许可证编号", "public.license", "zh", lambda g: f"JY{g.r.randint(10**13, 10**14 - 1)}"),
                ("检查日期", "general.date", "zh", lambda g: g.date("2025-01-01", "2025-11-30")),
                ("检查结果", "general.code", "zh", lambda g: g.choice(["符合", "基本符合", "不符合"])),
                ("经度", "public.geo", "zh", lambda g: g.lon()),
                ("纬度", "public.geo", "zh", lambda g: g.lat()),
                ("负责人", "person.name", "zh", lambda g: g.name()),
                ("负责人电话", "person.phone", "zh", lambda g: g.mobile()),
                ("所在区县", "public.division", "zh", lambda g: g.county_name()),
            ],
        },
        "c_disability_register": {
            "minors": False,
            "columns": [
                ("XM", "person.name", "pinyin", lambda g: g.name()),
                ("GMSFHM", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                (
                    "CJLB",
                    "person.specific_identity",
                    "pinyin",
                    lambda g: g.choice(["视力残疾", "听力残疾", "肢体残疾", "智力残疾", "精神残疾"]),
                ),
                ("CJDJ", "person.specific_identity", "pinyin", lambda g: g.choice(["一级", "二级", "三级", "四级"])),
                ("CJZH", "person.id_document", "pinyin", lambda g: g.citizen_id() + g.choice(["41", "42", "43", "44"])),
                ("JHRXM", "person.name", "pinyin", lambda g: g.name()),
                ("LXDH", "person.phone", "pinyin", lambda g: g.mobile()),
                ("HJDZ", "person.address", "pinyin", lambda g: g.fine_address(True)),
            ],
        },
        "c_student_scores": {
            "minors": True,
            "columns": [
                ("student_name", "person.name", "en", lambda g: g.name()),
                ("student_no", "person.internal_id", "en", lambda g: f"2024{g.r.randint(100000, 999999)}"),
                (
                    "class_name",
                    "person.education",
                    "en",
                    lambda g: f"{g.choice('一二三四五六')}年级{g.r.randint(1, 8)}班",
                ),
                ("math_score", "person.education", "en", lambda g: g.whole(40, 100)),
                ("chinese_score", "person.education", "en", lambda g: g.whole(40, 100)),
                ("parent_mobile", "person.phone", "en", lambda g: g.mobile()),
                ("birthday", "person.birth_date", "en", lambda g: g.child_birth()),
            ],
        },
        "c_ev_charging": {
            "minors": False,
            "columns": [
                ("userAccount", "person.network", "en", lambda g: g.login()),
                ("vin", "person.vehicle", "en", lambda g: g.vin()),
                ("plateNumber", "person.vehicle", "en", lambda g: g.plate()),
                ("stationLng", "person.location", "en", lambda g: g.lon()),
                ("stationLat", "person.location", "en", lambda g: g.lat()),
                ("chargeKwh", "general.amount", "en", lambda g: g.money(5, 80, 1)),
                ("payAmount", "person.property", "en", lambda g: g.money(3, 120)),
                ("deviceImei", "person.device", "en", lambda g: g.imei()),
            ],
        },
        "c_clinic_appointment": {
            "minors": False,
            "columns": [
                ("YYH", "general.record_id", "pinyin", lambda g: f"YY{g.r.randint(10**9, 10**10)}"),
                ("HZXM", "person.name", "pinyin", lambda g: g.name()),
                ("SJHM", "person.phone", "pinyin", lambda g: g.mobile()),
                (
                    "KSMC",
                    "person.health",
                    "pinyin",
                    lambda g: g.choice(["心血管内科", "呼吸内科", "内分泌科", "妇产科", "精神科"]),
                ),
                ("YSXM", "person.name", "pinyin", lambda g: g.name()),
                ("YYSJ", "general.date", "pinyin", lambda g: g.datetime("2025-01-01", "2025-12-31")),
                (
                    "ZS",
                    "person.health",
                    "pinyin",
                    lambda g: g.choice(
                        ["咳嗽伴发热三天", "反复胸闷气短一月", "头痛头晕一周", "血糖控制不佳复诊", "停经40天要求检查"]
                    ),
                ),
                ("JZZT", "general.code", "pinyin", lambda g: g.choice(["已就诊", "未就诊", "已取消"])),
            ],
        },
        "c_individual_tax": {
            "minors": False,
            "columns": [
                ("taxpayer_name", "person.name", "en", lambda g: g.name()),
                ("taxpayer_id", "person.citizen_id", "en", lambda g: g.citizen_id()),
                ("income_type", "general.code", "en", lambda g: g.choice(_INCOME)),
                ("taxable_income", "person.property", "en", lambda g: g.money(5000, 80000)),
                ("tax_withheld", "person.property", "en", lambda g: g.money(0, 12000)),
                ("withholding_agent", "org.name", "en", lambda g: g.org()),
                ("agent_uscc", "org.uscc", "en", lambda g: g.uscc()),
                ("period", "general.date", "en", lambda g: g.date("2024-01-01", "2025-10-31", "%Y-%m")),
            ],
        },
    }
