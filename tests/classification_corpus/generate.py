"""The labelled evaluation corpus of zjgov.classification: fictitious government tables.

Twenty-five tables modelled on real government systems (population register, enterprise register,
social insurance, hospital visits, real estate, vehicles, tax, student records, penalties,
enterprise finance, licences, location tracks, social assistance, staff records, bidding,
hotel lodging, enterprise annual reports and a legacy export with meaningless and misleading
names). Column names are Chinese, pinyin initials or English; every value is fictitious and
generated deterministically (seeded) — identifiers are valid (check characters computed with the
zjgov.codes helpers). Labels (``labels.csv``) give each column's category by the table's
meaning, written before the detector was tuned; the four ``ho_`` tables were written after
tuning and evaluated once without changing the detector (a held-out check); the three ``h2_``
tables likewise after a second round of generic fixes.

Run ``python tests/classification_corpus/generate.py OUTDIR`` to write the tables as CSV files
and refresh ``labels.csv``; the tests build the same tables in memory with :func:`tables`.
"""

from __future__ import annotations

import csv
import datetime as _dt
import random
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from zjgov import _data
from zjgov.codes import bank_card, citizen_id, elicense, org_code, uscc, vin

ROWS = 200
SEED = 20261128
HERE = Path(__file__).parent

_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰华飞玲婷志红建国文斌宇浩然子轩欣怡梓涵雨晨思远嘉琪俊豪佳慧晓东海波丹丽萍辉鹏"
_ROADS = [
    "文三路",
    "解放路",
    "延安路",
    "中山北路",
    "体育场路",
    "莫干山路",
    "天目山路",
    "文一西路",
    "江南大道",
    "滨盛路",
    "学院路",
    "凤起路",
    "庆春路",
    "之江路",
    "人民路",
    "环城东路",
]
_DISTRICTS = [
    ("330102", "上城区"),
    ("330105", "拱墅区"),
    ("330106", "西湖区"),
    ("330108", "滨江区"),
    ("330109", "萧山区"),
    ("330110", "余杭区"),
    ("330212", "鄞州区"),
    ("330302", "鹿城区"),
    ("330402", "南湖区"),
    ("330602", "越城区"),
]
_CITY = {"3301": "杭州市", "3302": "宁波市", "3303": "温州市", "3304": "嘉兴市", "3306": "绍兴市"}
_ORG_WORDS = [
    "华瑞",
    "恒通",
    "西子",
    "鼎盛",
    "博远",
    "瑞丰",
    "中泰",
    "安和",
    "天成",
    "鑫达",
    "正元",
    "汇金",
    "和泰",
    "金盾",
    "新蓝",
    "明德",
    "钱江",
    "之江",
    "东信",
    "云栖",
]
_INDUSTRY = [
    "科技",
    "贸易",
    "建设工程",
    "餐饮管理",
    "物流",
    "医疗器械",
    "信息技术",
    "电子商务",
    "食品",
    "环保科技",
    "文化传媒",
    "机械制造",
]
_ORG_FORM = ["有限公司", "有限责任公司", "股份有限公司"]
_BANKS = [
    "中国工商银行杭州西湖支行",
    "中国建设银行宁波鄞州支行",
    "杭州银行文创支行",
    "中国农业银行温州鹿城支行",
    "浙商银行杭州分行",
    "中国银行嘉兴南湖支行",
]
_HOSPITALS = [
    "浙江大学医学院附属第一医院",
    "杭州市第一人民医院",
    "宁波市第二医院",
    "温州医科大学附属第一医院",
    "西湖区北山街道社区卫生服务中心",
]
_SCHOOLS = ["杭州市学军小学", "杭州市文三街小学", "宁波市实验小学", "温州市籀园小学", "嘉兴市实验小学"]
_AUTHORITIES = [
    "杭州市西湖区市场监督管理局",
    "杭州市上城区市场监督管理局",
    "宁波市鄞州区市场监督管理局",
    "温州市鹿城区市场监督管理局",
]
_TAX_OFFICES = ["国家税务总局杭州市西湖区税务局", "国家税务总局宁波市鄞州区税务局", "国家税务总局温州市鹿城区税务局"]
_DISEASES = [
    "高血压",
    "2型糖尿病",
    "急性上呼吸道感染",
    "慢性胃炎",
    "腰椎间盘突出症",
    "支气管哮喘",
    "冠状动脉粥样硬化性心脏病",
    "过敏性鼻炎",
    "甲状腺结节",
    "骨质疏松",
]
_DEPTS = ["内科", "外科", "儿科", "妇产科", "眼科", "口腔科", "皮肤科", "心血管内科", "内分泌科", "骨科"]
_COMPLAINTS = [
    "咳嗽伴发热三天，夜间加重",
    "反复上腹部隐痛两月余，饭后明显",
    "头晕乏力一周，血压控制不佳",
    "腰痛伴左下肢放射痛半月",
    "多饮多尿体重下降一月余",
    "鼻塞流涕打喷嚏反复发作",
]
_REMARKS = [
    "材料齐全，予以受理。",
    "申请人已补正相关材料，符合办理条件。",
    "经核查，信息与系统登记一致。",
    "电话回访确认无误，已归档保存。",
    "待补充证明材料后再行审核。",
    "",
    "",
    "",
]
_OCCUPATIONS = [
    "教师",
    "工程师",
    "医生",
    "护士",
    "会计",
    "个体经营者",
    "公务员",
    "销售人员",
    "司机",
    "农民",
    "退休",
    "学生",
]
_FACTS = [
    "当事人未按规定公示年度报告，经责令改正后逾期仍未改正。",
    "当事人销售的食品标签不符合食品安全标准，货值金额较小。",
    "当事人在经营场所未明码标价，违反了价格管理相关规定。",
    "当事人未取得许可擅自从事经营活动，情节较轻且及时整改。",
]
_SCOPES = [
    "技术开发、技术服务、技术咨询；软件开发；信息系统集成服务。",
    "食品经营；日用百货销售；五金产品零售。",
    "建设工程施工；市政设施管理；园林绿化工程施工。",
    "货物进出口；技术进出口；国内贸易代理。",
]
_PROJECTS = [
    "文三路综合整治工程",
    "西湖区老旧小区改造项目",
    "城市大脑数据平台建设",
    "学校食堂设备采购项目",
    "道路照明设施维护服务",
    "医院信息系统升级项目",
]
_HARDSHIP = [
    "因病致贫，家庭主要劳动力长期住院治疗",
    "因残致困，本人肢体残疾无法正常就业",
    "单亲家庭，子女就学负担较重",
    "年老体弱，无固定收入来源",
]


class Gen:
    """Deterministic value generators (one random stream per table)."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        s = _data.table("chinese_surnames")
        top = s[s.rank_2007_top100 != ""]
        self.surnames = top.surname.tolist()
        self.weights = [101 - int(x) for x in top.rank_2007_top100]
        self.counties = [c for c in _data.table("gb2260_divisions").code if c.startswith("33") and not c.endswith("00")]

    def choice(self, seq):
        return self.r.choice(seq)

    def name(self) -> str:
        sur = self.r.choices(self.surnames, self.weights)[0]
        return sur + "".join(self.r.choice(_GIVEN) for _ in range(self.r.choice((1, 2, 2))))

    def date(self, first: str, last: str, fmt: str = "%Y-%m-%d") -> str:
        a, b = _dt.date.fromisoformat(first), _dt.date.fromisoformat(last)
        return (a + _dt.timedelta(days=self.r.randint(0, (b - a).days))).strftime(fmt)

    def citizen_id(self, first: str = "1940-01-01", last: str = "2005-12-31") -> str:
        body = self.choice(self.counties) + self.date(first, last, "%Y%m%d") + f"{self.r.randint(1, 999):03d}"
        return body + citizen_id.check_char(body)

    def mobile(self) -> str:
        prefix = self.choice(
            [
                "138",
                "139",
                "135",
                "137",
                "150",
                "152",
                "158",
                "182",
                "187",
                "130",
                "131",
                "155",
                "186",
                "133",
                "153",
                "177",
                "189",
                "199",
            ]
        )
        return prefix + f"{self.r.randint(0, 99999999):08d}"

    def landline(self) -> str:
        area = self.choice(["0571", "0574", "0577", "0573", "0575"])
        return f"{area}-{self.r.randint(2, 8)}{self.r.randint(0, 9999999):07d}"

    def address(self) -> str:
        code, district = self.choice(_DISTRICTS)
        tail = (
            f"{self.r.randint(1, 30)}幢{self.r.randint(1, 6)}{self.r.randint(1, 2):02d}室"
            if self.r.random() < 0.6
            else ""
        )
        return f"浙江省{_CITY[code[:4]]}{district}{self.choice(_ROADS)}{self.r.randint(1, 999)}号{tail}"

    def org(self) -> str:
        city = self.choice(list(_CITY.values()))[:-1]
        return city + self.choice(_ORG_WORDS) + self.choice(_INDUSTRY) + self.choice(_ORG_FORM)

    def org_code(self) -> str:
        body = "".join(self.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
        return body + org_code.check_char(body)

    def uscc(self) -> str:
        body = "91" + self.choice(self.counties)[:4] + "00" + self.org_code()
        return body + uscc.check_char(body)

    def bank_card(self) -> str:
        body = self.choice(["622202", "621700", "622848", "621226", "622588"]) + "".join(
            str(self.r.randint(0, 9)) for _ in range(12)
        )
        return body + bank_card.check_digit(body)

    def corp_account(self) -> str:
        return "".join(str(self.r.randint(0, 9)) for _ in range(self.choice((15, 17, 19))))

    def email(self) -> str:
        user = "".join(self.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(self.r.randint(4, 9))) + str(
            self.r.randint(1, 999)
        )
        return user + self.choice(["@163.com", "@qq.com", "@126.com", "@zj.gov.cn", "@outlook.com"])

    def plate(self) -> str:
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
        return "浙" + self.choice("ABCDEFGHJKL") + "".join(self.choice(letters) for _ in range(5))

    def vin(self) -> str:
        chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
        year = self.choice("ABCDEFGHJKLMNPRSTVWXY123456789")  # position 10: model year
        body = self.choice(["LSV", "LFV", "LBV", "LGB", "LVS"]) + "".join(self.choice(chars) for _ in range(5))
        body += "0" + year + "".join(self.choice(chars) for _ in range(7))
        return body[:8] + vin.check_char(body) + body[9:]

    def imei(self) -> str:
        body = "86" + "".join(str(self.r.randint(0, 9)) for _ in range(12))
        return body + bank_card.check_digit(body)

    def mac(self) -> str:
        return ":".join(f"{self.r.randint(0, 255):02X}" for _ in range(6))

    def ipv4(self) -> str:
        return ".".join(str(self.r.randint(1, 254)) for _ in range(4))

    def uuid(self) -> str:
        h = "".join(self.choice("0123456789ABCDEF") for _ in range(32))
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:]}"

    def passport(self) -> str:
        return "E" + f"{self.r.randint(10000000, 99999999)}"

    def travel_permit(self) -> str:
        return "C" + f"{self.r.randint(10000000, 99999999)}"

    def elicense(self) -> str:
        issuer = self.uscc()
        serial = f"{self.r.randint(1, 99999999):08d}"
        payload = "11100000000013338W011" + issuer + serial + "001"
        return f"1.2.156.3005.2.11100000000013338W011.{issuer}.{serial}.001.{elicense.check_char(payload)}"

    def amount(self, lo: float, hi: float) -> str:
        return f"{self.r.uniform(lo, hi):.2f}"

    def maybe(self, value: str, p: float = 0.8) -> str | None:
        return value if self.r.random() < p else None


Spec = list[tuple[str, str, Callable[[Gen], object]]]


def _specs() -> dict[str, Spec]:
    ethnic = ["汉族"] * 18 + ["回族", "满族", "畲族", "土家族", "苗族"]
    eth_codes = ["01"] * 18 + ["03", "11", "15", "22", "06"]
    sex_cn = ["男", "女"]
    edu_names = ["大学本科", "大学专科", "研究生", "普通高中", "初中", "中等专科"]
    return {
        "rk_population": [
            ("姓名", "person.name", lambda g: g.name()),
            ("曾用名", "person.name", lambda g: g.maybe(g.name(), 0.2)),
            ("公民身份号码", "person.citizen_id", lambda g: g.citizen_id()),
            ("性别", "person.sex", lambda g: g.choice(sex_cn)),
            ("民族", "person.ethnicity", lambda g: g.choice(ethnic)),
            ("出生日期", "person.birth_date", lambda g: g.date("1940-01-01", "2005-12-31")),
            ("户籍地址", "person.address", lambda g: g.address()),
            ("现住址", "person.address", lambda g: g.address()),
            ("联系电话", "person.phone", lambda g: g.mobile()),
            ("与户主关系", "person.family_relationship", lambda g: g.choice(["02", "10", "20", "30", "51", "61"])),
            ("文化程度", "person.education", lambda g: g.choice(edu_names)),
            ("婚姻状况", "person.marital_status", lambda g: g.choice(["未婚", "已婚", "已婚", "离婚", "丧偶"])),
            ("宗教信仰", "person.religion", lambda g: g.choice(["无", "无", "无", "佛教", "基督教"])),
            ("职业", "person.occupation", lambda g: g.choice(_OCCUPATIONS)),
            ("工作单位", "person.occupation", lambda g: g.maybe(g.org(), 0.7)),
            ("户号", "person.internal_id", lambda g: f"33{g.r.randint(10000000, 99999999)}"),
            ("登记日期", "general.date", lambda g: g.date("2010-01-01", "2025-12-31")),
            ("所属区县", "public.division", lambda g: g.choice(_DISTRICTS)[1]),
            ("行政区划代码", "public.division", lambda g: g.choice(_DISTRICTS)[0]),
            (
                "邮政编码",
                "public.postcode",
                lambda g: g.choice(["310012", "310006", "310052", "315000", "325000", "314000"]),
            ),
            ("人员状态", "general.code", lambda g: g.choice(["正常", "正常", "迁出", "死亡"])),
            ("备注", "general.text", lambda g: g.choice(_REMARKS) or None),
        ],
        "fr_enterprise": [
            ("TYSHXYDM", "org.uscc", lambda g: g.uscc()),
            ("QYMC", "org.name", lambda g: g.org()),
            ("FDDBR", "org.legal_representative", lambda g: g.name()),
            ("FDDBRSFZH", "person.citizen_id", lambda g: g.citizen_id()),
            ("ZCZB", "org.registration", lambda g: g.amount(10, 5000)),
            ("CLRQ", "org.registration", lambda g: g.date("1995-01-01", "2024-12-31")),
            (
                "QYLX",
                "org.registration",
                lambda g: g.choice(["有限责任公司", "股份有限公司", "个人独资企业", "合伙企业"]),
            ),
            ("JYFW", "org.registration", lambda g: g.choice(_SCOPES)),
            ("ZS", "org.address", lambda g: g.address()),
            ("DJJG", "org.name", lambda g: g.choice(_AUTHORITIES)),
            ("JYZT", "org.registration", lambda g: g.choice(["存续", "在业", "注销", "吊销"])),
            ("LXDH", "org.contact", lambda g: g.mobile()),
            ("DZYX", "org.contact", lambda g: g.email()),
            ("HYDM", "org.registration", lambda g: g.choice(["I6510", "F5191", "C3911", "E4813", "H6210"])),
            ("ZZJGDM", "org.org_code", lambda g: g.org_code()),
            ("JBCKZH", "org.bank_account", lambda g: g.corp_account()),
            ("KHYH", "org.name", lambda g: g.choice(_BANKS)),
            ("CYRS", "org.registration", lambda g: str(g.r.randint(1, 800))),
        ],
        "sb_social_insurance": [
            ("person_no", "person.internal_id", lambda g: f"{g.r.randint(10**9, 10**10 - 1)}"),
            ("name", "person.name", lambda g: g.name()),
            ("id_card_no", "person.citizen_id", lambda g: g.citizen_id()),
            ("gender", "person.sex", lambda g: g.choice(["1", "2"])),
            ("birth_date", "person.birth_date", lambda g: g.date("1955-01-01", "2004-12-31", "%Y%m%d")),
            ("employer_name", "org.name", lambda g: g.org()),
            ("employer_uscc", "org.uscc", lambda g: g.uscc()),
            ("insurance_type", "general.code", lambda g: g.choice(["110", "210", "310", "410", "510"])),
            ("contribution_base", "person.property", lambda g: g.amount(3957, 24930)),
            ("monthly_contribution", "person.property", lambda g: g.amount(300, 2000)),
            ("start_date", "general.date", lambda g: g.date("2000-01-01", "2025-06-30")),
            ("status", "general.code", lambda g: g.choice(["1", "1", "2", "3"])),
            ("bank_card_no", "person.bank_account", lambda g: g.bank_card()),
            ("mobile", "person.phone", lambda g: g.mobile()),
            ("address", "person.address", lambda g: g.address()),
            ("account_balance", "person.property", lambda g: g.amount(0, 200000)),
            (
                "disability_type",
                "person.specific_identity",
                lambda g: g.maybe(g.choice(["视力残疾", "肢体残疾", "听力残疾"]), 0.1),
            ),
            ("remark", "general.text", lambda g: g.choice(_REMARKS) or None),
        ],
        "yl_medical_visit": [
            ("就诊流水号", "general.record_id", lambda g: f"MZ{g.r.randint(10**11, 10**12 - 1)}"),
            ("病历号", "person.internal_id", lambda g: f"{g.r.randint(10**7, 10**8 - 1)}"),
            ("患者姓名", "person.name", lambda g: g.name()),
            ("身份证号", "person.citizen_id", lambda g: g.citizen_id("1935-01-01", "2023-12-31")),
            ("性别", "person.sex", lambda g: g.choice(["1", "2"])),
            ("年龄", "person.age", lambda g: str(g.r.randint(1, 90))),
            ("就诊日期", "general.date", lambda g: g.date("2024-01-01", "2025-12-31")),
            ("就诊科室", "person.health", lambda g: g.choice(_DEPTS)),
            ("诊断名称", "person.health", lambda g: g.choice(_DISEASES)),
            ("主诉", "person.health", lambda g: g.choice(_COMPLAINTS)),
            ("过敏史", "person.health", lambda g: g.choice(["无", "无", "青霉素过敏", "磺胺类过敏", "海鲜过敏"])),
            ("医疗费用", "person.property", lambda g: g.amount(20, 30000)),
            ("个人支付", "person.property", lambda g: g.amount(0, 5000)),
            ("统筹支付", "person.property", lambda g: g.amount(0, 20000)),
            ("就诊医院", "org.name", lambda g: g.choice(_HOSPITALS)),
            ("医保卡号", "person.id_document", lambda g: f"A{g.r.randint(10**8, 10**9 - 1)}"),
            ("联系电话", "person.phone", lambda g: g.mobile()),
            ("血型", "person.health", lambda g: g.choice(["A", "B", "O", "AB"])),
            (
                "手术名称",
                "person.health",
                lambda g: g.maybe(g.choice(["阑尾切除术", "白内障超声乳化术", "腹腔镜胆囊切除术"]), 0.1),
            ),
            ("C1", "person.citizen_id", lambda g: g.citizen_id()),
        ],
        "bdc_real_estate": [
            (
                "不动产单元号",
                "public.geo",
                lambda g: (
                    f"330106{g.r.randint(100, 999)}{g.r.randint(100, 999)}GB{g.r.randint(10000, 99999)}F{g.r.randint(10**7, 10**8 - 1)}"
                ),
            ),
            (
                "不动产权证号",
                "public.license",
                lambda g: f"浙({g.r.randint(2015, 2025)})杭州市不动产权第{g.r.randint(10**6, 10**7 - 1)}号",
            ),
            ("权利人", "person.name", lambda g: g.name()),
            ("权利人证件号", "person.citizen_id", lambda g: g.citizen_id()),
            ("共有情况", "general.code", lambda g: g.choice(["单独所有", "共同共有", "按份共有"])),
            ("房屋坐落", "person.property", lambda g: g.address()),
            ("建筑面积", "public.geo", lambda g: g.amount(35, 260)),
            ("土地用途", "public.geo", lambda g: g.choice(["城镇住宅用地", "商服用地", "工业用地"])),
            ("房屋用途", "public.geo", lambda g: g.choice(["住宅", "商业", "办公"])),
            ("登记时间", "general.date", lambda g: g.date("2015-01-01", "2025-12-31")),
            ("交易价格", "person.property", lambda g: g.amount(500000, 9000000)),
            ("抵押权人", "org.name", lambda g: g.maybe(g.choice(_BANKS), 0.5)),
            ("抵押金额", "person.credit", lambda g: g.maybe(g.amount(200000, 5000000), 0.5)),
            ("所属区县", "public.division", lambda g: g.choice(_DISTRICTS)[1]),
            ("联系电话", "person.phone", lambda g: g.mobile()),
            ("权利人住址", "person.address", lambda g: g.address()),
        ],
        "jdc_vehicle": [
            ("HPHM", "person.vehicle", lambda g: g.plate()),
            ("HPZL", "general.code", lambda g: g.choice(["01", "02", "02", "52"])),
            ("CLSBDH", "person.vehicle", lambda g: g.vin()),
            ("FDJH", "person.vehicle", lambda g: f"{g.r.randint(10**6, 10**7 - 1)}{g.choice('ABCDEFGH')}"),
            ("CLPP", "general.code", lambda g: g.choice(["大众", "丰田", "比亚迪", "吉利", "本田", "特斯拉"])),
            ("CLLX", "general.code", lambda g: g.choice(["K33", "K31", "K32", "H31"])),
            ("SYR", "person.name", lambda g: g.name()),
            ("SFZMHM", "person.citizen_id", lambda g: g.citizen_id()),
            ("ZSXXDZ", "person.address", lambda g: g.address()),
            ("LXDH", "person.phone", lambda g: g.mobile()),
            ("CCDJRQ", "general.date", lambda g: g.date("2008-01-01", "2025-10-31")),
            ("YXQZ", "general.date", lambda g: g.date("2025-01-01", "2031-12-31")),
            ("ZT", "general.code", lambda g: g.choice(["A", "A", "A", "G", "M"])),
            ("CSYS", "general.code", lambda g: g.choice(["A", "B", "J", "K"])),
            ("RLZL", "general.code", lambda g: g.choice(["A", "C", "O"])),
            ("FIELD_07", "person.phone", lambda g: g.mobile()),
            ("HDZK", "general.amount", lambda g: str(g.choice([5, 5, 5, 7, 2]))),
        ],
        "ss_tax": [
            ("纳税人识别号", "org.uscc", lambda g: g.uscc()),
            ("纳税人名称", "org.name", lambda g: g.org()),
            ("法定代表人", "org.legal_representative", lambda g: g.name()),
            ("主管税务机关", "org.name", lambda g: g.choice(_TAX_OFFICES)),
            ("税种", "general.code", lambda g: g.choice(["增值税", "企业所得税", "城市维护建设税", "印花税"])),
            ("所属期", "general.date", lambda g: g.date("2023-01-01", "2025-12-31", "%Y-%m")),
            ("应纳税额", "commercial.financial", lambda g: g.amount(100, 800000)),
            ("实缴税额", "commercial.financial", lambda g: g.amount(100, 800000)),
            ("滞纳金", "commercial.financial", lambda g: g.amount(0, 3000)),
            ("缴款日期", "general.date", lambda g: g.date("2023-01-15", "2025-12-31")),
            ("征收方式", "general.code", lambda g: g.choice(["查账征收", "核定征收"])),
            ("营业收入", "commercial.financial", lambda g: g.amount(1e5, 5e8)),
            ("利润总额", "commercial.financial", lambda g: g.amount(-1e6, 5e7)),
            ("财务负责人", "person.name", lambda g: g.name()),
            ("财务负责人电话", "person.phone", lambda g: g.mobile()),
            ("开户银行", "org.name", lambda g: g.choice(_BANKS)),
            ("银行账号", "org.bank_account", lambda g: g.corp_account()),
            (
                "登记注册类型",
                "org.registration",
                lambda g: g.choice(["私营有限责任公司", "国有企业", "股份有限公司", "外商投资企业"]),
            ),
        ],
        "jy_education": [
            ("studentId", "person.internal_id", lambda g: f"G{g.citizen_id('2011-09-01', '2019-08-31')}"),
            ("studentName", "person.name", lambda g: g.name()),
            ("gender", "person.sex", lambda g: g.choice(sex_cn)),
            ("birthDate", "person.birth_date", lambda g: g.date("2011-09-01", "2019-08-31")),
            ("idCardNo", "person.citizen_id", lambda g: g.citizen_id("2011-09-01", "2019-08-31")),
            ("ethnicity", "person.ethnicity", lambda g: g.choice(ethnic)),
            ("schoolName", "org.name", lambda g: g.choice(_SCHOOLS)),
            ("className", "person.education", lambda g: f"{g.choice('一二三四五六')}年级{g.r.randint(1, 8)}班"),
            (
                "enrollmentDate",
                "general.date",
                lambda g: g.choice(
                    ["2018-09-01", "2019-09-01", "2020-09-01", "2021-09-01", "2022-09-01", "2023-09-01"]
                ),
            ),
            ("guardianName", "person.name", lambda g: g.name()),
            ("guardianPhone", "person.phone", lambda g: g.mobile()),
            ("guardianRelation", "person.family_relationship", lambda g: g.choice(["父亲", "母亲", "祖父", "祖母"])),
            ("homeAddress", "person.address", lambda g: g.address()),
            ("examScore", "person.education", lambda g: f"{g.r.uniform(45, 100):.1f}"),
            ("healthStatus", "person.health", lambda g: g.choice(["健康", "健康", "良好", "一般", "较差"])),
            ("isBoarding", "general.code", lambda g: g.choice(["是", "否", "否"])),
            ("remark", "general.text", lambda g: g.choice(_REMARKS) or None),
        ],
        "xzcf_penalty": [
            (
                "行政处罚决定书文号",
                "public.credit",
                lambda g: f"杭西市监罚〔{g.r.randint(2022, 2025)}〕{g.r.randint(1, 999)}号",
            ),
            ("行政相对人名称", "org.name", lambda g: g.org()),
            ("统一社会信用代码", "org.uscc", lambda g: g.uscc()),
            ("法定代表人", "org.legal_representative", lambda g: g.name()),
            ("法定代表人证件号码", "person.citizen_id", lambda g: g.citizen_id()),
            (
                "违法行为类型",
                "public.credit",
                lambda g: g.choice(["未按规定公示年报", "食品标签不合格", "价格违法", "无证经营"]),
            ),
            ("违法事实", "public.credit", lambda g: g.choice(_FACTS)),
            (
                "处罚依据",
                "public.credit",
                lambda g: g.choice(
                    ["《企业信息公示暂行条例》第十八条", "《食品安全法》第一百二十五条", "《价格法》第四十二条"]
                ),
            ),
            ("处罚类别", "public.credit", lambda g: g.choice(["警告", "罚款", "没收违法所得"])),
            ("罚款金额", "public.credit", lambda g: g.amount(500, 50000)),
            ("处罚机关", "org.name", lambda g: g.choice(_AUTHORITIES)),
            ("处罚决定日期", "general.date", lambda g: g.date("2022-01-01", "2025-12-31")),
            ("公示截止期", "general.date", lambda g: g.date("2026-01-01", "2028-12-31")),
            ("数据来源单位", "org.name", lambda g: g.choice(_AUTHORITIES)),
            ("备注", "general.text", lambda g: g.choice(_REMARKS) or None),
        ],
        "qy_finance": [
            ("uscc", "org.uscc", lambda g: g.uscc()),
            ("company_name", "org.name", lambda g: g.org()),
            ("report_year", "general.date", lambda g: str(g.choice([2021, 2022, 2023, 2024]))),
            ("total_assets", "commercial.financial", lambda g: g.amount(1e6, 1e9)),
            ("total_liabilities", "commercial.financial", lambda g: g.amount(1e5, 8e8)),
            ("revenue", "commercial.financial", lambda g: g.amount(1e5, 2e9)),
            ("net_profit", "commercial.financial", lambda g: g.amount(-5e6, 2e8)),
            ("rd_expense", "commercial.financial", lambda g: g.amount(0, 5e7)),
            ("employees", "org.registration", lambda g: str(g.r.randint(5, 3000))),
            ("tax_paid", "commercial.financial", lambda g: g.amount(0, 3e7)),
            ("main_customers", "commercial.customer", lambda g: "、".join(g.org() for _ in range(2))),
            ("main_suppliers", "commercial.business", lambda g: "、".join(g.org() for _ in range(2))),
            ("contact_person", "person.name", lambda g: g.name()),
            ("contact_phone", "org.contact", lambda g: g.mobile()),
            ("bank_account", "org.bank_account", lambda g: g.corp_account()),
            ("reg_address", "org.address", lambda g: g.address()),
            (
                "industry",
                "org.registration",
                lambda g: g.choice(["软件和信息技术服务业", "批发业", "零售业", "建筑业", "制造业"]),
            ),
            ("remark", "general.text", lambda g: g.choice(_REMARKS) or None),
        ],
        "xk_license": [
            ("证照编号", "public.license", lambda g: f"JY{g.r.randint(10**13, 10**14 - 1)}"),
            ("证照类型", "public.license", lambda g: g.choice(["食品经营许可证", "药品经营许可证", "排污许可证"])),
            ("持证主体名称", "org.name", lambda g: g.org()),
            ("持证主体代码", "org.uscc", lambda g: g.uscc()),
            ("法定代表人", "org.legal_representative", lambda g: g.name()),
            (
                "许可内容",
                "public.credit",
                lambda g: g.choice(["预包装食品销售（含冷藏冷冻食品）", "热食类食品制售", "药品零售"]),
            ),
            ("发证机关", "org.name", lambda g: g.choice(_AUTHORITIES)),
            ("发证日期", "general.date", lambda g: g.date("2020-01-01", "2025-12-31")),
            ("有效期至", "general.date", lambda g: g.date("2026-01-01", "2030-12-31")),
            ("经营场所", "org.address", lambda g: g.address()),
            ("许可状态", "general.code", lambda g: g.choice(["有效", "有效", "注销", "过期"])),
            ("电子证照标识", "public.license", lambda g: g.elicense()),
            ("C3", "org.uscc", lambda g: g.uscc()),
            ("C4", "org.address", lambda g: g.address()),
            ("联系人", "person.name", lambda g: g.name()),
            ("联系电话", "org.contact", lambda g: g.choice([g.mobile(), g.landline()])),
        ],
        "gj_tracking": [
            ("user_id", "person.internal_id", lambda g: f"U{g.r.randint(10**8, 10**9 - 1)}"),
            ("phone", "person.phone", lambda g: g.mobile()),
            ("device_imei", "person.device", lambda g: g.imei()),
            ("device_mac", "person.device", lambda g: g.mac()),
            ("ip_address", "person.network", lambda g: g.ipv4()),
            ("longitude", "person.location", lambda g: f"{g.r.uniform(119.9, 120.4):.6f}"),
            ("latitude", "person.location", lambda g: f"{g.r.uniform(30.1, 30.4):.6f}"),
            (
                "located_at",
                "general.date",
                lambda g: (
                    g.date("2025-01-01", "2025-12-31")
                    + f" {g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}:{g.r.randint(0, 59):02d}"
                ),
            ),
            ("city", "public.division", lambda g: g.choice(["杭州市", "宁波市", "温州市"])),
            ("trip_distance", "general.amount", lambda g: g.amount(0.3, 25)),
            ("order_no", "general.record_id", lambda g: f"{g.r.randint(10**15, 10**16 - 1)}"),
            ("payment_amount", "person.property", lambda g: g.amount(1, 60)),
            ("app_version", "general.code", lambda g: g.choice(["5.2.1", "5.3.0", "5.3.2"])),
            ("idfa", "person.device", lambda g: g.uuid()),
        ],
        "yb_welfare": [
            ("救助对象姓名", "person.name", lambda g: g.name()),
            ("身份证号码", "person.citizen_id", lambda g: g.citizen_id()),
            ("救助类型", "person.specific_identity", lambda g: g.choice(["最低生活保障", "特困人员供养", "临时救助"])),
            (
                "残疾类别",
                "person.specific_identity",
                lambda g: g.maybe(g.choice(["肢体残疾", "智力残疾", "视力残疾"]), 0.3),
            ),
            ("家庭月收入", "person.property", lambda g: g.amount(0, 3000)),
            ("救助金额", "person.property", lambda g: g.amount(300, 1500)),
            ("发放账号", "person.bank_account", lambda g: g.bank_card()),
            ("开户银行", "org.name", lambda g: g.choice(_BANKS)),
            ("户籍所在地", "person.address", lambda g: g.address()),
            (
                "所属乡镇",
                "public.division",
                lambda g: g.choice(["北山街道", "灵隐街道", "转塘街道", "三墩镇", "蒋村街道"]),
            ),
            ("联系电话", "person.phone", lambda g: g.mobile()),
            ("审批日期", "general.date", lambda g: g.date("2022-01-01", "2025-12-31")),
            ("经办人", "person.name", lambda g: g.name()),
            ("审核状态", "general.code", lambda g: g.choice(["已审核", "待审核", "已退回"])),
            ("困难原因", "general.text", lambda g: g.choice(_HARDSHIP)),
        ],
        "gy_employee": [
            ("GH", "person.internal_id", lambda g: f"{g.r.randint(100000, 999999)}"),
            ("XM", "person.name", lambda g: g.name()),
            ("XB", "person.sex", lambda g: g.choice(["1", "2"])),
            ("CSRQ", "person.birth_date", lambda g: g.date("1962-01-01", "2002-12-31", "%Y%m%d")),
            ("SFZH", "person.citizen_id", lambda g: g.citizen_id("1962-01-01", "2002-12-31")),
            ("MZ", "person.ethnicity", lambda g: g.choice(eth_codes)),
            ("WHCD", "person.education", lambda g: g.choice(["11", "14", "21", "31", "61"])),
            ("XW", "person.education", lambda g: g.choice(["学士", "硕士", "博士", "无"])),
            ("ZW", "person.occupation", lambda g: g.choice(["科员", "副科长", "科长", "副处长", "主任"])),
            ("ZC", "person.occupation", lambda g: g.choice(["助理工程师", "工程师", "高级工程师", "无"])),
            ("RZRQ", "general.date", lambda g: g.date("1985-01-01", "2025-06-30")),
            ("GZ", "person.property", lambda g: g.amount(4000, 30000)),
            ("YHKH", "person.bank_account", lambda g: g.bank_card()),
            ("SJHM", "person.phone", lambda g: g.mobile()),
            ("JTZZ", "person.address", lambda g: g.address()),
            ("HYZK", "person.marital_status", lambda g: g.choice(["10", "20", "20", "30", "40"])),
            ("DZYX", "person.email", lambda g: g.email()),
            ("BZ", "general.text", lambda g: g.choice(_REMARKS) or None),
        ],
        "zb_bidding": [
            ("项目编号", "general.record_id", lambda g: f"ZJ-{g.r.randint(2022, 2025)}-{g.r.randint(1000, 9999)}"),
            ("项目名称", "general.text", lambda g: g.choice(_PROJECTS)),
            ("招标人", "org.name", lambda g: g.choice(_AUTHORITIES + _HOSPITALS)),
            ("投标人名称", "org.name", lambda g: g.org()),
            ("投标人统一社会信用代码", "org.uscc", lambda g: g.uscc()),
            ("投标报价", "commercial.bidding", lambda g: g.amount(1e5, 5e7)),
            ("标底", "commercial.bidding", lambda g: g.amount(1e5, 5e7)),
            ("评标得分", "commercial.bidding", lambda g: f"{g.r.uniform(60, 98):.2f}"),
            ("中标金额", "commercial.bidding", lambda g: g.maybe(g.amount(1e5, 5e7), 0.3)),
            ("项目负责人", "person.name", lambda g: g.name()),
            ("项目负责人证书编号", "public.license", lambda g: f"浙{g.r.randint(10**10, 10**11 - 1)}"),
            ("联系电话", "org.contact", lambda g: g.mobile()),
            ("开标日期", "general.date", lambda g: g.date("2022-01-01", "2025-12-31")),
            ("招标代理机构", "org.name", lambda g: g.org()),
            ("备注", "general.text", lambda g: g.choice(_REMARKS) or None),
            ("C7", "commercial.bidding", lambda g: g.amount(1e5, 5e7)),
        ],
        "ga_hotel_lodging": [
            ("guest_name", "person.name", lambda g: g.name()),
            ("zjlx", "general.code", lambda g: g.choice(["11", "11", "11", "93", "14"])),
            ("zjhm", "person.citizen_id", lambda g: g.citizen_id()),
            ("gender", "person.sex", lambda g: g.choice(sex_cn)),
            ("nation", "person.ethnicity", lambda g: g.choice(ethnic)),
            (
                "hotel_name",
                "org.name",
                lambda g: g.choice(["杭州西湖国宾馆", "宁波南苑饭店", "温州华侨饭店", "如家酒店杭州武林店"]),
            ),
            (
                "checkin_time",
                "general.date",
                lambda g: g.date("2025-01-01", "2025-12-31") + f" {g.r.randint(12, 23):02d}:{g.r.randint(0, 59):02d}",
            ),
            (
                "checkout_time",
                "general.date",
                lambda g: g.date("2025-01-02", "2025-12-31") + f" {g.r.randint(6, 12):02d}:{g.r.randint(0, 59):02d}",
            ),
            ("passport_no", "person.id_document", lambda g: g.maybe(g.passport(), 0.15)),
            ("hkmo_permit_no", "person.id_document", lambda g: g.maybe(g.travel_permit(), 0.1)),
            ("address", "person.address", lambda g: g.address()),
            ("mobile", "person.phone", lambda g: g.mobile()),
            ("plate_no", "person.vehicle", lambda g: g.maybe(g.plate(), 0.4)),
            ("room_no", "general.code", lambda g: f"{g.r.randint(2, 18)}{g.r.randint(1, 30):02d}"),
        ],
        "gs_annual_report": [
            ("企业名称", "org.name", lambda g: g.org()),
            ("统一社会信用代码", "org.uscc", lambda g: g.uscc()),
            ("年报年度", "general.date", lambda g: str(g.choice([2022, 2023, 2024]))),
            ("企业通信地址", "org.address", lambda g: g.address()),
            ("邮政编码", "public.postcode", lambda g: g.choice(["310012", "315000", "325000", "314000", "312000"])),
            ("从业人数", "org.registration", lambda g: str(g.r.randint(1, 900))),
            ("资产总额", "commercial.financial", lambda g: g.amount(1e5, 1e9)),
            ("所有者权益合计", "commercial.financial", lambda g: g.amount(1e5, 5e8)),
            ("营业总收入", "commercial.financial", lambda g: g.amount(1e5, 2e9)),
            ("纳税总额", "commercial.financial", lambda g: g.amount(0, 5e7)),
            ("是否有对外投资", "general.code", lambda g: g.choice(["是", "否", "否"])),
            ("经营状态", "org.registration", lambda g: g.choice(["开业", "歇业", "清算"])),
            ("填报日期", "general.date", lambda g: g.date("2025-01-01", "2025-06-30")),
        ],
        "dc_legacy_export": [
            ("编号", "person.citizen_id", lambda g: g.citizen_id()),
            ("备注", "person.phone", lambda g: g.mobile()),
            ("name", "org.name", lambda g: g.org()),
            ("F1", "person.email", lambda g: g.email()),
            ("F2", "person.address", lambda g: g.address()),
            ("F3", "person.birth_date", lambda g: g.date("1940-01-01", "2000-12-31")),
            ("F4", "person.bank_account", lambda g: g.bank_card()),
            ("F5", "person.sex", lambda g: g.choice(sex_cn)),
            ("F6", "person.ethnicity", lambda g: g.choice(ethnic)),
            ("F7", "person.network", lambda g: g.ipv4()),
            ("F8", "org.uscc", lambda g: g.uscc()),
            ("F9", "person.vehicle", lambda g: g.plate()),
            ("F10", "person.id_document", lambda g: g.passport()),
            ("F11", "person.name", lambda g: g.name()),
            ("代码", "public.division", lambda g: g.choice(_DISTRICTS)[0]),
            ("金额", "person.property", lambda g: g.amount(1, 9999)),
            ("手机号", "person.citizen_id", lambda g: g.citizen_id()),
            ("状态", "general.code", lambda g: g.choice(["A", "B", "C"])),
            ("address", "person.phone", lambda g: g.mobile()),
            ("字段20", "person.device", lambda g: g.mac()),
        ],
    }


def _holdout_specs() -> dict[str, Spec]:
    """Four tables written after the detector was tuned on the others and evaluated once, unchanged."""
    return {
        "ho_marriage_registration": [
            ("男方姓名", "person.name", lambda g: g.name()),
            ("男方身份证件号码", "person.citizen_id", lambda g: g.citizen_id("1960-01-01", "2000-12-31")),
            ("女方姓名", "person.name", lambda g: g.name()),
            ("女方身份证件号码", "person.citizen_id", lambda g: g.citizen_id("1960-01-01", "2000-12-31")),
            ("登记类型", "person.marital_status", lambda g: g.choice(["结婚登记", "离婚登记", "补领结婚证"])),
            (
                "登记机关",
                "org.name",
                lambda g: g.choice(["杭州市西湖区民政局", "宁波市鄞州区民政局", "温州市鹿城区民政局"]),
            ),
            ("登记日期", "general.date", lambda g: g.date("2015-01-01", "2025-12-31")),
            (
                "结婚证字号",
                "public.license",
                lambda g: f"J330106-{g.r.randint(2015, 2025)}-{g.r.randint(1, 99999):06d}",
            ),
            ("男方国籍", "person.nationality", lambda g: g.choice(["中国"] * 9 + ["美国"])),
            ("女方民族", "person.ethnicity", lambda g: g.choice(["汉族"] * 9 + ["回族"])),
            ("男方出生日期", "person.birth_date", lambda g: g.date("1960-01-01", "2000-12-31")),
            ("女方职业", "person.occupation", lambda g: g.choice(_OCCUPATIONS)),
            ("男方户籍所在地", "person.address", lambda g: g.address()),
            ("女方联系电话", "person.phone", lambda g: g.mobile()),
        ],
        "ho_clinic_lab": [
            ("specimen_id", "general.record_id", lambda g: f"S{g.r.randint(10**9, 10**10 - 1)}"),
            ("patient_name", "person.name", lambda g: g.name()),
            ("patient_id_number", "person.citizen_id", lambda g: g.citizen_id()),
            ("sex", "person.sex", lambda g: g.choice(["男", "女"])),
            ("age_years", "person.age", lambda g: str(g.r.randint(1, 95))),
            ("test_item", "person.health", lambda g: g.choice(["空腹血糖", "总胆固醇", "谷丙转氨酶", "血红蛋白"])),
            ("result_value", "person.health", lambda g: f"{g.r.uniform(2, 12):.1f}"),
            ("reference_range", "person.health", lambda g: g.choice(["3.9-6.1", "2.8-5.2", "0-40", "130-175"])),
            ("abnormal_flag", "person.health", lambda g: g.choice(["H", "L", "N", "N"])),
            (
                "report_time",
                "general.date",
                lambda g: g.date("2025-01-01", "2025-12-31") + f" {g.r.randint(8, 17):02d}:{g.r.randint(0, 59):02d}",
            ),
            ("doctor_name", "person.name", lambda g: g.name()),
            ("lab_name", "org.name", lambda g: g.choice(_HOSPITALS)),
            ("patient_phone", "person.phone", lambda g: g.mobile()),
        ],
        "ho_utility_bill": [
            ("HH", "person.internal_id", lambda g: f"{g.r.randint(10**9, 10**10 - 1)}"),
            ("HM", "person.name", lambda g: g.name()),
            ("YDDZ", "person.address", lambda g: g.address()),
            ("SJHM", "person.phone", lambda g: g.mobile()),
            ("BQDS", "general.amount", lambda g: str(g.r.randint(100, 99999))),
            ("SYL", "general.amount", lambda g: str(g.r.randint(10, 900))),
            ("JE", "person.property", lambda g: g.amount(10, 900)),
            ("JFZT", "general.code", lambda g: g.choice(["已缴费", "未缴费"])),
            ("JFRQ", "general.date", lambda g: g.date("2025-01-01", "2025-12-31")),
            ("ZFQD", "general.code", lambda g: g.choice(["微信", "支付宝", "银行代扣", "营业厅"])),
            ("C9", "person.bank_account", lambda g: g.maybe(g.bank_card(), 0.6)),
            ("ZHYE", "person.property", lambda g: g.amount(0, 500)),
        ],
        "ho_construction_permit": [
            ("施工许可证编号", "public.license", lambda g: f"3301062025{g.r.randint(10**7, 10**8 - 1)}"),
            ("建设单位", "org.name", lambda g: g.org()),
            ("建设单位统一社会信用代码", "org.uscc", lambda g: g.uscc()),
            ("施工单位", "org.name", lambda g: g.org()),
            ("项目经理", "person.name", lambda g: g.name()),
            ("项目经理电话", "person.phone", lambda g: g.mobile()),
            ("建设地址", "public.geo", lambda g: g.address()),
            ("合同价格", "commercial.business", lambda g: g.amount(1e6, 5e8)),
            ("建筑面积", "public.geo", lambda g: g.amount(500, 90000)),
            ("发证日期", "general.date", lambda g: g.date("2023-01-01", "2025-12-31")),
            (
                "发证机关",
                "org.name",
                lambda g: g.choice(["杭州市西湖区住房和城乡建设局", "宁波市鄞州区住房和城乡建设局"]),
            ),
            ("开工日期", "general.date", lambda g: g.date("2023-01-01", "2025-12-31")),
            ("经度", "public.geo", lambda g: f"{g.r.uniform(119.9, 121.5):.6f}"),
            ("纬度", "public.geo", lambda g: f"{g.r.uniform(27.9, 30.5):.6f}"),
        ],
    }


def _holdout2_specs() -> dict[str, Spec]:
    """Three tables written after a second round of generic fixes and evaluated once, unchanged."""
    return {
        "h2_pension_payment": [
            ("参保人姓名", "person.name", lambda g: g.name()),
            ("社会保障号码", "person.citizen_id", lambda g: g.citizen_id("1940-01-01", "1965-12-31")),
            ("待遇类型", "general.code", lambda g: g.choice(["基本养老金", "城乡居民养老金", "遗属待遇"])),
            ("月养老金", "person.property", lambda g: g.amount(180, 9000)),
            ("发放月份", "general.date", lambda g: g.date("2025-01-01", "2025-12-31", "%Y-%m")),
            ("银行名称", "org.name", lambda g: g.choice(_BANKS)),
            ("银行卡号", "person.bank_account", lambda g: g.bank_card()),
            ("领取资格认证日期", "general.date", lambda g: g.date("2024-01-01", "2025-12-31")),
            ("认证方式", "general.code", lambda g: g.choice(["人脸识别", "现场认证", "数据比对"])),
            ("人脸比对分值", "person.biometric", lambda g: f"{g.r.uniform(60, 99):.1f}"),
            ("居住地址", "person.address", lambda g: g.address()),
            ("联系手机", "person.phone", lambda g: g.mobile()),
            ("死亡标志", "general.code", lambda g: g.choice(["0", "0", "0", "1"])),
        ],
        "h2_canteen_inspection": [
            ("单位名称", "org.name", lambda g: g.choice(_SCHOOLS + _HOSPITALS)),
            ("社会信用代码", "org.uscc", lambda g: g.uscc()),
            ("食品经营许可证号", "public.license", lambda g: f"JY{g.r.randint(10**13, 10**14 - 1)}"),
            ("负责人", "org.legal_representative", lambda g: g.name()),
            ("负责人手机", "person.phone", lambda g: g.mobile()),
            ("检查日期", "general.date", lambda g: g.date("2024-01-01", "2025-12-31")),
            ("检查人员", "person.name", lambda g: g.name()),
            ("检查结果", "public.credit", lambda g: g.choice(["符合", "基本符合", "不符合"])),
            (
                "问题描述",
                "general.text",
                lambda g: g.choice(
                    [
                        "餐具消毒记录不完整，已要求当场整改。",
                        "部分食品未按规定标注保质期。",
                        "从业人员健康证已过期一人。",
                        "未发现问题。",
                    ]
                ),
            ),
            ("整改期限", "general.date", lambda g: g.date("2024-02-01", "2026-01-31")),
            ("所在街道", "public.division", lambda g: g.choice(["北山街道", "灵隐街道", "西溪街道", "翠苑街道"])),
            ("地址", "org.address", lambda g: g.address()),
            ("量化等级", "public.credit", lambda g: g.choice(["A", "B", "C"])),
        ],
        "h2_parking_records": [
            ("record_id", "general.record_id", lambda g: f"P{g.r.randint(10**11, 10**12 - 1)}"),
            ("plate_number", "person.vehicle", lambda g: g.plate()),
            (
                "entry_time",
                "general.date",
                lambda g: g.date("2025-01-01", "2025-12-31") + f" {g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}:00",
            ),
            (
                "exit_time",
                "general.date",
                lambda g: g.date("2025-01-01", "2025-12-31") + f" {g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}:00",
            ),
            (
                "parking_lot_name",
                "org.name",
                lambda g: g.choice(["武林广场地下停车场", "西湖文化广场停车场", "湖滨银泰停车场"]),
            ),
            ("fee_amount", "person.property", lambda g: g.amount(0, 80)),
            ("payment_method", "general.code", lambda g: g.choice(["微信", "支付宝", "ETC", "现金"])),
            (
                "payer_openid",
                "person.network",
                lambda g: (
                    "o"
                    + "".join(
                        g.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") for _ in range(27)
                    )
                ),
            ),
            ("lot_longitude", "person.location", lambda g: f"{g.r.uniform(120.1, 120.2):.6f}"),
            ("lot_latitude", "person.location", lambda g: f"{g.r.uniform(30.2, 30.3):.6f}"),
            ("owner_mobile", "person.phone", lambda g: g.mobile()),
            ("vehicle_color", "general.code", lambda g: g.choice(["白", "黑", "银", "红", "蓝"])),
        ],
    }


def _all_specs() -> dict[str, Spec]:
    return {**_specs(), **_holdout_specs(), **_holdout2_specs()}


def tables(rows: int = ROWS) -> dict[str, pd.DataFrame]:
    """Every corpus table, generated deterministically."""
    out = {}
    for i, (table, spec) in enumerate(_all_specs().items()):
        g = Gen(SEED + i)
        data = {col: [fn(g) for _ in range(rows)] for col, _, fn in spec}
        out[table] = pd.DataFrame(data, dtype="str")
    return out


def labels() -> pd.DataFrame:
    """(table, column, category) for every corpus column."""
    return pd.DataFrame(
        [(t, col, label) for t, spec in _all_specs().items() for col, label, _ in spec],
        columns=["table", "column", "category"],
    )


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else None
    labels().to_csv(HERE / "labels.csv", index=False, quoting=csv.QUOTE_MINIMAL)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for name, frame in tables().items():
            frame.to_csv(out / f"{name}.csv", index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
