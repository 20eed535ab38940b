// appointments 干部任免 -> (:Appointment)-[:APPOINTEE]->(:Person), -[:TO_UNIT|FROM_UNIT]->(:Unit),
// -[:NOMINATED_BY]->(:Person)
// Row: {appointment_id, person_id, to_unit_id, from_unit_id, nominator_id, props, h, srcs}.

// step: nodes
UNWIND $rows AS row
MERGE (n:Appointment {appointment_id: row.appointment_id})
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
    MATCH (n)-[old:APPOINTEE|TO_UNIT|FROM_UNIT|NOMINATED_BY]->()
    DELETE old
  }
  CALL (n, row) {
    MATCH (p:Person {pid: row.person_id})
    MERGE (n)-[r:APPOINTEE]->(p)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    MATCH (u:Unit {unit_id: row.to_unit_id})
    MERGE (n)-[r:TO_UNIT]->(u)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    MATCH (u:Unit {unit_id: row.from_unit_id})
    MERGE (n)-[r:FROM_UNIT]->(u)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    MATCH (p:Person {pid: row.nominator_id})
    MERGE (n)-[r:NOMINATED_BY]->(p)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
}
RETURN outcome, count(*) AS rows
