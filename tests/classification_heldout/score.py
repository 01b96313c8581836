"""Score zjgov.classification on the held-out rounds (issue 14) and on the in-sample corpus.

``python tests/classification_heldout/score.py a`` (or ``b`` … ``k``, ``corpus``) prints category
accuracy, personal and sensitive macro F1, level accuracy, the personal/sensitive columns graded
at a level that opens them unconditionally without a review flag, and the per-style breakdown.
``--errors`` lists the misclassified columns (for round B: once, at the end — never to tune on);
``--write-labels`` writes the labels file of every round that has none yet
(``labels_a.csv`` …) from its table specs; stored labels are never rewritten.

Labels: category per column, written with the table; personal / sensitive / level follow from
the category under GB/T 35273 and DB33/T 2350 (every personal column of a ``minors`` table is
sensitive and L4) and are stored in the CSV files, so later catalogue changes cannot move them.
"""

from __future__ import annotations

import datetime as _dt
import functools
import sys
from pathlib import Path

import pandas as pd

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from classification_heldout import set_a, set_b, set_c, set_d, set_e, set_f, set_g, set_h, set_i, set_j, set_k
    from classification_heldout.values import Gen
else:
    from . import set_a, set_b, set_c, set_d, set_e, set_f, set_g, set_h, set_i, set_j, set_k
    from .values import Gen

HERE = Path(__file__).parent
ROWS = 200
TODAY = _dt.date(2026, 12, 1)
SEEDS = {
    "a": 14_000,
    "b": 14_500,
    "c": 15_000,
    "d": 15_500,
    "e": 16_000,
    "f": 16_500,
    "g": 17_000,
    "h": 17_500,
    "i": 18_000,
    "j": 18_500,
    "k": 19_000,
}
ROUNDS = {
    "a": set_a,
    "b": set_b,
    "c": set_c,
    "d": set_d,
    "e": set_e,
    "f": set_f,
    "g": set_g,
    "h": set_h,
    "i": set_i,
    "j": set_j,
    "k": set_k,
}
STYLES = ("zh", "pinyin", "en", "meaningless", "misleading")
#: Categories that the catalogue did not have when the rounds were written: (personal, sensitive, level).
_NEW = {"org.contact": (False, False, "L2")}


def tables(round_: str, rows: int = ROWS) -> dict[str, pd.DataFrame]:
    """The tables of a round, generated deterministically."""
    out = {}
    for i, (name, spec) in enumerate(ROUNDS[round_].tables().items()):
        g = Gen(SEEDS[round_] + i)
        data = {col: [fn(g) for _ in range(rows)] for col, _, _, fn in spec["columns"]}
        out[name] = pd.DataFrame(data, dtype="str")
    return out


@functools.cache
def _derive(category: str, minors: bool) -> tuple[bool, bool, str]:
    from zjgov.classification import grade_column, load_catalogue, load_scheme

    if category in _NEW:
        return _NEW[category]
    cat = load_catalogue()
    g = grade_column(category, cat, load_scheme("db33-2350"), minors_share=1.0 if minors else None)
    return cat[category].personal, g.sensitive, g.level


def spec_labels(round_: str) -> pd.DataFrame:
    rows = []
    for name, spec in ROUNDS[round_].tables().items():
        for col, category, style, _ in spec["columns"]:
            personal, sensitive, level = _derive(category, spec["minors"])
            rows.append((name, col, category, style, personal, sensitive, level))
    return pd.DataFrame(rows, columns=["table", "column", "category", "style", "personal", "sensitive", "level"])


def labels(round_: str) -> pd.DataFrame:
    """The stored labels of a round (``labels_a.csv`` / ``labels_b.csv``)."""
    out = pd.read_csv(HERE / f"labels_{round_}.csv", dtype=str, keep_default_na=False)
    for flag in ("personal", "sensitive"):
        out[flag] = out[flag] == "True"
    return out


def corpus() -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The in-sample corpus (tests/classification_corpus) in the same shape."""
    from classification_corpus import generate
    from zjgov.classification import load_catalogue

    cat = load_catalogue()
    lab = generate.labels()
    lab["style"] = ""
    lab["personal"] = [cat[c].personal for c in lab.category]
    derived = [_derive(c, False) for c in lab.category]
    lab["sensitive"] = [d[1] for d in derived]
    lab["level"] = [d[2] for d in derived]
    return generate.tables(), lab


def predictions(frames: dict[str, pd.DataFrame], lab: pd.DataFrame, *, by_category: bool = False) -> pd.DataFrame:
    """Labels joined with the inventory of every table.

    ``by_category``: personal / sensitive / level of the predicted *category* without the
    table's context rules (the corpus has no minors labels, so its figure is category-based).
    """
    from zjgov.classification import classify

    rows = []
    for name, frame in frames.items():
        inv = classify(frame, source=name, today=TODAY)
        for e in inv.entries:
            personal, sensitive, level = (
                _derive(e.category, False) if by_category else (e.personal, e.sensitive, e.level)
            )
            opens = inv.scheme.attributes(level)["open"]
            rows.append((name, e.column, e.category, personal, sensitive, level, e.review, opens, e.confidence))
    pred = pd.DataFrame(
        rows,
        columns=[
            "table",
            "column",
            "predicted",
            "personal_pred",
            "sensitive_pred",
            "level_pred",
            "review",
            "open",
            "confidence",
        ],
    )
    return lab.merge(pred, on=["table", "column"], how="left", validate="one_to_one")


def _f1(truth: pd.Series, pred: pd.Series) -> float:
    scores = []
    for c in (True, False):
        tp = int(((truth == c) & (pred == c)).sum())
        fp = int(((truth != c) & (pred == c)).sum())
        fn = int(((truth == c) & (pred != c)).sum())
        if tp + fn == 0:
            continue
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn)
        scores.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(scores) / len(scores)


def scores(p: pd.DataFrame) -> dict[str, object]:
    from zjgov.classification import load_scheme

    scheme = load_scheme("db33-2350")
    # personal or sensitive data whose label does not open it, opened unconditionally and not flagged
    # (a published legal representative's name is personal and L1 by its label: not counted)
    closed = [scheme.attributes(lv)["open"] != "无条件开放" for lv in p.level]
    protected = (p.personal | p.sensitive) & pd.Series(closed, index=p.index)
    opened = protected & (p.open == "无条件开放") & ~p.review
    out: dict[str, object] = {
        "tables": int(p.table.nunique()),
        "columns": len(p),
        "accuracy": float((p.category == p.predicted).mean()),
        "personal_macro_f1": _f1(p.personal, p.personal_pred),
        "sensitive_macro_f1": _f1(p.sensitive, p.sensitive_pred),
        "opened_unflagged": int(opened.sum()),
    }
    graded = p
    if len(graded):
        rank = scheme.rank
        out["level_accuracy"] = float((graded.level == graded.level_pred).mean())
        under = [rank(t) > rank(q) for t, q in zip(graded.level, graded.level_pred)]
        out["under_graded"] = int(sum(under))
        out["under_graded_unflagged"] = int(sum(u and not r for u, r in zip(under, graded.review)))
    styles = {}
    for style in STYLES:
        s = p[p["style"] == style]
        if len(s):
            styles[style] = (len(s), float((s.category == s.predicted).mean()))
    out["styles"] = styles
    return out


def text(name: str, s: dict[str, object]) -> str:
    lines = [
        f"{name}: {s['columns']} columns in {s['tables']} tables. Category accuracy {s['accuracy']:.3f}; "
        f"macro F1 personal {s['personal_macro_f1']:.3f}, sensitive {s['sensitive_macro_f1']:.3f}; "
        f"personal/sensitive columns opened unconditionally without review: {s['opened_unflagged']}."
    ]
    lines.append(
        f"  level accuracy {s['level_accuracy']:.3f}; graded below the label {s['under_graded']} "
        f"({s['under_graded_unflagged']} without a review flag)"
    )
    if s["styles"]:
        lines.append("  by style: " + "; ".join(f"{k} {a:.3f} ({n})" for k, (n, a) in s["styles"].items()))
    return "\n".join(lines)


def run(round_: str) -> pd.DataFrame:
    if round_ == "corpus":
        return predictions(*corpus(), by_category=True)
    return predictions(tables(round_), labels(round_))


def main(argv: list[str]) -> int:
    if "--write-labels" in argv:
        for r in ROUNDS:
            if not (HERE / f"labels_{r}.csv").exists():
                spec_labels(r).to_csv(HERE / f"labels_{r}.csv", index=False)
    for round_ in [a for a in argv[1:] if not a.startswith("--")] or ["a"]:
        p = run(round_)
        print(text(f"round {round_}", scores(p)))
        if "--errors" in argv:
            bad = p[(p.category != p.predicted) | (p.personal != p.personal_pred) | (p.sensitive != p.sensitive_pred)]
            for r in bad.itertuples():
                print(
                    f"  {r.table}.{r.column} [{r.style}]: labelled {r.category} ({r.level}), predicted {r.predicted} "
                    f"({r.level_pred}, review={r.review}, conf={r.confidence})"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
