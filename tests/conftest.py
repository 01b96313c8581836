"""Hypothesis profiles of zjgov's own suite, built on the ones it ships (zjgov.testing.profiles).

* ``ci`` (the default, and what ``.ci/run`` sets): derandomised, 60 examples — every run draws
  the same examples, so CI passes or fails the same way every time;
* ``dev``: randomised, 200 examples — run it locally to explore (``HYPOTHESIS_PROFILE=dev
  pytest``); a failure it finds becomes an explicit ``@example`` in the test.
"""

import os

from hypothesis import settings

from zjgov.testing import profiles

settings.register_profile("ci", settings.get_profile(profiles.CI), max_examples=60)
settings.register_profile("dev", settings.get_profile(profiles.DEV), max_examples=200)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
