"""zjgov.distributed on the in-process reference engine: every surface, cut at many places.

``engine="pandas"`` runs the distributed code path (partials, key candidates, gathered
references, sample merges) over slices of a pandas frame, so partition boundaries — including
empty partitions and a duplicate's two rows in different partitions — are tested in seconds;
test_distributed_dask.py and test_distributed_spark.py run the same comparisons on real engines.
"""

from __future__ import annotations

import itertools
import pickle
import sys

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

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
    audit_json,
    audit_options,
    census,
    cli_files,
    cli_runs,
    keys,
    organisations,
    policy,
    population,
    ruleset,
    schema,
)
from zjgov import distributed
from zjgov.cli.main import main
from zjgov.distributed import _engines, privacy, quality, sample
from zjgov.distributed import masking as dmask
from zjgov.distributed import schema as dschema
from zjgov.distributed.release import EngineFacts
from zjgov.errors import ConfigError
from zjgov.quality.engine import Plan, merge
from zjgov.security import privacy as P
from zjgov.security.audit import audit as security_audit

CUTS = [[3000], [0, 1000, 0, 2000, 0], [1, 1499, 1500], [700] * 4 + [200]]


@pytest.mark.parametrize("sizes", CUTS)
def test_quality_equals_single_machine(sizes):
    frame = population()
    got = quality.run(_engines.LocalEngine(sizes=sizes), frame, ruleset(), now=NOW)
    assert_same_quality(got, frame)


@pytest.mark.parametrize("sizes", CUTS)
def test_schema_equals_single_machine(sizes):
    frame, refs = population(), {"orgs": organisations()}
    got = dschema.validate(_engines.LocalEngine(sizes=sizes), frame, schema(), references=refs)
    assert_same_schema(got, frame, refs)
    assert got.n_invalid == schema().validate(frame, references=refs).n_invalid


@pytest.mark.parametrize("sizes", CUTS[1:3])
def test_mask_equals_single_machine(sizes):
    frame = population()
    masked, record = dmask.mask(_engines.LocalEngine(sizes=sizes), frame, policy(), keys)
    assert_same_mask(masked, record, frame)


@pytest.mark.parametrize("sizes", CUTS[1:3])
def test_privacy_and_sample_equal_single_machine(sizes):
    frame, eng = population(), _engines.LocalEngine(sizes=sizes)
    assert_same_privacy(privacy.measure(eng, frame, QIS, sensitive=SENSITIVE), frame)
    assert_same_privacy(privacy.measure(eng, frame, QIS, sensitive=SENSITIVE, population=census()), frame, census())
    for n in (50, None):
        part, total = sample.sample_rows(eng, frame, n, seed=1)
        assert total == len(frame)
        assert_same_inventory(sample.classify(eng, frame, sample=n, seed=1), frame, n, part)


@settings(max_examples=10, deadline=None)
@given(cuts=st.lists(st.integers(0, 400), min_size=0, max_size=6))
@example(cuts=[])
def test_any_partitioning_gives_the_same_keys(cuts):
    """Duplicates, unique keys and the sample do not depend on where the partitions are cut."""
    frame = population(400)
    bounds = sorted(cuts)
    sizes = [b - a for a, b in zip([0, *bounds], [*bounds, 400])]
    eng = _engines.LocalEngine(sizes=sizes)
    assert_same_quality(quality.run(eng, frame, ruleset(), now=NOW), frame, planted=False)
    refs = {"orgs": organisations()}
    assert_same_schema(dschema.validate(eng, frame, schema(), references=refs), frame, refs, planted=False)
    want, _ = sample.sample_rows(_engines.LocalEngine(1), frame, 30, seed=5)
    got, _ = sample.sample_rows(eng, frame, 30, seed=5)
    pd.testing.assert_frame_equal(got, want)


def test_plan_and_partials_travel_to_workers():
    """What Dask and Spark ship: the plan to the workers, the partials back (both pickled)."""
    frame, rs = population(600), ruleset()
    plan = Plan(rs, list(frame.columns), now=NOW)
    shipped = pickle.loads(pickle.dumps(plan))
    parts = [pickle.loads(pickle.dumps(shipped.evaluate(frame.iloc[a : a + 200], a))) for a in (0, 200, 400)]
    got = plan.finalise(merge(merge(parts[0], parts[1]), parts[2]))
    assert_same_quality(got, frame, planted=False)


@pytest.mark.parametrize("sizes", [[3000], [0, 1000, 0, 2000, 0]])
def test_key_partials_hold_only_the_repeated_keys(sizes):
    """The partials of key rules carry the keys whose hash repeats, not one entry per distinct key."""
    frame, eng = population(), _engines.LocalEngine(sizes=sizes)
    plan = Plan(ruleset(), list(frame.columns), now=NOW)
    repeated = quality._repeated_keys(eng, frame, plan)
    offsets = [0, *itertools.accumulate(eng.lengths(frame))]
    partial = eng.map_reduce(frame, lambda part, p: plan.evaluate(part, offsets[p], repeated=repeated), merge)
    full = plan.evaluate(frame, 0)
    want = plan.finalise(full)
    assert_same_quality(plan.finalise(partial), frame)
    keyed = [i for i, r in enumerate(plan.rules.rules) if r.spec.scope == "key"]
    assert set(repeated) <= set(keyed) and len(keyed) == 3
    for i in keyed:  # exactly the keys that repeat (the data has no hash collision)
        assert partial.rules[i].keys.distinct == len(full.rules[i].keys.groups_of(2)[0])
        assert partial.rules[i].checked == full.rules[i].checked
    unique = keyed[0]  # unique:公民身份号码 — 1 % of the ID numbers repeat
    assert 0 < partial.rules[unique].keys.distinct < full.rules[unique].keys.distinct / 20
    assert any(g.rule == "unique:公民身份号码" for g in want.duplicates)


def test_public_api_recognises_pandas_and_distributes():
    frame = population(500)
    got = distributed.check(frame, ruleset(), engine="pandas", partitions=3, now=NOW)
    assert_same_quality(got, frame)
    report = distributed.validate(frame, schema(), references={"orgs": organisations()}, partitions=2)
    assert report.counts == schema().validate(frame, references={"orgs": organisations()}).counts


def test_unknown_engine_and_mismatch_are_bilingual():
    with pytest.raises(ConfigError, match=r"未知的计算引擎.*unknown engine"):
        distributed.engine("flink")
    with pytest.raises(TypeError, match=r"数据应为.*data must be"):
        distributed.check([1, 2], ruleset())


def test_missing_extra_names_the_pip_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask", None)  # as if dask were not installed
    monkeypatch.delitem(sys.modules, "zjgov.distributed.dask", raising=False)
    with pytest.raises(ImportError, match=r'pip install "zjgov\[dask\]"') as info:
        distributed.engine("dask")
    assert "需要可选依赖" in str(info.value)


def test_keys_never_travel_and_whole_column_operators_are_refused():
    frame = population(50)
    with pytest.raises(ConfigError, match=r"functools\.partial"):
        distributed.mask(frame, policy(), keys())  # a KeyRing itself, not a factory
    with pytest.raises(TypeError):
        pickle.dumps(keys())
    assert "permute" in dmask.WHOLE_COLUMN


def test_bad_sample_and_columns_give_the_in_memory_errors():
    frame = population(50)
    with pytest.raises(ConfigError):
        distributed.sample_rows(frame, 0)
    with pytest.raises(KeyError, match="没有列"):
        distributed.measure(frame, ["不存在"])
    with pytest.raises(ConfigError, match=r"缺少的列|不存在"):
        distributed.check(frame.drop(columns=["年龄"]), ruleset(), partitions=2)


@pytest.mark.parametrize("sizes", [[1000, 1000, 1000], [0, 3000]])
def test_ordered_t_refuses_a_null_with_the_in_memory_error(sizes):
    frame = population().assign(收入=lambda f: f["年龄"].astype("float64") * 100)
    frame.loc[[1500, 1700, 2998], "收入"] = None
    frame.loc[1500, QIS] = None  # a suppressed record: its null does not count
    with pytest.raises(ValueError) as want:
        P.measure(frame, QIS, sensitive=["收入"])
    with pytest.raises(ValueError) as got:
        privacy.measure(_engines.LocalEngine(sizes=sizes), frame, QIS, sensitive=["收入"])
    assert str(got.value) == str(want.value) and "1701" in str(want.value)
    equal = privacy.measure(_engines.LocalEngine(sizes=sizes), frame, QIS, sensitive=["收入"], distance="equal")
    assert equal.t == P.measure(frame, QIS, sensitive=["收入"], distance="equal").t


def test_text_numbers_take_the_ordered_distance_as_numbers():
    frame = population().assign(收入=lambda f: (f["年龄"] * 37 % 1000).astype(str))
    got = privacy.measure(_engines.LocalEngine(sizes=[10, 2990]), frame, QIS, sensitive=["收入"], distance="ordered")
    assert got.t == P.measure(frame, QIS, sensitive=["收入"], distance="ordered").t
    with pytest.raises(ValueError, match="distance"):
        privacy.measure(_engines.LocalEngine(), frame, QIS, sensitive=["收入"], distance="near")


@pytest.mark.parametrize("sizes", [[1500], [0, 700, 0, 800, 0]])
def test_audit_equals_single_machine(sizes):
    """The release audit's violations, figures and JSON from the facts the engine gathers."""
    frame = population(1500)
    options = audit_options()
    want = audit_json(security_audit(frame, population=census(), **options))
    got = audit_json(
        security_audit(EngineFacts(_engines.LocalEngine(sizes=sizes), frame), population=census(), **options)
    )
    assert got == want
    codes = {v["code"] for v in want["violations"]}
    assert {"below_k", "below_l", "above_t", "prohibited"} <= codes, codes
    assert want["measurement"]["journalist"]["population_missing"] > 0
    inferred = audit_json(distributed.audit(frame, protection_list=options["protection_list"], scenario="share"))
    assert inferred == audit_json(security_audit(frame, protection_list=options["protection_list"], scenario="share"))


@pytest.mark.parametrize("sizes", [[1500], [0, 700, 0, 800, 0]])
def test_audit_t_by_the_sensitive_hierarchy_equals_single_machine(sizes):
    """t of 学历 by its hierarchy (the hierarchical EMD from the engine's group-by), of 年龄 ordered."""
    frame = population(1500)
    options = {**audit_options(), "hierarchies": {"学历": EDUCATION_TREE}}
    got = security_audit(EngineFacts(_engines.LocalEngine(sizes=sizes), frame), population=census(), **options)
    assert got.t_distance == {"学历": "hierarchical", "年龄": "ordered"}
    assert got.measurement.t["学历"] == pytest.approx(
        P.t_closeness(frame, QIS, "学历", distance="hierarchical", hierarchy=EDUCATION_TREE), abs=1e-12
    )
    assert got.measurement.t["学历"] != pytest.approx(P.t_closeness(frame, QIS, "学历", distance="equal"))
    assert_same_audit(got, frame, population=census(), **options)


@pytest.mark.parametrize("verb", ["mask", "schema", "audit"])
def test_cli_engine_without_its_extra_names_the_pip_command(verb, tmp_path, monkeypatch, capsys):
    files = cli_files(tmp_path, rows=50)
    monkeypatch.setitem(sys.modules, "dask", None)  # as if dask were not installed
    monkeypatch.delitem(sys.modules, "zjgov.distributed.dask", raising=False)
    for lang, words in (("en", "needs the optional dependency"), ("zh", "需要可选依赖")):
        rc = main([*cli_runs(files, tmp_path, [])[verb], "--engine", "dask", "--lang", lang])
        err = capsys.readouterr().err
        assert rc == 2 and 'pip install "zjgov[dask]"' in err and words in err, err
    assert not (tmp_path / "masked.csv").exists()


def test_cli_refuses_what_only_one_machine_writes(tmp_path, capsys):
    files = cli_files(tmp_path, rows=50)
    runs = cli_runs(files, tmp_path, [])
    for argv, option in (
        ([*runs["schema"], "--valid", str(tmp_path / "valid.csv")], "--valid"),
        ([*runs["audit"], "--fix-policy", str(tmp_path / "fix.yaml")], "--fix-policy"),
        ([*runs["mask"], "--master", "local[1]"], "--master"),
    ):
        engine = ["--engine", "dask"] if option != "--master" else []
        assert main([*argv, *engine, "--lang", "en"]) == 2
        assert option in capsys.readouterr().err


def test_distributed_defaults_are_the_in_memory_ones():
    import inspect

    from zjgov.classification.classifier import DEFAULT_SAMPLE
    from zjgov.quality.engine import SAMPLE_SIZE

    assert inspect.signature(distributed.classify).parameters["sample"].default == DEFAULT_SAMPLE
    assert inspect.signature(distributed.check).parameters["sample_size"].default == SAMPLE_SIZE
    from zjgov.distributed import release as daudit

    assert daudit._SAMPLE == DEFAULT_SAMPLE


@pytest.mark.parametrize("sizes", [[1000, 1000, 1000], [0, 1750, 0, 1250]])
def test_mask_partitions_name_the_first_bad_row_of_the_whole_data(sizes):
    from zjgov.security import apply, load_policy_text
    from zjgov.security.operators import OperatorError

    frame = population().astype({"年龄": str})
    frame.loc[[1800, 2500], "年龄"] = "不详"
    ages = load_policy_text("columns: {年龄: {operator: generalise:age, width: 10}}")
    with pytest.raises(OperatorError) as want:
        apply(frame, ages)
    with pytest.raises(OperatorError) as got:
        list(dmask.mask_partitions(_engines.LocalEngine(sizes=sizes), frame, ages))
    assert got.value.fields["row"] == want.value.fields["row"] == 1801
    assert "年龄" in got.value.message("en") and "1801" in got.value.message("en")
