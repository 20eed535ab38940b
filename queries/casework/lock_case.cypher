// ---
// name: lock_case
// mode: write
// description: >-
//   take the case's write lock before reading its version, so that two updates at
//   once are checked one after the other (no lost update); returns its current state.
// ---
MATCH (c:Case {case_id: $case_id})
SET c._lock = true
RETURN c.version AS version, c.status AS status, c.assignee AS assignee, c.due AS due,
       c.updated_by AS updated_by, c.updated_at AS updated_at
