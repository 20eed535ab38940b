// ---
// name: run_saw
// mode: read
// description: >-
//   the cases one run saw, with what a diff needs to tell new from changed.
// ---
MATCH (r:RuleRun {run_id: $run_id})-[:SAW]->(c:Case)
RETURN c.case_id AS case_id, c.previous_case_id AS previous_case_id, c.rule AS rule,
       c.subject_id AS subject_id, c.subject_name AS subject_name, c.summary AS summary,
       c.status AS status, c.changes_json AS changes_json
