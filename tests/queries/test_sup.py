"""SUP-1..4: supervision talks, the four ones, reports on duty, overdue rectification."""

from __future__ import annotations

import pytest

from .cases import Case, Expect, check, ids
from .graphkit import Graph

AS_OF = "2025-06-30"


def base(g: Graph) -> Graph:
    g.unit("U0", name="区委").unit("U1", "U0", name="区财政局").unit("U2", "U0", name="区审计局")
    return g.person("L", name="吴涛").person("S", name="郑书记").person("T", name="马科长")


def top(g: Graph, start: str = "2020-01-01") -> Graph:
    return base(g).post("L", "U1", "一把手", start=start, title="局长")


SUP1 = [
    Case("no talk in the year", "SUP-1", top, AS_OF, [Expect("L", {"units": ["U1"]}, "medium")]),
    Case("political supervision talk by the secretary", "SUP-1",
         lambda g: top(g).event("E1", "政治监督谈话", "2025-01-10", by="S", target="L"), AS_OF, []),
    Case("written inquiry counts", "SUP-1",
         lambda g: top(g).event("E1", "函询", "2024-07-01", target="L"), AS_OF, []),
    Case("a talk the leader conducted himself does not count", "SUP-1",
         lambda g: top(g).event("E1", "廉政谈话", "2025-01-10", by="L", target="L"), AS_OF, [Expect("L")]),
    Case("talk 366 days before as-of is too old", "SUP-1",
         lambda g: top(g).event("E1", "约谈", "2024-06-29", by="S", target="L"), AS_OF, [Expect("L")]),
    Case("other kinds do not count", "SUP-1",
         lambda g: top(g).event("E1", "述责述廉", "2025-01-10", by="S", target="L"), AS_OF, [Expect("L")]),
    Case("top leader for less than a year", "SUP-1", lambda g: top(g, start="2024-07-02"), AS_OF, []),
    Case("top leader for exactly 365 days", "SUP-1", lambda g: top(g, start="2024-06-30"), AS_OF, [Expect("L")]),
    Case("team members are not subject", "SUP-1",
         lambda g: base(g).post("L", "U1", "班子成员"), AS_OF, []),
]  # fmt: skip


def duty(g: Graph, start: str = "2020-01-01") -> Graph:
    return (
        base(g).post("L", "U0", "班子成员").duty("L", "U1", start=start).post("T", "U1", "工作人员")
    )


def four_ones(g: Graph, skip: str = "") -> Graph:
    duty(g)
    if skip != "report":
        g.event("E1", "听取汇报", "2025-01-15", by="L", target_unit="U1")
    if skip != "inspection":
        g.event("E2", "党风廉政检查", "2024-09-15", by="L", target_unit="U1")
    g.event("E3", "党风廉政检查", "2025-05-15", by="L", target_unit="U1")
    if skip != "talk":
        g.event("E4", "廉政谈话", "2025-03-01", by="L", target="T")
    return g


SUP2 = [
    Case("all four ones done", "SUP-2", four_ones, AS_OF, []),
    Case("no report heard", "SUP-2", lambda g: four_ones(g, "report"), AS_OF,
         [Expect("L", {"units": ["U1"], "events": ["E2", "E3", "E4"]}, "low")]),
    Case("only one inspection", "SUP-2", lambda g: four_ones(g, "inspection"), AS_OF, [Expect("L")]),
    Case("no integrity talk", "SUP-2", lambda g: four_ones(g, "talk"), AS_OF, [Expect("L")]),
    Case("talk with someone not in post there", "SUP-2",
         lambda g: four_ones(g, "talk").person("Z").post("Z", "U2", "工作人员")
         .event("E5", "廉政谈话", "2025-03-01", by="L", target="Z"), AS_OF, [Expect("L")]),
    Case("talk targeting the unit counts", "SUP-2",
         lambda g: four_ones(g, "talk").event("E5", "廉政谈话", "2025-03-01", by="L", target_unit="U1"),
         AS_OF, []),
    Case("events by someone else do not count", "SUP-2",
         lambda g: duty(g).event("E1", "听取汇报", "2025-01-15", by="S", target_unit="U1"), AS_OF, [Expect("L")]),
    Case("duty not held throughout the year", "SUP-2", lambda g: duty(g, start="2024-07-02"), AS_OF, []),
    Case("duty held exactly the whole window", "SUP-2", lambda g: duty(g, start="2024-06-30"), AS_OF, [Expect("L")]),
    Case("threshold lowered by parameter", "SUP-2", lambda g: four_ones(g, "inspection"), AS_OF, [],
         {"min_inspections": "1"}),
]  # fmt: skip


SUP3 = [
    Case("leader all year, no report", "SUP-3", lambda g: base(g).post("L", "U1", "班子成员"), AS_OF,
         [Expect("L", {"units": ["U1"]}, "low")]),
    Case("reported on duty and integrity", "SUP-3",
         lambda g: base(g).post("L", "U1", "班子成员").event("E1", "述责述廉", "2025-01-20", target="L"), AS_OF, []),
    Case("leader for half a year", "SUP-3", lambda g: base(g).post("L", "U1", "班子成员", start="2025-01-01"), AS_OF, []),
    Case("post ended the day before as-of", "SUP-3",
         lambda g: base(g).post("L", "U1", "班子成员", end="2025-06-29"), AS_OF, []),
    Case("staff are not leaders", "SUP-3", lambda g: base(g).post("L", "U1", "工作人员"), AS_OF, []),
]  # fmt: skip

SUP4 = [
    Case("overdue and open", "SUP-4",
         lambda g: base(g).problem("Q1", "U1", "2025-03-01", person="L").problem("Q2", "U1", "2025-05-01"), AS_OF,
         [Expect("U1", {"problems": ["Q1", "Q2"], "persons": ["L"]}, "medium")]),
    Case("closed after as-of is still open at as-of", "SUP-4",
         lambda g: base(g).problem("Q1", "U1", "2025-03-01", closed="2025-07-15"), AS_OF, [Expect("U1")]),
    Case("closed late but before as-of", "SUP-4",
         lambda g: base(g).problem("Q1", "U1", "2025-03-01", closed="2025-04-01"), AS_OF, []),
    Case("due on as-of is not yet overdue", "SUP-4",
         lambda g: base(g).problem("Q1", "U1", "2025-06-30"), AS_OF, []),
    Case("no due date", "SUP-4", lambda g: base(g).problem("Q1", "U1", None), AS_OF, []),
]  # fmt: skip

ALL = SUP1 + SUP2 + SUP3 + SUP4


@pytest.mark.parametrize("case", ALL, ids=ids(ALL))
def test_supervision_rules(db, case: Case) -> None:
    check(db, case)
