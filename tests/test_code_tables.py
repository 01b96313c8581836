"""Shared behaviour of the code tables (sex, ethnicity, education, family relationship)."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov import codes
from zjgov.codes import education, ethnicity, family_relationship, sex
from zjgov.errors import InvalidComponent, InvalidType, MissingValue
from zjgov.testing import strategies as zst

MODULES = [sex, ethnicity, education, family_relationship]
NAMES = {
    sex: zst.sex_names,
    ethnicity: zst.ethnicity_names,
    education: zst.education_names,
    family_relationship: zst.family_relationship_names,
}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_code_round_trips_through_its_name(module):
    for code, name in module.table().items():
        assert module.name(code) == name
        assert module.code(name) == code
        assert module.validate_name(name) == name
        assert module.parse(code).code == code and module.parse(code).name == name


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_check_names_agrees_with_scalar(module):
    @given(st.lists(st.one_of(NAMES[module](), st.text(max_size=6), st.none(), st.integers()), max_size=30))
    def run(values):
        series = pd.Series(values, dtype=object)
        result = module.check_names(series)
        codes = module.to_codes(series)
        for value, valid, reason, code in zip(series, result.valid, result.reason, codes, strict=True):
            try:
                expected = module.code(value)
            except (InvalidComponent, MissingValue, InvalidType) as exc:
                assert not valid and reason == exc.reason and pd.isna(code)
            else:
                assert valid and pd.isna(reason) and code == expected
                assert module.is_valid_name(value)

    run()


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_name_errors(module):
    with pytest.raises(InvalidComponent) as info:
        module.code("火星人")
    assert info.value.reason == "component:name" and "火星人" not in str(info.value)
    with pytest.raises(MissingValue):
        module.code("  ")
    with pytest.raises(InvalidType):
        module.code(1.5)
    assert not module.is_valid_name(None)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_unknown_code_reason(module):
    width = module._TABLE.width
    unknown = next(f"{i:0{width}d}" for i in range(10**width) if f"{i:0{width}d}" not in module.table())
    with pytest.raises(InvalidComponent) as info:
        module.validate(unknown)
    assert info.value.reason == "component:code"
    assert module.TITLE[0] in info.value.message("zh") and module.TITLE[1] in info.value.message("en")


def test_names_with_spaces_full_width_and_other_forms():
    assert sex.code(" 男 ") == "1"
    assert sex.code("女性改(变)为男性") == "5"  # ASCII parentheses for the standard's full-width ones
    assert education.code("其 它") == "90"
    assert ethnicity.code("ＨＡ") == "01"


def test_check_names_on_categorical_and_repeated_columns():
    column = pd.Series(["汉族", "汉", "火星族", None, "汉族"] * 1000, dtype="category")
    result = ethnicity.check_names(column)
    assert result.counts == {"component:name": 1000, "missing": 1000}
    codes = ethnicity.to_codes(column)
    assert codes.iloc[:5].tolist()[:2] == ["01", "01"] and codes.isna().sum() == 2000
    assert list(codes.index) == list(column.index)


@pytest.mark.parametrize("name, module", [("gb2260_index", "division"), ("gb32100_index", "uscc")])
def test_packed_index_equals_what_the_csv_sources_give(name, module):
    """The packed JSON built by scripts/build_data.py is current: rebuild it after a CSV change."""
    from zjgov.core.data import packed_table

    assert packed_table(name) == codes.get(module).derive_index()
