"""contracts 采购合同: amounts, buyer units (strict), suppliers (may be registered elsewhere)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES

H = [
    "合同编号",
    "采购单位代码",
    "供应商统一社会信用代码",
    "合同名称",
    "合同金额",
    "签订日期",
    "采购方式",
    "项目类别",
]
E, W = "error", "warning"
SUP = "91310106746163113B"

CASES = [
    pytest.param(
        ["C1", "U1", SUP, "道路工程", "1,250,000.50", "2023-06-01", "公开招标", "工程"],
        {"amount": 1250000.5, "signed_date": date(2023, 6, 1), "supplier_uscc_invalid": False},
        [],
        id="tender",
    ),
    pytest.param(
        ["C2", "U1", SUP, "春耕补贴", "12.5万元", "2023年4月", "直接委托", "补贴"],
        {"amount": 125000.0, "category": "补贴", "signed_date": date(2023, 4, 1)},
        [],
        id="subsidy",
    ),
    pytest.param(
        ["C3", "U1", SUP, "", "100", "2023-01-01", "比选", "其他类"],
        {"method": "比选", "category": "其他类"},
        [(W, "采购方式", "公开招标"), (W, "项目类别", "工程")],
        id="unknown-method-and-category-warn",
    ),
    pytest.param(
        ["C4", "U1", "91310106746163113C", "", "", "", "", ""],
        {"supplier_uscc_invalid": True},
        [(E, "合同金额", "必填"), (E, "签订日期", "必填"), (W, "供应商统一社会信用代码", "校验码")],
        id="missing-amount-and-date-bad-supplier-code",
    ),
    pytest.param(
        ["C5", "U1", SUP, "", "五十万", "2023-01-01", "", ""],
        {"amount": None},
        [(E, "合同金额", "金额")],
        id="amount-in-words",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_contract_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("contracts", H, [row]), fields, problems)


def test_unknown_buyer_is_an_error_unknown_supplier_is_not(validate: Any) -> None:
    result = validate(
        "contracts", H, [["C1", "U9", "91110000000000000X", "", "1", "2023-01-01", "", ""]]
    )
    problems = check_references(
        REGISTRIES["contracts"], result.records, {"units": {"U1"}}, "c.csv", result.headers
    )
    assert [(p.column, p.value) for p in problems] == [("采购单位代码", "U9")]


def test_duplicate_contract_number(validate: Any) -> None:
    rows = [["C1", "U1", SUP, "", "1", "2023-01-01", "", ""]] * 2
    result = validate("contracts", H, rows)
    assert [(p.row, p.column) for p in result.errors] == [(3, "合同编号")]
