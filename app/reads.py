"""The reads the app needs that no feature module provides; the Cypher is in app/cypher/.

Every value reaches Cypher as a parameter. Results come back as plain Python (dates as
`datetime.date`, identity material removed), ready for a table or a graph.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.cypherfiles import read_cypher
from graph.db import Database, to_native
from model.relationships import DERIVED_TYPES
from model.schema import REGISTRY_KEYS
from model.vocab import DERIVED_PROPERTIES
from model.vocab import HIDDEN_PROPERTIES as BASE_HIDDEN

# Never shown: identity material (model/vocab.py), and, because the app's reads can reach
# its users' nodes too (app/auth.py), their password hashes.
HIDDEN_PROPERTIES = BASE_HIDDEN | DERIVED_PROPERTIES | {"password_hash"}
SEARCH_LIMIT = 50
EVENTS_LIMIT = 500
NEIGHBOURS_LIMIT = 150
# The key properties of model/schema.py, a person's first (a node shown by its key).
NODE_KEYS = ("pid", *(prop for prop in REGISTRY_KEYS.values() if prop != "pid"))
CAPTION_KEYS = ("name", "title", "topic", "kind", "category")


def plain(value: Any) -> Any:
    """Neo4j temporal values to Python ones, recursively; identity material dropped."""
    value = to_native(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in HIDDEN_PROPERTIES}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _rows(db: Database, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    # `$derived`: the relationship types the views leave out (model/relationships.yaml)
    params = {**(params or {}), "derived": list(DERIVED_TYPES)}
    return [plain(row) for row in db.read(read_cypher(f"app/cypher/{name}"), params)]


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
    """People, units and companies by name or key: at most `limit` of each kind (one more is
    read, so `search_cut` can say when a kind was cut)."""
    text = text.strip()
    if not text:
        return []
    return _rows(db, "search", {"text": text, "limit": limit + 1})


def search_cut(
    hits: list[dict[str, Any]], limit: int = SEARCH_LIMIT
) -> tuple[list[dict[str, Any]], bool]:
    """The hits to show (at most `limit` per kind) and whether any kind had more."""
    shown: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    cut = False
    for hit in hits:
        seen[hit["kind"]] = seen.get(hit["kind"], 0) + 1
        if seen[hit["kind"]] > limit:
            cut = True
            continue
        shown.append(hit)
    return shown, cut


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
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(nodes, relationships) around one node, in evidence_graph's shape."""
    rows = _rows(db, "neighbourhood", {"element_id": element_id, "limit": limit})
    if not rows:
        return [], []
    return rows[0]["nodes"], rows[0]["relationships"]


def leader_network(
    db: Database, pids: list[str], as_of: dt.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(nodes, relationships): leaders and the units they hold or are in charge of at as_of."""
    rows = _rows(db, "leader_network", {"pids": pids, "as_of": as_of})
    if not rows:
        return [], []
    return rows[0]["nodes"], rows[0]["relationships"]


def company(db: Database, uscc: str) -> dict[str, Any] | None:
    rows = _rows(db, "company", {"uscc": uscc})
    return rows[0] if rows else None


def entity(db: Database, key: str) -> dict[str, Any] | None:
    """A person, unit or company by pid, unit_id or USCC, in evidence_graph's node shape."""
    rows = _rows(db, "entity", {"key": key.strip()})
    return rows[0] if rows else None


def family_contracts(db: Database, pid: str) -> list[dict[str, Any]]:
    return _rows(db, "family_contracts", {"pid": pid})


def monthly_trends(
    db: Database, start: dt.date, end: dt.date, talk_kinds: list[str]
) -> list[dict[str, Any]]:
    return _rows(
        db, "monthly_trends", {"from_date": start, "to_date": end, "talk_kinds": talk_kinds}
    )


def open_problems(db: Database, as_of: dt.date, limit: int = 10) -> list[dict[str, Any]]:
    return _rows(db, "open_problems", {"as_of": as_of, "limit": limit})


def freshness(db: Database) -> list[dict[str, Any]]:
    return _rows(db, "freshness")


def generation(db: Database) -> str:
    """Changes with every load: the key that clears the app's caches."""
    row = _rows(db, "generation")[0]
    return f"{row['files']}:{row['last_loaded']}"


def expand(
    db: Database,
    ids: list[str],
    window: tuple[dt.date, dt.date],
    types: list[str] | None = None,
    fold: list[str] | None = None,
    events_from: dt.date | None = None,
    limit: int = NEIGHBOURS_LIMIT,
) -> list[dict[str, Any]]:
    """Per expanded node: {eid, items: [{node, rel}], folded: [{type, label, count}]}."""
    return _rows(
        db,
        "expand",
        {
            "ids": ids,
            "types": types,
            "fold": fold or [],
            "from_date": window[0],
            "to_date": window[1],
            "events_from": events_from,
            "limit": limit,
        },
    )


def paths(
    db: Database,
    from_id: str,
    to_id: str,
    max_length: int = 4,
    exclude: list[str] | None = None,
    k: int = 10,
) -> list[dict[str, Any]]:
    """Up to k shortest paths as {nodes, relationships}, each at most max_length long."""
    found = _rows(
        db,
        "paths",
        {
            "from_id": from_id,
            "to_id": to_id,
            "max_length": max_length,
            "exclude": [*(exclude or []), *DERIVED_TYPES],
            "k": k,
        },
    )
    # SHORTEST walks trails (no relationship twice) but may pass a node twice: keep the
    # simple paths only
    found = [p for p in found if len({n["id"] for n in p["nodes"]}) == len(p["nodes"])]
    for path in found:
        for node in path["nodes"]:
            props = node["properties"]
            node["key"] = next((props[k] for k in NODE_KEYS if props.get(k) is not None), None)
            node["caption"] = next(
                (props[k] for k in CAPTION_KEYS if props.get(k) is not None), node["key"]
            )
    return found
