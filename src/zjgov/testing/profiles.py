"""Hypothesis settings profiles for projects that test with zjgov (importing this registers them).

* ``zjgov-ci``: derandomised (the same examples on every run, so CI never fails by luck), no
  example database, no deadline (shared CI machines have noisy timings), the ``too_slow``
  health check off (a frame of records takes a while to draw), and no *explain* phase;
* ``zjgov-dev``: randomised (every run explores new examples; a failure prints the
  ``@reproduce_failure`` blob and is replayed from the database next time), otherwise the same.

The explain phase re-runs a failing test once for every part of the example that might vary
freely; with a frame of twenty records of hundreds of choices each that is thousands of
re-validations, minutes of waiting for one report. Both profiles leave it out.

In a ``conftest.py``::

    import os
    from hypothesis import settings
    import zjgov.testing.profiles  # noqa: F401 - registers zjgov-ci and zjgov-dev

    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "zjgov-ci"))

>>> from hypothesis import settings
>>> settings.get_profile("zjgov-ci").derandomize, settings.get_profile("zjgov-dev").derandomize
(True, False)
>>> from hypothesis import Phase
>>> Phase.explain in settings.get_profile("zjgov-ci").phases
False
"""

from __future__ import annotations

import zjgov.testing  # noqa: F401 - the friendly error when hypothesis is missing

# isort: split
from hypothesis import HealthCheck, Phase, settings

__all__ = ["CI", "DEV", "PHASES"]

#: Every phase but explain (fast failure reports).
PHASES = tuple(p for p in Phase if p != Phase.explain)
CI = "zjgov-ci"
DEV = "zjgov-dev"

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "phases": PHASES, "print_blob": True}
settings.register_profile(CI, derandomize=True, database=None, **_COMMON)
settings.register_profile(DEV, derandomize=False, **_COMMON)
