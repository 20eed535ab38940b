// units 单位名录 -> (:Unit), (:Unit)-[:PART_OF]->(:Unit)
// Row: {unit_id, parent_id, props, h, srcs}. Every step runs over all batches before the
// next step starts, because a parent may come later in the file than its children.

// step: nodes
UNWIND $rows AS row
MERGE (n:Unit {unit_id: row.unit_id})
WITH n, row, n.row_hash AS before, coalesce(n.sources, []) AS known
WITH n, row, known,
     CASE WHEN before IS NULL THEN 'created' WHEN before = row.h THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (n, row, known, outcome) {
  WITH * WHERE outcome <> 'unchanged' OR any(s IN row.srcs WHERE NOT s IN known)
  SET n += row.props, n.row_hash = row.h,
      n.sources = known + [s IN row.srcs WHERE NOT s IN known]
}
RETURN outcome, count(*) AS rows

// step: parents
UNWIND $rows AS row
MATCH (n:Unit {unit_id: row.unit_id})
CALL (n, row) {
  // a changed parent: the old PART_OF no longer holds
  MATCH (n)-[old:PART_OF]->(p:Unit)
  WHERE row.parent_id IS NULL OR p.unit_id <> row.parent_id
  DELETE old
}
CALL (n, row) {
  WITH * WHERE row.parent_id IS NOT NULL
  MATCH (p:Unit {unit_id: row.parent_id})
  MERGE (n)-[r:PART_OF]->(p)
  WITH r, row, coalesce(r.sources, []) AS known
  WHERE any(s IN row.srcs WHERE NOT s IN known)
  SET r.sources = known + [s IN row.srcs WHERE NOT s IN known]
}
RETURN count(*) AS rows
