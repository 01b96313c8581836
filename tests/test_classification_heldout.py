"""Held-out accuracy of zjgov.classification (issue 14): rounds A–K and the in-sample corpus.

Thresholds sit a little under the figures achieved (docs/classification.md, "Accuracy"), so
that later tuning cannot hide a regression on tables the detectors were not written for.
"""

import pandas as pd
import pytest

from classification_heldout import score
from zjgov.classification import load_catalogue

#: round -> (category accuracy, personal macro F1, sensitive macro F1, personal/sensitive opened unflagged)
FLOORS = {
    "a": (0.98, 0.99, 0.99, 0),  # achieved 0.991, 1.000, 1.000, 0 (development round)
    # untouched, B scored 0.892, 0.915, 0.907, 0; after its errors were read and fixed (a
    # development round from then on) 0.973, 0.978, 0.926 (four sensitivity labels of B are wrong)
    # name structure (rules N1-N7): 0.982, 0.978, 0.936, 0
    "b": (0.97, 0.97, 0.92, 0),
    # untouched, C scored 0.886, 0.937, 0.949, 1; after its errors were read and fixed 0.971, 0.989, 0.990, 1
    # issue 14 round-I lane (负责人 outside a register, rule S6): 0.981, 0.989, 0.990, 0
    "c": (0.97, 0.98, 0.98, 0),
    # untouched, D scored 0.861, 0.893, 0.911, 2; after its errors were read and fixed 0.980, 0.989, 0.979, 0
    # issue 14 vocabulary lane (public-schema synonyms, rules 9-10): 0.990, 0.989, 0.989, 0
    "d": (0.98, 0.98, 0.98, 0),
    # untouched, E scored 0.842, 0.887, 0.881, 1; after its errors were read and fixed 0.970, 1.000, 0.988, 0
    # issue 14 vocabulary lane: 0.980, 1.000, 0.988, 0
    "e": (0.97, 0.99, 0.98, 0),
    # untouched, F scored 0.869, 0.910, 0.953, 0; the issue 14 vocabulary lane then tuned on it
    # (a development round from then on): 0.980, 1.000, 0.988, 0; name structure: 0.990, 1.000, 1.000, 0
    "f": (0.98, 0.99, 0.99, 0),
    "corpus": (0.98, 0.99, 0.99, 0),  # achieved 0.995, 1.000, 1.000, 0 (in-sample)
    # untouched rounds G and H (written by someone not tuning; issue 14, stop 20), scored once:
    # code before the vocabulary lane G 0.704, 0.836, 0.868, 0 and H 0.870, 0.909, 0.913, 0;
    # after it G 0.730, 0.853, 0.903, 0 and H 0.870, 0.909, 0.915, 0. Their misses were then read
    # (development rounds from then on) to build the name-structure rules N1-N7:
    # G 0.878, 0.954, 0.967, 0 and H 0.922, 0.964, 0.957, 0.
    # issue 14 round-I lane (public-schema vocabulary, rules S1/S6/12): G 0.957, 0.972, 0.967, 0 and
    # H 0.957, 0.991, 0.989, 0.
    "g": (0.94, 0.96, 0.95, 0),
    "h": (0.94, 0.98, 0.97, 0),
    # untouched round I (119 columns, written from the category list only by someone not tuning;
    # issue 14, stop 21), scored once: code before the name-structure rules 0.790, 0.869, 0.895, 0;
    # with them 0.807, 0.886, 0.905, 0 (en 0.711, zh 0.769, pinyin 0.867). Its misses were then read
    # (a development round from then on; issue 14 round-I lane): 0.958, 0.991, 1.000, 0
    # (zh 1.000, pinyin 0.933, en 0.933, meaningless 1.000, misleading 1.000).
    "i": (0.94, 0.98, 0.99, 0),
    # untouched round J (130 columns, written from the category list only by someone not tuning;
    # issue 14, stop 22), scored once on code 9f883fe: 0.831, 0.883, 0.822, 0 (level accuracy
    # 0.815; zh 0.933, pinyin 0.769, en 0.756, meaningless 1.000, misleading 0.900); after the round-I
    # lane (merged 1ca0336 + lane/cls), scored once: 0.838, 0.891, 0.833, 0 (pinyin 0.795). Its misses are unread.
    "j": (0.82, 0.88, 0.82, 0),
    # untouched round K (139 columns, written from the category list only by someone not tuning;
    # issue 14, stop 22), scored once on the code of main at the lane start (1ca0336): 0.885, 0.918,
    # 0.954, 3 (level accuracy 0.906; zh 0.941, pinyin 0.927, en 0.795, meaningless 1.000,
    # misleading 0.800); after the round-I lane, scored once: the same 0.885, 0.918, 0.954, 3; with
    # rule G1 (a column of a table about persons that would open unconditionally is flagged), scored
    # once: 0.885, 0.918, 0.954, 0 (J unchanged). Its misses are unread.
    "k": (0.87, 0.90, 0.94, 0),
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def result(request):
    return request.param, score.scores(score.run(request.param))


def test_figures_stay_above_the_floors(result, capsys):
    round_, s = result
    with capsys.disabled():
        print("\n" + score.text(f"round {round_}", s))
    accuracy, personal, sensitive, opened = FLOORS[round_]
    assert s["accuracy"] >= accuracy
    assert s["personal_macro_f1"] >= personal
    assert s["sensitive_macro_f1"] >= sensitive
    assert s["opened_unflagged"] <= opened


@pytest.mark.parametrize("round_", sorted(score.ROUNDS))
def test_rounds_are_large_and_labelled(round_):
    lab = score.labels(round_)
    # rounds A and B were asked for with >= 100 columns; later rounds are about as large (F has 99)
    assert len(lab) >= (100 if round_ in "ab" else 95) and lab.table.nunique() >= 12
    assert not lab.duplicated(["table", "column"]).any()
    assert set(lab["style"]) == set(score.STYLES)
    minors = [t for t, spec in score.ROUNDS[round_].tables().items() if spec["minors"]]
    assert minors, "every round has a table of minors"
    cat = load_catalogue()
    known = set(cat) | set(score._NEW)
    assert set(lab.category) <= known


@pytest.mark.parametrize("round_", sorted(score.ROUNDS))
def test_stored_labels_match_the_table_specs(round_):
    stored = score.labels(round_)[["table", "column", "category", "style"]]
    spec = score.spec_labels(round_)[["table", "column", "category", "style"]]
    pd.testing.assert_frame_equal(stored, spec)


@pytest.mark.parametrize("round_", sorted(score.ROUNDS))
def test_generated_frames_have_the_labelled_columns(round_):
    # no classifier here: a round without floors (G, H before the lead scores them once) stays untouched
    lab = score.labels(round_)
    frames = score.tables(round_, rows=20)
    assert list(frames) == list(dict.fromkeys(lab.table))
    for name, frame in frames.items():
        assert list(frame.columns) == lab.loc[lab.table == name, "column"].tolist()
        assert len(frame) == 20


def test_tables_are_deterministic_and_valid():
    from zjgov import codes

    a, b = score.tables("a", rows=30), score.tables("a", rows=30)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
    t = score.tables("b", rows=50)
    assert codes.get("citizen_id").check(t["b_kindergarten_enrol"]["身份证件号码"]).all_valid
    assert codes.get("uscc").check(t["b_annual_report"]["统一社会信用代码"]).all_valid
    assert codes.get("bank_card").check(t["b_payroll"]["bankAccount"]).all_valid
