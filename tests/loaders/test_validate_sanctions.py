"""sanctions 问责处分: kinds are strict because each has an effect period (APT-2)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from model.registry import effect_months

H = ["编号", "人员编号", "类型", "日期", "事由"]
E = "error"

CASES = [
    pytest.param(
        ["Z1", "P1", "党内警告", "2023-01-01", "违规吃喝"],
        {"kind": "党内警告", "date": date(2023, 1, 1)},
        [],
        id="party-warning",
    ),
    pytest.param(["Z2", "P1", "诫勉谈话", "2023-01-01", ""], {"kind": "诫勉"}, [], id="canonical"),
    pytest.param(
        ["Z3", "P1", "罚款", "2023-01-01", ""],
        {"kind": "罚款"},
        [(E, "类型", "开除党籍")],
        id="unknown-kind",
    ),
    pytest.param(
        ["Z4", "", "", "", ""],
        {},
        [(E, "人员编号", "必填"), (E, "类型", "必填"), (E, "日期", "必填")],
        id="required",
    ),
]


@pytest.mark.parametrize("row, fields, problems", CASES)
def test_sanction_rows(
    validate: Any, kit: Any, row: list[Any], fields: dict[str, Any], problems: Any
) -> None:
    kit.assert_case(validate("sanctions", H, [row]), fields, problems)


@pytest.mark.parametrize(
    "kind, months",
    [("诫勉", 6), ("党内严重警告", 18), ("开除党籍", 60), ("撤职", 24), ("批评教育", None), ("问责", None),
     ("严重警告", 18), ("警告", None)],
)  # fmt: skip
def test_effect_months(kind: str, months: int | None) -> None:
    assert effect_months(kind) == months


def test_every_valid_kind_has_a_declared_period_or_none(validate: Any) -> None:
    from model.registry import REGISTRIES

    col = REGISTRIES["sanctions"].column("kind")
    assert set(col.effect_months) == set(col.allowed)


def test_a_bare_warning_is_ambiguous_and_rejected(validate: Any) -> None:
    # 党内警告 bars promotion for 12 months, 政务警告 for 6: the office must say which.
    result = validate("sanctions", H, [["Z1", "P1", "警告", "2023-01-01", ""]])
    assert [(p.column, p.severity) for p in result.problems] == [("类型", "error")]
