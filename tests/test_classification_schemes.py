"""Grading schemes as data, the GB/T 43697 and JR/T 0197 matrices and custom schemes."""

import pytest

from zjgov.classification import classify, gbt43697_level, jrt0197_level, load_scheme
from zjgov.errors import ConfigError


def test_db33_levels_and_open_attributes():
    s = load_scheme("db33-2350")
    assert s.levels == ("L1", "L2", "L3", "L4")
    assert [s.attributes(lv)["open"] for lv in s.levels] == ["无条件开放", "受限开放", "受限开放", "禁止开放"]
    assert s.level_name("L4", "zh") == "L4 敏感数据"


def test_gbt43697_levels_order():
    s = load_scheme("gbt-43697")
    assert s.levels == ("general-1", "general-2", "general-3", "general-4", "important", "core")
    assert s.highest(["general-4", "important", "general-1"]) == "important"
    assert s.raise_level("general-3", 2, cap="general-4") == "general-4"
    assert s.raise_level("important", 1, cap="general-4") == "important"  # never lowered


MATRIX = {
    "国家安全": ["core", "core", "important"],
    "经济运行": ["core", "important", "general-2"],
    "社会秩序": ["core", "important", "general-2"],
    "公共利益": ["core", "important", "general-2"],
    "组织权益": ["general-4", "general-3", "general-2"],
    "个人权益": ["general-4", "general-3", "general-2"],
}


@pytest.mark.parametrize("obj", list(MATRIX))
@pytest.mark.parametrize("i", range(3))
def test_gbt43697_matrix(obj, i):
    degree = ["特别严重危害", "严重危害", "一般危害"][i]
    assert gbt43697_level({obj: degree}) == MATRIX[obj][i]


def test_matrix_takes_the_highest_of_several_impacts():
    assert gbt43697_level({"个人权益": "特别严重危害", "公共利益": "一般危害"}) == "general-4"
    assert gbt43697_level({"个人权益": "一般危害", "社会秩序": "严重危害"}) == "important"
    assert gbt43697_level({"个人权益": "无危害"}) == "general-1"
    with pytest.raises(ConfigError):
        gbt43697_level({"外星人": "严重危害"})
    with pytest.raises(ConfigError):
        gbt43697_level({"个人权益": "很严重"})


def test_jrt0197_is_marked_provisional():
    s = load_scheme("jrt-0197")
    assert s.provisional and s.levels == ("1", "2", "3", "4", "5")
    assert jrt0197_level({"个人隐私": "严重损害"}) == "4"
    assert jrt0197_level({"国家安全": "轻微损害"}) == "5"


def test_unknown_scheme_name():
    with pytest.raises(ConfigError) as info:
        load_scheme("db33-9999")
    assert "db33-2350" in info.value.message("en")


CUSTOM = """
id: my-bureau
name: [本局三级, Bureau three levels]
levels:
  - {id: 公开, name: [公开, public], open: 无条件开放, share: 无条件共享}
  - {id: 内部, name: [内部, internal], open: 受限开放, share: 有条件共享}
  - {id: 秘密, name: [秘密, secret], open: 禁止开放, share: 不予共享}
tiers: {public: 公开, internal: 内部, confidential: 内部, sensitive: 秘密, important: 秘密, core: 秘密}
rules:
  - {id: volume, type: volume, min_rows: 3, to: 秘密}
"""


def test_custom_scheme_file_is_used_end_to_end(tmp_path):
    import pandas as pd

    f = tmp_path / "mine.yaml"
    f.write_text(CUSTOM, encoding="utf-8")
    s = load_scheme(f)
    assert s.id == "my-bureau" and s.level_for_tier("sensitive") == "秘密"
    inv = classify(pd.DataFrame({"XM": ["张伟", "王芳", "李娜"], "备注": ["无", "无", "无"]}), scheme=f)
    assert inv["XM"].level == "内部"
    assert inv.level == "秘密"  # volume rule: personal data in >= 3 rows


@pytest.mark.parametrize(
    ("edit", "line", "field"),
    [
        (("confidential: 内部", "confidential: 绝密"), 8, "level"),
        (("confidential: 内部, ", ""), 8, "tiers.confidential"),
        (("type: volume", "type: magic"), 10, "rules.0.type"),
        (("to: 秘密", "to: 绝密"), 9, "level"),
    ],
)
def test_bad_scheme_files_name_line_and_field(tmp_path, edit, line, field):
    f = tmp_path / "bad.yaml"
    f.write_text(CUSTOM.replace(*edit), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_scheme(f)
    assert info.value.file == str(f)
    assert info.value.line == line
    assert info.value.field == field
