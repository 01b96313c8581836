"""Pieces every verb shares: the sub-action options, and the files a verb reads and writes.

A verb names its files when it declares its arguments — :func:`add_input` for what it reads,
:func:`add_output` for what it writes — and ``zjgov.cli.main`` checks every output against
every input *before the verb runs* (:func:`check_paths`): an output that is an input, lies
inside an input folder or package, or is a folder holding an input, is refused (exit 2); so
is an output whose folder does not exist (unless ``--mkdirs``), that is an existing folder, or
that cannot be written. New verbs get all of this by declaring their paths the same way.

>>> import argparse, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); (d / "d.csv").write_text("a\\n1\\n", encoding="utf-8") and None
>>> p = argparse.ArgumentParser()
>>> _ = add_input(p, "data"); _ = add_output(p, "--failures")
>>> args = p.parse_args([str(d / "d.csv"), "--failures", str(d / "d.csv")])
>>> check_paths(args)
Traceback (most recent call last):
zjgov.errors.ConfigError: --failures: 输出 --failures 与输入 ... 是同一个文件 ...
>>> check_paths(p.parse_args([str(d / "d.csv"), "--failures", str(d / "bad.csv")]))
"""

from __future__ import annotations

import argparse
import dataclasses
import fnmatch
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from zjgov import i18n
from zjgov.errors import ConfigError, ZjgovError

i18n.add(
    {
        "cli.mkdirs": ("输出文件所在的文件夹不存在时自动创建", "create the folders of output files when missing"),
        "cli.exit_codes": (
            "退出码：0 通过；1 数据未通过检查；2 用法、配置或读写错误；3 内部错误（程序缺陷）",
            "exit codes: 0 ok; 1 the data failed the check; 2 usage, configuration or I/O error; "
            "3 internal error (a bug)",
        ),
        "cli.same_as_input": (
            "输出 {flag} 与输入 {input} 是同一个文件，已拒绝（输入不会被覆盖）",
            "the output {flag} is the input {input}; refused (an input is never overwritten)",
        ),
        "cli.inside_input": (
            "输出 {flag} 位于输入 {input} 之内，已拒绝",
            "the output {flag} lies inside the input {input}; refused",
        ),
        "cli.holds_input": (
            "输出文件夹 {flag} 中含有输入 {input}，写出时会被覆盖，已拒绝",
            "the output folder {flag} holds the input {input}, which writing would replace; refused",
        ),
        "cli.same_output": ("{flag} 与 {other} 指向同一个文件", "{flag} and {other} name the same file"),
        "cli.no_parent": (
            "{flag} 所在的文件夹不存在：{path}（加 --mkdirs 可自动创建）",
            "the folder of {flag} does not exist: {path} (add --mkdirs to create it)",
        ),
        "cli.parent_not_dir": ("{flag} 所在的路径不是文件夹：{path}", "the parent of {flag} is not a folder: {path}"),
        "cli.is_dir": (
            "{flag} 应为文件，但这是一个文件夹：{path}",
            "{flag} must be a file, but it is a folder: {path}",
        ),
        "cli.not_dir": (
            "{flag} 应为文件夹，但这是一个文件：{path}",
            "{flag} must be a folder, but it is a file: {path}",
        ),
        "cli.not_writable": ("没有写入 {flag} 的权限：{path}", "no permission to write {flag}: {path}"),
        "cli.cannot_mkdir": ("无法创建文件夹 {path}：{detail}", "cannot create the folder {path}: {detail}"),
        "cli.bad_config": (
            "无法载入此配置文件（{detail}）：请检查其中的取值（如不存在的日期 2026-13-01、超长数字）",
            "cannot load this configuration file ({detail}): check its values (an impossible date such as "
            "2026-13-01, a huge number …)",
        ),
    }
)

Kind = Literal["file", "dir", "any"]


@dataclasses.dataclass(frozen=True)
class PathArg:
    """One argument naming files: what it is for, and how to read paths out of its value."""

    dest: str
    flag: str
    role: Literal["input", "output"]
    kind: Kind = "file"
    #: output folders: the names written directly inside (glob patterns); None = anything, anywhere
    writes: tuple[str, ...] | None = None
    #: turns one value into its path (``NAME=FILE`` → ``FILE``); None when the value names no file
    split: Callable[[str], str | None] | None = None


def _declare(parser: argparse.ArgumentParser, spec_args: tuple, kwargs: dict, **spec: Any) -> argparse.Action:
    action = parser.add_argument(*spec_args, **kwargs)
    flag = next((s for s in action.option_strings if s.startswith("--")), None) or action.dest.upper()
    declared = parser.__dict__.setdefault("_zjgov_paths", [])
    declared.append(PathArg(action.dest, flag, **spec))
    parser.set_defaults(**{f"_paths_{id(parser)}": declared})
    return action


def add_input(
    parser: argparse.ArgumentParser,
    *flags: str,
    kind: Kind = "file",
    split: Callable[[str], str | None] | None = None,
    **kwargs: Any,
) -> argparse.Action:
    """``parser.add_argument`` for an argument naming a file (or folder) the verb reads."""
    return _declare(parser, flags, kwargs, role="input", kind=kind, split=split)


def add_output(
    parser: argparse.ArgumentParser,
    *flags: str,
    kind: Kind = "file",
    writes: tuple[str, ...] | None = None,
    **kwargs: Any,
) -> argparse.Action:
    """``parser.add_argument`` for an argument naming a file (or folder) the verb writes."""
    return _declare(parser, flags, kwargs, role="output", kind=kind, writes=writes)


def declared_paths(args: argparse.Namespace) -> Iterator[tuple[PathArg, str]]:
    """Every (declaration, path) of the parsed arguments; ``-`` (standard output) is left out."""
    for key, specs in sorted(vars(args).items()):
        if not key.startswith("_paths_"):
            continue
        for spec in specs:
            value = getattr(args, spec.dest, None)
            values = value if isinstance(value, list | tuple) else [value]
            for v in values:
                if v is None or v is True or v is False:
                    continue
                path = spec.split(str(v)) if spec.split else str(v)
                if path and path != "-":
                    yield spec, path


def inputs(args: argparse.Namespace) -> list[str]:
    """The paths the parsed arguments name as inputs, in order."""
    return [p for spec, p in declared_paths(args) if spec.role == "input"]


def _error(key: str, *, file: str | None = None, field: str | None = None, **fields: object) -> ConfigError:
    return ConfigError(i18n.text(key, "zh", **fields), i18n.text(key, "en", **fields), file=file, field=field)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _same(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)  # hard links, bind mounts
    except OSError:
        return False


def check_paths(args: argparse.Namespace) -> None:
    """Refuse outputs that would touch an input or cannot be written; create folders with ``--mkdirs``.

    Runs before the verb does any work, so a refused run leaves every file as it was.
    """
    found = list(declared_paths(args))
    ins = [(spec, Path(p).resolve()) for spec, p in found if spec.role == "input" and Path(p).exists()]
    outs = [(spec, Path(p), Path(p).resolve()) for spec, p in found if spec.role == "output"]
    seen: dict[Path, str] = {}
    for spec, raw, out in outs:
        flag = spec.flag
        for _, src in ins:
            if spec.kind != "dir" and _same(out, src):
                raise _error("cli.same_as_input", file=str(raw), field=flag, flag=flag, input=src)
            if src.is_dir() and _inside(out, src):
                raise _error("cli.inside_input", file=str(raw), field=flag, flag=flag, input=src)
            if spec.kind != "file" and _holds(out, src, spec.writes):
                raise _error("cli.holds_input", file=str(raw), field=flag, flag=flag, input=src)
        if out in seen:
            raise _error("cli.same_output", file=str(raw), field=flag, flag=flag, other=seen[out])
        seen[out] = flag
        _check_writable(spec, raw, out, mkdirs=bool(getattr(args, "mkdirs", False)))


def _holds(folder: Path, src: Path, writes: tuple[str, ...] | None) -> bool:
    if writes is None:
        return _inside(src, folder) or _inside(folder, src)
    return src.parent == folder and any(fnmatch.fnmatch(src.name, w) for w in writes)


def _check_writable(spec: PathArg, raw: Path, out: Path, *, mkdirs: bool) -> None:
    flag = spec.flag
    if out.is_dir() and spec.kind == "file":
        raise _error("cli.is_dir", file=str(raw), field=flag, flag=flag, path=raw)
    if out.is_file() and spec.kind == "dir":
        raise _error("cli.not_dir", file=str(raw), field=flag, flag=flag, path=raw)
    parent = out.parent
    if not parent.exists():
        if not mkdirs:
            raise _error("cli.no_parent", file=str(raw), field=flag, flag=flag, path=raw.parent)
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _error("cli.cannot_mkdir", file=str(parent), path=parent, detail=os_reason(exc, "en")) from None
    elif not parent.is_dir():
        raise _error("cli.parent_not_dir", file=str(raw), field=flag, flag=flag, path=raw.parent)
    target = out if out.exists() else parent
    if not os.access(target, os.W_OK):
        raise _error("cli.not_writable", file=str(raw), field=flag, flag=flag, path=raw)


_ERRNO = {
    "ENOENT": ("文件或文件夹不存在", "no such file or folder"),
    "EACCES": ("没有权限", "permission denied"),
    "EPERM": ("不允许的操作", "operation not permitted"),
    "EISDIR": ("这是一个文件夹", "it is a folder"),
    "ENOTDIR": ("路径中有一段不是文件夹", "a part of the path is not a folder"),
    "ENOSPC": ("磁盘空间不足", "no space left on the device"),
    "EROFS": ("只读文件系统", "read-only file system"),
    "EEXIST": ("已经存在", "already exists"),
    "ENAMETOOLONG": ("文件名太长", "file name too long"),
    "ELOOP": ("符号链接层数过多", "too many levels of symbolic links"),
    "EMFILE": ("打开的文件过多", "too many open files"),
    "EIO": ("输入输出错误", "input/output error"),
}


def os_reason(exc: OSError, lang: str) -> str:
    """A short bilingual reason for an OS error (by errno), never its raw English text alone.

    >>> os_reason(FileNotFoundError(2, "No such file or directory"), "zh")
    '文件或文件夹不存在'
    """
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    zh, en = _ERRNO.get(name, (exc.strerror or type(exc).__name__,) * 2)
    return zh if lang == "zh" else en


def action_options(lang: str) -> argparse.ArgumentParser:
    """The options every sub-action takes: ``--lang`` and ``--mkdirs`` (also accepted after the
    action) and ``--json``."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--lang", choices=i18n.LANGS, default=argparse.SUPPRESS, help=i18n.text("cli.lang", lang))
    parent.add_argument("--mkdirs", action="store_true", default=argparse.SUPPRESS, help=i18n.text("cli.mkdirs", lang))
    parent.add_argument("--json", action="store_true", help=i18n.text("cli.json", lang))
    return parent


def load_config(loader: Callable[..., Any], path: Any, *args: Any, **kwargs: Any) -> Any:
    """``loader(path, …)`` for a rule, schema, catalogue or policy file; a value error the loader
    lets through (YAML's own date or number parsing) becomes a :class:`ConfigError` naming the file.

    >>> load_config(int, "x")
    Traceback (most recent call last):
    zjgov.errors.ConfigError: x: 无法载入此配置文件（ValueError）...
    """
    try:
        return loader(path, *args, **kwargs)
    except ConfigError:
        raise
    except (ValueError, TypeError, OverflowError) as exc:
        if isinstance(exc, ZjgovError):
            raise
        raise _error("cli.bad_config", file=str(path), detail=type(exc).__name__) from None


def plural(n: int, word: str) -> str:
    """``n`` and an English noun that agrees with it (Chinese needs no plural).

    >>> plural(1, "problem"), plural(3, "row"), plural(1200, "byte")
    ('1 problem', '3 rows', '1,200 bytes')
    """
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def reference(value: str) -> str | None:
    """The file of a ``NAME=FILE`` argument (for :func:`add_input`'s ``split``).

    >>> reference("orgs=data/orgs.csv"), reference("broken")
    ('data/orgs.csv', None)
    """
    name, sep, path = value.partition("=")
    return path if sep and name else None
