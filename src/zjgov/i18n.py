"""One catalogue of user-facing messages, in Chinese and English (public import path; the
implementation is :mod:`zjgov.core.i18n`).

Every message a user sees is looked up by a stable key (a reason code such as ``checksum`` or
``component:birth_date``, or ``<package>.<name>``). Packages add their own entries with
:func:`add`. Chinese is the default language everywhere; ``lang="en"`` switches.

>>> text("checksum", "en", title="Citizen ID")
'Citizen ID: the check character is wrong'
>>> text("checksum", title="公民身份号码")
'公民身份号码：校验码错误'
"""

from __future__ import annotations

from zjgov.core.i18n import DEFAULT_LANG, LANGS, Lang, add, both, check_lang, has, pair, text

__all__ = ["DEFAULT_LANG", "LANGS", "Lang", "add", "both", "check_lang", "has", "pair", "text"]
