"""Electronic licence records (电子证照, GB/T 36902 目录信息 / GB/T 36903 元数据).

A licence record names the licence (证照标识, checked by :mod:`zjgov.codes.elicense`), its type
(证照类型代码: the 18-character USCC of the defining ministry + a 3-digit number), the issuer
(证照颁发机构代码, a USCC), the holder (持证主体代码, checked according to the holder-code type:
``111`` 公民身份号码 → :mod:`zjgov.codes.citizen_id`, ``001`` 统一社会信用代码 →
:mod:`zjgov.codes.uscc`, passports and permits where those code modules exist), the dates
(颁发日期 <= 有效期起始日期 <= 有效期截止日期; an empty end or 长期 means open-ended) and the
jurisdiction (证照所属管辖属地编码, a GB/T 2260 division code of any edition).

:func:`validate_licences` checks a whole frame column by column; :class:`LicenceRecord` is the
pydantic model of one record and runs the same checks. Headers may be the Chinese names of
the standard or the English field names.

>>> rec = {
...     "证照标识": "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
...     "证照名称": "建筑施工企业安全生产许可证",
...     "证照类型代码": "11100000000013338W011",
...     "证照颁发机构代码": "11430000006122244L",
...     "证照颁发日期": "2023-05-04",
...     "证照有效期起始日期": "2023-05-04",
...     "证照有效期截止日期": "2026-05-03",
...     "持证主体": "某建设有限公司",
...     "持证主体代码": "91330100716105852F",
...     "持证主体代码类型代码": "001",
...     "证照所属管辖属地编码": "430000",
... }
>>> validate_licences([rec]).ok
True
>>> bad = dict(rec, 持证主体代码类型代码="111", 证照有效期截止日期="2020-01-01")
>>> validate_licences([bad]).problems[["field", "reason"]].values.tolist()
[['holder_code', 'format'], ['valid_to', 'date_order']]
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator

from zjgov import codes, i18n
from zjgov.exchange import _records, dates
from zjgov.exchange._records import Findings, RecordReport, kernel_reasons, missing, reason_messages, text_column

#: field -> (Chinese name, other accepted headers …)
FIELDS: dict[str, tuple[str, ...]] = {
    "licence_id": ("证照标识", "license_id", "证照标识码"),
    "name": ("证照名称", "licence_name", "license_name"),
    "type_name": ("证照类型名称",),
    "type_code": ("证照类型代码",),
    "number": ("证照编号", "licence_number", "license_number"),
    "issuer": ("证照颁发机构", "颁发机构"),
    "issuer_code": ("证照颁发机构代码", "颁发机构代码"),
    "issue_date": ("证照颁发日期", "颁发日期", "发证日期"),
    "valid_from": ("证照有效期起始日期", "有效期起始日期", "有效期起"),
    "valid_to": ("证照有效期截止日期", "有效期截止日期", "有效期止"),
    "holder": ("持证主体", "持证人"),
    "holder_code": ("持证主体代码", "持证人代码"),
    "holder_code_type": ("持证主体代码类型", "持证主体代码类型名称"),
    "holder_code_type_code": ("持证主体代码类型代码",),
    "jurisdiction": ("证照所属管辖属地编码", "管辖属地编码", "属地编码"),
    "version": ("版本", "版本号"),
    "related_id": ("关联证照标识",),
}
_EN = {
    "licence_id": "licence identifier",
    "name": "licence name",
    "type_name": "licence type name",
    "type_code": "licence type code",
    "number": "licence number",
    "issuer": "issuing body",
    "issuer_code": "issuing body code",
    "issue_date": "issue date",
    "valid_from": "valid from",
    "valid_to": "valid to",
    "holder": "holder",
    "holder_code": "holder code",
    "holder_code_type": "holder-code type",
    "holder_code_type_code": "holder-code type code",
    "jurisdiction": "jurisdiction division code",
    "version": "version",
    "related_id": "related licence identifier",
}
#: Chinese name -> field.
FIELDS_BY_ZH = {names[0]: field for field, names in FIELDS.items()}
#: field -> (Chinese title, English title), used in messages.
TITLES = {field: (names[0], _EN[field]) for field, names in FIELDS.items()}
REQUIRED = (
    "licence_id",
    "name",
    "type_code",
    "issuer_code",
    "issue_date",
    "valid_from",
    "holder",
    "holder_code",
    "jurisdiction",
)
#: values of 证照有效期截止日期 that mean "no end" (长期有效).
OPEN_ENDED = ("长期", "长期有效", "永久", "永久有效", "无固定期限")
TYPE_CODE_LENGTH = 21

i18n.add(
    {
        "licence.missing": ("{title}：必填项为空", "{title}: required field is empty"),
        "licence.type_code": (
            "{title}：应为 18 位统一社会信用代码加 3 位数字",
            "{title}: must be an 18-character USCC followed by 3 digits",
        ),
        "licence.type_code_owner": (
            "{title}：前 18 位（定义机构的统一社会信用代码）无效：{detail}",
            "{title}: the first 18 characters (the defining body's USCC) are invalid: {detail}",
        ),
        "licence.mismatch": (
            "{title}：与证照标识中的对应部分不一致",
            "{title}: differs from the corresponding part of the licence identifier",
        ),
        "licence.holder_type_unknown": (
            "{title}：未知的持证主体代码类型",
            "{title}: unknown holder-code type",
        ),
        "licence.holder_type_missing": (
            "{title}：缺少持证主体代码类型，无法校验持证主体代码",
            "{title}: no holder-code type, so the holder code cannot be checked",
        ),
        "licence.holder_type_conflict": (
            "{title}：代码类型名称与代码类型代码不一致",
            "{title}: the holder-code type name and its code disagree",
        ),
        "licence.date_format": ("{title}：不是有效日期", "{title}: not a valid date"),
        "licence.date_order": (
            "{title}：日期顺序错误（应为 颁发日期 ≤ 有效期起始日期 ≤ 有效期截止日期）",
            "{title}: dates out of order (issue date <= valid from <= valid to)",
        ),
        "licence.invalid": ("电子证照记录无效：{detail}", "invalid electronic licence record: {detail}"),
    }
)


@functools.cache
def holder_code_types() -> pd.DataFrame:
    """The holder-code types (持证主体代码类型): ``code, name, aliases, code_module, certainty``.

    ``111`` and ``001`` are the codes seen in the national sharing interfaces (STANDARDS item 6,
    [C1]); the passport and permit codes follow GA/T 517 常用证件代码 as recalled ([R]).

    >>> holder_code_types().set_index("code").loc["001", "code_module"]
    'uscc'
    """
    data = resources.files("zjgov.exchange").joinpath("data/licence_holder_code_types.csv")
    with data.open("rb") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


@functools.cache
def _holder_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """(any name or code -> type code, type code -> code module name or '')."""
    table = holder_code_types()
    by_name: dict[str, str] = {}
    modules: dict[str, str] = {}
    for code, name, aliases, module in zip(table.code, table.name, table.aliases, table.code_module):
        for key in (code, name, *[a for a in aliases.split(";") if a]):
            by_name[_records.normalise_header(key)] = code
        modules[code] = module if module in codes.names() else ""
    return by_name, modules


def _type_codes(s: pd.Series) -> pd.Series:
    by_name, _ = _holder_lookup()
    keys = s.str.replace(r"[\s*＊（）()]+", "", regex=True).str.lower().str.replace("-", "_", regex=False)
    return keys.map(by_name, na_action="ignore").astype("str")


def _code_problems(f: Findings, s: pd.Series, field: str, code: str, title: tuple[str, str] | None = None) -> None:
    """Run the ``code`` kernel over the present values of ``s``; one problem per invalid value."""
    reasons = kernel_reasons(s, code)
    f.add_each(reasons.notna().to_numpy(), field, reasons, reason_messages(reasons, title or TITLES[field]))


def _add(f: Findings, mask: Any, field: str, reason: str, key: str | None = None, **kw: Any) -> None:
    f.add(mask, field, reason, key or f"licence.{reason}", title=TITLES[field], **kw)


def validate_licences(
    records: pd.DataFrame | Sequence[Mapping[str, Any]],
    *,
    lines: np.ndarray | None = None,
    file: str | None = None,
    strict_checksum: bool = False,
) -> RecordReport:
    """Check a frame (or list) of licence records; every problem with its row, field and reason.

    A wrong check character of the licence identifier is a *warning* unless
    ``strict_checksum`` (real platforms carry identifiers from vendor routines that compute it
    differently; STANDARDS item 6).
    """
    frame = _records.rename_fields(_records.frame_from(records), _ALIASES, file)
    n = len(frame)
    f = Findings(np.arange(2, n + 2) if lines is None else np.asarray(lines), frame.index)
    col = {field: text_column(frame, field) for field in FIELDS}
    for field in REQUIRED:
        _add(f, missing(col[field]), field, "missing")
    _check_identifier(f, col, strict_checksum)
    _check_type_code(f, col["type_code"])
    _code_problems(f, col["issuer_code"], "issuer_code", "uscc")
    _check_holder(f, col)
    _check_dates(f, col)
    _code_problems(f, col["jurisdiction"], "jurisdiction", "division")
    return f.report(n, file)


def _check_identifier(f: Findings, col: dict[str, pd.Series], strict_checksum: bool) -> None:
    ids = col["licence_id"]
    present = ~missing(ids)
    if not present.any():
        return
    reasons = kernel_reasons(ids, "elicense")
    bad = reasons.notna().to_numpy()
    checksum = (reasons == "checksum").fillna(False).to_numpy()
    messages = reason_messages(reasons, TITLES["licence_id"])
    if strict_checksum:
        f.add_each(bad, "licence_id", reasons, messages)
    else:
        f.add_each(bad & ~checksum, "licence_id", reasons, messages)
        f.add_each(checksum, "licence_id", reasons, messages, severity="warning")
    # the identifier's parts must agree with the record's own type and issuer codes
    parts = ids.str.split(".", regex=False)
    shaped = present & (parts.str.len().fillna(0).to_numpy() == 10)
    for field, index in (("type_code", 5), ("issuer_code", 6)):
        own = col[field]
        part = parts.str.get(index).astype("str")
        differ = shaped & ~missing(own) & (part.str.upper() != own.str.upper()).fillna(True).to_numpy()
        _add(f, differ, field, "mismatch")


def _check_type_code(f: Findings, s: pd.Series) -> None:
    present = ~missing(s)
    shape = s.str.fullmatch(r"[0-9A-Za-z]{18}\d{3}").fillna(False).to_numpy()
    _add(f, present & ~shape, "type_code", "type_code")
    ok_shape = present & shape
    if not ok_shape.any():
        return
    reasons = kernel_reasons(s.str.slice(0, 18).where(ok_shape), "uscc")
    zh, en = reason_messages(reasons, codes.get("uscc").TITLE)
    title = TITLES["type_code"]
    zh = pd.Series(zh).map(lambda d: i18n.text("licence.type_code_owner", "zh", title=title[0], detail=d))
    en = pd.Series(en).map(lambda d: i18n.text("licence.type_code_owner", "en", title=title[1], detail=d))
    f.add_each(reasons.notna().to_numpy(), "type_code", reasons, (zh.to_numpy(), en.to_numpy()))


def _check_holder(f: Findings, col: dict[str, pd.Series]) -> None:
    by_code = _type_codes(col["holder_code_type_code"])
    by_name = _type_codes(col["holder_code_type"])
    given_code = ~missing(col["holder_code_type_code"])
    given_name = ~missing(col["holder_code_type"])
    _add(f, given_code & missing(by_code), "holder_code_type_code", "holder_type_unknown")
    _add(f, ~given_code & given_name & missing(by_name), "holder_code_type", "holder_type_unknown")
    conflict = given_code & given_name & ~missing(by_code) & ~missing(by_name) & (by_code != by_name).to_numpy()
    _add(f, conflict, "holder_code_type", "holder_type_conflict")
    kind = by_code.fillna(by_name)
    holder = col["holder_code"]
    has_holder = ~missing(holder)
    _add(f, has_holder & ~given_code & ~given_name, "holder_code", "holder_type_missing")
    _, modules = _holder_lookup()
    module_of = kind.map(modules, na_action="ignore").fillna("")
    title = TITLES["holder_code"]
    for name in sorted(set(module_of[has_holder]) - {""}):  # one kernel run per holder-code type
        rows = has_holder & (module_of == name).to_numpy()
        own = codes.get(name).TITLE
        both = (f"{title[0]}（{own[0]}）", f"{title[1]} ({own[1]})")
        _code_problems(f, holder.where(rows), "holder_code", name, both)


def _check_dates(f: Findings, col: dict[str, pd.Series]) -> None:
    values = {}
    for field in ("issue_date", "valid_from", "valid_to"):
        s = col[field]
        if field == "valid_to":
            s = s.mask(s.isin(OPEN_ENDED))
        parsed = dates.normalise_dates(s)
        bad = parsed.reason.notna().to_numpy()
        _add(f, bad, field, "date_format")
        values[field] = parsed.values
    issue, start, end = values["issue_date"], values["valid_from"], values["valid_to"]
    _add(f, (issue > start).fillna(False).to_numpy(), "valid_from", "date_order")
    _add(f, (start > end).fillna(False).to_numpy(), "valid_to", "date_order")
    _add(f, (start.isna() & (issue > end)).fillna(False).to_numpy(), "valid_to", "date_order")


_ALIASES = _records.alias_table(FIELDS)


class LicenceRecord(BaseModel):
    """One electronic licence record; construct with Chinese or English field names.

    Validation runs the same column checks as :func:`validate_licences` on this one record
    (errors only; a checksum warning does not reject it).
    """

    model_config = ConfigDict(
        populate_by_name=True, str_strip_whitespace=True, extra="ignore", hide_input_in_errors=True
    )

    licence_id: str = Field(validation_alias=AliasChoices("licence_id", *FIELDS["licence_id"]))
    name: str = Field(validation_alias=AliasChoices("name", *FIELDS["name"]))
    type_name: str | None = Field(None, validation_alias=AliasChoices("type_name", *FIELDS["type_name"]))
    type_code: str = Field(validation_alias=AliasChoices("type_code", *FIELDS["type_code"]))
    number: str | None = Field(None, validation_alias=AliasChoices("number", *FIELDS["number"]))
    issuer: str | None = Field(None, validation_alias=AliasChoices("issuer", *FIELDS["issuer"]))
    issuer_code: str = Field(validation_alias=AliasChoices("issuer_code", *FIELDS["issuer_code"]))
    issue_date: str = Field(validation_alias=AliasChoices("issue_date", *FIELDS["issue_date"]))
    valid_from: str = Field(validation_alias=AliasChoices("valid_from", *FIELDS["valid_from"]))
    valid_to: str | None = Field(None, validation_alias=AliasChoices("valid_to", *FIELDS["valid_to"]))
    holder: str = Field(validation_alias=AliasChoices("holder", *FIELDS["holder"]))
    holder_code: str = Field(validation_alias=AliasChoices("holder_code", *FIELDS["holder_code"]))
    holder_code_type: str | None = Field(
        None, validation_alias=AliasChoices("holder_code_type", *FIELDS["holder_code_type"])
    )
    holder_code_type_code: str | None = Field(
        None, validation_alias=AliasChoices("holder_code_type_code", *FIELDS["holder_code_type_code"])
    )
    jurisdiction: str = Field(validation_alias=AliasChoices("jurisdiction", *FIELDS["jurisdiction"]))
    version: str | None = Field(None, validation_alias=AliasChoices("version", *FIELDS["version"]))
    related_id: str | None = Field(None, validation_alias=AliasChoices("related_id", *FIELDS["related_id"]))

    @model_validator(mode="after")
    def _check(self) -> LicenceRecord:
        report = validate_licences([self.model_dump()])
        errors = report.problems[report.problems["severity"] == "error"]
        if len(errors):
            detail_zh = "；".join(errors["message_zh"])
            detail_en = "; ".join(errors["message_en"])
            raise ValueError(f"{i18n.text('licence.invalid', 'zh', detail=detail_zh)} ({detail_en})")
        return self
