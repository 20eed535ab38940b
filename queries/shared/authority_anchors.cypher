// ---
// fragment: authority_anchors
// kind: expression
// inputs: leader
// description: >-
//   领导干部任何时候的职权锚点（不看日期） — [units whose subtree `leader` may have authority
//   over (一把手 posts, duties), units only `leader`'s own (班子成员 posts)] at some date. A cheap
//   superset (see `maybe_in_authority`) used to discard rows before `authority_over` checks dates.
// ---
[COLLECT {
   MATCH (@leader)-[p:HOLDS_POST|IN_CHARGE_OF]->(x:Unit)
   WHERE type(p) = 'IN_CHARGE_OF' OR p.role = '一把手'
   RETURN DISTINCT x
 },
 COLLECT {
   MATCH (@leader)-[p:HOLDS_POST]->(x:Unit)
   WHERE p.role = '班子成员'
   RETURN DISTINCT x
 }]
