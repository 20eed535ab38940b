// ---
// fragment: leader_role
// kind: expression
// inputs: rel
// description: >-
//   领导职务 — a post whose role is 一把手 (top leader) or 班子成员 (team member).
// ---
(@rel.role IN ['一把手', '班子成员'])
