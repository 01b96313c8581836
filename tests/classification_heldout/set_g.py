"""Held-out round G (issue 14): 13 tables written by someone who was not tuning the detectors
(they were tuned on rounds A–F) and who read only the catalogue's category list (not the
synonym file, not the detector code), committed before the classifier was run on them.

Names come from public schema vocabularies a Zhejiang data officer meets: public-security
population elements (RKBH, GMSFHM, YHZGX, HYZK …), the hospital medical-record front sheet
(病案首页) in an HIS's English abbreviations, housing-provident-fund deposit records, the
national enterprise credit publicity system's field names (entname, uniscid, lerep, enttype,
regcap, dom, opscope …), rural land-contract registration (承包方编码, 发包方, 地块编码), the
children-in-difficulty register of civil affairs, highway ETC gantry records (OBUID, MJBH),
the JY/T 1001-style teacher record (GH, XBM, MZM, ZGXLM), surface-water monitoring, the court
list of dishonest judgment debtors (iname, cardnum, casecode, courtname, duty,
disrupttypename) and a water utility's customer accounts. Every value is fictitious.

Same conventions as ``set_a``: each column is (name, category, style, generator); style is
zh / pinyin / en / meaningless / misleading; a ``minors`` table describes children under 14,
so every personal column in it is sensitive (PIPL Art. 28).
"""

from __future__ import annotations

_ETHNIC = ["汉族"] * 12 + ["畲族", "回族", "苗族", "土家族", "壮族", "满族"]
#: GB 3304 two-digit codes, mostly 01 (Han); 22 is She, the ethnic group of southern Zhejiang
_ETHNIC_CODE = ["01"] * 12 + ["22", "03", "06", "15", "08"]
#: GB/T 2261.2 marital-status codes: 10 unmarried, 20 married, 30 widowed, 40 divorced
_MARITAL_CODE = ["10", "20", "20", "20", "20", "30", "40"]
_RELATION = ["户主", "配偶", "子", "女", "父亲", "母亲", "孙子", "孙女", "儿媳", "女婿"]
_EDUCATION = ["研究生", "大学本科", "大学专科", "中等专科", "普通高中", "初中", "小学", "文盲或半文盲"]
#: GB/T 4658 codes of the highest education: 14 master's, 21 bachelor's, 31 college, 41 secondary vocational
_EDUCATION_CODE = ["14", "21", "21", "21", "31", "31", "41"]
_SURGERY = [
    "腹腔镜下胆囊切除术",
    "腹腔镜下阑尾切除术",
    "经皮冠状动脉支架植入术",
    "子宫下段剖宫产术",
    "白内障超声乳化抽吸术+人工晶体植入术",
    "股骨头置换术",
    "腰椎间盘切除术",
    "胃镜下息肉切除术",
]
_ENTTYPE = [
    "有限责任公司（自然人投资或控股）",
    "有限责任公司（自然人独资）",
    "股份有限公司（非上市、自然人投资或控股）",
    "个人独资企业",
    "有限合伙企业",
]
_REGSTATE = ["存续", "存续", "存续", "在业", "注销", "吊销，未注销"]
_OPSCOPE = [
    "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。",
    "许可项目：食品经营（销售预包装食品）；一般项目：日用百货销售；五金产品零售。",
    "一般项目：货物进出口；技术进出口；服装服饰批发；针纺织品销售。",
    "许可项目：建设工程施工；一般项目：园林绿化工程施工；市政设施管理。",
    "一般项目：餐饮管理；食用农产品零售；会议及展览服务。",
]
_FIELD_NAMES = ["门前畈", "后山坞", "塘下丘", "长田", "下洋畈", "茶园岗", "大路边", "竹园里"]
_CHILD_TYPE = ["孤儿", "事实无人抚养儿童", "重病儿童", "重残儿童", "低保家庭儿童", "特困家庭儿童"]
_CHILD_HEALTH = ["健康", "健康", "一般或较弱", "有慢性病", "残疾"]
_GUARDIAN = ["祖父", "祖母", "外祖父", "外祖母", "伯父", "叔父", "姑母", "姨母", "兄", "姐"]
_TITLES = ["中小学高级教师", "中小学一级教师", "中小学一级教师", "中小学二级教师", "中小学正高级教师"]
_SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "道德与法治", "体育与健康", "音乐", "美术", "信息科技"]
_SECTIONS = [
    ("钱塘江闸口断面", 120.134, 30.204),
    ("富春江桐庐断面", 119.691, 29.797),
    ("曹娥江上浦闸断面", 120.828, 29.945),
    ("瓯江温溪断面", 120.247, 28.297),
    ("苕溪城北水厂断面", 119.885, 30.891),
    ("新安江街口断面", 118.720, 29.712),
]
_COURTS = [
    "杭州市西湖区人民法院",
    "杭州市余杭区人民法院",
    "宁波市鄞州区人民法院",
    "温州市鹿城区人民法院",
    "绍兴市越城区人民法院",
    "嘉兴市南湖区人民法院",
]
_DUTY = [
    "被告于本判决生效之日起十日内支付原告货款及逾期付款利息。",
    "被申请人于调解书生效之日起三十日内返还借款本金并支付利息。",
    "被告于本判决生效后十五日内支付原告工程款及违约金。",
    "被执行人应支付申请执行人租金、物业服务费及迟延履行期间的债务利息。",
]
_DISRUPT = [
    "有履行能力而拒不履行生效法律文书确定义务",
    "违反财产报告制度",
    "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
    "违反限制消费令",
]


def _county4(g) -> str:
    return g.choice(g.counties)[2:6]


def _contract_party(g) -> str:
    """承包方编码: the 14-digit code of the contracting collective and a 4-digit household number."""
    return (
        g.choice(g.counties)
        + f"{g.r.randint(1, 20):03d}{g.r.randint(1, 30):03d}{g.r.randint(1, 12):02d}"
        + (f"{g.r.randint(1, 300):04d}")
    )


def _collective(g) -> str:
    _city, _county, town, village = g.town()
    return town + village + ("股份经济合作社" if village.endswith("村") else "居民委员会")


def _section(g, i: int):
    return g.choice(_SECTIONS)[i]


def tables() -> dict[str, dict]:
    return {
        "g_population_register": {
            "minors": False,
            "columns": [
                ("RKBH", "person.internal_id", "pinyin", lambda g: f"R{g.r.randint(10**11, 10**12 - 1)}"),
                ("XM", "person.name", "pinyin", lambda g: g.name()),
                ("GMSFHM", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                ("MZ", "person.ethnicity", "pinyin", lambda g: g.choice(_ETHNIC)),
                ("YHZGX", "person.family_relationship", "pinyin", lambda g: g.choice(_RELATION)),
                ("HYZK", "person.marital_status", "pinyin", lambda g: g.choice(_MARITAL_CODE)),
                ("WHCD", "person.education", "pinyin", lambda g: g.choice(_EDUCATION)),
                ("HJDZXZ", "person.address", "pinyin", lambda g: g.fine_address(with_province=True)),
                ("QRRQ", "general.date", "pinyin", lambda g: g.date("1985-01-01", "2025-10-31", "%Y%m%d")),
                # a legacy system's remarks field that clerks filled with the resident's mobile
                ("BZ", "person.phone", "misleading", lambda g: g.mobile()),
            ],
        },
        "g_inpatient_front_sheet": {
            "minors": False,
            "columns": [
                ("mr_no", "person.internal_id", "en", lambda g: f"ZY{g.r.randint(10**7, 10**8 - 1)}"),
                ("pat_nm", "person.name", "en", lambda g: g.name()),
                ("birth_dt", "person.birth_date", "en", lambda g: g.date("1938-01-01", "2004-12-31", "%Y%m%d")),
                ("gender_cd", "person.sex", "en", lambda g: g.choice(["1", "2"])),
                ("marital_cd", "person.marital_status", "en", lambda g: g.choice(_MARITAL_CODE)),
                ("adm_dt", "general.date", "en", lambda g: g.datetime()),
                ("dis_diag_cd", "person.health", "en", lambda g: g.icd10()),
                ("surg_nm", "person.health", "en", lambda g: g.choice(_SURGERY)),
                ("attend_dr_nm", "person.name", "en", lambda g: g.name()),
                ("tot_fee", "person.property", "en", lambda g: g.money(1800, 160000)),
                # an extension field of the vendor's schema holding the patient's contact mobile
                ("EXT1", "person.phone", "meaningless", lambda g: g.mobile()),
            ],
        },
        "g_provident_fund_deposit": {
            "minors": False,
            "columns": [
                ("个人账号", "person.bank_account", "zh", lambda g: f"{g.r.randint(10**11, 10**12 - 1)}"),
                ("职工姓名", "person.name", "zh", lambda g: g.name()),
                ("证件号码", "person.citizen_id", "zh", lambda g: g.citizen_id("1962-01-01", "2004-12-31")),
                ("缴存单位", "org.name", "zh", lambda g: g.org()),
                ("单位统一社会信用代码", "org.uscc", "zh", lambda g: g.uscc()),
                ("缴存基数", "person.property", "zh", lambda g: g.whole(2490, 38390)),
                ("月缴存额", "person.property", "zh", lambda g: g.whole(300, 9214)),
                ("账户余额", "person.property", "zh", lambda g: g.money(0, 420000)),
                ("开户日期", "general.date", "zh", lambda g: g.date("2000-01-01", "2025-10-31")),
            ],
        },
        "g_enterprise_publicity": {
            "minors": False,
            "columns": [
                ("entname", "org.name", "en", lambda g: g.org()),
                ("uniscid", "org.uscc", "en", lambda g: g.uscc()),
                ("lerep", "org.legal_representative", "en", lambda g: g.name()),
                ("enttype", "org.registration", "en", lambda g: g.choice(_ENTTYPE)),
                ("estdate", "org.registration", "en", lambda g: g.date("1995-01-01", "2025-10-31")),
                ("regcap", "org.registration", "en", lambda g: g.choice(["10", "50", "100", "200", "500", "1000"])),
                ("regstate", "org.registration", "en", lambda g: g.choice(_REGSTATE)),
                ("dom", "org.address", "en", lambda g: g.address()),
                ("opscope", "org.registration", "en", lambda g: g.choice(_OPSCOPE)),
            ],
        },
        "g_land_contract": {
            "minors": False,
            "columns": [
                ("承包方编码", "person.internal_id", "zh", _contract_party),
                ("承包方代表姓名", "person.name", "zh", lambda g: g.name()),
                ("承包方代表证件号码", "person.citizen_id", "zh", lambda g: g.citizen_id("1940-01-01", "1990-12-31")),
                ("联系电话", "person.phone", "zh", lambda g: g.mobile()),
                ("发包方名称", "org.name", "zh", _collective),
                ("地块编码", "public.geo", "zh", lambda g: _contract_party(g)[:14] + f"{g.r.randint(1, 99999):05d}"),
                ("地块名称", "public.geo", "zh", lambda g: g.choice(_FIELD_NAMES)),
                ("实测面积", "public.geo", "zh", lambda g: g.money(0.2, 8.5)),
                (
                    "承包合同编号",
                    "general.record_id",
                    "zh",
                    lambda g: f"{g.choice(g.counties)}J{g.r.randint(10**6, 10**7)}",
                ),
            ],
        },
        "g_children_in_difficulty": {
            "minors": True,
            "columns": [
                ("儿童姓名", "person.name", "zh", lambda g: g.name()),
                ("身份证件号码", "person.citizen_id", "zh", lambda g: g.child_id()),
                ("出生日期", "person.birth_date", "zh", lambda g: g.child_birth()),
                ("儿童类别", "person.specific_identity", "zh", lambda g: g.choice(_CHILD_TYPE)),
                ("健康状况", "person.health", "zh", lambda g: g.choice(_CHILD_HEALTH)),
                ("监护人姓名", "person.name", "zh", lambda g: g.name()),
                ("监护人与儿童关系", "person.family_relationship", "zh", lambda g: g.choice(_GUARDIAN)),
                ("监护人联系电话", "person.phone", "zh", lambda g: g.mobile()),
                ("基本生活费", "person.property", "zh", lambda g: g.choice(["1580", "1650", "1820", "2030"])),
                ("建档日期", "general.date", "zh", lambda g: g.date("2019-01-01", "2025-10-31")),
            ],
        },
        "g_etc_gantry_passage": {
            "minors": False,
            "columns": [
                ("JYLSH", "general.record_id", "pinyin", lambda g: f"{g.r.randint(10**17, 10**18 - 1)}"),
                (
                    "OBUID",
                    "person.device",
                    "pinyin",
                    lambda g: "".join(g.choice("0123456789ABCDEF") for _ in range(16)),
                ),
                ("CPHM", "person.vehicle", "pinyin", lambda g: g.plate()),
                ("CX", "general.code", "pinyin", lambda g: g.choice(["1", "1", "1", "2", "11", "12", "13"])),
                # the gantry the vehicle passed: a point of its track
                (
                    "MJBH",
                    "person.location",
                    "pinyin",
                    lambda g: (
                        f"G{g.choice(['0025', '0060', '0092', '1512'])}33{g.r.randint(1, 9999):04d}0{g.choice('12')}0"
                    ),
                ),
                ("JYSJ", "general.date", "pinyin", lambda g: g.datetime()),
                ("JYJE", "person.property", "pinyin", lambda g: g.money(2, 180)),
            ],
        },
        "g_teacher_record": {
            "minors": False,
            "columns": [
                (
                    "GH",
                    "person.internal_id",
                    "pinyin",
                    lambda g: f"T{g.r.randint(2000, 2025)}{g.r.randint(1, 999):03d}",
                ),
                ("XM", "person.name", "pinyin", lambda g: g.name()),
                ("XBM", "person.sex", "pinyin", lambda g: g.choice(["1", "2", "2"])),
                ("MZM", "person.ethnicity", "pinyin", lambda g: g.choice(_ETHNIC_CODE)),
                ("SFZJH", "person.citizen_id", "pinyin", lambda g: g.citizen_id("1962-01-01", "2002-12-31")),
                ("ZGXLM", "person.education", "pinyin", lambda g: g.choice(_EDUCATION_CODE)),
                ("ZC", "person.occupation", "pinyin", lambda g: g.choice(_TITLES)),
                ("RJXK", "person.occupation", "pinyin", lambda g: g.choice(_SUBJECTS)),
            ],
        },
        "g_export_c": {
            "minors": False,
            "columns": [
                ("C1", "person.citizen_id", "meaningless", lambda g: g.citizen_id()),
                ("C2", "person.name", "meaningless", lambda g: g.name()),
                ("C3", "org.uscc", "meaningless", lambda g: g.uscc()),
                ("C4", "person.bank_account", "meaningless", lambda g: g.bank_card()),
                (
                    "C5",
                    "public.postcode",
                    "meaningless",
                    lambda g: g.choice(
                        ["310012", "310024", "311100", "311200", "315040", "325000", "314500", "312000"]
                    ),
                ),
                ("C6", "person.location", "meaningless", lambda g: g.geohash()),
                ("C7", "person.health", "meaningless", lambda g: g.diagnosis()),
                ("C8", "general.date", "meaningless", lambda g: g.datetime()),
                ("C9", "person.email", "meaningless", lambda g: g.email()),
            ],
        },
        "g_wrong_headers": {
            "minors": False,
            "columns": [
                ("姓名", "org.uscc", "misleading", lambda g: g.uscc()),
                ("电话", "person.bank_account", "misleading", lambda g: g.bank_card()),
                ("地址", "person.phone", "misleading", lambda g: g.mobile()),
                ("金额", "person.citizen_id", "misleading", lambda g: g.citizen_id()),
                ("备注", "person.vehicle", "misleading", lambda g: g.vin()),
                ("日期", "person.device", "misleading", lambda g: g.imei()),
                ("编码", "person.name", "misleading", lambda g: g.name()),
                ("状态", "person.address", "misleading", lambda g: g.fine_address()),
            ],
        },
        "g_surface_water": {
            "minors": False,
            "columns": [
                ("断面名称", "public.geo", "zh", lambda g: _section(g, 0)),
                ("监测时间", "general.date", "zh", lambda g: g.datetime()),
                ("水质类别", "general.code", "zh", lambda g: g.choice(["Ⅰ类", "Ⅱ类", "Ⅱ类", "Ⅲ类", "Ⅳ类"])),
                ("溶解氧", "general.amount", "zh", lambda g: g.money(5, 11, 1)),
                ("氨氮", "general.amount", "zh", lambda g: g.money(0.02, 1.2, 3)),
                ("断面经度", "public.geo", "zh", lambda g: f"{_section(g, 1) + g.r.uniform(-0.001, 0.001):.6f}"),
                ("断面纬度", "public.geo", "zh", lambda g: f"{_section(g, 2) + g.r.uniform(-0.001, 0.001):.6f}"),
                ("采样人", "person.name", "zh", lambda g: g.name()),
            ],
        },
        "g_dishonest_debtors": {
            "minors": False,
            "columns": [
                ("iname", "org.name", "en", lambda g: g.org()),
                ("cardnum", "org.uscc", "en", lambda g: g.uscc()),
                ("businessentity", "org.legal_representative", "en", lambda g: g.name()),
                (
                    "casecode",
                    "public.credit",
                    "en",
                    lambda g: f"（{g.r.randint(2019, 2025)}）浙{_county4(g)}执{g.r.randint(1, 9999)}号",
                ),
                ("courtname", "org.name", "en", lambda g: g.choice(_COURTS)),
                ("duty", "public.credit", "en", lambda g: g.choice(_DUTY)),
                ("disrupttypename", "public.credit", "en", lambda g: g.choice(_DISRUPT)),
                ("regdate", "general.date", "en", lambda g: g.date("2019-01-01", "2025-06-30")),
                ("publishdate", "general.date", "en", lambda g: g.date("2019-06-01", "2025-10-31")),
            ],
        },
        "g_water_customers": {
            "minors": False,
            "columns": [
                ("userNo", "person.internal_id", "en", lambda g: f"{g.r.randint(10**9, 10**10 - 1)}"),
                ("userName", "person.name", "en", lambda g: g.name()),
                ("mobilePhone", "person.phone", "en", lambda g: g.mobile()),
                ("meterNo", "general.record_id", "en", lambda g: f"SB{g.r.randint(10**8, 10**9 - 1)}"),
                ("supplyAddress", "person.address", "en", lambda g: g.fine_address()),
                ("monthUsage", "general.amount", "en", lambda g: g.whole(0, 60)),
                ("billAmt", "person.property", "en", lambda g: g.money(0, 260)),
                ("bankAcctNo", "person.bank_account", "en", lambda g: g.bank_card()),
            ],
        },
    }
