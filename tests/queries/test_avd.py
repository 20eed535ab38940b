"""AVD-1..3: post avoidance (kin together, kin in sensitive posts) and regional avoidance."""

from __future__ import annotations

import pytest

from .cases import Case, Expect, check, ids
from .graphkit import Graph

AS_OF = "2025-06-30"


def units(g: Graph) -> Graph:
    g.unit("U0", name="市政府", level="市", region_code="340100")
    g.unit("U1", "U0", name="市财政局", level="市", functions=["财务"])
    g.unit("U2", "U1", name="财政服务中心", level="市")
    g.unit("U3", "U2", name="服务中心下属站", level="市")
    g.unit("UX", name="市文旅局", level="市")
    g.person("A", name="王强", rank="正处").person("B", name="王丽", rank="副科")
    return g


def kin(g: Graph, kinship: str = "SPOUSE", relation: str = "配偶") -> Graph:
    return units(g).relative("A", "B", relation, kinship)


AVD1 = [
    Case("spouses in the same unit", "AVD-1",
         lambda g: kin(g).post("A", "U1", "一把手", title="局长").post("B", "U1", "工作人员", title="科员"),
         AS_OF, [Expect("A", {"relatives": ["B"], "units": ["U1"]}, "high")]),
    Case("same unit: the senior one is the subject, whoever reported", "AVD-1",
         lambda g: units(g).relative("B", "A", "父亲", "LINEAL").post("A", "UX", "班子成员")
         .post("B", "UX", "工作人员"), AS_OF, [Expect("A")]),
    Case("leader above, relative in the unit directly below", "AVD-1",
         lambda g: kin(g, "COLL3", "弟弟").post("A", "U1", "班子成员").post("B", "U2", "工作人员"),
         AS_OF, [Expect("A", {"units": ["U1", "U2"]})]),
    Case("two levels below is not direct line", "AVD-1",
         lambda g: kin(g).post("A", "U1", "一把手").post("B", "U3", "工作人员"), AS_OF, []),
    Case("non-leader above is not direct line", "AVD-1",
         lambda g: kin(g).post("A", "U1", "工作人员").post("B", "U2", "工作人员"), AS_OF, []),
    Case("relation of class OTHER", "AVD-1",
         lambda g: kin(g, "OTHER", "其他").post("A", "U1", "一把手").post("B", "U1", "工作人员"),
         AS_OF, []),
    Case("post that ended the day before as-of", "AVD-1",
         lambda g: kin(g).post("A", "U1", "一把手")
         .post("B", "U1", "工作人员", start="2020-01-01", end="2025-06-29"), AS_OF, []),
    Case("post that ends on as-of still counts", "AVD-1",
         lambda g: kin(g, "AFFINAL", "女婿").post("A", "U1", "一把手")
         .post("B", "U1", "工作人员", start="2020-01-01", end="2025-06-30"), AS_OF, [Expect("A")]),
    Case("relative known by equal id_hash", "AVD-1",
         lambda g: units(g).person("B", id_hash="h-b").person("ID:h-b", id_hash="h-b", origin="family")
         .relative("A", "ID:h-b", "配偶", "SPOUSE").post("A", "U1", "一把手").post("B", "U1", "工作人员")
         .identity(), AS_OF, [Expect("A", {"relatives": ["B"]})]),
    Case("different units, not in line", "AVD-1",
         lambda g: kin(g).post("A", "U1", "一把手").post("B", "UX", "工作人员"), AS_OF, []),
]  # fmt: skip

AVD2 = [
    Case("relative in a finance post below the leader's unit", "AVD-2",
         lambda g: kin(g, "LINEAL", "儿子").post("A", "U0", "班子成员")
         .post("B", "U3", "工作人员", functions=["财务"]), AS_OF,
         [Expect("A", {"relatives": ["B"], "units": ["U0", "U3"]}, "high")]),
    Case("relative in a unit whose function is sensitive", "AVD-2",
         lambda g: kin(g).post("A", "U0", "一把手").post("B", "U1", "工作人员"), AS_OF, [Expect("A")]),
    Case("relative in a post that is not sensitive", "AVD-2",
         lambda g: kin(g).post("A", "U0", "一把手").post("B", "U2", "工作人员", functions=["宣传"]),
         AS_OF, []),
    Case("relative outside the leader's unit tree", "AVD-2",
         lambda g: kin(g).post("A", "U1", "一把手").post("B", "UX", "工作人员", functions=["人事"]),
         AS_OF, []),
    Case("the subject is not a leader", "AVD-2",
         lambda g: kin(g).post("A", "U0", "内设机构负责人").post("B", "U1", "工作人员"), AS_OF, []),
    Case("relation of class OTHER", "AVD-2",
         lambda g: kin(g, "OTHER", "其他").post("A", "U0", "一把手").post("B", "U1", "工作人员"),
         AS_OF, []),
    Case("leader post ended the day before as-of", "AVD-2",
         lambda g: kin(g).post("A", "U0", "一把手", end="2025-06-29").post("B", "U1", "工作人员"),
         AS_OF, []),
    Case("sensitive functions narrowed by parameter", "AVD-2",
         lambda g: kin(g).post("A", "U0", "一把手").post("B", "U1", "工作人员"), AS_OF, [],
         {"functions": "组织,人事"}),
]  # fmt: skip


def regional(g: Graph, growth: str, unit_region: str, level: str = "县") -> Graph:
    g.unit("UC", name="某县政府", level=level, region_code=unit_region)
    return g.person("A", name="赵刚", growth_region=growth).post("A", "UC", "一把手", title="县长")


AVD3 = [
    Case("county inside the city where the leader grew up", "AVD-3",
         lambda g: regional(g, "340100", "340121"), AS_OF, [Expect("A", {"units": ["UC"]}, "medium")]),
    Case("same county code", "AVD-3", lambda g: regional(g, "340121", "340121"), AS_OF, [Expect("A")]),
    Case("township inside the province of growth", "AVD-3",
         lambda g: regional(g, "340000", "341502", level="乡"), AS_OF, [Expect("A")]),
    Case("another county of the same city, grew up in a county", "AVD-3",
         lambda g: regional(g, "340122", "340121"), AS_OF, []),
    Case("city-level unit is not subject", "AVD-3",
         lambda g: regional(g, "340100", "340100", level="市"), AS_OF, []),
    Case("a team member is not subject", "AVD-3",
         lambda g: g.unit("UC", level="县", region_code="340121").person("A", growth_region="340100")
         .post("A", "UC", "班子成员"), AS_OF, []),
    Case("growth region in free text", "AVD-3", lambda g: regional(g, "安徽合肥", "340121"), AS_OF, []),
]  # fmt: skip

ALL = AVD1 + AVD2 + AVD3


@pytest.mark.parametrize("case", ALL, ids=ids(ALL))
def test_avoidance_rules(db, case: Case) -> None:
    check(db, case)
