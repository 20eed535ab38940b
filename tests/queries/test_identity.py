"""Queries follow SAME_AS only: who is the same person is the identity step's decision
(loaders/identity.py, docs/model.md "Person identity"), never a join on id_hash at query time."""

from __future__ import annotations

import re
from pathlib import Path

from graph.db import Database
from loaders.identity import canonical_key, link_same_persons

from .cases import Case, Expect, check
from .test_coi import AS_OF, top_of_u0

ROOT = Path(__file__).resolve().parents[2]
# Cypher run at query time: the rules and their fragments, the app's reads, the analytics.
QUERY_TIME = ("queries", "app", "graph")
# A person matched by the value of id_hash: a property map `{id_hash: ...}`, or an equality
# between two nodes' hashes, or an IN over hashes. A guard comparing two hashes (`<>`) is not
# a join and stays allowed (linked_companies: never a name match across different numbers).
JOIN = re.compile(r"\{\s*id_hash\s*:|\.id_hash\s*=\s*\w|=\s*\w+\.id_hash|\.id_hash\s+IN\b")


def _code(text: str) -> str:
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def test_no_query_joins_persons_on_id_hash() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for part in QUERY_TIME
        for path in sorted((ROOT / part).rglob("*.cypher"))
        for line in _code(path.read_text(encoding="utf-8")).splitlines()
        if JOIN.search(line)
    ]
    assert offenders == []


def test_the_join_pattern_catches_the_old_union() -> None:
    # what queries/shared/identity.cypher said before the identity step was the only judge
    assert JOIN.search("MATCH (q:Person {id_hash: @person.id_hash})")
    assert JOIN.search("WHERE q.id_hash = p.id_hash")
    assert not JOIN.search("AND NOT (me.id_hash IS NOT NULL AND me.id_hash <> h.id_hash)")


def _same_number(g, *, resolved: bool):
    """R (the cadre's relative, a `people` record) and ID:h-r (a shareholder known by the same
    身份证号 only) hold one number; ID:h-r's company trades with the leader's unit."""
    g = top_of_u0(g).person("R", id_hash="h-r").person("ID:h-r", id_hash="h-r", origin="company")
    g.holds("ID:h-r", "C1").contract("K1", "U1", "C1", "2024-05-01")
    return g.identity() if resolved else g


def test_same_number_without_the_identity_step_is_not_the_same_person(db: Database) -> None:
    check(db, Case("not resolved", "COI-1", lambda g: _same_number(g, resolved=False), AS_OF, []))


def test_same_number_after_the_identity_step_is_the_same_person(db: Database) -> None:
    expect = [Expect("L", {"companies": ["C1"]}, "high", "id")]
    check(db, Case("resolved", "COI-1", lambda g: _same_number(g, resolved=True), AS_OF, expect))


def test_siblings_of_a_non_canonical_node_are_reached(db: Database) -> None:
    """The family registry names ID:a (a number only), the company registry ID:b (the same
    number); R, the people record, is canonical: ID:a reaches ID:b through R (two hops)."""

    def build(g):
        g.unit("U0", name="市政府").unit("U1", "U0", name="市财政局")
        g.person("L", name="张明").post("L", "U0", role="一把手", start="2020-01-01")
        g.person("R", name="李芳", id_hash="h-r")
        g.person("ID:a", name="李芳", id_hash="h-r", origin="family")
        g.person("ID:b", name="李芳", id_hash="h-r", origin="company")
        g.relative("L", "ID:a", "配偶", "SPOUSE").company("C1", name="芳华贸易有限公司")
        return g.holds("ID:b", "C1").contract("K1", "U1", "C1", "2024-05-01").identity()

    expect = [Expect("L", {"persons": [], "companies": ["C1"]}, "high", "id")]
    check(db, Case("siblings", "COI-1", build, AS_OF, expect))


def _same_as(db: Database) -> list[tuple[str, str]]:
    rows = db.read("MATCH (a:Person)-[:SAME_AS]->(b:Person) RETURN a.pid AS a, b.pid AS b")
    return sorted((r["a"], r["b"]) for r in rows)


def test_each_number_is_a_star_on_its_canonical_node(db: Database) -> None:
    db.write(
        "UNWIND $rows AS row CREATE (p:Person) SET p = row",
        {
            "rows": [
                {"pid": "ID:2", "id_hash": "h", "origin": "family"},
                {"pid": "ID:1", "id_hash": "h", "origin": "company"},
                {"pid": "ID:3", "id_hash": "h", "origin": "company"},
                {"pid": "ID:9", "id_hash": "other", "origin": "company"},
            ]
        },
    )
    link_same_persons(db)
    assert _same_as(db) == [("ID:2", "ID:1"), ("ID:3", "ID:1")]
    # the people registry lists the number later: its record becomes the canonical node and
    # no SAME_AS is left pointing at the former one
    db.write("CREATE (:Person {pid: 'P7', person_id: 'P7', id_hash: 'h', origin: 'people'})")
    link_same_persons(db)
    assert _same_as(db) == [("ID:1", "P7"), ("ID:2", "P7"), ("ID:3", "P7")]
    # a number corrected on one node: its SAME_AS goes, the others stay
    db.write("MATCH (p:Person {pid: 'ID:3'}) SET p.id_hash = 'other'")
    link_same_persons(db)
    assert _same_as(db) == [("ID:1", "P7"), ("ID:2", "P7"), ("ID:9", "ID:3")]


def test_canonical_order() -> None:
    found = sorted(
        [("ID:2", None), ("P9", "P9"), ("ID:1", None)], key=lambda p: canonical_key(p[1], p[0])
    )
    assert [pid for pid, _ in found] == ["P9", "ID:1", "ID:2"]


def test_registries_include_the_one_hash_lookup() -> None:
    from loaders.write import steps_for

    for registry in ("family", "companies", "shareholders", "officers"):
        text = "\n".join(s.query for s in steps_for(registry))
        assert "{{" not in text and "ORDER BY x.person_id IS NULL, x.pid" in text, registry
    raw = "\n".join(
        (ROOT / "loaders" / "cypher" / f"{name}.cypher").read_text(encoding="utf-8")
        for name in ("family", "companies", "shareholders", "officers")
    )
    assert "id_hash: row." not in _code(raw)  # the lookup is written once, in identity.cypher
