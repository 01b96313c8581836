"""One category per column from name evidence and value evidence, with the reasons.

The decision procedure (numbered as in docs/classification.md, "Decision rules"):

1. Value kinds found above their threshold are ranked *specific* first (check-digit codes,
   e-mail, addresses, coordinates, ICD-10 …), then *unspecific* (numbers, short codes,
   identifiers, free text): specific evidence outranks generic evidence.
2. The name points to a category and a specific kind supports it: the name's category (a
   strong unsupported kind with at least the same share still wins: rule 3).
3. A specific kind the name's category does not support wins over the name when it is strong
   (≥ 60 % and at least the supporting share) or medium and covers ≥ 80 % of values while
   nothing specific supports the name; weak kinds (postcodes), code tables (sex, ethnicity …)
   and passport/permit shapes never overrule a name: the values' category, flagged (conflict).
4. The name with only generic support: the name's category (the name says what the numbers
   or codes mean).
5. The name without any support: the name's category, lower confidence and flagged; a loosely
   matched name (score below 0.85: a contained term, a short suffix) whose category needs
   content the values lack defers to the values (flagged).
6. No name: the category the best kind points to in the dataset's context.
7. Nothing: ``general.unknown``, flagged.
8. Personal-shaped values (coordinates, GeoHash, addresses, account and card numbers, phones,
   e-mail, names, health codes …) never get a *confident* non-personal category: unless the
   name itself names the non-personal category in every context (注册地址, 宗地坐标), the
   column is flagged and its confidence capped below the review threshold.
9. Confidence below 0.6, conflicts and fewer than five values flag the column for review.
10. A column named a *mobile* (手机, SJHM, mobile) holding mobile numbers is a person's phone
    even in a table of organisations, flagged; a generic channel (联系电话, LXDH) stays the
    organisation's contact there.
11. A generic account name (账号, 账户, account, ZH) over 10–25 digit strings is a bank or
    settlement account in the table's reading, not a login name.
12. In a table of persons, a column of township-level divisions (西湖区转塘街道) is the persons'
    address (flagged) unless the name says what the record belongs to (所属街道).

The dataset rules (person / organisation context, mixed tables) are in :func:`dataset_subject`.

>>> import pandas as pd
>>> from zjgov.classification.catalogue import load_catalogue
>>> from zjgov.classification.detectors import value_evidence
>>> cat = load_catalogue()
>>> r = detect_column("备注", value_evidence(pd.Series(["11010519491231002X"] * 3)), cat)
>>> r.category, r.review
('person.citizen_id', True)
>>> detect_column("C1", value_evidence(pd.Series(["张伟", "王芳", "李强"])), cat).category
'person.name'
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from zjgov import i18n
from zjgov.classification.catalogue import Catalogue
from zjgov.classification.detectors import ValueEvidence
from zjgov.classification.kinds import PERSONAL_SHAPED, WEAK, display, is_specific, specificity
from zjgov.classification.names import NameHit, is_meaningless, name_evidence

REVIEW_BELOW = 0.6
#: Rule 8 looks at personal-shaped kinds covering at least this share of values (a column of
#: organisation phones of which a third are mobile numbers is flagged).
SHAPED_SHARE = 0.3
#: Rule 10: a column named a *mobile* (手机, SJHM, mobile, cell) in a table of organisations with at
#: least this share of mobile numbers is a person's phone; a generic channel (联系电话, LXDH,
#: contact_phone) stays the organisation's contact.
MOBILE_SHARE = 0.5
_MOBILE_TERM = re.compile(r"手机|移动电话|mobile|cell|^sj", re.IGNORECASE)
#: Rule 11: a generic account name (账号, 账户, account, acct, ZH) holds a login or a bank account;
#: long digit strings say which.
_ACCOUNT_TERM = re.compile(r"^(账号|帐号|账户|帐户|account|acct|zh|account no|account number)$", re.IGNORECASE)
#: Rule 12: township-level divisions in a table of persons are the persons' address unless the
#: name says what the record belongs to (所属…, 归属…, SS…, ``belongs``/``jurisdiction``).
TOWNSHIP_SHARE = 0.7
_BELONGS_TO = re.compile(r"^(所属|归属|管辖|辖区|ss)|jurisdiction|belong", re.IGNORECASE)
_HOW_ZH = {
    "exact": "完全匹配",
    "suffix": "词尾匹配",
    "contains": "包含",
    "qualifier": "限定词",
    "structure": "结构分析",
}
#: Display names of the head families and modifier subjects of a structural reading (rules N1-N7).
_FAMILY = {
    "name": ("名称", "a name"),
    "id": ("编号", "a number"),
    "code": ("代码", "a code"),
    "type": ("类型", "a type"),
    "status": ("状态", "a status"),
    "level": ("等级", "a level"),
    "phone": ("电话", "a phone"),
    "email": ("电子邮箱", "an e-mail"),
    "address": ("地址", "an address"),
    "coordinate": ("坐标", "a coordinate"),
    "date": ("日期时间", "a date or time"),
    "amount": ("金额", "an amount"),
    "quantity": ("数量", "a quantity"),
    "text": ("说明文字", "a text"),
}
_SUBJECT = {
    "person": ("自然人", "a person"),
    "party": ("当事方", "a party"),
    "org": ("组织", "an organisation"),
    "place": ("地点", "a place"),
    "facility": ("设施", "a facility"),
    "record": ("业务记录", "a record"),
    "device": ("设备", "a device"),
    "occasion": ("个人参与的事件", "an occasion a person takes part in"),
    "topic": ("主题", "a topic"),
    "event": ("事件", "an event"),
    "": ("（无）", "(none)"),
}


def _kind(kind: str) -> dict[str, str]:
    return {"kind": kind, "kind_zh": display(kind, "zh"), "kind_en": display(kind, "en")}


_VALUE_WEIGHT = {"strong": 0.95, "medium": 0.85, "weak": 0.55}

i18n.add(
    {
        "classification.ev.name": (
            "列名含“{term}”（{how_zh}），指向 {category}",
            "column name contains '{term}' ({how}), pointing to {category}",
        ),
        "classification.ev.structure": (
            "列名结构：中心词“{head}”表示{family_zh}，修饰语“{modifier}”表示{subject_zh}，指向 {category}",
            "name structure: the head '{head}' names {family_en}, the modifier '{modifier}' {subject_en}, "
            "pointing to {category}",
        ),
        "classification.ev.meaningless": (
            "列名无含义，仅依据取值判断",
            "meaningless column name; judged from the values only",
        ),
        "classification.ev.no_name": ("列名未匹配任何同义词", "the column name matches no synonym"),
        "classification.ev.value": ("{share}% 的取值为{kind_zh}", "{share}% of values are {kind_en}"),
        "classification.ev.no_values": ("无非空取值", "no non-empty values"),
        "classification.ev.few_values": ("仅 {n} 个非空取值，证据较弱", "only {n} non-empty values; weak evidence"),
        "classification.ev.conflict": (
            "列名指向 {name_category}，但取值表明是 {category}：以取值为准",
            "the name points to {name_category} but the values show {category}: the values win",
        ),
        "classification.ev.unsupported": (
            "取值（{kind_zh}）不支持列名所指类别，需复核",
            "the values ({kind_en}) do not support the name's category; review",
        ),
        "classification.ev.context": (
            "数据集主体为 {context}，类别取 {category}",
            "dataset subject is {context}, so {category}",
        ),
        "classification.ev.unknown": ("列名和取值均不足以判断类别", "neither name nor values are enough to decide"),
        "classification.ev.personal_shaped": (
            "取值形似个人信息（{kind_zh}），非个人类别 {category} 需人工确认",
            "the values look like personal data ({kind_en}); the non-personal category {category} needs review",
        ),
        "classification.ev.mobile_person": (
            "列名为手机且 {share}% 的取值为手机号码：手机属于个人，列名未表明是单位的，按个人电话处理，需复核",
            "the name says mobile and {share}% of values are mobile numbers: a mobile belongs to a person and "
            "the name does not say it is the organisation's, so it is read as a personal phone; review",
        ),
        "classification.ev.account_number": (
            "{share}% 的取值为 10–25 位数字账号，不是登录名：按 {category} 处理",
            "{share}% of values are 10-25 digit account numbers, not login names: {category}",
        ),
        "classification.ev.township": (
            "{share}% 的取值为乡镇街道：自然人所在的乡镇街道是其地址的一部分，按个人地址处理，需复核",
            "{share}% of values are townships: the township a person is in is part of that person's address; review",
        ),
        "classification.ev.in_charge": (
            "表中无统一社会信用代码等登记信息：负责人按自然人姓名 {category} 处理，需复核",
            "the table has no registration data (USCC, organisation code): the person in charge is a natural "
            "person's name, {category}; review",
        ),
        "classification.ev.mixed": (
            "数据集同时描述自然人和组织：本列类别随主体而变，按更严格的 {category} 处理，需复核",
            "the dataset describes both persons and organisations: this column depends on which, "
            "so the more protective {category} is taken; review",
        ),
    }
)


@dataclasses.dataclass(frozen=True)
class Evidence:
    """One reason, as a message key and its language-neutral fields."""

    source: str  # name | value | context | grading | override
    key: str
    fields: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return i18n.text(self.key, lang, **self.fields)

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "key": self.key, "fields": dict(self.fields)}


@dataclasses.dataclass(frozen=True)
class Detection:
    """The category of one column and why."""

    column: str
    category: str
    kind: str | None  # the value kind that supports the category
    confidence: float
    review: bool
    evidence: tuple[Evidence, ...]
    values: ValueEvidence
    name_hit: NameHit | None


def detect_column(
    column: object, values: ValueEvidence, cat: Catalogue, context: str = "general", hit: NameHit | None = None
) -> Detection:
    """Fuse the name and value evidence of one column (see the module docstring)."""
    hit = hit if hit is not None else name_evidence(column, cat)
    ev: list[Evidence] = []
    name_cat = hit.category(context) if hit else None
    if hit:
        fields = {"term": hit.term, "how": hit.how, "how_zh": _HOW_ZH[hit.how], "category": name_cat}
        ev.append(Evidence("name", "classification.ev.name", fields))
        if hit.how == "structure":
            family, subject = _FAMILY[hit.family], _SUBJECT[hit.subject]
            fields = {
                "head": hit.head,
                "modifier": hit.modifier or "—",
                "family_zh": family[0],
                "family_en": family[1],
                "subject_zh": subject[0],
                "subject_en": subject[1],
                "category": name_cat,
            }
            ev.append(Evidence("name", "classification.ev.structure", fields))
    elif is_meaningless(column):
        ev.append(Evidence("name", "classification.ev.meaningless"))
    else:
        ev.append(Evidence("name", "classification.ev.no_name"))
    kinds = values.kinds()
    for kind, share in kinds[:3]:
        ev.append(Evidence("value", "classification.ev.value", {"share": round(100 * share, 1), **_kind(kind)}))
    if values.n == 0:
        ev.append(Evidence("value", "classification.ev.no_values"))
    elif values.n < 5:
        ev.append(Evidence("value", "classification.ev.few_values", {"n": values.n}))
    top = kinds[0] if kinds else None  # specific kinds first (rule 1)
    review = values.n < 5
    category: str
    kind: str | None = None
    if name_cat is not None:
        c = cat[name_cat]
        support = [(k, s) for k, s in kinds if c.supports(k)]
        specific_support = [ks for ks in support if is_specific(ks[0])]
        other = next(((k, s) for k, s in kinds if is_specific(k) and not c.supports(k)), None)
        if other is not None and _overrules(other, specific_support[0] if specific_support else None):
            kind, share = other  # rule 3
            category = cat.default_for(kind, context) or "general.unknown"
            confidence = share * _VALUE_WEIGHT[specificity(kind)] * 0.9
            review = True
            ev.append(
                Evidence("value", "classification.ev.conflict", {"name_category": name_cat, "category": category})
            )
        elif support:
            kind, share = specific_support[0] if specific_support else support[0]  # rules 2 and 4
            category, confidence = name_cat, 1 - (1 - hit.score) * (1 - 0.9 * share)
        elif not kinds:
            category, confidence = name_cat, hit.score * (0.9 if values.n else 0.8)
        elif hit.score < 0.85 and values.n >= 5 and not (c.values & WEAK) and top is not None:
            # rule 5: a loosely matched name ("parking_lot_name") whose category needs specific
            # content the values do not have: the values decide, and a human looks
            kind, share = top
            category = cat.default_for(kind, context) or "general.unknown"
            confidence = share * _VALUE_WEIGHT[specificity(kind)]
            review = True
            ev.append(Evidence("value", "classification.ev.unsupported", _kind(kind)))
        else:
            category, confidence = name_cat, hit.score * 0.7
            review = True
            ev.append(Evidence("value", "classification.ev.unsupported", _kind(top[0])))
    elif top is not None:
        kind, share = top  # rule 6
        category = cat.default_for(kind, context) or "general.unknown"
        confidence = share * _VALUE_WEIGHT[specificity(kind)]
        if cat.default_for(kind, "general") != category:
            ev.append(Evidence("context", "classification.ev.context", {"context": context, "category": category}))
    else:
        category, confidence = "general.unknown", 0.2
        ev.append(Evidence("value", "classification.ev.unknown"))
    if (
        category == "org.contact"
        and hit is not None
        and hit.categories[0] == "person.phone"
        and _MOBILE_TERM.search(hit.term)
        and values.shares.get("code:mobile", 0.0) >= MOBILE_SHARE
    ):
        # rule 10: a column named a mobile holds a person's mobile, even in a table of
        # organisations, unless the name itself says it is the organisation's (单位手机)
        category, kind = "person.phone", "code:mobile"
        review = True
        ev.append(
            Evidence(
                "value", "classification.ev.mobile_person", {"share": round(100 * values.shares["code:mobile"], 1)}
            )
        )
    if (
        category == "person.network"
        and hit is not None
        and _ACCOUNT_TERM.search(hit.term)
        and values.account_numbers >= 0.8
        and values.shares.get("code:mobile", 0.0) < 0.5
    ):
        # rule 11: an "account" of long digit strings is a bank or settlement account, not a login
        category, kind = cat.default_for("code:bank_card", context) or "person.bank_account", "identifier"
        ev.append(
            Evidence(
                "value",
                "classification.ev.account_number",
                {"share": round(100 * values.account_numbers, 1), "category": category},
            )
        )
    if (
        context == "person"
        and category == "public.division"
        and values.township >= TOWNSHIP_SHARE
        and not _BELONGS_TO.search(str(column))
    ):
        # rule 12: the township a person lives or is in (所在乡镇街道) is part of that person's
        # address; a record's administrative attribution (所属街道, SSJD) stays a division
        category, kind, review = "person.address", "division_name", True
        ev.append(Evidence("value", "classification.ev.township", {"share": round(100 * values.township, 1)}))
    shaped = max(
        ((k, v) for k, v in values.shares.items() if k in PERSONAL_SHAPED and v >= SHAPED_SHARE),
        key=lambda kv: kv[1],
        default=(None, 0.0),
    )[0]
    if shaped is not None and not cat[category].personal and not _names_non_personal(hit, cat):
        review = True  # rule 8
        confidence = min(confidence, REVIEW_BELOW - 0.01)
        ev.append(Evidence("value", "classification.ev.personal_shaped", {"category": category, **_kind(shaped)}))
    if values.n and values.n < 5:
        confidence *= 0.8
    confidence = round(min(confidence, 0.99), 3)
    return Detection(
        column=str(column),
        category=category,
        kind=kind,
        confidence=confidence,
        review=review or confidence < REVIEW_BELOW or category == "general.unknown",
        evidence=tuple(ev),
        values=values,
        name_hit=hit,
    )


#: Code tables (a handful of codes that many other lists share) never overrule a column name.
#: Nor do shape-only document numbers (a letter and digits, no check character): passport and
#: travel-permit shapes are shared by many internal numbers.
_CODE_TABLES = frozenset(
    {"code:sex", "code:ethnicity", "code:education", "code:family_relationship", "code:passport", "code:travel_permit"}
)


def _overrules(other: tuple[str, float], specific: tuple[str, float] | None) -> bool:
    """Rule 3: whether an unsupported specific kind beats the name's category."""
    kind, share = other
    level = specificity(kind)
    if level == "strong":
        return share >= (specific[1] if specific else 0.0)
    if specific is not None or kind in _CODE_TABLES or level == "weak":
        return False
    return share >= 0.8


def _names_non_personal(hit: NameHit | None, cat: Catalogue) -> bool:
    """Whether the column name itself names a non-personal category, whatever the dataset."""
    if hit is None or hit.how not in ("exact", "suffix"):
        return False
    return all(not cat[c].personal for c in hit.categories if c)


#: Categories that say a row is about a natural person: names and documents, and every kind of
#: personal identifier — network accounts, devices, locations, vehicles (GB/T 35273 Annex A).
PERSON_SUBJECT = frozenset(
    {
        "person.name",
        "person.citizen_id",
        "person.id_document",
        "person.internal_id",
        "person.birth_date",
        "person.network",
        "person.device",
        "person.location",
        "person.vehicle",
    }
)
#: Identifiers that persons carry but things carry too: a sensor has a device number and a
#: position. They make a table about persons only beside another person identifier or channel,
#: or when nothing names the site or the organisation owning the devices (rule S1).
THING_IDS = frozenset({"person.device", "person.location"})
THING_OWNERS = frozenset({"public.geo", "org.name", "org.address"})
#: Channels both persons and organisations have: they make a table personal only when nothing
#: identifies an organisation.
PERSON_CONTACT = frozenset({"person.phone", "person.email", "person.address", "person.bank_account"})
ORG_SUBJECT = frozenset({"org.name", "org.uscc", "org.org_code", "org.registration", "org.legal_representative"})


#: A person named by a role towards an organisation (its legal representative, person in charge,
#: contact, agent, manager) or towards the record (the inspector, the clerk who registered it)
#: is not what the rows are about.
_ROLE = re.compile(
    r"法定代表人|法人|负责人|联系人|经办人|经理|代理人|受托人|财务|出纳|董事|股东|监事|"
    r"检查人|执法人|审核人|审批人|受理人|登记人|录入人|操作员|办税|报税|开票人|填报人|制表人|采集人|保洁|保安|巡查|值班|"
    r"管理人|管理员|责任人|网格员|联络员|安全员|采样人|检测人|监测人|化验人|记录人|核查人|复核人|抽检人|巡检人|"
    r"^(fddbr|fr|fzr|lxr|jbr|dlr|bsry|bsr|kpr|tbr)|legal|contact|manager|agent|representative|principal|director|shareholder|"
    r"(fzr|lxr|jbr|dlr|bsry)$|inspector|officer|operator|reviewer|approver|clerk|cleaner|courier",
    re.IGNORECASE,
)


def _related_person(d: Detection) -> bool:
    return bool(_ROLE.search(d.column))


def _thing_owner(d: Detection) -> bool:
    """A site, place or organisation named beside devices (not a position column itself)."""
    if d.category not in THING_OWNERS or d.kind in ("coordinate", "geohash"):
        return False
    return d.name_hit is None or d.name_hit.category("person") != "person.location"


def _person_identifier(d: Detection) -> bool:
    """Whether a column identifies persons; a device number (``device_id``, IMEI) counts even
    where its general reading is a thing's record number."""
    if d.category in PERSON_SUBJECT:
        return True
    return d.name_hit is not None and d.name_hit.category("person") in THING_IDS and d.category == "general.record_id"


def dataset_subject(detections: list[Detection]) -> tuple[str, bool]:
    """The table's subject and whether it is mixed.

    ``person`` when at least as many columns identify persons as organisations (a tie is read
    the more protective way), ``org`` when more identify organisations. A person named by a
    role towards an organisation (法定代表人, 负责人, 联系人, FDDBR…, legal_person) does not count:
    an enterprise register with its legal representative's ID number is about enterprises.
    ``mixed`` is true when both kinds of subject occur (a social-insurance table of persons
    and employers, a donations table of persons and companies): every column whose category
    depends on the reading then takes the more protective one and is flagged. Without either,
    contact channels (phone, e-mail, address, bank account) make it ``person``, else ``general``.
    """
    persons = [d for d in detections if _person_identifier(d) and not _related_person(d)]
    n_org = sum(d.category in ORG_SUBJECT for d in detections)
    things = n_org or any(_thing_owner(d) for d in detections)
    if persons and things and all(d.category in THING_IDS or d.category == "general.record_id" for d in persons):
        # S1: devices and positions alone, beside the site or the owning organisation, are an
        # inventory of things (sensors, meters, terminals); C8 still flags their personal shapes
        persons = []
    n_person = len(persons)
    mixed = bool(n_person and n_org)
    if n_person and n_person >= n_org:
        return "person", mixed
    if n_org:
        return "org", mixed
    if any(d.category in PERSON_CONTACT for d in detections):
        return "person", False
    return "general", False


#: Rule S6: 负责人 (the person in charge) is the registered representative only in a register.
_IN_CHARGE = frozenset({"负责人", "fzr", "person in charge"})
_REGISTER = frozenset({"org.uscc", "org.org_code", "org.registration"})


def persons_in_charge(detections: list[Detection]) -> list[Detection]:
    """Rule S6: a person in charge (负责人, FZR) is ``org.legal_representative`` (published, L1)
    only in a table that registers the organisation (USCC, organisation code or registration
    data); elsewhere (a canteen's inspection record) the name is a natural person's, flagged.

    >>> import pandas as pd
    >>> from zjgov.classification.catalogue import load_catalogue
    >>> from zjgov.classification.detectors import value_evidence
    >>> cat = load_catalogue()
    >>> d = detect_column("负责人", value_evidence(pd.Series(["张伟", "王芳", "李强"] * 3)), cat, "org")
    >>> [x.category for x in persons_in_charge([d])]
    ['person.name']
    """
    if any(d.category in _REGISTER for d in detections):
        return detections
    out = []
    for d in detections:
        term = d.name_hit.term.lower() if d.name_hit is not None else ""
        if d.category == "org.legal_representative" and term in _IN_CHARGE:
            note = Evidence("context", "classification.ev.in_charge", {"category": "person.name"})
            d = dataclasses.replace(d, category="person.name", review=True, evidence=(*d.evidence, note))
        out.append(d)
    return out


def dataset_context(detections: list[Detection]) -> str:
    """``person`` if the table describes natural persons, ``org`` organisations, else ``general``."""
    return dataset_subject(detections)[0]
