// interventions 插手干预重大事项记录 -> (:Intervention)-[:INTERVENED]->(:Person),
// -[:CONCERNS_UNIT]->(:Unit), -[:NAMES_COMPANY {match:'id'}]->(:Company)
// Row: {record_id, person_id, unit_id, usccs: [{uscc, invalid}], props, h, srcs}; companies
// given by name stay in props.company_names (the identity step links them by name).

// step: nodes
UNWIND $rows AS row
MERGE (n:Intervention {record_id: row.record_id})
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
    MATCH (n)-[old:INTERVENED|CONCERNS_UNIT|NAMES_COMPANY]->()
    DELETE old
  }
  CALL (n, row) {
    MATCH (p:Person {pid: row.person_id})
    MERGE (n)-[r:INTERVENED]->(p)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    MATCH (u:Unit {unit_id: row.unit_id})
    MERGE (n)-[r:CONCERNS_UNIT]->(u)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    UNWIND row.usccs AS company
    MERGE (c:Company {uscc: company.uscc})
      ON CREATE SET c.in_registry = false, c.id_invalid = company.invalid, c.sources = row.srcs
    MERGE (n)-[r:NAMES_COMPANY]->(c)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.match = 'id', r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
}
RETURN outcome, count(*) AS rows
