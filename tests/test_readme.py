"""The README's examples run as written: its Python doctests, and every ``zjgov`` command of its
shell blocks, in order, from a copy of the repository's examples (as on a fresh clone).

A command must exit 0, unless its comment says ``exits 1`` (exactly 1) or ``may exit 1``.
"""

import doctest
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_examples():
    parser = doctest.DocTestParser()
    test = parser.get_doctest(README, {}, "README.md", "README.md", 0)
    assert test.examples, "the README has no examples"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0


def readme_commands() -> list[tuple[str, set[int]]]:
    """Every line of a ``bash`` block that starts with ``zjgov``, and the exit codes it may end with."""
    out = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            if not line.startswith("zjgov "):
                continue
            command, _, comment = line.partition("#")
            allowed = {1} if "exits 1" in comment else {0, 1} if "may exit 1" in comment else {0}
            out.append((command.strip(), allowed))
    return out


def test_the_readme_lists_commands():
    verbs = {c.split()[1] for c, _ in readme_commands()}
    assert {"validate", "profile", "check", "schema", "package", "classify"} <= verbs


def test_every_readme_command_runs_as_written(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for command, allowed in readme_commands():
        argv = shlex.split(command)[1:]
        proc = subprocess.run(
            [sys.executable, "-m", "zjgov.cli.main", *argv], cwd=tmp_path, capture_output=True, text=True, timeout=600
        )
        assert proc.returncode in allowed, (command, proc.returncode, proc.stderr[-2000:])
        assert "Traceback" not in proc.stderr, (command, proc.stderr[-2000:])
