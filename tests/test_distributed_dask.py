"""zjgov.distributed on a real Dask cluster: two worker processes, one thread each.

One ``LocalCluster`` serves the whole module (about 5 s to start). Every figure is compared with
the single-machine run on the same rows; the frame has empty partitions and duplicates whose
two rows sit in different partitions.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import subprocess
import sys
from pathlib import Path

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
import yaml
from dask.distributed import Client, LocalCluster

from _distributed_data import (
    EDUCATION_TREE,
    NOW,
    QIS,
    SENSITIVE,
    assert_same_audit,
    assert_same_inventory,
    assert_same_mask,
    assert_same_privacy,
    assert_same_quality,
    assert_same_schema,
    audit_options,
    census,
    cli_files,
    cli_outputs,
    cli_runs,
    keys,
    organisations,
    plain,
    policy,
    population,
    ruleset,
    schema,
)
from zjgov import demo, distributed
from zjgov.cli.main import main


@pytest.fixture(scope="session")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with Client(cluster) as c:
        yield c
    cluster.close()


def _with_empty_partitions(frame: pd.DataFrame) -> dd.DataFrame:
    """Five partitions, the first, third and last empty; the index labels kept."""
    cuts = [0, 0, 1100, 1100, len(frame), len(frame)]
    parts = [dask.delayed(frame.iloc[a:b]) for a, b in itertools.pairwise(cuts)]
    return dd.from_delayed(parts, meta=frame.iloc[:0], verify_meta=False)


@pytest.fixture(scope="module")
def data(client):
    frame = population()
    ddf = _with_empty_partitions(frame)
    assert ddf.npartitions == 5
    assert [int(n) for n in ddf.map_partitions(len).compute()] == [0, 1100, 0, len(frame) - 1100, 0]
    return frame, ddf


def test_runs_on_worker_processes(client):
    pids = client.run(lambda: __import__("os").getpid())
    assert len(set(pids.values())) == 2


def test_quality(data):
    frame, ddf = data
    assert_same_quality(distributed.check(ddf, ruleset(), now=NOW), frame)


def test_schema_with_distributed_reference(data):
    frame, ddf = data
    orgs = organisations()
    refs = {"orgs": dd.from_pandas(orgs, npartitions=2)}
    got = distributed.validate(ddf, schema(), references=refs)
    assert_same_schema(got, frame, {"orgs": orgs})


def test_mask_is_deterministic_across_partitions(data):
    frame, ddf = data
    masked, record = distributed.mask(ddf, policy(), keys)
    assert isinstance(masked, dd.DataFrame)
    assert_same_mask(masked.compute(), record, frame)
    other, _ = distributed.mask(dd.from_pandas(frame, npartitions=3), policy(), keys, audit=False)
    pd.testing.assert_frame_equal(plain(other.compute()), plain(masked.compute()))


def test_privacy(data):
    frame, ddf = data
    assert_same_privacy(distributed.measure(ddf, QIS, sensitive=SENSITIVE), frame)
    register = dd.from_pandas(census(), npartitions=3)
    assert_same_privacy(distributed.measure(ddf, QIS, sensitive=SENSITIVE, population=register), frame, census())


def test_audit_t_by_the_sensitive_hierarchy(data):
    from zjgov.classification import classify

    frame, ddf = data  # 3,000 rows: the inventory of the whole table, as the sample would differ
    options = {**audit_options(), "hierarchies": {"学历": EDUCATION_TREE}, "inventory": classify(frame)}
    got = distributed.audit(ddf, **options)
    assert got.t_distance == {"学历": "hierarchical", "年龄": "ordered"}
    assert_same_audit(got, frame, **options)


@pytest.mark.parametrize("n", [40, None])
def test_classification_by_sampling(data, n):
    frame, ddf = data
    part, total = distributed.sample_rows(ddf, n, seed=1)
    assert total == len(frame)
    assert_same_inventory(distributed.classify(ddf, sample=n, seed=1), frame, n, part)
    np.testing.assert_array_equal(part.index.to_numpy(), np.sort(part.index.to_numpy()))


def test_engine_argument_distributes_a_pandas_frame(client):
    frame = population(400)
    got = distributed.check(frame, ruleset(), engine="dask", partitions=3, now=NOW)
    assert_same_quality(got, frame, planted=False)


def _result_file(path) -> dict:
    d = json.loads(Path(path).read_text(encoding="utf-8"))
    d.pop("created")
    d["dataset"].pop("path")
    return d


def test_cli_check_on_the_cluster_equals_the_local_run(client, tmp_path):
    """``zjgov check --engine dask --scheduler ADDR`` as a user runs it, against the plain ``zjgov check``."""
    data, rules = tmp_path / "population.parquet", tmp_path / "rules.yaml"
    population(600).to_parquet(data)
    spec = {k: v for k, v in ruleset().to_dict().items() if k != "source" and v is not None}
    rules.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    runs = {}
    for engine in ("pandas", "dask"):
        extra = ["--engine", "dask", "--scheduler", client.scheduler.address] if engine == "dask" else []
        out = tmp_path / f"{engine}.json"
        cmd = [
            sys.executable,
            "-m",
            "zjgov.cli.main",
            "check",
            str(data),
            "--rules",
            str(rules),
            "--json-out",
            str(out),
        ]
        done = subprocess.run([*cmd, *extra], capture_output=True, text=True, timeout=300)
        assert done.returncode == 1, done.stderr  # the planted defects fail the error rules
        runs[engine] = _result_file(out)
    assert runs["dask"] == runs["pandas"]


def test_cli_refuses_options_of_another_engine(tmp_path):
    rules = str(demo.rules_path())
    cmd = [sys.executable, "-m", "zjgov.cli.main", "check", "x.parquet", "--rules", rules, "--master", "local[1]"]
    done = subprocess.run([*cmd, "--lang", "en"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--master belongs to --engine spark" in done.stderr


def _run_cli(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = main([*argv, "--lang", "en"])
    return rc, out.getvalue()


def test_cli_verbs_on_the_cluster_write_what_the_local_run_writes(client, tmp_path):
    """``schema validate``, ``mask`` (CSV and Parquet outputs) and ``audit`` with ``--engine dask
    --scheduler ADDR``, as a user runs them, against the plain runs: the same files, byte for byte."""
    files = cli_files(tmp_path)
    outputs, printed = {}, {}
    for engine in ("pandas", "dask"):
        out = tmp_path / engine
        out.mkdir()
        extra = ["--engine", "dask", "--scheduler", client.scheduler.address] if engine == "dask" else []
        printed[engine] = {}
        for verb, argv in cli_runs(files, out, extra).items():
            rc, text = _run_cli([*argv, *extra])
            assert rc == (0 if verb.startswith("mask") else 1), (verb, engine, text)
            printed[engine][verb] = text.replace(str(out), "OUT")
        outputs[engine] = cli_outputs(out)
    assert set(outputs["pandas"]) == {
        "violations.csv", "masked.csv", "masked.parquet", "effect.json",
        "masked.csv.audit.json", "masked.parquet.audit.json", "audit.json",
    }  # fmt: skip
    for name, want in outputs["pandas"].items():
        assert outputs["dask"][name] == want, name
    assert printed["dask"] == printed["pandas"]
    masked = pd.read_csv(tmp_path / "dask" / "masked.csv", dtype=str)
    assert len(masked) == 1500 and masked["公民身份号码"].str.contains(r"\*").any()


def test_masked_partitions_are_written_in_row_order(data, tmp_path):
    """Five partitions, three of them empty, through ``mask_partitions`` and the file writer of
    ``zjgov mask``: the file of ``mask_file`` on the same rows."""
    from zjgov.distributed.dask import DaskEngine
    from zjgov.distributed.masking import mask_partitions
    from zjgov.security import mask_file
    from zjgov.security.engine import write_masked

    frame, ddf = data
    source = tmp_path / "population.parquet"
    frame.reset_index(drop=True).to_parquet(source)
    want = mask_file(source, tmp_path / "want.csv", policy(), keys())
    parts = mask_partitions(DaskEngine(), ddf, policy(), keys)
    got = write_masked(parts, source, tmp_path / "got.csv", empty=lambda: None)
    assert (tmp_path / "got.csv").read_bytes() == (tmp_path / "want.csv").read_bytes()
    a, b = got.to_dict(), want.to_dict()
    for d in (a, b):
        d.pop("created"), d["output"].pop("file")
    assert a == b and b["records"]["suppressed"] > 0
