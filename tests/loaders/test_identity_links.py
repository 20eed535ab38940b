"""The identity step's links checked against their definition (docs/model.md, "Person
identity") on a graph full of namesakes: whatever shape the Cypher takes to be fast (the
candidate step is driven from the persons without a 身份证号), it must write exactly these
SAME_AS and POSSIBLE_MATCH links, with these confidences and ids, and say so in its summary."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from graph.db import Database
from loaders.identity import (
    IdentitySummary,
    canonical_key,
    match_id,
    name_confidence,
    resolve,
)

SIDES = ("people", "family")  # the cadre/relative side of a same-name candidate

CREATE = """
UNWIND $rows AS row
CREATE (p:Person {pid: row.pid})
SET p.name = row.name, p.origin = row.origin, p.id_hash = row.id_hash,
    p.person_id = row.person_id, p.sources = row.sources
"""
SAME_AS = "MATCH (a:Person)-[r:SAME_AS]->(b:Person) RETURN a.pid AS a, b.pid AS b, r.match AS m"
MATCHES = """
MATCH (a:Person)-[r:POSSIBLE_MATCH]->(b:Person)
RETURN a.pid AS a, b.pid AS b, r.confidence AS confidence, r.match_id AS match_id,
       r.status AS status, r.match AS m, r.sources AS sources
"""


def _persons(seed: int, count: int) -> list[dict[str, Any]]:
    """Persons of every origin drawn from a few names and numbers: many namesakes on both
    sides, some numbers shared (SAME_AS groups), some persons without a number or a name."""
    rng = random.Random(seed)
    names = ["王伟", "李娜", "张敏", "刘洋洋", "陈静怡", "欧阳明"]
    hashes = [f"h{i}" for i in range(12)]
    persons = []
    for i in range(count):
        origin = rng.choice(["people", "family", "company", "company", "company", "ftm"])
        persons.append(
            {
                "pid": f"{origin[:3].upper()}{i:03d}",
                "name": rng.choice(names) if rng.random() > 0.05 else None,
                "origin": origin,
                "id_hash": rng.choice(hashes) if rng.random() > 0.35 else None,
                "person_id": f"P{i:03d}" if origin == "people" else None,
                "sources": [f"s{i % 3}"],
            }
        )
    return persons


def _expected_same_as(persons: list[dict[str, Any]]) -> set[tuple[str, str]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in persons:
        if p["id_hash"] is not None:
            groups[p["id_hash"]].append(p)
    out = set()
    for group in groups.values():
        canonical = min(group, key=lambda p: canonical_key(p["person_id"], p["pid"]))
        out |= {(p["pid"], canonical["pid"]) for p in group if p is not canonical}
    return out


def _expected_matches(persons: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every (cadre/relative, company-side person) pair of one name, one of them without a
    number; the confidence falls with the cadres/relatives sharing the company-side person."""
    pairs = [
        (p, c)
        for c in persons
        if c["origin"] == "company" and c["name"] is not None
        for p in persons
        if p["origin"] in SIDES
        and p["name"] == c["name"]
        and (p["id_hash"] is None or c["id_hash"] is None)
    ]
    rivals: dict[str, int] = defaultdict(int)
    for _, c in pairs:
        rivals[c["pid"]] += 1
    return {
        (p["pid"], c["pid"]): {
            "confidence": name_confidence(c["name"], rivals[c["pid"]]),
            "match_id": match_id(p["pid"], c["pid"]),
            "status": "pending",
            "m": "name",
            "sources": sorted(set(p["sources"]) | set(c["sources"])),
        }
        for p, c in pairs
    }


def _written(db: Database) -> tuple[set[tuple[str, str]], dict[tuple[str, str], dict[str, Any]]]:
    same_as = {(r["a"], r["b"]) for r in db.read(SAME_AS) if r["m"] == "id"}
    matches = {
        (r["a"], r["b"]): {
            "confidence": r["confidence"],
            "match_id": r["match_id"],
            "status": r["status"],
            "m": r["m"],
            "sources": sorted(r["sources"]),
        }
        for r in db.read(MATCHES)
    }
    return same_as, matches


def test_links_are_exactly_the_definition_on_a_graph_of_namesakes(db: Database) -> None:
    persons = _persons(seed=13, count=240)
    db.write(CREATE, {"rows": persons})
    same_as, matches = _expected_same_as(persons), _expected_matches(persons)
    # the graph exercises both ends of a candidate (the cadre/relative without a number, or
    # only the company-side person without one) and rival counts other than one
    numbered = {p["pid"] for p in persons if p["id_hash"] is not None}
    assert {a in numbered for a, _ in matches} == {True, False}
    assert len({m["confidence"] for m in matches.values()}) > 4
    assert same_as and len(matches) > 100

    first = resolve(db)
    assert first == IdentitySummary(
        same_as=len(same_as), possible_matches=len(matches), complaint_subjects=0, company_names=0
    )
    assert _written(db) == (same_as, matches)
    assert resolve(db) == first  # idempotent: a second run changes nothing
    assert _written(db) == (same_as, matches)


def test_rivals_count_candidates_found_from_either_end(db: Database) -> None:
    """A company-side 王伟 without a number is a candidate of the relative 王伟 without a number
    and of the cadre 王伟 with one (two rivals); the company-side 王伟 with a number only of the
    relative; the cadre and a numbered company-side namesake are no candidates."""
    rows = [
        {"pid": "REL:P1:王伟:儿子", "name": "王伟", "origin": "family", "id_hash": None},
        {"pid": "P2", "name": "王伟", "origin": "people", "id_hash": "h2", "person_id": "P2"},
        {"pid": "NAME:C1:王伟", "name": "王伟", "origin": "company", "id_hash": None},
        {"pid": "ID:c2", "name": "王伟", "origin": "company", "id_hash": "h9"},
        {"pid": "ID:c3", "name": "李娜", "origin": "company", "id_hash": None},
    ]
    db.write(CREATE, {"rows": [{"person_id": None, "sources": ["s"], **r} for r in rows]})
    summary = resolve(db)
    _, matches = _written(db)
    assert {pair: m["confidence"] for pair, m in matches.items()} == {
        ("REL:P1:王伟:儿子", "NAME:C1:王伟"): name_confidence("王伟", 2),
        ("P2", "NAME:C1:王伟"): name_confidence("王伟", 2),
        ("REL:P1:王伟:儿子", "ID:c2"): name_confidence("王伟", 1),
    }
    assert summary.possible_matches == 3 and summary.same_as == 0
