import pytest

from zjgov.codes import education
from zjgov.errors import InvalidComponent

CATEGORIES = {"10": "研究生教育", "20": "大学本科教育", "30": "大学专科教育", "40": "中等职业教育"}
CATEGORIES |= {"60": "普通高级中学教育", "70": "初级中学教育", "80": "小学教育", "90": "其他"}


def test_categories():
    table = education.table()
    assert len(table) == 40
    assert {c: table[c] for c in CATEGORIES} == CATEGORIES
    assert all(education.parse(c).parent_code is None for c in CATEGORIES)
    assert education.parse("10").is_category and not education.parse("90").is_category


@pytest.mark.parametrize(
    ("code", "name", "parent"),
    [
        ("11", "博士研究生毕业", "10"),
        ("19", "研究生班肄业", "10"),
        ("28", "大学普通班毕业", "20"),
        ("33", "大学专科肄业", "30"),
        ("47", "技工学校毕业", "40"),
        ("71", "初中毕业", "70"),
        ("83", "小学肄业", "80"),
    ],
)
def test_known_vectors(code, name, parent):
    info = education.parse(code)
    assert (info.name, info.parent_code, info.parent_name) == (name, parent, CATEGORIES[parent])
    assert education.code(name) == code


@pytest.mark.parametrize("code", ["50", "24", "72", "82", "00", "99"])
def test_unassigned_codes(code):
    # the data (GB/T 4658-2006) has 71/73 and 81/83; STANDARDS.md's 72/82 are not in the table
    with pytest.raises(InvalidComponent):
        education.validate(code)


def test_name_variants_and_children():
    assert education.code("大学本科") == "20" and education.code("专科教育") == "30"
    assert education.code("其它") == "90"
    assert education.children("30") == {"31": "大学专科毕业", "32": "大学专科结业", "33": "大学专科肄业"}
    assert education.children("21") == {}
