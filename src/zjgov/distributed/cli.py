"""The options a verb adds to run on an engine (``--engine``, ``--scheduler``, ``--master``).

``zjgov check``, ``zjgov schema validate``, ``zjgov mask`` and ``zjgov audit`` call
:func:`add_arguments`; :func:`address` checks the options and gives the scheduler address or
Spark master. With ``--engine pandas`` (the default) the verb runs as before; :func:`check`
returns ``None`` then.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from zjgov import i18n
from zjgov.errors import ConfigError

if TYPE_CHECKING:  # the verbs import this module: it stays light
    from zjgov.quality import QualityResult, RuleSet

ENGINES = ("pandas", "dask", "spark")

i18n.add(
    {
        "distributed.cli.engine": (
            "计算引擎：pandas（本机，默认）、dask 或 spark（需安装 zjgov[dask] / zjgov[spark]）",
            "engine: pandas (this machine, default), dask or spark (needs zjgov[dask] / zjgov[spark])",
        ),
        "distributed.cli.scheduler": (
            "Dask 调度器地址，如 tcp://host:8786（默认：本机启动工作进程）",
            "Dask scheduler address, e.g. tcp://host:8786 (default: local worker processes)",
        ),
        "distributed.cli.master": (
            "Spark master，如 spark://host:7077、yarn、local[4]（默认 local[2]）",
            "Spark master, e.g. spark://host:7077, yarn, local[4] (default local[2])",
        ),
        "distributed.cli.needs_local": (
            "{option} 只能与 --engine pandas 一起使用",
            "{option} works only with --engine pandas",
        ),
        "distributed.cli.wrong_address": (
            "{option} 属于 --engine {engine}",
            "{option} belongs to --engine {engine}",
        ),
    }
)


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--engine", choices=ENGINES, default="pandas", help=i18n.text("distributed.cli.engine", lang))
    parser.add_argument("--scheduler", metavar="ADDR", help=i18n.text("distributed.cli.scheduler", lang))
    parser.add_argument("--master", metavar="URL", help=i18n.text("distributed.cli.master", lang))


def _refuse(key: str, option: str, **kw: str) -> ConfigError:
    return ConfigError(*(i18n.text(key, lang, option=option, **kw) for lang in ("zh", "en")), field=option)


def address(args: argparse.Namespace, local_only: tuple[str, ...] = ()) -> str | None:
    """The Dask scheduler or Spark master of ``args`` (``None``: a local one), after refusing
    ``--scheduler`` / ``--master`` given to another engine and the ``local_only`` options (which
    write rows from one machine) given to a distributed one."""
    for option, engine in (("--scheduler", "dask"), ("--master", "spark")):
        if getattr(args, option[2:]) and args.engine != engine:
            raise _refuse("distributed.cli.wrong_address", option, engine=engine)
    if args.engine != "pandas":
        for option in local_only:
            if getattr(args, option[2:].replace("-", "_"), None):
                raise _refuse("distributed.cli.needs_local", option)
    return args.scheduler if args.engine == "dask" else args.master


def check(args: argparse.Namespace, rules: RuleSet, previous: QualityResult | None = None) -> QualityResult | None:
    """The result of ``zjgov check`` on the chosen engine, or ``None`` for ``--engine pandas``."""
    where = address(args, ("--failures", "--quarantine", "--valid"))  # these write every failing row
    if args.engine == "pandas":
        return None
    from zjgov.distributed.sources import run_check

    result = run_check(
        args.data, rules, engine=args.engine, address=where, encoding=args.encoding, mask=not args.show_values
    )
    if previous is not None:
        result.comparison = result.compare(previous)
    return result
