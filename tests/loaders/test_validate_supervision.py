"""supervision 监督活动: kinds are strict (SUP rules count them), counts, who and whom."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES

H = [
    "活动编号",
    "类型",
    "日期",
    "主体人员编号",
    "主体单位代码",
    "对象人员编号",
    "对象单位代码",
    "发现问题数",
    "评分",
]
E, W = "error", "warning"

CASES = [
    pytest.param(
        ["S1", "政治监督谈话", "2023-02-01", "P1", "", "P2", "", "", ""],
        {"kind": "政治监督谈话", "date": date(2023, 2, 1), "problems_found": None},
        [],
        id="talk",
    ),
    pytest.param(
        ["S2", "诫勉谈话", "2023-02-01", "", "U1", "", "U2", "3", "85.5"],
        {"kind": "诫勉", "problems_found": 3, "score": "85.5"},
        [],
        id="canonical-kind-int-and-score-text",
    ),
    pytest.param(
        ["S3", "喝茶", "2023-02-01", "", "", "", "", "三", ""],
        {"kind": "喝茶"},
        [(E, "类型", "政治监督谈话"), (E, "发现问题数", "整数")],
        id="unknown-kind-is-an-error",
    ),
    pytest.param(
        ["S4", "", "", "", "", "", "", "", ""],
        {},
        [(E, "类型", "必填"), (E, "日期", "必填")],
        id="required",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_supervision_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("supervision", H, [row]), fields, problems)


def test_every_person_and_unit_reference_is_checked(validate: Any) -> None:
    result = validate(
        "supervision", H, [["S1", "约谈", "2023-02-01", "P8", "U8", "P9", "U9", "", ""]]
    )
    problems = check_references(
        REGISTRIES["supervision"], result.records, {"people": {"P1"}, "units": {"U1"}}, "s.csv"
    )
    assert [p.value for p in problems] == ["P8", "U8", "P9", "U9"]
