"""The derived links the company rules read (loaders/cypher/identity.cypher, "derived links"):
RELATIVE_HOLDER gives exactly the rows of the `relatives` and `linked_companies` fragments,
follows an investigator's decision on a possible match, and `supplier_hops` follows the
contracts and holdings; the app's views leave the derived links out."""

from __future__ import annotations

import datetime as dt

from graph.db import Database
from loaders import identity
from queries.catalogue import FRAGMENTS, expand
from queries.runner import evidence_graph, run_rule

from .graphkit import Graph

AS_OF = dt.date(2025, 6, 30)
EVER = dt.date(1900, 1, 1)  # an as-of before every end date: the fragments keep every link

# The rows the rules read before the links were derived: every person with a relative, each
# relative through `relatives`, each company-side person through `linked_companies`.
FRAGMENT_ROWS = expand(
    """
MATCH (l:Person)
WHERE EXISTS { (l)-[:SAME_AS*0..2]-(:Person)-[:HAS_RELATIVE]-() }
{{ relatives(l, rv, hr, kin, rep, rn) }}
{{ linked_companies(rv, c, m, h, lk) }}
RETURN DISTINCT l.pid AS subject, rv.pid AS relative, kin AS kinship, rep.pid AS reported,
       rn AS relation, m AS match, h.pid AS holder, hr.end_date AS end_date, c.uscc AS company
""",
    FRAGMENTS,
    "test",
)
DERIVED_ROWS = """
MATCH (l:Person)-[k:RELATIVE_HOLDER]->(h:Person)-[:SHAREHOLDER_OF|LEGAL_REP_OF|OFFICER_OF]->(c)
RETURN DISTINCT l.pid AS subject, k.relative AS relative, k.kinship AS kinship,
       k.reported AS reported, k.relation AS relation, k.match AS match, h.pid AS holder,
       k.end_date AS end_date, c.uscc AS company
"""


def _rows(db: Database, query: str) -> set[tuple]:
    return {tuple(str(v) for v in row.values()) for row in db.read(query, {"as_of": EVER})}


def assert_derived_as_fragments(db: Database) -> int:
    """RELATIVE_HOLDER, followed to the companies, gives the fragments' rows; returns how many."""
    wanted, derived = _rows(db, FRAGMENT_ROWS), _rows(db, DERIVED_ROWS)
    assert derived == wanted, (sorted(wanted - derived)[:5], sorted(derived - wanted)[:5])
    return len(wanted)


def tangled(g: Graph) -> Graph:
    """Identity groups on both sides of a family link, a reversed report, possible matches of
    every status, one across two 身份证号, an ended family link and a relative of a relative."""
    g.person("L", name="张明", id_hash="h-l").person("ID:l2", id_hash="h-l", origin="company")
    g.person("R", name="李芳", id_hash="h-r").person("ID:r2", name="李芳", id_hash="h-r",
                                                  origin="company")  # fmt: skip
    g.relative("L", "R", "配偶", "SPOUSE").relative("S", "L", "父亲", "LINEAL")
    g.rel(
        ("Person", "L"),
        "HAS_RELATIVE",
        ("Person", "E"),
        relation="前配偶",
        kinship="SPOUSE",
        end_date="2023-01-01",
    )
    g.relative("R", "Q", "弟弟", "COLL3")
    g.person("NAME:C3:李芳", name="李芳", origin="company").possible_match("R", "NAME:C3:李芳")
    g.person("NAME:C4:李芳", name="李芳", origin="company")
    g.possible_match("R", "NAME:C4:李芳", status="rejected")
    g.person("NAME:C5:李芳", name="李芳", origin="company")
    g.possible_match("ID:r2", "NAME:C5:李芳", status="confirmed")
    g.person("ID:x", name="李芳", id_hash="h-x", origin="company").possible_match("R", "ID:x")
    for holder, uscc in (("R", "C1"), ("ID:r2", "C2"), ("NAME:C3:李芳", "C3"),
                         ("NAME:C4:李芳", "C4"), ("NAME:C5:李芳", "C5"), ("ID:x", "C6"),
                         ("ID:l2", "C7"), ("S", "C8"), ("E", "C9"), ("Q", "C10")):  # fmt: skip
        g.holds(holder, uscc)
    g.legal_rep("R", "C2").officer("L", "C1")
    return g.identity()


def test_relative_holders_give_the_fragments_rows(db: Database) -> None:
    tangled(Graph()).save(db)
    assert assert_derived_as_fragments(db) > 10
    # each kind of row is there: through SAME_AS, by name, reported by the other side, ended
    rows = db.read(DERIVED_ROWS)
    assert {r["match"] for r in rows} == {"id", "name"}
    assert {r["relation"] for r in rows} >= {"配偶", "亲属"}
    assert any(r["end_date"] is not None for r in rows)
    holders = {(r["subject"], r["holder"]) for r in rows}
    assert ("L", "ID:r2") in holders and ("ID:l2", "R") in holders
    assert ("L", "NAME:C4:李芳") not in holders  # rejected
    assert ("L", "ID:x") not in holders  # a different 身份证号
    # a SAME_AS the identity step did not write (no 身份证号 on one end): a name match from
    # that node to another 身份证号 counts through that node only, never through the relative
    # who has a number
    db.write(
        "MATCH (r:Person {pid: 'R'}) CREATE (r3:Person {pid: 'R3', name: '李芳'})-[:SAME_AS]->(r) "
        "CREATE (y:Person {pid: 'ID:y', name: '李芳', id_hash: 'h-y', origin: 'company'}) "
        "CREATE (r3)-[:POSSIBLE_MATCH {status: 'pending'}]->(y) "
        "CREATE (y)-[:SHAREHOLDER_OF]->(:Company {uscc: 'C11'})"
    )
    identity.derive(db)
    assert_derived_as_fragments(db)
    through = {r["relative"] for r in db.read(DERIVED_ROWS) if r["holder"] == "ID:y"}
    assert through == {"R3"}
    # derived again from scratch, or again on top of itself: the same links, none twice
    before = db.read("MATCH ()-[k:RELATIVE_HOLDER]->() RETURN count(k) AS n")[0]["n"]
    identity.derive(db)
    identity.derive(db, ["R"])
    assert db.read("MATCH ()-[k:RELATIVE_HOLDER]->() RETURN count(k) AS n")[0]["n"] == before
    assert_derived_as_fragments(db)


def test_a_decision_on_a_possible_match_changes_the_flags_at_once(db: Database) -> None:
    """COI-1 flags the name match until an investigator rejects it, and again when the
    decision is undone: `decide` derives the links it changes, no load needed."""
    g = Graph()
    g.unit("U0").person("L", name="张明").person("R", name="李芳")
    g.post("L", "U0", role="一把手", start="2020-01-01").relative("L", "R", "配偶", "SPOUSE")
    g.person("NAME:C1:李芳", name="李芳", origin="company").possible_match("R", "NAME:C1:李芳")
    g.holds("NAME:C1:李芳", "C1").contract("K1", "U0", "C1", "2024-05-01")
    g.save(db)
    db.write("MATCH ()-[r:POSSIBLE_MATCH]->() SET r.match_id = 'm1'")

    def flagged() -> list[str]:
        return [f.evidence["contracts"][0] for f in run_rule(db, "COI-1", AS_OF, config={})]

    assert flagged() == ["K1"]
    identity.reject(db, "m1", by="tester")
    assert flagged() == []
    assert_derived_as_fragments(db)
    identity.decide(db, "m1", "pending", by="tester")
    assert flagged() == ["K1"]
    identity.confirm(db, "m1", by="tester")
    assert flagged() == ["K1"]
    assert_derived_as_fragments(db)


def _hops(db: Database) -> dict[str, int]:
    rows = db.read(
        "MATCH (c:Company) WHERE c.supplier_hops IS NOT NULL RETURN c.uscc AS c, "
        "c.supplier_hops AS h"
    )
    return {r["c"]: r["h"] for r in rows}


def test_supplier_hops_follow_contracts_and_holdings(db: Database) -> None:
    """C4 -> C3 -> C2 -> C1 -> C0 (each holds the next); C0 supplies: the hops count the
    holdings to it, none past 3. A new supplier nearer changes them; a contract gone
    removes them."""
    g = Graph().unit("U0")
    for i in range(5):
        g.company(f"C{i}")
    for i in range(1, 5):
        g.holds(f"C{i}", f"C{i - 1}")
    g.company("CX").holds("CX", "C2")
    g.contract("K0", "U0", "C0", "2024-01-01")
    g.save(db)
    assert _hops(db) == {"C0": 0, "C1": 1, "C2": 2, "C3": 3, "CX": 3}

    db.write(
        "MATCH (u:Unit {unit_id: 'U0'}), (c:Company {uscc: 'C3'}) "
        "CREATE (k:Contract {contract_id: 'K3', signed_date: date('2024-01-01')}), "
        "(k)-[:BUYER]->(u), (k)-[:SUPPLIER]->(c)"
    )
    identity.derive(db)
    assert _hops(db) == {"C0": 0, "C1": 1, "C2": 2, "C3": 0, "C4": 1, "CX": 3}

    db.write("MATCH (k:Contract) DETACH DELETE k")
    identity.derive(db)
    assert _hops(db) == {}


def test_coi2_finds_every_chain_within_three_holdings(db: Database) -> None:
    """COI-2 follows the relative's company's holdings through companies near a supplier only
    (`supplier_hops`): a supplier 2 and one 3 holdings away are found, one 4 away is not, and a
    branch that leads to no supplier is never followed to the end."""
    g = Graph()
    g.unit("U0").person("L", name="张明").person("R", name="李芳")
    g.post("L", "U0", role="一把手", start="2020-01-01").relative("L", "R", "配偶", "SPOUSE")
    g.holds("R", "C1").holds("C1", "CD1").holds("CD1", "CD2")
    g.holds("C1", "CE1").holds("CE1", "CE2").holds("CE2", "CE3").holds("CE3", "CE4")
    g.holds("C1", "CF1").holds("CF1", "CF2")
    g.contract("K1", "U0", "CD2", "2024-05-01").contract("K2", "U0", "CE3", "2024-05-01")
    g.contract("K3", "U0", "CE4", "2024-05-01")
    g.save(db)
    hops = _hops(db)
    assert (hops["C1"], hops["CE1"], hops["CD1"]) == (2, 2, 1) and "CF1" not in hops
    flags = run_rule(db, "COI-2", AS_OF, config={})
    found = {f.evidence["contracts"][0]: set(f.evidence["companies"]) for f in flags}
    assert found == {"K1": {"C1", "CD1", "CD2"}, "K2": {"C1", "CE1", "CE2", "CE3"}}


def test_the_views_leave_the_derived_links_out(db: Database) -> None:
    """The explorer, a node's neighbourhood, paths and a flag's evidence graph show the facts
    (HAS_RELATIVE, SHAREHOLDER_OF...), never the RELATIVE_HOLDER shortcut; nor supplier_hops."""
    from app import reads

    g = Graph()
    g.unit("U0").person("L", name="张明").person("R", name="李芳")
    g.post("L", "U0", role="一把手", start="2020-01-01").relative("L", "R", "配偶", "SPOUSE")
    g.holds("R", "C1").contract("K1", "U0", "C1", "2024-05-01")
    g.save(db)
    assert db.read("MATCH ()-[k:RELATIVE_HOLDER]->() RETURN count(k) AS n")[0]["n"] == 2
    leader = db.read("MATCH (p:Person {pid: 'L'}) RETURN elementId(p) AS id")[0]["id"]
    company = db.read("MATCH (c:Company {uscc: 'C1'}) RETURN elementId(c) AS id")[0]["id"]

    _, rels = reads.neighbourhood(db, leader)
    assert {r["type"] for r in rels} == {"HOLDS_POST", "HAS_RELATIVE"}
    expanded = reads.expand(db, [leader], (dt.date(2000, 1, 1), AS_OF))
    assert {i["rel"]["type"] for i in expanded[0]["items"]} == {"HOLDS_POST", "HAS_RELATIVE"}
    found = reads.paths(db, leader, company, max_length=4)
    assert found and all(
        [r["type"] for r in p["relationships"]] != ["RELATIVE_HOLDER", "SHAREHOLDER_OF"]
        for p in found
    )
    assert min(len(p["relationships"]) for p in found) == 2  # L - R - C1, not a shortcut
    assert all(r["type"] != "RELATIVE_HOLDER" for p in found for r in p["relationships"])

    flag = run_rule(db, "COI-1", AS_OF, config={})[0]
    nodes, relationships = evidence_graph(db, flag)
    assert "RELATIVE_HOLDER" not in {r["type"] for r in relationships}
    assert all("supplier_hops" not in n["properties"] for n in nodes)
    assert "supplier_hops" not in (reads.entity(db, "C1") or {}).get("properties", {})
