"""Run ``zjgov`` as a user does: a separate process, this checkout's sources first on the path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_zjgov(*args, cwd) -> subprocess.CompletedProcess:
    """``python -m zjgov.cli.main ARGS`` in ``cwd`` (text output captured, 300 s at most)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}  # this checkout's zjgov, whatever is installed
    return subprocess.run(
        [sys.executable, "-m", "zjgov.cli.main", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
