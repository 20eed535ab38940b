"""PWR-1..5: power of top leaders: direct duties, tenure, collective decisions, speaking last,
power concentration."""

from __future__ import annotations

import pytest

from .cases import Case, Expect, check, ids
from .graphkit import Graph

AS_OF = "2025-06-30"


def base(g: Graph) -> Graph:
    g.unit("U0", name="区政府", level="县")
    g.unit("U1", "U0", name="区财政局", functions=["财务"]).unit(
        "U2", "U0", name="区文旅局", functions=["文化"]
    )
    return g.person("L", name="陈军").person("M", name="刘洋").person("N", name="周敏")


PWR1 = [
    Case("top leader in charge of finance", "PWR-1",
         lambda g: base(g).post("L", "U0", "一把手").duty("L", "U1"), AS_OF,
         [Expect("L", {"units": ["U0", "U1"]}, "medium")]),
    Case("team member may be in charge of finance", "PWR-1",
         lambda g: base(g).post("L", "U0", "班子成员").duty("L", "U1"), AS_OF, []),
    Case("duty on a unit without sensitive functions", "PWR-1",
         lambda g: base(g).post("L", "U0", "一把手").duty("L", "U2"), AS_OF, []),
    Case("duty ended the day before as-of", "PWR-1",
         lambda g: base(g).post("L", "U0", "一把手").duty("L", "U1", end="2025-06-29"), AS_OF, []),
    Case("top leader post ended the day before as-of", "PWR-1",
         lambda g: base(g).post("L", "U0", "一把手", end="2025-06-29").duty("L", "U1"), AS_OF, []),
]  # fmt: skip

PWR2 = [
    Case("ten years exactly", "PWR-2",
         lambda g: base(g).post("L", "U1", "一把手", start="2015-06-30", title="局长"), AS_OF,
         [Expect("L", {"units": ["U1"]}, "high")]),
    Case("one day short of ten years", "PWR-2",
         lambda g: base(g).post("L", "U1", "一把手", start="2015-07-01", title="局长"), AS_OF, []),
    Case("consecutive records of the same post are one tenure", "PWR-2",
         lambda g: base(g).post("L", "U1", "班子成员", "2014-01-01", "2018-12-31", "副局长")
         .post("L", "U1", "班子成员", "2019-01-01", None, "副局长"), AS_OF, [Expect("L")]),
    Case("a gap breaks the tenure", "PWR-2",
         lambda g: base(g).post("L", "U1", "班子成员", "2014-01-01", "2018-12-30", "副局长")
         .post("L", "U1", "班子成员", "2019-01-01", None, "副局长"), AS_OF, []),
    Case("another title is another post", "PWR-2",
         lambda g: base(g).post("L", "U1", "班子成员", "2012-01-01", "2018-12-31", "副局长")
         .post("L", "U1", "一把手", "2019-01-01", None, "局长"), AS_OF, []),
    Case("long tenure that ended", "PWR-2",
         lambda g: base(g).post("L", "U1", "一把手", "2010-01-01", "2025-06-29", "局长"), AS_OF, []),
    Case("staff posts are not leader posts", "PWR-2",
         lambda g: base(g).post("L", "U1", "工作人员", "2010-01-01", None, "科员"), AS_OF, []),
    Case("stricter local rule by parameter", "PWR-2",
         lambda g: base(g).post("L", "U1", "一把手", start="2020-01-01", title="局长"), AS_OF,
         [Expect("L")], {"years": "5"}),
]  # fmt: skip

PWR3 = [
    Case("major decision by secretaries' meeting", "PWR-3",
         lambda g: base(g).decision("D1", "U1", "2025-03-01", meeting="书记办公会"), AS_OF,
         [Expect("U1", {"decisions": ["D1"]}, "high")]),
    Case("collective meeting", "PWR-3",
         lambda g: base(g).decision("D1", "U1", "2025-03-01", meeting="党组会"), AS_OF, []),
    Case("365 days before as-of is inside the window", "PWR-3",
         lambda g: base(g).decision("D1", "U1", "2024-06-30", meeting="圈阅"), AS_OF, [Expect("U1")]),
    Case("366 days before as-of is outside", "PWR-3",
         lambda g: base(g).decision("D1", "U1", "2024-06-29", meeting="圈阅"), AS_OF, []),
    Case("after as-of", "PWR-3",
         lambda g: base(g).decision("D1", "U1", "2025-07-01", meeting="临时动议"), AS_OF, []),
    Case("category outside the three majors", "PWR-3",
         lambda g: base(g).decision("D1", "U1", "2025-03-01", meeting="圈阅", category="日常事务"),
         AS_OF, []),
]  # fmt: skip

PWR4 = [
    Case("top leader spoke first", "PWR-4",
         lambda g: base(g).post("L", "U1", "一把手").decision("D1", "U1", "2025-03-01", speakers=["L", "M", "N"]),
         AS_OF, [Expect("L", {"decisions": ["D1"], "units": ["U1"]}, "medium")]),
    Case("top leader spoke last", "PWR-4",
         lambda g: base(g).post("L", "U1", "一把手").decision("D1", "U1", "2025-03-01", speakers=["M", "N", "L"]),
         AS_OF, []),
    Case("only the list property is there", "PWR-4",
         lambda g: base(g).post("L", "U1", "一把手")
         .decision("D1", "U1", "2025-03-01", speakers=["M", "L", "N"], use_rels=False), AS_OF, [Expect("L")]),
    Case("only SPOKE_IN relationships", "PWR-4",
         lambda g: base(g).post("L", "U1", "一把手")
         .decision("D1", "U1", "2025-03-01", speakers=["L", "N"], use_list=False), AS_OF, [Expect("L")]),
    Case("not the top leader on the decision date", "PWR-4",
         lambda g: base(g).post("L", "U1", "一把手", start="2025-03-02")
         .decision("D1", "U1", "2025-03-01", speakers=["L", "M"]), AS_OF, []),
    Case("top leader did not speak", "PWR-4",
         lambda g: base(g).post("L", "U1", "一把手").decision("D1", "U1", "2025-03-01", speakers=["M", "N"]),
         AS_OF, []),
    Case("decision outside the window", "PWR-4",
         lambda g: base(g).post("L", "U1", "一把手").decision("D1", "U1", "2024-06-01", speakers=["L", "M"]),
         AS_OF, []),
]  # fmt: skip


def leaders(g: Graph, n: int = 40, computed: bool = True) -> Graph:
    g.unit("U0")
    for i in range(n):
        pid = f"P{i:02d}"
        g.person(pid, power_index=(i / n) if computed else None).post(pid, "U0", "班子成员")
    return g


PWR5 = [
    Case("top 5% of 40 leaders is two", "PWR-5", leaders, AS_OF,
         [Expect("P39", {"units": ["U0"]}, "medium"), Expect("P38")]),
    Case("top 10% by parameter", "PWR-5", leaders, AS_OF,
         [Expect("P39"), Expect("P38"), Expect("P37"), Expect("P36")], {"top_percent": "10"}),
    Case("no index computed", "PWR-5", lambda g: leaders(g, computed=False), AS_OF, []),
    Case("a non-leader with a high index is not ranked", "PWR-5",
         lambda g: leaders(g, 20).person("X", power_index=0.99).post("X", "U0", "工作人员"), AS_OF,
         [Expect("P19")]),
]  # fmt: skip

ALL = PWR1 + PWR2 + PWR3 + PWR4 + PWR5


@pytest.mark.parametrize("case", ALL, ids=ids(ALL))
def test_power_rules(db, case: Case) -> None:
    check(db, case)


def test_power_notice_without_index(db) -> None:
    from queries.catalogue import get_rule
    from queries.runner import rule_notices

    leaders(Graph(), computed=False).save(db)
    assert "oversight analyze" in rule_notices(db, get_rule("PWR-5"))[0]
    leaders(Graph(), 5).save(db)
    assert rule_notices(db, get_rule("PWR-5")) == []
