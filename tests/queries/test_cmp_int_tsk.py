"""CMP-1 (complaint clusters), INT-2 (interventions recorded), TSK-1 (overdue tasks)."""

from __future__ import annotations

import pytest

from .cases import Case, Expect, check, ids
from .graphkit import Graph

AS_OF = "2025-06-30"


def complaints(g: Graph, dates: list[str]) -> Graph:
    g.person("P", name="黄磊")
    for i, day in enumerate(dates):
        g.complaint(f"X{i}", "P", day, specific=False)
    return g


CMP1 = [
    Case("three complaints in the year", "CMP-1",
         lambda g: complaints(g, ["2024-07-01", "2025-01-01", "2025-06-30"]), AS_OF,
         [Expect("P", {"complaints": ["X0", "X1", "X2"]}, "medium")]),
    Case("two complaints", "CMP-1", lambda g: complaints(g, ["2025-01-01", "2025-02-01"]), AS_OF, []),
    Case("one of three is older than the window", "CMP-1",
         lambda g: complaints(g, ["2024-06-29", "2025-01-01", "2025-02-01"]), AS_OF, []),
    Case("one of three is after as-of", "CMP-1",
         lambda g: complaints(g, ["2025-07-01", "2025-01-01", "2025-02-01"]), AS_OF, []),
    Case("threshold by parameter", "CMP-1", lambda g: complaints(g, ["2025-01-01", "2025-02-01"]), AS_OF,
         [Expect("P")], {"min_complaints": "2"}),
]  # fmt: skip

INT2 = [
    Case("intervention recorded in the year", "INT-2",
         lambda g: g.unit("U1").intervention("I1", "L", "2025-01-01", unit="U1"), AS_OF,
         [Expect("L", {"interventions": ["I1"], "units": ["U1"]}, "medium")]),
    Case("two records, one flag", "INT-2",
         lambda g: g.intervention("I1", "L", "2025-01-01").intervention("I2", "L", "2025-02-01", "工程建设"),
         AS_OF, [Expect("L", {"interventions": ["I1", "I2"]})]),
    Case("record older than the window", "INT-2",
         lambda g: g.intervention("I1", "L", "2024-06-29"), AS_OF, []),
]  # fmt: skip

TSK1 = [
    Case("task overdue", "TSK-1", lambda g: g.unit("U1").task("T1", "U1", "2025-05-01"), AS_OF,
         [Expect("U1", {"tasks": ["T1"]}, "low")]),
    Case("task done after as-of is overdue at as-of", "TSK-1",
         lambda g: g.unit("U1").task("T1", "U1", "2025-05-01", done="2025-07-02"), AS_OF, [Expect("U1")]),
    Case("task done late but before as-of", "TSK-1",
         lambda g: g.unit("U1").task("T1", "U1", "2025-05-01", done="2025-06-01"), AS_OF, []),
    Case("task due on as-of", "TSK-1", lambda g: g.unit("U1").task("T1", "U1", "2025-06-30"), AS_OF, []),
    Case("threshold by parameter", "TSK-1", lambda g: g.unit("U1").task("T1", "U1", "2025-05-01"), AS_OF,
         [], {"min_tasks": "2"}),
]  # fmt: skip

ALL = CMP1 + INT2 + TSK1


@pytest.mark.parametrize("case", ALL, ids=ids(ALL))
def test_count_rules(db, case: Case) -> None:
    check(db, case)
