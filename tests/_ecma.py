"""ECMA-262 regular expressions checked by a real JavaScript engine (node), as JSON Schema and
OpenAPI validators run them (``new RegExp(pattern, "u")``). CI's machine has node; a machine
without it fails these tests with a clear message rather than skipping them."""

from __future__ import annotations

import json
import shutil
import subprocess

_SCRIPT = r"""
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map(([pattern, values]) => {
  try {
    const re = new RegExp(pattern, "u");
    return {ok: true, matches: values.map((v) => re.test(v))};
  } catch (e) {
    return {ok: false, error: String(e.message)};
  }
});
process.stdout.write(JSON.stringify(out));
"""


def node_regex(cases: list[tuple[str, list[str]]]) -> list[dict]:
    """For each ``(pattern, values)``: ``{"ok": True, "matches": [...]}`` or ``{"ok": False, "error": …}``."""
    node = shutil.which("node")
    if node is None:
        raise AssertionError("node (JavaScript) is needed to test ECMA-262 patterns: install nodejs")
    done = subprocess.run(
        [node, "-e", _SCRIPT], input=json.dumps(cases), capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(done.stdout)
