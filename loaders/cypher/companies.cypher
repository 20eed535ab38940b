// companies 企业登记 -> (:Company {in_registry: true}), (:Person)-[:LEGAL_REP_OF]->(:Company)
// Row: {uscc, props, h, srcs, rep_name, rep_hash, rep_masked, rep_invalid, rep_number,
//       rep_pid}. The legal representative is the node the number already names
// (`hash_owner`, the identity step's lookup, docs/model.md "Person identity"), else rep_pid
// ("ID:<surrogate>" or "NAME:<uscc>:<name>").
// $change_date / $change_by (loaders/write.py load_params): when a row names another legal
// representative, the former one ends and the new one starts on the change date.

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
    {{ hash_owner(row.rep_hash, x) }}
    RETURN coalesce(x.pid, row.rep_pid) AS rpid
  }
  CALL (n, rpid) {
    // a changed legal representative: the former one's LEGAL_REP_OF ends on the change date
    // (marked as a snapshot ends a relationship, provenance kept), so that what was signed
    // while it held still links it; it is history, not deleted
    // anchored on the company (no label on `old`: a Person label scan per row would make a
    // load quadratic, as the planner chose once persons were being created in the batch)
    MATCH (n)<-[x:LEGAL_REP_OF]-(old)
    WHERE (rpid IS NULL OR old.pid <> rpid) AND x.ended_on IS NULL
    SET x.ended_on = $change_date, x.ended_by = $change_by
    WITH x WHERE x.end_date IS NULL
    SET x.end_date = $change_date, x.end_date_by_snapshot = true
  }
  CALL (n, row, rpid) {
    WITH * WHERE rpid IS NOT NULL
    MERGE (p:Person {pid: rpid})
      ON CREATE SET p.origin = 'company', p.name = row.rep_name, p.id_hash = row.rep_hash,
                    p.id_masked = row.rep_masked, p.id_invalid = row.rep_invalid,
                    p.id_number = row.rep_number
    // the company had another representative: this one starts on the change date (the
    // first representative of a company stays undated)
    // (a pattern comprehension expands from the bound company: never a label scan)
    WITH n, p, row, size([(n)<-[:LEGAL_REP_OF]-(o) WHERE o <> p | o]) > 0 AS replaces
    MERGE (p)-[r:LEGAL_REP_OF]->(n)
      ON CREATE SET r.start_date = CASE WHEN replaces THEN $change_date END
    WITH p, r, row, coalesce(r.sources, []) AS rknown, coalesce(p.sources, []) AS pknown
    SET r.sources = rknown + [s IN row.srcs WHERE NOT s IN rknown],
        p.sources = pknown + [s IN row.srcs WHERE NOT s IN pknown]
    // a former representative who is one again: the same relationship starts again, the gap
    // kept as 'ended/restarted' (as snapshot.cypher restarts a fact)
    WITH r WHERE r.ended_on IS NOT NULL
    SET r.ended_periods = coalesce(r.ended_periods, [])
                          + [toString(r.ended_on) + '/' + toString($change_date)],
        r.ended_on = null, r.ended_by = null
    WITH r WHERE r.end_date_by_snapshot
    SET r.end_date = null, r.end_date_by_snapshot = null
  }
}
RETURN outcome, count(*) AS rows
