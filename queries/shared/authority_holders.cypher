// ---
// fragment: authority_holders
// kind: subquery
// inputs:
// outputs: leader
// description: >-
//   有职权锚点的人 — every person with a 一把手 or 班子成员 post or a duty at any date: exactly
//   those whose `authority_anchors` are not empty. Read from the relationship type indexes
//   (the Unit end), so a rule can defer the anchors until few leaders are left.
// ---
MATCH (l:Person)-[p:HOLDS_POST]->(:Unit)
WHERE p.role IN ['一把手', '班子成员']
RETURN DISTINCT l AS @leader
UNION
MATCH (l:Person)-[:IN_CHARGE_OF]->(:Unit)
RETURN DISTINCT l AS @leader
