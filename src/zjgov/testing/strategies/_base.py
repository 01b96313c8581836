"""Shared pieces of the strategies (not public API)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from hypothesis import strategies as st
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


def pick(branches: Mapping[str, st.SearchStrategy[NearMiss]], branch: str | None) -> st.SearchStrategy[NearMiss]:
    """All near-miss ``branches`` (``branch=None``), or the one named: each branch makes one kind
    of mistake and so always carries the same reason, which lets a test cover every branch.

    >>> pick({"a": st.just(NearMiss("1", "length"))}, "b")
    Traceback (most recent call last):
    hypothesis.errors.InvalidArgument: 没有名为 'b' 的分支（可选：a） | no branch 'b' (there are: a)
    """
    if branch is None:
        return st.one_of(*branches.values())
    names = ", ".join(branches)
    require(
        branch in branches, f"没有名为 {branch!r} 的分支（可选：{names}）", f"no branch {branch!r} (there are: {names})"
    )
    return branches[branch]
