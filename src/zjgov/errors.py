"""The zjgov exception hierarchy.

``ZjgovError`` is the root. Data that fails a check raises a :class:`ValidationError`
subclass carrying a stable ``reason`` code, the 1-based character ``position`` where known,
and messages in Chinese and English. The checked value itself never appears in an error.

>>> err = InvalidChecksum("checksum", code="citizen_id", title=("公民身份号码", "Citizen ID"))
>>> err.reason, err.message("en")
('checksum', 'Citizen ID: the check character is wrong')
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

from zjgov import i18n


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
    """A rule set, schema, policy or option is wrong; names the file, line and field."""

    def __init__(
        self,
        message_zh: str,
        message_en: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file, self.line, self.field = file, line, field
        self.message_zh, self.message_en = message_zh, message_en
        where = ":".join(str(p) for p in (file, line) if p is not None)
        if field:
            where = f"{where} [{field}]" if where else f"[{field}]"
        self.where = where
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}{message_zh} ({message_en})")

    def message(self, lang: str | None = None) -> str:
        lang = i18n.check_lang(lang)
        prefix = f"{self.where}: " if self.where else ""
        return prefix + (self.message_zh if lang == "zh" else self.message_en)


class KeyMaterialError(ZjgovError, ValueError):
    """A secret key is missing, too short or malformed. Never contains the key."""
