"""zjgov.distributed on Spark ``local[2]``: ``mapInPandas`` over Arrow, serialised partials.

One Spark session serves the whole module (about 35 s to start and run a first job here).
``zjgov.distributed.spark.connect`` points ``PYSPARK_PYTHON`` at this interpreter (else the
Python workers fail with ``No module named 'pandas'``). PySpark 4 warns that pandas >= 3 is not
fully supported; these tests are the evidence that what zjgov uses works with it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys

import pandas as pd
import pytest
from pyspark.sql import functions as F

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
    quality_json,
    ruleset,
    schema,
)
from zjgov import distributed
from zjgov.cli.main import main
from zjgov.distributed.sources import run_check
from zjgov.distributed.spark import SparkEngine, connect
from zjgov.quality import check

pytestmark = [
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),  # inside pyspark, pandas 3
]


@pytest.fixture(scope="session")
def spark():
    session = connect("local[2]", conf={"spark.sql.shuffle.partitions": "4", "spark.ui.showConsoleProgress": "false"})
    yield session
    session.stop()


@pytest.fixture(scope="module")
def data(spark):
    """Four partitions, one emptied; the single-machine frame is the same rows in partition order."""
    sdf = spark.createDataFrame(population()).repartition(4).where(F.spark_partition_id() != 2)
    sdf = sdf.cache()
    assert SparkEngine().lengths(sdf)[2] == 0
    return sdf.toPandas(), sdf


def test_workers_use_this_interpreter(spark):
    assert os.environ["PYSPARK_PYTHON"] == sys.executable
    assert os.environ.get("JAVA_HOME")


def test_connect_under_spark_submit_keeps_its_master(tmp_path):
    """``connect()`` in a job started by ``spark-submit --master X`` runs on X (it once set
    ``local[2]`` over it, which put a cluster job on the driver alone)."""
    import subprocess
    from pathlib import Path

    import pyspark

    job = tmp_path / "job.py"
    job.write_text(
        "from zjgov.distributed.spark import connect\n"
        "spark = connect()\n"
        "print('MASTER=' + spark.sparkContext.master)\n"
        "spark.stop()\n",
        encoding="utf-8",
    )
    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    out = subprocess.run(
        [str(submit), "--master", "local[1]", "--conf", "spark.ui.enabled=false", str(job)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    assert "MASTER=local[1]" in out.stdout.splitlines()


def test_quality(data):
    frame, sdf = data
    assert_same_quality(distributed.check(sdf, ruleset(), now=NOW), frame)


def test_schema_with_spark_reference(spark, data):
    frame, sdf = data
    orgs = organisations()
    got = distributed.validate(sdf, schema(), references={"orgs": spark.createDataFrame(orgs)})
    assert_same_schema(got, frame, {"orgs": orgs})


def test_mask_is_deterministic_across_partitions(spark, data):
    frame, sdf = data
    masked, record = distributed.mask(sdf, policy(), keys)
    assert_same_mask(masked.toPandas(), record, frame)
    other, _ = distributed.mask(sdf.coalesce(1), policy(), keys, audit=False)
    pd.testing.assert_frame_equal(plain(other.toPandas()), plain(masked.toPandas()))


def test_privacy(spark, data):
    frame, sdf = data
    assert_same_privacy(distributed.measure(sdf, QIS, sensitive=SENSITIVE), frame)
    register = spark.createDataFrame(census())
    assert_same_privacy(distributed.measure(sdf, QIS, sensitive=SENSITIVE, population=register), frame, census())


def test_audit_t_by_the_sensitive_hierarchy(data):
    from zjgov.classification import classify

    frame, sdf = data  # 3,000 rows: the inventory of the whole table, as the sample would differ
    options = {**audit_options(), "hierarchies": {"学历": EDUCATION_TREE}, "inventory": classify(frame)}
    got = distributed.audit(sdf, **options)
    assert got.t_distance == {"学历": "hierarchical", "年龄": "ordered"}
    assert_same_audit(got, frame, **options)


@pytest.mark.parametrize("n", [40, None])
def test_classification_by_sampling(data, n):
    frame, sdf = data
    part, total = distributed.sample_rows(sdf, n, seed=1)
    assert total == len(frame)
    assert_same_inventory(distributed.classify(sdf, sample=n, seed=1), frame, n, part)


def test_a_zjgov_error_on_an_executor_reaches_the_caller(data):
    _, sdf = data
    from zjgov.errors import ConfigError
    from zjgov.security import load_policy_text

    bad = load_policy_text("columns: {不存在的列: mask:name}")
    with pytest.raises(ConfigError, match="不存在"):
        distributed.mask(sdf, bad)


@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_files_read_by_spark_itself(spark, tmp_path, suffix):
    """``run_check`` (what ``zjgov check --engine spark`` calls) equals ``zjgov.quality.check`` of the file."""
    frame = population(500)
    path = tmp_path / f"population.{suffix}"
    if suffix == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path)
    got = quality_json(run_check(path, ruleset(), engine="spark", address="local[2]"))
    want = quality_json(check(path, ruleset(), now=NOW))
    got["dataset"].pop("name"), want["dataset"].pop("name")
    assert got == want


def test_cli_verbs_on_spark_write_what_the_local_run_writes(spark, tmp_path):
    """``schema validate``, ``mask`` and ``audit`` with ``--engine spark --master local[2]`` in this
    process (the session is reused), the CSV read by Spark in several partitions, against the
    plain runs: the same files, byte for byte."""
    files = cli_files(tmp_path)
    outputs, printed = {}, {}
    saved = {k: spark.conf.get(k) for k in ("spark.sql.files.maxPartitionBytes", "spark.sql.files.openCostInBytes")}
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(48 << 10))  # the 200 kB file in about 5 partitions
    spark.conf.set("spark.sql.files.openCostInBytes", "0")
    try:
        assert spark.read.option("header", True).csv(str(files["data"])).rdd.getNumPartitions() > 2
        for engine in ("pandas", "spark"):
            out = tmp_path / engine
            out.mkdir()
            extra = ["--engine", "spark", "--master", "local[2]"] if engine == "spark" else []
            printed[engine] = {}
            for verb, argv in cli_runs(files, out, extra).items():
                buffer = io.StringIO()
                with contextlib.redirect_stdout(buffer):
                    rc = main([*argv, *extra, "--lang", "en"])
                assert rc == (0 if verb.startswith("mask") else 1), (verb, engine, buffer.getvalue())
                printed[engine][verb] = buffer.getvalue().replace(str(out), "OUT")
            outputs[engine] = cli_outputs(out)
    finally:
        for k, v in saved.items():
            spark.conf.set(k, v)
    assert len(outputs["pandas"]) == 7
    for name, want in outputs["pandas"].items():
        assert outputs["spark"][name] == want, name
    assert printed["spark"] == printed["pandas"]
