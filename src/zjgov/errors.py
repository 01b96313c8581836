"""The zjgov exception hierarchy (public import path; the implementation is :mod:`zjgov.core.errors`).

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

from zjgov.core import errors as _core
from zjgov.core.errors import *  # noqa: F403 - the public names are core's, listed once there

__all__ = list(_core.__all__)
