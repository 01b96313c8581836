"""Held-out round A (issue 14): 13 tables written before any detector change of that issue.

Column names follow public vocabularies — GB/T 19488-style element names, pinyin-initial field
names seen in public-security, social-insurance (人社 AAC/AAB data elements) and hospital
schemas, national and provincial open-data catalogues — not the existing corpus. Every value is
fictitious. Each column: (name, category, style, generator); style is zh / pinyin / en /
meaningless / misleading. A table marked ``minors`` describes children under 14, so every
personal column in it is sensitive (PIPL Art. 28).

Round A is the development set: its per-column errors may be looked at and fixed.
"""

from __future__ import annotations

_SEX = ["男", "女"]
_GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"]
_INS = ["企业职工基本养老保险", "失业保险", "工伤保险", "职工基本医疗保险", "生育保险"]


def tables() -> dict[str, dict]:
    return {
        "a_student_roster": {
            "minors": True,
            "columns": [
                ("XSXM", "person.name", "pinyin", lambda g: g.name()),
                ("XSSFZH", "person.citizen_id", "pinyin", lambda g: g.child_id()),
                ("XBDM", "person.sex", "pinyin", lambda g: g.choice(["1", "2"])),
                ("CSRQ", "person.birth_date", "pinyin", lambda g: g.child_birth("%Y%m%d")),
                ("NJ", "person.education", "pinyin", lambda g: g.choice(_GRADES)),
                ("XJH", "person.internal_id", "pinyin", lambda g: "G" + g.child_id()[:17]),
                ("JHRXM", "person.name", "pinyin", lambda g: g.name()),
                ("JHRLXDH", "person.phone", "pinyin", lambda g: g.mobile()),
                ("JTZZ", "person.address", "pinyin", lambda g: g.fine_address()),
                ("RXRQ", "general.date", "pinyin", lambda g: g.date("2019-09-01", "2025-09-01")),
            ],
        },
        "a_login_log": {
            "minors": False,
            "columns": [
                ("log_id", "general.record_id", "en", lambda g: str(g.r.randint(10**11, 10**12))),
                ("account", "person.network", "en", lambda g: g.login()),
                ("login_ip", "person.network", "en", lambda g: g.ipv4()),
                ("mac", "person.device", "en", lambda g: g.mac()),
                ("imei", "person.device", "en", lambda g: g.imei()),
                ("email", "person.email", "en", lambda g: g.email()),
                ("gps", "person.location", "en", lambda g: g.coord()),
                ("login_time", "general.date", "en", lambda g: g.datetime()),
                ("result", "general.code", "en", lambda g: g.choice(["success", "success", "success", "fail"])),
            ],
        },
        "a_social_insurance": {
            "minors": False,
            "columns": [
                ("个人编号", "person.internal_id", "zh", lambda g: f"33{g.r.randint(10**9, 10**10 - 1)}"),
                ("姓名", "person.name", "zh", lambda g: g.name()),
                ("单位名称", "org.name", "zh", lambda g: g.org()),
                ("单位统一社会信用代码", "org.uscc", "zh", lambda g: g.uscc()),
                ("险种类型", "general.code", "zh", lambda g: g.choice(_INS)),
                ("缴费基数", "person.property", "zh", lambda g: g.money(4462, 24930)),
                ("个人缴费金额", "person.property", "zh", lambda g: g.money(350, 2000)),
                ("社会保障卡号", "person.id_document", "zh", lambda g: g.ss_card()),
                ("C9", "person.address", "meaningless", lambda g: g.fine_address(True)),
                ("C10", "person.bank_account", "meaningless", lambda g: g.bank_card()),
            ],
        },
        "a_outpatient_rx": {
            "minors": False,
            "columns": [
                ("MZH", "person.internal_id", "pinyin", lambda g: f"MZ{g.r.randint(10**8, 10**9)}"),
                ("HZXM", "person.name", "pinyin", lambda g: g.name()),
                ("XB", "person.sex", "pinyin", lambda g: g.choice(_SEX)),
                ("NL", "person.age", "pinyin", lambda g: g.whole(18, 90)),
                (
                    "YLJGMC",
                    "org.name",
                    "pinyin",
                    lambda g: g.choice(
                        [
                            "浙江省人民医院",
                            "杭州市中医院",
                            "宁波市医疗中心李惠利医院",
                            "温州市人民医院",
                            "西湖区转塘街道社区卫生服务中心",
                        ]
                    ),
                ),
                ("YSXM", "person.name", "pinyin", lambda g: g.name()),
                ("ZDDM", "person.health", "pinyin", lambda g: g.icd10()),
                ("ZDMC", "person.health", "pinyin", lambda g: g.diagnosis()),
                ("CFXX", "person.health", "pinyin", lambda g: g.prescription()),
                ("JZRQ", "general.date", "pinyin", lambda g: g.date("2024-01-01", "2025-12-31")),
                ("FYZJ", "person.property", "pinyin", lambda g: g.money(12, 3800)),
            ],
        },
        "a_enterprise_contact": {
            "minors": False,
            "columns": [
                ("TYSHXYDM", "org.uscc", "pinyin", lambda g: g.uscc()),
                ("QYMC", "org.name", "pinyin", lambda g: g.org()),
                ("FDDBR", "org.legal_representative", "pinyin", lambda g: g.name()),
                ("FDDBRSFZH", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                ("LXDH", "org.contact", "pinyin", lambda g: g.org_landline() if g.r.random() < 0.6 else g.mobile()),
                ("DZYX", "org.contact", "pinyin", lambda g: g.org_email()),
                ("ZS", "org.address", "pinyin", lambda g: g.address()),
                ("ZCZB", "org.registration", "pinyin", lambda g: g.money(10, 5000)),
                ("DJSJ", "general.date", "pinyin", lambda g: g.date("2000-01-01", "2025-12-31")),
            ],
        },
        "a_health_checkup": {
            "minors": False,
            "columns": [
                ("exam_no", "person.internal_id", "en", lambda g: f"TJ{g.r.randint(10**9, 10**10)}"),
                ("name", "person.name", "en", lambda g: g.name()),
                ("id_number", "person.citizen_id", "en", lambda g: g.citizen_id()),
                ("height_cm", "person.health", "en", lambda g: g.money(148, 190, 1)),
                ("weight_kg", "person.health", "en", lambda g: g.money(42, 110, 1)),
                ("blood_pressure", "person.health", "en", lambda g: f"{g.r.randint(95, 165)}/{g.r.randint(60, 100)}"),
                ("icd10", "person.health", "en", lambda g: g.icd10()),
                (
                    "conclusion",
                    "person.health",
                    "en",
                    lambda g: g.choice(
                        [
                            "血压偏高，建议心内科随访",
                            "空腹血糖升高，建议复查",
                            "甲状腺结节，建议超声复查",
                            "未见明显异常",
                            "脂肪肝，建议控制饮食",
                        ]
                    ),
                ),
                ("exam_date", "general.date", "en", lambda g: g.date("2025-01-01", "2025-11-30")),
            ],
        },
        "a_income_tax": {
            "minors": False,
            "columns": [
                ("nsrxm", "person.name", "pinyin", lambda g: g.name()),
                ("nsrsbh", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                ("income", "person.property", "en", lambda g: g.money(3000, 60000)),
                ("pay_base", "person.property", "en", lambda g: g.whole(4462, 24930)),
                ("tax_paid", "person.property", "en", lambda g: g.money(0, 9000)),
                ("kjywrmc", "org.name", "pinyin", lambda g: g.org()),
                ("ssq", "general.date", "pinyin", lambda g: g.date("2024-01-01", "2025-10-31", "%Y-%m")),
            ],
        },
        "a_meaningless_export": {
            "minors": False,
            "columns": [
                ("col1", "person.citizen_id", "meaningless", lambda g: g.citizen_id()),
                ("col2", "person.name", "meaningless", lambda g: g.name()),
                ("f_03", "person.phone", "meaningless", lambda g: g.mobile()),
                ("f_04", "person.address", "meaningless", lambda g: g.fine_address()),
                ("col5", "person.location", "meaningless", lambda g: g.geohash()),
                ("col6", "person.health", "meaningless", lambda g: g.icd10()),
                ("col7", "person.property", "meaningless", lambda g: g.money(2000, 30000)),
                ("col8", "general.date", "meaningless", lambda g: g.date("2023-01-01", "2025-12-31")),
                ("col9", "person.bank_account", "meaningless", lambda g: g.bank_card()),
            ],
        },
        "a_misleading": {
            "minors": False,
            "columns": [
                ("姓名", "person.name", "zh", lambda g: g.name()),
                ("编号", "person.citizen_id", "misleading", lambda g: g.citizen_id()),
                ("状态", "person.network", "misleading", lambda g: g.ipv4()),
                ("type", "person.email", "misleading", lambda g: g.email()),
                ("date", "person.phone", "misleading", lambda g: g.mobile()),
                ("user", "person.network", "misleading", lambda g: g.login()),
                ("code", "person.health", "misleading", lambda g: g.icd10()),
                ("remark", "person.address", "misleading", lambda g: g.fine_address()),
                (
                    "postcode_id",
                    "public.postcode",
                    "misleading",
                    lambda g: g.choice(
                        ["310012", "310013", "311100", "311200", "315000", "325000", "314000", "312000", "313000"]
                    ),
                ),
            ],
        },
        "a_residence_geo": {
            "minors": False,
            "columns": [
                ("姓名", "person.name", "zh", lambda g: g.name()),
                ("联系电话", "person.phone", "zh", lambda g: g.mobile()),
                ("居住地址", "person.address", "zh", lambda g: g.fine_address()),
                ("所在乡镇街道", "person.address", "zh", lambda g: g.township()),
                ("所属区县", "public.division", "zh", lambda g: g.county_name()),
                ("经度", "person.location", "zh", lambda g: g.lon()),
                ("纬度", "person.location", "zh", lambda g: g.lat()),
                ("GeoHash", "person.location", "en", lambda g: g.geohash()),
            ],
        },
        "a_parking_facility": {
            "minors": False,
            "columns": [
                (
                    "停车场名称",
                    "org.name",
                    "zh",
                    lambda g: g.choice(
                        [
                            "西湖文化广场地下停车场",
                            "武林广场公共停车场",
                            "湖滨银泰停车场",
                            "钱江新城市民中心停车场",
                            "黄龙体育中心停车场",
                        ]
                    ),
                ),
                ("管理单位", "org.name", "zh", lambda g: g.org()),
                ("单位联系电话", "org.contact", "zh", lambda g: g.org_landline()),
                ("地址", "org.address", "zh", lambda g: g.address()),
                ("经度", "public.geo", "zh", lambda g: g.lon()),
                ("纬度", "public.geo", "zh", lambda g: g.lat()),
                ("泊位数", "general.amount", "zh", lambda g: g.whole(40, 1500)),
                (
                    "收费标准",
                    "general.text",
                    "zh",
                    lambda g: g.choice(
                        ["首小时5元，之后每小时3元", "白天每小时4元，夜间每次10元", "每半小时2元，全天封顶40元"]
                    ),
                ),
            ],
        },
        "a_member_app": {
            "minors": False,
            "columns": [
                ("memberId", "person.internal_id", "en", lambda g: f"M{g.r.randint(10**7, 10**8)}"),
                ("nickName", "person.network", "en", lambda g: g.login()),
                ("openId", "person.network", "en", lambda g: g.openid()),
                ("mobilePhone", "person.phone", "en", lambda g: g.mobile()),
                ("plateNo", "person.vehicle", "en", lambda g: g.plate()),
                ("balance", "person.property", "en", lambda g: g.money(0, 800)),
                ("lastLoginIp", "person.network", "en", lambda g: g.ipv4()),
                ("registerTime", "general.date", "en", lambda g: g.datetime("2020-01-01", "2025-12-31")),
            ],
        },
        "a_child_vaccination": {
            "minors": True,
            "columns": [
                ("child_name", "person.name", "en", lambda g: g.name()),
                ("birth_date", "person.birth_date", "en", lambda g: g.child_birth()),
                ("guardian_phone", "person.phone", "en", lambda g: g.mobile()),
                (
                    "vaccine",
                    "person.health",
                    "en",
                    lambda g: g.choice(
                        ["乙肝疫苗", "卡介苗", "脊灰灭活疫苗", "百白破疫苗", "麻腮风疫苗", "乙脑减毒活疫苗"]
                    ),
                ),
                ("dose", "person.health", "en", lambda g: g.choice(["第1剂", "第2剂", "第3剂", "加强"])),
                ("vaccination_date", "general.date", "en", lambda g: g.date("2023-01-01", "2025-11-30")),
                (
                    "clinic",
                    "org.name",
                    "en",
                    lambda g: g.choice(
                        [
                            "西湖区北山街道社区卫生服务中心",
                            "上城区湖滨街道社区卫生服务中心",
                            "鄞州区姜山镇卫生院",
                            "瑞安市塘下镇中心卫生院",
                        ]
                    ),
                ),
            ],
        },
    }
