"""Value generators for the held-out classification tables (fictitious, deterministic).

Extends the corpus generator (valid check characters from zjgov.codes) with the values the
held-out rounds need: ICD-10 codes, drug and diagnosis vocabulary, prescriptions, GeoHash,
coordinates, addresses below county level, login names, IMSI, openids, amounts.
"""

from __future__ import annotations

import random

from classification_corpus.generate import Gen as _CorpusGen

_PINYIN = [
    "zhang",
    "wang",
    "li",
    "zhao",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhou",
    "wu",
    "xu",
    "sun",
    "ma",
    "zhu",
    "hu",
    "guo",
    "lin",
    "he",
    "gao",
    "luo",
    "zheng",
    "liang",
    "xie",
    "song",
    "tang",
    "han",
    "feng",
    "deng",
    "cao",
    "peng",
    "zeng",
    "xiao",
    "tian",
    "dong",
    "pan",
    "yuan",
    "cai",
    "jiang",
    "yu",
    "du",
    "ye",
    "cheng",
    "wei",
    "su",
    "lv",
    "ding",
    "ren",
    "shen",
    "yao",
    "lu",
    "jin",
    "fang",
    "shi",
    "qian",
    "wen",
    "hao",
]
_GIVEN_PY = [
    "wei",
    "fang",
    "na",
    "min",
    "jing",
    "li",
    "qiang",
    "lei",
    "jun",
    "yang",
    "yong",
    "yan",
    "jie",
    "juan",
    "tao",
    "ming",
    "chao",
    "xia",
    "ping",
    "gang",
    "hua",
    "fei",
    "ting",
]
_TOWNS = [
    ("杭州市", "西湖区", "转塘街道", "象山社区"),
    ("杭州市", "西湖区", "留下街道", "屏基社区"),
    ("杭州市", "余杭区", "良渚街道", "勾庄村"),
    ("杭州市", "萧山区", "瓜沥镇", "航民村"),
    ("杭州市", "淳安县", "千岛湖镇", "青溪村"),
    ("杭州市", "桐庐县", "分水镇", "东溪村"),
    ("宁波市", "鄞州区", "姜山镇", "走马塘村"),
    ("宁波市", "象山县", "石浦镇", "东门村"),
    ("温州市", "瑞安市", "塘下镇", "韩田村"),
    ("温州市", "永嘉县", "岩头镇", "芙蓉村"),
    ("嘉兴市", "桐乡市", "乌镇镇", "虹桥村"),
    ("绍兴市", "诸暨市", "枫桥镇", "枫源村"),
    ("湖州市", "安吉县", "天荒坪镇", "余村"),
    ("金华市", "义乌市", "佛堂镇", "倍磊村"),
    ("台州市", "临海市", "东塍镇", "岭景村"),
    ("丽水市", "松阳县", "四都乡", "陈家铺村"),
]
_ICD10 = [
    "J45.901",
    "I10.x00",
    "E11.900",
    "K29.500",
    "M51.202",
    "J06.900",
    "C34.900",
    "C16.900",
    "C12",
    "C22.0",
    "N18.500",
    "K35.800",
    "I25.103",
    "J18.900",
    "F32.900",
    "O80.000",
    "S72.001",
    "E78.500",
    "K80.100",
    "G43.900",
    "L20.900",
    "H25.900",
]
DIAGNOSES = [
    "支气管哮喘",
    "原发性高血压",
    "2型糖尿病",
    "慢性浅表性胃炎",
    "腰椎间盘突出",
    "急性上呼吸道感染",
    "肺恶性肿瘤",
    "胃恶性肿瘤",
    "梨状窝恶性肿瘤",
    "肝细胞癌",
    "慢性肾脏病5期",
    "急性阑尾炎",
    "冠状动脉粥样硬化性心脏病",
    "社区获得性肺炎",
    "抑郁发作",
    "单胎顺产",
    "股骨颈骨折",
    "高脂血症",
    "胆囊结石伴慢性胆囊炎",
    "偏头痛",
    "特应性皮炎",
    "老年性白内障",
]
DRUGS = [
    "阿莫西林胶囊",
    "盐酸二甲双胍片",
    "硝苯地平控释片",
    "布地奈德福莫特罗吸入粉雾剂",
    "奥美拉唑肠溶胶囊",
    "阿托伐他汀钙片",
    "头孢克洛缓释片",
    "氯雷他定片",
    "甲钴胺片",
    "左氧氟沙星片",
    "苯磺酸氨氯地平片",
    "布洛芬缓释胶囊",
    "蒙脱石散",
    "复方甘草片",
]
VACCINES = [
    "乙肝疫苗",
    "卡介苗",
    "脊灰灭活疫苗",
    "百白破疫苗",
    "麻腮风疫苗",
    "乙脑减毒活疫苗",
    "A群流脑多糖疫苗",
    "甲肝减毒活疫苗",
    "水痘减毒活疫苗",
    "13价肺炎球菌结合疫苗",
]
_B32 = "0123456789bcdefghjkmnpqrstuvwxyz"


def geohash(lat: float, lon: float, precision: int = 8) -> str:
    """Standard GeoHash encoding (interleaved bits, base32)."""
    lat_r, lon_r = [-90.0, 90.0], [-180.0, 180.0]
    even, out, ch, n = True, [], 0, 0
    while len(out) < precision:
        rng, v = (lon_r, lon) if even else (lat_r, lat)
        mid = (rng[0] + rng[1]) / 2
        if v >= mid:
            ch = ch * 2 + 1
            rng[0] = mid
        else:
            ch = ch * 2
            rng[1] = mid
        even = not even
        n += 1
        if n == 5:
            out.append(_B32[ch])
            ch = n = 0
    return "".join(out)


class Gen(_CorpusGen):
    """The corpus generator plus the kinds of value the held-out tables need."""

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self.r = random.Random(seed)

    def child_id(self) -> str:
        return self.citizen_id("2013-06-01", "2022-08-31")

    def child_birth(self, fmt: str = "%Y-%m-%d") -> str:
        return self.date("2013-06-01", "2022-08-31", fmt)

    def icd10(self) -> str:
        return self.choice(_ICD10)

    def diagnosis(self) -> str:
        return self.choice(DIAGNOSES)

    def drug(self) -> str:
        return self.choice(DRUGS)

    def prescription(self) -> str:
        drug = self.drug()
        dose = self.choice(["0.25g", "0.5g", "10mg", "20mg", "1片", "2粒", "1袋"])
        freq = self.choice(["qd", "bid", "tid", "每日一次", "每日两次", "每日三次"])
        return f"{drug} {dose} 口服 {freq}×{self.r.randint(3, 14)}天"

    def lon_lat(self) -> tuple[float, float]:
        return self.r.uniform(119.6, 121.9), self.r.uniform(27.9, 30.9)

    def coord(self) -> str:
        lon, lat = self.lon_lat()
        return f"{lon:.6f},{lat:.6f}"

    def lon(self) -> str:
        return f"{self.lon_lat()[0]:.6f}"

    def lat(self) -> str:
        return f"{self.lon_lat()[1]:.6f}"

    def geohash(self) -> str:
        lon, lat = self.lon_lat()
        return geohash(lat, lon, self.choice((7, 8, 9)))

    def town(self) -> tuple[str, str, str, str]:
        return self.choice(_TOWNS)

    def fine_address(self, with_province: bool = False) -> str:
        """An address below county level: township/street, community/village, house number."""
        city, county, town, village = self.town()
        head = ("浙江省" if with_province else "") + city + county + town + village
        if village.endswith("村"):
            return head + f"{self.r.randint(1, 12)}组{self.r.randint(1, 99)}号"
        return head + f"{self.r.randint(1, 40)}幢{self.r.randint(1, 3)}单元{self.r.randint(101, 1802)}室"

    def township(self) -> str:
        _city, county, town, _ = self.town()
        return county + town

    def county_name(self) -> str:
        _city, county, _, _ = self.town()
        return county

    def login(self) -> str:
        sur, given = self.choice(_PINYIN), self.choice(_GIVEN_PY)
        style = self.r.randint(0, 3)
        if style == 0:
            return f"{sur}{given}{self.r.randint(1, 99)}"
        if style == 1:
            return f"{sur}_{given}{self.r.randint(1970, 2005)}"
        if style == 2:
            return f"{given}.{sur}"
        return f"{sur[0]}{given}{self.r.randint(100, 9999)}"

    def openid(self) -> str:
        chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        return "o" + "".join(self.choice(chars) for _ in range(27))

    def imsi(self) -> str:
        return self.choice(["46000", "46001", "46002", "46011"]) + f"{self.r.randint(0, 10**10 - 1):010d}"

    def ss_card(self) -> str:
        """A social security card number (card face: a letter and eight digits)."""
        return self.choice("ABCDEFGH") + f"{self.r.randint(0, 99999999):08d}"

    def datetime(self, first: str = "2024-01-01", last: str = "2025-12-31") -> str:
        return (
            self.date(first, last)
            + f" {self.r.randint(0, 23):02d}:{self.r.randint(0, 59):02d}:{self.r.randint(0, 59):02d}"
        )

    def money(self, lo: float, hi: float, decimals: int = 2) -> str:
        return f"{self.r.uniform(lo, hi):.{decimals}f}"

    def whole(self, lo: int, hi: int) -> str:
        return str(self.r.randint(lo, hi))

    def org_landline(self) -> str:
        return self.landline()

    def org_email(self) -> str:
        return (
            self.choice(["service", "hr", "info", "office", "contact", "sales"])
            + "@"
            + self.choice(["huarui-tech", "hengtong", "xizigroup", "dingsheng", "boyuan", "zjtiancheng"])
            + self.choice([".com", ".com.cn", ".cn"])
        )


# --- round J (new generators only; the ones above are unchanged) ---------------------------------

_COMPLAINTS = [
    "咳嗽3天伴发热",
    "反复上腹痛1月",
    "头晕乏力2天",
    "右膝关节疼痛半年",
    "胸闷气短1周",
    "皮疹伴瘙痒5天",
    "腹泻3次伴呕吐",
    "体检发现血糖升高",
    "失眠多梦2月",
    "左眼视物模糊1月",
]
_POIS = ["杭州东站", "萧山国际机场T3航站楼", "西湖文化广场", "宁波南站", "义乌国际商贸城一区", "温州南站"]
_SHOP = ["小吃店", "面馆", "餐饮店", "烘焙坊", "便利店", "火锅店", "食品商行"]
_SHOP_HEAD = ["鑫源", "老张", "味之源", "好又多", "禾丰", "湖畔", "顺兴", "一品"]


def gjj_account(g) -> str:
    """A housing-provident-fund personal account number (fictitious 12 digits)."""
    return g.choice(["1101", "1102", "2101", "3101"]) + f"{g.r.randint(0, 10**8 - 1):08d}"


def loan_contract(g) -> str:
    return f"JK{g.r.randint(2015, 2025)}{g.r.randint(0, 10**7 - 1):07d}"


def invoice_code(g) -> str:
    return "033" + g.choice(["0", "1"]) + f"{g.r.randint(21, 25)}" + f"{g.r.randint(0, 10**6 - 1):06d}"


def invoice_no(g) -> str:
    return f"{g.r.randint(0, 10**8 - 1):08d}"


def chief_complaint(g) -> str:
    return g.choice(_COMPLAINTS)


def destination(g) -> str:
    """A trip destination: a public place or a street address."""
    return g.choice(_POIS) if g.r.random() < 0.4 else g.fine_address()


def food_business(g) -> str:
    _city, county, town, _ = g.town()
    return county.rstrip("区县市") + town.rstrip("镇街道乡") + g.choice(_SHOP_HEAD) + g.choice(_SHOP)


def food_licence(g) -> str:
    """A food business licence number (JY + 14 digits)."""
    return "JY" + g.choice(["1", "2", "3"]) + "3301" + f"{g.r.randint(0, 10**9 - 1):09d}"


def transit_card(g) -> str:
    return "3310" + f"{g.r.randint(0, 10**12 - 1):012d}"


def station_code(g) -> str:
    return f"{g.r.randint(1200, 3999)}A"


def dog_licence(g) -> str:
    return f"杭犬字第{g.r.randint(2019, 2025)}{g.r.randint(0, 10**6 - 1):06d}号"


def elder_id(g) -> str:
    return g.citizen_id("1930-01-01", "1965-12-31")


# --- round K (new generators only; the ones above are unchanged) ---------------------------------

_COUNTY_CODES = ["330102", "330105", "330106", "330108", "330110", "330212", "330225", "330381", "330324"]
_COUNTY_CODES += ["330483", "330681", "330523", "330782", "331082", "331124"]
_DISPUTES = [
    "双方因宅基地边界问题发生争执",
    "邻居装修漏水导致楼下房屋受损",
    "离婚后子女抚养费支付产生分歧",
    "员工被拖欠两个月工资要求支付",
    "租赁合同到期押金退还发生纠纷",
    "电动车碰擦引起赔偿争议",
    "赡养老人费用分担问题兄妹争执",
]
_ALLERGIES = ["无", "无", "无", "青霉素过敏", "花粉过敏", "海鲜过敏", "尘螨过敏", "头孢类过敏"]


def county_code(g) -> str:
    """A GB/T 2260 county-level division code in Zhejiang."""
    return g.choice(_COUNTY_CODES)


def bdc_unit(g) -> str:
    """A real-estate unit number (不动产单元号, 28 characters: division, cadastral zone, parcel, building)."""
    return (
        county_code(g)
        + f"{g.r.randint(1, 20):03d}{g.r.randint(1, 30):03d}"
        + g.choice(["GB", "GA", "JC"])
        + f"{g.r.randint(1, 99999):05d}"
        + "F"
        + f"{g.r.randint(1, 9999):04d}{g.r.randint(1, 9999):04d}"
    )


def isbn13(g) -> str:
    """An ISBN-13 with a valid check digit (978-7, Chinese publishers)."""
    body = "9787" + f"{g.r.randint(0, 10**8 - 1):08d}"
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def dispute(g) -> str:
    return g.choice(_DISPUTES)


def allergy(g) -> str:
    return g.choice(_ALLERGIES)


def discharge_permit(g) -> str:
    """A pollutant-discharge permit number: the holder's USCC, a 3-digit serial and a letter."""
    return g.uscc() + f"{g.r.randint(1, 3):03d}" + g.choice("PUVWXYZ")


def adult_birth(g, fmt: str = "%Y-%m-%d") -> str:
    return g.date("1955-01-01", "2003-12-31", fmt)
