"""Held-out round E (issue 14): 13 tables written after the fixes made from rounds B, C and D,
committed before they were scored, and scored once: the untouched figure of the final code.

Same conventions as ``set_a`` (public vocabularies for the names; fictitious values; style zh /
pinyin / en / meaningless / misleading; ``minors`` tables describe children under 14).
"""

from __future__ import annotations


def tables() -> dict[str, dict]:
    return {
        "e_hospital_staff": {
            "minors": False,
            "columns": [
                ("工号", "person.internal_id", "zh", lambda g: f"{g.r.randint(10000, 99999)}"),
                ("姓名", "person.name", "zh", lambda g: g.name()),
                (
                    "科室",
                    "person.occupation",
                    "zh",
                    lambda g: g.choice(["心血管内科", "骨科", "儿科", "放射科", "药剂科"]),
                ),
                (
                    "职称",
                    "person.occupation",
                    "zh",
                    lambda g: g.choice(["主任医师", "副主任医师", "主治医师", "住院医师", "主管护师"]),
                ),
                ("执业证书编号", "person.id_document", "zh", lambda g: f"1{g.r.randint(10**13, 10**14 - 1)}"),
                ("手机号码", "person.phone", "zh", lambda g: g.mobile()),
                ("入职日期", "general.date", "zh", lambda g: g.date("1995-01-01", "2025-06-30")),
                ("月薪", "person.property", "zh", lambda g: g.whole(6000, 40000)),
            ],
        },
        "e_parcel_delivery": {
            "minors": False,
            "columns": [
                ("order_sn", "general.record_id", "en", lambda g: f"SF{g.r.randint(10**11, 10**12)}"),
                ("receiver_name", "person.name", "en", lambda g: g.name()),
                ("receiver_mobile", "person.phone", "en", lambda g: g.mobile()),
                ("receiver_address", "person.address", "en", lambda g: g.fine_address(True)),
                ("sender_county", "public.division", "en", lambda g: g.county_name()),
                ("parcel_weight_kg", "general.amount", "en", lambda g: g.money(0.2, 30, 1)),
                ("courier_name", "person.name", "en", lambda g: g.name()),
                ("signed_at", "general.date", "en", lambda g: g.datetime()),
            ],
        },
        "e_petition_letters": {
            "minors": False,
            "columns": [
                ("信访人姓名", "person.name", "zh", lambda g: g.name()),
                ("证件号码", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                ("联系电话", "person.phone", "zh", lambda g: g.mobile()),
                ("居住地址", "person.address", "zh", lambda g: g.fine_address()),
                (
                    "信访事项",
                    "general.text",
                    "zh",
                    lambda g: g.choice(
                        [
                            "反映小区停车位收费不合理的问题",
                            "要求解决拖欠工资问题",
                            "反映道路施工夜间噪声扰民",
                            "咨询拆迁安置补偿政策",
                        ]
                    ),
                ),
                ("涉及单位", "org.name", "zh", lambda g: g.org()),
                ("登记时间", "general.date", "zh", lambda g: g.datetime()),
                ("办理状态", "general.code", "zh", lambda g: g.choice(["已受理", "办理中", "已办结"])),
            ],
        },
        "e_enterprise_tax": {
            "minors": False,
            "columns": [
                ("NSRSBH", "org.uscc", "pinyin", lambda g: g.uscc()),
                ("NSRMC", "org.name", "pinyin", lambda g: g.org()),
                (
                    "ZGSWJG",
                    "org.name",
                    "pinyin",
                    lambda g: g.choice(
                        [
                            "国家税务总局杭州市西湖区税务局",
                            "国家税务总局宁波市鄞州区税务局",
                            "国家税务总局温州市鹿城区税务局",
                        ]
                    ),
                ),
                ("YNSE", "commercial.financial", "pinyin", lambda g: g.money(100, 900000)),
                ("SJSE", "commercial.financial", "pinyin", lambda g: g.money(100, 900000)),
                ("SSSQ", "general.date", "pinyin", lambda g: g.date("2024-01-01", "2025-10-31", "%Y-%m")),
                ("BSRY", "person.name", "pinyin", lambda g: g.name()),
                ("BSRYDH", "person.phone", "pinyin", lambda g: g.mobile()),
            ],
        },
        "e_smart_meter": {
            "minors": False,
            "columns": [
                ("meter_id", "general.record_id", "en", lambda g: f"{g.r.randint(10**11, 10**12)}"),
                ("household_no", "person.internal_id", "en", lambda g: f"33{g.r.randint(10**9, 10**10)}"),
                ("account_holder", "person.name", "en", lambda g: g.name()),
                ("reading_kwh", "general.amount", "en", lambda g: g.money(0, 900, 1)),
                ("reading_time", "general.date", "en", lambda g: g.datetime()),
                ("meter_imei", "person.device", "en", lambda g: g.imei()),
                ("install_address", "person.address", "en", lambda g: g.fine_address()),
                ("gateway_ip", "person.network", "en", lambda g: g.ipv4()),
            ],
        },
        "e_unlabelled_cols": {
            "minors": False,
            "columns": [
                ("X1", "person.phone", "meaningless", lambda g: g.mobile()),
                ("X2", "person.citizen_id", "meaningless", lambda g: g.citizen_id()),
                ("X3", "person.email", "meaningless", lambda g: g.email()),
                ("X4", "person.location", "meaningless", lambda g: g.geohash()),
                ("X5", "person.bank_account", "meaningless", lambda g: g.bank_card()),
                ("X6", "person.id_document", "meaningless", lambda g: g.passport()),
                ("X7", "person.device", "meaningless", lambda g: g.mac()),
                ("X8", "person.name", "meaningless", lambda g: g.name()),
            ],
        },
        "e_wrong_names": {
            "minors": False,
            "columns": [
                ("单位名称", "person.name", "misleading", lambda g: g.name()),
                ("经度", "person.phone", "misleading", lambda g: g.mobile()),
                ("数量", "person.citizen_id", "misleading", lambda g: g.citizen_id()),
                ("remark", "person.health", "misleading", lambda g: g.icd10()),
                ("zip", "person.location", "misleading", lambda g: g.geohash()),
                ("category", "person.network", "misleading", lambda g: g.ipv4()),
            ],
        },
        "e_school_bus": {
            "minors": True,
            "columns": [
                ("XSXM", "person.name", "pinyin", lambda g: g.name()),
                ("XSSFZH", "person.citizen_id", "pinyin", lambda g: g.child_id()),
                (
                    "BJMC",
                    "person.education",
                    "pinyin",
                    lambda g: f"{g.choice('一二三四五六')}年级{g.r.randint(1, 6)}班",
                ),
                ("JHRXM", "person.name", "pinyin", lambda g: g.name()),
                ("JHRSJ", "person.phone", "pinyin", lambda g: g.mobile()),
                ("SCSJ", "general.date", "pinyin", lambda g: g.datetime()),
                ("JTZZ", "person.address", "pinyin", lambda g: g.fine_address()),
            ],
        },
        "e_medical_claims": {
            "minors": False,
            "columns": [
                ("参保人姓名", "person.name", "zh", lambda g: g.name()),
                ("社会保障号码", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                (
                    "就诊医院",
                    "org.name",
                    "zh",
                    lambda g: g.choice(["浙江省人民医院", "杭州市第一人民医院", "宁波市第二医院"]),
                ),
                ("入院日期", "general.date", "zh", lambda g: g.date("2024-01-01", "2025-10-31")),
                ("出院诊断", "person.health", "zh", lambda g: g.diagnosis()),
                ("医疗总费用", "person.property", "zh", lambda g: g.money(500, 200000)),
                ("基金支付", "person.property", "zh", lambda g: g.money(0, 150000)),
                ("个人自付", "person.property", "zh", lambda g: g.money(0, 50000)),
            ],
        },
        "e_rental_registration": {
            "minors": False,
            "columns": [
                ("出租人姓名", "person.name", "zh", lambda g: g.name()),
                ("承租人姓名", "person.name", "zh", lambda g: g.name()),
                ("承租人证件号码", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                ("房屋地址", "person.address", "zh", lambda g: g.fine_address()),
                ("月租金", "person.property", "zh", lambda g: g.whole(800, 9000)),
                ("租赁起始日期", "general.date", "zh", lambda g: g.date("2023-01-01", "2025-10-31")),
                ("租赁终止日期", "general.date", "zh", lambda g: g.date("2025-11-01", "2027-12-31")),
                ("房东电话", "person.phone", "zh", lambda g: g.mobile()),
            ],
        },
        "e_public_toilets": {
            "minors": False,
            "columns": [
                (
                    "公厕名称",
                    "org.name",
                    "zh",
                    lambda g: g.choice(["西湖文化广场公厕", "湖滨路公厕", "武林广场公厕", "钱江新城公厕"]),
                ),
                (
                    "所在街道",
                    "public.division",
                    "zh",
                    lambda g: g.choice(["北山街道", "湖滨街道", "武林街道", "采荷街道"]),
                ),
                ("经度", "public.geo", "zh", lambda g: g.lon()),
                ("纬度", "public.geo", "zh", lambda g: g.lat()),
                ("管理单位", "org.name", "zh", lambda g: g.org()),
                ("保洁员", "person.name", "zh", lambda g: g.name()),
                ("保洁员电话", "person.phone", "zh", lambda g: g.mobile()),
                ("开放时间", "general.code", "zh", lambda g: g.choice(["06:00-22:00", "全天", "05:30-23:00"])),
            ],
        },
        "e_volunteers": {
            "minors": False,
            "columns": [
                ("volunteer_name", "person.name", "en", lambda g: g.name()),
                ("gender", "person.sex", "en", lambda g: g.choice(["男", "女"])),
                ("birth_date", "person.birth_date", "en", lambda g: g.date("1950-01-01", "2005-12-31")),
                ("id_card", "person.citizen_id", "en", lambda g: g.citizen_id()),
                ("mobile", "person.phone", "en", lambda g: g.mobile()),
                ("service_hours", "general.amount", "en", lambda g: g.money(0, 500, 1)),
                (
                    "team",
                    "org.name",
                    "en",
                    lambda g: g.choice(["西湖区志愿者协会", "上城区青年志愿者协会", "鄞州区红十字会"]),
                ),
                ("emergency_contact_name", "person.name", "en", lambda g: g.name()),
            ],
        },
        "e_loans": {
            "minors": False,
            "columns": [
                ("borrower_name", "person.name", "en", lambda g: g.name()),
                ("borrower_id", "person.citizen_id", "en", lambda g: g.citizen_id()),
                ("loan_amount", "person.credit", "en", lambda g: g.money(10000, 800000)),
                ("overdue_days", "person.credit", "en", lambda g: g.whole(0, 180)),
                ("credit_score", "person.credit", "en", lambda g: g.whole(350, 850)),
                ("lender", "org.name", "en", lambda g: g.choice(["中国工商银行杭州分行", "杭州银行", "浙江网商银行"])),
                ("repay_account", "person.bank_account", "en", lambda g: g.bank_card()),
                ("contract_date", "general.date", "en", lambda g: g.date("2020-01-01", "2025-10-31")),
            ],
        },
    }
