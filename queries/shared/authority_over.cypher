// ---
// fragment: authority_over
// kind: subquery
// inputs: leader, unit, at
// outputs: via_unit, via
// description: >-
//   领导干部在某日对某单位的职权 — rows when `unit` is in the authority of `leader` at date
//   `at`: a 一把手 post at `unit` or any unit above it (上级单位, any depth); a 班子成员 post at
//   `unit` itself; a duty (分管) on `unit` or any unit above it. `via_unit` is the unit of that
//   post or duty, `via` its kind (一把手, 班子成员, 分管).
// ---
MATCH (@unit)-[:PART_OF*0..]->(top:Unit)<-[p:HOLDS_POST]-(@leader)
WHERE p.role = '一把手' AND {{ active(p, @at) }}
RETURN top AS @via_unit, '一把手' AS @via
UNION
MATCH (@unit)<-[p:HOLDS_POST]-(@leader)
WHERE p.role = '班子成员' AND {{ active(p, @at) }}
RETURN @unit AS @via_unit, '班子成员' AS @via
UNION
MATCH (@unit)-[:PART_OF*0..]->(top:Unit)<-[d:IN_CHARGE_OF]-(@leader)
WHERE {{ active(d, @at) }}
RETURN top AS @via_unit, '分管' AS @via
