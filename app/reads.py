"""The reads the app needs that no feature module provides; the Cypher is in app/cypher/.

Every value reaches Cypher as a parameter. Results come back as plain Python (dates as
`datetime.date`, identity material removed), ready for a table or a graph.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from graph.db import Database

CYPHER_DIR = Path(__file__).resolve().parent / "cypher"
# Never shown: identity material (docs/model.md: 身份证号 only as id_masked).
HIDDEN_PROPERTIES = frozenset({"id_hash", "id_number", "password_hash"})  # + app users
SEARCH_LIMIT = 50
EVENTS_LIMIT = 500
NEIGHBOURS_LIMIT = 150


@cache
def query(name: str) -> str:
    """The text of app/cypher/<name>.cypher (names are the files that exist, nothing else)."""
    path = CYPHER_DIR / f"{name}.cypher"
    if path.parent != CYPHER_DIR or not path.is_file():
        raise ValueError(f"no app query named {name!r}")
    return path.read_text(encoding="utf-8")


def plain(value: Any) -> Any:
    """Neo4j temporal values to Python ones, recursively; identity material dropped."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in HIDDEN_PROPERTIES}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _rows(db: Database, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [plain(row) for row in db.read(query(name), params or {})]


def node_counts(db: Database) -> dict[str, int]:
    return {row["name"]: row["count"] for row in _rows(db, "node_counts")}


def relationship_counts(db: Database) -> dict[str, int]:
    return {row["name"]: row["count"] for row in _rows(db, "relationship_counts")}


def graph_is_empty(db: Database) -> bool:
    return bool(_rows(db, "graph_empty")[0]["empty"])


def sources(db: Database, limit: int = 100) -> list[dict[str, Any]]:
    return _rows(db, "sources", {"limit": limit})


def source_rows(db: Database, provenance: list[str]) -> list[dict[str, Any]]:
    """`["<source_id>:<row>", ...]` as rows {file, registry, row}, in the given order."""
    pairs = [entry.rsplit(":", 1) for entry in provenance if ":" in entry]
    ids = sorted({source_id for source_id, _ in pairs})
    files = {row["source_id"]: row for row in _rows(db, "source_names", {"source_ids": ids})}
    out = []
    for source_id, row in pairs:
        known = files.get(source_id, {})
        out.append(
            {
                "file": known.get("name") or source_id,
                "registry": known.get("registry"),
                "row": int(row) if row.isdigit() else row,
            }
        )
    return out


def search(db: Database, text: str, limit: int = SEARCH_LIMIT) -> list[dict[str, Any]]:
    text = text.strip()
    if not text:
        return []
    return _rows(db, "search", {"text": text, "limit": limit})


def person(db: Database, pid: str) -> dict[str, Any] | None:
    rows = _rows(db, "person", {"pid": pid})
    return rows[0] if rows else None


def person_events(db: Database, pid: str, limit: int = EVENTS_LIMIT) -> list[dict[str, Any]]:
    return _rows(db, "person_events", {"pid": pid, "limit": limit})


def unit(db: Database, unit_id: str) -> dict[str, Any] | None:
    rows = _rows(db, "unit", {"unit_id": unit_id})
    return rows[0] if rows else None


def unit_events(db: Database, unit_id: str, limit: int = EVENTS_LIMIT) -> list[dict[str, Any]]:
    return _rows(db, "unit_events", {"unit_id": unit_id, "limit": limit})


def neighbourhood(
    db: Database, element_id: str, limit: int = NEIGHBOURS_LIMIT
) -> tuple[list[dict], list[dict]]:
    """(nodes, relationships) around one node, in evidence_graph's shape."""
    rows = _rows(db, "neighbourhood", {"element_id": element_id, "limit": limit})
    if not rows:
        return [], []
    return rows[0]["nodes"], rows[0]["relationships"]


def leader_network(db: Database, pids: list[str], as_of: dt.date) -> tuple[list[dict], list[dict]]:
    """(nodes, relationships): leaders and the units they hold or are in charge of at as_of."""
    rows = _rows(db, "leader_network", {"pids": pids, "as_of": as_of})
    if not rows:
        return [], []
    return rows[0]["nodes"], rows[0]["relationships"]
