"""Hypothesis strategies for testers (needs the ``testing`` extra).

Importing any part of ``zjgov.testing`` also teaches ``st.from_type`` and ``st.builds`` the
zjgov types, so ``st.builds(Model)`` draws valid codes for the model's ``CitizenId`` fields.

>>> from zjgov.testing import strategies as zst
>>> from zjgov.codes import citizen_id
>>> citizen_id.is_valid(zst.citizen_ids(region="3301").example())
True
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ModuleNotFoundError as exc:  # pragma: no cover - exercised in a bare install
    raise ModuleNotFoundError(
        'zjgov.testing 需要 hypothesis：pip install "zjgov[testing]" '
        '(zjgov.testing needs hypothesis: pip install "zjgov[testing]")',
        name=exc.name,
    ) from None

from zjgov.testing import _from_type

_from_type.register()
