"""Cold start: a scalar check imports neither NumPy, pandas, pyarrow nor PyYAML (a fresh interpreter each)."""

import subprocess
import sys

import pytest

SCALAR = [
    "import zjgov",
    "import zjgov.codes; zjgov.codes.get('citizen_id').is_valid('11010519491231002X')",
    "from zjgov.codes import citizen_id; assert citizen_id.validate('110105 19491231 002x') == '11010519491231002X'",
    "from zjgov.codes import uscc; assert uscc.is_valid('91110000600037341L')",
    "from zjgov.codes import division; assert division.is_valid('330103') and not division.is_valid('330103', current=True)",
]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


@pytest.mark.parametrize("code", SCALAR)
def test_scalar_checks_do_not_import_numpy_or_pandas(code):
    loaded = _modules_after(code)
    assert not {"numpy", "pandas", "pyarrow", "yaml"} & loaded


def test_a_column_check_still_works_after_a_cold_scalar_one():
    loaded = _modules_after(
        "from zjgov.codes import citizen_id; citizen_id.is_valid('11010519491231002X'); "
        "assert citizen_id.check(['11010519491231002X', 'x']).valid.tolist() == [True, False]"
    )
    assert {"numpy", "pandas"} <= loaded


def test_cli_help_table_equals_each_verbs_help():
    import importlib

    from zjgov.cli import main

    assert set(main.HELP) == set(main.VERBS)
    for verb, module in main.VERBS.items():
        assert main.HELP[verb] == importlib.import_module(module).HELP, verb


def test_cli_top_level_help_imports_no_verb():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from zjgov.cli import main; main.build_parser('zh'); print(' '.join(sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(out.stdout.split())
    from zjgov.cli.main import VERBS

    assert not loaded & set(VERBS.values())  # shared helpers (cli._common) may load; no verb does
    assert not {"numpy", "pandas"} & loaded


def test_cli_validate_of_one_value_imports_no_pandas():
    """``zjgov validate CODE VALUE`` is the scalar path: pandas and zjgov.io load only for ``--file``."""
    loaded = _modules_after(
        "from zjgov.cli import main\nassert main.main(['validate', 'citizen_id', '11010519491231002X']) == 0"
    )
    assert not {"numpy", "pandas", "pyarrow", "zjgov.io"} & loaded
