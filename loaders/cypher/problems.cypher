// problems 问题整改 -> (:Problem)-[:FOUND_IN]->(:SupervisionEvent), -[:RESPONSIBLE_UNIT]->(:Unit),
// -[:RESPONSIBLE_PERSON]->(:Person)
// Row: {problem_id, event_id, unit_id, person_id, props, h, srcs}.

// step: nodes
UNWIND $rows AS row
MERGE (n:Problem {problem_id: row.problem_id})
WITH n, row, n.row_hash AS before, coalesce(n.sources, []) AS known
WITH n, row, known,
     CASE WHEN before IS NULL THEN 'created' WHEN before = row.h THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (n, row, known, outcome) {
  WITH * WHERE outcome <> 'unchanged' OR any(s IN row.srcs WHERE NOT s IN known)
  SET n += row.props, n.row_hash = row.h,
      n.sources = known + [s IN row.srcs WHERE NOT s IN known]
  WITH n, row, outcome
  CALL (n, outcome) {
    WITH * WHERE outcome = 'updated'
    MATCH (n)-[old:FOUND_IN|RESPONSIBLE_UNIT|RESPONSIBLE_PERSON]->()
    DELETE old
  }
  CALL (n, row) {
    MATCH (e:SupervisionEvent {event_id: row.event_id})
    MERGE (n)-[r:FOUND_IN]->(e)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    MATCH (u:Unit {unit_id: row.unit_id})
    MERGE (n)-[r:RESPONSIBLE_UNIT]->(u)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    MATCH (p:Person {pid: row.person_id})
    MERGE (n)-[r:RESPONSIBLE_PERSON]->(p)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
}
RETURN outcome, count(*) AS rows
