"""A loaded graph holds only declared relationships, each between its declared ends
(model/relationships.yaml)."""

from __future__ import annotations

from pathlib import Path

from dbload import load, write_city

from graph.db import Database
from model.relationships import RELATIONSHIPS


def test_every_relationship_loaded_has_declared_ends(db: Database, tmp_path: Path) -> None:
    load(db, write_city(tmp_path / "city"))
    found = db.read(
        "MATCH (a)-[r]->(b) "
        "RETURN DISTINCT type(r) AS t, labels(a) AS start, labels(b) AS end ORDER BY t"
    )
    seen = set()
    wrong = []
    for row in found:
        rel = RELATIONSHIPS.get(row["t"])
        seen.add(row["t"])
        if rel is None or not (
            set(row["start"]) & set(rel.start) and set(row["end"]) & set(rel.end)
        ):
            wrong.append((row["start"], row["t"], row["end"]))
    assert not wrong, f"relationships not declared so in model/relationships.yaml: {wrong}"
    # the city exercises every registry: each type a registry writes is met at least once
    by_registry = {
        name for name, rel in RELATIONSHIPS.items() if set(rel.by) - {"identity", "snapshot"}
    }
    assert by_registry <= seen, sorted(by_registry - seen)
