"""Dataset packages: round trips, tampering of every kind, zip-slip, GBK input, SM3 vectors."""

import hashlib
import io as _io
import json
import os
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjgov.errors import ConfigError, KeyMaterialError
from zjgov.exchange import package
from zjgov.exchange.package import DigestUnavailableError, PackageError, pack, read, verify

# GB/T 32905-2016 annex A examples (STANDARDS item 15)
SM3_VECTORS = {
    b"abc": "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
    b"abcd" * 16: "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
}


def people() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "姓名": ["张三", "李四", "王五", None],
            "公民身份号码": ["11010519491231002X", "440524188001010014", "33010619900101123X", "330102200002290023"],
            "住址": ['浙江省杭州市"西湖区"', "多行\n地址,含逗号", "", "NA"],
        },
        dtype="str",
    )


def orgs() -> pd.DataFrame:
    return pd.DataFrame(
        {"统一社会信用代码": ["91330100716105852F", "91110000600037341L"], "机构名称": ["某甲公司", "某乙公司"]},
        dtype="str",
    )


def reasons(result) -> set[str]:
    return set(result.counts)


@pytest.mark.parametrize(("data", "expected"), SM3_VECTORS.items())
def test_sm3_vectors_on_every_backend(data, expected):
    for backend in ("hashlib", "cryptography"):
        try:
            h = package._digest._SM3(backend)
        except ValueError:  # this hashlib has no SM3: cryptography must then be used
            continue
        h.update(data)
        assert h.hexdigest() == expected
    assert package.digest_stream(_io.BytesIO(data)).sm3 == expected


def test_streaming_digest_matches_whole_digests():
    data = os.urandom(300_001)
    d = package.digest_stream(_io.BytesIO(data), chunk=4096)
    sm3 = package.new_sm3()
    sm3.update(data)
    assert (d.bytes, d.sha256, d.sm3) == (len(data), hashlib.sha256(data).hexdigest(), sm3.hexdigest())


def test_csv_round_trip_keeps_text_exactly(tmp_path):
    packed = pack({"people": people(), "orgs": orgs()}, tmp_path / "p", producer="某市大数据局")
    result = verify(tmp_path / "p")
    assert result.ok, result.problems
    assert result.files == 2 and result.rows == 6 and result.digest == packed.digest
    tables = read(tmp_path / "p")
    pd.testing.assert_frame_equal(tables["people"], people())
    pd.testing.assert_frame_equal(tables["orgs"], orgs())
    manifest = json.loads((tmp_path / "p" / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["files"][0]
    raw = (tmp_path / "p" / entry["path"]).read_bytes()
    assert entry["rows"] == 4 and entry["bytes"] == len(raw) and entry["encoding"] == "utf-8"
    assert entry["sha256"] == hashlib.sha256(raw).hexdigest()
    assert manifest["producer"] == "某市大数据局" and manifest["kind"] == "zjgov-package"
    assert manifest["created"].endswith("Z") and manifest["zjgov_version"]
    raw.decode("utf-8")  # the data file is UTF-8


def test_parquet_round_trip_preserves_dtypes(tmp_path):
    frame = pd.DataFrame(
        {
            "i": np.arange(5, dtype="int64"),
            "f": [0.5, 1.5, np.nan, 3.25, -1.0],
            "b": [True, False, True, True, False],
            "d": pd.to_datetime(["2024-01-02", "2023-12-31", None, "2000-02-29", "1990-01-01"]),
            "n": pd.array([1, None, 3, 4, 5], dtype="Int64"),
            "s": pd.Series(["甲", None, "丙", "", "戊"], dtype="str"),
        }
    )
    pack({"t": frame}, tmp_path / "p", format="parquet")
    assert verify(tmp_path / "p").ok
    back = read(tmp_path / "p")["t"]
    pd.testing.assert_frame_equal(back, frame)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_zip_round_trip(tmp_path, fmt):
    dest = tmp_path / "p.zip"
    pack({"people": people()}, dest, format=fmt, zip=True)
    assert zipfile.is_zipfile(dest)
    assert sorted(zipfile.ZipFile(dest).namelist()) == [
        "data/people." + ("csv" if fmt == "csv" else "parquet"),
        "manifest.json",
    ]
    assert verify(dest).ok
    pd.testing.assert_frame_equal(read(dest)["people"], people())


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.text(max_size=12)), st.one_of(st.none(), st.text(max_size=12))),
        min_size=0,
        max_size=20,
    )
)
def test_any_text_round_trips(tmp_path_factory, rows):
    frame = (
        pd.DataFrame(rows, columns=["a", "b"], dtype="str") if rows else pd.DataFrame({"a": [], "b": []}, dtype="str")
    )
    dest = tmp_path_factory.mktemp("h") / "p"
    pack({"t": frame}, dest)
    pd.testing.assert_frame_equal(read(dest)["t"], frame)


def test_batches_are_written_in_bounded_memory(tmp_path):
    batches = (pd.DataFrame({"k": [str(i) for i in range(j, j + 100)]}, dtype="str") for j in range(0, 1000, 100))
    packed = pack({"big": batches}, tmp_path / "p", format="parquet")
    assert packed.manifest["files"][0]["rows"] == 1000
    assert read(tmp_path / "p")["big"]["k"].tolist() == [str(i) for i in range(1000)]


def test_gbk_input_files_become_utf8(tmp_path):
    src = tmp_path / "人口.csv"
    src.write_bytes("姓名,民族\n张三,汉族\n李四,回族\n".encode("gbk"))
    pack([src], tmp_path / "p")
    data = (tmp_path / "p" / "data" / "人口.csv").read_bytes().decode("utf-8")
    assert "汉族" in data
    assert read(tmp_path / "p")["人口"]["民族"].tolist() == ["汉族", "回族"]


def test_undecodable_input_is_a_clear_error(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_bytes(b"a\n\xff\xfe\xfa\n")
    with pytest.raises(ConfigError):
        pack([src], tmp_path / "p")
    assert not (tmp_path / "p").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.csv"]  # no temporary folder left behind


# -- tampering --------------------------------------------------------------------------------------
@pytest.fixture
def pkg(tmp_path):
    pack({"people": people(), "orgs": orgs()}, tmp_path / "p")
    return tmp_path / "p"


def flip(path, offset):
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 0x01
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_any_flipped_data_byte_is_found(pkg, where):
    target = pkg / "data" / "people.csv"
    size = target.stat().st_size
    flip(target, {"first": 0, "middle": size // 2, "last": size - 1}[where])
    result = verify(pkg)
    assert not result.ok
    assert {"sha256", "sm3"} <= reasons(result)
    assert all(p.file == "data/people.csv" for p in result.problems)
    with pytest.raises(PackageError):
        read(pkg)


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_every_byte_position_matters(tmp_path_factory, data):
    dest = tmp_path_factory.mktemp("t") / "p"
    pack({"orgs": orgs()}, dest)
    target = dest / "data" / "orgs.csv"
    flip(target, data.draw(st.integers(0, target.stat().st_size - 1)))
    assert not verify(dest).ok


def test_flipped_manifest_byte_is_found(pkg):
    manifest = pkg / "manifest.json"
    text = manifest.read_text(encoding="utf-8")
    # change one character of the producer-independent field "rows": 4 -> 5
    manifest.write_text(text.replace('"rows": 4', '"rows": 5', 1), encoding="utf-8")
    result = verify(pkg)
    assert {"manifest_digest", "rows"} <= reasons(result)


def test_every_manifest_byte_matters(pkg):
    manifest = pkg / "manifest.json"
    original = manifest.read_bytes()
    for offset in range(0, len(original), max(1, len(original) // 40)):
        raw = bytearray(original)
        raw[offset] ^= 0x01
        manifest.write_bytes(bytes(raw))
        if raw.strip() == original.strip() or json.loads(original) == _loads(bytes(raw)):
            continue  # whitespace flipped into whitespace: same manifest
        assert not verify(pkg).ok, offset


def _loads(raw):
    try:
        return json.loads(raw)
    except ValueError:
        return None


def test_consistent_forgery_is_caught_by_the_expected_digest(pkg):
    honest = verify(pkg).digest
    manifest = json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))
    manifest["producer"] = "someone else"
    manifest["digest"] = package.manifest_digest(manifest)
    (pkg / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert verify(pkg).ok  # self-consistent …
    result = verify(pkg, expected_digest=honest["sm3"])
    assert reasons(result) == {"package_digest"}  # … but not the package that was sent
    assert verify(pkg, expected_digest=verify(pkg).digest["sha256"]).ok


def test_missing_file(pkg):
    (pkg / "data" / "orgs.csv").unlink()
    result = verify(pkg)
    assert reasons(result) == {"missing_file"}
    assert result.problems[0].file == "data/orgs.csv"


def test_extra_file(pkg):
    (pkg / "data" / "notes.txt").write_text("x", encoding="utf-8")
    result = verify(pkg)
    assert reasons(result) == {"extra_file"} and result.problems[0].file == "data/notes.txt"


def test_missing_manifest(pkg):
    (pkg / "manifest.json").unlink()
    result = verify(pkg)
    assert reasons(result) == {"manifest_missing"}


def test_wrong_row_count_with_recomputed_digests(pkg):
    target = pkg / "data" / "orgs.csv"
    target.write_bytes(target.read_bytes() + '"91440300708461136T","某丙公司"\n'.encode())
    manifest = json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))
    d = package.digest_file(target)
    for entry in manifest["files"]:
        if entry["path"] == "data/orgs.csv":
            entry.update(bytes=d.bytes, sha256=d.sha256, sm3=d.sm3)
    manifest["digest"] = package.manifest_digest(manifest)
    (pkg / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    result = verify(pkg)
    assert reasons(result) == {"rows"}
    assert "3" in result.problems[0].message("en") and "2" in result.problems[0].message("en")


def test_tampered_zip_member(tmp_path):
    dest = tmp_path / "p.zip"
    pack({"people": people()}, dest, zip=True)
    raw = dest.read_bytes()
    at = raw.index("张三".encode())
    flip(dest, at)
    result = verify(dest)
    assert not result.ok
    assert reasons(result) & {"unreadable", "sha256"}


def _zip_with(tmp_path, members: dict[str, bytes], listed: list[str]):
    dest = tmp_path / "evil.zip"
    entries = []
    for name in listed:
        d = package.digest_stream(_io.BytesIO(members.get(name, b"")))
        entries.append(
            {"path": name, "table": "t", "format": "csv", "encoding": "utf-8", "rows": 1, "bytes": d.bytes}
            | {"sha256": d.sha256, "sm3": d.sm3, "columns": ["a"], "schema": None}
        )
    manifest = {
        "kind": "zjgov-package",
        "version": 1,
        "created": "2026-01-01T00:00:00Z",
        "producer": None,
        "zjgov_version": "0",
        "catalog": None,
        "schemas": {},
        "files": entries,
    }
    manifest["digest"] = package.manifest_digest(manifest)
    with zipfile.ZipFile(dest, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            zf.writestr(name, data)
    return dest


@pytest.mark.parametrize(
    "name", ["../evil.csv", "/etc/evil.csv", "data/../../evil.csv", "data\\evil.csv", "C:evil.csv"]
)
def test_zip_slip_and_absolute_paths_are_rejected(tmp_path, name):
    dest = _zip_with(tmp_path, {name: b'"a"\n"1"\n'}, [name])
    result = verify(dest)
    assert "unsafe_path" in reasons(result)
    with pytest.raises(PackageError):
        read(dest)
    assert not (tmp_path.parent / "evil.csv").exists()


def test_unlisted_unsafe_member_is_reported(tmp_path):
    dest = _zip_with(tmp_path, {"data/t.csv": b'"a"\n"1"\n', "../x": b"x"}, ["data/t.csv"])
    assert reasons(verify(dest)) == {"unsafe_path"}


def test_symlink_in_folder_is_not_followed(pkg, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_bytes((pkg / "data" / "orgs.csv").read_bytes())
    (pkg / "data" / "orgs.csv").unlink()
    (pkg / "data" / "orgs.csv").symlink_to(outside)
    assert not verify(pkg).ok


def test_not_a_package(tmp_path):
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError):
        verify(tmp_path / "x.txt")
    with pytest.raises(ConfigError):
        verify(tmp_path / "nothing")


def test_invalid_json_manifest_names_the_line(pkg):
    (pkg / "manifest.json").write_text('{\n  "kind": \n', encoding="utf-8")
    result = verify(pkg)
    assert reasons(result) == {"manifest_invalid"}
    assert "line 3" in result.problems[0].message("en")


# -- usage errors -------------------------------------------------------------------------------------
def test_destination_must_be_new_or_empty(pkg):
    with pytest.raises(ConfigError):
        pack({"orgs": orgs()}, pkg)
    pack({"orgs": orgs()}, pkg, overwrite=True)
    assert [f["table"] for f in json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))["files"]] == ["orgs"]


@pytest.mark.parametrize("name", ["../x", "a/b", "", ".hidden", "a..b"])
def test_bad_table_names(tmp_path, name):
    with pytest.raises(ConfigError):
        pack({name: orgs()}, tmp_path / "p")


def test_bad_format_and_columns(tmp_path):
    with pytest.raises(ConfigError):
        pack({"t": orgs()}, tmp_path / "p", format="xlsx")
    dup = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with pytest.raises(ConfigError):
        pack({"t": dup}, tmp_path / "p")
    with pytest.raises(ConfigError):
        pack({}, tmp_path / "p")


def test_missing_sm3_is_a_clear_bilingual_error(tmp_path, monkeypatch):
    monkeypatch.setattr(package._digest, "sm3_backend", lambda: None)
    with pytest.raises(DigestUnavailableError) as info:
        pack({"orgs": orgs()}, tmp_path / "p")
    assert not isinstance(info.value, KeyMaterialError)
    assert "SM3" in info.value.message("zh") and "OpenSSL" in info.value.message("en")
    assert not (tmp_path / "p").exists()


# -- schemas ----------------------------------------------------------------------------------------
def people_schema():
    from zjgov.exchange.schema import Schema

    return Schema.from_dict(
        {
            "name": "人口基础信息",
            "elements": [
                {"中文名称": "姓名", "数据格式": "c..50"},
                {"中文名称": "公民身份号码", "值域": "code:citizen_id", "必填": "是"},
                {"中文名称": "住址"},
            ],
            "primary_key": ["公民身份号码"],
        }
    )


def test_schema_travels_in_the_manifest_and_is_checked(tmp_path):
    schema = people_schema()
    packed = pack({"people": people()}, tmp_path / "p", schema=schema)
    assert packed.manifest["schemas"]["人口基础信息"] == schema.to_dict()
    assert packed.manifest["files"][0]["schema"] == "人口基础信息"
    assert verify(tmp_path / "p").ok


def test_data_violating_the_schema_is_not_packed(tmp_path):
    bad = people()
    bad.loc[2, "公民身份号码"] = "110105194912310021"
    with pytest.raises(PackageError) as info:
        pack({"people": bad}, tmp_path / "p", schema=people_schema())
    problem = info.value.problems[0]
    assert (problem.reason, problem.row, problem.column) == ("schema:checksum", 3, "公民身份号码")
    assert "110105194912310021" not in str(info.value)
    assert not (tmp_path / "p").exists()


def test_consistently_forged_data_still_fails_the_schema(tmp_path):
    pack({"people": people()}, tmp_path / "p", schema=people_schema())
    target = tmp_path / "p" / "data" / "people.csv"
    target.write_text(
        target.read_text(encoding="utf-8").replace("440524188001010014", "440524188001010015"), encoding="utf-8"
    )
    manifest = json.loads((tmp_path / "p" / "manifest.json").read_text(encoding="utf-8"))
    d = package.digest_file(target)
    manifest["files"][0].update(bytes=d.bytes, sha256=d.sha256, sm3=d.sm3)
    manifest["digest"] = package.manifest_digest(manifest)
    (tmp_path / "p" / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    result = verify(tmp_path / "p")
    assert [(p.reason, p.row, p.column) for p in result.problems] == [("schema:checksum", 2, "公民身份号码")]
    assert verify(tmp_path / "p", check_schema=False).ok


def test_schema_per_table_and_parquet(tmp_path):
    from zjgov.exchange.schema import Schema

    org_schema = Schema.from_dict(
        {"name": "法人", "elements": [{"中文名称": "统一社会信用代码", "值域": "code:uscc"}, {"中文名称": "机构名称"}]}
    )
    pack(
        {"people": people(), "orgs": orgs()},
        tmp_path / "p",
        schema={"people": people_schema(), "orgs": org_schema},
        format="parquet",
    )
    result = verify(tmp_path / "p")
    assert result.ok and set(result.manifest["schemas"]) == {"人口基础信息", "法人"}


def test_broken_schema_in_manifest_is_reported(pkg):
    manifest = json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))
    manifest["schemas"] = {"x": {"elements": "not a list"}}
    manifest["files"][0]["schema"] = "x"
    manifest["files"][1]["schema"] = "y"
    manifest["digest"] = package.manifest_digest(manifest)
    (pkg / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert {"manifest_invalid", "schema_unknown"} <= reasons(verify(pkg))


def test_catalogue_record_travels_in_the_manifest(tmp_path):
    record = {
        "信息资源名称": "人口基础信息",
        "信息资源代码": "101001/000001",
        "信息资源提供方": "某市公安局",
        "信息资源提供方代码": "11330000002500017C",
        "信息资源摘要": "常住人口",
        "信息项信息": "姓名:字符型;公民身份号码:字符型;住址:字符型",
        "共享类型": "受限共享",
        "共享条件": "政务服务",
        "开放属性": "禁止开放",
        "更新周期": "每日",
        "发布日期": "2024-01-02",
    }
    packed = pack({"people": people()}, tmp_path / "p", catalog=record)
    assert packed.manifest["catalog"]["share_type"] == "受限共享"
    with pytest.raises(ConfigError):
        pack({"people": people()}, tmp_path / "q", catalog=dict(record, 更新周期="偶尔"))


def test_sha256_only_verification_still_catches_tampering(pkg):
    assert verify(pkg, sm3=False).ok and not verify(pkg, sm3=False).sm3_checked
    flip(pkg / "data" / "orgs.csv", 5)
    found = reasons(verify(pkg, sm3=False))
    assert "sha256" in found and "sm3" not in found


def test_two_different_schemas_with_one_name_are_both_kept(tmp_path):
    from zjgov.exchange.schema import Schema

    a = Schema.from_dict(
        {"name": "s", "elements": [{"中文名称": "统一社会信用代码", "值域": "code:uscc"}, {"中文名称": "机构名称"}]}
    )
    b = Schema.from_dict(
        {"name": "s", "elements": [{"中文名称": "姓名"}, {"中文名称": "公民身份号码"}, {"中文名称": "住址"}]}
    )
    packed = pack({"orgs": orgs(), "people": people()}, tmp_path / "p", schema={"orgs": a, "people": b})
    assert set(packed.manifest["schemas"]) == {"s", "s@people"}
    assert [f["schema"] for f in packed.manifest["files"]] == ["s", "s@people"]
    assert verify(tmp_path / "p").ok


def test_the_example_package_verifies():
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "examples" / "package"
    result = verify(example)
    assert result.ok and result.rows == 20
    assert result.manifest["catalog"]["name"] == "法人基础信息"
    assert read(example)["legal_persons"].shape == (20, 5)


def test_duplicate_keys_across_batches_are_found(tmp_path, monkeypatch):
    monkeypatch.setattr(package._verify, "CSV_BLOCK", 4096)  # many small batches
    first = people().iloc[:2]
    second = people().iloc[[2, 0]].reset_index(drop=True)  # repeats the first person's ID
    with pytest.raises(PackageError) as info:
        pack({"people": iter([first, second])}, tmp_path / "p", schema=people_schema())
    assert [(p.reason, p.row) for p in info.value.problems] == [("schema:duplicate_key", 4)]
    # a forged file with the same repetition is caught by verify, batch boundaries or not
    pack({"people": iter([first, second.iloc[:1]])}, tmp_path / "q", schema=people_schema())
    target = tmp_path / "q" / "data" / "people.csv"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    extra = "".join(lines[i] for i in range(1, len(lines)) if "11010519491231002X" in lines[i])
    target.write_text("".join(lines) + extra * 1_000, encoding="utf-8")
    manifest = json.loads((tmp_path / "q" / "manifest.json").read_text(encoding="utf-8"))
    d = package.digest_file(target)
    manifest["files"][0].update(bytes=d.bytes, sha256=d.sha256, sm3=d.sm3, rows=3 + 1_000)
    manifest["digest"] = package.manifest_digest(manifest)
    (tmp_path / "q" / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    result = verify(tmp_path / "q")
    assert result.counts == {"schema:duplicate_key": 1_000}


def test_read_with_coercion_types_the_csv_columns():
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "examples" / "package"
    text = read(example)["legal_persons"]
    typed = read(example, coerce=True)["legal_persons"]
    assert text["成立日期"].dtype == "str"
    assert pd.api.types.is_datetime64_any_dtype(typed["成立日期"])
    assert typed["成立日期"].iloc[0] == pd.Timestamp("2010-01-01")
    assert typed["统一社会信用代码"].tolist() == text["统一社会信用代码"].tolist()


def test_coercion_failure_is_never_silent():
    from zjgov.exchange.schema import Schema

    schema = Schema.from_dict(
        {"name": "t", "elements": [{"中文名称": "d", "数据类型": "date", "数据格式": "YYYY-MM-DD"}]}
    )
    with pytest.raises(PackageError) as info:
        package._verify._coerced(schema, pd.DataFrame({"d": ["2024-01-01", "x"]}, dtype="str"), "data/t.csv")
    assert [(p.reason, p.row, p.column) for p in info.value.problems] == [("coerce", 2, "d")]


def test_zip_bomb_is_not_inflated(tmp_path):
    dest = _zip_with(tmp_path, {"data/t.csv": b'"a"\n"1"\n'}, ["data/t.csv"])
    with zipfile.ZipFile(dest, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/bomb.csv", b"0" * (64 << 20))
    manifest = json.loads(zipfile.ZipFile(dest).read("manifest.json"))
    manifest["files"].append(dict(manifest["files"][0], path="data/bomb.csv", table="bomb", bytes=10))
    manifest["digest"] = package.manifest_digest(manifest)
    rebuilt = tmp_path / "bomb.zip"
    with zipfile.ZipFile(dest) as src, zipfile.ZipFile(rebuilt, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name in ("data/t.csv", "data/bomb.csv"):
            zf.writestr(name, src.read(name))
    assert rebuilt.stat().st_size < 1 << 20
    result = verify(rebuilt)
    assert result.counts == {"size": 1} and result.problems[0].file == "data/bomb.csv"
    assert result.bytes < 1000  # the 64 MiB member was never read


# -- hostile manifests (issue 17 item 1) -------------------------------------------------------------
def _forge(pkg, edit):
    """Apply ``edit`` to the manifest of folder package ``pkg`` and recompute its own digest."""
    manifest = json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))
    edit(manifest)
    manifest["digest"] = package.manifest_digest(manifest)
    (pkg / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    "table",
    ["../" * 30 + "tmp/evil", "/tmp/evil", "C:evil", "a/b", "a\\b", "x\x00y", "CON", "nul", "lpt1.txt", "x.", ".."],
)
def test_unsafe_table_names_in_a_manifest_are_refused(pkg, table):
    _forge(pkg, lambda m: m["files"][0].update(table=table))
    result = verify(pkg)
    assert "unsafe_table" in reasons(result)
    with pytest.raises(PackageError):
        read(pkg)


def test_duplicate_tables_in_a_manifest_are_refused(pkg):
    _forge(pkg, lambda m: m["files"][1].update(table=m["files"][0]["table"]))
    result = verify(pkg)
    assert reasons(result) == {"duplicate_table"}
    with pytest.raises(PackageError):
        read(pkg)


def test_tables_differing_only_in_case_are_duplicates(pkg):
    _forge(pkg, lambda m: (m["files"][0].update(table="People"), m["files"][1].update(table="people")))
    assert reasons(verify(pkg)) == {"duplicate_table"}


def test_deeply_nested_manifest_is_a_problem_not_a_traceback(pkg):
    (pkg / "manifest.json").write_text('{"producer": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert reasons(verify(pkg)) == {"manifest_invalid"}


def test_safe_table_names():
    assert package.safe_table("人口_2024.v1") and not package.safe_table("com3") and not package.safe_table(5)


# -- bombs, symlinks and the words of verify (issue 17 item 6, issue 16 item 6) -------------------------
def _zip_members(tmp_path, entries: list[tuple[str, bytes, str]], *, compression=zipfile.ZIP_DEFLATED, links=()):
    """A zip package of ``(path, bytes, format)`` members listed honestly in its manifest."""
    files = []
    for i, (name, data, fmt) in enumerate(entries):
        d = package.digest_stream(_io.BytesIO(data))
        columns = pq_columns(data) if fmt == "parquet" else ["a"]
        files.append(
            {"path": name, "table": f"t{i}", "format": fmt, "encoding": "utf-8" if fmt == "csv" else None}
            | {"rows": 0, "bytes": d.bytes, "sha256": d.sha256, "sm3": d.sm3, "columns": columns, "schema": None}
        )
    manifest = {
        "kind": "zjgov-package",
        "version": 1,
        "created": "2026-01-01T00:00:00Z",
        "zjgov_version": "0",
        "files": files,
    }
    manifest["digest"] = package.manifest_digest(manifest)
    dest = tmp_path / "p.zip"
    with zipfile.ZipFile(dest, "w", compression=compression) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, data, _ in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = compression
            if name in links:
                info.external_attr = 0o120777 << 16  # S_IFLNK
            zf.writestr(info, data)
    return dest


def pq_columns(data: bytes) -> list[str]:
    import pyarrow.parquet as pq

    return pq.ParquetFile(_io.BytesIO(data)).schema_arrow.names


def test_parquet_zip_bomb_is_refused_unread(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = _io.BytesIO()
    pq.write_table(pa.table({"a": pa.array(["0" * 1000] * 100_000)}), buf, compression="none", use_dictionary=False)
    data = buf.getvalue()  # ~100 MB of zeros: a few hundred KB deflated
    dest = _zip_members(tmp_path, [("data/t.parquet", data, "parquet")])
    assert dest.stat().st_size < 2 << 20
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = verify(dest)
    assert "unsafe" in reasons(result) and "zip bomb" in result.problems[0].message("en")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB: never inflated
    with pytest.raises(PackageError):
        read(dest)


def test_parquet_member_of_a_zip_is_streamed_from_disk(tmp_path):
    frame = pd.DataFrame({"n": range(1000), "s": [f"v{i}" for i in range(1000)]})
    pack({"t": frame}, tmp_path / "p.zip", zip=True, format="parquet")
    result = verify(tmp_path / "p.zip")
    assert result.ok and result.rows == 1000
    assert read(tmp_path / "p.zip")["t"]["s"].tolist() == frame["s"].tolist()


def test_symlink_zip_entry_is_unsafe(tmp_path):
    dest = _zip_members(
        tmp_path, [("data/t.csv", b"/etc/passwd", "csv")], compression=zipfile.ZIP_STORED, links=("data/t.csv",)
    )
    result = verify(dest)
    assert "unsafe_path" in reasons(result)
    assert "symbolic link" in result.problems[0].message("en")


def test_verify_messages_say_expected_and_found(pkg):
    target = pkg / "data" / "orgs.csv"
    target.write_bytes(target.read_bytes() + b"x")
    (message,) = [p.message("en") for p in verify(pkg).problems]
    size = target.stat().st_size
    assert f"{size} bytes, the manifest says {size - 1}" in message


def test_reencoded_csv_member_names_the_line(pkg):
    target = pkg / "data" / "people.csv"
    text = target.read_text(encoding="utf-8")
    target.write_bytes(text.encode("gb18030"))
    d = package.digest_file(target)
    manifest = json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["path"] == "data/people.csv":
            entry.update(bytes=d.bytes, sha256=d.sha256, sm3=d.sm3)
    manifest["digest"] = package.manifest_digest(manifest)
    (pkg / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    problems = [p for p in verify(pkg).problems if p.reason == "unreadable"]
    assert problems and "near line 1" in problems[0].message("en") and "Arrow" not in problems[0].message("en")
