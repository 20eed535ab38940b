// complaints 信访举报 -> (:Complaint)-[:ABOUT {match:'id'}]->(:Person), -[:ABOUT_UNIT]->(:Unit),
// -[:NAMES_COMPANY {match:'id'}]->(:Company)
// Row: {complaint_id, subject_person_id, subject_unit_id, usccs: [{uscc, invalid}], props, h, srcs}.
// props.company_names holds the 涉及企业 given by name; the identity step links them
// (NAMES_COMPANY {match:'name'}) and resolves subject_name (ABOUT {match:'name'}) after
// every load, so the order of loading does not matter.

// step: nodes
UNWIND $rows AS row
MERGE (n:Complaint {complaint_id: row.complaint_id})
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
    MATCH (n)-[old:ABOUT|ABOUT_UNIT|NAMES_COMPANY]->()
    DELETE old
  }
  CALL (n, row) {
    MATCH (p:Person {pid: row.subject_person_id})
    MERGE (n)-[r:ABOUT]->(p)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.match = 'id', r.confidence = 1.0, r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    MATCH (u:Unit {unit_id: row.subject_unit_id})
    MERGE (n)-[r:ABOUT_UNIT]->(u)
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
