"""A tiny, safe expression language for row filters and cross-field rules.

Expressions are parsed with Python's :mod:`ast` and only a whitelist of node types is
accepted; nothing is ever passed to ``eval``. They are compiled once into vectorised
functions over a pandas frame.

* column names (Chinese names are identifiers too), or ``col("name with spaces")``;
* constants: strings, numbers, ``True``, ``False``, ``None``, lists for ``in``;
* ``and``, ``or``, ``not``, comparisons (chains allowed), ``in`` / ``not in``, ``+ - * /``;
* functions: ``isnull(x)``, ``notnull(x)``, ``blank(x)``, ``len(x)``, ``number(x)``,
  ``date(x)`` or ``date(x, "%Y%m%d")``, ``today()``, ``days(x)`` (a time difference in days),
  ``upper(x)``, ``lower(x)``, ``strip(x)``, ``substr(x, start, stop)``.

A text column compared with a number is read as a number (text that is not a number gives a
null). Comparisons involving a null give a null, which rules treat as "not applicable".

Everything that can be known before the data is read is checked when the expression is
compiled: a function given a constant of the wrong type (``upper(5)``), arithmetic on text
(``'x' + 'y'``), ``in`` without a list, nesting deeper than :data:`MAX_DEPTH`. Identifiers are
read exactly as written: Python folds ``ａ`` (full-width) into ``a``, zjgov does not, so a
full-width name reads the column spelled that way.

>>> import pandas as pd
>>> f = pd.DataFrame({"年龄": ["17", "30", None], "状态": ["在册", "在册", "注销"]})
>>> e = compile_expr("年龄 >= 18 and 状态 == '在册'")
>>> sorted(e.columns)
['年龄', '状态']
>>> e.evaluate(f).tolist()
[False, True, False]
>>> compile_expr("__import__('os')")
Traceback (most recent call last):
zjgov.errors.ConfigError: ...
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as _dt
import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from zjgov import i18n
from zjgov.errors import ConfigError

i18n.add(
    {
        "quality.expr.syntax": (
            "表达式语法错误（第 {position} 个字符）：{detail}",
            "expression syntax error at character {position}: {detail}",
        ),
        "quality.expr.node": ("表达式中不允许使用：{detail}", "not allowed in an expression: {detail}"),
        "quality.expr.function": (
            "未知函数：{detail}（可用：{allowed}）",
            "unknown function: {detail} (available: {allowed})",
        ),
        "quality.expr.arity": ("函数 {detail} 的参数个数不对", "wrong number of arguments for {detail}"),
        "quality.expr.empty": ("表达式为空", "the expression is empty"),
        "quality.expr.too_deep": (
            "表达式嵌套过深（超过 {limit} 层）",
            "the expression is nested too deeply (more than {limit} levels)",
        ),
        "quality.expr.arg_type": (
            "函数 {detail} 的第 {position} 个参数应为{expected}，而不是{actual}",
            "argument {position} of {detail} must be {expected}, not {actual}",
        ),
        "quality.expr.arith_type": (
            "算术运算 {op} 需要数值或日期，而不是{actual}",
            "the arithmetic {op} needs numbers or dates, not {actual}",
        ),
        "quality.expr.in_list": (
            "in / not in 的右边应为列表，如 ['a', 'b']",
            "'in' needs a list on its right, like ['a', 'b']",
        ),
    }
)

Value = Any  # a Series or a scalar
Node = Callable[[pd.DataFrame], Value]
#: Deepest nesting of an expression (operators, calls, parentheses) accepted.
MAX_DEPTH = 100
#: Longest expression text accepted (characters).
MAX_LENGTH = 10_000
#: static types: what a node is known to give before any data is read ("any" for columns)
_TYPE_NAMES = {
    "text": ("文本", "text"),
    "number": ("数值", "a number"),
    "bool": ("布尔值", "a boolean"),
    "date": ("日期", "a date"),
    "null": ("空值", "null"),
    "list": ("列表", "a list"),
    "any": ("任意值", "any value"),
}


def _err(key: str, **fields: object) -> ConfigError:
    return ConfigError(i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields))


@dataclasses.dataclass(frozen=True)
class Expression:
    """A compiled expression: its source text, the columns it reads and the vectorised function."""

    source: str
    columns: frozenset[str]
    _fn: Node = dataclasses.field(repr=False, compare=False)

    def evaluate(self, frame: pd.DataFrame) -> pd.Series:
        """A nullable boolean Series on ``frame``'s index (``<NA>`` where an input was null)."""
        out = self._fn(frame)
        if not isinstance(out, pd.Series):
            out = pd.Series([out] * len(frame), index=frame.index, dtype=object)
        if out.dtype != "boolean":
            if pd.api.types.is_bool_dtype(out.dtype):
                out = out.astype("boolean")
            else:
                out = out.map(_truth, na_action="ignore").astype("boolean")
        return out


def _truth(v: object) -> bool:
    return bool(v)


def compile_expr(source: str) -> Expression:
    """Parse ``source`` and return an :class:`Expression` (``ConfigError`` if it is not allowed).

    >>> compile_expr("upper(5) == 'A'")
    Traceback (most recent call last):
    zjgov.errors.ConfigError: 函数 upper 的第 1 个参数应为文本，而不是数值 (argument 1 of upper must be text, not a number)
    >>> sorted(compile_expr("ａ > 1").columns)
    ['ａ']
    """
    if not isinstance(source, str) or not source.strip():
        raise _err("quality.expr.empty")
    text = source.strip()
    if len(text) > MAX_LENGTH or _nesting(text) > MAX_DEPTH:
        raise _err("quality.expr.too_deep", limit=MAX_DEPTH)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise _err("quality.expr.syntax", position=exc.offset or 0, detail=exc.msg) from None
    except (RecursionError, MemoryError):
        raise _err("quality.expr.too_deep", limit=MAX_DEPTH) from None
    columns: set[str] = set()
    fn, _ = _Compiler(text, columns).compile(tree.body, 0)
    return Expression(source, frozenset(columns), fn)


def _nesting(text: str) -> int:
    """An upper bound of the parenthesis depth, read before Python's parser sees the text."""
    depth = deepest = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    return deepest


_CMP = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_BIN = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


class _Compiler:
    """Turns a checked syntax tree into one vectorised function, with each node's static type."""

    def __init__(self, source: str, columns: set[str]) -> None:
        self.source, self.columns = source, columns

    def name(self, node: ast.Name) -> str:
        """The identifier as written (Python's parser NFKC-folds ``ａ`` into ``a``; zjgov does not)."""
        return ast.get_source_segment(self.source, node) or node.id

    def compile(self, node: ast.AST, depth: int) -> tuple[Node, str]:
        if depth > MAX_DEPTH:
            raise _err("quality.expr.too_deep", limit=MAX_DEPTH)
        depth += 1
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool, type(None))):
            value = node.value
            return (lambda f: value), _constant_type(value)
        if isinstance(node, ast.Name):
            name = self.name(node)
            self.columns.add(name)
            return (lambda f: f[name]), "any"
        if isinstance(node, (ast.List, ast.Tuple)):
            items = []
            for elt in node.elts:
                if not isinstance(elt, ast.Constant):
                    raise _err("quality.expr.node", detail="list of non-constants")
                items.append(elt.value)
            return (lambda f: items), "list"
        if isinstance(node, ast.BoolOp):
            parts = [self.compile(v, depth)[0] for v in node.values]
            combine = operator.and_ if isinstance(node.op, ast.And) else operator.or_

            def boolop(f: pd.DataFrame) -> Value:
                out = _as_bool(parts[0](f), f)
                for p in parts[1:]:
                    out = combine(out, _as_bool(p(f), f))
                return out

            return boolop, "bool"
        if isinstance(node, ast.UnaryOp):
            inner, kind = self.compile(node.operand, depth)
            if isinstance(node.op, ast.Not):
                return (lambda f: ~_as_bool(inner(f), f)), "bool"
            if isinstance(node.op, ast.USub):
                _arith_type("-", kind, "number")
                return (lambda f: -_number(inner(f))), "number"
            raise _err("quality.expr.node", detail=type(node.op).__name__)
        if isinstance(node, ast.BinOp) and type(node.op) in _BIN:
            (left, lk), (right, rk) = self.compile(node.left, depth), self.compile(node.right, depth)
            op = _BIN[type(node.op)]
            kind = _arith_type(_BIN_SYMBOL[type(node.op)], lk, rk)
            return (lambda f: _arith(op, left(f), right(f))), kind
        if isinstance(node, ast.Compare):
            return self.compare(node, depth), "bool"
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        raise _err("quality.expr.node", detail=type(node).__name__)

    def compare(self, node: ast.Compare, depth: int) -> Node:
        compiled = [self.compile(node.left, depth)] + [self.compile(c, depth) for c in node.comparators]
        operands = [fn for fn, _ in compiled]
        ops = node.ops
        for i, op in enumerate(ops):
            if type(op) not in _CMP and not isinstance(op, (ast.In, ast.NotIn)):
                raise _err("quality.expr.node", detail=type(op).__name__)
            if isinstance(op, (ast.In, ast.NotIn)) and compiled[i + 1][1] != "list":
                raise _err("quality.expr.in_list")

        def compare(f: pd.DataFrame) -> Value:
            values = [o(f) for o in operands]
            out = None
            for i, op in enumerate(ops):
                part = _compare_one(op, values[i], values[i + 1], f)
                out = part if out is None else out & part
            return out

        return compare

    def call(self, node: ast.Call, depth: int) -> tuple[Node, str]:
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise _err("quality.expr.node", detail="call")
        name = self.name(node.func)
        if name == "col":
            if (
                len(node.args) != 1
                or not isinstance(node.args[0], ast.Constant)
                or not isinstance(node.args[0].value, str)
            ):
                raise _err("quality.expr.arity", detail="col")
            column = node.args[0].value
            self.columns.add(column)
            return (lambda f: f[column]), "any"
        if name not in _FUNCTIONS:
            raise _err("quality.expr.function", detail=name, allowed=", ".join(["col", *_FUNCTIONS]))
        (lo, hi), fn = _FUNCTIONS[name]
        if not lo <= len(node.args) <= hi:
            raise _err("quality.expr.arity", detail=name)
        compiled = [self.compile(a, depth) for a in node.args]
        accepts, gives = _SIGNATURES[name]
        for position, (_, kind) in enumerate(compiled, 1):
            allowed = accepts[min(position, len(accepts)) - 1]
            if kind not in ("any", "null") and kind not in allowed:
                raise _arg_error(name, position, allowed[0], kind)
        args = [a for a, _ in compiled]
        return (lambda f: fn(*(a(f) for a in args))), gives


def _constant_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    return "text" if isinstance(value, str) else "number"


def _type_name(kind: str, lang: str) -> str:
    return _TYPE_NAMES[kind][0 if lang == "zh" else 1]


def _arg_error(function: str, position: int, expected: str, actual: str) -> ConfigError:
    return ConfigError(
        *(
            i18n.text(
                "quality.expr.arg_type",
                lang,
                detail=function,
                position=position,
                expected=_type_name(expected, lang),
                actual=_type_name(actual, lang),
            )
            for lang in ("zh", "en")
        )
    )


def _arith_type(op: str, left: str, right: str) -> str:
    """The type of ``left op right``; text, booleans and lists refused at compile time."""
    for kind in (left, right):
        if kind in ("text", "bool", "list"):
            raise ConfigError(
                *(
                    i18n.text("quality.expr.arith_type", lang, op=op, actual=_type_name(kind, lang))
                    for lang in ("zh", "en")
                )
            )
    if "date" in (left, right):
        return "any"  # a time difference (read with days()) or a shifted date
    return "number" if left == right == "number" else "any"


_BIN_SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _compare_one(op: ast.cmpop, a: Value, b: Value, f: pd.DataFrame) -> Value:
    if isinstance(op, (ast.In, ast.NotIn)):
        if not isinstance(b, list):
            raise _err("quality.expr.node", detail="'in' needs a list")
        sa = _series(a, f)
        res = sa.isin(b).astype("boolean").mask(sa.isna())
        return ~res if isinstance(op, ast.NotIn) else res
    a, b = _align_types(a, b)
    sa = _series(a, f)
    res = _CMP[type(op)](sa, b)
    if not isinstance(res, pd.Series):
        res = pd.Series(res, index=f.index)
    res = res.astype("boolean")
    null = sa.isna()
    if isinstance(b, pd.Series):
        null = null | b.isna()
    elif b is None:
        null = pd.Series(True, index=f.index)
    return res.mask(null)


def _align_types(a: Value, b: Value) -> tuple[Value, Value]:
    """A text column met by a number is read as a number."""
    a_num, b_num = _is_number(a), _is_number(b)
    if a_num and isinstance(b, pd.Series) and _is_text(b):
        b = _number(b)
    if b_num and isinstance(a, pd.Series) and _is_text(a):
        a = _number(a)
    return a, b


def _is_number(v: Value) -> bool:
    if isinstance(v, pd.Series):
        return pd.api.types.is_numeric_dtype(v.dtype) and not pd.api.types.is_bool_dtype(v.dtype)
    return isinstance(v, (int, float, np.number)) and not isinstance(v, bool)


def _is_text(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s.dtype) or pd.api.types.is_object_dtype(s.dtype)


def _series(v: Value, f: pd.DataFrame) -> pd.Series:
    if isinstance(v, pd.Series):
        return v
    return pd.Series([v] * len(f), index=f.index, dtype=object if v is None else None)


def _as_bool(v: Value, f: pd.DataFrame) -> pd.Series:
    s = _series(v, f)
    if s.dtype == "boolean":
        return s
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("boolean")
    return s.map(_truth, na_action="ignore").astype("boolean")


def _number(v: Value) -> Value:
    if isinstance(v, pd.Series):
        if pd.api.types.is_numeric_dtype(v.dtype) and not pd.api.types.is_bool_dtype(v.dtype):
            return v
        if pd.api.types.is_timedelta64_dtype(v.dtype):
            return v / pd.Timedelta(days=1)
        return pd.to_numeric(v.astype("str").str.strip(), errors="coerce")
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return None
    return v


def _arith(op, a: Value, b: Value) -> Value:
    dates = any(isinstance(x, pd.Series) and pd.api.types.is_datetime64_any_dtype(x.dtype) for x in (a, b))
    dates = dates or any(isinstance(x, pd.Timestamp) for x in (a, b))
    if not dates:
        a, b = _number(a), _number(b)
    return op(a, b)


def _date(v: Value, fmt: str | None = None) -> Value:
    if isinstance(v, pd.Series):
        if pd.api.types.is_datetime64_any_dtype(v.dtype):
            return v
        return pd.to_datetime(v, format=fmt or "mixed", errors="coerce")
    if v is None:
        return None
    out = pd.to_datetime(v, format=fmt, errors="coerce")
    return None if pd.isna(out) else out


def _text(v: Value) -> Value:
    if isinstance(v, pd.Series):
        return v if pd.api.types.is_string_dtype(v.dtype) else v.astype("str").mask(v.isna())
    return v


def _blank(v: Value) -> Value:
    if isinstance(v, pd.Series):
        return v.isna() | (_text(v).str.strip() == "").fillna(False)
    return v is None or (isinstance(v, str) and not v.strip())


_FUNCTIONS: dict[str, tuple[tuple[int, int], Callable[..., Value]]] = {
    "isnull": ((1, 1), lambda v: v.isna() if isinstance(v, pd.Series) else v is None),
    "notnull": ((1, 1), lambda v: v.notna() if isinstance(v, pd.Series) else v is not None),
    "blank": ((1, 1), _blank),
    "len": ((1, 1), lambda v: _text(v).str.len() if isinstance(v, pd.Series) else (None if v is None else len(v))),
    "number": ((1, 1), _number),
    "date": ((1, 2), _date),
    "today": ((0, 0), lambda: pd.Timestamp(_dt.date.today())),
    "days": ((1, 1), lambda v: v / pd.Timedelta(days=1)),
    "upper": ((1, 1), lambda v: _text(v).str.upper() if isinstance(v, pd.Series) else v.upper()),
    "lower": ((1, 1), lambda v: _text(v).str.lower() if isinstance(v, pd.Series) else v.lower()),
    "strip": ((1, 1), lambda v: _text(v).str.strip() if isinstance(v, pd.Series) else v.strip()),
    "substr": ((2, 3), lambda v, a, b=None: _text(v).str.slice(a, b) if isinstance(v, pd.Series) else v[a:b]),
}


#: function -> (accepted types of each argument (the last repeats), the type it gives)
_TEXTUAL = ("text", "any")
_SIGNATURES: dict[str, tuple[tuple[tuple[str, ...], ...], str]] = {
    "isnull": ((("text", "number", "bool", "date", "any"),), "bool"),
    "notnull": ((("text", "number", "bool", "date", "any"),), "bool"),
    "blank": ((("text", "number", "bool", "date", "any"),), "bool"),
    "len": ((_TEXTUAL,), "number"),
    "number": ((("text", "number", "any"),), "number"),
    "date": ((("text", "date", "any"), ("text",)), "date"),
    "today": (((),), "date"),
    "days": ((("number", "any"),), "number"),
    "upper": ((_TEXTUAL,), "text"),
    "lower": ((_TEXTUAL,), "text"),
    "strip": ((_TEXTUAL,), "text"),
    "substr": ((_TEXTUAL, ("number",), ("number",)), "text"),
}
