// ---
// name: create_cases
// mode: write
// description: >-
//   the cases a run found for the first time (state new, or changed when they
//   replace an earlier case of the same finding), each seen by the run, with its first event.
// ---
MATCH (r:RuleRun {run_id: $run_id})
UNWIND $rows AS row
CREATE (c:Case)
SET c = row.props
CREATE (r)-[:SAW {state: row.props.run_state}]->(c)
CREATE (c)-[:HAS_EVENT]->(:CaseEvent {at: $at, actor: $actor, kind: 'created',
                                      run_id: $run_id, detail_json: row.event_json})
WITH c, row
OPTIONAL MATCH (p:Case {case_id: row.props.previous_case_id})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (c)-[:SUPERSEDES]->(p))
RETURN count(c) AS created
