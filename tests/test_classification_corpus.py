"""Accuracy of zjgov.classification on the labelled corpus (tests/classification_corpus)."""

import pandas as pd
import pytest

from classification_corpus import evaluate, generate
from zjgov.classification import load_catalogue
from zjgov.classification.names import is_meaningless


@pytest.fixture(scope="module")
def predictions():
    return evaluate.predictions()


def test_corpus_size_and_labels_are_valid():
    labels = generate.labels()
    assert len(labels) >= 300
    assert labels.table.nunique() >= 15
    cat = load_catalogue()
    assert all(cat[c].assignable for c in labels.category)
    assert not labels.duplicated(["table", "column"]).any()


def test_labels_file_is_in_sync_with_the_generator():
    stored = pd.read_csv(generate.HERE / "labels.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(stored, generate.labels().astype(str))


def test_generation_is_deterministic():
    a, b = generate.tables(rows=20), generate.tables(rows=20)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_generated_identifiers_are_valid():
    from zjgov import codes

    t = generate.tables(rows=50)
    assert codes.get("citizen_id").check(t["rk_population"]["公民身份号码"]).all_valid
    assert codes.get("uscc").check(t["fr_enterprise"]["TYSHXYDM"]).all_valid
    assert codes.get("bank_card").check(t["gy_employee"]["YHKH"]).all_valid
    assert codes.get("vin").check(t["jdc_vehicle"]["CLSBDH"]).all_valid
    assert codes.get("elicense").check(t["xk_license"]["电子证照标识"]).all_valid


def test_accuracy_targets(predictions, capsys):
    scores, table, text = evaluate.report(predictions)
    with capsys.disabled():
        print("\n" + text)
    assert scores["personal_macro_f1"] >= 0.95
    assert scores["sensitive_macro_f1"] >= 0.95
    assert scores["category_macro_f1"] >= 0.90
    assert set(table.columns) == {"class", "precision", "recall", "f1", "support"}


def test_meaningless_names_are_classified_from_values(predictions):
    meaningless = predictions[[is_meaningless(c) for c in predictions.column]]
    assert len(meaningless) >= 10
    # columns whose content identifies them (IDs, phones, addresses, e-mail, codes …)
    identifiable = meaningless[meaningless.table != "zb_bidding"]
    assert (identifiable.category == identifiable.predicted).mean() >= 0.95


def test_misleading_names_do_not_win(predictions):
    legacy = predictions[predictions.table == "dc_legacy_export"].set_index("column")
    for column in ("编号", "备注", "name", "手机号", "address"):
        assert legacy.loc[column, "predicted"] == legacy.loc[column, "category"], column
    # a conflict between name and values is flagged for a human
    assert legacy.loc["手机号", "review"] and legacy.loc["address", "review"]


def test_docs_carry_the_current_table(predictions):
    _, _, text = evaluate.report(predictions)
    doc = evaluate.DOCS.read_text(encoding="utf-8")
    assert evaluate.BEGIN in doc and evaluate.END in doc
    assert text.splitlines()[0] in doc
