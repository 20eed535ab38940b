// contracts 采购合同 -> (:Contract), (:Contract)-[:BUYER]->(:Unit), (:Contract)-[:SUPPLIER]->(:Company)
// Row: {contract_id, buyer_unit_id, supplier_uscc, supplier_invalid, props, h, srcs}.
// A supplier not in the company registry is created known only by its code.

// step: nodes
UNWIND $rows AS row
MERGE (n:Contract {contract_id: row.contract_id})
WITH n, row, n.row_hash AS before, coalesce(n.sources, []) AS known
WITH n, row, known,
     CASE WHEN before IS NULL THEN 'created' WHEN before = row.h THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (n, row, known, outcome) {
  WITH * WHERE outcome <> 'unchanged' OR any(s IN row.srcs WHERE NOT s IN known)
  SET n += row.props, n.row_hash = row.h,
      n.sources = known + [s IN row.srcs WHERE NOT s IN known]
  WITH n, row, outcome
  CALL (n, outcome) {
    // a changed row re-states its relationships from scratch
    WITH * WHERE outcome = 'updated'
    MATCH (n)-[old:BUYER|SUPPLIER]->()
    DELETE old
  }
  CALL (n, row) {
    MATCH (u:Unit {unit_id: row.buyer_unit_id})
    MERGE (n)-[r:BUYER]->(u)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
  CALL (n, row) {
    MERGE (c:Company {uscc: row.supplier_uscc})
      ON CREATE SET c.in_registry = false, c.id_invalid = row.supplier_invalid, c.sources = row.srcs
    MERGE (n)-[r:SUPPLIER]->(c)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }
}
RETURN outcome, count(*) AS rows
