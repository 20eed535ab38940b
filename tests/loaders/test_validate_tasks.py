"""tasks 责任清单任务: lead unit (strict), supporting units as a list, due and done dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES

H = [
    "任务编号",
    "类别",
    "任务内容",
    "牵头单位代码",
    "配合单位代码",
    "责任人编号",
    "完成期限",
    "完成日期",
]
E = "error"

CASES = [
    pytest.param(
        ["T1", "主体责任", "落实四个一", "U1", "U2，U3", "P1", "2023年12月31日", ""],
        {"support_unit_ids": ["U2", "U3"], "due_date": date(2023, 12, 31), "done_date": None},
        [],
        id="open-task",
    ),
    pytest.param(
        ["T2", "", "", "", "", "", "明年", ""],
        {},
        [(E, "任务内容", "必填"), (E, "牵头单位代码", "必填"), (E, "完成期限", "日期")],
        id="required-and-bad-date",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_task_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("tasks", H, [row]), fields, problems)


def test_every_supporting_unit_must_exist(validate: Any) -> None:
    result = validate("tasks", H, [["T1", "", "x", "U1", "U2;U9", "", "", ""]])
    problems = check_references(
        REGISTRIES["tasks"], result.records, {"units": {"U1", "U2"}}, "t.csv"
    )
    assert [(p.column, p.value) for p in problems] == [("配合单位代码", "U9")]
