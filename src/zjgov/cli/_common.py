"""Pieces the verbs with sub-actions share (``schema``, ``catalog``, ``package``)."""

from __future__ import annotations

import argparse

from zjgov import i18n


def action_options(lang: str) -> argparse.ArgumentParser:
    """The options every sub-action takes: ``--lang`` (also accepted after the action) and ``--json``."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--lang", choices=i18n.LANGS, default=argparse.SUPPRESS, help=i18n.text("cli.lang", lang))
    parent.add_argument("--json", action="store_true", help=i18n.text("cli.json", lang))
    return parent
