"""Schema violations carry the character position a code reports, and the Chinese message names
the element as well as the column (issue 16, item 6)."""

from __future__ import annotations

import pandas as pd

from zjgov import codes
from zjgov.exchange import Schema


def _schema() -> Schema:
    return Schema.from_dict(
        {
            "elements": [
                {"use": "公民身份号码", "column": "sfzh"},
                {"use": "姓名", "column": "xm", "required": True},
                {"中文名称": "手机", "column": "sj", "值域": "code:mobile|landline"},
            ]
        }
    )


def test_positions_come_from_the_code_and_agree_with_it():
    bad = "110105194912A1002X"
    frame = pd.DataFrame({"sfzh": [bad, "11010519491231002X"], "xm": ["张三", None], "sj": ["1380013800a", None]})
    v = _schema().validate(frame.astype("str")).violations.set_index(["row", "column"])
    expected = codes.get("citizen_id").check([bad]).position.iloc[0]
    assert v.loc[(1, "sfzh"), "position"] == expected == 13
    assert pd.isna(v.loc[(2, "xm"), "position"])  # a missing value has no position
    assert v.loc[(1, "sj"), "position"] == codes.get("mobile").check(["1380013800a"]).position.iloc[0]


def test_messages_name_the_element_in_both_languages():
    frame = pd.DataFrame({"sfzh": ["11010519491231002X"], "xm": [None], "sj": [None]}, dtype="str")
    v = _schema().validate(frame).violations
    row = v[v["column"] == "xm"].iloc[0]
    assert row["message_zh"] == "xm（姓名）：值为空"
    assert row["message_en"].startswith("xm (") and "missing" in row["message_en"]
