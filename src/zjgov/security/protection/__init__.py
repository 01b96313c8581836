"""Protection lists (保护清单): models, loading, merging, the default list and the treatment order."""

from __future__ import annotations

from zjgov.security.protection.model import (
    FORMAT,
    PROTECTION_CLASSES,
    SCENARIO_NAMES,
    SCENARIOS,
    Entry,
    PrivacyRequirement,
    ProtectionList,
    ProtectionListError,
    Rule,
    Target,
    load,
    loads,
    merge,
    scenario,
)
from zjgov.security.protection.strength import at_least, compare

__all__ = [
    "FORMAT",
    "PROTECTION_CLASSES",
    "SCENARIOS",
    "SCENARIO_NAMES",
    "Entry",
    "PrivacyRequirement",
    "ProtectionList",
    "ProtectionListError",
    "Rule",
    "Target",
    "at_least",
    "compare",
    "default_list",
    "load",
    "loads",
    "merge",
    "scenario",
]


def default_list():
    """The built-in provincial default list (see :mod:`.default`)."""
    from zjgov.security.protection.default import default_list as _d

    return _d()
