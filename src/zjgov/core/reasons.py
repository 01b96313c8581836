"""Reason codes: one registry, one integer encoding, one catalogue of their messages.

A reason code is a short stable string (``missing``, ``length``, ``format``, ``checksum``,
``component:<part>`` …). Inside vectorised kernels a reason is a small integer; :func:`index`
and :func:`name` convert, and the integers are the same for every package in a process
(``0`` means valid). The messages of every reason zjgov reports live in :data:`MESSAGES`, so
``i18n.text("component:date")`` reads the same whether or not the module that raises it was
imported.

>>> index("missing"), index("checksum"), name(index("component:region"))
(1, 5, 'component:region')
>>> error_class("component:birth_date").__name__
'InvalidComponent'
"""

from __future__ import annotations

import threading

__all__ = ["CHECKSUM", "FORMAT", "LENGTH", "MESSAGES", "MISSING", "TYPE", "error_class", "index", "name", "names"]

#: index 0 means "valid"; the first five codes have fixed integers.
_NAMES: list[str | None] = [None, "missing", "type", "length", "format", "checksum"]
_INDEX: dict[str, int] = {r: i for i, r in enumerate(_NAMES) if r}
MISSING, TYPE, LENGTH, FORMAT, CHECKSUM = 1, 2, 3, 4, 5
_LOCK = threading.Lock()


def index(reason: str) -> int:
    """The small integer standing for ``reason`` (registered on first use, thread-safe)."""
    idx = _INDEX.get(reason)
    if idx is None:
        with _LOCK:
            idx = _INDEX.get(reason)
            if idx is None:
                if len(_NAMES) >= 32767:
                    raise OverflowError("too many distinct reason codes")
                _NAMES.append(reason)
                idx = _INDEX[reason] = len(_NAMES) - 1
    return idx


def name(idx: int) -> str | None:
    """The reason code of an integer from :func:`index` (``None`` for 0, valid)."""
    return _NAMES[idx]


def names() -> list[str | None]:
    """A snapshot of the registry, position = integer (for ``np.array(names())[codes]``)."""
    return list(_NAMES)


def error_class(reason: str):
    """The :class:`~zjgov.core.errors.ValidationError` subclass for ``reason``."""
    from zjgov.core import errors

    return errors.error_class(reason)


#: ``{reason: (Chinese, English)}`` with ``{title}`` (and ``{position}`` for ``…@`` entries,
#: used when the position is known). Every reason a zjgov package reports has an entry here.
MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("{title}：值为空", "{title}: the value is missing"),
    "type": (
        "{title}：值不是文本（如浮点数 3.301e17 会丢失数字），请按文本读取该列",
        "{title}: the value is not text (a float such as 3.301e17 loses digits); read the column as text",
    ),
    "length": ("{title}：长度不正确", "{title}: the length is wrong"),
    "format": ("{title}：格式不正确", "{title}: the format is wrong"),
    "format@": ("{title}：第 {position} 位字符不合规", "{title}: character {position} is not allowed"),
    "checksum": ("{title}：校验码错误", "{title}: the check character is wrong"),
    "component": ("{title}：组成部分无效", "{title}: a component is invalid"),
    "component:birth_date": (
        "{title}：出生日期无效（不存在或晚于今天）",
        "{title}: the birth date is not a real date or lies in the future",
    ),
    "component:legacy": ("{title}：不接受15位旧号码", "{title}: the 15-digit legacy form is not accepted"),
    "component:region": ("{title}：行政区划代码未知", "{title}: the administrative division code is unknown"),
    "component:date": (
        "{title}：日期不存在（如 2 月 30 日、13 月）",
        "{title}: the date does not exist (such as 30 February)",
    ),
    "component:time": ("{title}：时间不存在（如 25 时）", "{title}: the time of day does not exist (such as 25:00)"),
    # uscc (GB 32100) and org_code (GB 11714)
    "component:authority": ("{title}：登记管理部门代码未知", "{title}: unknown registration authority (character 1)"),
    "component:org_type": (
        "{title}：机构类别代码与登记管理部门不符",
        "{title}: organisation type does not exist for this authority",
    ),
    "component:org_code": (
        "{title}：主体标识码（组织机构代码）校验错误",
        "{title}: the embedded organisation code fails its check",
    ),
    "component:reserved": (
        "{title}：PDY 开头的代码为内部自定义代码，不用于交换",
        "{title}: PDY codes are reserved for internal use",
    ),
    # elicense (GB/T 36904)
    "component:root": ("{title}：根代码应为 1.2.156.3005.2", "{title}: the root must be 1.2.156.3005.2"),
    "component:type_code": (
        "{title}：证照类型代码应为定义机构统一社会信用代码加3位数字",
        "{title}: the type code must be the defining body's USCC and 3 digits",
    ),
    "component:issuer": (
        "{title}：颁发机构代码应为18位统一社会信用代码或6位行政区划代码",
        "{title}: the issuer code must be an 18-character USCC or a 6-digit division code",
    ),
    "component:serial": (
        "{title}：流水号应为1至64位数字或大写字母",
        "{title}: the serial must be 1 to 64 digits or upper-case letters",
    ),
    "component:version": ("{title}：版本号应为3位数字", "{title}: the version must be 3 digits"),
    # passport, travel permits, plates (kinds)
    "component:kind": (
        "{title}：种类不在允许范围内（kind 选项）",
        "{title}: this kind is not accepted here (the kind option)",
    ),
    "component:series": ("{title}：号码字头（类别）未知", "{title}: the series prefix is unknown"),
    "component:province": (
        "{title}：首字不是省、自治区、直辖市简称",
        "{title}: the first character is not a province abbreviation",
    ),
    "component:energy": (
        "{title}：新能源号牌的能源类型字母无效（应为 D 或 F）",
        "{title}: the energy letter of a new-energy plate is not D or F",
    ),
    "component:suffix": ("{title}：港澳号牌应为“粤Z”开头", "{title}: 港/澳 plates must start with 粤Z"),
    # mobile, landline
    "component:prefix": ("{title}：号段未分配", "{title}: the network prefix is not allocated"),
    "component:iot": (
        "{title}：13位物联网号码未被接受（iot=True 可接受）",
        "{title}: 13-digit IoT numbers are not accepted (use iot=True)",
    ),
    "component:data_only": (
        "{title}：数据上网卡号段未被接受",
        "{title}: data-only prefixes (145, 147, 149) are not accepted",
    ),
    "component:area_code": ("{title}：长途区号缺失或无效", "{title}: the area code is missing or invalid"),
    "component:local": ("{title}：本地号码不能以 0 或 1 开头", "{title}: the local number may not start with 0 or 1"),
    "component:extension": ("{title}：分机号超过6位", "{title}: the extension has more than 6 digits"),
    # vin, postcode, code tables
    "component:model_year": (
        "{title}：第10位车型年份代码无效（不能为 0、U、Z）",
        "{title}: the model-year character (position 10) is invalid (0, U and Z are not used)",
    ),
    "component:zone": ("{title}：前两位邮区代码未知", "{title}: the postal zone (first two digits) is unknown"),
    "component:code": ("{title}：代码不在代码表中", "{title}: the code is not in the code table"),
    "component:name": ("{title}：名称不在代码表中", "{title}: the name is not in the code table"),
}
