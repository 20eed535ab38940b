// tasks 责任清单任务 -> (:Task)-[:LED_BY]->(:Unit), -[:SUPPORTED_BY]->(:Unit),
// -[:RESPONSIBLE_PERSON]->(:Person)
// Row: {task_id, lead_unit_id, support_unit_ids: [unit_id, ...], person_id, props, h, srcs}.

// step: nodes
UNWIND $rows AS row
MERGE (n:Task {task_id: row.task_id})
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
    MATCH (n)-[old:LED_BY|SUPPORTED_BY|RESPONSIBLE_PERSON]->()
    DELETE old
  }
  CALL (n, row) {
    MATCH (u:Unit {unit_id: row.lead_unit_id})
    MERGE (n)-[r:LED_BY]->(u)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    UNWIND row.support_unit_ids AS unit_id
    MATCH (u:Unit {unit_id: unit_id})
    MERGE (n)-[r:SUPPORTED_BY]->(u)
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
