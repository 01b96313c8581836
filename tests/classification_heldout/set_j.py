"""Held-out round J (issue 14): 13 tables written by someone who was not tuning the detectors and
who read only the catalogue's category ids and descriptions (not its example names, not the
synonym files, not the detector, classifier, structure or names code, not docs/classification.md,
not the tables of rounds B–I beyond their docstrings), committed before the classifier was run on
them and scored once; its per-column errors were never listed.

Domains not used by rounds A–I: housing-provident-fund loans in pinyin initials (DKHTBH, JKRXM,
JKRZJHM, GJJZH, DKJE, YQQS), VAT invoices in snake_case (invoice_code, seller_tax_no, drawer),
primary-school enrolment (小学新生报名, children under 14) in Chinese, elderly-care subsidies
(养老服务补贴) in full pinyin (laoren_xingming, nengli_pinggu_dengji, butie_leixing), hospital
outpatient registration in an HIS's English abbreviations (reg_id, pat_name, insur_card_no,
chief_complaint), ride-hailing orders (网约车) in camelCase (passengerPhone, depLongitude,
destName), an electricity utility's bills (户号, 用电地址, 电费金额), market-supervision
inspections of food businesses (JYZMC, SPJYXKZH, JYCS, JCJG, JCRY), public-transport card swipes
(card_no, board_stop, balance), environmental air-quality monitoring stations (站点编码, PM2.5浓度),
dog licensing (QZXM, SYDZ, DJZH), an unnamed export (col_1, F3, field_a) and a table with wrong
headers (label = what the values are). Every value is fictitious.

Same conventions as ``set_a``: each column is (name, category, style, generator); style is
zh / pinyin / en / meaningless / misleading; a ``minors`` table describes children under 14,
so every personal column in it is sensitive (PIPL Art. 28).
"""

from __future__ import annotations

from . import values as v

_SEX = ["男", "女"]
_LOAN_STAGE = ["已受理", "审核中", "审批通过", "已放款", "已放款", "已放款"]
_GJJ_CENTRE = [
    "杭州住房公积金管理中心西湖分中心",
    "杭州住房公积金管理中心萧山分中心",
    "宁波市住房公积金管理中心鄞州分中心",
    "温州市住房公积金管理中心瑞安分中心",
]
_INVOICE_STATUS = ["正常", "正常", "正常", "正常", "作废", "红冲"]
_RELATION = ["父亲", "母亲", "母亲", "父亲", "祖父", "祖母", "外祖母"]
_PRIMARY = ["杭州市文一街小学", "杭州市学军小学紫金港校区", "宁波市鄞州区姜山镇中心小学", "瑞安市塘下镇第一小学"]
_ABILITY = ["能力完好", "轻度失能", "轻度失能", "中度失能", "重度失能", "完全失能"]
_SUBSIDY = ["低保", "特困供养", "低保边缘", "高龄", "计划生育特殊家庭"]
_CARE_ORG = ["西湖区颐乐养老服务中心", "萧山区瓜沥镇居家养老服务中心", "鄞州区姜山镇敬老院", "瑞安市塘下镇康养服务站"]
_PAY = ["微信支付", "支付宝", "银联云闪付", "企业支付"]
_BILL_STATE = ["已缴费", "已缴费", "已缴费", "未缴费", "欠费"]
_POWER = [
    "国网杭州市西湖区供电公司",
    "国网宁波市鄞州区供电公司",
    "国网温州市瑞安市供电公司",
    "国网湖州市安吉县供电公司",
]
_CHECK = ["符合", "符合", "基本符合", "基本符合", "不符合"]
_SAMR = [
    "杭州市西湖区市场监督管理局",
    "宁波市鄞州区市场监督管理局",
    "温州市瑞安市市场监督管理局",
    "湖州市安吉县市场监督管理局",
]
_LINES = ["B1路", "K155路", "27路", "地铁1号线", "地铁4号线", "夜1路", "Y9路"]
_STOPS = ["武林广场站", "龙翔桥站", "城站火车站", "黄龙体育中心站", "文三路学院路口站", "转塘公交中心站", "良渚站"]
_BUS_CO = ["杭州市公共交通集团有限公司", "杭州市地铁集团有限责任公司", "宁波市公共交通集团有限公司"]
_POLLUTANT = ["PM2.5", "PM10", "O3", "O3", "NO2", "—"]
_OPS = ["浙江环科监测技术有限公司", "杭州蓝天环境监测有限公司", "宁波清源环保科技有限公司"]


def tables() -> dict[str, dict]:
    return {
        "j_gjj_loan": {
            "minors": False,
            "columns": [
                ("DKHTBH", "general.record_id", "pinyin", v.loan_contract),
                ("JKRXM", "person.name", "pinyin", lambda g: g.name()),
                ("JKRZJHM", "person.citizen_id", "pinyin", lambda g: g.citizen_id("1965-01-01", "2000-12-31")),
                ("GJJZH", "person.bank_account", "pinyin", v.gjj_account),
                ("DKJE", "person.credit", "pinyin", lambda g: g.money(100000, 1200000)),
                ("DKQX", "person.credit", "pinyin", lambda g: g.choice(["120", "180", "240", "300", "360"])),
                ("HKZH", "person.bank_account", "pinyin", lambda g: g.bank_card()),
                ("YQQS", "person.credit", "pinyin", lambda g: g.choice(["0", "0", "0", "0", "1", "2", "3"])),
                ("DKFFRQ", "general.date", "pinyin", lambda g: g.date("2016-01-01", "2025-11-30", "%Y%m%d")),
                ("SPZT", "general.code", "pinyin", lambda g: g.choice(_LOAN_STAGE)),
                ("SLWD", "org.name", "pinyin", lambda g: g.choice(_GJJ_CENTRE)),
            ],
        },
        "j_vat_invoice": {
            "minors": False,
            "columns": [
                ("invoice_code", "general.record_id", "en", v.invoice_code),
                ("invoice_no", "general.record_id", "en", v.invoice_no),
                ("seller_name", "org.name", "en", lambda g: g.org()),
                ("seller_tax_no", "org.uscc", "en", lambda g: g.uscc()),
                ("buyer_name", "org.name", "en", lambda g: g.org()),
                ("buyer_tax_no", "org.uscc", "en", lambda g: g.uscc()),
                ("amount", "commercial.business", "en", lambda g: g.money(800, 950000)),
                ("total_with_tax", "commercial.business", "en", lambda g: g.money(900, 1070000)),
                ("issue_date", "general.date", "en", lambda g: g.date("2024-01-01", "2025-11-30")),
                ("invoice_status", "general.code", "en", lambda g: g.choice(_INVOICE_STATUS)),
                ("drawer", "person.name", "en", lambda g: g.name()),
            ],
        },
        "j_primary_enrol": {
            "minors": True,
            "columns": [
                ("报名编号", "person.internal_id", "zh", lambda g: f"BM2025{g.r.randint(0, 10**6 - 1):06d}"),
                ("学生姓名", "person.name", "zh", lambda g: g.name()),
                ("身份证件号", "person.citizen_id", "zh", lambda g: g.citizen_id("2018-09-01", "2019-08-31")),
                ("性别", "person.sex", "zh", lambda g: g.choice(_SEX)),
                ("出生日期", "person.birth_date", "zh", lambda g: g.date("2018-09-01", "2019-08-31")),
                ("户籍地址", "person.address", "zh", lambda g: g.fine_address(True)),
                ("监护人姓名", "person.name", "zh", lambda g: g.name()),
                ("与学生关系", "person.family_relationship", "zh", lambda g: g.choice(_RELATION)),
                ("监护人手机", "person.phone", "zh", lambda g: g.mobile()),
                ("报名学校", "org.name", "zh", lambda g: g.choice(_PRIMARY)),
                ("报名时间", "general.date", "zh", lambda g: g.datetime("2025-05-10", "2025-06-20")),
            ],
        },
        "j_elderly_subsidy": {
            "minors": False,
            "columns": [
                ("laoren_xingming", "person.name", "pinyin", lambda g: g.name()),
                ("shenfenzheng_haoma", "person.citizen_id", "pinyin", v.elder_id),
                ("nianling", "person.age", "pinyin", lambda g: g.whole(60, 99)),
                ("nengli_pinggu_dengji", "person.health", "pinyin", lambda g: g.choice(_ABILITY)),
                ("butie_leixing", "person.specific_identity", "pinyin", lambda g: g.choice(_SUBSIDY)),
                ("butie_jine", "person.property", "pinyin", lambda g: g.choice(["200", "300", "400", "600", "800"])),
                ("juzhu_dizhi", "person.address", "pinyin", lambda g: g.fine_address()),
                ("suoshu_jiedao", "person.address", "pinyin", lambda g: g.township()),
                (
                    "lianxi_dianhua",
                    "person.phone",
                    "pinyin",
                    lambda g: g.mobile() if g.r.random() < 0.7 else g.landline(),
                ),
                ("fafang_yuefen", "general.date", "pinyin", lambda g: g.date("2024-01-01", "2025-11-30", "%Y-%m")),
                ("fuwu_jigou", "org.name", "pinyin", lambda g: g.choice(_CARE_ORG)),
            ],
        },
        "j_outpatient_reg": {
            "minors": False,
            "columns": [
                ("reg_id", "general.record_id", "en", lambda g: f"GH{g.r.randint(10**11, 10**12 - 1)}"),
                ("patient_id", "person.internal_id", "en", lambda g: f"P{g.r.randint(10**7, 10**8 - 1)}"),
                ("pat_name", "person.name", "en", lambda g: g.name()),
                ("pat_sex", "person.sex", "en", lambda g: g.choice(["M", "F"])),
                ("pat_age", "person.age", "en", lambda g: g.whole(1, 95)),
                ("id_card_no", "person.citizen_id", "en", lambda g: g.citizen_id()),
                ("mobile", "person.phone", "en", lambda g: g.mobile()),
                ("insur_card_no", "person.id_document", "en", lambda g: g.ss_card()),
                ("doctor_name", "person.name", "en", lambda g: g.name()),
                ("visit_time", "general.date", "en", lambda g: g.datetime("2025-01-01", "2025-11-30")),
                ("chief_complaint", "person.health", "en", v.chief_complaint),
            ],
        },
        "j_ride_hailing": {
            "minors": False,
            "columns": [
                ("orderId", "general.record_id", "en", lambda g: f"{g.r.randint(10**17, 10**18 - 1)}"),
                ("passengerPhone", "person.phone", "en", lambda g: g.mobile()),
                ("driverName", "person.name", "en", lambda g: g.name()),
                ("plateNo", "person.vehicle", "en", lambda g: g.plate()),
                ("depLongitude", "person.location", "en", lambda g: g.lon()),
                ("depLatitude", "person.location", "en", lambda g: g.lat()),
                ("destName", "person.location", "en", v.destination),
                ("orderTime", "general.date", "en", lambda g: g.datetime()),
                ("fare", "person.property", "en", lambda g: g.money(9, 260)),
                ("platformName", "org.name", "en", lambda g: g.org()),
                ("payChannel", "general.code", "en", lambda g: g.choice(_PAY)),
            ],
        },
        "j_electricity_bill": {
            "minors": False,
            "columns": [
                ("户号", "person.internal_id", "zh", lambda g: f"33{g.r.randint(10**7, 10**8 - 1)}"),
                ("户名", "person.name", "zh", lambda g: g.name()),
                ("用电地址", "person.address", "zh", lambda g: g.fine_address()),
                ("抄表日期", "general.date", "zh", lambda g: g.date("2025-01-01", "2025-11-30")),
                ("电费金额", "person.property", "zh", lambda g: g.money(30, 900)),
                ("缴费状态", "general.code", "zh", lambda g: g.choice(_BILL_STATE)),
                ("供电单位", "org.name", "zh", lambda g: g.choice(_POWER)),
                ("代扣银行卡号", "person.bank_account", "zh", lambda g: g.bank_card()),
                ("联系手机", "person.phone", "zh", lambda g: g.mobile()),
            ],
        },
        "j_food_inspection": {
            "minors": False,
            "columns": [
                ("JYZMC", "org.name", "pinyin", v.food_business),
                ("TYSHXYDM", "org.uscc", "pinyin", lambda g: g.uscc()),
                ("SPJYXKZH", "public.license", "pinyin", v.food_licence),
                ("JYCS", "org.address", "pinyin", lambda g: g.address()),
                ("FZR", "org.legal_representative", "pinyin", lambda g: g.name()),
                ("JCRQ", "general.date", "pinyin", lambda g: g.date("2025-01-01", "2025-11-30")),
                ("JCJG", "general.code", "pinyin", lambda g: g.choice(_CHECK)),
                ("JCRY", "person.name", "pinyin", lambda g: g.name()),
                ("JCDW", "org.name", "pinyin", lambda g: g.choice(_SAMR)),
                ("JD", "public.geo", "pinyin", lambda g: g.lon()),
                ("WD", "public.geo", "pinyin", lambda g: g.lat()),
            ],
        },
        "j_transit_swipe": {
            "minors": False,
            "columns": [
                ("txn_seq", "general.record_id", "en", lambda g: f"{g.r.randint(10**13, 10**14 - 1)}"),
                ("card_no", "person.internal_id", "en", v.transit_card),
                ("line_no", "general.code", "en", lambda g: g.choice(_LINES)),
                ("board_stop", "person.location", "en", lambda g: g.choice(_STOPS)),
                ("swipe_time", "general.date", "en", lambda g: g.datetime("2025-10-01", "2025-11-30")),
                ("fare", "person.property", "en", lambda g: g.choice(["2.00", "1.80", "3.00", "4.00", "5.00", "1.00"])),
                ("balance", "person.property", "en", lambda g: g.money(0, 300)),
                ("operator", "org.name", "en", lambda g: g.choice(_BUS_CO)),
            ],
        },
        "j_air_station": {
            "minors": False,
            "columns": [
                ("站点编码", "general.record_id", "zh", v.station_code),
                ("所属区县", "public.division", "zh", lambda g: g.county_name()),
                ("经度", "public.geo", "zh", lambda g: g.lon()),
                ("纬度", "public.geo", "zh", lambda g: g.lat()),
                ("PM2.5浓度", "general.amount", "zh", lambda g: g.whole(5, 160)),
                ("空气质量指数", "general.amount", "zh", lambda g: g.whole(18, 210)),
                ("首要污染物", "general.code", "zh", lambda g: g.choice(_POLLUTANT)),
                ("监测时间", "general.date", "zh", lambda g: g.datetime("2025-11-01", "2025-11-30")),
                ("运维单位", "org.name", "zh", lambda g: g.choice(_OPS)),
            ],
        },
        "j_dog_licence": {
            "minors": False,
            "columns": [
                ("QZXM", "person.name", "pinyin", lambda g: g.name()),
                ("QZSFZH", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                ("LXDH", "person.phone", "pinyin", lambda g: g.mobile()),
                ("SYDZ", "person.address", "pinyin", lambda g: g.fine_address()),
                ("DJZH", "public.license", "pinyin", v.dog_licence),
                ("DJRQ", "general.date", "pinyin", lambda g: g.date("2019-01-01", "2025-11-30")),
            ],
        },
        "j_unnamed_export": {
            "minors": False,
            "columns": [
                ("col_1", "person.citizen_id", "meaningless", lambda g: g.citizen_id()),
                ("col_2", "person.name", "meaningless", lambda g: g.name()),
                ("F3", "person.phone", "meaningless", lambda g: g.mobile()),
                ("F4", "general.date", "meaningless", lambda g: g.date("2024-01-01", "2025-11-30")),
                ("field_a", "person.bank_account", "meaningless", lambda g: g.bank_card()),
                ("field_b", "person.location", "meaningless", lambda g: g.coord()),
                ("field_c", "person.email", "meaningless", lambda g: g.email()),
                ("field_d", "org.uscc", "meaningless", lambda g: g.uscc()),
                ("F9", "person.vehicle", "meaningless", lambda g: g.plate()),
                ("F10", "person.device", "meaningless", lambda g: g.imei()),
            ],
        },
        "j_wrong_headers": {
            "minors": False,
            "columns": [
                ("姓名", "person.name", "zh", lambda g: g.name()),
                ("备注", "person.citizen_id", "misleading", lambda g: g.citizen_id()),
                ("金额", "person.phone", "misleading", lambda g: g.mobile()),
                ("address", "person.email", "misleading", lambda g: g.email()),
                ("status", "person.address", "misleading", lambda g: g.fine_address()),
                ("phone", "general.date", "misleading", lambda g: g.date("2024-01-01", "2025-11-30")),
                ("id", "person.network", "misleading", lambda g: g.ipv4()),
                ("lat", "person.vehicle", "misleading", lambda g: g.plate()),
                ("name", "org.name", "misleading", lambda g: g.org()),
                ("birthday", "general.code", "misleading", lambda g: g.choice(["正常", "正常", "注销", "冻结"])),
                ("email", "person.bank_account", "misleading", lambda g: g.bank_card()),
            ],
        },
    }
