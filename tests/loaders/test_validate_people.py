"""people 人员名册: 身份证号 checks (warning, kept, flagged), dates, the problem shape."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from loaders.problems import PROBLEM_FIELDS, Problem

H = ["人员编号", "姓名", "性别", "出生日期", "身份证号", "职级", "成长地区划"]
E, W = "error", "warning"
GOOD = "11010519491231002X"

CASES = [
    pytest.param(
        ["P1", "张伟", "男", "1949-12-31", GOOD, "正处", "110105"],
        {
            "person_id": "P1",
            "birth_date": date(1949, 12, 31),
            "id_number": GOOD,
            "id_number_invalid": False,
            "id_invalid": False,
        },
        [],
        id="valid-id",
    ),
    pytest.param(
        ["P2", "李娜", "女性", "1982年3月", "11010519491231002x", "正处级", ""],
        {"gender": "女", "birth_date": date(1982, 3, 1), "id_number": GOOD, "rank": "正处"},
        [],
        id="lower-x-and-canonical-values",
    ),
    pytest.param(
        ["P3", "王强", "男", "", "110105194912310021", "", ""],
        {"id_number": "110105194912310021", "id_number_invalid": True, "id_invalid": True},
        [(W, "身份证号", "校验码不符")],
        id="bad-check-digit-is-a-warning-and-kept",
    ),
    pytest.param(
        ["P4", "赵敏", "", "", "９９０１０５１９４９１２３１００２Ｘ", "", ""],
        {"id_number": "99010519491231002X", "id_invalid": True},
        [(W, "身份证号", "地区码")],
        id="unknown-province-full-width",
    ),
    pytest.param(
        ["P5", "", "未知", "2024-13-45", "", "一级巡视员", ""],
        {"gender": "未知", "birth_date": None, "rank": "一级巡视员", "id_invalid": False},
        [(E, "姓名", "必填"), (W, "性别", "男"), (E, "出生日期", "应为日期"), (W, "职级", "正厅")],
        id="every-problem-in-the-row",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_people_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("people", H, [row]), fields, problems)


def test_problem_string_is_the_documented_one() -> None:
    p = Problem(
        "people.csv",
        12,
        "出生日期",
        "2024-13-45",
        "应为日期 (expected a date such as 2024-03-05)",
        "error",
    )
    assert (
        str(p)
        == "people.csv 第12行 列「出生日期」值「2024-13-45」: 应为日期 (expected a date such as 2024-03-05)"
    )
    assert p.as_row() == {
        "file": "people.csv",
        "row": 12,
        "column": "出生日期",
        "value": "2024-13-45",
        "expected": "应为日期 (expected a date such as 2024-03-05)",
        "severity": "error",
    }
    assert "警告" in str(Problem("a.csv", None, "x", None, "y", "warning"))
    with pytest.raises(ValueError):
        Problem("a.csv", 1, None, None, "y", "fatal")


def test_every_problem_has_the_one_error_shape(validate: Any) -> None:
    rows = [["P1", "", "x", "bad", "123", "", ""], ["P1", "张", "", "", "", "", ""]]
    result = validate("people", H + ["备注"], [r + ["r"] for r in rows])
    assert len(result.problems) >= 5
    for p in result.problems:
        assert set(p.as_row()) == set(PROBLEM_FIELDS)
        assert p.file == "people.csv" and p.expected and p.severity in ("error", "warning")
        assert p.column is not None
        assert "\u4e00" <= p.expected[0] <= "\u9fff" or p.expected[0] == "与", p.expected


def test_unknown_column_warned_once_and_kept_as_extra(validate: Any) -> None:
    rows = [["P1", "张", "党员"], ["P2", "李", "群众"], ["P3", "王", ""]]
    result = validate("people", ["人员编号", "姓名", "备注 信息"], rows)
    warnings = [p for p in result.problems if p.severity == "warning"]
    assert len(warnings) == 1 and warnings[0].row is None and warnings[0].column == "备注 信息"
    assert [r["extra_备注_信息"] for r in result.records] == ["党员", "群众", None]
    assert result.ok


def test_missing_required_column_is_one_error_not_one_per_row(validate: Any) -> None:
    result = validate("people", ["人员编号", "性别"], [["P1", "男"], ["P2", "女"]])
    errors = result.errors
    assert len(errors) == 1 and errors[0].row is None and errors[0].column == "姓名"
    assert "缺少必填列" in errors[0].expected


def test_english_aliases_work_as_headers(validate: Any) -> None:
    result = validate(
        "people", ["person_id", "NAME", "Birth_Date", "id_number"], [["P1", "张", "1970/1/2", GOOD]]
    )
    assert result.problems == []
    assert result.records[0]["birth_date"] == date(1970, 1, 2)


def test_two_columns_for_the_same_field_is_an_error(validate: Any) -> None:
    result = validate("people", ["人员编号", "姓名", "name"], [["P1", "张", "张"]])
    assert [p.column for p in result.errors] == ["name"]


def test_records_have_every_alias_even_when_absent(validate: Any) -> None:
    result = validate("people", ["人员编号", "姓名"], [["P1", "张"]])
    record = result.records[0]
    assert set(record) >= {"_row", "person_id", "name", "gender", "birth_date", "id_number", "rank"}
    assert record["_row"] == 2 and record["gender"] is None


@pytest.mark.parametrize(
    "region, warns",
    [
        ("34", False),
        ("3401", False),
        ("340102", False),
        ("340102001", False),
        ("安徽合肥", True),
        ("3401021", True),
    ],
)
def test_growth_region_is_a_code_or_its_prefix(validate: Any, region: str, warns: bool) -> None:
    result = validate("people", ["人员编号", "姓名", "成长地区划"], [["P1", "张", region]])
    assert [p.severity for p in result.problems] == (["warning"] if warns else [])
    assert result.records[0]["growth_region"] == region
