// ---
// fragment: identity
// kind: subquery
// inputs: person
// outputs: same
// description: >-
//   同一人的所有节点 — the person itself and every node the identity step linked to it by
//   SAME_AS (docs/model.md, "Person identity"). SAME_AS only, never a join on id_hash: the
//   identity step alone decides who is the same person. It keeps each group a star (every
//   other node of one 身份证号 points at the one canonical node, nothing else carries a
//   SAME_AS), so two hops in either direction reach exactly the group: from the canonical
//   node every other in one, from any other node the canonical in one and its siblings in two.
//   Written as two hops of 0..1, not one `*0..2`: the same nodes, about half the database hits
//   (the planner's pruning search scans each node's relationships again; bench/rules_profile.py).
// ---
MATCH (@person)-[:SAME_AS*0..1]-(x:Person)
MATCH (x)-[:SAME_AS*0..1]-(q:Person)
RETURN DISTINCT q AS @same
