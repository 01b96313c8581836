"""The hostile-input probe of issue 17, as a property test of the whole command line.

Hypothesis draws data files (broken bytes, mixed encodings, headerless, ragged, fake Parquet,
deep JSON), rule texts, package manifests and command lines whose outputs may point at the
inputs. Every run must:

* end with an exit code the CLI documents (0, 1 or 2; never 3, an internal error, and never an
  exception escaping ``main``, which a user sees as a traceback);
* leave every input byte-identical;
* write nothing but the outputs it was asked for.

The runs are in-process (``main([...])``) to stay fast; derandomised and bounded, the file
runs in well under a minute.
"""

from __future__ import annotations

import contextlib
import hashlib
import io as _io
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from zjgov.cli.main import main

EXAMPLES = Path(__file__).parent.parent / "examples"
FUZZ = settings(
    max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None
)
ID = "11010519491231002X"


# -- the sandbox ------------------------------------------------------------------------------------
def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def run(root: Path, argv: list[str], inputs: list[Path], outputs: list[Path]) -> int:
    """Run the CLI; check the exit code, the inputs and that only ``outputs`` appeared or changed."""
    before = snapshot(root)
    sink_out, sink_err = _io.StringIO(), _io.StringIO()
    with contextlib.redirect_stdout(sink_out), contextlib.redirect_stderr(sink_err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code
    err = sink_err.getvalue()
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err, err
    after = snapshot(root)
    for path in inputs:
        rel = str(path.relative_to(root))
        if rel in before:
            assert after.get(rel) == before[rel], (argv, "input changed", rel)
    allowed = [o.resolve() for o in outputs]
    for rel, digest in after.items():
        if before.get(rel) == digest:
            continue
        target = (root / rel).resolve()
        assert any(target == o or target.is_relative_to(o) for o in allowed), (argv, "unexpected write", rel)
    return code


@contextlib.contextmanager
def sandbox():
    root = Path(tempfile.mkdtemp(prefix="zjgov-fuzz-"))
    try:
        (root / "out").mkdir()
        shutil.copy(EXAMPLES / "population_schema.yaml", root / "schema.yaml")
        (root / "rules.yaml").write_text(
            "name: t\nrules:\n  - id: id\n    kind: code\n    column: 公民身份号码\n    code: citizen_id\n",
            encoding="utf-8",
        )
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


# -- data files ---------------------------------------------------------------------------------------
cell = st.one_of(
    st.sampled_from([ID, "110105194912310021", "13800138000", "张三", "", "2026-13-01", "1.50", "=1+1", '"', ","]),
    st.text(max_size=12),
)


@st.composite
def data_files(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["csv", "csv_gbk", "mixed", "headerless", "ragged", "bytes", "parquet", "jsonl"]))
    header = ["公民身份号码", "姓名", "联系电话"]
    rows = draw(st.lists(st.lists(cell, min_size=3, max_size=3), max_size=6))
    body = "\n".join(",".join(c.replace(",", " ").replace('"', "'").replace("\n", " ") for c in r) for r in rows)
    text = ",".join(header) + "\n" + body + "\n"
    if kind == "csv":
        return "d.csv", text.encode("utf-8", "surrogatepass")
    if kind == "csv_gbk":
        return "d.csv", text.encode("gb18030", "replace")
    if kind == "mixed":
        return "d.csv", text.encode("gb18030", "replace") + "王五,浙江省杭州市\n".encode()
    if kind == "headerless":
        return "d.csv", f"{ID},13800138000,张三\n{ID},13912345678,李四\n".encode()
    if kind == "ragged":
        return "d.csv", (text + "a,b,c,d,e\n").encode("utf-8", "surrogatepass")
    if kind == "bytes":
        return draw(st.sampled_from(["d.csv", "d.parquet", "d.xlsx", "d.jsonl"])), draw(st.binary(max_size=200))
    if kind == "parquet":
        return "d.parquet", b"PAR1" + draw(st.binary(max_size=100)) + b"PAR1"
    depth = draw(st.sampled_from([1, 50, 5000]))
    return "d.jsonl", ('{"公民身份号码": ' + "[" * depth + "1" + "]" * depth + "}\n").encode()


VERB_OUTPUTS = [
    (["check", "{data}", "--rules", "{root}/rules.yaml"], ["--failures", "--quarantine", "--html", "--json-out"]),
    (["profile", "{data}"], ["--out"]),
    (["classify", "{data}"], ["--csv", "--json-out", "--markdown"]),
    (["schema", "validate", "{data}", "--schema", "{root}/schema.yaml"], ["--violations", "--quarantine"]),
    (["validate", "citizen_id", "--file", "{data}", "--column", "公民身份号码"], ["--failures"]),
    (["package", "create", "{data}", "--out", "{root}/out/pkg"], []),
]


@settings(FUZZ, max_examples=40)
@given(data_files(), st.sampled_from(range(len(VERB_OUTPUTS))), st.sampled_from(["input", "new", "new", "missing_dir"]))
@example(("d.parquet", b"not parquet"), 0, "new")
@example(("d.csv", f"{ID},13800138000\n".encode()), 1, "new")
@example(("d.jsonl", b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}\n"), 1, "input")
def test_hostile_files_never_crash_or_touch_the_inputs(file, verb, target):
    name, content = file
    argv_template, flags = VERB_OUTPUTS[verb]
    with sandbox() as root:
        data = root / name
        data.write_bytes(content)
        argv = [a.format(data=data, root=root) for a in argv_template]
        outputs = [root / "out"]
        for flag in flags[:2]:
            path = {"input": data, "new": root / "out" / f"o{flag[2:]}.csv", "missing_dir": root / "nope" / "o.csv"}
            argv += [flag, str(path[target])]
        run(root, argv, [data, root / "rules.yaml", root / "schema.yaml"], outputs)


# -- rule texts -------------------------------------------------------------------------------------
rule_value = st.one_of(
    st.sampled_from(
        ["0.5", "true", '"0.5"', "2026-13-01", "1e999", "-1", "&a [*a]", "[]", "{}", "!!python/object:os.system x"]
    ),
    st.text(alphabet="abc01 .:-[]{}'\"*&!", max_size=20),
)
expression = st.one_of(
    st.sampled_from(
        ["upper(5) == 'A'", "'x' + 'y' == 'xy'", "ａ > 1", "(" * 300 + "a" + ")" * 300, "__import__('os')", "姓名 in 5"]
    ),
    st.text(alphabet="ab()+-*/<>=!' andornot0123456789,[]", max_size=40),
)


@st.composite
def rule_texts(draw) -> str:
    kind = draw(st.sampled_from(["code", "not_blank", "expression", "range", "date_format", "unique", "nonsense"]))
    lines = ["name: t", "rules:", f"  - id: {draw(st.sampled_from(['a', 'b', '']))}", f"    kind: {kind}"]
    lines.append(f"    column: {draw(st.sampled_from(['公民身份号码', '姓名', 'missing', '']))}")
    if kind == "expression":
        lines.append(f"    expr: {json.dumps(draw(expression), ensure_ascii=False)}")
    for key in draw(st.lists(st.sampled_from(["threshold", "code", "min", "max", "format", "severity"]), max_size=3)):
        lines.append(f"    {key}: {draw(rule_value)}")
    return "\n".join(lines) + "\n"


@FUZZ
@given(rule_texts())
@example("name: t\nrules:\n  - id: e\n    kind: expression\n    expr: \"upper(5) == 'A'\"\n")
@example("a: &a [" + ",".join(["*a"] * 3) + "]\n")
def test_hostile_rule_files_are_clean_errors(text):
    with sandbox() as root:
        shutil.copy(EXAMPLES / "population.csv", root / "d.csv")
        rules = root / "r.yaml"
        rules.write_text(text, encoding="utf-8")
        argv = ["check", str(root / "d.csv"), "--rules", str(rules), "--json-out", str(root / "out" / "r.json")]
        run(root, argv, [root / "d.csv", rules], [root / "out"])


# -- manifests --------------------------------------------------------------------------------------
HOSTILE_TABLES = ["../" * 10 + "evil", "/tmp/evil", "C:evil", "a/b", "a\\b", "x\x00", "CON", "..", "ok"]


@st.composite
def manifest_edits(draw) -> dict:
    return {
        "table": draw(st.sampled_from(HOSTILE_TABLES)),
        "path": draw(st.sampled_from(["data/d.csv", "../d.csv", "data/../../x.csv", "/etc/x", "data\\d.csv"])),
        "rows": draw(st.one_of(st.integers(-1, 5), st.just("x"))),
        "duplicate": draw(st.booleans()),
        "zip": draw(st.booleans()),
    }


@FUZZ
@given(manifest_edits())
@example({"table": "../" * 10 + "evil", "path": "data/d.csv", "rows": 60, "duplicate": False, "zip": False})
@example({"table": "ok", "path": "data/d.csv", "rows": 60, "duplicate": True, "zip": True})
def test_forged_manifests_never_write_outside_out(edit):
    from zjgov.exchange import package

    with sandbox() as root:
        shutil.copy(EXAMPLES / "population.csv", root / "d.csv")
        pkg = root / "pkg"
        package.pack([root / "d.csv"], pkg)
        manifest = json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))
        entry = manifest["files"][0]
        entry.update(table=edit["table"], path=edit["path"], rows=edit["rows"])
        if edit["duplicate"]:
            manifest["files"].append(dict(entry))
        manifest["digest"] = package.manifest_digest(manifest)
        (pkg / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        source = pkg
        if edit["zip"]:
            source = root / "pkg.zip"
            shutil.make_archive(str(root / "pkg"), "zip", pkg)
            shutil.rmtree(pkg)
        inputs = [p for p in root.rglob("*") if p.is_file()]
        run(root, ["package", "verify", str(source)], inputs, [])
        code = run(root, ["package", "read", str(source), "--out", str(root / "out")], inputs, [root / "out"])
        if edit["table"] != "ok" or edit["duplicate"] or edit["path"] != "data/d.csv":
            assert code == 1


# -- command lines ------------------------------------------------------------------------------------
FLAGS = [
    "--json",
    "--json-out",
    "--lang",
    "en",
    "zh",
    "xx",
    "--option",
    "foo=bar",
    "current=maybe",
    "-",
    "--expected-digest",
    "zz",
    "--mkdirs",
    "--reference-time",
    "2026-13-01",
    "--batch-rows",
    "0",
    "--encoding",
    "klingon",
    "--fail-under",
    "101",
    "--sample",
    "-1",
    "--help",
    "{data}",
    "{root}",
]
arguments = st.lists(st.one_of(st.sampled_from(FLAGS), st.text(alphabet="ab-=./", max_size=8)), max_size=6)


@FUZZ
@given(st.sampled_from(["check", "profile", "classify", "validate", "schema", "package", "catalog", "demo"]), arguments)
@example("validate", ["division", "330106", "--option", "current=maybe"])
@example("package", ["verify", "{root}", "--expected-digest", "zz"])
def test_any_command_line_is_a_documented_outcome(verb, args):
    with sandbox() as root:
        shutil.copy(EXAMPLES / "population.csv", root / "d.csv")
        argv = [verb] + [a.format(data=root / "d.csv", root=root) for a in args]
        if verb == "demo":
            argv += ["--out", str(root / "out" / "demo")]
        inputs = [root / "d.csv", root / "rules.yaml", root / "schema.yaml"]
        # an output flag given a name writes there; any file of this sandbox may be named
        outputs = [root / "out"] + [root / a for a in args if a and "/" not in a and not a.startswith("-")]
        run(root, argv, inputs, outputs)
