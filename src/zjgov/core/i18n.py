"""One catalogue of user-facing messages, in Chinese and English.

Every message a user sees is looked up here by a stable key: a reason code such as
``checksum`` or ``component:birth_date`` (all of them are defined up front, in
:data:`zjgov.core.reasons.MESSAGES`, so no text depends on import order) or
``<package>.<name>`` for a package's own messages, which that package adds with :func:`add`.
Chinese is the default language everywhere; ``lang="en"`` switches. Public path:
:mod:`zjgov.i18n`.

>>> text("checksum", "en", title="Citizen ID")
'Citizen ID: the check character is wrong'
>>> text("checksum", title="公民身份号码")
'公民身份号码：校验码错误'
>>> text("component:date", "en", title="date")
'date: the date does not exist (such as 30 February)'
"""

from __future__ import annotations

from typing import Literal

from zjgov.core.reasons import MESSAGES

__all__ = ["DEFAULT_LANG", "LANGS", "Lang", "add", "both", "check_lang", "has", "pair", "text"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"

_CATALOGUE: dict[str, tuple[str, str]] = {}


def add(entries: dict[str, tuple[str, str]]) -> None:
    """Add ``{key: (chinese, english)}`` entries; a key may not change meaning once added."""
    for key, entry in entries.items():
        if len(entry) != 2 or not all(isinstance(s, str) and s for s in entry):
            raise ValueError(f"message {key!r} needs a Chinese and an English text")
        old = _CATALOGUE.get(key)
        if old is not None and old != tuple(entry):
            raise ValueError(f"message {key!r} is already defined differently")
        _CATALOGUE[key] = tuple(entry)  # type: ignore[assignment]


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
    entry = _CATALOGUE.get(key)
    if entry is None and ":" in key:  # component:<part> falls back to the generic entry
        entry = _CATALOGUE.get(key.split(":", 1)[0])
    if entry is None:
        return key
    return entry[index].format_map(_Fields(fields))


def pair(key: str, /, **fields: object) -> tuple[str, str]:
    """``(Chinese, English)`` for ``key`` — the two texts a :class:`ConfigError` takes."""
    return text(key, "zh", **fields), text(key, "en", **fields)


def both(key: str, /, **fields: object) -> str:
    """Chinese and English together, for exceptions: ``中文 (English)``."""
    zh, en = pair(key, **fields)
    return f"{zh} ({en})"


def has(key: str) -> bool:
    """Whether the catalogue has an entry for ``key``."""
    return key in _CATALOGUE


class _Fields(dict):  # leaves unknown {names} visible instead of raising KeyError
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


add(MESSAGES)
add(
    {
        "unknown_code": ("未知的代码类型：{name}", "unknown code type: {name}"),
        "bad_option": ("选项无效：{detail}", "invalid option: {detail}"),
        "did_you_mean": ("（是否想写“{suggestion}”？）", " (did you mean '{suggestion}'?)"),
    }
)
