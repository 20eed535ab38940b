"""duties 分管: who is in charge of which unit, with dates; header synonyms."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES

H = ["人员编号", "分管单位代码", "开始日期", "结束日期"]
E = "error"

CASES = [
    pytest.param(
        ["P1", "U2", "2020-01-01", ""], {"unit_id": "U2", "end_date": None}, [], id="open"
    ),
    pytest.param(
        ["P1", "U2", "20200101", "2022.6.30"], {"end_date": date(2022, 6, 30)}, [], id="date-forms"
    ),
    pytest.param(["P1", "U2", "", ""], {}, [(E, "开始日期", "必填")], id="start-required"),
    pytest.param(
        ["P1", "U2", "2022-01-01", "2021-01-01"], {}, [(E, "结束日期", "早于")], id="reversed"
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_duty_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("duties", H, [row]), fields, problems)


def test_plain_unit_code_header_is_accepted(validate: Any) -> None:
    result = validate("duties", ["人员编号", "单位代码", "起始日期"], [["P1", "U2", "2020-01-01"]])
    assert result.problems == [] and result.records[0]["unit_id"] == "U2"


def test_unknown_unit_is_an_error(validate: Any) -> None:
    result = validate("duties", H, [["P1", "U2", "2020-01-01", ""]])
    problems = check_references(
        REGISTRIES["duties"], result.records, {"people": {"P1"}}, "d.csv", result.headers
    )
    assert [(p.column, p.value) for p in problems] == [("分管单位代码", "U2")]
