// officers 企业主要人员 -> (:Person)-[:OFFICER_OF {role}]->(:Company)
// Row: {uscc, uscc_invalid, name, role, off_hash, off_masked, off_invalid, off_number,
//       off_pid, props, h, srcs}; the person is resolved as for shareholders.

// step: rels
UNWIND $rows AS row
MERGE (co:Company {uscc: row.uscc})
  ON CREATE SET co.in_registry = false, co.id_invalid = row.uscc_invalid, co.sources = row.srcs
WITH co, row
CALL (row) {
  {{ hash_owner(row.off_hash, x) }}
  RETURN coalesce(x.pid, row.off_pid) AS opid
}
MERGE (p:Person {pid: opid})
  ON CREATE SET p.origin = 'company', p.name = row.name, p.id_hash = row.off_hash,
                p.id_masked = row.off_masked, p.id_invalid = row.off_invalid,
                p.id_number = row.off_number, p.sources = row.srcs
MERGE (p)-[r:OFFICER_OF {role: row.role}]->(co)
WITH r, row, r.row_hash AS before, coalesce(r.sources, []) AS known
WITH r, row, known,
     CASE WHEN before IS NULL THEN 'created' WHEN before = row.h THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (r, row, known, outcome) {
  WITH * WHERE outcome <> 'unchanged' OR any(s IN row.srcs WHERE NOT s IN known)
  SET r += row.props, r.row_hash = row.h,
      r.sources = known + [s IN row.srcs WHERE NOT s IN known]
}
RETURN outcome, count(*) AS rows
