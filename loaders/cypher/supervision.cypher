// supervision 监督活动 -> (:SupervisionEvent)-[:CONDUCTED_BY]->(:Person), -[:CONDUCTED_BY_UNIT]->(:Unit),
// -[:TARGET]->(:Person), -[:TARGET_UNIT]->(:Unit)
// Row: {event_id, by_person_id, by_unit_id, target_person_id, target_unit_id, props, h, srcs}.

// step: nodes
UNWIND $rows AS row
MERGE (n:SupervisionEvent {event_id: row.event_id})
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
    MATCH (n)-[old:CONDUCTED_BY|CONDUCTED_BY_UNIT|TARGET|TARGET_UNIT]->()
    DELETE old
  }
  CALL (n, row) {
    MATCH (p:Person {pid: row.by_person_id})
    MERGE (n)-[r:CONDUCTED_BY]->(p)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    MATCH (u:Unit {unit_id: row.by_unit_id})
    MERGE (n)-[r:CONDUCTED_BY_UNIT]->(u)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    MATCH (p:Person {pid: row.target_person_id})
    MERGE (n)-[r:TARGET]->(p)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    MATCH (u:Unit {unit_id: row.target_unit_id})
    MERGE (n)-[r:TARGET_UNIT]->(u)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
}
RETURN outcome, count(*) AS rows
