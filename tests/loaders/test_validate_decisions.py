"""decisions 三重一大决策: meeting form is strict (PWR-3); speaking order is a list of people."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES

H = ["决策编号", "单位代码", "日期", "会议形式", "事项类别", "议题", "金额", "表态顺序"]
E, W = "error", "warning"

CASES = [
    pytest.param(
        ["D1", "U1", "2023-07-01", "常委会", "大额资金使用", "采购", "3亿元", "P2、P3、P1"],
        {"amount": 300000000.0, "speaking_order": ["P2", "P3", "P1"], "date": date(2023, 7, 1)},
        [],
        id="collective",
    ),
    pytest.param(
        ["D2", "U1", "2023-07-01", "党委会议", "重大决策", "", "", ""],
        {"meeting": "党委会"},
        [],
        id="canonical-meeting",
    ),
    pytest.param(
        ["D3", "U1", "2023-07-01", "碰头会", "其他事项", "", "", ""],
        {"meeting": "碰头会", "category": "其他事项"},
        [(E, "会议形式", "书记办公会"), (W, "事项类别", "重大决策")],
        id="unknown-meeting-is-an-error",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_decision_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("decisions", H, [row]), fields, problems)


def test_each_speaker_must_be_a_person(validate: Any) -> None:
    result = validate(
        "decisions", H, [["D1", "U1", "2023-07-01", "常委会", "重大决策", "", "", "P1;P8;P2;P9"]]
    )
    problems = check_references(
        REGISTRIES["decisions"], result.records, {"people": {"P1", "P2"}, "units": {"U1"}}, "d.csv"
    )
    assert [(p.column, p.value) for p in problems] == [("表态顺序", "P8"), ("表态顺序", "P9")]
