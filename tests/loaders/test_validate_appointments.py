"""appointments 干部任免: kinds are strict (APT rules), the four pre-promotion check dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES

H = ["任免编号", "人员编号", "任免类型", "拟任单位代码", "决定日期", "决定方式", "提名人编号",
     "档案审核日期", "个人事项查核日期", "廉政意见日期", "廉政意见结论", "信访核查日期"]  # fmt: skip
E, W = "error", "warning"

CASES = [
    pytest.param(
        [
            "A1",
            "P1",
            "提拔",
            "U2",
            "2023-05-10",
            "常委会",
            "P9",
            "2023-04-01",
            "2023-04-02",
            "2023-04-03",
            "无问题",
            "2023-04-04",
        ],
        {
            "kind": "提拔",
            "decided_date": date(2023, 5, 10),
            "file_check_date": date(2023, 4, 1),
            "complaint_check_date": date(2023, 4, 4),
            "integrity_opinion": "无问题",
        },
        [],
        id="all-four-checks",
    ),
    pytest.param(
        ["A2", "P1", "提拔任用", "", "2023-05-10", "", "", "", "", "", "", ""],
        {"kind": "提拔", "file_check_date": None},
        [],
        id="canonical-kind-checks-missing-is-not-a-load-error",
    ),
    pytest.param(
        ["A3", "P1", "晋升", "", "2023-05-10", "碰头会", "", "", "", "", "", ""],
        {"kind": "晋升", "decided_by": "碰头会"},
        [(E, "任免类型", "提拔"), (W, "决定方式", "常委会")],
        id="unknown-kind-is-an-error-unknown-meeting-a-warning",
    ),
    pytest.param(
        ["A4", "P1", "交流", "", "", "", "", "2023-02-30", "", "", "", ""],
        {},
        [(E, "决定日期", "必填"), (E, "档案审核日期", "日期")],
        id="decision-date-required",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_appointment_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("appointments", H, [row]), fields, problems)


def test_appointee_units_and_nominator_must_exist(validate: Any) -> None:
    row = ["A1", "P1", "提拔", "U2", "2023-05-10", "", "P9", "", "", "", "", ""]
    result = validate("appointments", H + ["原单位代码"], [row + ["U3"]])
    known = {"people": {"P1"}, "units": {"U2"}}
    problems = check_references(
        REGISTRIES["appointments"], result.records, known, "a.csv", result.headers
    )
    assert sorted((p.column, p.value) for p in problems) == [
        ("原单位代码", "U3"),
        ("提名人编号", "P9"),
    ]
