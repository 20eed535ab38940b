"""family 家庭成员: 称谓 kept as given with its kinship class, relative IDs, report years."""

from __future__ import annotations

from typing import Any

import pytest

from loaders.validate import check_references
from model.registry import REGISTRIES, kinship_class

H = ["人员编号", "亲属编号", "亲属姓名", "称谓", "亲属身份证号", "工作单位", "职务", "报告年度"]
E, W = "error", "warning"
GOOD = "340102198005150028"

CASES = [
    pytest.param(
        ["P1", "", "王芳", "配偶", GOOD, "某公司", "经理", "2023"],
        {
            "relation": "配偶",
            "relative_id_number": GOOD,
            "relative_id_number_invalid": False,
            "report_year": 2023,
        },
        [],
        id="spouse",
    ),
    pytest.param(
        ["P1", "P7", "张小明", "儿子", "", "", "", "2023年度"],
        {"relative_id": "P7", "relation": "儿子", "report_year": 2023, "id_invalid": False},
        [],
        id="son-in-people",
    ),
    pytest.param(
        ["P1", "", "王芳", "妻子", "", "", "", ""],
        {"relation": "妻子"},
        [],
        id="synonym-kept-as-given",
    ),
    pytest.param(
        ["P1", "", "刘某", "干亲", "", "", "", ""],
        {"relation": "干亲"},
        [(W, "称谓", "配偶")],
        id="unknown-relation-warns",
    ),
    pytest.param(
        ["P1", "", "王芳", "配偶", "340102198005150029", "", "", "二〇二三"],
        {"relative_id_number_invalid": True, "id_invalid": True, "report_year": None},
        [(E, "报告年度", "整数"), (W, "亲属身份证号", "校验码")],  # cells first, then ID checks
        id="bad-id-and-year",
    ),
    pytest.param(
        ["", "", "", "", "", "某单位", "", ""],
        {"employer": "某单位"},
        [(E, "人员编号", "必填"), (E, "亲属姓名", "必填"), (E, "称谓", "必填")],
        id="every-missing-required-value",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_family_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("family", H, [row]), fields, problems)


@pytest.mark.parametrize(
    "relation, cls",
    [("配偶", "SPOUSE"), ("女儿", "LINEAL"), ("外孙子女", "LINEAL"), ("表兄弟姐妹", "COLL3"),
     ("外甥子女", "COLL3"), ("儿媳", "AFFINAL"), ("妹夫", "AFFINAL"), ("其他", "OTHER"), ("干亲", "OTHER")],
)  # fmt: skip
def test_kinship_class_of_each_relation(relation: str, cls: str) -> None:
    assert kinship_class(relation) == cls


def test_same_relative_in_two_report_years_is_not_a_duplicate(validate: Any) -> None:
    rows = [["P1", "", "王芳", "配偶", "", "", "", "2022"], ["P1", "", "王芳", "配偶", "", "", "", "2023"],
            ["P1", "", "王芳", "配偶", "", "", "", "2023"]]  # fmt: skip
    result = validate("family", H, rows)
    assert [p.row for p in result.errors] == [4]


def test_relative_id_must_name_a_person(validate: Any) -> None:
    result = validate("family", H, [["P1", "P7", "张小明", "儿子", "", "", "", ""]])
    problems = check_references(REGISTRIES["family"], result.records, {"people": {"P1"}}, "f.csv")
    assert [(p.column, p.value) for p in problems] == [("亲属编号", "P7")]
