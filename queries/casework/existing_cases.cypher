// ---
// name: existing_cases
// mode: read
// description: >-
//   the cases a run compares against: every case still matched in the latest run,
//   and any case with one of the run's ids or lineages (a case that had gone may come back).
// ---
CALL () {
  MATCH (c:Case) WHERE c.run_state IN ['new', 'unchanged', 'changed'] RETURN c
  UNION
  MATCH (c:Case) WHERE c.case_id IN $ids RETURN c
  UNION
  MATCH (c:Case) WHERE c.lineage IN $lineages RETURN c
}
RETURN c.case_id AS case_id, c.lineage AS lineage, c.run_state AS run_state,
       c.last_seq AS last_seq, c.facts_json AS facts_json, c.assignee AS assignee,
       c.status AS status
