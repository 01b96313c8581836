"""The zjgov exception hierarchy (public path: :mod:`zjgov.errors`).

``ZjgovError`` is the root. Data that fails a check raises a :class:`ValidationError`
subclass carrying a stable ``reason`` code, the 1-based character ``position`` where known,
and messages in Chinese and English. The checked value itself never appears in an error.
A bad configuration raises :class:`ConfigError` naming the file, line and field; when a file
has several mistakes, one ``ConfigError`` carries all of them in :attr:`ConfigError.errors`.

>>> err = InvalidChecksum("checksum", code="citizen_id", title=("公民身份号码", "Citizen ID"))
>>> err.reason, err.message("en")
('checksum', 'Citizen ID: the check character is wrong')
>>> isinstance(err, ValueError)
True
>>> config_error("bad_option", file="r.yaml", line=3, field="x", detail=("太大", "too big")).message("en")
'r.yaml:3 [x]: invalid option: too big'
"""

from __future__ import annotations

from collections.abc import Sequence

from zjgov.core import i18n

__all__ = [
    "ConfigError",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "InvalidType",
    "KeyMaterialError",
    "MissingValue",
    "ValidationError",
    "ZjgovError",
    "config_error",
    "error_class",
]


class ZjgovError(Exception):
    """Root of every error zjgov raises on purpose."""


class ValidationError(ZjgovError, ValueError):
    """A value failed a check. ``str()`` gives the Chinese and English message."""

    def __init__(
        self,
        reason: str,
        *,
        code: str | None = None,
        title: tuple[str, str] = ("值", "value"),
        position: int | None = None,
    ) -> None:
        self.reason = reason
        self.code = code
        self.position = position
        self._title = title
        super().__init__(self.message("zh") + " (" + self.message("en") + ")")

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``zh`` by default, or ``en``)."""
        lang = i18n.check_lang(lang)
        title = self._title[0 if lang == "zh" else 1]
        key = self.reason
        if self.position is not None and i18n.has(key + "@"):
            key += "@"
        return i18n.text(key, lang, title=title, position=self.position)

    @property
    def message_zh(self) -> str:
        return self.message("zh")

    @property
    def message_en(self) -> str:
        return self.message("en")

    def __reduce__(self):  # keep exceptions picklable (multiprocessing, Spark)
        return (_rebuild, (type(self), self.reason, self.code, self._title, self.position))


def _rebuild(cls, reason, code, title, position):
    return cls(reason, code=code, title=title, position=position)


class InvalidFormat(ValidationError):
    """Characters or structure are wrong."""


class InvalidLength(InvalidFormat):
    """The value has the wrong number of characters."""


class MissingValue(InvalidLength):
    """The value is null, NaN or blank."""


class InvalidType(InvalidFormat):
    """The value is not text (a float, bytes, an arbitrary object)."""


class InvalidChecksum(ValidationError):
    """The check character does not match."""


class InvalidComponent(ValidationError):
    """A part (birth date, region, authority …) is not valid."""


def error_class(reason: str) -> type[ValidationError]:
    """The exception class for a reason code.

    >>> error_class("component:region").__name__
    'InvalidComponent'
    """
    if reason.startswith("component"):
        return InvalidComponent
    return _BY_REASON.get(reason, InvalidFormat)


_BY_REASON: dict[str, type[ValidationError]] = {
    "missing": MissingValue,
    "type": InvalidType,
    "length": InvalidLength,
    "format": InvalidFormat,
    "checksum": InvalidChecksum,
}


class ConfigError(ZjgovError, ValueError):
    """A rule set, schema, policy or option is wrong; names the file, line and field.

    ``errors`` lists every mistake found (just this error when there is one); ``file``,
    ``line`` and ``field`` are those of the first. A part that is not known is left out of
    the text — never ``line None``.
    """

    def __init__(
        self,
        message_zh: str,
        message_en: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        errors: Sequence[ConfigError] | None = None,
    ) -> None:
        self.file, self.line, self.field = file, line, field
        self.message_zh, self.message_en = message_zh, message_en
        where = ":".join(str(p) for p in (file, line) if p is not None)
        if field:
            where = f"{where} [{field}]" if where else f"[{field}]"
        self.where = where
        self.errors: list[ConfigError] = list(errors) if errors and len(errors) > 1 else [self]
        if len(self.errors) == 1:
            prefix = f"{where}: " if where else ""
            super().__init__(f"{prefix}{message_zh} ({message_en})")
        else:
            super().__init__(self.message("zh") + "\n(" + self.message("en") + ")")

    def _one(self, lang: str) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return prefix + (self.message_zh if lang == "zh" else self.message_en)

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang``: one line per mistake, each with its file, line and field."""
        lang = i18n.check_lang(lang)
        return "\n".join(e._one(lang) for e in self.errors)

    @classmethod
    def collect(cls, errors: Sequence[ConfigError]) -> ConfigError:
        """One error carrying every error of ``errors`` (in order; at least one).

        >>> a = ConfigError("甲", "a", file="f.yaml", line=1)
        >>> b = ConfigError("乙", "b", file="f.yaml", line=4)
        >>> print(ConfigError.collect([a, b]).message("en"))
        f.yaml:1: a
        f.yaml:4: b
        """
        flat = [e for err in errors for e in err.errors]
        if len(flat) == 1:
            return flat[0]
        first = flat[0]
        return cls(first.message_zh, first.message_en, file=first.file, line=first.line, field=first.field, errors=flat)

    def __reduce__(self):
        many = self.errors if len(self.errors) > 1 else None
        return (_rebuild_config, (self.message_zh, self.message_en, self.file, self.line, self.field, many))


def _rebuild_config(zh, en, file, line, field, errors):
    return ConfigError(zh, en, file=file, line=line, field=field, errors=errors)


def config_error(
    key: str,
    /,
    *,
    file: str | None = None,
    line: int | None = None,
    field: str | None = None,
    **fields: object,
) -> ConfigError:
    """A :class:`ConfigError` from the catalogue entry ``key``.

    A field given as a ``(zh, en)`` pair is filled in per language.
    """
    zh = {k: v[0] if isinstance(v, tuple) and len(v) == 2 else v for k, v in fields.items()}
    en = {k: v[1] if isinstance(v, tuple) and len(v) == 2 else v for k, v in fields.items()}
    return ConfigError(i18n.text(key, "zh", **zh), i18n.text(key, "en", **en), file=file, line=line, field=field)


class KeyMaterialError(ZjgovError, ValueError):
    """A secret key is missing, too short or malformed. Never contains the key."""


# Tracebacks and reprs name the public path users import from.
for _cls in (ZjgovError, ValidationError, InvalidFormat, InvalidLength, MissingValue, InvalidType):
    _cls.__module__ = "zjgov.errors"
for _cls in (InvalidChecksum, InvalidComponent, ConfigError, KeyMaterialError):
    _cls.__module__ = "zjgov.errors"
del _cls
