"""Value evidence: what a column's values look like, as shares of value kinds.

Every check runs once per *distinct* value (Arrow ``value_counts``) and is weighted by its
count, so a million-row column of sex codes costs a handful of checks. Standard codes use the
``zjgov.codes`` kernels (``check(column)``); the other kinds are Arrow regular expressions and
table look-ups (surnames, GB/T 2260 names). Codes that are not installed are simply skipped.

>>> import pandas as pd
>>> ev = value_evidence(pd.Series(["11010519491231002X", "440524188001010014", None]))
>>> ev.n, ev.shares["code:citizen_id"]
(2, 1.0)
>>> value_evidence(pd.Series(["张伟", "王芳", "欧阳娜娜", "李强"])).top()
('person_name', 1.0)
>>> value_evidence(pd.Series(["浙江省杭州市西湖区文三路90号", "杭州市上城区解放路18号3幢201室"])).top()
('address', 1.0)
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from zjgov import codes
from zjgov.classification.kinds import CODE_KINDS, is_specific, specificity
from zjgov.core.data import table as reference_table

#: Minimum share for a kind to count, by specificity.
THRESHOLD = {"strong": 0.6, "medium": 0.7, "weak": 0.8}

_CJ = "一-龥"
_RE = {
    "email": r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$",
    "ipv4": r"^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$",
    "ipv6": r"^(([0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{0,4}::([0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{0,4})$",
    "mac": r"^([0-9A-Fa-f]{2}[:\-]){5}[0-9A-Fa-f]{2}$",
    "uuid": r"^[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}$",
    "imei": r"^\d{15}$",
    # IMSI (ITU-T E.212): mobile country code 460 (China), a two-digit network code, ten digits
    "imsi": r"^460(0[0-9]|1[0-9]|20)\d{10}$",
    "date": r"^(1[89]|20)\d\d([\-/.]?)(0?[1-9]|1[0-2])([\-/.]?)(0?[1-9]|[12]\d|3[01])$|^(1[89]|20)\d\d年\d{1,2}月\d{1,2}日$"
    r"|^(19|20)\d\d[\-/.](0?[1-9]|1[0-2])$|^(19|20)\d\d年(0?[1-9]|1[0-2])月$",
    "datetime": r"^(1[89]|20)\d\d[\-/.]?\d{1,2}[\-/.]?\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?",
    "person_name": rf"^[{_CJ}]{{2,4}}$|^[{_CJ}]{{1,2}}·[{_CJ}]{{1,8}}$",
    "amount": r"^-?\d{1,15}\.\d{1,4}$",
    "integer": r"^-?(0|[1-9]\d{0,8})$",
    "coordinate": r"^-?\d{1,3}\.\d{3,}\s*[,，]\s*-?\d{1,3}\.\d{3,}$",
    "identifier": r"^[0-9A-Za-z_\-]{4,40}$",
    "binary": r"^[A-Za-z0-9+/]{40,}={0,2}$",
    # ICD-10 (GB/T 14396): a letter (U is reserved), two digits, an optional dotted extension
    "icd10": r"^[A-TV-Z]\d{2}(\.[0-9A-Za-z]{1,4})?$",
    "geohash": r"^[0-9b-hjkmnp-z]{6,12}$",
    # login names: lower-case handle with a run of letters, optional digits and . _ - separators
    "account": r"^[a-z][a-z0-9]*([._\-][a-z0-9]+)*$",
    "blood_pressure": r"^\d{2,3}/\d{2,3}(\s*mmHg)?$",
    "decimal4": r"^-?\d{1,3}\.\d{4,}$",
    # a laboratory result or vital sign with its unit (WS 445 / LOINC units: mmol/L, g/L, U/L,
    # ×10^9/L, ℃, 次/分, mmHg, kg/m²)
    "lab_value": r"^[<>≤≥]?\d+(\.\d+)?\s*(mmol/L|μmol/L|umol/L|mg/dL|mg/L|g/L|U/L|IU/L|mIU/mL|ng/mL|pg/mL"
    r"|[×xX]\s*10\^?9/L|[×xX]\s*10\^?12/L|℃|次/分|bpm|mmHg|kg/m2|kg/m²)$",
    # a web address (RFC 3986 scheme and authority, or a bare www. host)
    "url": r"^(https?|ftp)://[^\s/$.?#][^\s]*$|^www\.[^\s]+\.[a-z]{2,}(/\S*)?$",
    # an HTTP User-Agent header (RFC 9110 §10.1.5: product/version tokens first; browsers and
    # WeChat's web view start with Mozilla/, apps with their HTTP library). Anchored: one
    # character decides for most other values.
    "user_agent": r"^(Mozilla|Dalvik|Opera|okhttp|curl|Wget|python-requests|Java|Apache-HttpClient)/\S",
}
#: Disease, drug and treatment vocabulary (GB/T 35273 Annex A 个人健康生理信息: 病症, 医嘱, 检验报告,
#: 用药记录, 过敏, 生育 …); drug dosage forms at the end of a name, doses, routes and frequencies.
_HEALTH = (
    r"炎|癌|瘤|综合征|综合症|骨折|感染|结石|结节|哮喘|过敏|高血压|低血压|糖尿病|白内障|青光眼|贫血|出血|梗死|梗塞|衰竭|"
    r"囊肿|息肉|溃疡|肿大|硬化|抑郁|焦虑|精神分裂|失眠|癫痫|痴呆|中风|卒中|发热|咳嗽|腹泻|呕吐|疼痛|头痛|疾病|病变|病毒|"
    r"妊娠|分娩|顺产|剖宫产|流产|失能|自理|疫苗|接种|血压|血糖|血脂|心率|体检|随访|复查|异常|住院|手术|麻醉|化疗|放疗|透析|"
    r"胸闷|气短|心悸|头晕|乏力|腹痛|胸痛|恶心|停经|复诊|"
    r"胆固醇|甘油三酯|转氨酶|胆红素|血红蛋白|白细胞|红细胞|血小板|肌酐|尿酸|血常规|尿常规|肝功能|肾功能|核酸|抗体|抗原|"
    r"病史|[病症]$|[病症]\d*期|慢性|急性|恶性|良性|先天性|突出|脱位|扭伤|挫伤|阳性|阴性|"
    r"(片|胶囊|注射液|注射剂|颗粒|口服液|丸|粉雾剂|吸入剂|气雾剂|喷雾剂|软膏|乳膏|凝胶|滴眼液|滴鼻液|糖浆|混悬液|散|贴剂|栓)(\s|$)|"
    r"\d(mg|g|ml|mL|μg|ug|IU|万单位)\b|口服|静滴|静脉滴注|肌注|皮下注射|\b(qd|bid|tid|qid|qn|prn)\b|每日[一二三四1-4]次|"
    r"第\d+剂|剂次|加强针"
)
#: ABO / RhD blood groups (A+, O-, AB型, B型Rh阳性, Rh阴性): counted as health vocabulary when the
#: column also holds O or AB groups (grades such as A+ / B- alone are not blood groups).
_BLOOD_GROUP = r"^(A|B|AB|O)\s*型?\s*((Rh|RH|rh)?\s*[+\-]|(Rh|RH)?[阳阴]性)?$|^(Rh|RH)[阳阴]性$"
_BLOOD_GROUP_OA = r"^(O|AB)"
#: Offences of the Criminal Law (…罪) and the penalties and community-correction types of the
#: Criminal Law and the 社区矫正法 (GB/T 35273 A: 个人犯罪记录).
_CRIMINAL = (
    rf"^[{_CJ}]{{1,20}}罪$|^(管制|拘役|缓刑|假释|有期徒刑|无期徒刑|死刑|死缓|暂予监外执行|监外执行|剥夺政治权利|刑满释放|"
    r"取保候审|监视居住|刑事拘留|逮捕|社区矫正)"
)
#: Masked personal values as published or exported (GB/T 35273 去标识化 by masking is still
#: personal information): 138****1234, 330106********1234, 张*, 王*华, 6222 **** **** 1234.
_MASKED = {
    "masked_mobile": r"^1[3-9]\d[*＊]{4}\d{4}$",
    "masked_id": r"^\d{1,6}[*＊]{8,14}\d{0,4}[\dXx]$|^\d{6}[*＊]{8}\d{3}[\dXx*]$",
    "masked_name": rf"^[{_CJ}][*＊]{{1,3}}$|^[{_CJ}][*＊][{_CJ}]$|^[*＊][{_CJ}]{{1,2}}$",
    "masked_card": r"^\d{4,6}[\s*＊]*[*＊]{4,}[\s*＊]*\d{4}$",
}
#: Romanised Chinese names (GB/T 28039-2011 中国人名汉语拼音字母拼写规则: surname first, given name
#: in one word; passports, airline and foreign-facing systems): ZHANG WEI, Wang Xiaoming,
#: Ouyang Nana, Li Na, and the given-name-first form Xiaoming Wang.
_PINYIN_SURNAMES = (
    "zhang|wang|li|liu|chen|yang|huang|zhao|wu|zhou|xu|sun|ma|zhu|hu|guo|he|lin|gao|luo|zheng|liang|xie|"
    "song|tang|han|feng|deng|cao|peng|zeng|xiao|tian|dong|pan|yuan|cai|jiang|yu|du|ye|cheng|wei|su|lv|lyu|"
    "ding|ren|lu|yao|shen|zhong|cui|tan|fan|jin|shi|liao|jia|xia|fu|fang|zou|xiong|bai|meng|qin|qiu|hou|"
    "yin|xue|yan|duan|lei|long|tao|mao|hao|gu|gong|shao|wan|qian|lai|kong|xiang|chang|wen|niu|kang|"
    "ouyang|sima|zhuge|shangguan|situ"
)
_PINYIN_SYLLABLE = (
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uan|uai|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v))"
)
_PINYIN_NAME = rf"(?i)^(?:(?:{_PINYIN_SURNAMES})[ ,]+{_PINYIN_SYLLABLE}{{1,2}}|{_PINYIN_SYLLABLE}{{1,2}}[ ,]+(?:{_PINYIN_SURNAMES}))$"
#: Everyday short forms of GB/T 4658 education levels.
_EDUCATION_SHORT = (
    "博士",
    "硕士",
    "研究生",
    "本科",
    "大学本科",
    "专科",
    "大专",
    "大学专科",
    "中专",
    "中技",
    "技校",
    "职高",
    "高中",
    "普通高中",
    "初中",
    "小学",
    "文盲",
    "半文盲",
)
#: GB/T 2261.2 marital status names and marriage-registration events.
_MARITAL = r"未婚|已婚|初婚|再婚|复婚|丧偶|离婚|离异|结婚|婚姻"
#: What below-county addresses carry after the division names (township, community, road, number).
_FINE_PLACE = (
    r"街道|镇|乡|村|社区|路|街|巷|弄|号|室|幢|栋|组|小区|苑|花园|大道|大厦|公寓|楼|单元|里|屯|嘎查|苏木|开发区|园区"
)
#: A township-level division name (GB/T 10114 乡、镇、街道; 苏木 in Inner Mongolia) and nothing else.
_TOWNSHIP = rf"^[{_CJ}]{{1,8}}(街道|镇|乡|苏木)$"
_ORG_SUFFIX = (
    rf"[{_CJ}）)]+(有限公司|有限责任公司|股份有限公司|公司|集团|厂|商行|经营部|门市部|店|超市|酒店|宾馆|工作室|合作社|"
    r"协会|学会|商会|基金会|委员会|中心|医院|卫生院|卫生室|诊所|门诊部|药房|学校|小学|中学|学院|大学|幼儿园|研究院|研究所|"
    r"事务所|银行|支行|分行|局|办公室|管理处|管理站|服务站|大队|支队|派出所|法院|检察院|政府|街道办事处|村民委员会|居民委员会|社区|馆|"
    r"停车场|农场|市场|商场|菜场|加油站|营业厅|食堂|餐厅|餐馆|饭店|公厕|公园|驿站|码头|车站|"
    r"联合会|红十字会|工会|促进会|研究会|服务社|志愿队|监测站|观测站|水文站|变电站|污水处理厂|自来水厂|"
    r"司法所|供电所|卫生所|财政所|税务所|管理所|检验所|血站|血液中心|机关)$"
)
_ADDR_AREA = r"(省|市|区|县|旗|镇|乡|街道|村|自治州|盟)"
_ADDR_PLACE = r"(路|街|巷|弄|大道|道|号|室|栋|幢|单元|楼|组|社区|小区|苑|花园|公寓|大厦|广场|村)"
#: Document numbers such as 杭西市监罚〔2024〕12号 or 浙(2023)杭州市不动产权第0012345号 are not addresses.
_DOC_NUMBER = r"[〔\[(（【]\d{4}[〕\])）】]|第\d+号$"
_BOOLEAN = pa.array(
    ["0", "1", "是", "否", "y", "n", "Y", "N", "true", "false", "True", "False", "TRUE", "FALSE", "T", "F"]
)


@dataclasses.dataclass(frozen=True)
class ValueEvidence:
    """What the non-null values of a column look like."""

    n: int  # non-null values looked at
    distinct: int
    shares: Mapping[str, float]  # kind -> share of values of that kind
    under14: float | None = None  # share of persons under 14 (from ID numbers or birth dates)
    int_under14: float | None = None  # share of integers below 14 (an age column)
    mean_length: float = 0.0
    account_numbers: float = 0.0  # share of 10-25 digit strings (account numbers, not handles)
    township: float = 0.0  # share of township-level division names (西湖区转塘街道, 佛堂镇)

    def kinds(self) -> list[tuple[str, float]]:
        """Kinds above their threshold, best first.

        Specific kinds come before unspecific ones (numbers, short codes, identifiers, free
        text) whatever their shares; among each, the share plus a bonus for specificity.
        """
        bonus = {"strong": 0.2, "medium": 0.1, "weak": 0.0}
        found = [(k, s) for k, s in self.shares.items() if s >= THRESHOLD[specificity(k)]]
        return sorted(found, key=lambda ks: (not is_specific(ks[0]), -(ks[1] + bonus[specificity(ks[0])]), ks[0]))

    def top(self) -> tuple[str, float] | None:
        found = self.kinds()
        return found[0] if found else None


@functools.cache
def _surnames() -> tuple[pa.Array, pa.Array]:
    t = reference_table("chinese_surnames")
    return pa.array(t.surname[t.length == "1"].tolist()), pa.array(t.surname[t.length == "2"].tolist())


@functools.cache
def _division_names() -> pa.Array:
    names = set(reference_table("gb2260_history").name) | set(reference_table("gb2260_divisions").name)
    short = {n[:-1] for n in names if len(n) > 2 and n[-1] in "省市区县"}
    return pa.array(sorted(names | short))


@functools.cache
def _division_prefixes() -> tuple[pa.Array, tuple[int, ...]]:
    """GB/T 2260 names (and short forms) of two characters or more, and the lengths that occur."""
    names = sorted({n for n in _division_names().to_pylist() if len(n) >= 2})
    return pa.array(names), tuple(sorted({len(n) for n in names}, reverse=True))


def _strip_divisions(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """``values`` without their leading GB/T 2260 names (province, prefecture, county; longest first).

    Returns the rest of every value and whether any name was stripped. Vectorised: one
    slice and one hash look-up per name length, at most three rounds, each over the values
    the previous round shortened.
    """
    names, name_lengths = _division_prefixes()
    rest = values
    stripped = np.zeros(len(values), dtype=bool)
    active = np.ones(len(values), dtype=bool)
    for _ in range(3):
        n = pc.utf8_length(rest).to_numpy(zero_copy_only=False)
        best = np.zeros(len(rest), dtype=np.int64)
        rows = np.flatnonzero(active)
        part = rest.take(pa.array(rows))
        longest = int(n[rows].max()) if len(rows) else 0
        for length in (k for k in name_lengths if k <= longest):
            hit = _np(pc.is_in(pc.utf8_slice_codeunits(part, 0, length), value_set=names))
            new = rows[hit] if hit.any() else rows[:0]
            new = new[(best[new] == 0) & (n[new] >= length)]
            best[new] = length
        found = best > 0
        if not found.any():
            break
        stripped |= found
        out = rest
        for length in np.unique(best[found]):
            out = pc.if_else(pa.array(best == length), pc.utf8_slice_codeunits(rest, int(length)), out)
        rest, active = out, found
    return rest, stripped


@functools.cache
def _code_table_names() -> dict[str, pa.Array]:
    sex = [*reference_table("gbt2261_1_sex").name.tolist(), "男", "女", "未知", "未说明"]
    eth = reference_table("gbt3304_ethnic_groups")
    edu = reference_table("gbt4658_education")
    rel = reference_table("gbt4761_family_relationship")
    return {
        "sex": pa.array(sex),
        "ethnicity": pa.array(eth.name.tolist() + eth.letter_code.tolist()),
        "education": pa.array(edu.name.tolist() + list(_EDUCATION_SHORT)),
        "family_relationship": pa.array(rel.name.tolist()),
    }


def _match(values: pa.Array, kind: str) -> np.ndarray:
    return _np(pc.match_substring_regex(values, _RE[kind]))


def _match_where(values: pa.Array, mask: np.ndarray, pattern: str) -> np.ndarray:
    """``pattern`` searched only in the values selected by ``mask`` (False elsewhere)."""
    out = np.zeros(len(values), dtype=bool)
    rows = np.flatnonzero(mask)
    if len(rows):
        out[rows] = _np(pc.match_substring_regex(values.take(pa.array(rows)), pattern))
    return out


def _np(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(arr.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _luhn(values: pa.Array, mask: np.ndarray) -> np.ndarray:
    """Luhn check of the fixed-length digit strings selected by ``mask``."""
    out = np.zeros(len(values), dtype=bool)
    rows = np.flatnonzero(mask)
    if not len(rows):
        return out
    strings = np.asarray(values.take(pa.array(rows)).to_numpy(zero_copy_only=False), dtype="U")
    d = strings.view(np.uint32).reshape(len(rows), -1).astype(np.int64) - 48
    d = d[:, ::-1].copy()
    doubled = d[:, 1::2] * 2
    d[:, 1::2] = np.where(doubled > 9, doubled - 9, doubled)
    out[rows] = d.sum(axis=1) % 10 == 0
    return out


def _code_valid(name: str, values: pa.Array) -> np.ndarray:
    """``codes.get(name).check`` over ``values``; a code module that crashes is reported and skipped."""
    try:
        result = codes.get(name).check(values.to_pandas())
    except Exception as exc:  # another package's defect must not stop a classification run
        warnings.warn(
            f"zjgov.codes.{name}.check failed ({type(exc).__name__}); its value evidence is skipped", stacklevel=3
        )
        return np.zeros(len(values), dtype=bool)
    return result.valid.to_numpy(dtype=bool)


def _int_field(parts: pa.StructArray, name: str) -> np.ndarray:
    """An extracted digit group as integers (an absent day counts as the 1st)."""
    field = parts.field(name)
    field = pc.if_else(pc.equal(field, ""), "1", field)
    return pc.cast(field, pa.int64()).to_numpy(zero_copy_only=False)


def _ages_under14(y: np.ndarray, m: np.ndarray, d: np.ndarray, today: _dt.date) -> np.ndarray:
    cutoff = (today.year - 14) * 10000 + today.month * 100 + today.day
    return (y * 10000 + m * 100 + d) > cutoff


def _text_column(series: pd.Series) -> pd.Series:
    """Non-null, stripped, non-empty values as text (integers as their digits)."""
    s = series.dropna()
    if pd.api.types.is_float_dtype(s.dtype):
        s = s[np.isfinite(s.to_numpy(dtype=float))]
        if len(s) and (s == np.floor(s)).all() and s.abs().max() < 1e15:
            s = s.astype(np.int64)
    if not (pd.api.types.is_string_dtype(s.dtype) and not pd.api.types.is_object_dtype(s.dtype)):
        s = s.astype(str)
    s = s.str.strip()
    return s[s.str.len() > 0]


def value_evidence(series: pd.Series, *, today: _dt.date | None = None) -> ValueEvidence:
    """Shares of value kinds among the non-null values of ``series``."""
    today = today or _dt.date.today()
    if pd.api.types.is_bool_dtype(series.dtype):
        n = int(series.notna().sum())
        return ValueEvidence(n, int(series.nunique()), {"boolean": 1.0} if n else {})
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return _datetime_evidence(series.dropna(), today)
    numeric = pd.api.types.is_numeric_dtype(series.dtype)
    if numeric and pd.api.types.is_float_dtype(series.dtype):
        vals = series.dropna().to_numpy(dtype=float)
        vals = vals[np.isfinite(vals)]
        if len(vals) and not (vals == np.floor(vals)).all():
            return _float_evidence(vals)
    text = _text_column(series)
    n = len(text)
    if n == 0:
        return ValueEvidence(0, 0, {})
    arr = pa.array(text.to_numpy(dtype=object), type=pa.large_string()) if text.dtype == object else pa.array(text)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    vc = pc.value_counts(arr)
    values = vc.field("values")
    counts = vc.field("counts").to_numpy(zero_copy_only=False).astype(np.float64)
    distinct = len(values)
    lengths = pc.utf8_length(values).to_numpy(zero_copy_only=False)
    mean_length = float((lengths * counts).sum() / n)

    def share(mask: np.ndarray) -> float:
        return float(counts[mask].sum() / n)

    shares: dict[str, float] = {}
    under14 = int_under14 = None
    claimed = np.zeros(distinct, dtype=bool)  # values some specific kind explains
    valid: dict[str, np.ndarray] = {}
    is_date = _match(values, "date")
    is_datetime = _match(values, "datetime")
    # -- standard codes ------------------------------------------------------------------
    for name in codes.names():
        kind = CODE_KINDS.get(name)
        if kind is None:
            continue
        spec = codes.spec(name)
        lo, hi = spec.input_lengths  # plausible lengths as typed: skip hopeless checks
        plausible = (lengths >= lo) & (lengths <= hi) & ~is_date & ~is_datetime
        if share(plausible) < 0.5 or distinct > (spec.max_distinct or distinct):
            continue
        rows = np.flatnonzero(plausible)
        ok = np.zeros(distinct, dtype=bool)
        ok[rows] = _code_valid(name, values.take(pa.array(rows)))
        if name in _code_table_names():
            ok |= _np(pc.is_in(values, value_set=_code_table_names()[name]))
        else:
            claimed |= ok
        shares[kind] = share(ok)
        valid[name] = ok
        if name == "citizen_id" and ok.any():
            ids = values.filter(pa.array(ok & (lengths == 18)))
            if len(ids):
                body = pc.utf8_slice_codeunits(ids, 6, 14)
                born = np.asarray(body.to_numpy(zero_copy_only=False), dtype="U8").astype(np.int64)
                w = counts[ok & (lengths == 18)]
                young = _ages_under14(born // 10000, born // 100 % 100, born % 100, today)
                under14 = float(w[young].sum() / w.sum())
    if "mobile" in valid or "landline" in valid:
        phone = valid.get("mobile", np.zeros(distinct, dtype=bool)) | valid.get(
            "landline", np.zeros(distinct, dtype=bool)
        )
        shares["phone"] = share(phone)
    for name in _code_table_names():  # the code tables' names as well as their codes
        kind = f"code:{name}"
        if kind not in shares and distinct <= (codes.spec(name).max_distinct or distinct):
            hit = share(_np(pc.is_in(values, value_set=_code_table_names()[name])))
            if hit:
                shares[kind] = hit
    # -- shapes --------------------------------------------------------------------------
    shaped: dict[str, np.ndarray] = {}
    for kind in ("email", "ipv4", "ipv6", "mac", "uuid", "binary", "url", "user_agent"):
        mask = shaped[kind] = _match(values, kind)
        claimed |= mask
        hit = share(mask)
        if hit:
            shares[kind] = hit
    imei = _match(values, "imei")
    if imei.any():
        imsi = _match(values, "imsi")
        imei = _luhn(values, imei)
        shares["imei"] = share(imei)
        if imsi.any():  # one IMSI in ten also passes Luhn: the MCC decides when most values carry it
            shares["imsi"] = share(imsi)
            claimed |= imsi
    if is_date.any() or is_datetime.any():
        shares["date"] = share(is_date)
        shares["datetime"] = share(is_datetime)
        dated = is_date | is_datetime
        claimed |= dated
        parts = pc.extract_regex(
            values.filter(pa.array(dated)), r"^(?P<y>\d{4})\D?(?P<m>\d{1,2})(?:\D?(?P<d>\d{1,2}))?"
        )
        y, m, d = (_int_field(parts, f) for f in ("y", "m", "d"))
        w = counts[dated]
        if _looks_like_birth_dates(y, w, today):
            shares["birth_date"] = share(dated)
        young = _ages_under14(y, m, d, today)
        birth_under14 = float(w[young].sum() / w.sum())
        if under14 is None:
            under14 = birth_under14
    cjk_name = _match(values, "person_name")
    org = _np(pc.match_substring_regex(values, _ORG_SUFFIX))
    if cjk_name.any():
        single, compound = _surnames()
        first = _np(pc.is_in(pc.utf8_slice_codeunits(values, 0, 1), value_set=single))
        first2 = _np(pc.is_in(pc.utf8_slice_codeunits(values, 0, 2), value_set=compound))
        shares["person_name"] = share(cjk_name & (first | first2) & ~org)
    latin = _np(pc.match_substring_regex(values, r"^[A-Za-z]+[ ,]+[A-Za-z]+$")) & (lengths <= 24)
    romanised = np.zeros(distinct, dtype=bool)
    if latin.any():
        romanised = _match_where(values, latin, _PINYIN_NAME)
        if romanised.any():
            shares["person_name"] = shares.get("person_name", 0.0) + share(romanised)
    area = _np(pc.match_substring_regex(values, _ADDR_AREA))
    place = _np(pc.match_substring_regex(values, _ADDR_PLACE))
    docno = _np(pc.match_substring_regex(values, _DOC_NUMBER))
    address = area & place & (lengths >= 6) & ~org & ~docno
    # below county level: what is left after the GB/T 2260 names names a township, road, house …
    county_only = np.zeros(distinct, dtype=bool)
    townships = np.zeros(distinct, dtype=bool)
    fine = np.zeros(distinct, dtype=bool)
    candidates = np.flatnonzero(area & ~org & ~docno & (lengths >= 2))
    if len(candidates):
        rest, stripped = _strip_divisions(values.take(pa.array(candidates)))
        empty = _np(pc.equal(pc.utf8_length(rest), 0))
        marked = _np(pc.match_substring_regex(rest, _FINE_PLACE))
        # a township alone (西湖区转塘街道, 义乌市佛堂镇) is a township-level division, not an address
        township = stripped & _np(pc.match_substring_regex(rest, _TOWNSHIP))
        county_only[candidates] = stripped & (empty | township)
        townships = np.zeros(distinct, dtype=bool)
        townships[candidates] = stripped & township
        fine[candidates] = ((stripped & ~empty & marked) | address[candidates]) & ~county_only[candidates]
        address |= fine
        address &= ~county_only
    if address.any():
        shares["address"] = share(address)
    if fine.any():
        shares["fine_address"] = share(fine)
    if org.any():
        shares["org_name"] = share(org & (lengths >= 4))
    division = _np(pc.is_in(values, value_set=_division_names())) | county_only
    if division.any():
        shares["division_name"] = share(division)
    coord = _match(values, "coordinate")
    decimal4 = _match(values, "decimal4")
    if share(decimal4) >= 0.95:  # one longitude or latitude per value, four decimals or more
        numbers = pc.cast(values.filter(pa.array(decimal4)), pa.float64()).to_numpy(zero_copy_only=False)
        w = counts[decimal4]
        lon = float(w[(numbers >= 73) & (numbers <= 136)].sum() / w.sum())
        lat = float(w[(numbers >= 3) & (numbers <= 54)].sum() / w.sum())
        if lon >= 0.95 or lat >= 0.95:
            coord |= decimal4
    if coord.any():
        shares["coordinate"] = share(coord)
        claimed |= coord
    geo = _match(values, "geohash") & _np(pc.match_substring_regex(values, r"[b-z].*[b-z]"))
    if geo.any():
        # nearby places share the leading character of their GeoHash, and most codes carry digits
        first = pc.utf8_slice_codeunits(values.filter(pa.array(geo)), 0, 1)
        lead = np.asarray(first.to_numpy(zero_copy_only=False), dtype="U1")
        w = counts[geo]
        _, inverse = np.unique(lead, return_inverse=True)
        digits = geo & _np(pc.match_substring_regex(values, r"\d"))
        if np.bincount(inverse, weights=w).max() / w.sum() >= 0.8 and share(digits) >= 0.3 * share(geo):
            shares["geohash"] = share(geo)
            claimed |= geo
        else:
            geo[:] = False
    account = (
        _match(values, "account")
        & _np(pc.match_substring_regex(values, r"[a-z]{3}"))
        & ~_np(pc.match_substring_regex(values, r"^[0-9a-f]+$"))
        & (lengths >= 4)
        & (lengths <= 32)
        & ~geo
        & ~shaped["url"]
    )
    if account.any() and distinct >= 0.5 * n:
        shares["account"] = share(account)
    icd = _match(values, "icd10")
    dotted = icd & _np(pc.match_substring_regex(values, r"\."))
    chapters = pc.utf8_slice_codeunits(values.filter(pa.array(icd)), 0, 1)
    letters = pc.count_distinct(chapters).as_py() if icd.any() else 0
    # vehicle-type or room codes share the letter-digit-digit shape: a diagnosis column has
    # dotted sub-codes or spreads over many chapters
    if icd.any() and distinct >= 3 and (share(dotted) >= 0.3 * share(icd) or letters >= 5):
        shares["icd10"] = share(icd)
        claimed |= icd
    cjk = _np(pc.match_substring_regex(values, f"[{_CJ}]"))  # the vocabularies below are Chinese
    health = (_match_where(values, cjk, _HEALTH) | _match(values, "lab_value")) & ~org & ~address
    blood = _match_where(values, lengths <= 8, _BLOOD_GROUP)
    if blood.any() and _match_where(values, blood, _BLOOD_GROUP_OA).any():
        health |= blood
    if health.any():
        shares["health_term"] = share(health)
    starred = _np(pc.match_substring_regex(values, r"[*＊]"))
    if starred.any():
        masked_id = np.zeros(distinct, dtype=bool)
        for kind, pattern in _MASKED.items():
            hit = _match_where(values, starred, pattern)
            if kind == "masked_id":
                hit &= (lengths == 18) | (lengths == 15)  # a masked ID keeps its length
                masked_id = hit
            elif kind == "masked_card":
                hit &= ~masked_id
            if hit.any():
                shares[kind] = share(hit)
                claimed |= hit
    criminal = _match_where(values, cjk & (lengths <= 24), _CRIMINAL) & ~org & ~address
    if criminal.any():
        shares["criminal_term"] = share(criminal)
    marital = _match_where(values, cjk & (lengths <= 12), _MARITAL) & ~org
    if marital.any():
        shares["marital"] = share(marital)
    bp = _match(values, "blood_pressure")
    if bp.any():
        shares["blood_pressure"] = share(bp)
        claimed |= bp
    is_amount = _match(values, "amount")
    is_int = _match(values, "integer")
    if is_amount.any() or is_int.any():
        shares["amount"] = share(is_amount | is_int) if is_amount.any() else 0.0
        shares["integer"] = share(is_int)
        if is_int.any():
            ints = pc.cast(values.filter(pa.array(is_int)), pa.int64()).to_numpy(zero_copy_only=False)
            w = counts[is_int]
            int_under14 = float(w[(ints >= 0) & (ints < 14)].sum() / w.sum())
    if numeric:
        shares["integer"] = 1.0
    boolean = _np(pc.is_in(values, value_set=_BOOLEAN))
    if distinct <= 2 and boolean.all():
        shares["boolean"] = 1.0
    if n >= 10 and distinct <= 30 and distinct <= n / 3 and mean_length <= 12:
        shares["short_code"] = 1.0
    ident = _match(values, "identifier")
    if distinct >= 0.9 * n and n >= 5:
        shares["identifier"] = share(ident)
    text_like = (lengths >= 10) & ~address & ~org & ~cjk_name & ~romanised & ~ident & ~claimed
    if text_like.any() and mean_length >= 10:
        shares["free_text"] = share(text_like)
    digits = _match_where(values, ident & (lengths >= 10) & (lengths <= 25), r"^\d+$")
    return ValueEvidence(
        n,
        distinct,
        {k: round(v, 4) for k, v in shares.items() if v > 0},
        under14,
        int_under14,
        mean_length,
        round(share(digits), 4) if digits.any() else 0.0,
        round(share(townships), 4) if townships.any() else 0.0,
    )


def _looks_like_birth_dates(years: np.ndarray, weights: np.ndarray, today: _dt.date) -> bool:
    """Dates spread over decades, mostly adults, with a share born before 1975."""
    if not len(years):
        return False
    order = np.argsort(years)
    cum = np.cumsum(weights[order]) / weights.sum()
    median = years[order][np.searchsorted(cum, 0.5)]
    old = weights[years < 1975].sum() / weights.sum()
    return bool(median <= today.year - 18 and old >= 0.1 and years.min() >= 1880)


def _datetime_evidence(s: pd.Series, today: _dt.date) -> ValueEvidence:
    n = len(s)
    if not n:
        return ValueEvidence(0, 0, {})
    years = s.dt.year.to_numpy(dtype=np.int64)
    months = s.dt.month.to_numpy(dtype=np.int64)
    days = s.dt.day.to_numpy(dtype=np.int64)
    has_time = bool((s.dt.normalize() != s).any())
    shares = {"datetime" if has_time else "date": 1.0}
    w = np.ones(n)
    if _looks_like_birth_dates(years, w, today):
        shares["birth_date"] = 1.0
    under14 = float(_ages_under14(years, months, days, today).mean())
    return ValueEvidence(n, int(s.nunique()), shares, under14)


def _float_evidence(vals: np.ndarray) -> ValueEvidence:
    n = len(vals)
    shares = {"amount": 1.0}
    frac = np.abs(vals - np.round(vals, 2)) > 1e-9  # more than two decimals
    lon = (vals >= 73) & (vals <= 136)
    lat = (vals >= 3) & (vals <= 54)
    if frac.mean() >= 0.8 and (lon.mean() >= 0.95 or lat.mean() >= 0.95):
        shares["coordinate"] = 1.0
    return ValueEvidence(n, len(np.unique(vals)), shares)
