"""Reference tables (not public API; kept for existing importers): see :mod:`zjgov.core.data`."""

from __future__ import annotations

from zjgov.core.data import table

__all__ = ["table"]
