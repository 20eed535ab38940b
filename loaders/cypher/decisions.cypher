// decisions 三重一大决策 -> (:Decision)-[:AT_UNIT]->(:Unit), (:Person)-[:SPOKE_IN {order}]->(:Decision)
// Row: {decision_id, unit_id, speaking_order: [person_id, ...], props, h, srcs}.

// step: nodes
UNWIND $rows AS row
MERGE (n:Decision {decision_id: row.decision_id})
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
    MATCH (n)-[old:AT_UNIT]->()
    DELETE old
  }
  CALL (n, outcome) {
    WITH * WHERE outcome = 'updated'
    MATCH ()-[old:SPOKE_IN]->(n)
    DELETE old
  }
  CALL (n, row) {
    MATCH (u:Unit {unit_id: row.unit_id})
    MERGE (n)-[r:AT_UNIT]->(u)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    UNWIND range(0, size(row.speaking_order) - 1) AS i
    MATCH (p:Person {pid: row.speaking_order[i]})
    MERGE (p)-[r:SPOKE_IN]->(n)
    WITH r, row, i, coalesce(r.sources, []) AS rk
    SET r.order = i + 1, r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
}
RETURN outcome, count(*) AS rows
