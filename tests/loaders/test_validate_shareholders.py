"""shareholders 股东: holder type decides whether the ID is a 身份证号 or a USCC."""

from __future__ import annotations

from typing import Any

import pytest

from loaders.read import table_from_rows
from loaders.validate import check_references, iter_validated
from model.registry import REGISTRIES

H = ["统一社会信用代码", "股东名称", "股东类型", "股东证件号", "持股比例", "认缴出资额", "变更日期"]
E, W = "error", "warning"
CO = "91310106746163113B"
HOLDER_CO = "91310000744942914H"
PERSON = "11010519491231002X"

CASES = [
    pytest.param(
        [CO, "张三", "自然人", PERSON, "35%", "50万元", "2020-01-01"],
        {
            "holder_type": "自然人",
            "holder_id": PERSON,
            "pct": 35.0,
            "subscribed": 500000.0,
            "holder_id_invalid": False,
        },
        [],
        id="natural-person",
    ),
    pytest.param(
        [CO, "某集团", "企业法人", HOLDER_CO, "0.5", "", ""],
        {"holder_type": "企业", "pct": 0.5, "holder_id_invalid": False},
        [],
        id="company-holder-half-a-percent",
    ),
    pytest.param(
        [CO, "李四", "个人", HOLDER_CO, "", "", ""],
        {"holder_type": "自然人", "holder_id_invalid": True},
        [(W, "股东证件号", "身份证号")],
        id="a-person-with-a-company-code-fails-the-id-check",
    ),
    pytest.param(
        [CO, "王五", "合伙人", "", "120", "", ""],
        {},
        [(E, "股东类型", "自然人"), (E, "持股比例", "百分比")],
        id="unknown-type-and-pct-over-100",
    ),
    pytest.param(
        [CO, "赵六", "", "X" * 18, "", "", ""],
        {"holder_id_invalid": True},
        [(E, "股东类型", "必填"), (W, "股东证件号", "统一社会信用代码")],
        id="no-type-id-checked-by-its-form",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_shareholder_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("shareholders", H, [row]), fields, problems)


def test_held_and_holding_companies_need_not_be_registered(validate: Any) -> None:
    result = validate("shareholders", H, [[CO, "某集团", "企业", HOLDER_CO, "", "", ""]])
    assert check_references(REGISTRIES["shareholders"], result.records, {}, "s.csv") == []


def test_same_holder_twice_in_one_company_is_a_duplicate(validate: Any) -> None:
    rows = [[CO, "张三", "自然人", PERSON, "10", "", ""], [CO, "张三", "自然人", PERSON, "20", "", ""],
            [CO, "张三", "自然人", "", "20", "", ""]]  # fmt: skip
    result = validate("shareholders", H, rows)
    assert [p.row for p in result.errors] == [3]


def test_a_key_repeated_chunks_later_names_its_first_row() -> None:
    """Keys are remembered by digest across chunks: a repeat far down is found, with the row
    first seen; keys that differ in one part, or only in an empty part, are not repeats."""
    rows = [[CO, f"股东{n}", "自然人", "", "1", "", ""] for n in range(40)]
    rows += [[CO, "股东3", "自然人", "", "2", "", ""],  # the 4th row's key again
             [CO, "股东3", "自然人", PERSON, "2", "", ""],  # another part: not a repeat
             [HOLDER_CO, "股东3", "自然人", "", "2", "", ""]]  # fmt: skip
    table = table_from_rows("s.csv", H, rows)
    problems = [
        p for chunk in iter_validated(table, REGISTRIES["shareholders"], None, 7)
        for p in chunk.problems if p.is_error
    ]  # fmt: skip
    assert [(p.row, "重复" in p.expected, "row 5" in p.expected) for p in problems] == [
        (42, True, True)
    ]


def test_unit_in_the_header_scales_plain_amounts(validate: Any) -> None:
    headers = ["统一社会信用代码", "股东名称", "股东类型", "持股比例(%)", "认缴出资额（万元）"]
    rows = [[CO, "张三", "自然人", "35", "50"], [CO, "李四", "自然人", "5%", "20万元"]]
    result = validate("shareholders", headers, rows)
    assert result.problems == []
    assert [(r["pct"], r["subscribed"]) for r in result.records] == [
        (35.0, 500000.0),
        (5.0, 200000.0),
    ]
