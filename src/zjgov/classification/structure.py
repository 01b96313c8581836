"""Name structure: the head noun of a column name and the modifiers in front of it.

A column name is a noun phrase, and field names are head-final in English and in Chinese: the
last meaningful word (the **head**) says what *kind of value* the column holds — a name, a
number, a phone, an address, a date, an amount — and the words in front (the **modifiers**) say
*whose* value it is (a person's, an organisation's, a place's, a record's, a device's) or
*about what* (marital, diagnosis, surgery …). ``parse`` splits a name into words (snake_case,
camelCase, run-together English words such as ``entname``, pinyin initials such as ``RKBH``,
Chinese words), finds the longest head phrase at the end and the subject of the nearest
modifier that has one; ``compose`` maps (head family, subject) to a category through the small
tables below (docs/classification.md, rules N1–N7).

>>> s = parse("emergency_contact_phone")
>>> s.head, s.family, s.subject, s.modifier
('contact phone', 'phone', 'person', 'emergency')
>>> compose(s)
('person.phone', 'person.phone', 'person.phone')
>>> compose(parse("company_reg_address"))
('org.address', 'org.address', 'org.address')
>>> compose(parse("断面经度"))  # in a table of persons, of organisations, in a general table
('person.location', 'public.geo', 'public.geo')
>>> compose(parse("RKBH"))  # RK 人口 + BH 编号
('person.internal_id', 'person.internal_id', 'person.internal_id')
>>> parse("created_at").family, compose(parse("created_at"))
('date', ('general.date', 'general.date', 'general.date'))
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping

_CJK = re.compile(r"[\u3400-\u9fff]")
_RUN = re.compile(r"[\u3400-\u9fff]+|[0-9A-Za-z]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_PARENS = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
#: A pinyin-initial token is all consonants but for a rare zero-initial syllable.
_NOT_PINYIN = re.compile(r"[iu]|[aeo].*[aeo]")
_NOISE = frozenset({"t", "tb", "tbl", "col", "fld", "f", "c", "the", "of", "s"})

# ---- heads: the value family a head noun names ------------------------------------------------
#: family -> (English head phrases, Chinese heads, pinyin initials of the Chinese heads)
FAMILIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "name": (("name", "nm", "nme", "full name"), ("名称", "姓名", "名字", "名"), ("MC", "XM")),
    "id": (
        ("id", "no", "number", "num", "nbr", "nr", "sn", "serial no", "serial number"),
        ("编号", "号码", "序号", "号", "ID"),
        ("BH", "HM", "XH"),
    ),
    "code": (("code", "cd"), ("编码", "代码"), ("BM", "DM")),
    "type": (
        ("type", "category", "kind", "class", "cls", "classification"),
        ("类型", "类别", "种类", "分类"),
        ("LX", "LB"),
    ),
    "status": (("status", "state"), ("状态",), ("ZT",)),
    "level": (("level", "grade", "rank"), ("等级", "级别"), ("DJ",)),
    "phone": (
        (
            "phone",
            "tel",
            "telephone",
            "mobile",
            "cell",
            "fax",
            "phone no",
            "mobile no",
            "tel no",
            "contact phone",
            "contact no",
            "contact number",
            "contact tel",
            "contact mobile",
        ),
        ("电话", "手机", "手机号", "手机号码", "电话号码", "联系电话", "联系方式", "传真"),
        ("DH", "LXDH", "SJHM"),
    ),
    "email": (("email", "mail", "e mail", "email address"), ("邮箱", "电子邮箱", "电子邮件"), ()),
    "address": (("address", "addr", "adr"), ("地址", "住址", "地点"), ("DZ", "DD")),
    "coordinate": (
        ("lng", "lon", "longitude", "lat", "latitude", "coord", "coords", "coordinate", "coordinates", "gps"),
        ("经度", "纬度", "坐标"),
        (),
    ),
    "date": (
        ("date", "dt", "time", "tm", "at", "datetime", "timestamp", "ts", "year", "yr", "month", "day"),
        ("日期", "时间", "年度", "年份", "年月", "时刻"),
        ("RQ", "SJ", "ND"),
    ),
    "amount": (
        ("amount", "amt", "fee", "fees", "cost", "price", "balance", "bal", "income", "salary", "wage", "payment"),
        ("金额", "费用", "余额", "收入", "工资", "薪酬", "价格", "费", "额"),
        ("JE",),
    ),
    "quantity": (
        (
            "count",
            "cnt",
            "qty",
            "quantity",
            "usage",
            "volume",
            "weight",
            "area",
            "length",
            "width",
            "power",
            "capacity",
            "duration",
            "consumption",
            "reading",
        ),
        ("数量", "用量", "重量", "长度", "容量", "次数", "时长", "读数"),
        ("SL",),
    ),
    "text": (
        ("desc", "description", "remark", "remarks", "note", "notes", "comment", "comments", "memo", "summary"),
        ("备注", "说明", "描述", "摘要"),
        ("BZ",),
    ),
}

# ---- modifiers: the subject a modifier names ---------------------------------------------------
#: subject -> (English modifiers, Chinese modifiers with their pinyin initials)
SUBJECTS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "person": (
        (
            "person",
            "people",
            "personal",
            "individual",
            "citizen",
            "resident",
            "patient",
            "student",
            "pupil",
            "child",
            "minor",
            "user",
            "customer",
            "client",
            "member",
            "employee",
            "staff",
            "worker",
            "teacher",
            "doctor",
            "dr",
            "nurse",
            "physician",
            "parent",
            "guardian",
            "father",
            "mother",
            "spouse",
            "family",
            "applicant",
            "owner",
            "holder",
            "tenant",
            "landlord",
            "driver",
            "passenger",
            "rider",
            "visitor",
            "guest",
            "buyer",
            "insured",
            "borrower",
            "guarantor",
            "volunteer",
            "donor",
            "recipient",
            "beneficiary",
            "inspector",
            "officer",
            "emergency",
            "home",
            "elderly",
            "victim",
            "suspect",
            "reporter",
            "caller",
            "complainant",
            "petitioner",
            "reader",
            "subscriber",
            "householder",
            "farmer",
            "villager",
            "retiree",
            "pensioner",
        ),
        (
            ("人口", "RK"),
            ("人员", "RY"),
            ("病人", "BR"),
            ("患者", "HZ"),
            ("学生", "XS"),
            ("儿童", "ET"),
            ("幼儿", "YE"),
            ("居民", "JM"),
            ("职工", "ZG"),
            ("员工", "YG"),
            ("用户", "YH"),
            ("客户", "KH"),
            ("会员", "HY"),
            ("家长", "JZ"),
            ("家属", "JS"),
            ("亲属", "QS"),
            ("配偶", "PO"),
            ("户主", "HZ"),
            ("业主", "YZ"),
            ("租户", "ZH"),
            ("房东", "FD"),
            ("司机", "SJ"),
            ("乘客", "CK"),
            ("游客", "YK"),
            ("访客", "FK"),
            ("老人", "LR"),
            ("本人", "BR"),
            ("个人", "GR"),
            ("村民", "CM"),
            ("农户", "NH"),
            ("教师", "JS"),
            ("医生", "YS"),
            ("护士", "HS"),
        ),
    ),
    "org": (
        (
            "company",
            "corporation",
            "enterprise",
            "organization",
            "organisation",
            "unit",
            "department",
            "institution",
            "agency",
            "firm",
            "employer",
            "hospital",
            "school",
            "court",
            "bureau",
            "shop",
            "store",
            "merchant",
            "supplier",
            "vendor",
            "branch",
            "registered",
            "office",
            "hotel",
            "restaurant",
            "canteen",
            "clinic",
            "pharmacy",
            "factory",
            "cooperative",
            "association",
            "committee",
            "kindergarten",
            "university",
            "college",
            "provider",
            "insurer",
            "carrier",
        ),
        (
            ("企业", "QY"),
            ("单位", "DW"),
            ("公司", "GS"),
            ("机构", "JG"),
            ("医院", "YY"),
            ("学校", "XX"),
            ("法院", "FY"),
            ("部门", "BM"),
            ("商户", "SH"),
            ("供应商", "GYS"),
            ("门店", "MD"),
            ("网点", "WD"),
            ("组织", "ZZ"),
            ("注册", "ZC"),
        ),
    ),
    "place": (
        (
            "land",
            "parcel",
            "plot",
            "road",
            "street",
            "river",
            "lake",
            "section",
            "village",
            "town",
            "zone",
            "field",
            "mountain",
            "bridge",
            "reservoir",
            "basin",
            "park",
            "site",
        ),
        (
            ("地块", "DK"),
            ("宗地", "ZD"),
            ("道路", "DL"),
            ("路段", "LD"),
            ("河道", "HD"),
            ("河流", "HL"),
            ("断面", "DM"),
            ("小区", "XQ"),
            ("区域", "QY"),
            ("片区", "PQ"),
            ("桥梁", "QL"),
            ("水库", "SK"),
            ("流域", "LY"),
            ("景区", "JQ"),
            ("公园", "GY"),
            ("林地", "LD"),
            ("耕地", "GD"),
            ("水域", "SY"),
            ("点位", "DW"),
            ("站点", "ZD"),
        ),
    ),
    "facility": (
        (
            "lamp",
            "pole",
            "meter",
            "station",
            "toilet",
            "shelter",
            "hydrant",
            "camera",
            "gantry",
            "sensor",
            "pump",
            "valve",
            "pipe",
            "tower",
            "facility",
            "asset",
            "equipment",
            "building",
        ),
        (
            ("路灯", "LD"),
            ("灯杆", "DG"),
            ("电表", "DB"),
            ("水表", "SB"),
            ("门架", "MJ"),
            ("设施", "SS"),
            ("泵站", "BZ"),
        ),
    ),
    "record": (
        (
            "order",
            "case",
            "contract",
            "transaction",
            "serial",
            "batch",
            "ticket",
            "invoice",
            "bill",
            "application",
            "log",
            "record",
            "request",
            "report",
            "claim",
            "policy",
            "voucher",
            "receipt",
            "appointment",
            "booking",
            "trip",
            "task",
            "message",
            "event",
            "session",
        ),
        (
            ("合同", "HT"),
            ("订单", "DD"),
            ("案件", "AJ"),
            ("流水", "LS"),
            ("批次", "PC"),
            ("工单", "GD"),
            ("申请", "SQ"),
            ("记录", "JL"),
            ("报告", "BG"),
            ("票据", "PJ"),
            ("发票", "FP"),
            ("凭证", "PZ"),
            ("业务", "YW"),
            ("事件", "SJ"),
            ("预约", "YY"),
            ("交易", "JY"),
            ("保单", "BD"),
            ("警情", "JQ"),
        ),
    ),
    "device": (
        ("device", "obu", "terminal", "handset", "sim", "imei"),
        (("设备", "SB"), ("终端", "ZD")),
    ),
    # an occasion a person takes part in: where it happened is where the person was
    "occasion": (
        (
            "pickup",
            "dropoff",
            "departure",
            "destination",
            "boarding",
            "alighting",
            "incident",
            "accident",
            "offence",
            "offense",
            "violation",
            "sampling",
            "occurrence",
            "crime",
            "arrest",
        ),
        (
            ("发案", "FA"),
            ("案发", "AF"),
            ("事发", "SF"),
            ("违法", "WF"),
            ("违章", "WZ"),
            ("采样", "CY"),
            ("上车", "SC"),
            ("下车", "XC"),
            ("事故", "SG"),
            ("出发", "CF"),
            ("到达", "DD"),
        ),
    ),
}
#: Dates of a subject's life event are that event's data, not a general date (rule N5).
EVENT_DATES: dict[str, str] = {
    "birth": "person.birth_date",
    "born": "person.birth_date",
    "established": "org.registration",
    "establishment": "org.registration",
    "founded": "org.registration",
    "found": "org.registration",
    "founding": "org.registration",
    "incorporation": "org.registration",
    "出生": "person.birth_date",
    "成立": "org.registration",
}
#: (family, subject) -> category in a table of persons, of organisations, in a general table (rule N3).
#: A subject-less head gives a category only for the families in ``_FAMILY_ONLY``.
COMPOSE: dict[tuple[str, str], tuple[str, str, str]] = {}


def _all(category: str) -> tuple[str, str, str]:
    return (category, category, category)


for _family in ("name",):
    COMPOSE[(_family, "person")] = _all("person.name")
    COMPOSE[(_family, "org")] = _all("org.name")
    COMPOSE[(_family, "place")] = _all("public.geo")
    COMPOSE[(_family, "facility")] = _all("org.name")  # a station, a shelter: the establishment's name
    COMPOSE[(_family, "record")] = _all("general.text")  # a case's or a contract's title
    COMPOSE[(_family, "device")] = _all("general.code")  # a device's model name
for _family in ("id", "code"):
    COMPOSE[(_family, "person")] = _all("person.internal_id")
    COMPOSE[(_family, "record")] = _all("general.record_id")
    COMPOSE[(_family, "facility")] = _all("general.record_id")
    COMPOSE[(_family, "place")] = _all("public.geo")
    COMPOSE[(_family, "device")] = ("person.device", "general.record_id", "general.record_id")
    COMPOSE[(_family, "party")] = ("person.internal_id", "general.record_id", "general.record_id")
for _subject in ("person", "party"):
    COMPOSE[("phone", _subject)] = _all("person.phone")
    COMPOSE[("email", _subject)] = _all("person.email")
    COMPOSE[("address", _subject)] = _all("person.address")
    COMPOSE[("coordinate", _subject)] = _all("person.location")
    COMPOSE[("amount", _subject)] = ("person.property", "person.property", "person.property")
COMPOSE[("phone", "party")] = ("person.phone", "org.contact", "person.phone")
COMPOSE[("address", "party")] = ("person.address", "org.address", "person.address")
for _subject in ("org", "facility", "place"):
    COMPOSE[("phone", _subject)] = _all("org.contact")
    COMPOSE[("email", _subject)] = _all("org.contact")
    # in a table of persons the coordinates of the place a person was at are that person's
    # location (a charging station of a charging session); elsewhere they are geography
    COMPOSE[("coordinate", _subject)] = ("person.location", "public.geo", "public.geo")
COMPOSE[("address", "org")] = _all("org.address")
COMPOSE[("address", "occasion")] = ("person.location", "public.geo", "public.geo")
COMPOSE[("coordinate", "occasion")] = ("person.location", "public.geo", "public.geo")
COMPOSE[("coordinate", "device")] = ("person.location", "public.geo", "person.location")
for _family in ("type", "status"):
    COMPOSE[(_family, "org")] = _all("org.registration")
    COMPOSE[(_family, "record")] = _all("general.code")
    COMPOSE[(_family, "facility")] = _all("general.code")
COMPOSE[("quantity", "place")] = _all("public.geo")
#: Families whose category does not depend on whose value it is (rule N4).
#: A channel with no known owner follows the table (a person's in a table of persons, the
#: organisation's contact in a table of organisations), as the values' defaults do (rule C6).
_FAMILY_ONLY: dict[str, tuple[str, str, str]] = {
    "date": _all("general.date"),
    "quantity": _all("general.amount"),
    "text": _all("general.text"),
    "phone": ("person.phone", "org.contact", "person.phone"),
    "email": ("person.email", "org.contact", "person.email"),
    "address": ("person.address", "org.address", "person.address"),
}
#: Families a topic modifier decides (``marital_cd``, ``surg_nm``, ``diag_type``; rule N5).
TOPIC_FAMILIES = frozenset({"name", "code", "type", "status", "level", "text"})


@dataclasses.dataclass(frozen=True)
class Word:
    text: str  # lower-case English word, Chinese string or upper-case pinyin initials
    script: str  # en | zh | pinyin


@dataclasses.dataclass(frozen=True)
class Structure:
    """The parsed structure of a column name."""

    words: tuple[Word, ...]
    head: str | None  # the head phrase ("contact phone", "编码", "BH")
    family: str | None  # its value family (FAMILIES)
    modifiers: tuple[Word, ...]  # the words in front of the head, nearest last
    subject: str | None  # person | party | org | place | facility | record | device | occasion
    modifier: str | None  # the modifier that gave the subject
    event: str | None = None  # a life-event category for a date (birth, established)
    #: the categories (person, org, general table) a topic modifier names (filled by ``with_topic``)
    topic: tuple[str, str, str] | None = None
    topic_term: str | None = None
    #: a unit ended the name (``waterLevelCm``): the column is a measured quantity
    unit: bool = False


def _index() -> tuple[dict, dict, dict, dict, dict]:
    en_heads = {h: f for f, (en, _, _) in FAMILIES.items() for h in en}
    zh_heads = {h: f for f, (_, zh, _) in FAMILIES.items() for h in zh}
    py_heads = {h: f for f, (_, _, py) in FAMILIES.items() for h in py}
    en_subjects = {w: s for s, (en, _) in SUBJECTS.items() for w in en}
    zh_subjects = {w: s for s, (_, zh) in SUBJECTS.items() for w, _ in zh}
    # pinyin initials shared by modifiers of different subjects are ambiguous: dropped
    py: dict[str, set[str]] = {}
    for s, (_, zh) in SUBJECTS.items():
        for _, initials in zh:
            py.setdefault(initials, set()).add(s)
    py_subjects = {k: next(iter(v)) for k, v in py.items() if len(v) == 1 and k not in py_heads}
    return (
        en_heads,
        zh_heads,
        py_heads,
        en_subjects,
        {**{("zh", k): v for k, v in zh_subjects.items()}, **{("pinyin", k): v for k, v in py_subjects.items()}},
    )


_EN_HEADS, _ZH_HEADS, _PY_HEADS, _EN_SUBJECTS, _OTHER_SUBJECTS = _index()
_ZH_HEADS_LONGEST = sorted(_ZH_HEADS, key=len, reverse=True)
_ZH_SUBJECTS_LONGEST = sorted((k for s, k in _OTHER_SUBJECTS if s == "zh"), key=len, reverse=True)
#: A Chinese modifier ending with a person noun (…人, …员, …者, not 法人; …对象, the person a
#: service or measure is for: 救助对象, 矫正对象, 服务对象) or a party (…方, 甲方).
_ZH_PERSON_END = re.compile(r"(?<!法)(人|员|者)$|对象$")
_ZH_PARTY_END = re.compile(r"方$")
_ZH_ORG_END = re.compile(
    r"(公司|企业|单位|机构|机关|中心|协会|集团|委员会|医院|学校|银行|事务所|派出所|司法所|局|院|厂|店|社|(?<![住场厕])所|血站)$"
)
#: English nouns of an establishment: a name that ends with one and has no head names it (``bld_ctr``
#: blood centre, ``issuing_authority``, ``court``) — an organisation's name (rule N2).
ORG_NOUNS = frozenset(
    {
        "center",
        "centre",
        "hospital",
        "clinic",
        "court",
        "bureau",
        "agency",
        "authority",
        "school",
        "college",
        "university",
        "kindergarten",
        "company",
        "enterprise",
        "institution",
        "organization",
        "organisation",
        "bank",
        "pharmacy",
        "station",
        "committee",
        "association",
        "employer",
        "insurer",
        "supplier",
        "vendor",
        "merchant",
    }
)
#: Units at the end of an English name: the column is a measured quantity (``waterLevelCm``,
#: ``height_cm``, ``fee_yuan``), whatever its head says.
UNITS = frozenset(
    {"cm", "mm", "km", "kg", "kwh", "yuan", "rmb", "cny", "pct", "percent", "ml", "mg", "mmol", "kpa", "mpa"}
)
#: A Chinese modifier ending with a facility noun: a station, a pile, a lamp, a meter, a well.
_ZH_FACILITY_END = re.compile(r"(站|桩|灯|杆|表|井|塔|亭|厕)$")
_EN_WORDS = frozenset(_EN_HEADS) | frozenset(_EN_SUBJECTS) | frozenset(EVENT_DATES) | ORG_NOUNS | UNITS


def ascii_words(chunk: str) -> list[str]:
    """Lower-case words of an ASCII chunk, split at camel-case boundaries (``IDCardNo`` → id card no)."""
    parts = _CAMEL.findall(chunk) if not (chunk.isupper() or chunk.islower()) else [chunk]
    return [p.lower() for p in parts]


def is_pinyin(token: str) -> bool:
    """Whether an all-letter token reads as pinyin initials (consonants, at most a rare vowel)."""
    return token.isalpha() and not _NOT_PINYIN.search(token.lower())


def _segment(word: str, lexicon: frozenset[str]) -> list[str]:
    """A run-together English word split into known words (``entname`` → ent name), else itself.

    Every piece must be a known word of two letters or more, the last one a head; the split with
    the fewest pieces wins.
    """
    if word in lexicon or len(word) < 5 or not word.isalpha():
        return [word]
    best: dict[int, list[str]] = {0: []}
    for end in range(2, len(word) + 1):
        for start in range(0, end - 1):
            if start in best and word[start:end] in lexicon:
                cand = best[start] + [word[start:end]]
                if end not in best or len(cand) < len(best[end]):
                    best[end] = cand
    out = best.get(len(word))
    if out is None or len(out) < 2 or out[-1] not in _EN_HEADS:
        return [word]
    return out


def split_run(word: str, lexicon: Iterable[str] = (), abbreviations: Mapping[str, tuple[str, ...]] = {}) -> list[str]:
    """A run-together English word split into known words (``certno`` → cert no), else itself."""
    return _segment(word, _EN_WORDS | frozenset(abbreviations) | frozenset(lexicon))


def words(name: object, abbreviations: Mapping[str, tuple[str, ...]] = {}, lexicon: Iterable[str] = ()) -> list[Word]:
    """The words of a column name in order, across scripts (``病人ID`` → 病人, id)."""
    text = _PARENS.sub("", unicodedata.normalize("NFKC", str(name)).strip()) or str(name)
    known = _EN_WORDS | frozenset(abbreviations) | frozenset(lexicon)
    runs = [r for r in (r.rstrip("0123456789") for r in _RUN.findall(text)) if r]
    # a name with an English word in it is English: its consonant runs are abbreviations (OPR_ID)
    english = any(
        not _CJK.match(r) and r.lower() not in _NOISE and (r.lower() in known or not is_pinyin(r)) for r in runs
    )
    out: list[Word] = []
    for run in runs:
        if _CJK.match(run):
            out.append(Word(run, "zh"))
            continue
        if not english and (run.isupper() or run.islower()) and is_pinyin(run):
            out.append(Word(run.upper(), "pinyin"))
            continue
        for w in ascii_words(run):
            w = w.rstrip("0123456789")  # a second phone column (phone2, contact_phone_2) is a phone
            if not w:
                continue
            for piece in _segment(w, known):
                for full in abbreviations.get(piece, (piece,)):
                    out.append(Word(full, "en"))
    while len(out) > 1 and out[0].script == "en" and out[0].text in _NOISE:
        out = out[1:]
    return out


def _split_pinyin(token: str) -> tuple[str, str, str | None] | None:
    """(front, head initials, family) of a pinyin token ending with a head's initials."""
    for size in (4, 2):
        head = token[-size:]
        if len(token) > min(size, 2) and head in _PY_HEADS:
            return token[:-size], head, _PY_HEADS[head]
    return None


def _zh_subject(text: str) -> tuple[str | None, str | None]:
    """The subject of a Chinese modifier: the rightmost subject word, else its ending."""
    best = None
    for w in _ZH_SUBJECTS_LONGEST:
        at = text.rfind(w)
        if at >= 0 and (best is None or at + len(w) > best[0] + len(best[1])):
            best = (at, w)
    if best is not None and best[0] + len(best[1]) == len(text):
        return _OTHER_SUBJECTS[("zh", best[1])], best[1]
    endings = (
        (_ZH_PERSON_END, "person"),
        (_ZH_PARTY_END, "party"),
        (_ZH_ORG_END, "org"),
        (_ZH_FACILITY_END, "facility"),
    )
    for pattern, subject in endings:
        if pattern.search(text):
            return subject, text
    if best is not None:
        return _OTHER_SUBJECTS[("zh", best[1])], best[1]
    return None, None


def _py_subject(front: str) -> tuple[str | None, str | None]:
    if ("pinyin", front) in _OTHER_SUBJECTS:
        return _OTHER_SUBJECTS[("pinyin", front)], front
    if len(front) >= 3 and front.endswith(("R", "RY")):  # …人, …人员: SQR 申请人, BSRY 办税人员
        return "person", front
    return None, None


def parse(name: object, abbreviations: Mapping[str, tuple[str, ...]] = {}, lexicon: Iterable[str] = ()) -> Structure:
    """Head, family, modifiers and subject of a column name (see the module docstring)."""
    ws = words(name, abbreviations, lexicon)
    head = family = None
    mods: list[Word] = []
    unit = len(ws) > 1 and ws[-1].script == "en" and ws[-1].text in UNITS
    establishment = None
    if unit:
        ws = ws[:-1]
    if ws and ws[-1].script == "en":
        for k in range(min(3, len(ws)), 0, -1):
            tail = ws[-k:]
            if all(w.script == "en" for w in tail) and " ".join(w.text for w in tail) in _EN_HEADS:
                head = " ".join(w.text for w in tail)
                family, mods = _EN_HEADS[head], ws[:-k]
                break
        if head is None and ws[-1].text in ORG_NOUNS:  # bld_ctr: the blood centre's name
            head, family, mods, establishment = ws[-1].text, "name", ws[:-1], ws[-1].text
    elif ws and ws[-1].script == "zh":
        text = ws[-1].text
        for h in _ZH_HEADS_LONGEST:
            if text.endswith(h) and (len(text) > len(h) or len(ws) > 1 or len(h) > 1):
                head, family = h, _ZH_HEADS[h]
                rest = text[: -len(h)]
                mods = [*ws[:-1], *([Word(rest, "zh")] if rest else [])]
                break
        if head is None and _ZH_ORG_END.search(text):  # 司法所, 执行法院: the organisation's name
            head, family, mods, establishment = text, "name", ws[:-1], text
    if unit and family not in ("amount", "quantity", None):
        family = "quantity"  # a level in centimetres is a measurement, not a grade
    elif ws and ws[-1].script == "pinyin":
        split = _split_pinyin(ws[-1].text)
        if split is not None:
            front, head, family = split
            mods = [*ws[:-1], Word(front, "pinyin")]
    subject = modifier = event = None
    for w in reversed(mods):
        if w.script == "en":
            if family == "date" and w.text in EVENT_DATES:
                event = EVENT_DATES[w.text]
                break
            subject = _EN_SUBJECTS.get(w.text)
            modifier = w.text if subject else None
        elif w.script == "zh":
            if family == "date" and any(w.text.endswith(e) for e in EVENT_DATES if _CJK.match(e)):
                event = next(EVENT_DATES[e] for e in EVENT_DATES if _CJK.match(e) and w.text.endswith(e))
                break
            subject, modifier = _zh_subject(w.text)
        else:
            subject, modifier = _py_subject(w.text)
        if subject is not None:
            break
    if establishment is not None and subject is None:
        subject, modifier = "org", establishment
    return Structure(tuple(ws), head, family, tuple(mods), subject, modifier, event, unit=unit)


def with_topic(s: Structure, topic: tuple[str, str, str], term: str) -> Structure:
    """The structure with the categories its nearest topic modifier names (empty: the first)."""
    person, org, general = topic
    return dataclasses.replace(s, topic=(person, org or person, general or person), topic_term=term)


def compose(s: Structure) -> tuple[str, str, str] | None:
    """The category of a parsed name in a table of persons, of organisations, in a general table.

    Rule order (docs/classification.md, N2–N5): a life event of a date; a topic modifier of a
    generic head; the (family, subject) table; a family that needs no subject; else None.
    """
    if s.family is None:
        return None
    if s.event is not None:
        return _all(s.event)
    if s.topic is not None and s.family in TOPIC_FAMILIES:
        return s.topic
    if s.subject is not None and (s.family, s.subject) in COMPOSE:
        return COMPOSE[(s.family, s.subject)]
    if s.subject is None or s.subject in ("record", "facility", "place"):
        return _FAMILY_ONLY.get(s.family)
    return None
