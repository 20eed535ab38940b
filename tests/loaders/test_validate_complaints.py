"""complaints 信访举报: status is strict (open/closed), 具体可查 as bool, companies as codes or names."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES

H = [
    "件号",
    "收件日期",
    "来源",
    "被反映人编号",
    "被反映人姓名",
    "问题类别",
    "涉及企业",
    "具体可查",
    "办理状态",
    "办结日期",
    "办理结果",
]
E, W = "error", "warning"
CO = "91310106746163113B"

CASES = [
    pytest.param(
        [
            "X1",
            "2023-03-01",
            "来信",
            "P1",
            "",
            "廉洁纪律",
            f"{CO}；某某建材公司",
            "是",
            "初核",
            "",
            "",
        ],
        {
            "specific": True,
            "companies": [CO, "某某建材公司"],
            "status": "初核",
            "companies_invalid": False,
        },
        [],
        id="open-specific",
    ),
    pytest.param(
        [
            "X2",
            "2023/3/1",
            "网络举报",
            "",
            "张三",
            "",
            "",
            "否",
            "已办结",
            "2023-06-01",
            "查无实据",
        ],
        {"channel": "网络", "specific": False, "status": "了结", "closed_date": date(2023, 6, 1)},
        [],
        id="canonical-status",
    ),
    pytest.param(
        [
            "X3",
            "2023-03-01",
            "",
            "",
            "",
            "",
            "91310106746163113c, 乙公司",
            "可能",
            "处理中",
            "",
            "",
        ],
        {"companies": ["91310106746163113C", "乙公司"], "companies_invalid": True},
        [(E, "具体可查", "是/否"), (E, "办理状态", "待处理"), (W, "涉及企业", "校验码")],
        id="bad-bool-status-and-code-in-list",
    ),
    pytest.param(
        ["X4", "", "", "", "", "", "", "", "", "", ""],
        {},
        [(E, "收件日期", "必填"), (E, "办理状态", "必填")],
        id="required",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_complaint_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("complaints", H, [row]), fields, problems)


def test_subject_person_must_exist_companies_need_not(validate: Any) -> None:
    row = ["X1", "2023-03-01", "", "P9", "", "", "91110000000000000X", "", "初核", "", ""]
    result = validate("complaints", H, [row])
    problems = check_references(
        REGISTRIES["complaints"], result.records, {"people": {"P1"}}, "x.csv"
    )
    assert [(p.column, p.value) for p in problems] == [("被反映人编号", "P9")]
