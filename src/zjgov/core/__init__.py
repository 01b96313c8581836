"""The substrate every zjgov package stands on (internal layer; imports nothing else of zjgov).

One place for each piece of plumbing:

* :mod:`zjgov.core.errors` — the exception hierarchy (public path: :mod:`zjgov.errors`);
* :mod:`zjgov.core.i18n` — the message catalogue (public path: :mod:`zjgov.i18n`);
* :mod:`zjgov.core.reasons` — the reason-code registry (one integer encoding) and the
  messages of every reason, so a message never depends on which module was imported first;
* :mod:`zjgov.core.text` — the one text normaliser (rules in ``docs/normalisation.md``);
* :mod:`zjgov.core.arrow` — Arrow column access: masks, offsets/data buffers, byte and
  code-point matrices, row rewrites;
* :mod:`zjgov.core.dates` — one calendar and one date parser for GB/T 7408 patterns
  (``YYYY-MM-DD``) and strftime forms (``%Y-%m-%d``);
* :mod:`zjgov.core.config` — YAML/JSON configuration with line numbers, limits and every
  error of a file in one :class:`~zjgov.core.errors.ConfigError`;
* :mod:`zjgov.core.threads` — the one thread pool (setting: ``ZJGOV_THREADS``);
* :mod:`zjgov.core.keys` — exact key hashing for uniqueness, duplicates and schema keys.

These modules are internal: their names are stable for the other zjgov packages (they are
documented in each docstring), but users should import from the public packages.
"""
