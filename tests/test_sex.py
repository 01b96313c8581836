import pandas as pd
import pytest

from zjgov.codes import sex
from zjgov.errors import ConfigError, InvalidComponent, InvalidFormat, InvalidLength

# STANDARDS.md 5j
TABLE = {
    "0": "未知的性别",
    "1": "男性",
    "2": "女性",
    "5": "女性改（变）为男性",
    "6": "男性改（变）为女性",
    "9": "未说明的性别",
}


def test_the_standards_table():
    assert sex.table() == TABLE
    assert sex.table(allow_changed=False) == {k: v for k, v in TABLE.items() if k not in "56"}


@pytest.mark.parametrize(
    ("value", "error", "reason"),
    [("3", InvalidComponent, "component:code"), ("M", InvalidFormat, "format"), ("12", InvalidLength, "length")],
)
def test_errors(value, error, reason):
    with pytest.raises(error) as info:
        sex.validate(value)
    assert info.value.reason == reason


def test_changed_sex_codes_are_an_option():
    assert sex.is_valid("5") and sex.is_valid("6")
    assert not sex.is_valid("5", allow_changed=False)
    assert sex.parse("6").changed and not sex.parse("1").changed
    with pytest.raises(InvalidComponent):
        sex.code("女改男", allow_changed=False)
    with pytest.raises(ConfigError):
        sex.is_valid("1", extended=True)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("男", "1"),
        ("男性", "1"),
        ("Male", "1"),
        ("女", "2"),
        ("FEMALE", "2"),
        ("未知", "0"),
        ("未知的性别", "0"),
        ("未说明", "9"),
        ("女改男", "5"),
        ("女性变为男性", "5"),
        ("男性改为女性", "6"),
        ("男变女", "6"),
    ],
)
def test_name_variants(name, code):
    assert sex.code(name) == code


def test_integer_column_is_read_as_digits():
    result = sex.check(pd.Series([1, 2, 0, 9, 3]))
    assert result.valid.tolist() == [True, True, True, True, False]
    assert result.reason.tolist()[-1] == "component:code"
    assert sex.is_valid(1) and not sex.is_valid(-1) and not sex.is_valid(True)


def test_check_names_and_to_codes():
    names = pd.Series(["男", "女", "男性", "未知", "x", None], index=list("abcdef"))
    assert sex.to_codes(names).tolist()[:4] == ["1", "2", "1", "0"]
    result = sex.check_names(names)
    assert result.valid.tolist() == [True, True, True, True, False, False]
    assert result.counts == {"component:name": 1, "missing": 1}
    assert list(result.valid.index) == list("abcdef")
    assert "性别代码" in result.summary().message.iloc[0]
