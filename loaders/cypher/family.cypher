// family 家庭成员 -> (:Person cadre)-[:HAS_RELATIVE {relation, kinship, ...}]->(:Person relative)
// Row: {person_id, relative_id, relative_name, relation, rel_hash, rel_masked, rel_invalid,
//       rel_number, rel_pid, props, h, srcs}.
// The relative is (docs/model.md, "Person identity"; decided by loaders/identity.py): the
// person 亲属编号 names; else the node the number already names (`hash_owner`, the identity
// step's lookup); else rel_pid ("ID:<surrogate>" or "REL:<cadre>:<name>:<relation>"). Rows repeating a relative over
// report years are collapsed by the shaper into one row (the latest year).

// step: rels
UNWIND $rows AS row
MATCH (c:Person {pid: row.person_id})
CALL (row) {
  {{ hash_owner(row.rel_hash, x) }}
  RETURN coalesce(row.relative_id, x.pid, row.rel_pid) AS rpid
}
MERGE (p:Person {pid: rpid})
  ON CREATE SET p.origin = 'family', p.name = row.relative_name
MERGE (c)-[r:HAS_RELATIVE {relation: row.relation}]->(p)
WITH p, r, row, r.row_hash AS before, coalesce(r.sources, []) AS known
WITH p, r, row, known,
     CASE WHEN before IS NULL THEN 'created' WHEN before = row.h THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (p, r, row, known, outcome) {
  WITH * WHERE outcome <> 'unchanged' OR any(s IN row.srcs WHERE NOT s IN known)
  SET r += row.props, r.row_hash = row.h,
      r.sources = known + [s IN row.srcs WHERE NOT s IN known]
  // what the report says about the relative fills gaps, never overrides the people registry
  WITH p, row, coalesce(p.sources, []) AS pknown
  SET p.name = coalesce(p.name, row.relative_name),
      p.id_hash = coalesce(p.id_hash, row.rel_hash),
      p.id_masked = coalesce(p.id_masked, row.rel_masked),
      p.id_invalid = coalesce(p.id_invalid, row.rel_invalid),
      p.id_number = coalesce(p.id_number, row.rel_number),
      p.sources = pknown + [s IN row.srcs WHERE NOT s IN pknown]
}
RETURN outcome, count(*) AS rows
