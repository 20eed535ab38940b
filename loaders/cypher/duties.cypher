// duties 分管 -> (:Person)-[:IN_CHARGE_OF {start_date, end_date}]->(:Unit)
// Row: {person_id, unit_id, start_date, props, h, srcs}; keyed by (person, unit, start_date).

// step: rels
UNWIND $rows AS row
MATCH (p:Person {pid: row.person_id})
MATCH (u:Unit {unit_id: row.unit_id})
MERGE (p)-[r:IN_CHARGE_OF {start_date: row.start_date}]->(u)
WITH r, row, r.row_hash AS before, coalesce(r.sources, []) AS known
WITH r, row, known,
     CASE WHEN before IS NULL THEN 'created' WHEN before = row.h THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (r, row, known, outcome) {
  WITH * WHERE outcome <> 'unchanged' OR any(s IN row.srcs WHERE NOT s IN known)
  SET r += row.props, r.row_hash = row.h,
      r.sources = known + [s IN row.srcs WHERE NOT s IN known]
}
RETURN outcome, count(*) AS rows
