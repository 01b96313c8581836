"""Precision, recall and F1 of zjgov.classification on the labelled corpus.

``python tests/classification_corpus/evaluate.py`` prints the per-category table;
``--write-docs`` also replaces the table between the markers in docs/classification.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from classification_corpus.generate import labels, tables
else:
    from .generate import labels, tables

from zjgov.classification import classify, load_catalogue

DOCS = Path(__file__).resolve().parents[2] / "docs" / "classification.md"
BEGIN, END = "<!-- corpus-metrics:begin -->", "<!-- corpus-metrics:end -->"


def predictions() -> pd.DataFrame:
    """Labels joined with the predicted category of every corpus column."""
    rows = []
    for name, frame in tables().items():
        inv = classify(frame, source=name)
        rows += [(name, e.column, e.category, e.confidence, e.review) for e in inv.entries]
    pred = pd.DataFrame(rows, columns=["table", "column", "predicted", "confidence", "review"])
    out = labels().merge(pred, on=["table", "column"], how="left", validate="one_to_one")
    cat = load_catalogue()
    for flag in ("personal", "sensitive"):
        out[flag] = [getattr(cat[c], flag) for c in out.category]
        out[f"{flag}_pred"] = [getattr(cat[c], flag) for c in out.predicted]
    return out


def per_class(truth: pd.Series, pred: pd.Series) -> pd.DataFrame:
    """Precision, recall, F1 and support per class (classes of the truth and the predictions)."""
    rows = []
    for c in sorted(set(truth) | set(pred), key=str):
        tp = int(((truth == c) & (pred == c)).sum())
        fp = int(((truth != c) & (pred == c)).sum())
        fn = int(((truth == c) & (pred != c)).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append((c, p, r, f, int((truth == c).sum())))
    return pd.DataFrame(rows, columns=["class", "precision", "recall", "f1", "support"])


def macro_f1(truth: pd.Series, pred: pd.Series) -> float:
    """Mean F1 over the classes that occur in the truth."""
    table = per_class(truth, pred)
    return float(table[table.support > 0].f1.mean())


def report(p: pd.DataFrame | None = None) -> tuple[dict[str, float], pd.DataFrame, str]:
    p = predictions() if p is None else p
    scores = {
        "columns": len(p),
        "tables": p.table.nunique(),
        "accuracy": float((p.category == p.predicted).mean()),
        "personal_macro_f1": macro_f1(p.personal, p.personal_pred),
        "sensitive_macro_f1": macro_f1(p.sensitive, p.sensitive_pred),
        "category_macro_f1": macro_f1(p.category, p.predicted),
    }
    table = per_class(p.category, p.predicted)
    lines = [
        f"Corpus: {scores['columns']} columns in {scores['tables']} tables. "
        f"Category accuracy {scores['accuracy']:.3f}; macro F1 — personal vs not {scores['personal_macro_f1']:.3f}, "
        f"sensitive vs not {scores['sensitive_macro_f1']:.3f}, category {scores['category_macro_f1']:.3f}.",
        "",
        "| category | precision | recall | F1 | columns |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r.cls} | {r.precision:.2f} | {r.recall:.2f} | {r.f1:.2f} | {r.support} |"
        for r in table.rename(columns={"class": "cls"}).itertuples()
    ]
    errors = p[p.category != p.predicted]
    if len(errors):
        lines += ["", "Misclassified columns:", ""]
        lines += [
            f"- `{r.table}.{r.column}`: labelled {r.category}, predicted {r.predicted}" for r in errors.itertuples()
        ]
    return scores, table, "\n".join(lines)


def write_docs(text: str, path: Path = DOCS) -> None:
    doc = path.read_text(encoding="utf-8")
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    path.write_text(doc[:start] + "\n" + text + "\n" + doc[end:], encoding="utf-8")


if __name__ == "__main__":
    scores, _, text = report()
    print(text)
    if "--write-docs" in sys.argv:
        write_docs(text)
