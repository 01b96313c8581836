import pytest

from zjgov.codes import family_relationship as fr
from zjgov.errors import InvalidComponent


def test_table_shape():
    table = fr.table()
    assert len(table) == 84
    assert "98" not in table and table["97"] == "其他亲属" and table["99"] == "非亲属"
    assert fr.parse("01").parent_code is None and fr.parse("02").name == "户主"


@pytest.mark.parametrize(
    ("code", "name", "parent"),
    [
        ("11", "夫", "10"),
        ("12", "妻", "10"),
        ("22", "长子", "20"),
        ("38", "儿媳", "30"),
        ("41", "孙子", "40"),
        ("51", "父亲", "50"),
        ("63", "外祖父", "60"),
        ("76", "姐夫", "70"),
        ("96", "外甥女", "80"),
    ],
)
def test_known_vectors(code, name, parent):
    info = fr.parse(code)
    assert (info.name, info.parent_code) == (name, parent)
    assert fr.code(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("养子", "27"),
        ("继子", "27"),
        ("继女", "37"),
        ("外孙媳妇", "45"),
        ("曾外孙子", "47"),
        ("外曾孙女", "48"),
        ("养父", "57"),
        ("继母", "58"),
        ("丈夫", "11"),
        ("妻子", "12"),
        ("其它亲属", "97"),
        ("其它儿子", "29"),
    ],
)
def test_name_variants(name, code):
    assert fr.code(name) == code


def test_no_guessing_for_ambiguous_parts():
    # "配偶的曾祖父母或外曾祖父母" is not split: 外曾祖父母 alone would be the wrong person
    with pytest.raises(InvalidComponent):
        fr.code("外曾祖父母")
    with pytest.raises(InvalidComponent) as info:
        fr.validate("98")
    assert info.value.reason == "component:code"


def test_children():
    assert fr.children("10") == {"11": "夫", "12": "妻"}
    assert len(fr.children("80")) == 18
