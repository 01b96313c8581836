"""Bundled demo: fictitious population records with realistic defects, and their rule set.

Every record is invented (``scripts/make_demo_data.py``, fixed seed); the ID numbers are
structurally valid or deliberately broken, and belong to no one.

>>> data_path().name, rules_path().name
('population.csv', 'rules.yaml')
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path() -> Path:
    """The demo population CSV (UTF-8)."""
    return Path(str(resources.files("zjgov.demo").joinpath("population.csv")))


def rules_path() -> Path:
    """The demo rule set (YAML)."""
    return Path(str(resources.files("zjgov.demo").joinpath("rules.yaml")))
