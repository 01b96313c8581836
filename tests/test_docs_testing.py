"""docs/testing.md: every Python example runs as written, and its tests pass."""

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "testing.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_doc_has_examples():
    assert len(BLOCKS) >= 7


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_example_runs(index):
    code = BLOCKS[index]
    compiled = compile(code, f"docs/testing.md[{index}]", "exec")
    if "load_profile" in code:  # the conftest recipe: loading a profile here would change the whole suite's
        return
    namespace = {"__name__": f"docs_testing_{index}"}
    exec(compiled, namespace)
    for name, value in namespace.items():
        if name.startswith("test_") and callable(value):
            value()
