"""interventions 插手干预重大事项记录: matters (descriptive), companies named by USCC."""

from __future__ import annotations

from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES

H = ["记录编号", "人员编号", "日期", "事项类型", "事项说明", "涉及企业", "涉及单位代码"]
E, W = "error", "warning"
A, B = "91310106746163113B", "91310000744942914H"

CASES = [
    pytest.param(
        ["I1", "P1", "2023-04-01", "工程建设", "", f"{A};{B}", "U1"],
        {"companies": [A, B], "companies_invalid": False},
        [],
        id="two-companies",
    ),
    pytest.param(
        ["I2", "P1", "2023-04-01", "人情请托", "", "", ""],
        {"matter": "人情请托"},
        [(W, "事项类型", "选人用人")],
        id="unknown-matter-warns",
    ),
    pytest.param(
        ["I3", "P1", "", "", "", "", ""],
        {},
        [(E, "日期", "必填"), (E, "事项类型", "必填")],
        id="required",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_intervention_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("interventions", H, [row]), fields, problems)


def test_leader_and_unit_must_exist(validate: Any) -> None:
    result = validate("interventions", H, [["I1", "P9", "2023-04-01", "政府采购", "", A, "U9"]])
    problems = check_references(REGISTRIES["interventions"], result.records, {}, "i.csv")
    assert [(p.column, p.value) for p in problems] == [("人员编号", "P9"), ("涉及单位代码", "U9")]
