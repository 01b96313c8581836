"""zjgov.io: formats, encodings (UTF-8, BOM, GBK/GB 18030), exact error positions and streaming."""

import datetime as dt
import json
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

from zjgov import io
from zjgov.errors import ConfigError

ROWS = '编号,姓名,备注\n001,张三,\n002,李四,"逗号,和\n换行"\n003,王五,x\n'


def _check_frame(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == ["编号", "姓名", "备注"]
    assert frame["编号"].tolist() == ["001", "002", "003"]
    assert pd.isna(frame.loc[0, "备注"])
    assert frame.loc[1, "备注"] == "逗号,和\n换行"
    assert all(str(t) == "str" and t.storage == "pyarrow" for t in frame.dtypes)
    assert frame.index.tolist() == [0, 1, 2]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030")],
)
def test_csv_in_every_encoding(tmp_path, encoding, expected):
    path = tmp_path / "t.csv"
    path.write_bytes(ROWS.encode(encoding))
    assert io.detect_encoding(path) == expected
    assert io.detect_encoding(path.read_bytes()) == expected
    _check_frame(io.read_table(path))
    _check_frame(pd.concat(io.iter_batches(path, batch_rows=2)))


def test_gb18030_only_characters(tmp_path):
    path = tmp_path / "t.csv"
    text = "名称\n𠀀字\n㐀\n"  # outside GBK: four-byte GB 18030 sequences
    path.write_bytes(text.encode("gb18030"))
    assert io.detect_encoding(path) == "gb18030"
    assert io.read_table(path)["名称"].tolist() == ["𠀀字", "㐀"]


def test_explicit_encoding_is_checked(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(ROWS.encode("gbk"))
    _check_frame(io.read_table(path, encoding="GBK"))
    with pytest.raises(io.EncodingError) as info:
        io.read_table(path, encoding="utf-8")
    assert (info.value.line, info.value.offset) == (1, 0)
    with pytest.raises(ConfigError):
        io.read_table(path, encoding="latin-1")


def test_bad_byte_in_utf8_names_line_and_offset(tmp_path):
    head = "编号,姓名\n001,张三\n002,李四\n".encode()
    path = tmp_path / "bad.csv"
    path.write_bytes(head + b"003,\xff\xfe\n004,\xe8\xb5\xb5\n")
    with pytest.raises(io.EncodingError) as info:
        io.read_table(path)
    err = info.value
    assert isinstance(err, ConfigError)
    assert (err.line, err.offset, err.encoding) == (4, len(head) + 4, "utf-8")
    assert err.file == str(path)
    assert "第 4 行" in err.message("zh") and "line 4" in err.message("en")
    assert "bad.csv:4" in str(err)
    with pytest.raises(io.EncodingError):
        next(io.iter_batches(path))


def test_bad_byte_in_gbk_names_line(tmp_path):
    good = "编号,姓名\n001,张三\n".encode("gbk")
    path = tmp_path / "bad.csv"
    path.write_bytes(good + b"002,\x81\x20\n")
    with pytest.raises(io.EncodingError) as info:
        io.detect_encoding(path)
    assert (info.value.line, info.value.offset, info.value.encoding) == (3, len(good) + 4, "gb18030")


def test_bad_byte_after_a_bom(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\n1,2\n3,\xc0\n")
    with pytest.raises(io.EncodingError) as info:
        io.read_table(path)
    assert (info.value.line, info.value.offset) == (3, 13)


def test_bad_byte_far_into_a_large_file(tmp_path):
    line = "330106199001011234,张三\n".encode()
    n = 200_000  # several scan chunks
    path = tmp_path / "big.csv"
    path.write_bytes("编号,姓名\n".encode() + line * n + b"x,\xff\n")
    with pytest.raises(io.EncodingError) as info:
        io.detect_encoding(path)
    assert info.value.line == n + 2
    # reading streams it without a pre-scan (its start is Chinese UTF-8); the bad byte is still named
    for encoding in (None, "utf-8"):
        with pytest.raises(io.EncodingError) as info:
            sum(len(b) for b in io.iter_batches(path, batch_rows=50_000, encoding=encoding))
        assert (info.value.line, info.value.encoding) == (n + 2, "utf-8")


def test_large_utf8_csv_is_read_without_a_pre_scan(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes("编号,姓名\n".encode() + "330106199001011234,张三\n".encode() * 200_000)
    scans = []
    monkeypatch.setattr(io, "_verify", lambda *a, **k: scans.append(a))
    monkeypatch.setattr(io, "detect_encoding", lambda *a, **k: scans.append(a))
    assert io.file_info(path)["encoding"] == "utf-8"
    assert sum(len(b) for b in io.iter_batches(path, encoding="utf-8")) == 200_000
    assert scans == []


def test_ragged_rows_name_the_physical_line(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('a,b\n1,2\n"x\ny",3\n\n4\n5,6\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        io.read_table(path)
    assert info.value.line == 6
    assert "1" in info.value.message("en") and "2" in info.value.message("en")
    path.write_text("a,b\n1,2,secret-value\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        list(io.iter_batches(path))
    assert info.value.line == 2
    assert "secret" not in str(info.value)


def test_tsv_and_blank_lines(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("a\tb\r\n001\t\r\n\r\n002\tx\r\n", encoding="utf-8")
    frame = io.read_table(path)
    assert frame["a"].tolist() == ["001", "002"]
    assert frame["b"].isna().tolist() == [True, False]


def test_columns_selection_and_errors(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(ROWS, encoding="utf-8")
    assert list(io.read_table(path, columns=["姓名", "编号"]).columns) == ["姓名", "编号"]
    with pytest.raises(ConfigError) as info:
        io.read_table(path, columns=["身份证"])
    assert "身份证" in str(info.value)
    with pytest.raises(ConfigError, match="file not found"):
        io.read_table(tmp_path / "none.csv")
    with pytest.raises(ConfigError, match="unknown file format"):
        io.read_table(path.rename(tmp_path / "t.docx"))
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf")
    with pytest.raises(ConfigError, match=r"\.xlsx"):
        io.read_table(tmp_path / "old.xls")
    with pytest.raises(ConfigError, match="not a file"):
        io.read_table(tmp_path)


def test_empty_header_only_and_duplicate_header(tmp_path):
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(ConfigError, match="empty"):
        io.read_table(empty)
    header = tmp_path / "h.csv"
    header.write_text("a,b\n", encoding="utf-8")
    frame = io.read_table(header)
    assert list(frame.columns) == ["a", "b"] and len(frame) == 0
    assert list(io.iter_batches(header)) == []
    dup = tmp_path / "d.csv"
    dup.write_text("a,b,a\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="more than once"):
        io.read_table(dup)


def test_long_record_beyond_a_block(tmp_path):
    path = tmp_path / "long.csv"
    cell = "x\n" * 300_000
    path.write_text(f'a,b\n1,2\n3,"{cell}"\n4,5\n', encoding="utf-8")
    frame = io.read_table(path)
    assert frame["a"].tolist() == ["1", "3", "4"]
    assert frame.loc[1, "b"] == cell


def test_jsonl_text_everywhere(tmp_path):
    path = tmp_path / "t.jsonl"
    lines = [
        {"编号": "001", "金额": 1.50, "有效": True},
        {"编号": None, "嵌套": [1, {"x": 2.0}]},
    ]
    raw = "\n".join(json.dumps(r, ensure_ascii=False) for r in lines).replace("1.5,", "1.50,")
    path.write_text(raw + "\n\n", encoding="utf-8")
    frame = io.read_table(path)
    assert frame.to_dict("records")[0] == {"编号": "001", "金额": "1.50", "有效": "true", "嵌套": np.nan}
    assert frame.loc[1, "嵌套"] == '[1,{"x":2.0}]'
    assert pd.isna(frame.loc[1, "编号"])
    batches = list(io.iter_batches(path, batch_rows=1))
    assert [b.index.tolist() for b in batches] == [[0], [1]]
    gbk = tmp_path / "g.jsonl"
    gbk.write_bytes('{"姓名": "张三"}\n'.encode("gbk"))
    assert io.read_table(gbk)["姓名"].tolist() == ["张三"]


@pytest.mark.parametrize(("line", "expected"), [('{"a": 1},{"a": 2}', 3), ("[1, 2]", 3), ('{"a": ', 3)])
def test_jsonl_bad_line(tmp_path, line, expected):
    path = tmp_path / "t.jsonl"
    path.write_text('{"a": 1}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        io.read_table(path)
    assert info.value.line == expected


def test_parquet_keeps_types_and_streams(tmp_path):
    path = tmp_path / "t.parquet"
    pd.DataFrame({"编号": ["001", None, "003"], "n": [1, 2, 3]}).to_parquet(path)
    frame = io.read_table(path)
    assert frame["编号"].tolist()[0] == "001" and frame["n"].dtype == np.int64
    batches = list(io.iter_batches(path, batch_rows=2))
    assert [b.index.tolist() for b in batches] == [[0, 1], [2]]
    assert io.count_rows(path) == 3
    with pytest.raises(ConfigError):
        io.read_table(path, columns=["x"])
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet at all")
    with pytest.raises(ConfigError):
        io.read_table(broken)


def test_excel(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "人口"
    ws.append(["编号", "姓名", "出生日期", "金额", None])
    ws.append(["001", "张三", dt.datetime(2024, 1, 2), 1.5])
    ws.append([330106, None, None, 2.0])
    ws.append([None, None, None, None])
    ws.append(["003", "王五", dt.date(2000, 2, 29), True])
    other = book.create_sheet("法人")
    other.append(["代码"])
    other.append(["91330100716105852F"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    frame = io.read_table(path)
    assert frame.to_dict("list") == {
        "编号": ["001", "330106", "003"],
        "姓名": ["张三", np.nan, "王五"],
        "出生日期": ["2024-01-02", np.nan, "2000-02-29"],
        "金额": ["1.5", "2", "true"],
    }
    assert all(str(t) == "str" for t in frame.dtypes)
    assert io.read_table(path, sheet="法人")["代码"].tolist() == ["91330100716105852F"]
    assert io.read_table(path, sheet=1).shape == (1, 1)
    assert [b.index.tolist() for b in io.iter_batches(path, batch_rows=2)] == [[0, 1], [2]]
    with pytest.raises(ConfigError, match="no sheet"):
        io.read_table(path, sheet="x")
    ws.append(["004", "赵六", None, None, "beyond"])
    book.save(path)
    with pytest.raises(ConfigError) as info:
        io.read_table(path)
    assert info.value.line == 6


def test_file_info_count_rows_and_write(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(ROWS.encode("gbk"))
    info = io.file_info(path)
    assert info["format"] == "csv" and info["encoding"] == "gb18030" and info["columns"] == ["编号", "姓名", "备注"]
    assert io.count_rows(path) == 3
    frame = io.read_table(path)
    for name in ("o.csv", "o.tsv", "o.jsonl", "o.parquet"):
        out = io.write_table(frame, tmp_path / name)
        pd.testing.assert_frame_equal(io.read_table(out), frame)
    gbk = io.write_table(frame, tmp_path / "g.csv", encoding="gbk")
    assert io.detect_encoding(gbk) == "gb18030"
    with pytest.raises(ConfigError):
        io.write_table(frame, tmp_path / "o.xyz")


def test_batch_rows_argument(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(ROWS, encoding="utf-8")
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ConfigError):
            next(io.iter_batches(path, batch_rows=bad))


def test_batches_continue_the_row_number(tmp_path):
    path = tmp_path / "t.csv"
    n = 25_003
    ids = [f"{i:06d}" for i in range(n)]
    path.write_text("id\n" + "\n".join(ids) + "\n", encoding="utf-8")
    batches = list(io.iter_batches(path, batch_rows=10_000))
    assert [len(b) for b in batches] == [10_000, 10_000, 5_003]
    whole = pd.concat(batches)
    assert whole.index.tolist() == list(range(n))
    assert whole["id"].tolist() == ids


_STREAM = textwrap.dedent(
    """
    import resource, sys
    from zjgov import io
    for _ in io.iter_batches(sys.argv[2]):  # warm up: libraries, pools, code pages
        pass
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows = sum(len(b) for b in io.iter_batches(sys.argv[1], batch_rows=100_000))
    print(rows, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) * 1024)
    """
)


def _write_big(path, mb: float, encoding: str) -> int:
    block = "".join(f"{i:06d},张三{i % 97},330106{i:012d},备注文字{i}\n" for i in range(20_000)).encode(encoding)
    repeats = int(mb * 2**20 / len(block)) + 1
    with open(path, "wb") as fh:
        fh.write("编号,姓名,代码,备注\n".encode(encoding))
        for _ in range(repeats):
            fh.write(block)
    return repeats * 20_000


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_streaming_memory_is_bounded(tmp_path, encoding):
    big, small = tmp_path / "big.csv", tmp_path / "small.csv"
    rows = _write_big(big, 100, encoding)
    _write_big(small, 1, encoding)
    out = subprocess.run(
        [sys.executable, "-c", _STREAM, str(big), str(small)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) == rows
    size = big.stat().st_size
    assert size > 100 * 2**20
    assert int(out[1]) < size / 2, f"peak grew by {int(out[1]) / 2**20:.0f} MiB for a {size / 2**20:.0f} MiB file"


# -- Parquet types are honoured (issue 17 item 4) ------------------------------------------------------
def test_parquet_types_are_read_losslessly(tmp_path):
    import datetime as dt
    import decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    from zjgov.codes import citizen_id

    body = "33010619900101123"
    number = next(
        b + citizen_id.check_char(b) for d in "0123456789" if citizen_id.check_char(b := body[:-1] + d) != "X"
    )
    table = pa.table(
        {
            "id": pa.array([int(number), None], pa.int64()),
            "amount": pa.array([decimal.Decimal("12345678901234567.50"), None], pa.decimal128(20, 2)),
            "day": pa.array([dt.date(1900, 2, 28), None], pa.date32()),
            "at": pa.array([dt.datetime(2020, 1, 1, 0, 0), None], pa.timestamp("us", "UTC")),
        }
    )
    path = tmp_path / "t.parquet"
    pq.write_table(table, path)
    for frame in (io.read_table(path), next(io.iter_batches(path))):
        assert str(frame["id"].dtype) == "Int64" and frame["id"].iloc[0] == int(number)
        assert frame["amount"].iloc[0] == "12345678901234567.50"  # exact: no float rounding
        assert frame["day"].dtype.kind == "M" and frame["day"].iloc[0] == pd.Timestamp(1900, 2, 28)
        assert frame["at"].iloc[0] == pd.Timestamp(2020, 1, 1, 8, 0)  # Beijing time
    assert citizen_id.check(io.read_table(path)["id"]).reason.isna().tolist() == [True, False]


def test_parquet_types_pass_their_rules(tmp_path):
    import datetime as dt
    import decimal
    import subprocess
    import sys

    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table(
            {
                "n": pa.array([1, None, 3], pa.int64()),
                "amount": pa.array([decimal.Decimal("1.50"), decimal.Decimal("2.25"), None], pa.decimal128(5, 2)),
                "day": pa.array([dt.date(2020, 1, 2), None, dt.date(2021, 3, 4)], pa.date32()),
            }
        ),
        tmp_path / "t.parquet",
    )
    (tmp_path / "r.yaml").write_text(
        "name: t\nrules:\n"
        "  - {id: n, kind: range, column: n, min: 0, max: 10}\n"
        "  - {id: a, kind: range, column: amount, min: 0, max: 10}\n"
        "  - {id: d, kind: date_format, column: day, format: '%Y-%m-%d'}\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "zjgov.cli.main", "check", tmp_path / "t.parquet", "--rules", tmp_path / "r.yaml"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


# -- mixed encodings and formula rows are reported, never silent (issue 17 item 10) -----------------
def test_gbk_file_with_a_utf8_line_is_refused(tmp_path):
    path = tmp_path / "mixed.csv"
    body = "姓名,住址\n" + "".join(f"张{i},浙江省杭州市西湖区文三路{i}号\n" for i in range(50))
    path.write_bytes(body.encode("gbk") + "王五,浙江省杭州市\n".encode())  # decodes as GB 18030 too: mojibake
    with pytest.raises(ConfigError) as info:
        io.read_table(path)
    assert info.value.line == 52 and "mixed encodings" in info.value.message("en")
    assert io.read_table(path, encoding="gb18030").shape == (51, 2)  # an explicit encoding is the user's call


def test_gbk_text_is_not_mistaken_for_utf8():
    import random

    rng = random.Random(0)
    hanzi = [chr(c) for c in range(0x4E00, 0x9FA6)]
    lines = []
    for _ in range(5000):
        text = "".join(rng.choice(hanzi) for _ in range(rng.randint(1, 12)))
        try:
            lines.append(text.encode("gbk"))
        except UnicodeEncodeError:
            continue
    assert io.detect_encoding(b"\n".join(lines) + b"\n") == "gb18030"


def test_excel_row_of_uncalculated_formulas_is_refused(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["a", "b"], ["1", "2"], ["=1+1", "=A2&B2"], [None, None], ["5", "6"]):
        sheet.append(row)
    book.save(tmp_path / "f.xlsx")
    with pytest.raises(ConfigError) as info:
        io.read_table(tmp_path / "f.xlsx")
    assert info.value.line == 3 and "formula" in info.value.message("en")
    sheet.delete_rows(3)
    book.save(tmp_path / "g.xlsx")
    assert io.read_table(tmp_path / "g.xlsx")["a"].tolist() == ["1", "5"]  # a truly empty row is skipped


@pytest.mark.parametrize("depth", [100_000, 2_000, 600])
def test_deeply_nested_json_lines_are_a_clean_error(tmp_path, depth):
    path = tmp_path / "deep.jsonl"
    path.write_text('{"a": 1}\n{"a": ' + "[" * depth + "]" * depth + "}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        io.read_table(path)
    assert "nested too deeply" in info.value.message("en") and "2" in info.value.message("en")


def test_moderately_nested_json_lines_are_kept_as_text(tmp_path):
    path = tmp_path / "nested.jsonl"
    path.write_text('{"a": ' + "[" * 50 + "1.50" + "]" * 50 + "}\n", encoding="utf-8")
    assert io.read_table(path)["a"].iloc[0] == "[" * 50 + "1.50" + "]" * 50


def test_nesting_limit_does_not_depend_on_the_recursion_limit(tmp_path):
    """Dask and Spark raise Python's recursion limit; 600 levels must still be refused (found in a full run)."""
    path = tmp_path / "deep.jsonl"
    path.write_text('{"a": 1}\n{"a": ' + "[" * 600 + "]" * 600 + "}\n", encoding="utf-8")
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(50_000)
    try:
        with pytest.raises(ConfigError) as info:
            io.read_table(path)
    finally:
        sys.setrecursionlimit(old)
    assert "nested too deeply" in info.value.message("en")
    ok = tmp_path / "ok.jsonl"
    ok.write_text('{"a": ' + "[" * io.MAX_JSON_DEPTH + "]" * io.MAX_JSON_DEPTH + "}\n", encoding="utf-8")
    assert io.read_table(ok)["a"].iloc[0].startswith("[[")
