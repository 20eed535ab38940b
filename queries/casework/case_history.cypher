// ---
// name: case_history
// mode: read
// description: >-
//   one case's events (oldest first) and the runs that saw it.
// ---
MATCH (c:Case {case_id: $case_id})
RETURN COLLECT {
         MATCH (c)-[:HAS_EVENT]->(e:CaseEvent)
         WITH e ORDER BY e.at, coalesce(e.version, 0), coalesce(e.order, 0)
         RETURN {at: e.at, actor: e.actor, kind: e.kind, run_id: e.run_id,
                 detail_json: e.detail_json, version: e.version}
       } AS events,
       COLLECT {
         MATCH (r:RuleRun)-[s:SAW]->(c)
         WITH r, s ORDER BY r.seq
         RETURN {run_id: r.run_id, at: r.at, as_of: r.as_of, state: s.state}
       } AS runs
