"""Value kinds: what the value detectors can say about a column's contents.

Each kind has a specificity: ``strong`` kinds (check digits, distinctive shapes) can overrule a
misleading column name, ``medium`` kinds can too when they cover most values, ``weak`` kinds
(numbers, short codes, free text) only support a name.

>>> specificity("code:citizen_id"), specificity("person_name"), specificity("amount")
('strong', 'medium', 'weak')
>>> "short_code" in expand(["generic"])
True
"""

from __future__ import annotations

from collections.abc import Iterable

STRONG = frozenset(
    {
        "code:citizen_id",
        "code:uscc",
        "code:vin",
        "code:bank_card",
        "code:elicense",
        "email",
        "ipv4",
        "ipv6",
        "mac",
        "uuid",
        "imei",
    }
)
MEDIUM = frozenset(
    {
        "code:mobile",
        "code:landline",
        "code:plate",
        "code:passport",
        "code:travel_permit",
        "code:org_code",
        "code:division",
        "person_name",
        "org_name",
        "address",
        "division_name",
        "date",
        "datetime",
        "birth_date",
        "coordinate",
        "binary",
        "phone",
        "fine_address",
        "geohash",
        "account",
        "icd10",
        "health_term",
        "criminal_term",
        "masked_mobile",
        "masked_id",
        "masked_name",
        "masked_card",
        "blood_pressure",
        "imsi",
        "marital",
        "url",
        "user_agent",
    }
)
WEAK = frozenset(
    {
        "code:postcode",
        "code:sex",
        "code:ethnicity",
        "code:education",
        "code:family_relationship",
        "amount",
        "integer",
        "short_code",
        "boolean",
        "identifier",
        "free_text",
    }
)
KINDS = STRONG | MEDIUM | WEAK
#: ``generic`` in a category's value list stands for these (any unspecific content).
GENERIC = frozenset({"amount", "integer", "short_code", "boolean", "identifier", "free_text", "date", "datetime"})
#: Kinds that say only that values are numbers, codes, keys or text: any *specific* kind found
#: above its threshold outranks them ("97.7 % postcodes" beats "100 % identifiers").
UNSPECIFIC = GENERIC - {"date", "datetime"}
#: Kinds whose values are shaped like personal data: a column of them never gets a confident
#: non-personal category from context or from the values alone (at most a flagged one).
PERSONAL_SHAPED = frozenset(
    {
        "code:citizen_id",
        "code:passport",
        "code:travel_permit",
        "code:mobile",
        "code:bank_card",
        "code:plate",
        "code:vin",
        "email",
        "ipv4",
        "ipv6",
        "mac",
        "imei",
        "imsi",
        "marital",
        "person_name",
        "address",
        "fine_address",
        "coordinate",
        "geohash",
        "account",
        "icd10",
        "health_term",
        "criminal_term",
        "masked_mobile",
        "masked_id",
        "masked_name",
        "masked_card",
        "blood_pressure",
        "birth_date",
    }
)
#: The value kinds that come from a zjgov code module, by module name.
CODE_KINDS = {k.split(":", 1)[1]: k for k in KINDS if k.startswith("code:")}


#: Display names of the kinds (Chinese, English).
NAMES: dict[str, tuple[str, str]] = {
    "code:citizen_id": ("公民身份号码", "citizen ID numbers"),
    "code:uscc": ("统一社会信用代码", "unified social credit codes"),
    "code:org_code": ("组织机构代码", "organisation codes"),
    "code:division": ("行政区划代码", "division codes"),
    "code:mobile": ("手机号码", "mobile numbers"),
    "code:landline": ("固定电话号码", "landline numbers"),
    "code:postcode": ("邮政编码", "postcodes"),
    "code:bank_card": ("银行卡号（Luhn 校验通过）", "bank card numbers (Luhn)"),
    "code:plate": ("机动车号牌", "licence plates"),
    "code:passport": ("护照号码", "passport numbers"),
    "code:travel_permit": ("通行证号码", "travel permit numbers"),
    "code:vin": ("车辆识别代号", "VINs"),
    "code:elicense": ("电子证照标识", "electronic licence identifiers"),
    "code:sex": ("性别代码或名称", "sex codes or names"),
    "code:ethnicity": ("民族代码或名称", "ethnic group codes or names"),
    "code:education": ("学历代码或名称", "education codes or names"),
    "code:family_relationship": ("家庭关系代码或名称", "family relationship codes or names"),
    "email": ("电子邮件地址", "e-mail addresses"),
    "ipv4": ("IPv4 地址", "IPv4 addresses"),
    "ipv6": ("IPv6 地址", "IPv6 addresses"),
    "mac": ("MAC 地址", "MAC addresses"),
    "uuid": ("UUID/IDFA", "UUIDs/IDFAs"),
    "imei": ("IMEI（Luhn 校验通过）", "IMEIs (Luhn)"),
    "person_name": ("中文姓名", "Chinese person names"),
    "org_name": ("单位名称", "organisation names"),
    "address": ("地址", "addresses"),
    "division_name": ("行政区划名称", "division names"),
    "date": ("日期", "dates"),
    "datetime": ("日期时间", "date-times"),
    "birth_date": ("出生日期形态的日期", "dates shaped like birth dates"),
    "coordinate": ("经纬度坐标", "coordinates"),
    "amount": ("金额或小数", "amounts or decimals"),
    "integer": ("整数", "integers"),
    "short_code": ("少量取值的代码", "a short code list"),
    "boolean": ("是/否", "booleans"),
    "identifier": ("唯一标识符", "unique identifiers"),
    "free_text": ("自由文本", "free text"),
    "binary": ("二进制/Base64 数据", "binary/Base64 data"),
    "phone": ("电话号码（手机或固话）", "phone numbers (mobile or landline)"),
    "fine_address": ("县级以下的详细地址", "addresses below county level"),
    "geohash": ("GeoHash 位置编码", "GeoHash location codes"),
    "account": ("登录账号/用户名", "login names"),
    "icd10": ("ICD-10 疾病诊断编码", "ICD-10 diagnosis codes"),
    "health_term": ("疾病、药品或诊疗用语", "disease, drug or treatment vocabulary"),
    "criminal_term": ("罪名或刑罚用语", "offence or sentence terms"),
    "masked_mobile": ("已打码的手机号码", "masked mobile numbers"),
    "masked_id": ("已打码的公民身份号码", "masked citizen ID numbers"),
    "masked_name": ("已打码的姓名", "masked person names"),
    "masked_card": ("已打码的银行卡号", "masked bank card numbers"),
    "blood_pressure": ("血压读数", "blood-pressure readings"),
    "imsi": ("IMSI（国际移动用户识别码）", "IMSIs"),
    "marital": ("婚姻状况或婚姻登记用语", "marital status or marriage-registration terms"),
    "url": ("网址（URL）", "web addresses (URLs)"),
    "user_agent": ("浏览器/客户端标识（User-Agent）", "browser or client identifiers (User-Agent)"),
}


def display(kind: str, lang: str) -> str:
    """The display name of ``kind`` in ``lang`` (``zh`` or ``en``).

    >>> display("code:mobile", "en")
    'mobile numbers'
    """
    pair = NAMES.get(kind)
    return kind if pair is None else pair[0 if lang == "zh" else 1]


def is_specific(kind: str) -> bool:
    """Whether ``kind`` says more than "numbers, codes, keys or text".

    >>> is_specific("code:postcode"), is_specific("identifier")
    (True, False)
    """
    return kind not in UNSPECIFIC


def specificity(kind: str) -> str:
    """``strong``, ``medium`` or ``weak``."""
    if kind in STRONG:
        return "strong"
    if kind in MEDIUM:
        return "medium"
    return "weak"


def expand(values: Iterable[str]) -> frozenset[str]:
    """A category's value list with ``generic`` expanded."""
    out: set[str] = set()
    for v in values:
        out |= GENERIC if v == "generic" else {v}
    return frozenset(out)
