"""Configuration files: YAML or JSON with the line of every key, safe limits, and pydantic
errors turned into one :class:`~zjgov.core.errors.ConfigError` naming every mistake (internal;
stable names).

Every package reads its rule sets, schemas, policies and overrides through :func:`loads` /
:func:`load_file` and validates them with :func:`validate`:

* the result is plain data (dicts, lists, scalars) plus ``lines``: ``{key path: 1-based line}``;
* a key given twice is an error naming both lines (never "last one wins");
* aliases are expanded at most :attr:`Limits.alias_nodes` nodes in total (a 290-byte
  "billion laughs" file fails at once), a recursive alias is an error, nesting deeper than
  :attr:`Limits.depth` is an error, an integer longer than :attr:`Limits.int_digits` digits is
  an error;
* unquoted YAML dates and times (``2026-13-01``) are read as the text written, so the model
  validates them exactly like quoted ones — an impossible date is a clean error, not a crash;
* :func:`validate` reports **every** pydantic error of the file at once, each with its file,
  line and field, and "did you mean …" for an unknown key (from the model's fields) or an
  unknown choice (from a ``Literal``).

>>> doc = loads("rules:\\n  - id: a\\n    kind: not_null\\n")
>>> doc.data["rules"][0]["kind"], doc.lines[("rules", 0, "kind")], doc.line(("rules", 0, "other"))
('not_null', 3, 2)
>>> loads("a: 1\\na: 2\\n", file="r.yaml")
Traceback (most recent call last):
zjgov.errors.ConfigError: r.yaml:2 [a]: ...
>>> suggest("threshhold", ["threshold", "severity"])
'threshold'
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml

from zjgov.core import i18n
from zjgov.core.errors import ConfigError, config_error

__all__ = [
    "Document",
    "Limits",
    "errors_from_pydantic",
    "load_file",
    "loads",
    "suggest",
    "validate",
]

M = TypeVar("M")

i18n.add(
    {
        "config.syntax": ("YAML/JSON 语法错误：{detail}", "YAML/JSON syntax error: {detail}"),
        "config.file_missing": ("找不到文件", "file not found"),
        "config.unreadable": ("无法读取文件：{detail}", "cannot read the file: {detail}"),
        "config.duplicate_key": (
            "键“{key}”重复：第 {first} 行已定义，第 {second} 行再次出现",
            "the key '{key}' is given twice: on line {first} and again on line {second}",
        ),
        "config.alias_bomb": (
            "别名展开后超过 {limit} 个节点（可能是“十亿笑声”攻击），已拒绝",
            "aliases expand to more than {limit} nodes (a 'billion laughs' file?); refused",
        ),
        "config.alias_recursive": (
            "别名引用了自身（递归别名），已拒绝",
            "an alias refers to itself (recursive alias); refused",
        ),
        "config.too_deep": ("嵌套超过 {limit} 层，已拒绝", "nested more than {limit} levels deep; refused"),
        "config.int_too_long": (
            "整数超过 {limit} 位，已拒绝",
            "an integer with more than {limit} digits; refused",
        ),
        "config.bad_key": ("键必须是文本、数字或布尔值", "a key must be text, a number or a boolean"),
        "config.missing_field": ("缺少必需的字段 {name}", "the required field {name} is missing"),
        "config.unknown_field": ("未知的字段 {name}{hint}", "unknown field {name}{hint}"),
        "config.bad_choice": ("字段 {name} 的取值无效：{detail}{hint}", "field {name} is not valid: {detail}{hint}"),
        "config.invalid": ("字段 {name} 无效：{detail}", "field {name} is not valid: {detail}"),
    }
)


@dataclasses.dataclass(frozen=True)
class Limits:
    """Bounds on what a configuration file may cost to read."""

    alias_nodes: int = 10_000  #: nodes that aliases may add in total when expanded
    depth: int = 64  #: levels of nesting
    int_digits: int = 100  #: digits of one integer


DEFAULT_LIMITS = Limits()

#: ``aliases(path, key)`` gives further spellings of a key to record the same line under.
Aliases = Callable[[tuple, Any], Iterable[Any]]


@dataclasses.dataclass
class Document:
    """Parsed configuration: ``data`` (plain Python), ``lines`` (key path → 1-based line), ``file``."""

    data: Any
    lines: dict[tuple, int]
    file: str | None = None

    def line(self, path: Sequence[Any]) -> int | None:
        """The line of ``path`` or of its nearest ancestor that has one (``None`` when none does)."""
        path = tuple(path)
        for i in range(len(path), -1, -1):
            if path[:i] in self.lines:
                return self.lines[path[:i]]
        return None


class _Loader(yaml.SafeLoader):
    """SafeLoader whose dates and times stay the text written (validated later like quoted text)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)

_INT_TAG = "tag:yaml.org,2002:int"
_STR_TAG = "tag:yaml.org,2002:str"


def loads(
    text: str,
    *,
    file: str | None = None,
    aliases: Aliases | None = None,
    limits: Limits = DEFAULT_LIMITS,
    text_scalars: bool = False,
) -> Document:
    """Parse YAML (or JSON) ``text``; every problem raises one :class:`ConfigError` (duplicate keys
    are all reported together). ``text_scalars=True`` keeps every scalar as the text written
    (``001`` keeps its zeros, ``null`` stays ``"null"``), for data records."""
    if text.lstrip("\ufeff \r\n").startswith(("{", "[")) and "\t" in text:
        # JSON: a literal tab can only be whitespace between tokens (never inside a string), and
        # YAML refuses tabs there; as spaces the text means the same and keeps its lines.
        text = text.replace("\t", " ")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, file) from None
    except RecursionError:
        raise config_error("config.too_deep", file=file, limit=limits.depth) from None
    lines: dict[tuple, int] = {}
    if node is None:
        return Document(None, lines, file)
    _check_size(node, limits, file)
    constructor = _Loader("")
    problems: list[ConfigError] = []

    def scalar(n: yaml.ScalarNode, path: tuple) -> Any:
        if text_scalars:
            return n.value
        if n.tag == _INT_TAG and len(n.value.lstrip("+-").replace("_", "")) > limits.int_digits:
            problems.append(
                config_error(
                    "config.int_too_long", file=file, line=_line(n), field=_field(path), limit=limits.int_digits
                )
            )
            return None
        if n.tag == _STR_TAG:
            return n.value
        return constructor.construct_object(n, deep=True)

    def build(n: yaml.Node, path: tuple, depth: int, active: set[int]) -> Any:
        lines.setdefault(path, _line(n))
        if depth > limits.depth:
            raise config_error("config.too_deep", file=file, line=_line(n), field=_field(path), limit=limits.depth)
        if isinstance(n, yaml.ScalarNode):
            return scalar(n, path)
        if id(n) in active:
            raise config_error("config.alias_recursive", file=file, line=_line(n), field=_field(path))
        active.add(id(n))
        try:
            if isinstance(n, yaml.SequenceNode):
                return [build(v, (*path, i), depth + 1, active) for i, v in enumerate(n.value)]
            out: dict[Any, Any] = {}
            seen: dict[Any, int] = {}
            for k, v in _merged(n):
                if not isinstance(k, yaml.ScalarNode):
                    problems.append(config_error("config.bad_key", file=file, line=_line(k), field=_field(path)))
                    continue
                key = scalar(k, path)
                try:
                    hash(key)
                except TypeError:
                    problems.append(config_error("config.bad_key", file=file, line=_line(k), field=_field(path)))
                    continue
                if key in seen:
                    problems.append(
                        config_error(
                            "config.duplicate_key",
                            file=file,
                            line=_line(k),
                            field=_field((*path, key)),
                            key=key,
                            first=seen[key],
                            second=_line(k),
                        )
                    )
                    continue
                seen[key] = _line(k)
                lines[(*path, key)] = _line(k)
                for alias in aliases(path, key) if aliases else ():
                    lines.setdefault((*path, alias), _line(k))
                out[key] = build(v, (*path, key), depth + 1, active)
            return out
        finally:
            active.discard(id(n))

    try:
        data = build(node, (), 0, set())
    except RecursionError:
        raise config_error("config.too_deep", file=file, limit=limits.depth) from None
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, file) from None
    if problems:
        raise ConfigError.collect(problems)
    return Document(data, lines, file)


def _merged(n: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """The key/value pairs of a mapping with YAML merge keys (``<<: *base``) expanded; keys given
    explicitly win over merged ones, as YAML specifies."""
    if not any(k.tag == "tag:yaml.org,2002:merge" for k, _ in n.value):
        return list(n.value)
    own = [(k, v) for k, v in n.value if k.tag != "tag:yaml.org,2002:merge"]
    names = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for k, v in n.value:
        if k.tag != "tag:yaml.org,2002:merge":
            continue
        sources = v.value if isinstance(v, yaml.SequenceNode) else [v]
        for src in sources:
            if isinstance(src, yaml.MappingNode):
                for mk, mv in _merged(src):
                    if isinstance(mk, yaml.ScalarNode) and mk.value not in names:
                        names.add(mk.value)
                        merged.append((mk, mv))
    return own + merged


def _check_size(root: yaml.Node, limits: Limits, file: str | None) -> None:
    """Refuse a document whose aliases expand to too many nodes, before building anything.

    The expanded size of each distinct node is computed once (memoised), so the check costs
    one pass over the file's own nodes however large the expansion would be.
    """
    size: dict[int, int] = {}
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        n, done = stack.pop()
        key = id(n)
        if done:
            on_path.discard(key)
            children = _children(n)
            size[key] = 1 + sum(size.get(id(c), 0) for c in children)
            continue
        if key in size:
            continue
        if key in on_path:
            raise config_error("config.alias_recursive", file=file, line=_line(n))
        distinct += 1
        on_path.add(key)
        stack.append((n, True))
        stack.extend((c, False) for c in _children(n) if id(c) not in size)
        if len(on_path) > limits.depth + 1:
            raise config_error("config.too_deep", file=file, line=_line(n), limit=limits.depth)
    if size[id(root)] - distinct > limits.alias_nodes:
        raise config_error("config.alias_bomb", file=file, limit=limits.alias_nodes)


def _children(n: yaml.Node) -> list[yaml.Node]:
    if isinstance(n, yaml.SequenceNode):
        return list(n.value)
    if isinstance(n, yaml.MappingNode):
        return [x for pair in n.value for x in pair]
    return []


def _line(n: yaml.Node) -> int:
    return n.start_mark.line + 1


def _field(path: Sequence[Any]) -> str | None:
    """``rules[0].kind`` for the path ``("rules", 0, "kind")``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def _syntax_error(exc: yaml.YAMLError, file: str | None) -> ConfigError:
    detail = str(getattr(exc, "problem", None) or exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    if getattr(exc, "context_mark", None) is not None and (mark is None or "<stream end>" in detail):
        mark = exc.context_mark  # type: ignore[attr-defined]  # an unclosed bracket or quote: where it opened
    return config_error("config.syntax", file=file, line=mark.line + 1 if mark else None, detail=detail)


def load_file(
    path: str | os.PathLike[str],
    *,
    aliases: Aliases | None = None,
    limits: Limits = DEFAULT_LIMITS,
    encoding: str = "utf-8-sig",
) -> Document:
    """Read and parse a YAML or JSON file (``encoding`` UTF-8 with or without BOM by default)."""
    p = Path(path)
    if not p.is_file():
        raise config_error("config.file_missing", file=str(p))
    try:
        text = p.read_bytes().decode(encoding)
    except (OSError, UnicodeDecodeError) as exc:
        raise config_error("config.unreadable", file=str(p), detail=type(exc).__name__) from None
    return loads(text, file=str(p), aliases=aliases, limits=limits)


# -- did you mean ----------------------------------------------------------------------------
def suggest(word: object, choices: Iterable[object]) -> str | None:
    """The choice closest to ``word`` (case-insensitive), or ``None`` when none is close."""
    if not isinstance(word, str):
        return None
    options = {str(c).lower(): str(c) for c in choices}
    hit = difflib.get_close_matches(word.lower(), list(options), n=1, cutoff=0.6)
    return options[hit[0]] if hit else None


def _hint(word: object, choices: Iterable[object]) -> tuple[str, str]:
    best = suggest(word, choices)
    return i18n.pair("did_you_mean", suggestion=best) if best else ("", "")


# -- pydantic --------------------------------------------------------------------------------
def validate(
    model: type[M],
    doc: Document,
    *,
    context: Mapping[str, Any] | None = None,
    rename: Callable[[tuple], tuple] | None = None,
) -> M:
    """``model.model_validate(doc.data)``; every error becomes one line of one :class:`ConfigError`."""
    import pydantic

    try:
        return model.model_validate(doc.data, context=dict(context) if context else None)  # type: ignore[attr-defined]
    except pydantic.ValidationError as exc:
        raise ConfigError.collect(errors_from_pydantic(exc, doc, model=model, rename=rename)) from None


def errors_from_pydantic(
    exc: Any,
    doc: Document,
    *,
    model: type | None = None,
    prefix: tuple = (),
    rename: Callable[[tuple], tuple] | None = None,
) -> list[ConfigError]:
    """One :class:`ConfigError` per error of a ``pydantic.ValidationError``, with file, line and field.

    ``prefix`` is the path of the validated data inside ``doc``; ``rename`` maps pydantic's
    location (tags of unions removed) to the path in the file (e.g. canonical → written keys).
    An error raised by a validator as a ``ConfigError`` keeps its own messages.
    """
    out: list[ConfigError] = []
    for err in exc.errors(include_url=False):
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and _is_tag(x)))
        loc = rename(loc) if rename else loc
        path = (*prefix, *loc)
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, ConfigError) and inner.field and inner.field not in loc:
            # raised by a validator of a whole item or list: point at the attribute it names
            extra = tuple(int(x) if x.isdigit() else x for x in re.split(r"[.\[\]]+", inner.field) if x)
            path = (*prefix, *(extra if extra[:1] == loc[:1] else (*loc, *extra)))
        line = doc.line(path)
        field = _field(path)
        name = field or "(root)"
        if isinstance(inner, ConfigError):
            out.extend(
                ConfigError(e.message_zh, e.message_en, file=doc.file, line=line, field=field) for e in inner.errors
            )
            continue
        kind = err["type"]
        if kind == "missing":
            out.append(config_error("config.missing_field", file=doc.file, line=line, field=field, name=name))
        elif kind == "extra_forbidden":
            hint = _hint(loc[-1] if loc else None, _fields_at(model, loc[:-1]) if model else ())
            out.append(
                config_error("config.unknown_field", file=doc.file, line=line, field=field, name=name, hint=hint)
            )
        elif kind in ("literal_error", "enum"):
            expected = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
            hint = _hint(err.get("input"), expected)
            out.append(
                config_error(
                    "config.bad_choice", file=doc.file, line=line, field=field, name=name, detail=err["msg"], hint=hint
                )
            )
        else:
            out.append(
                config_error("config.invalid", file=doc.file, line=line, field=field, name=name, detail=err["msg"])
            )
    return _unique(out)


def _unique(errors: list[ConfigError]) -> list[ConfigError]:
    seen, out = set(), []
    for e in errors:
        key = (e.line, e.field, e.message_en)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _is_tag(part: str) -> bool:
    """pydantic puts the tag of a union member (``function-after[...]``, a model name) in ``loc``."""
    return "[" in part or part[:1].isupper()


def _fields_at(model: Any, loc: tuple) -> list[str]:
    """The field names (and aliases) of the model found at ``loc`` inside ``model``, if any."""
    current: Any = model
    for part in loc:
        current = _inner(current, part)
        if current is None:
            return []
    return _model_keys(current)


def _model_keys(tp: Any) -> list[str]:
    names: list[str] = []
    for t in _members(tp):
        fields = getattr(t, "model_fields", None)
        if fields:
            for fname, info in fields.items():
                names.append(fname)
                if info.alias:
                    names.append(info.alias)
    return names


def _members(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _members(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for a in typing.get_args(tp) for m in _members(a)]
    return [tp]


def _inner(tp: Any, part: Any) -> Any:
    for t in _members(tp):
        fields = getattr(t, "model_fields", None)
        if fields and isinstance(part, str):
            for fname, info in fields.items():
                if part in (fname, info.alias):
                    return info.annotation
        origin = typing.get_origin(t)
        args = typing.get_args(t)
        if isinstance(part, int) and origin in (list, tuple, set, frozenset, Sequence) and args:
            return args[0]
        if origin in (dict, Mapping) and len(args) == 2:
            return args[1]
    return None
