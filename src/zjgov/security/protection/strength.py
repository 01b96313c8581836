"""The strength order of treatments (处理强度), so that "weaker than required" is decidable.

A treatment is a treatment string of the masking work (``mask:citizen_id``,
``generalise:date:year``, ``hmac`` …), ``keep``, or ``prohibited`` (the field must not be
released). Each belongs to one **tier**, from weakest to strongest:

===  ============================  ============================================================
0    keep (保留)                   the value unchanged
1    generalise (泛化) /           ``generalise:*`` coarsens; ``randomise:*`` perturbs — the
     randomise (随机化)             value stays partly informative
2    mask (屏蔽)                   ``mask``, ``mask:*``, ``truncate``: characters hidden, some kept
3    reversible pseudonym          ``token:*``, ``fpe:*``, ``surrogate:*`` and other reversible
     (可逆假名化)                   keyed operators: nothing readable, the key holder can reverse
4    pseudonym (假名化)            ``hmac``, ``pseudonym:*`` and other irreversible keyed operators
5    removal (删除/抑制)           ``suppress``, ``nullify``, ``redact``, ``constant``, the column
                                   absent — also what ``prohibited`` requires
===  ============================  ============================================================

``a`` is **at least as strong as** ``b`` when its tier is higher, or — in the same tier — when
it is the same operator with parameters at least as strong (``generalise:date``: month < quarter
< year < decade; ``generalise:age`` and ``generalise:range``: a wider band; ``generalise:division``:
county < city < province; ``generalise:postcode`` and ``generalise:coordinate``: fewer digits
kept; ``mask:*`` and ``truncate``: no more characters kept; ``generalise:map``: a **coarser or
equal partition** — see below).

Two ``generalise:map`` mappings (user-defined hierarchy levels, value → label) are ordered by the
partitions they make of the values both name: ``a`` is at least as strong as ``b`` when every
class of ``b`` (the values ``b`` gives one label) lies inside one class of ``a`` — whatever the
labels are called, ``a`` can be computed from ``b``'s output, so it reveals no more. Equal
partitions are equivalent; when neither partition is coarser (a class of each splits one of the
other), or the mappings share no value or one is not given, the two are not comparable. Values
only one mapping names are not compared (the applied mapping of a release covers the values of
its data, the required one may name more). Two different operators of tier 2,
3, 4 or 5 are **equivalent** (presets for different data types: ``mask:mobile`` and
``mask:landline``). Two different operators of tier 1 are **not comparable** (a year for a date
says nothing about an age band), nor are two parameter sets of one operator that order neither
way (``mask`` keeping 3+4 against 6+0). The tier of an operator this table does not name comes
from its registry flags: family ``generalisation`` / ``randomisation`` → 1, ``pseudonymisation``
/ ``cryptographic`` → 3 if reversible else 4, otherwise (``suppression``) → 2.

>>> compare("hmac", "mask:citizen_id"), compare("generalise:date:month", "generalise:date:year")
(1, -1)
>>> compare("mask:mobile", "mask:landline"), compare("generalise:age:5", "generalise:date:year")
(0, None)
>>> at_least("suppress", "prohibited"), at_least("mask:name", "prohibited")
(True, False)
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Any

KEEP = "keep"
PROHIBITED = "prohibited"

TIERS = ("keep", "generalise", "mask", "reversible", "pseudonym", "removal")
TIER_NAMES = {
    "keep": ("保留", "keep"),
    "generalise": ("泛化或随机化", "generalisation or randomisation"),
    "mask": ("屏蔽", "masking"),
    "reversible": ("可逆假名化", "reversible pseudonymisation"),
    "pseudonym": ("假名化", "pseudonymisation"),
    "removal": ("删除或抑制", "removal or suppression"),
}
_REMOVAL = frozenset({"suppress", "nullify", "redact", "constant"})
_MASKS = frozenset({"mask", "truncate"})
#: Parameter orders: (parameter, order) where order is a tuple weakest→strongest, or "+" (larger is
#: stronger) or "-" (smaller is stronger).
_PARAM_ORDER: dict[str, tuple[tuple[str, Any], ...]] = {
    "generalise:date": (("unit", ("month", "quarter", "year", "decade")),),
    "generalise:age": (("width", "+"),),
    "generalise:range": (("width", "+"),),
    "generalise:round": (("step", "+"), ("decimals", "-")),
    "generalise:division": (("level", ("county", "city", "province")),),
    "generalise:postcode": (("keep", "-"),),
    "generalise:coordinate": (("decimals", "-"),),
    "truncate": (("keep", "-"),),
}


@dataclasses.dataclass(frozen=True)
class Treatment:
    """A parsed treatment: operator name, tier and parameters (the operator's, defaults filled)."""

    text: str
    operator: str
    tier: int
    params: Mapping[str, Any]
    family: str = ""

    @property
    def tier_name(self) -> str:
        return TIERS[self.tier]

    def describe(self, lang: str = "zh") -> str:
        return (
            self.text + f"（{TIER_NAMES[self.tier_name][0]}）"
            if lang == "zh"
            else f"{self.text} ({TIER_NAMES[self.tier_name][1]})"
        )


class UnknownTreatment(ValueError):
    """A treatment the masking registry does not know (the message is bilingual)."""


@functools.cache
def parse(text: str) -> Treatment:
    """Parse a treatment string; ``UnknownTreatment`` when no operator has the name."""
    return _parse(text, ())


def parse_with(operator: str, params: Mapping[str, Any] | None = None) -> Treatment:
    """A treatment from an operator name and explicit parameters (as in a mask audit record)."""
    return _parse(operator, tuple(sorted((params or {}).items(), key=lambda kv: kv[0])))


def _parse(text: str, extra: tuple) -> Treatment:
    t = text.strip()
    if t == PROHIBITED:
        return Treatment(t, PROHIBITED, TIERS.index("removal"), {})
    if t == KEEP:
        return Treatment(t, KEEP, 0, {})
    from zjgov.errors import ConfigError
    from zjgov.security import operators

    try:
        cls, args = operators.split_treatment(t)
    except ConfigError as exc:
        raise UnknownTreatment(f"{exc.message_zh} ({exc.message_en})") from None
    if len(args) > len(cls.positional):
        raise UnknownTreatment(f"处理方式“{t}”的参数过多 (too many parameters in treatment '{t}')")
    fields = cls.Params.model_fields
    params = {k: f.default for k, f in fields.items() if not f.is_required()}
    params.update(dict(zip(cls.positional, args)))
    params.update({k: v for k, v in extra if k in fields})
    for k, f in fields.items():  # positional text → the field's type ("5" → 5)
        if k in params and isinstance(params[k], str) and f.annotation in (int, float, int | None, float | None):
            try:
                params[k] = float(params[k]) if f.annotation in (float, float | None) else int(params[k])
            except ValueError:
                raise UnknownTreatment(f"处理方式“{t}”的参数 {k} 无效 (parameter {k} of '{t}' is invalid)") from None
    if extra:  # from an audit record: show the positional parameters as a treatment string would
        shown = [str(params[p]) for p in cls.positional if params.get(p) is not None]
        t = ":".join([cls.name, *shown])
    return Treatment(t, cls.name, _tier(cls), params, cls.family)


def _tier(cls: Any) -> int:
    name = cls.name
    if name == KEEP:
        return 0
    if name in _REMOVAL:
        return 5
    if name in _MASKS or name.startswith("mask:"):
        return 2
    if cls.family in ("generalisation", "randomisation") or name.startswith(("generalise:", "randomise:")):
        return 1
    if cls.family in ("pseudonymisation", "cryptographic") or getattr(cls, "keyed", False):
        return 3 if cls.reversible else 4
    return 2


def compare(a: str | Treatment, b: str | Treatment) -> int | None:
    """``1`` if ``a`` is stronger than ``b``, ``0`` if equivalent, ``-1`` if weaker, ``None`` if not comparable."""
    ta = a if isinstance(a, Treatment) else parse(a)
    tb = b if isinstance(b, Treatment) else parse(b)
    if ta.operator == PROHIBITED or tb.operator == PROHIBITED:  # prohibited ≡ the removal tier
        return (ta.tier > tb.tier) - (ta.tier < tb.tier)
    if ta.tier != tb.tier:
        return 1 if ta.tier > tb.tier else -1
    if ta.operator != tb.operator:
        return None if ta.tier == 1 else 0
    return _compare_params(ta, tb)


def _compare_params(a: Treatment, b: Treatment) -> int | None:
    if a.operator == "generalise:map":
        return compare_partitions(a.params.get("mapping"), b.params.get("mapping"))
    order = _PARAM_ORDER.get(a.operator)
    if a.operator.startswith("mask") and order is None:
        order = (("keep_first", "-"), ("keep_last", "-"))
        a, b = _mask_keep(a), _mask_keep(b)
    if order is None:
        return 0 if dict(a.params) == dict(b.params) else None
    signs = set()
    for name, how in order:
        x, y = a.params.get(name), b.params.get(name)
        if x == y:
            continue
        if x is None or y is None:
            return None
        if isinstance(how, tuple):
            if x not in how or y not in how:
                return None
            signs.add(1 if how.index(x) > how.index(y) else -1)
        else:
            stronger = x > y if how == "+" else x < y
            signs.add(1 if stronger else -1)
    if len(signs) > 1:
        return None
    return signs.pop() if signs else 0


def _pairs(mapping: Any) -> dict[str, str] | None:
    if isinstance(mapping, Mapping):
        return {str(k): str(v) for k, v in mapping.items()}
    if isinstance(mapping, list | tuple):
        return {str(p[0]): str(p[1]) for p in mapping}
    return None


def compare_partitions(a: Any, b: Any) -> int | None:
    """Order two value → label mappings by the partitions they make of the values both name:
    ``1`` if ``a``'s is strictly coarser, ``0`` if equal, ``-1`` if strictly finer, ``None`` if
    neither (or no value in common, or a mapping missing).

    >>> city = {"杭州": "浙江", "宁波": "浙江", "苏州": "江苏"}
    >>> compare_partitions({"杭州": "华东", "宁波": "华东", "苏州": "华东"}, city), compare_partitions(city, city)
    (1, 0)
    >>> compare_partitions({"杭州": "A", "宁波": "B", "苏州": "B"}, city)
    """
    ma, mb = _pairs(a), _pairs(b)
    if not ma or not mb:
        return None
    shared = [v for v in ma if v in mb]
    if not shared:
        return None
    pairs = {(ma[v], mb[v]) for v in shared}
    a_coarser = len(pairs) == len({y for _, y in pairs})  # each b-class inside one a-class
    b_coarser = len(pairs) == len({x for x, _ in pairs})
    if a_coarser and b_coarser:
        return 0
    if a_coarser:
        return 1
    return -1 if b_coarser else None


def split_groups(applied: Any, required: Any) -> tuple[int, int]:
    """``(groups, split)``: how many classes the ``required`` mapping makes of the values both
    mappings name, and how many of them the ``applied`` mapping splits (counts only, no values).

    >>> split_groups({"杭州": "杭州", "宁波": "宁波", "苏州": "江苏"}, {"杭州": "浙江", "宁波": "浙江", "苏州": "江苏"})
    (2, 1)
    """
    ma, mb = _pairs(applied) or {}, _pairs(required) or {}
    pairs = {(ma[v], mb[v]) for v in ma if v in mb}
    labels: dict[str, int] = {}
    for _, y in pairs:
        labels[y] = labels.get(y, 0) + 1
    return len(labels), sum(1 for n in labels.values() if n > 1)


def freeze(params: Mapping[str, Any] | None) -> tuple[tuple[str, Any], ...] | None:
    """Operator parameters as sorted pairs (a mapping value too), so a rule holding them is hashable."""
    if not params:
        return None
    return tuple(
        sorted(
            ((str(k), tuple(sorted(_pairs(v).items())) if isinstance(v, Mapping) else v) for k, v in params.items()),
            key=lambda kv: kv[0],
        )
    )


def thaw(params: tuple[tuple[str, Any], ...] | None) -> dict[str, Any]:
    """The parameters of :func:`freeze` as a mapping again (a ``mapping`` parameter as a dict)."""
    return {k: (dict(v) if k == "mapping" else v) for k, v in (params or ())}


def treatment(text: str, params: Mapping[str, Any] | tuple | None = None) -> Treatment:
    """:func:`parse`, or :func:`parse_with` when the treatment comes with parameters (a protection
    list rule's ``params``, e.g. the ``mapping`` of ``generalise:map``)."""
    if not params:
        return parse(text)
    return parse_with(text, thaw(params) if isinstance(params, tuple) else params)


def _mask_keep(t: Treatment) -> Treatment:
    """A mask's effective kept characters (the preset's profile default when not given)."""
    from zjgov.security import operators

    try:
        op = operators.resolve(t.operator, {k: v for k, v in t.params.items() if v is not None})
    except Exception:  # a keyed or unusual mask: compare the explicit parameters only
        return t
    keep = op.keep() if hasattr(op, "keep") else (t.params.get("keep_first"), t.params.get("keep_last"))
    return dataclasses.replace(t, params={"keep_first": keep[0], "keep_last": keep[1]})


def at_least(applied: str | Treatment | None, required: str | Treatment) -> bool:
    """Whether ``applied`` (``None``: nothing applied) meets ``required``."""
    c = compare(applied if applied is not None else KEEP, required)
    return c is not None and c >= 0


def stronger(a: str, b: str) -> str | None:
    """The stronger of two treatments (``b`` when equivalent), ``None`` when not comparable."""
    c = compare(a, b)
    if c is None:
        return None
    return a if c > 0 else b
