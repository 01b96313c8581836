"""``zjgov package`` and ``zjgov catalog`` run as a user would: exit codes 0/1/2, --json, --lang."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from zjgov.cli.main import main


def zjgov(*args, cwd=None):
    proc = subprocess.run(
        [sys.executable, "-m", "zjgov.cli.main", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def cli(capsys):
    """Run ``main`` in-process (faster than a subprocess) and capture its output."""

    def call(*args):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def gbk_csv(tmp_path):
    path = tmp_path / "legal.csv"
    path.write_bytes(
        "统一社会信用代码,机构名称\n91330100716105852F,某甲公司\n91110000600037341L,某乙公司\n".encode("gbk")
    )
    return path


def test_create_verify_read_as_a_user(tmp_path, gbk_csv):
    pkg = tmp_path / "pkg"
    code, out, err = zjgov("package", "create", gbk_csv, "--out", pkg, "--producer", "某市市场监管局")
    assert code == 0, err
    assert "SM3=" in out and "SHA-256=" in out
    code, out, _ = zjgov("package", "verify", pkg, "--lang", "en")
    assert code == 0 and out.startswith("verified: 1 file, 2 rows")
    code, out, _ = zjgov("package", "read", pkg, "--out", tmp_path / "out", "--json")
    assert code == 0
    tables = json.loads(out)["tables"]
    assert tables[0]["rows"] == 2
    back = pd.read_csv(tmp_path / "out" / "legal.csv", dtype=str)
    assert back["机构名称"].tolist() == ["某甲公司", "某乙公司"]


def test_tampered_package_exits_1_with_reasons(tmp_path, gbk_csv):
    pkg = tmp_path / "pkg"
    assert main(["package", "create", str(gbk_csv), "--out", str(pkg), "--zip"]) == 0
    raw = bytearray(pkg.read_bytes())
    raw[raw.index("某乙".encode())] ^= 1
    pkg.write_bytes(bytes(raw))
    code, out, _ = zjgov("package", "verify", pkg, "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False and report["problems"]
    code, out, _ = zjgov("package", "read", pkg, "--out", tmp_path / "out")
    assert code == 1 and not (tmp_path / "out").exists()
    code, out, _ = zjgov("package", "verify", pkg)
    assert code == 1 and "校验未通过" in out
    assert zjgov("package", "verify", pkg, "--sha256-only")[0] == 1


def test_expected_digest(tmp_path, gbk_csv, cli):
    zjgov = cli
    pkg = tmp_path / "pkg"
    _, out, _ = zjgov("package", "create", gbk_csv, "--out", pkg, "--json")
    digest = json.loads(out)["digest"]
    assert zjgov("package", "verify", pkg, "--expected-digest", digest["sm3"])[0] == 0
    assert zjgov("package", "verify", pkg, "--expected-digest", "0" * 64)[0] == 1


def test_parquet_format(tmp_path, gbk_csv):
    pkg = tmp_path / "pkg"
    assert main(["package", "create", str(gbk_csv), "--out", str(pkg), "--format", "parquet"]) == 0
    assert (pkg / "data" / "legal.parquet").is_file()
    assert main(["package", "read", str(pkg), "--out", str(tmp_path / "o")]) == 0
    assert pd.read_parquet(tmp_path / "o" / "legal.parquet")["机构名称"].tolist() == ["某甲公司", "某乙公司"]


def test_usage_errors_exit_2(tmp_path, gbk_csv, cli):
    zjgov = cli
    code, _, err = zjgov("package", "verify", tmp_path / "missing", "--lang", "en")
    assert code == 2 and "package not found" in err
    code, _, err = zjgov("package", "create", tmp_path / "missing.csv", "--out", tmp_path / "p")
    assert code == 2 and err
    assert zjgov("package", "create", gbk_csv)[0] == 2  # --out is required
    assert zjgov("package", "frobnicate")[0] == 2
    pkg = tmp_path / "p"
    assert zjgov("package", "create", gbk_csv, "--out", pkg)[0] == 0
    code, _, err = zjgov("package", "create", gbk_csv, "--out", pkg, "--lang", "en")
    assert code == 2 and "destination exists" in err


def test_catalog_with_catalog_record_in_package(tmp_path, gbk_csv, cli):
    zjgov = cli
    record = {
        "信息资源名称": "法人基础信息",
        "信息资源代码": "102001/000001",
        "信息资源提供方": "某市市场监管局",
        "信息资源提供方代码": "11330000002500017C",
        "信息资源摘要": "法人登记信息",
        "信息项信息": "统一社会信用代码:字符型;机构名称:字符型",
        "共享类型": "无条件共享",
        "开放属性": "无条件开放",
        "更新周期": "每日",
        "发布日期": "2024-03-01",
    }
    cat = tmp_path / "record.json"
    cat.write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    pkg = tmp_path / "pkg"
    assert main(["package", "create", str(gbk_csv), "--out", str(pkg), "--catalog", str(cat)]) == 0
    manifest = json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["catalog"]["code"] == "102001/000001"
    assert manifest["catalog"]["items"][0] == {"name": "统一社会信用代码", "data_type": "字符型"}
    cat.write_text(json.dumps([dict(record, 共享类型="不予共享")], ensure_ascii=False), encoding="utf-8")
    code, _, err = zjgov("package", "create", gbk_csv, "--out", tmp_path / "p2", "--catalog", cat)
    assert code == 2 and "依据" in err and str(cat) in err and "Traceback" not in err


def test_catalog_validate_cli(tmp_path, cli):
    zjgov = cli
    rows = [
        {
            "信息资源名称": "人口基础信息",
            "信息资源代码": "101001/000001",
            "信息资源提供方": "某市公安局",
            "信息资源提供方代码": "11330000002500017C",
            "信息资源摘要": "常住人口",
            "共享类型": "有条件共享",
            "共享条件": "仅用于政务服务",
            "开放属性": "禁止开放",
            "更新周期": "每日",
            "发布日期": "2024-01-02",
        }
    ]
    path = tmp_path / "catalog.csv"
    pd.DataFrame(rows).to_csv(path, index=False, encoding="utf-8-sig")
    code, out, _ = zjgov("catalog", "validate", path)
    assert code == 0 and "全部通过" in out
    rows.append(dict(rows[0], 信息资源代码="101001/000002", 更新周期="每两天"))
    pd.DataFrame(rows).to_csv(path, index=False, encoding="utf-8-sig")
    code, out, _ = zjgov("catalog", "validate", path, "--lang", "en")
    assert code == 1 and ":3: [update_cycle]" in out and "2 records: 1 with errors" in out
    code, out, _ = zjgov("catalog", "validate", path, "--json")
    assert code == 1 and json.loads(out)["counts"] == {"update_cycle": 1}
    assert zjgov("catalog", "validate", tmp_path / "none.csv")[0] == 2
    assert zjgov("catalog")[0] == 2


def test_catalog_licences_cli(tmp_path, cli):
    zjgov = cli
    rec = {
        "证照标识": "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.V",
        "证照名称": "建筑施工企业安全生产许可证",
        "证照类型代码": "11100000000013338W011",
        "证照颁发机构代码": "11430000006122244L",
        "证照颁发日期": "2023-05-04",
        "证照有效期起始日期": "2023-05-04",
        "证照有效期截止日期": "长期",
        "持证主体": "某建设有限公司",
        "持证主体代码": "91330100716105852F",
        "持证主体代码类型代码": "001",
        "证照所属管辖属地编码": "430000",
    }
    path = tmp_path / "licences.yaml"
    path.write_text(json.dumps([rec], ensure_ascii=False), encoding="utf-8")
    code, out, _ = zjgov("catalog", "licences", path, "--lang", "en")
    assert code == 0 and "(warning)" in out
    assert zjgov("catalog", "licences", path, "--strict-checksum")[0] == 1


def test_create_with_a_schema_file_refuses_bad_data(tmp_path, gbk_csv, cli):
    schema = tmp_path / "legal.yaml"
    schema.write_text(
        "name: 法人\nelements:\n  - {中文名称: 统一社会信用代码, 值域: 'code:uscc', 必填: 是}\n  - {中文名称: 机构名称}\n",
        encoding="utf-8",
    )
    assert cli("package", "create", gbk_csv, "--out", tmp_path / "ok", "--schema", schema)[0] == 0
    assert cli("package", "verify", tmp_path / "ok")[0] == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("统一社会信用代码,机构名称\n91330100716105852X,某甲公司\n", encoding="utf-8")
    code, out, _ = cli("package", "create", bad, "--out", tmp_path / "no", "--schema", schema, "--lang", "en")
    assert code == 1 and "row 1" in out and "91330100716105852X" not in out
    assert not (tmp_path / "no").exists()


def test_read_never_writes_outside_out(tmp_path, gbk_csv):
    """Issue 17 item 1: a forged manifest (digest recomputed) cannot steer ``read`` out of ``--out``."""
    from zjgov.exchange import package

    pkg = tmp_path / "pkg"
    assert main(["package", "create", str(gbk_csv), "--out", str(pkg)]) == 0
    victim = tmp_path / "victim.csv"
    victim.write_text("keep me\n", encoding="utf-8")
    manifest = json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][0]["table"] = "../" * 30 + str(victim.with_suffix(""))[1:]
    manifest["digest"] = package.manifest_digest(manifest)
    (pkg / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    code, out, _ = zjgov("package", "verify", pkg, "--lang", "en")
    assert code == 1 and "unsafe table name" in out
    code, _, _ = zjgov("package", "read", pkg, "--out", tmp_path / "out")
    assert code == 1
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
