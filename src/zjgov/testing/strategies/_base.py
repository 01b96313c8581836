"""Shared pieces of the strategies (not public API)."""

from __future__ import annotations

from typing import NamedTuple

from hypothesis.errors import InvalidArgument


class NearMiss(NamedTuple):
    """A value one mistake away from valid, and the reason code ``validate`` must give."""

    value: str
    reason: str


def require(condition: bool, message_zh: str, message_en: str) -> None:
    """Raise hypothesis' ``InvalidArgument`` (in Chinese and English) when a strategy is called wrongly.

    >>> require(False, "length 应在 15 到 19 之间", "length must be 15 to 19")
    Traceback (most recent call last):
    hypothesis.errors.InvalidArgument: length 应在 15 到 19 之间 | length must be 15 to 19
    """
    if not condition:
        raise InvalidArgument(f"{message_zh} | {message_en}")


def replace_char(value: str, index: int, char: str) -> str:
    return value[:index] + char + value[index + 1 :]
