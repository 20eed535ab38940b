"""posts 任职记录: roles are strict (every leader rule starts from them), dates, references."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES

H = ["人员编号", "单位代码", "职务", "职务类别", "岗位性质", "任职日期", "免职日期"]
E, W = "error", "warning"

CASES = [
    pytest.param(
        ["P1", "U1", "党委书记", "一把手", "", "2015-06-01", ""],
        {"role": "一把手", "start_date": date(2015, 6, 1), "end_date": None, "functions": None},
        [],
        id="top-leader-still-in-post",
    ),
    pytest.param(
        ["P2", "U1", "副局长", "副职", "财务、审计", "2018/3/1", "2021年5月"],
        {"role": "班子成员", "functions": ["财务", "审计"], "end_date": date(2021, 5, 1)},
        [],
        id="canonical-role-and-month-date",
    ),
    pytest.param(
        ["P3", "U1", "局长", "一把手们", "", "2018-01-01", ""],
        {"role": "一把手们"},
        [(E, "职务类别", "一把手")],
        id="unknown-role-is-an-error",
    ),
    pytest.param(
        ["P4", "U1", "科员", "工作人员", "", "2020-01-01", "2019-12-31"],
        {},
        [(E, "免职日期", "早于")],
        id="ends-before-it-starts",
    ),
    pytest.param(
        ["P5", "U1", "", "班子成员", "", "", ""],
        {},
        [(E, "职务", "必填"), (E, "任职日期", "必填")],
        id="missing-title-and-start",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_post_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("posts", H, [row]), fields, problems)


def test_same_post_twice_is_a_duplicate_but_a_new_term_is_not(validate: Any) -> None:
    rows = [
        ["P1", "U1", "局长", "一把手", "", "2015-01-01", "2018-01-01"],
        ["P1", "U1", "局长", "一把手", "", "2020-01-01", ""],
        ["P1", "U1", "局长", "一把手", "", "2015/1/1", ""],
    ]
    result = validate("posts", H, rows)
    assert [(p.row, "第2行" in p.expected) for p in result.errors] == [(4, True)]


def test_person_and_unit_must_exist(validate: Any) -> None:
    result = validate(
        "posts",
        H,
        [
            ["P1", "U1", "局长", "一把手", "", "2015-01-01", ""],
            ["P9", "U9", "局长", "一把手", "", "2015-01-01", ""],
        ],
    )
    problems = check_references(
        REGISTRIES["posts"], result.records, {"people": {"P1"}, "units": {"U1"}}, "posts.csv"
    )
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "人员编号", "P9"),
        (3, "单位代码", "U9"),
    ]
