// ---
// name: update_seen
// mode: write
// description: >-
//   cases a run found again: last seen, their state in this run, the newest wording
//   of the flag (summary, evidence); an event only when a case that had gone is back.
// ---
MATCH (r:RuleRun {run_id: $run_id})
UNWIND $rows AS row
MATCH (c:Case {case_id: row.case_id})
SET c.last_seen = $at, c.last_run = $run_id, c.last_seq = $seq, c.run_state = row.state,
    c.summary = row.summary, c.summary_en = row.summary_en, c.evidence_json = row.evidence_json,
    c.severity = row.severity, c.subject_name = row.subject_name, c.as_of = $as_of,
    c.superseded_by = null
CREATE (r)-[:SAW {state: row.state}]->(c)
FOREACH (_ IN CASE WHEN row.state = 'changed' THEN [1] ELSE [] END |
  CREATE (c)-[:HAS_EVENT]->(:CaseEvent {at: $at, actor: $actor, kind: 'reappeared',
                                        run_id: $run_id, detail_json: '{}'}))
RETURN count(c) AS seen
