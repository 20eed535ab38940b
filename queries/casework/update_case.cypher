// ---
// name: update_case
// mode: write
// description: >-
//   apply a checked change to a locked case: its fields, version + 1, one event
//   per change, and the note (append-only) if any.
// ---
MATCH (c:Case {case_id: $case_id})
SET c += $props, c.version = c.version + 1, c.updated_at = $at, c.updated_by = $actor
REMOVE c._lock
WITH c
CALL (c) {
  UNWIND range(0, size($events) - 1) AS i
  WITH $events[i] AS e, i
  CREATE (c)-[:HAS_EVENT]->(:CaseEvent {at: $at, actor: $actor, kind: e.kind, order: i,
                                        detail_json: e.detail_json, version: c.version})
}
CALL (c) {
  UNWIND $notes AS text
  CREATE (c)-[:HAS_NOTE]->(:CaseNote {note_id: $note_id, at: $at, author: $actor, text: text})
}
RETURN c.version AS version
