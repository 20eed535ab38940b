"""problems 问题整改: the source event must be a known supervision event."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES

H = [
    "问题编号",
    "来源活动编号",
    "责任单位代码",
    "责任人编号",
    "问题描述",
    "发现日期",
    "整改期限",
    "销号日期",
]
E = "error"

CASES = [
    pytest.param(
        ["Q1", "S1", "U1", "P1", "台账不全", "2023-03-01", "2023-06-30", ""],
        {"due_date": date(2023, 6, 30), "closed_date": None},
        [],
        id="open",
    ),
    pytest.param(
        ["Q2", "", "U1", "", "", "2023-03-01", "", "2023-05-01"],
        {"event_id": None},
        [],
        id="no-event",
    ),
    pytest.param(
        ["Q3", "S1", "", "", "", "", "2023-13-01", ""],
        {},
        [(E, "责任单位代码", "必填"), (E, "发现日期", "必填"), (E, "整改期限", "日期")],
        id="required-and-bad-date",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_problem_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("problems", H, [row]), fields, problems)


def test_event_must_exist_in_supervision(validate: Any) -> None:
    rows = [
        ["Q1", "S1", "U1", "", "", "2023-03-01", "", ""],
        ["Q2", "S9", "U1", "", "", "2023-03-01", "", ""],
    ]
    result = validate("problems", H, rows)
    known = {"supervision": {"S1"}, "units": {"U1"}, "people": set()}
    problems = check_references(REGISTRIES["problems"], result.records, known, "p.csv")
    assert [(p.row, p.column, p.value) for p in problems] == [(3, "来源活动编号", "S9")]
    assert "监督活动" in problems[0].expected
