// sanctions 问责处分 -> (:Sanction)-[:SANCTIONED]->(:Person)
// Row: {sanction_id, person_id, props, h, srcs}.

// step: nodes
UNWIND $rows AS row
MERGE (n:Sanction {sanction_id: row.sanction_id})
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
    MATCH (n)-[old:SANCTIONED]->()
    DELETE old
  }
  CALL (n, row) {
    MATCH (p:Person {pid: row.person_id})
    MERGE (n)-[r:SANCTIONED]->(p)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
}
RETURN outcome, count(*) AS rows
