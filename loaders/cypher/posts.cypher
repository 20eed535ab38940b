// posts 任职记录 -> (:Person)-[:HOLDS_POST {title, start_date, ...}]->(:Unit)
// Row: {person_id, unit_id, title, start_date, props, h, srcs}. The relationship is keyed by
// (person, unit, title, start_date), the registry's key.

// step: rels
UNWIND $rows AS row
MATCH (p:Person {pid: row.person_id})
MATCH (u:Unit {unit_id: row.unit_id})
// A post without a start date (FtM PEP occupancies often have only a status) is keyed by its
// FtM entity id instead.
CALL (p, u, row) {
  WITH * WHERE row.start_date IS NOT NULL
  MERGE (p)-[r:HOLDS_POST {title: row.title, start_date: row.start_date}]->(u)
  RETURN r
UNION
  WITH * WHERE row.start_date IS NULL
  MERGE (p)-[r:HOLDS_POST {ftm_id: row.ftm_id}]->(u)
  RETURN r
}
WITH r, row, r.row_hash AS before, coalesce(r.sources, []) AS known
WITH r, row, known,
     CASE WHEN before IS NULL THEN 'created' WHEN before = row.h THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (r, row, known, outcome) {
  WITH * WHERE outcome <> 'unchanged' OR any(s IN row.srcs WHERE NOT s IN known)
  SET r += row.props, r.row_hash = row.h,
      r.sources = known + [s IN row.srcs WHERE NOT s IN known]
}
RETURN outcome, count(*) AS rows
