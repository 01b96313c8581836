"""Anonymisation search (匿名化搜索): the least-loss generalisation that reaches k (and l, t).

**Full-domain generalisation** (Samarati; LeFevre et al. 2005). Every quasi-identifier has a
:class:`Hierarchy` — levels from the original values (level 0) to full suppression (``*``), each
level a treatment of the masking work (``generalise:date:year``, ``generalise:division:city`` …),
so the result *is* a masking policy. The lattice holds one node per combination of levels.
:func:`search` finds the node with the least information loss whose release — after suppressing
the records of classes that fail (size below ``k``, fewer than ``l`` distinct sensitive values,
EMD above ``t`` from the *released* rows' distribution, to the fixed point of
:func:`~zjgov.security.privacy.models.released_t_failures`) — suppresses at most ``suppression`` × n
records (a node whose fixed point exceeds it is infeasible):

- each node is evaluated vectorised over the table of distinct (quasi-identifier, sensitive)
  combinations, rolled up from an already evaluated predecessor (fewer rows than the data);
- nodes are visited by increasing *generalisation loss* (the NCP without suppression, a lower
  bound of the true loss that is monotone in the lattice) and the search stops once that bound
  reaches the best loss found — the result is optimal for the metric, not a heuristic;
- monotonicity prunes without evaluating: a node below a failing node fails (k and distinct l
  with suppression are monotone; t and entropy are not, so failures prune only when they are
  not asked for), and a node fails when one of its attributes alone, at its level, already
  leaves more than the budget in small classes (Incognito's subset property).

Loss metrics (all reported): **NCP** (normalised certainty penalty, Xu et al. 2006 — a value
generalised to a group of ``g`` of the attribute's ``m`` distinct values costs ``(g−1)/(m−1)``,
a suppressed value 1; averaged over records and attributes), **discernibility** (Bayardo and
Agrawal 2005: ``Σ f_j²`` over kept classes plus ``n`` per suppressed record) and **average class
size** (LeFevre et al. 2006: ``(n_kept / classes) / k``).

**Mondrian** (LeFevre, DeWitt and Ramakrishnan 2006) partitions numeric quasi-identifiers
multidimensionally (strict, median cuts), all partitions of a round split at once: :func:`mondrian`.

>>> import pandas as pd
>>> df = pd.DataFrame({"age": [21, 22, 23, 24, 31, 33, 35, 36], "sex": list("11112222")})
>>> r = search(df, {"age": ages(widths=(5, 10)), "sex": suppression()}, k=4)
>>> r.levels, r.k, r.suppressed, round(r.loss["ncp"], 4)   # NCP: age bands of 4 of 8 ages: (3/7 + 0) / 2
({'age': 'generalise:age:10', 'sex': 'keep'}, 4, 0, 0.2143)
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from zjgov import i18n
from zjgov.security.privacy.classes import check_columns, combine, factorize
from zjgov.security.privacy.models import hierarchy_tree, orderable, released_t_failures

i18n.add(
    {
        "anon.bad_k": ("k 应为不小于 1 的整数", "k must be an integer of at least 1"),
        "anon.bad_budget": ("抑制比例应在 0 与 1 之间", "the suppression budget must lie between 0 and 1"),
        "anon.no_hierarchy": (
            "准标识符 {column} 没有泛化层级",
            "quasi-identifier {column} has no generalisation hierarchy",
        ),
        "anon.needs_sensitive": (
            "给出 l 或 t 时需要敏感属性（sensitive）",
            "l or t needs a sensitive attribute (sensitive)",
        ),
        "anon.bad_values": (
            "列 {column}：{count} 个不同取值无法按 {treatment} 泛化（{detail}）",
            "column {column}: {count} distinct values cannot be generalised by {treatment} ({detail})",
        ),
        "anon.not_nested": (
            "列 {column} 的泛化层级不嵌套：第 {level} 层把同一个值分到了两个上级",
            "the hierarchy of {column} is not nested: level {level} splits a value of the level below",
        ),
        "anon.user_missing": (
            "列 {column}：{count} 个取值不在自定义层级中",
            "column {column}: {count} values are missing from the user-defined hierarchy",
        ),
        "anon.no_solution": (
            "在抑制比例 {budget} 内没有满足要求的泛化方案",
            "no generalisation meets the requirement within the suppression budget {budget}",
        ),
        "anon.not_numeric": (
            "Mondrian 只处理数值列；{column} 不是数值",
            "Mondrian handles numeric columns only; {column} is not numeric",
        ),
    }
)

SUPPRESS = "suppress"


# -- hierarchies ---------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Hierarchy:
    """Generalisation levels of one attribute: level 0 is the original value, level ``i`` the
    treatment ``treatments[i-1]`` (the last is normally ``suppress``). A user-defined hierarchy
    gives ``table``: value → its generalisation at each level."""

    treatments: tuple[str, ...]
    table: Mapping[str, tuple[str, ...]] | None = None
    name: str = ""

    @property
    def height(self) -> int:
        return len(self.treatments)

    def treatment(self, level: int) -> str:
        """The masking treatment of ``level`` (``keep`` for level 0; ``hierarchy:i`` for a level of
        a user-defined table — :meth:`rule` gives the operator that applies it)."""
        return "keep" if level == 0 else self.treatments[level - 1]

    def rule(self, level: int) -> dict[str, Any]:
        """The masking policy rule of ``level``: ``{"operator": treatment}``, or for a level of a
        user-defined table ``{"operator": "generalise:map", "mapping": {value: label}}``.

        >>> user({"杭州": ["浙江"], "苏州": ["江苏"]}).rule(1)
        {'operator': 'generalise:map', 'mapping': {'杭州': '浙江', '苏州': '江苏'}}
        """
        t = self.treatment(level)
        if not t.startswith("hierarchy:"):
            return {"operator": t}
        i = int(t.split(":", 1)[1]) - 1
        return {"operator": "generalise:map", "mapping": {k: v[i] for k, v in (self.table or {}).items()}}

    def generalise(self, values: pd.Series, column: str) -> list[np.ndarray]:
        """Each level's value (object arrays, ``None`` for null) of the distinct ``values``."""
        values = values.reset_index(drop=True)
        out = [values.astype(object).where(values.notna(), None).to_numpy()]
        for level, t in enumerate(self.treatments, start=1):
            if t == SUPPRESS:
                out.append(np.where(values.isna().to_numpy(), None, "*").astype(object))
            elif t.startswith("hierarchy:"):
                out.append(self._from_table(values, level, column))
            else:
                out.append(_apply_treatment(t, values, column))
        return out

    def _from_table(self, values: pd.Series, level: int, column: str) -> np.ndarray:
        """The level through the ``generalise:map`` operator a policy applies (one hash look-up)."""
        from zjgov.security import operators

        rule = self.rule(level)
        op = operators.resolve(rule["operator"], {"mapping": rule["mapping"], "on_invalid": "null"})
        out = op.apply(values.rename(column))
        missing = int((out.isna() & values.notna()).sum())
        if missing:
            raise ValueError(i18n.both("anon.user_missing", column=column, count=missing))
        return out.astype(object).where(out.notna(), None).to_numpy()


def _apply_treatment(treatment: str, values: pd.Series, column: str) -> np.ndarray:
    from zjgov.errors import ZjgovError
    from zjgov.security import operators

    try:
        out = operators.resolve(treatment).apply(values.rename(column))
    except ZjgovError as exc:
        detail = exc.message("zh") if hasattr(exc, "message") else str(exc)
        raise ValueError(
            i18n.both(
                "anon.bad_values", column=column, count=int(values.notna().sum()), treatment=treatment, detail=detail
            )
        ) from None
    return out.astype(object).where(out.notna(), None).to_numpy()


def dates() -> Hierarchy:
    """Date → month → year → decade → ``*`` (``generalise:date``)."""
    return Hierarchy(("generalise:date:month", "generalise:date:year", "generalise:date:decade", SUPPRESS), name="date")


def ages(widths: Sequence[int] = (5, 10, 20)) -> Hierarchy:
    """Age → bands of each width (each a multiple of the previous, so the levels nest) → ``*``."""
    return Hierarchy((*(f"generalise:age:{w}" for w in widths), SUPPRESS), name="age")


def divisions() -> Hierarchy:
    """GB/T 2260 county → city (prefecture) → province → ``*`` (``generalise:division``)."""
    return Hierarchy(("generalise:division:city", "generalise:division:province", SUPPRESS), name="division")


def postcodes(keep: Sequence[int] = (4, 3, 2)) -> Hierarchy:
    """Postcode → first 4, 3, 2 digits kept → ``*`` (``generalise:postcode``)."""
    return Hierarchy((*(f"generalise:postcode:{k}" for k in keep), SUPPRESS), name="postcode")


def prefixes(lengths: Sequence[int]) -> Hierarchy:
    """Code → its first ``lengths`` characters → ``*`` (``truncate``; e.g. GB/T 4658 education codes)."""
    return Hierarchy((*(f"truncate:{n}" for n in lengths), SUPPRESS), name="prefix")


def suppression() -> Hierarchy:
    """Value → ``*`` (for attributes with no meaningful generalisation: sex, ethnicity)."""
    return Hierarchy((SUPPRESS,), name="suppress")


def user(table: Mapping[Any, Sequence[Any]], *, suppress: bool = True) -> Hierarchy:
    """A user-defined hierarchy: ``{value: [level 1, level 2, …]}`` (every value the same depth).

    >>> h = user({"杭州": ["浙江"], "宁波": ["浙江"], "苏州": ["江苏"]})
    >>> h.treatments
    ('hierarchy:1', 'suppress')
    """
    rows = {str(k): tuple(str(x) for x in v) for k, v in table.items()}
    depth = {len(v) for v in rows.values()}
    if len(depth) != 1:
        raise ValueError("every value needs the same number of levels / 每个取值的层数应相同")
    (d,) = depth
    return Hierarchy((*(f"hierarchy:{i}" for i in range(1, d + 1)), *((SUPPRESS,) if suppress else ())), rows, "user")


#: The hierarchy suggested for a quasi-identifier by its catalogue category.
CATEGORY_HIERARCHIES = {
    "person.birth_date": dates,
    "person.age": ages,
    "public.division": divisions,
    "public.postcode": postcodes,
    "person.education": lambda: prefixes((1,)),
}


def hierarchy_for(category: str | None) -> Hierarchy:
    """The built-in hierarchy of a category (suppression only when there is none)."""
    return CATEGORY_HIERARCHIES.get(category or "", suppression)()


# -- the prepared problem ------------------------------------------------------------------------
@dataclasses.dataclass(eq=False)
class _Attribute:
    column: str
    hierarchy: Hierarchy
    codes: list[np.ndarray]  # per level: code of each distinct original value (null keeps code 0)
    cards: list[int]
    ncp: list[np.ndarray]  # per level: NCP of each code
    up: list[np.ndarray]  # up[l]: code at level l -> code at level l+1
    labels: list[np.ndarray]  # per level: the value of each code


def _prepare_attribute(column: str, values: pd.Series, h: Hierarchy) -> tuple[_Attribute, np.ndarray]:
    raw_codes, uniques, m = factorize(values)
    uniq = pd.Series(uniques, dtype=object)
    levels = h.generalise(uniq, column)
    codes, cards, ncps, labels = [], [], [], []
    n_leaves = max(m, 1)
    for lv in levels:
        c, u, k = factorize(pd.Series(lv, dtype=object))
        c = np.concatenate(([0], c + 1))  # index 0 = null original
        group = np.bincount(c[1:], minlength=k + 1) if m else np.zeros(k + 1, dtype=np.int64)
        ncp = np.where(group > 1, (group - 1) / max(n_leaves - 1, 1), 0.0)
        ncp[0] = 0.0
        suppressed = np.array([x == "*" for x in u], dtype=bool)
        ncp[1:][suppressed] = 1.0
        codes.append(c)
        cards.append(k + 1)
        ncps.append(ncp)
        labels.append(np.concatenate(([None], np.asarray(u, dtype=object))))
    up = []
    for lv in range(len(levels) - 1):
        f = np.zeros(cards[lv], dtype=np.int64)
        f[codes[lv]] = codes[lv + 1]
        if not np.array_equal(f[codes[lv]], codes[lv + 1]):
            raise ValueError(i18n.both("anon.not_nested", column=column, level=lv + 1))
        up.append(f)
    return _Attribute(column, h, codes, cards, ncps, up, labels), raw_codes + 1


@dataclasses.dataclass(frozen=True)
class Evaluation:
    """One lattice node's figures."""

    node: tuple[int, ...]
    passes: bool
    suppressed: int
    classes: int
    k: int
    ncp: float
    discernibility: float
    avg_class_size: float


@dataclasses.dataclass
class Anonymisation:
    """The result of :func:`search`: the chosen node, its figures, and the search's statistics."""

    qis: tuple[str, ...]
    hierarchies: Mapping[str, Hierarchy]
    node: tuple[int, ...]
    evaluation: Evaluation
    k_required: int
    l_required: int | None
    t_required: float | None
    sensitive: str | None
    budget: float
    rows: int
    nodes: int
    evaluated: int
    pruned: int
    seconds: float
    metric: str
    _problem: Any = dataclasses.field(repr=False, default=None)

    @property
    def levels(self) -> dict[str, str]:
        """Quasi-identifier -> the treatment of its chosen level."""
        return {c: self.hierarchies[c].treatment(lv) for c, lv in zip(self.qis, self.node)}

    @property
    def rules(self) -> dict[str, dict[str, Any]]:
        """Quasi-identifier -> the masking policy rule of its chosen level (see :meth:`Hierarchy.rule`)."""
        return {c: self.hierarchies[c].rule(lv) for c, lv in zip(self.qis, self.node)}

    @property
    def k(self) -> int:
        return self.evaluation.k

    @property
    def t_distance(self) -> str | None:
        """The ground distance ``t`` was checked with: ``hierarchical``, ``ordered`` or ``equal``."""
        p = self._problem
        if self.t_required is None or p is None:
            return None
        return "hierarchical" if p.up is not None else ("ordered" if p.ordered else "equal")

    @property
    def suppressed(self) -> int:
        return self.evaluation.suppressed

    @property
    def loss(self) -> dict[str, float]:
        e = self.evaluation
        return {"ncp": e.ncp, "discernibility": e.discernibility, "avg_class_size": e.avg_class_size}

    def to_dict(self) -> dict[str, Any]:
        return {
            "qis": list(self.qis),
            "levels": self.levels,
            "node": list(self.node),
            "k_required": self.k_required,
            "l_required": self.l_required,
            "t_required": self.t_required,
            "t_distance": self.t_distance,
            "sensitive": self.sensitive,
            "suppression_budget": self.budget,
            "rows": self.rows,
            "k": self.k,
            "classes": self.evaluation.classes,
            "suppressed": self.suppressed,
            "loss": self.loss,
            "lattice": {"nodes": self.nodes, "evaluated": self.evaluated, "pruned": self.pruned},
            "seconds": round(self.seconds, 4),
            "metric": self.metric,
        }

    @property
    def record_rule(self) -> dict[str, Any]:
        """The ``records: {classes: …}`` rule of a masking policy that suppresses exactly the
        records this search planned (with the sensitive hierarchy when ``t`` used it)."""
        p = self._problem
        rule: dict[str, Any] = {"qis": list(self.qis), "k": self.k_required}
        if self.l_required:
            rule["l"] = self.l_required
        if self.t_required is not None:
            rule["t"] = self.t_required
        if self.sensitive:
            rule["sensitive"] = self.sensitive
        if p is not None and p.up is not None:
            rule["hierarchy"] = {str(k): tuple(map(str, v)) for k, v in p.sensitive_table.items()}
        return {"classes": rule}

    def suppressed_rows(self) -> np.ndarray:
        """Boolean mask of the data's rows whose class fails at the chosen node (to be suppressed)."""
        return self._problem.failing_rows(self.node)

    def policy(self, name: str = "", base: Any = None) -> Any:
        """A masking policy (``zjgov.security.Policy``) applying the chosen levels; ``base`` is a
        policy whose other columns are kept. Record suppression is not a column treatment: apply
        it with :meth:`apply` (or give the search ``suppression=0``)."""
        from zjgov.security.policy import Policy

        columns = dict(base.columns) if base is not None else {}
        for c, r in self.rules.items():
            if r["operator"] != "keep":
                columns[c] = r
            else:
                columns.pop(c, None)
        data = base.model_dump(mode="python", exclude={"columns"}) if base is not None else {}
        data["columns"] = {
            c: (r.model_dump(exclude_defaults=True) if hasattr(r, "model_dump") else r) for c, r in columns.items()
        }
        if name:
            data["name"] = name
        return Policy.model_validate(data)

    def apply(self, frame: pd.DataFrame, keys: Any = None, policy: Any = None) -> tuple[pd.DataFrame, Any]:
        """Apply the policy through the masking engine, then suppress the failing records' quasi-identifiers
        (局部抑制: the rows stay, their quasi-identifiers become null). Returns ``(masked, audit record)``."""
        from zjgov.security.engine import apply as apply_policy

        masked, record = apply_policy(frame, self.policy(base=policy), keys)
        rows = self.suppressed_rows()
        if rows.any():
            masked = masked.copy()
            for c in self.qis:
                masked[c] = masked[c].astype(object).where(~rows, None)
            record.records["suppressed"] = int(record.records.get("suppressed", 0)) + int(rows.sum())
            record.records["rule"] = (
                record.records.get("rule") or f"k-anonymity: k={self.k_required}, qis={list(self.qis)}"
            )
        return masked, record


class _Problem:
    """The data prepared for the search: distinct combinations with counts, per-level codes."""

    def __init__(
        self,
        frame: pd.DataFrame,
        qis: tuple[str, ...],
        hierarchies: Mapping[str, Hierarchy],
        k: int,
        l: int | None,  # noqa: E741
        t: float | None,
        sensitive: str | None,
        budget: float,
        sensitive_hierarchy: Any = None,
    ) -> None:
        self.qis, self.k, self.l, self.t, self.sensitive = qis, k, l, t, sensitive
        self.up: list[np.ndarray] | None = None  # the sensitive hierarchy's parent maps (hierarchical t)
        self._trees: dict[bytes, list[np.ndarray]] = {}
        self.n = len(frame)
        self.max_suppressed = int(np.floor(budget * self.n + 1e-9))
        self.attrs: list[_Attribute] = []
        row_codes, cards = [], []
        for c in qis:
            a, codes = _prepare_attribute(c, frame[c], hierarchies[c])
            self.attrs.append(a)
            row_codes.append(codes)
            cards.append(a.cards[0])
        self.s_card = 1
        if sensitive is not None:
            hierarchical = t is not None and sensitive_hierarchy is not None
            ordered = t is not None and not hierarchical and pd.api.types.is_numeric_dtype(frame[sensitive])
            s_values = orderable(frame[sensitive]) if ordered else frame[sensitive]
            s_codes, s_uniques, m = factorize(s_values, sort=ordered)
            has_null = bool((s_codes < 0).any())  # null is a value of its own, after the others
            s_codes = np.where(s_codes < 0, m, s_codes)
            self.s_card = m + int(has_null)
            if hierarchical:  # the leaves in code order, null last
                leaves = np.append(np.asarray(s_uniques, dtype=object), [None] * int(has_null))
                self.up = hierarchy_tree(leaves, sensitive_hierarchy, sensitive)
                self.leaves, self.sensitive_hierarchy = leaves, sensitive_hierarchy
                table = getattr(sensitive_hierarchy, "table", sensitive_hierarchy)
                self.sensitive_table = {k: (v if isinstance(v, list | tuple) else [v]) for k, v in table.items()}
            self.ordered = ordered
            row_codes.append(s_codes)
            cards.append(self.s_card)
            q = np.bincount(s_codes, minlength=self.s_card).astype(float)
            self.q = q / q.sum()
        ids, counts = combine(row_codes, cards)
        first = np.zeros(len(counts), dtype=np.int64)
        first[ids[::-1]] = np.arange(self.n - 1, -1, -1)  # a representative row of each combination
        self.base = np.stack([c[first] for c in row_codes], axis=1) if len(row_codes) else np.zeros((0, 0))
        self.base_counts = counts
        self.row_ids = ids
        self.tables: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray]] = {tuple([0] * len(qis)): (self.base, counts)}
        # generalisation loss per attribute and level (record-weighted NCP without suppression)
        self.gen_loss = [
            np.array(
                [
                    float((a.ncp[lv][a.codes[lv][self.base[:, i]]] * counts).sum())
                    for lv in range(a.hierarchy.height + 1)
                ]
            )
            for i, a in enumerate(self.attrs)
        ]
        # single-attribute projections: records in values rarer than k, per attribute and level
        self.single_small = []
        for i, a in enumerate(self.attrs):
            per = []
            for lv in range(a.hierarchy.height + 1):
                sizes = np.bincount(a.codes[lv][self.base[:, i]], weights=counts, minlength=a.cards[lv])
                per.append(float(sizes[(sizes > 0) & (sizes < k)].sum()))
            self.single_small.append(np.array(per))

    def lower_bound(self, node: tuple[int, ...]) -> float:
        return sum(self.gen_loss[i][lv] for i, lv in enumerate(node)) / (self.n * len(self.qis)) if self.n else 0.0

    def projection_fails(self, node: tuple[int, ...]) -> bool:
        return any(self.single_small[i][lv] > self.max_suppressed for i, lv in enumerate(node))

    def table(self, node: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The distinct combinations at ``node`` with counts: rolled up from the smallest stored
        direct predecessor, or mapped from the base table when none is stored."""
        if node in self.tables:
            return self.tables[node]
        best = None
        for i, lv in enumerate(node):
            if lv == 0:
                continue
            got = self.tables.get((*node[:i], lv - 1, *node[i + 1 :]))
            if got is not None and (best is None or len(got[1]) < len(best[2][1])):
                best = (i, lv, got)
        if best is not None:
            i, lv, (rows, counts) = best
            rows = rows.copy()
            rows[:, i] = self.attrs[i].up[lv - 1][rows[:, i]]
        else:
            rows, counts = self.base.copy(), self.base_counts
            for j, (a, lv) in enumerate(zip(self.attrs, node)):
                rows[:, j] = a.codes[lv][rows[:, j]]
        cards = [a.cards[l_] for a, l_ in zip(self.attrs, node)] + ([self.s_card] if self.sensitive else [])
        ids, _ = combine([rows[:, j] for j in range(rows.shape[1])], cards)
        new_counts = np.bincount(ids, weights=counts).astype(np.int64)
        first = np.zeros(len(new_counts), dtype=np.int64)
        first[ids[::-1]] = np.arange(len(ids) - 1, -1, -1)
        out = (rows[first], new_counts)
        if len(new_counts) <= max(4096, len(self.base_counts) // 2):
            self.tables[node] = out
        return out

    def _classes(self, node: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        rows, counts = self.table(node)
        q = len(self.qis)
        cards = [a.cards[l_] for a, l_ in zip(self.attrs, node)]
        cls, _ = combine([rows[:, j] for j in range(q)], cards)
        sizes = np.bincount(cls, weights=counts).astype(np.int64)
        return rows, counts, cls, sizes

    def _failing_classes(self, rows: np.ndarray, counts: np.ndarray, cls: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """Classes that fail k or l, then those farther than ``t`` from the released rows' ``Q``
        (the fixed point of :func:`released_t_failures`, as the audit of the release measures it)."""
        fail = sizes < self.k
        if self.sensitive is not None and (self.l or self.t is not None):
            s = rows[:, len(self.qis)]
            if self.l:
                distinct = np.bincount(cls, minlength=len(sizes))  # rows are distinct (class, s) pairs
                fail |= distinct < self.l
            if self.t is not None:  # (class, value) pairs are distinct rows here
                distance = "hierarchical" if self.up is not None else ("ordered" if self.ordered else "equal")
                fail, _ = released_t_failures(cls, s, counts, sizes, fail, self.t, distance, self._tree, self.s_card)
        return fail

    def _tree(self, used: np.ndarray) -> list[np.ndarray]:
        """The sensitive hierarchy's parent maps over the leaves ``used`` marks (cached)."""
        if used.all():
            return self.up  # type: ignore[return-value]
        key = used.tobytes()
        if key not in self._trees:
            self._trees[key] = hierarchy_tree(self.leaves[used], self.sensitive_hierarchy, self.sensitive)
        return self._trees[key]

    def evaluate(self, node: tuple[int, ...]) -> Evaluation:
        rows, counts, cls, sizes = self._classes(node)
        fail = self._failing_classes(rows, counts, cls, sizes)
        suppressed = int(sizes[fail].sum())
        kept_sizes = sizes[~fail]
        n_kept = int(kept_sizes.sum())
        # NCP: kept records pay their generalisation, suppressed records 1 per attribute
        row_fail = fail[cls]
        gen = np.zeros(len(counts))
        for j, (a, lv) in enumerate(zip(self.attrs, node)):
            gen += a.ncp[lv][rows[:, j]]
        q = len(self.qis)
        ncp = (float((gen * counts)[~row_fail].sum()) + suppressed * q) / (self.n * q) if self.n else 0.0
        dm = float((kept_sizes.astype(float) ** 2).sum()) + suppressed * self.n
        cavg = (n_kept / len(kept_sizes)) / self.k if len(kept_sizes) else float("inf")
        return Evaluation(
            node,
            suppressed <= self.max_suppressed,
            suppressed,
            len(kept_sizes),
            int(kept_sizes.min()) if len(kept_sizes) else 0,
            ncp,
            dm,
            cavg,
        )

    def failing_rows(self, node: tuple[int, ...]) -> np.ndarray:
        """Rows of the data in failing classes at ``node`` (from the base table)."""
        rows, counts, cls, sizes = self._classes(node)
        fail_cls = self._failing_classes(rows, counts, cls, sizes)
        # map every base combination to its node combination, then to its class
        base = self.base.copy()
        for j, (a, lv) in enumerate(zip(self.attrs, node)):
            base[:, j] = a.codes[lv][base[:, j]]
        cards = [a.cards[l_] for a, l_ in zip(self.attrs, node)]
        base_cls, _ = combine([np.concatenate((rows[:, j], base[:, j])) for j in range(len(self.qis))], cards)
        node_cls_of_rowtable = base_cls[: len(rows)]
        cls_fail_by_combined = np.zeros(base_cls.max() + 1 if len(base_cls) else 0, dtype=bool)
        cls_fail_by_combined[node_cls_of_rowtable] = fail_cls[cls]
        base_fail = cls_fail_by_combined[base_cls[len(rows) :]]
        return base_fail[self.row_ids]


def search(
    frame: pd.DataFrame,
    hierarchies: Mapping[str, Hierarchy],
    *,
    k: int,
    suppression: float = 0.0,
    l: int | None = None,  # noqa: E741
    t: float | None = None,
    sensitive: str | None = None,
    metric: str = "ncp",
    sensitive_hierarchy: Any = None,
) -> Anonymisation:
    """The least-loss full-domain generalisation of ``frame`` reaching ``k`` (and ``l``, ``t``).

    ``hierarchies`` maps each quasi-identifier to its :class:`Hierarchy`; ``suppression`` is the
    share of records that may be suppressed; ``metric`` is ``ncp`` (default), ``discernibility``
    or ``avg_class_size``. ``t`` takes the **hierarchical** distance when ``sensitive_hierarchy``
    (the sensitive attribute's hierarchy: a user :class:`Hierarchy` or value → ``[level 1, …]``)
    is given, else the ordered distance for a numeric attribute and the equal distance otherwise.
    Raises ``ValueError`` when no node meets the requirement.
    """
    if not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(i18n.both("anon.bad_k"))
    if not 0.0 <= suppression <= 1.0:
        raise ValueError(i18n.both("anon.bad_budget"))
    if (l or t is not None) and sensitive is None:
        raise ValueError(i18n.both("anon.needs_sensitive"))
    if metric not in ("ncp", "discernibility", "avg_class_size"):
        raise ValueError(
            "metric must be ncp, discernibility or avg_class_size / metric 应为 ncp、discernibility 或 avg_class_size"
        )
    qis = check_columns(frame, list(hierarchies))
    if sensitive is not None:
        check_columns(frame, [sensitive])
    started = time.perf_counter()
    prob = _Problem(frame, qis, hierarchies, int(k), l, t, sensitive, suppression, sensitive_hierarchy)
    heights = [hierarchies[c].height for c in qis]
    nodes = list(itertools.product(*(range(h + 1) for h in heights)))
    bounds = np.array([prob.lower_bound(nd) for nd in nodes])
    heights_sum = np.array([sum(nd) for nd in nodes])
    order = np.lexsort((heights_sum, bounds))
    monotone = t is None
    failed: list[tuple[int, ...]] = []
    best: Evaluation | None = None
    evaluated = pruned = 0

    def key(e: Evaluation) -> tuple:
        value = {"ncp": e.ncp, "discernibility": e.discernibility, "avg_class_size": e.avg_class_size}[metric]
        return (value, sum(e.node), e.suppressed, e.node)

    for idx in order:
        node = nodes[idx]
        if best is not None and metric == "ncp" and bounds[idx] > best.ncp + 1e-12:
            break
        if prob.projection_fails(node):
            pruned += 1
            continue
        if monotone and failed and np.any(np.all(np.asarray(node) <= np.asarray(failed), axis=1)):
            pruned += 1
            continue
        e = prob.evaluate(node)
        evaluated += 1
        if not e.passes:
            if monotone:
                failed.append(node)
            continue
        if best is None or key(e) < key(best):
            best = e
    if best is None:
        raise ValueError(i18n.both("anon.no_solution", budget=suppression))
    return Anonymisation(
        qis,
        dict(hierarchies),
        best.node,
        best,
        int(k),
        l,
        t,
        sensitive,
        suppression,
        prob.n,
        len(nodes),
        evaluated,
        pruned,
        time.perf_counter() - started,
        metric,
        prob,
    )


def exhaustive(frame: pd.DataFrame, hierarchies: Mapping[str, Hierarchy], **kwargs: Any) -> list[Evaluation]:
    """Every lattice node evaluated (no pruning, no bound): for checking :func:`search` on small inputs."""
    qis = check_columns(frame, list(hierarchies))
    prob = _Problem(
        frame,
        qis,
        hierarchies,
        kwargs.get("k", 1),
        kwargs.get("l"),
        kwargs.get("t"),
        kwargs.get("sensitive"),
        kwargs.get("suppression", 0.0),
        kwargs.get("sensitive_hierarchy"),
    )
    heights = [hierarchies[c].height for c in qis]
    return [prob.evaluate(nd) for nd in itertools.product(*(range(h + 1) for h in heights))]


# -- Mondrian ------------------------------------------------------------------------------------
@dataclasses.dataclass
class MondrianResult:
    """Partitions of :func:`mondrian`: ``partition`` per row, each attribute's range per row."""

    qis: tuple[str, ...]
    partition: np.ndarray
    low: dict[str, np.ndarray]
    high: dict[str, np.ndarray]
    k: int
    partitions: int
    ncp: float
    rounds: int

    def frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``frame`` with each numeric quasi-identifier replaced by its partition's range ``lo-hi``."""
        out = frame.copy()
        for c in self.qis:
            lo, hi = self.low[c], self.high[c]
            text = np.where(lo == hi, _fmt(lo), np.char.add(np.char.add(_fmt(lo), "-"), _fmt(hi)))
            out[c] = pd.array(text, dtype="string")
        return out


def _fmt(x: np.ndarray) -> np.ndarray:
    if np.all(np.mod(x, 1) == 0):
        return x.astype(np.int64).astype(str)
    return np.char.mod("%g", x)


def mondrian(frame: pd.DataFrame, qis: Sequence[str], *, k: int) -> MondrianResult:
    """Strict multidimensional Mondrian on numeric quasi-identifiers (median cuts, both halves ≥ k).

    Every round splits every splittable partition at once: per partition and attribute the range
    and the median come from one sort of (partition, value); the attribute with the widest
    normalised range among those whose cut leaves ``k`` on both sides is cut.

    >>> df = pd.DataFrame({"age": [20, 21, 22, 23, 40, 41, 42, 43]})
    >>> m = mondrian(df, ["age"], k=4)
    >>> m.partitions, sorted(set(m.frame(df)["age"]))
    (2, ['20-23', '40-43'])
    """
    if not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(i18n.both("anon.bad_k"))
    cols = check_columns(frame, qis)
    x = []
    for c in cols:
        if not pd.api.types.is_numeric_dtype(frame[c]):
            raise ValueError(i18n.both("anon.not_numeric", column=c))
        x.append(frame[c].to_numpy(dtype=float))
    x = np.stack(x, axis=1) if x else np.zeros((len(frame), 0))
    n, d = x.shape
    span = np.maximum(np.nanmax(x, axis=0) - np.nanmin(x, axis=0), 1e-300) if n else np.ones(d)
    part = np.zeros(n, dtype=np.int64)
    active = np.ones(1, dtype=bool)  # partitions that may still split
    rounds = 0
    while active.any() and n:
        rounds += 1
        n_parts = int(part.max()) + 1
        sizes = np.bincount(part, minlength=n_parts)
        best_gain = np.full(n_parts, -1.0)
        best_attr = np.full(n_parts, -1)
        best_cut = np.zeros(n_parts)
        for j in range(d):
            order = np.lexsort((x[:, j], part))
            p_o, v_o = part[order], x[order, j]
            starts = np.searchsorted(p_o, np.arange(n_parts))
            lo, hi = v_o[starts], v_o[starts + sizes - 1]
            median = v_o[starts + (sizes - 1) // 2]
            left = np.bincount(p_o, weights=(v_o <= median[p_o]), minlength=n_parts)
            ok = active & (left >= k) & (sizes - left >= k)
            gain = (hi - lo) / span[j]
            better = ok & (gain > best_gain)
            best_gain[better], best_attr[better], best_cut[better] = gain[better], j, median[better]
        split = best_attr >= 0
        if not split.any():
            break
        new_id = np.full(n_parts, -1)
        new_id[split] = n_parts + np.arange(int(split.sum()))
        attr = best_attr[part]
        rows = split[part]
        goes_right = np.zeros(n, dtype=bool)
        goes_right[rows] = x[rows, attr[rows]] > best_cut[part[rows]]
        part = np.where(goes_right, new_id[part], part)
        active = np.concatenate((split, np.ones(int(split.sum()), dtype=bool)))
    ids, sizes = combine([part], [int(part.max()) + 1 if n else 1])
    low, high, ncp_sum = {}, {}, 0.0
    for j, c in enumerate(cols):
        lo = np.full(len(sizes), np.inf)
        hi = np.full(len(sizes), -np.inf)
        np.minimum.at(lo, ids, x[:, j])
        np.maximum.at(hi, ids, x[:, j])
        low[c], high[c] = lo[ids], hi[ids]
        ncp_sum += float(((hi - lo)[ids] / span[j]).sum())
    return MondrianResult(
        cols, ids, low, high, int(sizes.min()) if len(sizes) else 0, len(sizes), ncp_sum / max(n * d, 1), rounds
    )
