// ---
// fragment: leaders_any
// kind: subquery
// inputs:
// outputs: leader
// description: >-
//   有任职或分管记录的人 — every person with a post or a duty at any date (authority is
//   checked later at the date that matters). Read from the relationship type indexes, not by
//   visiting every Person (most persons in a province are relatives and company-side people).
// ---
MATCH (l:Person)-[:HOLDS_POST]->(:Unit)
RETURN DISTINCT l AS @leader
UNION
MATCH (l:Person)-[:IN_CHARGE_OF]->(:Unit)
RETURN DISTINCT l AS @leader
