"""Shared pieces of the strategies (not public API)."""

from __future__ import annotations

from typing import NamedTuple

from hypothesis.errors import InvalidArgument


class NearMiss(NamedTuple):
    """A value one mistake away from valid, and the reason code ``validate`` must give."""

    value: str
    reason: str


def require(condition: bool, message: str) -> None:
    """Raise hypothesis' ``InvalidArgument`` when a strategy is called wrongly."""
    if not condition:
        raise InvalidArgument(message)


def replace_char(value: str, index: int, char: str) -> str:
    return value[:index] + char + value[index + 1 :]
