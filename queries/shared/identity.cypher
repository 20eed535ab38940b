// ---
// fragment: identity
// kind: subquery
// inputs: person
// outputs: same
// description: >-
//   同一人的所有节点 — the person itself, every node linked to it by SAME_AS, and every
//   Person with the same id_hash (a relative reported before the people registry listed them).
// ---
MATCH (@person)-[:SAME_AS*0..1]-(q:Person)
RETURN q AS @same
UNION
MATCH (q:Person {id_hash: @person.id_hash})
RETURN q AS @same
