"""Held-out round I (issue 14): 13 tables written by someone who was not tuning the detectors and
who read only the catalogue's category list (not the synonym files, not the detector or
classifier code, not docs/classification.md), committed before the classifier was run on them.

Names follow the schemas a Zhejiang data officer meets in systems not covered by rounds A–H: the
motor-vehicle safety inspection record of the traffic-management system (JYLSH, HPHM, CLSBDH,
SYR, SFZMHM), a customs declaration from the single-window export in camelCase (entryId,
iEDate, tradeCoScc, codeTs, declTotal), a 基层治理 grid-management patrol event (网格编码,
网格员, 事件描述), e-commerce refund orders in a shop platform's snake_case (refund_id,
buyer_nick, receiver_mobile, refund_fee), court enforcement cases (AH, SQZXR, BZXR, ZXBDJE,
JAFS), a blood station's donor record in English abbreviations, newborn disease screening
(新生儿疾病筛查, children under 14), NB-IoT manhole-cover sensors, an unnamed export, a table
with wrong headers, an ERP expense-claim table in camelCase, community corrections (社区矫正)
and fire-safety inspections of businesses (DWMC, FDDBR, XFAQGLR, YHSL). Every value is
fictitious.

Same conventions as ``set_a``: each column is (name, category, style, generator); style is
zh / pinyin / en / meaningless / misleading; a ``minors`` table describes children under 14,
so every personal column in it is sensitive (PIPL Art. 28).
"""

from __future__ import annotations

_INSPECT_RESULT = ["合格", "合格", "合格", "合格", "不合格", "复检合格"]
_INSPECT_STATION = [
    "杭州西湖机动车检测有限公司",
    "杭州余杭区安驰机动车检测站有限公司",
    "宁波鄞州通达机动车检测有限公司",
    "温州瑞安市恒信机动车检测有限公司",
    "绍兴诸暨安检机动车检测有限公司",
]
#: HS codes (10 digits, customs tariff)
_HS = ["8471300000", "6109100021", "8517130000", "9403600000", "8703800090", "3926909090", "8504403090"]
_COUNTRY = ["USA", "DEU", "JPN", "KOR", "VNM", "GBR", "AUS", "NLD", "MYS"]
_BROKERS = [
    "杭州海关报关服务有限公司",
    "宁波中外运报关有限公司",
    "义乌国际货运代理有限公司",
    "浙江华瑞报关行有限公司",
]
_GRID_WHAT = [
    "门口垃圾堆放未清运",
    "楼道电动车充电",
    "邻里因漏水发生纠纷",
    "窨井盖破损",
    "流动摊贩占道经营",
    "屋顶违章搭建彩钢棚",
    "路灯不亮",
]
_REFUND_REASON = ["七天无理由退换货", "商品破损", "尺码不合适", "未按约定时间发货", "商品与描述不符", "拍错/多拍"]
_COURTS = [
    "杭州市西湖区人民法院",
    "杭州市余杭区人民法院",
    "宁波市鄞州区人民法院",
    "温州市鹿城区人民法院",
    "义乌市人民法院",
]
_CLOSE_WAY = ["执行完毕", "终结本次执行程序", "终结执行", "和解长期履行", "不予执行", "销案"]
_ABO = ["A+", "A+", "B+", "B+", "O+", "O+", "O+", "AB+", "O-", "A-"]
_DONOR_SCREEN = ["合格", "合格", "合格", "合格", "ALT偏高", "HBsAg阳性", "血红蛋白偏低"]
_BLOOD_CENTRE = ["浙江省血液中心", "宁波市中心血站", "温州市中心血站", "嘉兴市中心血站", "金华市中心血站"]
_SEX = ["男", "女"]
_SCREEN_RESULT = ["未见异常", "未见异常", "未见异常", "未见异常", "CH可疑阳性", "PKU可疑阳性", "G6PD缺乏可疑"]
_SITES = ["文三路与学院路交叉口", "古墩路328号东侧", "天目山路与紫金港路口", "之江路梵村公交站", "良渚路地铁C口"]
_ALARM = ["正常", "正常", "正常", "水位超限", "井盖位移", "低电量"]
_CITY_DEPT = ["杭州市西湖区城市管理局", "杭州市排水有限公司", "宁波市鄞州区综合行政执法局"]
_DEPTS = ["财务部", "市场部", "研发中心", "人力资源部", "采购部", "华东销售大区"]
_CLAIM_TYPE = ["差旅费", "交通费", "业务招待费", "办公用品", "培训费", "通讯费"]
_MARITAL = ["未婚", "已婚", "已婚", "已婚", "离婚", "丧偶"]
_CRIME = ["危险驾驶罪", "盗窃罪", "诈骗罪", "交通肇事罪", "帮助信息网络犯罪活动罪", "故意伤害罪", "开设赌场罪"]
_CORRECTION = ["缓刑", "缓刑", "缓刑", "假释", "管制", "暂予监外执行"]
_JUSTICE = [
    "西湖区司法局转塘司法所",
    "余杭区司法局良渚司法所",
    "萧山区司法局瓜沥司法所",
    "鄞州区司法局姜山司法所",
    "瑞安市司法局塘下司法所",
]
_FIRE_FINDING = [
    "未发现火灾隐患",
    "疏散通道堵塞",
    "灭火器压力不足；应急照明损坏",
    "消防控制室值班人员未持证",
    "电动自行车在室内充电",
    "安全出口上锁",
]


def _case_no(g) -> str:
    """执行案号: (year)浙 + court code + 执 + serial + 号."""
    return f"({g.choice(['2023', '2024', '2025'])})浙{g.choice(['0106', '0110', '0212', '0302', '0782'])}执{g.r.randint(1, 9999)}号"


def _grid_code(g) -> str:
    """网格编码: county (6), township (3), community (3), grid (3)."""
    return g.choice(g.counties) + f"{g.r.randint(1, 20):03d}{g.r.randint(1, 30):03d}{g.r.randint(1, 25):03d}"


def _entry_id(g) -> str:
    """报关单号: declaring port (4), year (4), import/export flag (1), serial (9)."""
    return f"{g.choice(['2901', '3104', '3105', '2920'])}2025{g.choice('01')}{g.r.randint(0, 999_999_999):09d}"


def _newborn_name(g) -> str:
    """Before a name is registered, screening systems write the mother's name and 之子 / 之女."""
    return g.name() + g.choice(["之子", "之女"]) if g.r.random() < 0.5 else g.name()


def tables() -> dict[str, dict]:
    return {
        "i_vehicle_inspection": {
            "minors": False,
            "columns": [
                ("JYLSH", "general.record_id", "pinyin", lambda g: f"33{g.r.randint(10**14, 10**15 - 1)}"),
                ("HPHM", "person.vehicle", "pinyin", lambda g: g.plate()),
                ("CLSBDH", "person.vehicle", "pinyin", lambda g: g.vin()),
                ("SYR", "person.name", "pinyin", lambda g: g.name()),
                ("SFZMHM", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                ("SJHM", "person.phone", "pinyin", lambda g: g.mobile()),
                ("JYRQ", "general.date", "pinyin", lambda g: g.date("2024-01-01", "2025-11-30")),
                ("JYJL", "general.code", "pinyin", lambda g: g.choice(_INSPECT_RESULT)),
                ("JCZMC", "org.name", "pinyin", lambda g: g.choice(_INSPECT_STATION)),
            ],
        },
        "i_customs_declaration": {
            "minors": False,
            "columns": [
                ("entryId", "general.record_id", "en", _entry_id),
                ("iEDate", "general.date", "en", lambda g: g.date("2025-01-01", "2025-11-30", "%Y%m%d")),
                ("tradeCoScc", "org.uscc", "en", lambda g: g.uscc()),
                ("tradeName", "org.name", "en", lambda g: g.org()),
                ("agentName", "org.name", "en", lambda g: g.choice(_BROKERS)),
                ("codeTs", "general.code", "en", lambda g: g.choice(_HS)),
                ("tradeCountry", "general.code", "en", lambda g: g.choice(_COUNTRY)),
                ("declTotal", "commercial.business", "en", lambda g: g.money(1_000, 2_500_000)),
                ("declPerson", "person.name", "en", lambda g: g.name()),
            ],
        },
        "i_grid_patrol": {
            "minors": False,
            "columns": [
                (
                    "事件编号",
                    "general.record_id",
                    "zh",
                    lambda g: f"SJ{g.date('2025-01-01', '2025-11-30', '%Y%m%d')}{g.r.randint(1, 9999):04d}",
                ),
                ("WGBM", "general.code", "pinyin", _grid_code),
                ("所属街道", "public.division", "zh", lambda g: g.township()),
                ("网格员", "person.name", "zh", lambda g: g.name()),
                ("巡查定位", "person.location", "zh", lambda g: g.coord()),
                ("上报时间", "general.date", "zh", lambda g: g.datetime("2025-01-01", "2025-11-30")),
                ("事件描述", "general.text", "zh", lambda g: g.choice(_GRID_WHAT)),
                ("当事人", "person.name", "zh", lambda g: g.maybe(g.name(), 0.7)),
                ("备注", "person.phone", "misleading", lambda g: g.maybe(g.mobile(), 0.7)),
            ],
        },
        "i_ecommerce_refunds": {
            "minors": False,
            "columns": [
                ("refund_id", "general.record_id", "en", lambda g: f"{g.r.randint(10**17, 10**18 - 1)}"),
                ("buyer_nick", "person.network", "en", lambda g: g.login()),
                ("receiver_name", "person.name", "en", lambda g: g.name()),
                ("receiver_mobile", "person.phone", "en", lambda g: g.mobile()),
                ("receiver_address", "person.address", "en", lambda g: g.fine_address(with_province=True)),
                ("refund_fee", "person.property", "en", lambda g: g.money(9.9, 2_999)),
                ("reason", "general.code", "en", lambda g: g.choice(_REFUND_REASON)),
                ("buyer_alipay_uid", "person.bank_account", "en", lambda g: f"2088{g.r.randint(10**11, 10**12 - 1)}"),
                ("created", "general.date", "en", lambda g: g.datetime("2025-01-01", "2025-11-30")),
            ],
        },
        "i_court_enforcement": {
            "minors": False,
            "columns": [
                ("AH", "general.record_id", "pinyin", _case_no),
                ("LARQ", "general.date", "pinyin", lambda g: g.date("2023-01-01", "2025-11-30")),
                ("SQZXR", "person.name", "pinyin", lambda g: g.name()),
                ("BZXR", "person.name", "pinyin", lambda g: g.name()),
                ("BZXRZJHM", "person.citizen_id", "pinyin", lambda g: g.citizen_id("1955-01-01", "2000-12-31")),
                ("ZXBDJE", "person.credit", "pinyin", lambda g: g.money(3_000, 1_800_000)),
                ("ZXFY", "org.name", "pinyin", lambda g: g.choice(_COURTS)),
                ("CBR", "person.name", "pinyin", lambda g: g.name()),
                ("JAFS", "general.code", "pinyin", lambda g: g.choice(_CLOSE_WAY)),
            ],
        },
        "i_blood_donation": {
            "minors": False,
            "columns": [
                ("donor_no", "person.internal_id", "en", lambda g: f"XY33{g.r.randint(10**8, 10**9 - 1)}"),
                ("donor_nm", "person.name", "en", lambda g: g.name()),
                ("cert_no", "person.citizen_id", "en", lambda g: g.citizen_id("1966-01-01", "2007-06-30")),
                ("mob_no", "person.phone", "en", lambda g: g.mobile()),
                ("abo_rh", "person.health", "en", lambda g: g.choice(_ABO)),
                ("hb_val", "person.health", "en", lambda g: g.whole(110, 172)),
                ("screen_rslt", "person.health", "en", lambda g: g.choice(_DONOR_SCREEN)),
                ("dnt_dt", "general.date", "en", lambda g: g.date("2024-01-01", "2025-11-30")),
                ("bld_ctr", "org.name", "en", lambda g: g.choice(_BLOOD_CENTRE)),
            ],
        },
        "i_newborn_screening": {
            "minors": True,
            "columns": [
                (
                    "出生医学证明编号",
                    "person.id_document",
                    "zh",
                    lambda g: f"{g.choice('RST')}33{g.r.randint(10**7, 10**8 - 1)}",
                ),
                ("新生儿姓名", "person.name", "zh", _newborn_name),
                ("性别", "person.sex", "zh", lambda g: g.choice(_SEX)),
                ("出生日期", "person.birth_date", "zh", lambda g: g.date("2025-01-01", "2025-11-20")),
                ("出生体重", "person.health", "zh", lambda g: g.whole(2100, 4400)),
                ("筛查结果", "person.health", "zh", lambda g: g.choice(_SCREEN_RESULT)),
                ("母亲姓名", "person.name", "zh", lambda g: g.name()),
                ("母亲身份证号", "person.citizen_id", "zh", lambda g: g.citizen_id("1985-01-01", "2003-12-31")),
                ("联系电话", "person.phone", "zh", lambda g: g.mobile()),
                ("家庭住址", "person.address", "zh", lambda g: g.fine_address()),
            ],
        },
        "i_manhole_sensors": {
            "minors": False,
            "columns": [
                (
                    "deviceId",
                    "general.record_id",
                    "en",
                    lambda g: f"JG-{g.choice(g.counties)}-{g.r.randint(1, 99999):05d}",
                ),
                # the NB-IoT module's IMEI identifies a city asset, not a person's device
                ("nbImei", "general.record_id", "en", lambda g: g.imei()),
                ("siteName", "public.geo", "en", lambda g: g.choice(_SITES)),
                ("lng", "public.geo", "en", lambda g: g.lon()),
                ("lat", "public.geo", "en", lambda g: g.lat()),
                ("waterLevelCm", "general.amount", "en", lambda g: g.whole(0, 180)),
                ("alarmType", "general.code", "en", lambda g: g.choice(_ALARM)),
                ("reportTime", "general.date", "en", lambda g: g.datetime("2025-06-01", "2025-11-30")),
                ("ownerDept", "org.name", "en", lambda g: g.choice(_CITY_DEPT)),
            ],
        },
        "i_export_noheader": {
            "minors": False,
            "columns": [
                ("c01", "person.name", "meaningless", lambda g: g.name()),
                ("c02", "person.citizen_id", "meaningless", lambda g: g.citizen_id()),
                ("c03", "person.phone", "meaningless", lambda g: g.mobile()),
                ("c04", "person.bank_account", "meaningless", lambda g: g.bank_card()),
                ("c05", "person.address", "meaningless", lambda g: g.fine_address()),
                ("c06", "person.device", "meaningless", lambda g: g.imsi()),
                ("c07", "person.location", "meaningless", lambda g: g.geohash()),
                ("c08", "person.id_document", "meaningless", lambda g: g.passport()),
                ("c09", "person.health", "meaningless", lambda g: g.icd10()),
            ],
        },
        "i_shifted_headers": {
            "minors": False,
            "columns": [
                ("mobile", "person.citizen_id", "misleading", lambda g: g.citizen_id()),
                ("remark", "person.name", "misleading", lambda g: g.name()),
                ("qty", "person.bank_account", "misleading", lambda g: g.bank_card()),
                ("dept", "person.email", "misleading", lambda g: g.email()),
                ("version", "person.device", "misleading", lambda g: g.imei()),
                ("flag", "person.location", "misleading", lambda g: g.coord()),
                ("postcode", "person.vehicle", "misleading", lambda g: g.plate()),
                ("create_time", "person.phone", "misleading", lambda g: g.mobile()),
            ],
        },
        "i_expense_claims": {
            "minors": False,
            "columns": [
                (
                    "claimNo",
                    "general.record_id",
                    "en",
                    lambda g: f"BX{g.date('2025-01-01', '2025-11-30', '%Y%m')}{g.r.randint(1, 99999):05d}",
                ),
                ("empNo", "person.internal_id", "en", lambda g: f"E{g.r.randint(100000, 999999)}"),
                ("empName", "person.name", "en", lambda g: g.name()),
                ("deptName", "person.occupation", "en", lambda g: g.choice(_DEPTS)),
                ("claimType", "general.code", "en", lambda g: g.choice(_CLAIM_TYPE)),
                ("invoiceNo", "general.record_id", "en", lambda g: f"25332000000{g.r.randint(10**8, 10**9 - 1)}"),
                ("reimbAmt", "person.property", "en", lambda g: g.money(20, 18_000)),
                ("payeeAcct", "person.bank_account", "en", lambda g: g.bank_card()),
                ("approver", "person.name", "en", lambda g: g.name()),
            ],
        },
        "i_community_correction": {
            "minors": False,
            "columns": [
                ("矫正对象编号", "person.internal_id", "zh", lambda g: f"JZ33{g.r.randint(10**9, 10**10 - 1)}"),
                ("姓名", "person.name", "zh", lambda g: g.name()),
                ("身份证号", "person.citizen_id", "zh", lambda g: g.citizen_id("1960-01-01", "2004-12-31")),
                ("婚姻状况", "person.marital_status", "zh", lambda g: g.choice(_MARITAL)),
                ("罪名", "person.criminal_record", "zh", lambda g: g.choice(_CRIME)),
                ("矫正类别", "person.criminal_record", "zh", lambda g: g.choice(_CORRECTION)),
                ("定位手机", "person.phone", "zh", lambda g: g.mobile()),
                ("最近定位", "person.location", "zh", lambda g: g.coord()),
                ("DWSJ", "general.date", "pinyin", lambda g: g.datetime("2025-11-01", "2025-11-30")),
                ("司法所", "org.name", "zh", lambda g: g.choice(_JUSTICE)),
            ],
        },
        "i_fire_inspection": {
            "minors": False,
            "columns": [
                ("JCBH", "general.record_id", "pinyin", lambda g: f"XJ{g.r.randint(10**11, 10**12 - 1)}"),
                ("DWMC", "org.name", "pinyin", lambda g: g.org()),
                ("TYSHXYDM", "org.uscc", "pinyin", lambda g: g.uscc()),
                ("FDDBR", "org.legal_representative", "pinyin", lambda g: g.name()),
                ("XFAQGLR", "person.name", "pinyin", lambda g: g.name()),
                ("GLRSJ", "person.phone", "pinyin", lambda g: g.mobile()),
                ("DWDH", "org.contact", "pinyin", lambda g: g.landline()),
                ("DWDZ", "org.address", "pinyin", lambda g: g.address()),
                ("JCRQ", "general.date", "pinyin", lambda g: g.date("2025-01-01", "2025-11-30")),
                ("JCJL", "general.text", "pinyin", lambda g: g.choice(_FIRE_FINDING)),
            ],
        },
    }
