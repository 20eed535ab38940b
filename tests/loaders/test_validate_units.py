"""units 单位名录: hierarchy (parent later in the file, dangling, loops), levels, kinds."""

from __future__ import annotations

from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES

H = ["单位代码", "单位名称", "单位类型", "上级单位代码", "行政级别", "区划代码", "职能领域"]
E, W = "error", "warning"

CASES = [
    pytest.param(
        ["U1", "市委", "党委", "", "市", "340100", "组织;人事"],
        {
            "unit_id": "U1",
            "kind": "党委",
            "parent_id": None,
            "level": "市",
            "functions": ["组织", "人事"],
            "region_code": "340100",
        },
        [],
        id="complete",
    ),
    pytest.param(
        ["U2", "县纪委", "纪委", "U1", "县级", "３４０１２１", "纪检、监察"],
        {"kind": "纪委监委", "level": "县", "region_code": "340121", "functions": ["纪检", "监察"]},
        [],
        id="canonical-spellings-and-full-width-code",
    ),
    pytest.param(
        ["U3", "某中心", "协会", "U1", "副部级", "", ""],
        {"kind": "协会", "level": "副部级"},
        [(W, "单位类型", "党委"), (W, "行政级别", "省")],
        id="unknown-kind-and-level-warn-but-keep",
    ),
    pytest.param(
        ["", "", "党委", "", "", "", ""],
        {"unit_id": None},
        [(E, "单位代码", "必填"), (E, "单位名称", "必填")],
        id="every-missing-required-value",
    ),
    pytest.param(
        ["U4", "自指", "", "U4", "", "", ""],
        {"parent_id": "U4"},
        [(E, "上级单位代码", "本单位")],
        id="own-parent",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_unit_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("units", H, [row]), fields, problems)


def test_parent_may_come_later_in_the_same_file(validate: Any) -> None:
    result = validate(
        "units", H[:4], [["U2", "局", "政府部门", "U1"], ["U1", "市政府", "政府", ""]]
    )
    assert result.ok
    assert check_references(REGISTRIES["units"], result.records, {}, "units.csv") == []


def test_dangling_parent_is_an_error_with_row_and_column(validate: Any) -> None:
    result = validate("units", ["单位代码", "单位名称", "上级代码"], [["U2", "局", "U9"]])
    problems = check_references(
        REGISTRIES["units"], result.records, {"units": {"U1"}}, "units.csv", result.headers
    )
    assert [(p.row, p.column, p.value, p.severity) for p in problems] == [
        (2, "上级代码", "U9", "error")
    ]
    assert "单位名录" in problems[0].expected


def test_parent_known_from_the_database_is_fine(validate: Any) -> None:
    result = validate("units", H[:4], [["U2", "局", "", "U1"]])
    assert check_references(REGISTRIES["units"], result.records, {"units": {"U1"}}, "u.csv") == []


def test_parent_loop_is_an_error(validate: Any) -> None:
    rows = [["A", "a", "", "B"], ["B", "b", "", "C"], ["C", "c", "", "A"], ["D", "d", "", "A"]]
    result = validate("units", H[:4], rows)
    problems = check_references(REGISTRIES["units"], result.records, {}, "u.csv")
    assert len(problems) == 1 and "循环" in problems[0].expected
    assert problems[0].value is not None and problems[0].value.count("→") == 3


def test_duplicate_unit_id_names_both_rows(validate: Any) -> None:
    result = validate("units", H[:2], [["U1", "甲"], ["U2", "乙"], ["U1", "丙"]])
    dup = [p for p in result.problems if "重复" in p.expected]
    assert [(p.row, p.value) for p in dup] == [(4, "U1")]
    assert "第2行" in dup[0].expected and not result.ok


def test_garbage_cells_become_problems_not_crashes(validate: Any) -> None:
    rows = [["U1", "市\x00委", "", "", "", "", "；、", "x\x00y"]]
    result = validate("units", H + ["备注"], rows)
    assert result.records[0]["functions"] is None
    assert [(p.column, p.severity) for p in result.problems if p.row] == [
        ("单位名称", "error"),
        ("备注", "error"),
    ]
    assert "\\x00" in str(result.problems[-1])
