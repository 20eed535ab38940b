// people 人员名册 -> (:Person {pid = person_id, origin 'people'})
// Row: {person_id, props, h, srcs}. props holds id_hash/id_masked/id_invalid only when the
// row has a 身份证号, so that a hash learnt from another registry is not erased.

// step: nodes
UNWIND $rows AS row
MERGE (n:Person {pid: row.person_id})
WITH n, row, n.row_hash AS before, coalesce(n.sources, []) AS known
WITH n, row, known,
     CASE WHEN before IS NULL THEN 'created' WHEN before = row.h THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (n, row, known, outcome) {
  WITH * WHERE outcome <> 'unchanged' OR any(s IN row.srcs WHERE NOT s IN known)
  SET n += row.props, n.person_id = row.person_id, n.origin = 'people', n.row_hash = row.h,
      n.sources = known + [s IN row.srcs WHERE NOT s IN known]
}
RETURN outcome, count(*) AS rows
