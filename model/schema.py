"""Node labels and their keys, and the indexes: declared once here, read by the schema
migrations (graph/schema.py), the loaders, the rules' evidence, the app and the tests.

Plain data with no file to read, so `oversight report --list` (which needs the keys for the
rules' evidence) starts without parsing any declaration. The relationship types are in
model/relationships.py.
"""

from __future__ import annotations

from dataclasses import dataclass


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
# The load history of snapshot loads (loaders/snapshot.py): nodes without a key constraint,
# found through their `Snapshot.snapshot_id`.
HISTORY_LABELS = ("Snapshot", "SnapshotChange")
