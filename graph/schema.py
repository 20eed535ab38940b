"""Schema migrations: constraints and indexes for every key the loaders and reports use.

Declared once as data and applied idempotently (`IF NOT EXISTS`), by `oversight db migrate`
and automatically before every load.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the declarations are read by `report --list`, which must not load the driver
    from graph.db import Database


@dataclass(frozen=True)
class NodeKey:
    label: str
    property: str


@dataclass(frozen=True)
class NodeIndex:
    label: str
    property: str


@dataclass(frozen=True)
class RelIndex:
    rel_type: str
    property: str


# One uniqueness constraint per node key of docs/model.md.
NODE_KEYS: tuple[NodeKey, ...] = (
    NodeKey("Unit", "unit_id"),
    NodeKey("Person", "pid"),
    NodeKey("Company", "uscc"),
    NodeKey("Contract", "contract_id"),
    NodeKey("Appointment", "appointment_id"),
    NodeKey("Complaint", "complaint_id"),
    NodeKey("SupervisionEvent", "event_id"),
    NodeKey("Problem", "problem_id"),
    NodeKey("Sanction", "sanction_id"),
    NodeKey("Intervention", "record_id"),
    NodeKey("Decision", "decision_id"),
    NodeKey("Task", "task_id"),
    NodeKey("Source", "source_id"),
    NodeKey("AppUser", "name"),  # the app's users (app/auth.py)
)

# Lookups that are not keys: identity matching, search by name, date windows in reports.
NODE_INDEXES: tuple[NodeIndex, ...] = (
    NodeIndex("Person", "id_hash"),
    NodeIndex("Person", "name"),
    NodeIndex("Person", "person_id"),
    NodeIndex("Person", "power_index"),
    NodeIndex("Company", "name"),
    NodeIndex("Company", "ftm_id"),  # the id an FtM file gave it (joins back to OpenSanctions)
    NodeIndex("Unit", "name"),
    NodeIndex("Contract", "signed_date"),
    NodeIndex("Appointment", "decided_date"),
    NodeIndex("Complaint", "received_date"),
    NodeIndex("SupervisionEvent", "kind"),
    NodeIndex("SupervisionEvent", "date"),
    NodeIndex("Problem", "due_date"),
    NodeIndex("Decision", "date"),
    NodeIndex("Intervention", "date"),
    NodeIndex("Task", "due_date"),
    NodeIndex("Sanction", "date"),
)

REL_INDEXES: tuple[RelIndex, ...] = (
    RelIndex("HOLDS_POST", "role"),
    RelIndex("POSSIBLE_MATCH", "status"),
    RelIndex("POSSIBLE_MATCH", "match_id"),  # `oversight matches confirm|reject ID`
)

LABELS = tuple(key.label for key in NODE_KEYS)
# The key property of each node label the registries write (every key above but the
# provenance `Source` and the app's users), in NODE_KEYS order.
REGISTRY_KEYS: dict[str, str] = {
    key.label: key.property for key in NODE_KEYS if key.label not in ("Source", "AppUser")
}


def _name(*parts: str) -> str:
    return "_".join(part.lower() for part in parts)


def statements() -> list[str]:
    """The schema as Cypher. Labels and property names come from the declarations above,
    never from input, so composing them into the text is safe."""
    out = [
        f"CREATE CONSTRAINT {_name(k.label, k.property, 'key')} IF NOT EXISTS "
        f"FOR (n:{k.label}) REQUIRE n.{k.property} IS UNIQUE"
        for k in NODE_KEYS
    ]
    out += [
        f"CREATE INDEX {_name(i.label, i.property)} IF NOT EXISTS "
        f"FOR (n:{i.label}) ON (n.{i.property})"
        for i in NODE_INDEXES
    ]
    out += [
        f"CREATE INDEX {_name(r.rel_type, r.property)} IF NOT EXISTS "
        f"FOR ()-[r:{r.rel_type}]-() ON (r.{r.property})"
        for r in REL_INDEXES
    ]
    return out


def migrate(db: Database) -> int:
    """Apply every constraint and index (idempotent); wait until they are online.
    Returns how many statements were applied."""
    applied = statements()
    for statement in applied:
        db.run_autocommit(statement)
    db.run_autocommit("CALL db.awaitIndexes(300)")
    return len(applied)


def existing(db: Database) -> dict[str, set[str]]:
    """Names of the constraints and indexes the database has now."""
    constraints = {row["name"] for row in db.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    indexes = {row["name"] for row in db.read("SHOW INDEXES YIELD name RETURN name")}
    return {"constraints": constraints, "indexes": indexes}
