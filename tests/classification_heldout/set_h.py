"""Held-out round H (issue 14): 13 tables written with round G, under the same rules — by
someone who read only the catalogue's category list (not the synonym file, not the detector
code) — and committed before the classifier was run on them.

Names come from public schema vocabularies: the social-insurance data-element codes of the
人社 information system (AAC001, AAC003, AAB004, AAE140 …, opaque to anyone who does not know
the dictionary, hence style ``meaningless``), a hospital LIS lab report, the tax-credit rating
publication (NSRSBH, XYDJ, ZGSWJG), a school's student-status record in English abbreviations,
second-hand housing contract filing (房屋坐落, 不动产单元号, 买受人, 出卖人), the 110 dispatch
record (JJDBH, BJRXM, BJDH, FADZ, JQLB, CJDW), a government-service application record with
both the applicant organisation and the person handling it, hazardous-chemical major hazard
sources (WHPMC, ZDCL, WXYDJ), real-name scenic-area ticketing, the record of religious clergy
kept by religious-affairs offices, and street-lamp assets. Every value is fictitious.

Same conventions as ``set_a``: each column is (name, category, style, generator); style is
zh / pinyin / en / meaningless / misleading; a ``minors`` table describes children under 14,
so every personal column in it is sensitive (PIPL Art. 28).
"""

from __future__ import annotations

_ETHNIC = ["汉族"] * 12 + ["畲族", "回族", "苗族", "土家族", "布依族", "蒙古族"]
#: 险种类型 codes: 110 enterprise pension, 210 unemployment, 310 basic medical, 410 work injury, 510 maternity
_INSURANCE = ["110", "110", "210", "310", "310", "410", "510"]
_LAB_DEPT = ["内分泌科门诊", "心血管内科门诊", "消化内科门诊", "体检中心", "肿瘤内科", "感染科门诊", "产科门诊"]
_LAB_ITEM = ["血常规", "肝功能", "肾功能", "糖化血红蛋白", "乙肝两对半", "甲状腺功能", "肿瘤标志物", "尿常规"]
_CREDIT = ["A", "A", "B", "B", "B", "M", "C", "D"]
_TAX_OFFICE = [
    "国家税务总局杭州市西湖区税务局",
    "国家税务总局杭州市余杭区税务局",
    "国家税务总局宁波市鄞州区税务局",
    "国家税务总局温州市鹿城区税务局",
    "国家税务总局嘉兴市南湖区税务局",
]
_CLASSES = [f"{g}年级({c})班" for g in "一二三四五六" for c in range(1, 7)]
_AGENCIES = [
    "杭州我爱我家房地产经纪有限公司",
    "杭州链家房地产经纪有限公司",
    "宁波中原房地产代理有限公司",
    "温州麦田房产经纪有限公司",
    "杭州中房信房地产经纪有限公司",
]
_ALARM_TYPE = ["刑事案件", "治安案件", "交通事故", "纠纷", "群众求助", "火灾", "举报投诉"]
_STATIONS = [
    "西湖分局转塘派出所",
    "余杭分局良渚派出所",
    "萧山分局瓜沥派出所",
    "鄞州分局姜山派出所",
    "瑞安市公安局塘下派出所",
]
_CHEMICALS = ["液氯", "液氨", "甲醇", "液化石油气", "硝酸铵", "环氧乙烷", "甲苯", "氢气"]
_NATIONALITY = ["中国", "中国", "中国", "中国", "中国", "中国", "中国", "中国", "美国", "韩国", "日本", "德国"]
_CLERGY = ["比丘", "比丘尼", "道士", "神父", "牧师", "阿訇", "长老"]
_RELIGION = ["佛教", "佛教", "道教", "天主教", "基督教", "伊斯兰教"]
_ROADS = ["文三路", "文一西路", "古墩路", "天目山路", "之江路", "良渚路", "风情大道", "钱江路", "学院路", "紫金港路"]


def _unit_no(g) -> str:
    """不动产单元号: county (6), cadastral zone and sub-zone (6), parcel feature and number (GB + 5),
    building feature and number (F + 8)."""
    zone = f"{g.r.randint(1, 20):03d}{g.r.randint(1, 30):03d}"
    return (
        g.choice(g.counties)
        + zone
        + f"GB{g.r.randint(1, 99999):05d}F{g.r.randint(1, 9999):04d}{g.r.randint(1, 9999):04d}"
    )


def _food_licence(g) -> str:
    """食品经营许可证编号: JY, business-form digit, county code, six-digit serial and a check digit."""
    return f"JY{g.choice('123')}{g.choice(g.counties)}{g.r.randint(1, 999999):06d}{g.r.randint(0, 9)}"


def tables() -> dict[str, dict]:
    return {
        "h_si_data_elements": {
            "minors": False,
            "columns": [
                ("AAC001", "person.internal_id", "meaningless", lambda g: f"33{g.r.randint(10**12, 10**13 - 1)}"),
                ("AAC003", "person.name", "meaningless", lambda g: g.name()),
                ("AAC002", "person.citizen_id", "meaningless", lambda g: g.citizen_id("1962-01-01", "2005-12-31")),
                ("AAC004", "person.sex", "meaningless", lambda g: g.choice(["1", "2"])),
                (
                    "AAC006",
                    "person.birth_date",
                    "meaningless",
                    lambda g: g.date("1962-01-01", "2005-12-31", "%Y%m%d"),
                ),
                ("AAB004", "org.name", "meaningless", lambda g: g.org()),
                ("AAE140", "general.code", "meaningless", lambda g: g.choice(_INSURANCE)),
                ("AAC040", "person.property", "meaningless", lambda g: g.whole(4462, 24930)),
                ("AAE036", "general.date", "meaningless", lambda g: g.datetime("2023-01-01", "2025-11-30")),
            ],
        },
        "h_lab_report": {
            "minors": False,
            "columns": [
                ("检验单号", "general.record_id", "zh", lambda g: f"L{g.r.randint(10**10, 10**11 - 1)}"),
                ("病人ID", "person.internal_id", "zh", lambda g: f"{g.r.randint(10**7, 10**8 - 1)}"),
                ("患者姓名", "person.name", "zh", lambda g: g.name()),
                ("送检科室", "person.health", "zh", lambda g: g.choice(_LAB_DEPT)),
                ("检验项目", "person.health", "zh", lambda g: g.choice(_LAB_ITEM)),
                ("结果", "person.health", "zh", lambda g: g.money(0.1, 180, 1)),
                ("异常提示", "person.health", "zh", lambda g: g.choice(["", "", "", "↑", "↓"]) or None),
                ("报告时间", "general.date", "zh", lambda g: g.datetime()),
                ("审核医师", "person.name", "zh", lambda g: g.name()),
            ],
        },
        "h_tax_credit_rating": {
            "minors": False,
            "columns": [
                ("NSRSBH", "org.uscc", "pinyin", lambda g: g.uscc()),
                ("NSRMC", "org.name", "pinyin", lambda g: g.org()),
                ("XYDJ", "public.credit", "pinyin", lambda g: g.choice(_CREDIT)),
                ("PJND", "general.date", "pinyin", lambda g: g.choice(["2022", "2023", "2024"])),
                ("ZGSWJG", "org.name", "pinyin", lambda g: g.choice(_TAX_OFFICE)),
                ("YYSR", "commercial.financial", "pinyin", lambda g: g.money(50_000, 90_000_000)),
                ("CWFZR", "person.name", "pinyin", lambda g: g.name()),
                ("CWFZRDH", "person.phone", "pinyin", lambda g: g.mobile()),
                ("SCJYDZ", "org.address", "pinyin", lambda g: g.address()),
            ],
        },
        "h_student_status": {
            "minors": True,
            "columns": [
                ("student_no", "person.internal_id", "en", lambda g: "G" + g.child_id()[:17]),
                ("stu_name", "person.name", "en", lambda g: g.name()),
                ("id_card", "person.citizen_id", "en", lambda g: g.child_id()),
                ("birth_date", "person.birth_date", "en", lambda g: g.child_birth("%Y%m%d")),
                ("nation", "person.ethnicity", "en", lambda g: g.choice(_ETHNIC)),
                ("class_nm", "person.education", "en", lambda g: g.choice(_CLASSES)),
                ("left_behind", "person.specific_identity", "en", lambda g: g.choice(["否", "否", "否", "是"])),
                ("guardian_nm", "person.name", "en", lambda g: g.name()),
                ("guardian_mobile", "person.phone", "en", lambda g: g.mobile()),
                ("home_addr", "person.address", "en", lambda g: g.fine_address()),
            ],
        },
        "h_housing_contract": {
            "minors": False,
            "columns": [
                ("房屋坐落", "person.property", "zh", lambda g: g.fine_address()),
                ("不动产单元号", "public.geo", "zh", _unit_no),
                ("成交价格", "person.property", "zh", lambda g: g.money(80, 1200)),
                ("买受人姓名", "person.name", "zh", lambda g: g.name()),
                ("买受人证件号码", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                ("出卖人姓名", "person.name", "zh", lambda g: g.name()),
                ("网签日期", "general.date", "zh", lambda g: g.date("2023-01-01", "2025-11-30")),
                ("经纪机构", "org.name", "zh", lambda g: g.choice(_AGENCIES)),
            ],
        },
        "h_110_dispatch": {
            "minors": False,
            "columns": [
                ("JJDBH", "general.record_id", "pinyin", lambda g: f"J3301{g.r.randint(10**13, 10**14 - 1)}"),
                ("BJRXM", "person.name", "pinyin", lambda g: g.name()),
                ("BJDH", "person.phone", "pinyin", lambda g: g.mobile()),
                ("BJSJ", "general.date", "pinyin", lambda g: g.datetime()),
                ("FADZ", "person.location", "pinyin", lambda g: g.fine_address()),
                ("BJRDW", "person.location", "pinyin", lambda g: g.coord()),
                ("JQLB", "general.code", "pinyin", lambda g: g.choice(_ALARM_TYPE)),
                ("CJDW", "org.name", "pinyin", lambda g: g.choice(_STATIONS)),
            ],
        },
        "h_permit_applications": {
            "minors": False,
            "columns": [
                ("办件编号", "general.record_id", "zh", lambda g: f"3301{g.r.randint(10**15, 10**16 - 1)}"),
                ("申请单位名称", "org.name", "zh", lambda g: g.org()),
                ("统一社会信用代码", "org.uscc", "zh", lambda g: g.uscc()),
                ("法定代表人", "org.legal_representative", "zh", lambda g: g.name()),
                ("经办人姓名", "person.name", "zh", lambda g: g.name()),
                ("经办人身份证号", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                ("经办人手机", "person.phone", "zh", lambda g: g.mobile()),
                ("单位地址", "org.address", "zh", lambda g: g.address()),
                ("单位电话", "org.contact", "zh", lambda g: g.landline()),
                ("受理时间", "general.date", "zh", lambda g: g.datetime()),
                ("许可证编号", "public.license", "zh", _food_licence),
            ],
        },
        "h_field_dump": {
            "minors": False,
            "columns": [
                ("FIELD_01", "person.name", "meaningless", lambda g: g.name()),
                ("FIELD_02", "person.id_document", "meaningless", lambda g: g.passport()),
                ("FIELD_03", "person.phone", "meaningless", lambda g: g.mobile()),
                ("FIELD_04", "person.network", "meaningless", lambda g: g.ipv4()),
                ("FIELD_05", "person.device", "meaningless", lambda g: g.mac()),
                (
                    "FIELD_06",
                    "person.birth_date",
                    "meaningless",
                    lambda g: g.date("1950-01-01", "2003-12-31", "%Y.%m.%d"),
                ),
                ("FIELD_07", "person.health", "meaningless", lambda g: g.drug()),
                ("FIELD_08", "person.vehicle", "meaningless", lambda g: g.plate()),
                ("FIELD_09", "person.address", "meaningless", lambda g: g.address()),
            ],
        },
        "h_misnamed": {
            "minors": False,
            "columns": [
                ("email", "person.citizen_id", "misleading", lambda g: g.citizen_id()),
                ("zip", "person.phone", "misleading", lambda g: g.mobile()),
                ("ip", "person.name", "misleading", lambda g: g.name()),
                ("lat", "person.bank_account", "misleading", lambda g: g.bank_card()),
                ("plate", "person.email", "misleading", lambda g: g.email()),
                ("age", "person.health", "misleading", lambda g: g.icd10()),
                ("status", "person.location", "misleading", lambda g: g.coord()),
                ("id_card", "org.uscc", "misleading", lambda g: g.uscc()),
            ],
        },
        "h_hazard_sources": {
            "minors": False,
            "columns": [
                ("QYMC", "org.name", "pinyin", lambda g: g.org()),
                ("TYSHXYDM", "org.uscc", "pinyin", lambda g: g.uscc()),
                ("WHPMC", "state.public_safety", "pinyin", lambda g: g.choice(_CHEMICALS)),
                ("ZDCL", "state.public_safety", "pinyin", lambda g: g.money(5, 3000, 1)),
                ("WXYDJ", "state.public_safety", "pinyin", lambda g: g.choice(["一级", "二级", "三级", "四级"])),
                ("JD", "state.public_safety", "pinyin", lambda g: g.lon()),
                ("WD", "state.public_safety", "pinyin", lambda g: g.lat()),
                ("AQFZR", "person.name", "pinyin", lambda g: g.name()),
                ("YJDH", "org.contact", "pinyin", lambda g: g.landline()),
            ],
        },
        "h_scenic_tickets": {
            "minors": False,
            "columns": [
                ("order_no", "general.record_id", "en", lambda g: f"T{g.r.randint(10**15, 10**16 - 1)}"),
                ("visitor_nm", "person.name", "en", lambda g: g.name()),
                ("cert_no", "person.citizen_id", "en", lambda g: g.citizen_id()),
                ("mobile_no", "person.phone", "en", lambda g: g.mobile()),
                ("nationality", "person.nationality", "en", lambda g: g.choice(_NATIONALITY)),
                ("visit_dt", "general.date", "en", lambda g: g.date("2025-01-01", "2025-11-30")),
                (
                    "pay_amt",
                    "person.property",
                    "en",
                    lambda g: g.choice(["0.00", "40.00", "80.00", "130.00", "150.00"]),
                ),
                ("wx_openid", "person.network", "en", lambda g: g.openid()),
            ],
        },
        "h_religious_clergy": {
            "minors": False,
            "columns": [
                ("姓名", "person.name", "zh", lambda g: g.name()),
                ("公民身份号码", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                ("民族", "person.ethnicity", "zh", lambda g: g.choice(_ETHNIC)),
                ("宗教", "person.religion", "zh", lambda g: g.choice(_RELIGION)),
                ("教职身份", "person.religion", "zh", lambda g: g.choice(_CLERGY)),
                ("户籍地址", "person.address", "zh", lambda g: g.fine_address(with_province=True)),
                ("联系电话", "person.phone", "zh", lambda g: g.mobile()),
                ("备案日期", "general.date", "zh", lambda g: g.date("2010-01-01", "2025-10-31")),
            ],
        },
        "h_streetlights": {
            "minors": False,
            "columns": [
                ("lamp_id", "general.record_id", "en", lambda g: f"LD-{g.r.randint(1, 99999):05d}"),
                ("road_nm", "public.geo", "en", lambda g: g.choice(_ROADS)),
                ("pole_lng", "public.geo", "en", lambda g: g.lon()),
                ("pole_lat", "public.geo", "en", lambda g: g.lat()),
                ("lamp_type", "general.code", "en", lambda g: g.choice(["LED", "LED", "高压钠灯", "金卤灯"])),
                ("power_w", "general.amount", "en", lambda g: g.choice(["60", "90", "120", "150", "250"])),
                ("maint_org", "org.name", "en", lambda g: g.org()),
                ("inspector", "person.name", "en", lambda g: g.name()),
                ("inspector_tel", "person.phone", "en", lambda g: g.mobile()),
            ],
        },
    }
