"""zjgov.testing: near-miss labels proven branch by branch, tables loaded at build time, profiles."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import zjgov
from zjgov import codes
from zjgov.errors import ValidationError
from zjgov.testing import profiles
from zjgov.testing import strategies as zst
from zjgov.testing.strategies import NearMiss

BRANCHES = [(code, branch) for code in zst._VALID for branch in zst.near_miss_branches(code)]


def test_every_code_has_strategies_and_several_branches():
    assert sorted(zst._VALID) == sorted(codes.names()) == sorted(zst._NEAR)
    for code in zst._VALID:
        assert len(zst.near_miss_branches(code)) >= 3, code


@pytest.mark.parametrize(("code", "branch"), BRANCHES, ids=[f"{c}-{b}" for c, b in BRANCHES])
def test_near_miss_branch_label_is_what_validate_says(code, branch):
    """Every branch of every code's near-miss generator, separately: a branch makes one kind of
    mistake, so its label is one reason, and validate must raise exactly that for every draw."""
    module = codes.get(code)
    strategy = zst.near_misses(code, branch=branch)
    labels = set()

    @settings(max_examples=100)
    @given(strategy)
    def run(near):
        assert isinstance(near, NearMiss)
        with pytest.raises(ValidationError) as info:
            module.validate(near.value)
        assert info.value.reason == near.reason, near
        labels.add(near.reason)

    run()
    assert len(labels) == 1, labels


@given(zst.near_misses("landline", branch="unassigned_area_code"))
@example(NearMiss("0086000000", "length"))  # found by chance in CI: 00 + 86… is the country prefix
def test_landline_country_prefix_is_never_an_area_code_near_miss(near):
    from zjgov.codes import landline

    with pytest.raises(ValidationError) as info:
        landline.validate(near.value)
    assert info.value.reason == near.reason
    assert not near.value.startswith("0086") or near.reason == "length"


def test_unknown_branch_is_refused_in_both_languages():
    with pytest.raises(InvalidArgument, match="no branch 'nope'") as info:
        zst.near_misses("citizen_id", branch="nope")
    assert "没有名为" in str(info.value) and "check_char" in str(info.value)


def test_whole_generator_is_the_union_of_its_branches():
    for code in zst._VALID:
        strategy = repr(zst.near_misses(code))
        assert strategy.startswith("one_of("), code


def test_a_first_test_meets_the_default_deadline(tmp_path):
    """A tester's first test, in a fresh process with hypothesis' default settings (200 ms
    deadline): validate on the first example must not be slowed by loading tables."""
    lines = [
        "from hypothesis import given, settings",
        "from zjgov import codes",
        "from zjgov.testing import strategies as zst",
    ]
    for code in zst._VALID:
        lines += [
            "",
            "@settings(max_examples=10)  # the deadline stays hypothesis' default",
            f"@given(zst.valid_values({code!r}), zst.near_misses({code!r}))",
            f"def test_{code}(value, near):",
            f"    assert codes.get({code!r}).is_valid(value)",
            f"    assert not codes.get({code!r}).is_valid(near.value)",
        ]
    (tmp_path / "test_first.py").write_text("\n".join(lines))
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_PROFILE"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(zjgov.__file__).resolve().parent.parent), env.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", "test_first.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout[-3000:]
    assert f"{len(zst._VALID)} passed" in out.stdout


def test_shipped_profiles():
    ci, dev = settings.get_profile(profiles.CI), settings.get_profile(profiles.DEV)
    assert ci.derandomize and ci.database is None and not dev.derandomize
    for profile in (ci, dev):
        assert profile.deadline is None and "explain" not in {p.name for p in profile.phases}
        assert "shrink" in {p.name for p in profile.phases}


def test_suite_profile_is_derandomised_unless_dev():
    current = settings.default
    if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci":
        assert current.derandomize and current.max_examples == 60
    elif os.environ["HYPOTHESIS_PROFILE"] == "dev":
        assert not current.derandomize and current.max_examples == 200


def test_ci_profile_draws_the_same_examples_every_run(tmp_path):
    """Two fresh processes under HYPOTHESIS_PROFILE=ci draw the same citizen IDs."""
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, sys.argv[1])
        import conftest  # noqa: F401 - loads the suite's profile
        from hypothesis import given
        from zjgov.testing import strategies as zst
        seen = []

        @given(zst.citizen_ids())
        def t(v):
            seen.append(v)

        t()
        print(",".join(seen))
        """
    )
    tests_dir = str(Path(__file__).resolve().parent)
    env = {**os.environ, "HYPOTHESIS_PROFILE": "ci"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, tests_dir], env=env, capture_output=True, text=True, timeout=300, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and runs[0].count(",") >= 10


def test_values_of_one_branch_vary():
    """A branch is a family of values, not one constant."""
    seen = set()

    @given(zst.near_misses("citizen_id", branch="check_char"))
    def run(near):
        seen.add(near.value)

    run()
    assert len(seen) > 10


@given(st.data())
def test_near_misses_with_options_keep_their_labels(data):
    near = data.draw(zst.near_misses("plate", province="浙"))
    with pytest.raises(ValidationError) as info:
        codes.get("plate").validate(near.value)
    assert info.value.reason == near.reason
