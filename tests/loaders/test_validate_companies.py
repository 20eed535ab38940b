"""companies 企业登记: the market regulator's own export, capital units, USCC checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from loaders.read import read_table
from loaders.registry_names import registry_for_stem
from loaders.validate import check_references, validate_rows
from model.registry import REGISTRIES

H = [
    "统一社会信用代码",
    "企业名称",
    "法定代表人",
    "法定代表人证件号",
    "成立日期",
    "注册资本",
    "经营状态",
]
E, W = "error", "warning"
USCC = "91310106746163113B"

CASES = [
    pytest.param(
        [USCC, "上海争翔贸易有限公司", "金庆华", "", "2003-01-03", "50(万元人民币)", "存续"],
        {
            "uscc": USCC,
            "capital": 500000.0,
            "founded": date(2003, 1, 3),
            "uscc_invalid": False,
            "id_invalid": False,
        },
        [],
        id="regulator-format",
    ),
    pytest.param(
        ["91310106746163113b", "甲", "", "", "", "3,000(万元人民币)", ""],
        {"uscc": USCC, "capital": 30000000.0},
        [],
        id="lower-case-code-normalised",
    ),
    pytest.param(
        ["91310106746163113C", "乙", "", "", "", "", ""],
        {"uscc": "91310106746163113C", "uscc_invalid": True, "id_invalid": True},
        [(W, "统一社会信用代码", "校验码应为B")],
        id="bad-check-character-kept-and-flagged",
    ),
    pytest.param(
        [USCC, "丙", "张三", "110105194912310021", "", "860(万美元)", ""],
        {"capital": None, "legal_rep_id_number_invalid": True, "extra_注册资本": "860(万美元)"},
        [(W, "注册资本", "外币"), (W, "法定代表人证件号", "校验码")],
        id="foreign-capital-kept-as-text",
    ),
    pytest.param(
        [USCC, "丁", "", "", "N/A", "N/A", "N/A"],
        {"capital": None, "founded": None, "status": None},
        [],
        id="na-is-empty",
    ),
    pytest.param(
        ["", "", "", "", "2003-02-30", "Ludovic，Frederic", ""],
        {},
        [
            (E, "统一社会信用代码", "必填"),
            (E, "企业名称", "必填"),
            (E, "成立日期", "日期"),
            (E, "注册资本", "金额"),
        ],
        id="every-problem",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_company_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("companies", H, [row]), fields, problems)


def test_capital_header_with_unit_scales_plain_numbers(validate: Any) -> None:
    result = validate(
        "companies",
        ["统一社会信用代码", "企业名称", "注册资本（万元）"],
        [[USCC, "甲", "50"], ["91310000744942914H", "乙", "50万元"]],
    )
    assert result.problems == []
    assert [r["capital"] for r in result.records] == [500000.0, 500000.0]


def test_company_codes_are_never_reference_errors(validate: Any) -> None:
    result = validate("companies", H[:2], [[USCC, "甲"]])
    assert check_references(REGISTRIES["companies"], result.records, {}, "c.csv") == []


REAL = Path("/work/shared/realdata/cn_enterprise_registration/2003/上海.csv")


@pytest.mark.realdata
@pytest.mark.skipif(not REAL.exists(), reason="real registration data not present")
def test_real_regulator_file_loads_with_only_expected_problems() -> None:
    assert registry_for_stem("2024_企业登记").name == "companies"
    table = read_table(REAL, registry=REGISTRIES["companies"])
    result = validate_rows(table, REGISTRIES["companies"])
    # 所在省份 and 地区 are not registry columns: kept as extra_, one warning each.
    unknown = [p for p in result.problems if p.row is None]
    assert sorted(p.column for p in unknown) == ["地区", "所在省份"]
    assert result.rows_read > 1000
    by_kind: dict[str, int] = {}
    for p in result.problems:
        if p.row is not None:
            by_kind[p.column] = by_kind.get(p.column, 0) + 1
    # Real data: most rows are clean; foreign capital warns; codes mostly pass GB 32100.
    clean = sum(1 for r in result.records if r["capital"] is not None and not r["id_invalid"])
    assert clean / result.rows_read > 0.5
    assert all(r["founded"] is not None for r in result.records[:100])
    assert by_kind.get("统一社会信用代码", 0) < result.rows_read * 0.05
