"""One catalogue of user-facing messages, in Chinese and English.

Every message a user sees is looked up here by a stable key (usually a reason code such as
``checksum`` or ``component:birth_date``). Packages add their own entries with :func:`add`.
Chinese is the default language everywhere; ``lang="en"`` switches.

>>> text("checksum", "en", title="Citizen ID")
'Citizen ID: the check character is wrong'
>>> text("checksum", title="公民身份号码")
'公民身份号码：校验码错误'
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"

_CATALOGUE: dict[str, tuple[str, str]] = {}


def add(entries: dict[str, tuple[str, str]]) -> None:
    """Add ``{key: (chinese, english)}`` entries; a key may not change meaning once added."""
    for key, pair in entries.items():
        if len(pair) != 2 or not all(isinstance(s, str) and s for s in pair):
            raise ValueError(f"message {key!r} needs a Chinese and an English text")
        old = _CATALOGUE.get(key)
        if old is not None and old != pair:
            raise ValueError(f"message {key!r} is already defined differently")
        _CATALOGUE[key] = pair


def check_lang(lang: str | None) -> Lang:
    """Return a supported language code; ``None`` means the default (Chinese)."""
    if lang is None:
        return DEFAULT_LANG
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use 'zh' or 'en' / 不支持的语言，请用 zh 或 en")
    return lang  # type: ignore[return-value]


def text(key: str, lang: str | None = None, /, **fields: object) -> str:
    """The message for ``key`` in ``lang``, with ``{fields}`` filled in."""
    index = LANGS.index(check_lang(lang))
    pair = _CATALOGUE.get(key)
    if pair is None and ":" in key:  # component:<part> falls back to the generic entry
        pair = _CATALOGUE.get(key.split(":", 1)[0])
    if pair is None:
        return key
    return pair[index].format_map(_Fields(fields))


def both(key: str, /, **fields: object) -> str:
    """Chinese and English together, for exceptions: ``中文 (English)``."""
    return f"{text(key, 'zh', **fields)} ({text(key, 'en', **fields)})"


def has(key: str) -> bool:
    """Whether the catalogue has an entry for ``key``."""
    return key in _CATALOGUE


class _Fields(dict):  # leaves unknown {names} visible instead of raising KeyError
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


add(
    {
        "missing": ("{title}：值为空", "{title}: the value is missing"),
        "type": (
            "{title}：值不是文本（如浮点数 3.301e17 会丢失数字），请按文本读取该列",
            "{title}: the value is not text (a float such as 3.301e17 loses digits); read the column as text",
        ),
        "length": ("{title}：长度不正确", "{title}: the length is wrong"),
        "format": ("{title}：格式不正确", "{title}: the format is wrong"),
        "format@": (
            "{title}：第 {position} 位字符不合规",
            "{title}: character {position} is not allowed",
        ),
        "checksum": ("{title}：校验码错误", "{title}: the check character is wrong"),
        "component": ("{title}：组成部分无效", "{title}: a component is invalid"),
        "component:birth_date": (
            "{title}：出生日期无效（不存在或晚于今天）",
            "{title}: the birth date is not a real date or lies in the future",
        ),
        "component:region": (
            "{title}：行政区划代码未知",
            "{title}: the administrative division code is unknown",
        ),
        "unknown_code": ("未知的代码类型：{name}", "unknown code type: {name}"),
        "bad_option": ("选项无效：{detail}", "invalid option: {detail}"),
    }
)
