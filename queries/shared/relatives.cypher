// ---
// fragment: relatives
// kind: subquery
// inputs: person
// outputs: relative, rel, kinship, reported, relation
// description: >-
//   亲属 — persons linked to `person` by the family registry (HAS_RELATIVE, either
//   direction, from any node that is the same person), each expanded to every node that is the
//   same person as the relative (SAME_AS, as the identity step linked them). `reported` is the node the family
//   registry names, `relative` the node reached (they differ when identity was resolved), `rel`
//   the HAS_RELATIVE relationship and `kinship` its class (SPOUSE, LINEAL, COLL3, AFFINAL, OTHER);
//   `relation` is the 称谓 when `person` reported the relative, else 亲属 (the 称谓 would be reversed).
//   A family link is undated (docs/rules.md, readings settled) until a later full report no longer
//   lists it (docs/snapshots.md): then it counts up to its `end_date`, the snapshot's date.
// ---
{{ identity(@person, me) }}
WITH collect(me) AS selves
UNWIND selves AS me
MATCH (me)-[hr:HAS_RELATIVE]-(kin:Person)
WHERE NOT kin IN selves AND (hr.end_date IS NULL OR hr.end_date >= $as_of)
{{ identity(kin, rv) }}
WITH selves, hr, kin, rv
WHERE NOT rv IN selves
RETURN DISTINCT rv AS @relative, hr AS @rel, hr.kinship AS @kinship, kin AS @reported,
       CASE WHEN startNode(hr) IN selves THEN hr.relation ELSE '亲属' END AS @relation
