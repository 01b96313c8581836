"""``classify``: sample → detectors per column → categories → grading → inventory.

>>> import pandas as pd
>>> frame = pd.DataFrame({"C1": ["13800138000", "13912345678", "13700001111"], "XB": ["1", "2", "1"]})
>>> inv = classify(frame, scheme="gbt-43697")
>>> [(e.column, e.category, e.level) for e in inv.entries]
[('C1', 'person.phone', 'general-3'), ('XB', 'person.sex', 'general-2')]
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
from collections.abc import Mapping

import numpy as np
import pandas as pd

from zjgov import i18n, io
from zjgov.classification.catalogue import BASES, TIERS, Catalogue, load_catalogue
from zjgov.classification.detect import Detection, Evidence, dataset_subject, detect_column, persons_in_charge
from zjgov.classification.detectors import value_evidence
from zjgov.classification.grading import grade_column, grade_dataset, minors_rule
from zjgov.classification.inventory import Entry, Inventory
from zjgov.classification.names import name_evidence
from zjgov.classification.overrides import Override, check_levels, load_overrides
from zjgov.classification.schemes import Scheme, load_scheme
from zjgov.errors import ConfigError

DEFAULT_SAMPLE = 2000

i18n.add(
    {
        "classification.ov.applied": (
            "人工指定类别 {category}：{reason}",
            "category {category} set by a reviewer: {reason}",
        ),
        "classification.ov.treatment": (
            "人工指定处理方式 {treatment}：{reason}",
            "treatment {treatment} set by a reviewer: {reason}",
        ),
        "classification.ov.missing_column": (
            "覆盖文件中的列“{column}”不在数据中，未使用",
            "column '{column}' of the overrides file is not in the data; not used",
        ),
        "classification.bad_sample": ("抽样行数应为正整数", "the sample size must be a positive integer"),
        "classification.not_frame": ("数据应为 pandas DataFrame", "the data must be a pandas DataFrame"),
        "classification.dup_columns": ("列名重复：{columns}", "duplicate column names: {columns}"),
    }
)


def _check_frame(frame: object) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ConfigError(i18n.text("classification.not_frame", "zh"), i18n.text("classification.not_frame", "en"))
    dups = frame.columns[frame.columns.duplicated()].astype(str).tolist()
    if dups:
        text = ", ".join(dups)
        raise ConfigError(
            i18n.text("classification.dup_columns", "zh", columns=text),
            i18n.text("classification.dup_columns", "en", columns=text),
        )
    return frame


#: The open attribute (开放属性) of the levels that publish data without conditions.
OPEN_UNCONDITIONALLY = "无条件开放"


def sample_frame(frame: pd.DataFrame, n: int | None, seed: int = 0) -> pd.DataFrame:
    """A uniform random sample of ``n`` rows (all rows when ``n`` is None or larger than the frame)."""
    if n is None or len(frame) <= n:
        return frame
    return frame.sample(n=n, random_state=seed)


def detect(
    frame: pd.DataFrame, catalogue: Catalogue | None = None, *, today: _dt.date | None = None
) -> tuple[list[Detection], str]:
    """Categories of every column of ``frame`` (already sampled) and the dataset context."""
    cat = catalogue or load_catalogue()
    values = {col: value_evidence(frame[col], today=today) for col in frame.columns}
    hits = {col: name_evidence(col, cat) for col in frame.columns}
    first = [detect_column(col, values[col], cat, "general", hits[col]) for col in frame.columns]
    context, mixed = dataset_subject(first)
    if context == "general":
        return persons_in_charge(first), context
    out = [detect_column(col, values[col], cat, context, hits[col]) for col in frame.columns]
    if mixed:  # persons and organisations: the more protective reading of each column, flagged
        other = "org" if context == "person" else "person"
        alt = [detect_column(col, values[col], cat, other, hits[col]) for col in frame.columns]
        out = [_protective(p, o, cat) for p, o in zip(out, alt)]
    return persons_in_charge(out), context


def _protective(first: Detection, second: Detection, cat: Catalogue) -> Detection:
    """Of two readings of a column, the more protective one; flagged when they differ."""
    if first.category == second.category:
        return first
    a, b = cat[first.category], cat[second.category]
    rank = (a.personal, TIERS.index(a.tier or "internal")), (b.personal, TIERS.index(b.tier or "internal"))
    chosen = first if rank[0] >= rank[1] else second
    note = Evidence("context", "classification.ev.mixed", {"category": chosen.category})
    return dataclasses.replace(chosen, review=True, evidence=(*chosen.evidence, note))


def classify(
    frame: pd.DataFrame,
    *,
    scheme: str | os.PathLike[str] | Scheme = "db33-2350",
    catalogue: Catalogue | str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Override] | str | os.PathLike[str] | None = None,
    sample: int | None = DEFAULT_SAMPLE,
    basis: str = "gbt35273",
    rows: int | None = None,
    seed: int = 0,
    today: _dt.date | None = None,
    source: str = "",
) -> Inventory:
    """Classify and grade every column of ``frame``.

    ``sample`` rows are drawn at random (``None``: every row); ``rows`` is the size of the whole
    dataset when ``frame`` is already a sample (volume rules use it); ``basis`` is ``gbt35273``
    (bare ID numbers are sensitive) or ``gbt45574`` (they are not).
    """
    frame = _check_frame(frame)
    if sample is not None and (not isinstance(sample, (int, np.integer)) or isinstance(sample, bool) or sample < 1):
        raise ConfigError(
            i18n.text("classification.bad_sample", "zh"), i18n.text("classification.bad_sample", "en"), field="sample"
        )
    if basis not in BASES:
        raise ConfigError(
            i18n.text("classification.bad_basis", "zh"), i18n.text("classification.bad_basis", "en"), field="basis"
        )
    cat = catalogue if isinstance(catalogue, Catalogue) else load_catalogue(catalogue)
    sch = load_scheme(scheme)
    ovs = load_overrides(overrides, cat) if isinstance(overrides, (str, os.PathLike)) else dict(overrides or {})
    check_levels(ovs, sch)
    total = len(frame) if rows is None else int(rows)
    part = sample_frame(frame, sample, seed)
    detections, context = detect(part, cat, today=today)
    categories = {}
    extra: dict[str, list[Evidence]] = {}
    for d in detections:
        o = ovs.get(d.column)
        categories[d.column] = o.category if o is not None and o.category else d.category
        if o is not None and o.category:
            extra.setdefault(d.column, []).append(
                Evidence("override", "classification.ov.applied", {"category": o.category, "reason": o.reason})
            )
    minors = _minors_share(detections, categories)
    entries = []
    graded = []
    for d in detections:
        category = categories[d.column]
        g = grade_column(category, cat, sch, basis=basis, minors_share=minors)
        c = cat.effective(category, basis=basis)
        o = ovs.get(d.column)
        level, reasons = g.level, list(g.reasons)
        treatment = c.treatment_for(d.kind)
        if o is not None and o.level_for(sch.id):
            level = o.level_for(sch.id)
            reasons.append(Evidence("override", "classification.gr.override", {"level": level, "reason": o.reason}))
        if o is not None and o.treatment:
            treatment = o.treatment
            reasons.append(
                Evidence("override", "classification.ov.treatment", {"treatment": treatment, "reason": o.reason})
            )
        overridden = o is not None
        review = False if overridden else d.review
        if not overridden and context == "person" and sch.attributes(level).get("open") == OPEN_UNCONDITIONALLY:
            review = True  # rule G1: nothing of a table about persons opens unconditionally unreviewed
            reasons.append(Evidence("grading", "classification.gr.open_in_person_table", {"level": level}))
        g = type(g)(level, g.tier, g.personal, g.sensitive, g.pipl, tuple(reasons))
        graded.append((d.column, category, g))
        entries.append(
            Entry(
                column=d.column,
                category=category,
                kind=d.kind,
                personal=c.personal,
                sensitive=g.sensitive,
                pipl=g.pipl,
                protection=c.protection,
                subject=c.subject,
                level=level,
                confidence=1.0 if overridden and o.category else d.confidence,
                review=review,
                treatment=treatment,
                evidence=d.evidence + tuple(extra.get(d.column, ())),
                reasons=tuple(reasons),
                overridden=overridden,
            )
        )
    dataset = grade_dataset(graded, cat, sch, rows=total)
    reasons = list(dataset.reasons)
    rule = minors_rule(sch)
    if rule is not None and minors is not None and minors >= rule.min_share and any(g.personal for _, _, g in graded):
        reasons.append(
            Evidence(
                "grading",
                "classification.gr.minors_dataset",
                {"share": round(100 * minors, 1), "age": rule.max_age, "level": sch.level_for_tier("sensitive")},
            )
        )
    for column in ovs:
        if column not in categories:
            reasons.append(Evidence("override", "classification.ov.missing_column", {"column": column}))
    return Inventory(
        entries=tuple(entries),
        level=dataset.level,
        reasons=tuple(reasons),
        rows=total,
        sampled=len(part),
        context=context,
        basis=basis,
        scheme=sch,
        catalogue=cat,
        source=source,
    )


def _minors_share(detections: list[Detection], categories: Mapping[str, str]) -> float | None:
    """The share of persons under 14, from ID numbers, birth dates or ages (the largest found)."""
    shares = []
    for d in detections:
        category = categories[d.column]
        if category in ("person.citizen_id", "person.birth_date") and d.values.under14 is not None:
            shares.append(d.values.under14)
        elif category == "person.age" and d.values.int_under14 is not None:
            shares.append(d.values.int_under14)
    return max(shares) if shares else None


def sample_file(
    path: str | os.PathLike[str], n: int | None = DEFAULT_SAMPLE, *, seed: int = 0
) -> tuple[pd.DataFrame, int]:
    """A uniform random sample of ``n`` rows of a file read in bounded memory, and its row count.

    Every row gets a random key; the ``n`` smallest keys over all batches are kept (an exact
    uniform sample without replacement). ``n=None`` reads the whole file.
    """
    if n is None:
        frame = io.read_table(path)
        return frame, len(frame)
    rng = np.random.default_rng(seed)
    kept: pd.DataFrame | None = None
    keys = np.empty(0)
    total = 0
    for batch in io.iter_batches(path):
        total += len(batch)
        k = rng.random(len(batch))
        both = batch if kept is None else pd.concat([kept, batch])
        all_keys = np.concatenate([keys, k])
        if len(both) > n:
            take = np.argpartition(all_keys, n - 1)[:n]
            both, all_keys = both.iloc[take], all_keys[take]
        kept, keys = both, all_keys
    if kept is None:
        kept = io.read_table(path)
    return kept.sort_index(), total


def classify_file(
    path: str | os.PathLike[str], *, sample: int | None = DEFAULT_SAMPLE, seed: int = 0, **options
) -> Inventory:
    """Classify a file (CSV/TSV/JSON Lines/Parquet/Excel via ``zjgov.io``) from a uniform sample."""
    part, total = sample_file(path, sample, seed=seed)
    return classify(part, sample=None, rows=total, seed=seed, source=os.fspath(path), **options)
