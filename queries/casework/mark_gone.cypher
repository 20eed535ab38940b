// ---
// name: mark_gone
// mode: write
// description: >-
//   cases the run no longer found: kept with their history, marked gone (and which
//   case replaced them, if any). Nothing is ever deleted.
// ---
UNWIND $rows AS row
MATCH (c:Case {case_id: row.case_id})
SET c.run_state = 'gone', c.gone_run = $run_id, c.superseded_by = row.superseded_by
CREATE (c)-[:HAS_EVENT]->(:CaseEvent {at: $at, actor: $actor, kind: 'gone', run_id: $run_id,
                                      detail_json: row.event_json})
RETURN count(c) AS gone
