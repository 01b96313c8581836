"""Electronic licence records (GB/T 36902/36903) on the published identifiers of STANDARDS item 6."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError as PydanticError

from zjgov.codes import citizen_id, uscc
from zjgov.exchange import licence
from zjgov.exchange.licence import LicenceRecord, validate_licences
from zjgov.testing import strategies as zst

# (identifier, type code, issuer code): STANDARDS item 6, verified identifiers
PUBLISHED = [
    (
        "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
        "11100000000013338W011",
        "11430000006122244L",
    ),
    (
        "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
        "11100000000013338W009",
        "11330105002500287C",
    ),
]
DIVISION_ISSUER = "1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9"


def record(**changes) -> dict:
    ident, type_code, issuer = PUBLISHED[0]
    base = {
        "证照标识": ident,
        "证照名称": "建筑施工企业安全生产许可证",
        "证照类型名称": "安全生产许可证",
        "证照类型代码": type_code,
        "证照编号": "（湘）JZ安许证字〔2023〕000403",
        "证照颁发机构": "湖南省住房和城乡建设厅",
        "证照颁发机构代码": issuer,
        "证照颁发日期": "2023-05-04",
        "证照有效期起始日期": "2023-05-04",
        "证照有效期截止日期": "2026-05-03",
        "持证主体": "某建设有限公司",
        "持证主体代码": "91330100716105852F",
        "持证主体代码类型代码": "001",
        "证照所属管辖属地编码": "430000",
    }
    base.update(changes)
    return base


def problems(*records, **kw) -> list[tuple[str, str]]:
    report = validate_licences(list(records), **kw)
    return [(f, r) for f, r in zip(report.problems["field"], report.problems["reason"])]


@pytest.mark.parametrize(("ident", "type_code", "issuer"), PUBLISHED)
def test_published_identifiers_pass(ident, type_code, issuer):
    report = validate_licences([record(证照标识=ident, 证照类型代码=type_code, 证照颁发机构代码=issuer)])
    assert report.ok and report.problems.empty


def test_english_field_names_are_accepted():
    rec = {licence.FIELDS_BY_ZH[k]: v for k, v in record().items()}
    assert validate_licences([rec]).ok
    assert LicenceRecord(**rec).holder_code == "91330100716105852F"


def test_identifier_check_character_is_a_warning_unless_strict():
    bad = record(证照标识=PUBLISHED[0][0][:-1] + "V")
    report = validate_licences([bad])
    assert report.ok  # a warning does not fail the record
    assert report.problems[["field", "reason", "severity"]].values.tolist() == [["licence_id", "checksum", "warning"]]
    strict = validate_licences([bad], strict_checksum=True)
    assert not strict.ok and strict.problems["severity"].tolist() == ["error"]


def test_identifier_parts_must_match_the_record():
    assert problems(record(证照类型代码="11100000000013338W009")) == [("type_code", "mismatch")]
    assert problems(record(证照颁发机构代码="91330100716105852F")) == [("issuer_code", "mismatch")]
    # an identifier that names a division as issuer still has to match the record's issuer code
    assert ("issuer_code", "mismatch") in problems(
        record(证照标识=DIVISION_ISSUER, 证照类型代码="11100000MB03271699022")
    )


def test_malformed_identifier_gets_the_kernel_reason():
    assert problems(record(证照标识="1.2.156.3005.3.11100000000013338W011.11430000006122244L.1.001.U"))[0] == (
        "licence_id",
        "component:root",
    )


def test_type_code_and_issuer_code():
    assert ("type_code", "type_code") in problems(record(证照类型代码="11100000000013338W01"))
    # a well-shaped type code whose definer USCC has a wrong check character
    assert ("type_code", "checksum") in problems(record(证照类型代码="11100000000013338X011"))
    assert ("issuer_code", "checksum") in problems(record(证照颁发机构代码="11430000006122244M"))


@pytest.mark.parametrize(
    ("kind", "holder", "expected"),
    [
        ("111", "11010519491231002X", []),
        ("公民身份号码", "11010519491231002X", []),
        ("居民身份证", "110105194912310021", [("holder_code", "checksum")]),
        ("001", "91110000600037341L", []),
        ("统一社会信用代码", "91110000600037341M", [("holder_code", "checksum")]),
        ("111", "91110000600037341L", [("holder_code", "format")]),
        ("001", "11010519491231002X", [("holder_code", "checksum")]),
    ],
)
def test_holder_code_is_checked_by_its_type(kind, holder, expected):
    field = "持证主体代码类型代码" if kind.isdigit() else "持证主体代码类型"
    rec = record(持证主体代码=holder)
    rec.pop("持证主体代码类型代码")
    rec[field] = kind
    assert problems(rec) == expected


def test_holder_type_problems():
    assert problems(record(持证主体代码类型代码="777")) == [("holder_code_type_code", "holder_type_unknown")]
    rec = record()
    rec.pop("持证主体代码类型代码")
    assert problems(rec) == [("holder_code", "holder_type_missing")]
    assert problems(record(持证主体代码类型="公民身份号码")) == [("holder_code_type", "holder_type_conflict")]


def test_passport_holders_use_the_passport_module():
    rec = record(持证主体代码="E12345678", 持证主体代码类型代码="414")
    assert problems(rec) == []
    assert problems(record(持证主体代码="X1", 持证主体代码类型代码="414"))[0][0] == "holder_code"
    # the record still says 001 as well: the type code wins, and the conflict is reported
    assert problems(record(持证主体代码="H12345678", 持证主体代码类型="回乡证")) == [
        ("holder_code", "length"),
        ("holder_code_type", "holder_type_conflict"),
    ]
    rec = record(持证主体代码="H12345678", 持证主体代码类型代码="516")
    assert problems(rec) == []
    assert problems(record(持证主体代码="H1234", 持证主体代码类型代码="516"))[0][0] == "holder_code"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"证照有效期起始日期": "2023-05-03"}, [("valid_from", "date_order")]),
        ({"证照有效期截止日期": "2023-05-03"}, [("valid_to", "date_order")]),
        ({"证照有效期截止日期": "长期"}, []),
        ({"证照有效期截止日期": ""}, []),
        ({"证照颁发日期": "2023年5月4日", "证照有效期起始日期": "20230504"}, []),
        ({"证照颁发日期": "2023-02-30"}, [("issue_date", "date_format")]),
        ({"证照有效期截止日期": "明年"}, [("valid_to", "date_format")]),
    ],
)
def test_dates(changes, expected):
    assert problems(record(**changes)) == expected


def test_jurisdiction_and_required_fields():
    assert problems(record(证照所属管辖属地编码="999999")) == [("jurisdiction", "component:region")]
    assert problems(record(证照所属管辖属地编码="330103")) == []  # abolished 2021, but a real division code
    assert problems(record(证照名称="  ")) == [("name", "missing")]


def test_rows_and_lines_and_messages_never_echo_values():
    good, bad = record(), record(持证主体代码="110105194912310021", 持证主体代码类型代码="111")
    report = validate_licences([good, bad, good], lines=[2, 3, 5], file="x.csv")
    assert report.problems[["row", "line"]].values.tolist() == [[2, 3]]
    assert report.invalid_rows.tolist() == [2]
    for lang in ("zh", "en"):
        assert all("110105" not in m for m in report.messages(lang))
    assert report.messages("en")[0].startswith("x.csv:3: [holder_code]")
    assert report.to_dict("en")["problems"][0]["message"].startswith("holder code (citizen ID number)")


def test_vectorised_over_a_frame():
    frame = pd.DataFrame([record()] * 2000)
    frame.loc[1500, "证照所属管辖属地编码"] = "000000"
    report = validate_licences(frame)
    assert report.problems[["row", "field"]].values.tolist() == [[1501, "jurisdiction"]]


@settings(max_examples=30, deadline=None)
@given(holder=zst.citizen_ids(), issuer=zst.usccs())
def test_generated_holders_and_issuers_pass(holder, issuer):
    from zjgov.codes import elicense

    type_code = PUBLISHED[0][1]
    payload = type_code + issuer + "2023000001" + "001"
    ident = f"1.2.156.3005.2.{type_code}.{issuer}.2023000001.001.{elicense.check_char(payload)}"
    rec = record(证照标识=ident, 证照颁发机构代码=issuer, 持证主体代码=holder, 持证主体代码类型代码="111")
    assert citizen_id.is_valid(holder) and uscc.is_valid(issuer)
    assert problems(rec) == []


def test_model_rejects_bad_records_with_both_languages():
    with pytest.raises(PydanticError) as info:
        LicenceRecord(**record(证照所属管辖属地编码="999999"))
    text = str(info.value)
    assert "证照所属管辖属地编码" in text and "jurisdiction" in text and "999999" not in text
    with pytest.raises(PydanticError):
        LicenceRecord(**{k: v for k, v in record().items() if k != "持证主体"})


@given(st.sampled_from(sorted(licence.holder_code_types().code)))
def test_holder_code_type_table_maps_to_existing_modules(code):
    from zjgov import codes

    module = licence.holder_code_types().set_index("code").loc[code, "code_module"]
    assert module == "" or module in codes.names()
