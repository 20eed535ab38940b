// shareholders 股东 -> (:Person|:Company holder)-[:SHAREHOLDER_OF {pct, subscribed, since}]->(:Company)
// Row: {uscc, uscc_invalid, holder_kind ('person'|'company'), holder_name, holder_uscc,
//       holder_invalid, holder_hash, holder_masked, holder_number, holder_pid, props, h, srcs}.
// A company not (yet) in the registry is created known only by its code (in_registry false).
// A natural person is the node the number already names (`hash_owner`, the identity step's
// lookup, docs/model.md "Person identity"), else holder_pid ("ID:<surrogate>" or
// "NAME:<uscc>:<name>").

// step: rels
UNWIND $rows AS row
MERGE (co:Company {uscc: row.uscc})
  ON CREATE SET co.in_registry = false, co.id_invalid = row.uscc_invalid, co.sources = row.srcs
WITH co, row
CALL (row) {
  WITH row WHERE row.holder_kind = 'company'
  MERGE (h:Company {uscc: row.holder_uscc})
    ON CREATE SET h.in_registry = false, h.name = row.holder_name,
                  h.id_invalid = row.holder_invalid, h.sources = row.srcs
  SET h.name = coalesce(h.name, row.holder_name)
  RETURN h
UNION
  WITH row WHERE row.holder_kind = 'person'
  {{ hash_owner(row.holder_hash, x) }}
  MERGE (h:Person {pid: coalesce(x.pid, row.holder_pid)})
    ON CREATE SET h.origin = 'company', h.name = row.holder_name, h.id_hash = row.holder_hash,
                  h.id_masked = row.holder_masked, h.id_invalid = row.holder_invalid,
                  h.id_number = row.holder_number, h.sources = row.srcs
  RETURN h
}
// An FtM Ownership is its own fact (keyed by its entity id, `ftm_id`): two holdings of one
// company by one owner with different periods or percentages stay two relationships.
CALL (h, co, row) {
  WITH * WHERE row.ftm_id IS NULL
  MERGE (h)-[r:SHAREHOLDER_OF]->(co)
  RETURN r
UNION
  WITH * WHERE row.ftm_id IS NOT NULL
  MERGE (h)-[r:SHAREHOLDER_OF {ftm_id: row.ftm_id}]->(co)
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
