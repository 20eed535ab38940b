// companies 企业登记 -> (:Company {in_registry: true}), (:Person)-[:LEGAL_REP_OF]->(:Company)
// Row: {uscc, props, h, srcs, rep_name, rep_hash, rep_masked, rep_invalid, rep_number,
//       rep_pid}. The legal representative is the person whose id_hash equals rep_hash
// (a cadre in `people` preferred), else rep_pid ("ID:<hash>" or "NAME:<uscc>:<name>").

// step: nodes
UNWIND $rows AS row
MERGE (n:Company {uscc: row.uscc})
WITH n, row, n.row_hash AS before, coalesce(n.sources, []) AS known
WITH n, row, known,
     CASE WHEN before IS NULL THEN 'created' WHEN before = row.h THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (n, row, known, outcome) {
  WITH * WHERE outcome <> 'unchanged' OR any(s IN row.srcs WHERE NOT s IN known)
  SET n += row.props, n.in_registry = true, n.row_hash = row.h,
      n.sources = known + [s IN row.srcs WHERE NOT s IN known]
  WITH n, row
  CALL (row) {
    OPTIONAL MATCH (x:Person {id_hash: row.rep_hash})
    WITH x ORDER BY x.person_id IS NULL, x.pid
    LIMIT 1
    RETURN coalesce(x.pid, row.rep_pid) AS rpid
  }
  CALL (n, rpid) {
    // a changed legal representative: the old LEGAL_REP_OF no longer holds
    MATCH (old:Person)-[x:LEGAL_REP_OF]->(n)
    WHERE rpid IS NULL OR old.pid <> rpid
    DELETE x
  }
  CALL (n, row, rpid) {
    WITH * WHERE rpid IS NOT NULL
    MERGE (p:Person {pid: rpid})
      ON CREATE SET p.origin = 'company', p.name = row.rep_name, p.id_hash = row.rep_hash,
                    p.id_masked = row.rep_masked, p.id_invalid = row.rep_invalid,
                    p.id_number = row.rep_number
    MERGE (p)-[r:LEGAL_REP_OF]->(n)
    WITH p, r, row, coalesce(r.sources, []) AS rknown, coalesce(p.sources, []) AS pknown
    SET r.sources = rknown + [s IN row.srcs WHERE NOT s IN rknown],
        p.sources = pknown + [s IN row.srcs WHERE NOT s IN pknown]
  }
}
RETURN outcome, count(*) AS rows
