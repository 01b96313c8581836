"""Column-name evidence: Chinese, English, snake/camel case and pinyin-initial abbreviations.

A synonym that names the whole name, or more than its head, decides; where the synonyms stop,
the name's structure (``structure.py``: head noun + the subject of its modifier) does (rule N6).

Names are matched against the synonyms table (``data/synonyms.csv``, extendable through the
catalogue file). Chinese names are head-final, so a term at the end of the name ("法定代表人
**身份证号**") outranks a longer term elsewhere; among terms at the end the longest wins.

>>> from zjgov.classification.catalogue import load_catalogue
>>> cat = load_catalogue()
>>> hit = name_evidence("GMSFHM", cat)
>>> hit.category("person"), hit.how, hit.score
('person.citizen_id', 'exact', 0.9)
>>> name_evidence("patientName", cat).category("person")
'person.name'
>>> name_evidence("户籍地址", cat).category("person"), name_evidence("详细地址", cat).category("org")
('person.address', 'org.address')
>>> name_evidence("FIELD_07", cat) is None, is_meaningless("FIELD_07")
(True, True)
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from zjgov.classification import structure
from zjgov.classification.catalogue import Catalogue

_CJK = re.compile(r"[\u3400-\u9fff]")
_PARENS = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
_MEANINGLESS = re.compile(
    r"^(?:c|col|column|field|fld|f|attr|x|v|var|unnamed|字段|列|属性|栏)?[\s_\-:：]*\d+$|^$", re.IGNORECASE
)
_GENERIC_HEADS = frozenset({"general.code"})
#: A phone or e-mail after a noun for a person (…人, …员, …者, 家长 …) is that person's.
_PERSON_NOUN = re.compile(r"(人|员|者|长|师|生|主|属|家长|亲属|本人|患者|学员|司机|业主|房东|租户)$")
#: The type or status of an amount is a code, not an amount (income_type, 缴费状态).
_QUANTITIES = frozenset({"person.property", "general.amount", "commercial.financial", "commercial.bidding"})
_NOISE = frozenset({"t", "tb", "tbl", "col", "fld", "f", "c", "the", "of", "s"})
#: English field-name abbreviations and the words they stand for, as used across public schemas
#: (``birth_dt``, ``cust_nm``, ``home_addr``, ``tel``, ``mob_no``, ``acct_no``, ``dept_cd``). A token is
#: expanded only when it is not a synonym itself; the pinyin generator never emits these keys.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "nm": ("name",),
    "nme": ("name",),
    "fnm": ("first", "name"),
    "lnm": ("last", "name"),
    "dt": ("date",),
    "dte": ("date",),
    "tm": ("time",),
    "addr": ("address",),
    "adr": ("address",),
    "adrs": ("address",),
    "tel": ("phone",),
    "telno": ("phone", "no"),
    "ph": ("phone",),
    "phn": ("phone",),
    "mob": ("mobile",),
    "mbl": ("mobile",),
    "cell": ("mobile",),
    "acct": ("account",),
    "acc": ("account",),
    "acnt": ("account",),
    "num": ("no",),
    "nbr": ("no",),
    "nr": ("no",),
    "cd": ("code",),
    "amt": ("amount",),
    "bal": ("balance",),
    "bday": ("birth", "date"),
    "cust": ("customer",),
    "emp": ("employee",),
    "empl": ("employee",),
    "stu": ("student",),
    "stud": ("student",),
    "std": ("student",),
    "pat": ("patient",),
    "ptnt": ("patient",),
    "diag": ("diagnosis",),
    "dx": ("diagnosis",),
    "rx": ("prescription",),
    "hosp": ("hospital",),
    "lng": ("longitude",),
    "pwd": ("password",),
    "usr": ("user",),
    "desc": ("description",),
    "reg": ("registration",),
    "cert": ("certificate",),
    "lic": ("licence",),
    "gndr": ("gender",),
    "natl": ("nationality",),
    "ethn": ("ethnicity",),
    "occ": ("occupation",),
    "occup": ("occupation",),
    "edu": ("education",),
    "sal": ("salary",),
    "img": ("image",),
    "pic": ("photo",),
    "ref": ("reference",),
    "zip": ("postcode",),
    "pcode": ("postcode",),
    "org": ("organization",),
    "corp": ("company",),
    "co": ("company",),
    "ent": ("enterprise",),
    "grd": ("guardian",),
    "dept": ("department",),
    "txn": ("transaction",),
    "trx": ("transaction",),
    "biz": ("business",),
    "prov": ("province",),
    "ins": ("insurance",),
    "surg": ("surgery",),
    "est": ("established",),
    "tchr": ("teacher",),
    "sch": ("school",),
    "emerg": ("emergency",),
    "drv": ("driver",),
    "veh": ("vehicle",),
    "opr": ("operator",),
    "mbr": ("member",),
    "upd": ("updated",),
    "ctr": ("center",),
    "cntr": ("center",),
    "val": ("value",),
    "rslt": ("result",),
    "bld": ("blood",),
    "auth": ("authority",),
    "qual": ("qualification",),
    "loc": ("location",),
    "lvl": ("level",),
    "stat": ("status",),
    "sts": ("status",),
    "cnt": ("count",),
    "dob": ("birth", "date"),
    "brth": ("birth",),
    "nat": ("nationality",),
    "idno": ("id", "no"),
}
#: Unit tokens dropped from the end of an English name.
_UNITS = frozenset({"cm", "mm", "m", "km", "kg", "g", "kwh", "yuan", "rmb", "cny", "pct", "percent", "ml", "l"})
#: English person nouns (the person subjects of the name structure, rule N3): a contact channel
#: after one of them is that person's (``parent_mobile``).
_EN_PERSON_ROLES = frozenset(structure.SUBJECTS["person"][0])
#: A pinyin-initial field name is all consonants but for a rare zero-initial syllable: a token
#: with i, u or two other vowels is English, not pinyin.
_NOT_PINYIN = re.compile(r"[iu]|[aeo].*[aeo]")
#: A Chinese name whose head is a person noun ("…人", "…员", "…者") names a person when no
#: synonym matches it (填报人, 网格员, 申请者); 法人 and 单位/企业/机构… heads are organisations.
_PERSON_HEAD = re.compile(r"(?<!法)(人|员|者)$|对象$")


@dataclasses.dataclass(frozen=True)
class NameHit:
    """The best synonym found in a column name."""

    term: str
    kind: str  # zh | en | pinyin
    how: str  # exact | suffix | contains
    score: float
    categories: tuple[str, str, str]  # person, org, general context
    #: for a structural reading (how == "structure"): the head's value family, the modifier and
    #: the subject it names (rules N1-N7)
    family: str = ""
    head: str = ""
    modifier: str = ""
    subject: str = ""

    def category(self, context: str = "person") -> str:
        person, org, general = self.categories
        return {"person": person, "org": org or person, "general": general or person}[context]


def is_meaningless(name: object) -> bool:
    """Whether a column name carries no meaning (``C1``, ``FIELD_07``, ``字段3``, ``Unnamed: 4``)."""
    return bool(_MEANINGLESS.match(unicodedata.normalize("NFKC", str(name)).strip()))


def _index(
    cat: Catalogue,
) -> tuple[list[tuple[str, tuple[str, str, str]]], dict[str, tuple[str, str, tuple[str, str, str]]]]:
    cached = getattr(cat, "_name_index", None)
    if cached is not None:
        return cached
    zh: list[tuple[str, tuple[str, str, str]]] = []
    ascii_: dict[str, tuple[str, str, tuple[str, str, str]]] = {}
    seen_zh: set[str] = set()
    for term, kind, category, org, general in cat.synonyms[
        ["term", "kind", "category", "org_category", "general_category"]
    ].itertuples(index=False):
        cats = (category, org, general)
        norm = unicodedata.normalize("NFKC", term).lower()
        if _CJK.search(norm):
            key = re.sub(r"[\s_\-]", "", norm)
            if key not in seen_zh:
                seen_zh.add(key)
                zh.append((key, cats))
        else:
            key = re.sub(r"[^0-9a-z]", "", norm)
            ascii_.setdefault(key, (term, kind or "en", cats))
    cat._name_index = (zh, ascii_)  # type: ignore[attr-defined]
    return zh, ascii_


#: Categories a modifier cannot name as a topic: they name whose value it is (subjects), or nothing.
_NOT_TOPICS = frozenset({"person.name", "org.name", "person.internal_id", "org.legal_representative"})
#: Generic last words of a multi-word synonym: "marital status" makes "marital" a topic.
_GENERIC_LAST = frozenset({"status", "type", "code", "name", "category", "level", "result", "class", "kind"})


def _is_topic(cats: tuple[str, str, str]) -> bool:
    """Whether a synonym's category can be a topic: not general, not a subject's name or number,
    not a quantity (the type of an income is a code: ``income_type``)."""
    return not cats[0].startswith("general.") and cats[0] not in _NOT_TOPICS and cats[0] not in _QUANTITIES


def _structure_index(cat: Catalogue) -> tuple[frozenset[str], dict[str, tuple[str, str, str]]]:
    """English words the segmenter knows, and English topic modifiers with their categories."""
    cached = getattr(cat, "_structure_index", None)
    if cached is not None:
        return cached
    _, ascii_terms = _index(cat)
    lexicon = set()
    topics: dict[str, set[tuple[str, str, str]]] = {}
    for key, (term, kind, cats) in ascii_terms.items():
        if kind != "en":
            continue
        parts = re.findall(r"[a-z]+", unicodedata.normalize("NFKC", term).lower())
        if len(parts) == 1 and len(key) >= 3:
            lexicon.add(key)
        if not _is_topic(cats):
            continue
        if len(parts) == 1:
            topics.setdefault(key, set()).add(cats)
        elif parts[-1] in _GENERIC_LAST:
            topics.setdefault("".join(parts[:-1]), set()).add(cats)
    unique = {k: next(iter(v)) for k, v in topics.items() if len(v) == 1}
    cat._structure_index = (frozenset(lexicon), unique)  # type: ignore[attr-defined]
    return cat._structure_index  # type: ignore[attr-defined]


def _topic(s: structure.Structure, cat: Catalogue) -> tuple[tuple[str, str, str], str] | None:
    """The category the modifier right in front of a generic head names (``marital_cd``, 手术名称)."""
    if not s.modifiers or s.family not in structure.TOPIC_FAMILIES:
        return None
    last = s.modifiers[-1]
    if s.modifier is not None and s.modifier in (last.text, s.head):
        return None  # the nearest modifier names a subject (patient_name) or the head an establishment
    zh_terms, ascii_terms = _index(cat)
    if last.script == "en":
        _, topics = _structure_index(cat)
        trailing: list[str] = []
        for w in reversed(s.modifiers):
            if w.script != "en":
                break
            trailing.insert(0, w.text)
        for k in range(min(3, len(trailing)), 0, -1):
            key = "".join(trailing[-k:])
            if key in topics:
                return topics[key], " ".join(trailing[-k:])
        return None
    if last.script == "zh":
        found = [(len(t), t, c) for t, c in zh_terms if len(t) >= 2 and last.text.endswith(t)]
        found = [f for f in found if _is_topic(f[2])]
        return (max(found)[2], max(found)[1]) if found else None
    hit = ascii_terms.get(last.text.lower())
    if hit is not None and hit[1] == "pinyin" and _is_topic(hit[2]):
        return hit[2], hit[0]
    return None


def structural_hit(name: object, cat: Catalogue) -> NameHit | None:
    """The reading of a name by its structure: head family + the subject or topic of a modifier.

    >>> from zjgov.classification.catalogue import load_catalogue
    >>> cat = load_catalogue()
    >>> hit = structural_hit("inspector_tel", cat)
    >>> hit.category("org"), hit.family, hit.subject
    ('person.phone', 'phone', 'person')
    >>> structural_hit("marital_cd", cat).category("person"), structural_hit("userNo", cat).category("person")
    ('person.marital_status', 'person.internal_id')
    """
    lexicon, _ = _structure_index(cat)
    s = structure.parse(name, ABBREVIATIONS, lexicon)
    if s.family is None:
        return None
    topic = _topic(s, cat)
    if topic is not None:
        s = structure.with_topic(s, *topic)
    cats = structure.compose(s)
    if cats is None:
        return None
    modifier = s.topic_term or s.modifier or ""
    subject = "topic" if s.topic_term else ("event" if s.event else (s.subject or ""))
    if s.event is not None:
        modifier = next(
            (
                w.text
                for w in reversed(s.modifiers)
                if w.text in structure.EVENT_DATES or any(w.text.endswith(e) for e in structure.EVENT_DATES)
            ),
            "",
        )
    score = 0.8 if subject else 0.75
    term = f"{modifier} + {s.head}" if modifier else str(s.head)
    kind = s.words[-1].script
    return NameHit(
        term, kind, "structure", score, cats, family=str(s.family), head=str(s.head), modifier=modifier, subject=subject
    )


def _qualifier(found: list[tuple], cats: tuple[str, str, str], exact: bool, rank) -> tuple | None:
    """For a generic head ("…类型", "…_status"), the specific term that qualifies it, if any.

    The type or status of something belongs to the same domain: 残疾类型 is disability data.
    """
    if exact or cats[0] not in _GENERIC_HEADS:
        return None
    specific = [
        f
        for f in found
        if f[-1][0] not in _GENERIC_HEADS and not f[-1][0].startswith("general.") and f[-1][0] not in _QUANTITIES
    ]
    return max(specific, key=rank) if specific else None


def tokens(name: str) -> list[str]:
    """ASCII word tokens of a name, split at separators and camel-case boundaries.

    >>> tokens("IDCardNo"), tokens("t_rk_GMSFHM")
    (['id', 'card', 'no'], ['rk', 'gmsfhm'])
    """
    ascii_part = re.sub(r"[^0-9A-Za-z]+", " ", name)
    words = []
    for chunk in ascii_part.split():
        words.extend(structure.ascii_words(chunk))
    while len(words) > 1 and words[0] in _NOISE:
        words = words[1:]
    return words


def _expand(words: list[str], known: dict) -> list[str]:
    """Abbreviated tokens replaced by the words they stand for (``cust_nm`` → customer name).

    Both readings are matched (``reg_capital`` is a synonym as written, ``email_addr`` expanded).
    """
    out: list[str] = []
    for w in words:
        out.extend(ABBREVIATIONS.get(w, (w,)))
    return out


def _pinyin_compound(word: str, known: dict) -> tuple[str, str | None] | None:
    """A pinyin-initial token that ends with a known pinyin term: (head term, qualifier term).

    ``jhrlxdh`` = JHR (监护人) + LXDH (联系电话). The head must be a pinyin term of at least three
    letters; with a known pinyin term in front it may be the whole rest, otherwise at least four.
    Two-letter heads (HM, SJ) are too ambiguous to split off.
    """
    if len(word) < 5 or _NOT_PINYIN.search(word) or not word.isalpha():
        return None
    for at in range(1, len(word) - 2):
        head, front = word[at:], word[:at]
        if known.get(head, ("", ""))[1] != "pinyin":
            continue
        if known.get(front, ("", ""))[1] == "pinyin" and (len(head) >= 4 or len(front) >= 3):
            return head, front  # a three-letter head after two letters is ambiguous (JJ + DBH of JJDBH)
        if len(head) >= 4:
            return head, None
    return None


def _strip_units(words: list[str]) -> list[str]:
    """A trailing unit says how a quantity is measured, not what it is (``height_cm``, ``fee_yuan``)."""
    while len(words) > 1 and words[-1] in _UNITS:
        words = words[:-1]
    return words


def _ascii_hit(words: list[str], ascii_terms: dict) -> NameHit | None:
    """The best synonym among the contiguous token spans of an ASCII name."""
    found = []
    n = len(words)
    for i in range(n):
        for j in range(i + 1, n + 1):
            key = "".join(words[i:j])
            if key not in ascii_terms and key.endswith("s") and key[:-1] in ascii_terms:
                key = key[:-1]  # plural: customers -> customer
            if key in ascii_terms:
                found.append((j == n, j - i, len(key), i == 0, key, ascii_terms[key][2]))
    compound_cats = None
    compound = _pinyin_compound(words[-1], ascii_terms)
    if compound is not None and words[-1] in ascii_terms:
        front = compound[1]
        if front is not None and ascii_terms[front][2][0] == "person.name":
            person = ascii_terms[words[-1]][2][0]
            if person.startswith("person."):  # JHRLXDH known whole: still the guardian's
                compound, compound_cats = (words[-1], None), (person, person, person)
    elif compound is not None and (not found or not max(found)[0]):
        head, front = compound
        compound_cats = ascii_terms[head][2]
        if front is not None and ascii_terms[front][2][0] == "person.name":
            person = compound_cats[0]
            if person.startswith("person."):  # JHRLXDH: the guardian's phone in any table
                compound_cats = (person, person, person)
        found.append((True, 2 if front else 1, len(head), n == 1 and front is not None, head, compound_cats))
    if not found:
        return None
    suffix, span, _, first, key, cats = max(found)
    term, kind, cats = ascii_terms[key]
    if compound_cats is not None and key == compound[0]:
        cats = compound_cats
    exact = suffix and first
    top = 0.9 if kind == "pinyin" else 0.95
    qualifier = _qualifier(found, cats, exact, lambda f: (f[1], f[2]))
    if qualifier is not None:
        term, kind, cats = ascii_terms[qualifier[4]]
        how, score = "qualifier", 0.7
    elif exact:
        how, score = "exact", top
    elif suffix:
        how, score = "suffix", 0.8 if span >= 2 else 0.75
    else:
        how, score = "contains", 0.55
    if cats[1] == "org.contact" and suffix and any(w in _EN_PERSON_ROLES for w in words[:-1]):
        cats = (cats[0], cats[0], cats[0])  # parent_mobile, patient_email: that person's channel
    return NameHit(term, kind, how, score, cats)


def name_evidence(name: object, cat: Catalogue) -> NameHit | None:
    """The best reading of a column name: a synonym, or its structure (rule N6), or None."""
    text = unicodedata.normalize("NFKC", str(name)).strip()
    if is_meaningless(text):
        return None
    return _combine(_synonym_hit(text, cat), structural_hit(text, cat), text)


#: Categories of codes, numbers and texts that a measured quantity is not.
_NOT_QUANTITIES = frozenset({"general.code", "general.text", "general.record_id"})


def _norm(term: str) -> str:
    return re.sub(r"[\s_\-]", "", term.lower())


def _combine(synonym: NameHit | None, shape: NameHit | None, text: str) -> NameHit | None:
    """Rule N6: a synonym that names the whole name or more than its head outranks the structure;
    a synonym that matched only the head yields to the structure when a modifier names the subject,
    topic or event (``userNo``, ``inspector_tel``, ``road_nm``, 断面经度)."""
    if shape is None or synonym is None:
        return synonym or shape
    contexts = ("person", "org", "general")
    if all(synonym.category(c) == shape.category(c) for c in contexts):
        return synonym
    mixed = bool(_CJK.search(text)) and synonym.kind != "zh"  # 病人ID: "id" is not the whole name
    if synonym.how in ("exact", "qualifier") and not mixed:
        return synonym
    if shape.family == "quantity" and synonym.category("general") in _NOT_QUANTITIES:
        return shape  # waterLevelCm: a level measured in centimetres is a quantity, not a grade
    if shape.subject and len(_norm(synonym.term)) <= len(_norm(shape.head)):
        return shape
    if not shape.subject and (synonym.how == "contains" or mixed):
        return shape
    return synonym


def _synonym_hit(text: str, cat: Catalogue) -> NameHit | None:
    """The best synonym match for a normalised, meaningful column name, or None."""
    zh_terms, ascii_terms = _index(cat)
    best: NameHit | None = None
    compact = re.sub(r"[\s_\-.·/、]", "", _PARENS.sub("", text).lower()) or re.sub(r"[\s_\-.]", "", text.lower())
    if _CJK.search(compact):
        cjk_only = "".join(_CJK.findall(compact))
        found = []
        for term, cats in zh_terms:
            at = compact.rfind(term)
            if at < 0:
                continue
            tail = compact[at + len(term) :]
            suffix = not _CJK.search(tail)
            if len(term) == 1 and not suffix:
                continue  # a one-character head ("名", "号") counts only at the end
            found.append((suffix, len(term), term, cats))
        if found:
            suffix, length, term, cats = max(found, key=lambda f: (f[0], f[1]))
            exact = term in (cjk_only, compact)
            coverage = length / max(len(cjk_only), 1)
            qualifier = _qualifier(found, cats, exact, lambda f: (f[1],))
            if qualifier is not None:
                suffix, length, term, cats = qualifier
                how, score = "qualifier", 0.7
            elif exact:
                how, score = "exact", 0.95
            elif suffix:
                how, score = "suffix", 0.85 if coverage >= 0.5 else 0.75
            else:
                how, score = "contains", 0.65 if coverage >= 0.5 else 0.55
            head = compact[: compact.rfind(term)]
            if cats[1] == "org.contact" and _PERSON_NOUN.search(head):
                cats = (cats[0], cats[0], cats[0])  # 保洁员电话, 家属手机: a person's channel in any table
            best = NameHit(term, "zh", how, score, cats)
        if (best is None or best.how not in ("exact", "suffix")) and _PERSON_HEAD.search(cjk_only):
            person = ("person.name", "", "")
            best = NameHit(cjk_only, "zh", "suffix", 0.75, person)  # rule: a person noun as head
    words = tokens(text)
    if words:
        hit = _ascii_hit(words, ascii_terms)
        if hit is not None and (best is None or hit.score > best.score):
            best = hit
        # without a trailing unit, then with abbreviations expanded: each wins a tie with the
        # reading before it (height_cm is height, cust_tel a customer's phone, reg_capital stays)
        bare = _strip_units(words)
        lexicon, _ = _structure_index(cat)
        joined = [p for w in bare for p in structure.split_run(w, lexicon, ABBREVIATIONS)]
        for variant in (bare, _expand(bare, ascii_terms), _expand(joined, ascii_terms)):
            if variant == words:
                continue
            hit = _ascii_hit(variant, ascii_terms)
            if hit is not None and (best is None or hit.score >= best.score):
                best = hit
    return best
