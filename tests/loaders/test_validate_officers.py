"""officers 企业主要人员: name, ID and role per company."""

from __future__ import annotations

from typing import Any

import pytest

H = ["统一社会信用代码", "姓名", "证件号", "职务"]
E, W = "error", "warning"
CO = "91310106746163113B"
PERSON = "110101199003074477"

CASES = [
    pytest.param(
        [CO, "张三", PERSON, "董事长"], {"role": "董事长", "id_number_invalid": False}, [], id="ok"
    ),
    pytest.param(
        [CO, "张三", "", "执行董事兼总经理"],
        {"id_number": None, "id_invalid": False},
        [],
        id="open-role-list",
    ),
    pytest.param(
        [CO, "张三", "110101199003074478", "监事"],
        {"id_invalid": True},
        [(W, "证件号", "校验码")],
        id="bad-id",
    ),
    pytest.param([CO, "张三", "", ""], {}, [(E, "职务", "必填")], id="role-required"),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_officer_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("officers", H, [row]), fields, problems)


def test_two_roles_of_one_person_are_two_rows(validate: Any) -> None:
    result = validate(
        "officers",
        H,
        [
            [CO, "张三", PERSON, "董事长"],
            [CO, "张三", PERSON, "经理"],
            [CO, "张三", PERSON, "经理"],
        ],
    )
    assert [p.row for p in result.errors] == [4]


def test_id_number_header_synonym(validate: Any) -> None:
    result = validate(
        "officers",
        ["统一社会信用代码", "姓名", "身份证号码", "职位"],
        [[CO, "张三", PERSON, "董事"]],
    )
    assert result.problems == [] and result.records[0]["id_number"] == PERSON
