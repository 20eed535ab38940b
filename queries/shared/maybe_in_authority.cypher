// ---
// fragment: maybe_in_authority
// kind: expression
// inputs: unit, above, anchors
// description: >-
//   单位可能在职权范围内 — `unit` is a 班子成员 anchor, or it or a unit above it is a
//   一把手/分管 anchor (anchors from `authority_anchors`; `above` is
//   `[(unit)-[:PART_OF*0..]->(up:Unit) | up]`, read once per unit by the caller); dates are
//   checked by `authority_over`.
// ---
(@unit IN @anchors[1] OR any(a IN @above WHERE a IN @anchors[0]))
