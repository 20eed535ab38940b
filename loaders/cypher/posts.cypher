// posts 任职记录 -> (:Person)-[:HOLDS_POST {title, start_date, ...}]->(:Unit)
// Row: {person_id, unit_id, title, start_date, props, h, srcs}. The relationship is keyed by
// (person, unit, title, start_date), the registry's key.

// step: rels
UNWIND $rows AS row
MATCH (p:Person {pid: row.person_id})
MATCH (u:Unit {unit_id: row.unit_id})
MERGE (p)-[r:HOLDS_POST {title: row.title, start_date: row.start_date}]->(u)
WITH r, row, r.row_hash AS before, coalesce(r.sources, []) AS known
WITH r, row, known,
     CASE WHEN before IS NULL THEN 'created' WHEN before = row.h THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (r, row, known, outcome) {
  WITH * WHERE outcome <> 'unchanged' OR any(s IN row.srcs WHERE NOT s IN known)
  SET r += row.props, r.row_hash = row.h,
      r.sources = known + [s IN row.srcs WHERE NOT s IN known]
}
RETURN outcome, count(*) AS rows
