"""bench/: the generators make what the code modules accept, and run.py prints its table."""

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from zjgov import codes

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load(name):
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


generators = _load("generators")


def test_every_registered_code_has_a_generator():
    assert sorted(generators.GENERATORS) == sorted(codes.names())


@pytest.mark.parametrize("name", sorted(generators.GENERATORS))
def test_generator_is_mostly_valid_and_reproducible(name):
    arr = generators.generate(name, 4000, seed=1)
    assert len(arr) == 4000 and arr.null_count == 0
    assert arr.equals(generators.generate(name, 4000, seed=1))
    series = pd.Series(arr, dtype="str")
    result = codes.get(name).check(series)
    share = result.n_valid / len(series)
    assert 0.90 <= share <= 0.999, (name, share, result.counts)
    # the regex reference accepts the valid values (it is a format check, so a superset)
    assert series[result.valid].str.fullmatch(generators.GENERATORS[name].pattern).all(), name


def test_run_prints_the_table(capsys, monkeypatch):
    run = _load("run")
    monkeypatch.delitem(run.generators.GENERATORS, "org_code")
    argv = ["--rows", "3000", "--codes", "citizen_id,uscc,org_code", "--repeat", "1"]
    code = run.main([*argv, "--stdnum-rows", "300", "--scalar-rows", "100"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    lines = [line for line in out.splitlines() if line.startswith("| ")]
    assert lines[0].startswith("| code | zjgov rows/s | fullmatch rows/s")
    assert lines[1].startswith("| citizen_id |") and lines[2].startswith("| uscc |")
    assert "| org_code | no generator |" in out
    assert ("PASS" in lines[1]) or ("FAIL" in lines[1])
    assert "extrapolated" in out


def test_run_rejects_unknown_codes():
    run = _load("run")
    with pytest.raises(SystemExit) as info:
        run.main(["--codes", "nope"])
    assert info.value.code == 2


def test_bench_cold_prints_every_codes_scalar_rate(capsys):
    cold = _load("bench_cold")
    code = cold.main(
        ["--runs", "1", "--scalar-rows", "50", "--skip", "process,import", "--codes", "citizen_id,uscc,sex"]
    )
    out = capsys.readouterr().out
    assert code in (0, 1)
    rows = [line for line in out.splitlines() if line.startswith("| ") and "values/s" not in line]
    assert [r.split("|")[1].strip() for r in rows[1:]] == ["citizen_id", "uscc", "sex"]
    assert "stdnum.cn.ric" in rows[1] and "stdnum.cn.uscc" in rows[2]
    assert "targets:" in out
