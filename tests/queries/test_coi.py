"""COI-1..3 and INT-1: relatives' companies (direct and indirect) and the leader's units."""

from __future__ import annotations

import pytest

from .cases import Case, Expect, check, ids
from .graphkit import Graph

AS_OF = "2025-06-30"


def city(g: Graph) -> Graph:
    """U0 city government > U1 finance bureau > U2 its centre; L leads, R is L's spouse."""
    g.unit("U0", name="市政府", level="市").unit("U1", "U0", name="市财政局", level="市")
    g.unit("U2", "U1", name="财政服务中心", level="市").unit("UX", name="外市单位")
    g.person("L", name="张明", rank="正处").person("R", name="李芳")
    g.relative("L", "R", "配偶", "SPOUSE")
    g.company("C1", name="芳华贸易有限公司")
    return g


def top_of_u0(g: Graph, start: str = "2020-01-01") -> Graph:
    return city(g).post("L", "U0", role="一把手", title="市长", start=start)


def direct(g: Graph) -> Graph:
    return top_of_u0(g).holds("R", "C1")


def chain(g: Graph, depth: int) -> str:
    """R holds C1; C1 -> C11 -> C12 ... `depth` further corporate holdings; the last uscc."""
    top_of_u0(g).holds("R", "C1")
    last = "C1"
    for i in range(1, depth + 1):
        nxt = f"C1{i}"
        g.company(nxt).holds(last, nxt)
        last = nxt
    return last


def _chain_contract(depth: int):
    def build(g: Graph) -> None:
        last = chain(g, depth)
        g.contract("K9", "U2", last, "2024-05-01")

    return build


COI1 = [
    Case("top leader, unit two levels below", "COI-1",
         lambda g: direct(g).contract("K1", "U2", "C1", "2024-05-01"), AS_OF,
         [Expect("L", {"relatives": ["R"], "companies": ["C1"], "contracts": ["K1"],
                       "units": ["U2", "U0"]}, "high", "id")]),
    Case("contract one day before the tenure starts", "COI-1",
         lambda g: top_of_u0(g, start="2024-05-02").holds("R", "C1")
         .contract("K1", "U1", "C1", "2024-05-01"), AS_OF, []),
    Case("contract on the first day of the tenure", "COI-1",
         lambda g: top_of_u0(g, start="2024-05-01").holds("R", "C1")
         .contract("K1", "U1", "C1", "2024-05-01"), AS_OF, [Expect("L", {"contracts": ["K1"]})]),
    Case("contract the day after the post ended", "COI-1",
         lambda g: city(g).post("L", "U0", "一把手", "2018-01-01", "2024-04-30").holds("R", "C1")
         .contract("K1", "U1", "C1", "2024-05-01"), AS_OF, []),
    Case("team member: a unit below is not in authority", "COI-1",
         lambda g: city(g).post("L", "U0", "班子成员").holds("R", "C1")
         .contract("K1", "U1", "C1", "2024-05-01"), AS_OF, []),
    Case("team member: own unit", "COI-1",
         lambda g: city(g).post("L", "U1", "班子成员").holds("R", "C1")
         .contract("K1", "U1", "C1", "2024-05-01"), AS_OF, [Expect("L", {"contracts": ["K1"]})]),
    Case("duty covers units below", "COI-1",
         lambda g: city(g).post("L", "U0", "班子成员").duty("L", "U1").holds("R", "C1")
         .contract("K1", "U2", "C1", "2024-05-01"), AS_OF,
         [Expect("L", {"units": ["U2", "U1"]})]),
    Case("duty ended before the contract", "COI-1",
         lambda g: city(g).post("L", "U0", "班子成员").duty("L", "U1", end="2024-04-30")
         .holds("R", "C1").contract("K1", "U2", "C1", "2024-05-01"), AS_OF, []),
    Case("buyer outside the authority", "COI-1",
         lambda g: direct(g).contract("K1", "UX", "C1", "2024-05-01"), AS_OF, []),
    Case("contract signed after as-of", "COI-1",
         lambda g: direct(g).contract("K1", "U1", "C1", "2025-07-01"), AS_OF, []),
    Case("relative is legal representative", "COI-1",
         lambda g: top_of_u0(g).legal_rep("R", "C1").contract("K1", "U1", "C1", "2024-05-01"),
         AS_OF, [Expect("L", {"companies": ["C1"]}, "high", "id")]),
    Case("relative is an officer", "COI-1",
         lambda g: top_of_u0(g).officer("R", "C1").contract("K1", "U1", "C1", "2024-05-01"),
         AS_OF, [Expect("L", {"companies": ["C1"]}, "high", "id")]),
    Case("relative reported by the other side (reverse HAS_RELATIVE)", "COI-1",
         lambda g: g.unit("U0").person("L").person("R").post("L", "U0", "一把手")
         .relative("R", "L", "配偶", "SPOUSE").holds("R", "C1")
         .contract("K1", "U0", "C1", "2024-05-01"), AS_OF, [Expect("L", {"relatives": ["R"]})]),
    Case("company-side person with the same id_hash", "COI-1",
         lambda g: top_of_u0(g).person("R", id_hash="h-r").person("ID:h-r", id_hash="h-r", origin="company")
         .holds("ID:h-r", "C1").contract("K1", "U1", "C1", "2024-05-01").identity(), AS_OF,
         [Expect("L", {"companies": ["C1"]}, "high", "id")]),
    Case("relative linked by SAME_AS", "COI-1",
         lambda g: top_of_u0(g).person("R2", name="李芳").same_as("R2", "R").legal_rep("R2", "C1")
         .contract("K1", "U1", "C1", "2024-05-01"), AS_OF, [Expect("L", {}, "high", "id")]),
    Case("name-only possible match is one level lower", "COI-1",
         lambda g: top_of_u0(g).person("NAME:C1:李芳", name="李芳", origin="company")
         .possible_match("R", "NAME:C1:李芳").holds("NAME:C1:李芳", "C1")
         .contract("K1", "U1", "C1", "2024-05-01"), AS_OF,
         [Expect("L", {"persons": ["NAME:C1:李芳"]}, "medium", "name")]),
    Case("rejected possible match", "COI-1",
         lambda g: top_of_u0(g).person("NAME:C1:李芳", name="李芳")
         .possible_match("R", "NAME:C1:李芳", status="rejected").holds("NAME:C1:李芳", "C1")
         .contract("K1", "U1", "C1", "2024-05-01"), AS_OF, []),
    Case("name match against a different 身份证号", "COI-1",
         lambda g: top_of_u0(g).person("R", id_hash="h-1").person("ID:h-2", name="李芳", id_hash="h-2")
         .possible_match("R", "ID:h-2").holds("ID:h-2", "C1")
         .contract("K1", "U1", "C1", "2024-05-01"), AS_OF, []),
    Case("relation of class OTHER counts for business", "COI-1",
         lambda g: g.unit("U0").post("L", "U0", "一把手").relative("L", "R", "其他", "OTHER")
         .holds("R", "C1").contract("K1", "U0", "C1", "2024-05-01"), AS_OF, [Expect("L")]),
    Case("kinship scope narrowed by parameter", "COI-1",
         lambda g: g.unit("U0").post("L", "U0", "一把手").relative("L", "R", "其他", "OTHER")
         .holds("R", "C1").contract("K1", "U0", "C1", "2024-05-01"), AS_OF, [],
         {"kinship": "SPOUSE,LINEAL"}),
    Case("indirect holding is left to COI-2", "COI-1", _chain_contract(1), AS_OF, []),
    Case("the leader's own company is not a relative's", "COI-1",
         lambda g: top_of_u0(g).holds("L", "C1").contract("K1", "U1", "C1", "2024-05-01"),
         AS_OF, []),
]  # fmt: skip

COI2 = [
    Case("one level of corporate holding", "COI-2", _chain_contract(1), AS_OF,
         [Expect("L", {"companies": ["C1", "C11"], "contracts": ["K9"]}, "high", "id")]),
    Case("three levels deep is found", "COI-2", _chain_contract(3), AS_OF,
         [Expect("L", {"companies": ["C1", "C11", "C12", "C13"], "contracts": ["K9"]})]),
    Case("four levels deep is not", "COI-2", _chain_contract(4), AS_OF, []),
    Case("a direct link as well: COI-1 flags it, not COI-2", "COI-2",
         lambda g: (chain(g, 1), g.holds("R", "C11"), g.contract("K9", "U2", "C11", "2024-05-01")),
         AS_OF, []),
    Case("name-only match, indirect", "COI-2",
         lambda g: top_of_u0(g).person("NAME:C1:李芳", name="李芳").possible_match("R", "NAME:C1:李芳")
         .holds("NAME:C1:李芳", "C1").company("C2").holds("C1", "C2")
         .contract("K9", "U1", "C2", "2024-05-01"), AS_OF, [Expect("L", {}, "medium", "name")]),
    Case("indirect, contract before the tenure", "COI-2",
         lambda g: (chain(g, 2), g.contract("K8", "U2", "C12", "2019-12-31")), AS_OF, []),
]  # fmt: skip

COI3 = [
    Case("complaint names the spouse's company", "COI-3",
         lambda g: city(g).holds("R", "C1").complaint("X1", "L", "2025-01-10", companies=["C1"]),
         AS_OF, [Expect("L", {"complaints": ["X1"], "companies": ["C1"], "relatives": ["R"]}, "high", "id")]),
    Case("complaint names an indirectly held company", "COI-3",
         lambda g: (chain(g, 2), g.complaint("X1", "L", "2025-01-10", companies=["C12"])),
         AS_OF, [Expect("L", {"companies": ["C1", "C11", "C12"]})]),
    Case("four levels deep is not", "COI-3",
         lambda g: (chain(g, 4), g.complaint("X1", "L", "2025-01-10", companies=["C14"])), AS_OF, []),
    Case("complaint names an unrelated company", "COI-3",
         lambda g: city(g).holds("R", "C1").company("C9")
         .complaint("X1", "L", "2025-01-10", companies=["C9"]), AS_OF, []),
    Case("complaint received after as-of", "COI-3",
         lambda g: city(g).holds("R", "C1").complaint("X1", "L", "2025-07-01", companies=["C1"]),
         AS_OF, []),
    Case("complaint about someone else", "COI-3",
         lambda g: city(g).holds("R", "C1").person("Q")
         .complaint("X1", "Q", "2025-01-10", companies=["C1"]), AS_OF, []),
]  # fmt: skip

INT1 = [
    Case("intervention for the spouse's company", "INT-1",
         lambda g: direct(g).intervention("I1", "L", "2025-02-01", companies=["C1"], unit="U1"),
         AS_OF, [Expect("L", {"interventions": ["I1"], "companies": ["C1"]}, "high", "id")]),
    Case("intervention for an indirectly held company, three deep", "INT-1",
         lambda g: (chain(g, 3), g.intervention("I1", "L", "2025-02-01", companies=["C13"])),
         AS_OF, [Expect("L", {"companies": ["C13"]})]),
    Case("intervention naming an unrelated company", "INT-1",
         lambda g: direct(g).company("C9").intervention("I1", "L", "2025-02-01", companies=["C9"]),
         AS_OF, []),
    Case("name match, different 身份证号", "INT-1",
         lambda g: city(g).person("R", id_hash="h-1").person("ID:h-2", name="李芳", id_hash="h-2")
         .possible_match("R", "ID:h-2").holds("ID:h-2", "C1")
         .intervention("I1", "L", "2025-02-01", companies=["C1"]), AS_OF, []),
]  # fmt: skip


@pytest.mark.parametrize("case", COI1 + COI2 + COI3 + INT1, ids=ids(COI1 + COI2 + COI3 + INT1))
def test_family_business_rules(db, case: Case) -> None:
    check(db, case)


def test_name_match_summary_says_so(db) -> None:
    flags = check(db, COI1[15])
    assert "姓名" in flags[0].summary and flags[0].to_dict()["match"] == "name"


def test_evidence_graph_draws_the_path(db) -> None:
    from queries.runner import evidence_graph

    flags = check(db, COI2[1])  # three levels of corporate holding
    nodes, rels = evidence_graph(db, flags[0])
    keys = {n["key"] for n in nodes}
    assert {
        "L",
        "R",
        "C1",
        "C11",
        "C12",
        "C13",
        "K9",
        "U2",
        "U1",
        "U0",
    } <= keys  # U1: between U2 and U0
    types = sorted(r["type"] for r in rels)
    assert types.count("SHAREHOLDER_OF") == 4 and {
        "HAS_RELATIVE",
        "SUPPLIER",
        "BUYER",
        "HOLDS_POST",
    } <= set(types)
    ids = {n["id"] for n in nodes}
    assert all(r["start"] in ids and r["end"] in ids for r in rels)
    assert all("id_hash" not in n["properties"] for n in nodes)
    # The flag as a dict (what the app holds) works the same.
    assert len(evidence_graph(db, flags[0].to_dict())[0]) == len(nodes)
