// ---
// id: AVD-1
// title:
//   zh: '任职回避·同单位或直接上下级'
//   en: 'Kin in the same unit or in direct line'
// description:
//   zh: '两名亲属（配偶、直系、三代以内旁系、近姻亲）在 as-of 日均在职，且在同一单位任职，或一人是某单位领导（一把手或班子成员）而另一人在其直接下级单位任职。对象为两人中职务较高者。'
//   en: 'Two relatives (spouse, lineal, collateral within three generations, close in-laws) both in post at as-of, in the same unit, or one a leader (top leader or team member) of a unit and the other in post at a unit directly below it. The subject is the more senior of the two.'
// severity: high
// subject_kind: person
// match: false
// parameters:
//   kinship:
//     type: list[str]
//     default: [SPOUSE, LINEAL, COLL3, AFFINAL]
//     zh: '需回避的亲属类别'
//     en: 'kinship classes that must avoid each other'
//   role_order:
//     type: map[str,int]
//     default: {一把手: 4, 班子成员: 3, 内设机构负责人: 2, 工作人员: 1}
//     zh: '职务类别的高低（判断谁更资深）'
//     en: 'seniority of post roles (to choose the subject)'
//   rank_order:
//     type: map[str,int]
//     default: {正厅: 7, 副厅: 6, 正处: 5, 副处: 4, 正科: 3, 副科: 2, 其他: 1}
//     zh: '职级的高低（职务类别相同时比较）'
//     en: 'seniority of ranks (when roles are equal)'
// readings:
//   - zh: '亲属关系不计日期：家庭成员报告中的亲属在任何 as-of 日都算，报告年度只说明何时报告，不说明关系何时开始。'
//     en: 'Family links are undated: a reported relation counts at any as-of date; 报告年度 says when it was reported, not when the relation began.'
// basis:
//   zh: '《中华人民共和国公务员法》第七十四条；《公务员回避规定》'
//   en: "Civil Servant Law of the People's Republic of China, Article 74; Provisions on the Recusal of Civil Servants"
// summary:
//   zh: "{subject_name}（{subject_unit}{subject_title}）与其{relation}{relative_name}（{relative_unit}{relative_title}）{how}任职，违反任职回避。"
//   en: "{subject_name} ({subject_title}, {subject_unit}) and {relative_name} ({relation}; {relative_title}, {relative_unit}) serve {how_en}, against post avoidance."
// ---
MATCH (a:Person)-[pa:HOLDS_POST]->(ua:Unit)
WHERE {{ active(pa, $as_of) }}
{{ relatives(a, b, hr, kin, rep, rn) }}
WITH a, pa, ua, b, rn AS hr, rep, kin
WHERE kin IN $kinship
MATCH (b)-[pb:HOLDS_POST]->(ub:Unit)
WHERE {{ active(pb, $as_of) }}
WITH a, pa, ua, b, pb, ub, hr, rep,
     CASE
       WHEN ua = ub THEN 'same'
       WHEN {{ leader_role(pa) }} AND EXISTS { (ub)-[:PART_OF]->(ua) } THEN 'below'
     END AS how,
     coalesce($role_order[pa.role], 0) * 100 + coalesce($rank_order[a.rank], 0) AS sa,
     coalesce($role_order[pb.role], 0) * 100 + coalesce($rank_order[b.rank], 0) AS sb
// Each pair is seen from both sides: keep the senior side (the leader above, in direct line).
WHERE how = 'below' OR (how = 'same' AND (sa > sb OR (sa = sb AND a.pid < b.pid)))
WITH a, b, pa, ua, pb, ub, hr, rep, how
ORDER BY CASE how WHEN 'below' THEN 0 ELSE 1 END
WITH a, b, collect({pa: pa, ua: ua, pb: pb, ub: ub, hr: hr, rep: rep, how: how}) AS rows
WITH a, b, rows, rows[0] AS best
RETURN a.pid AS subject_id, a.name AS subject_name,
       best.hr AS relation, b.name AS relative_name,
       best.ua.name AS subject_unit, best.pa.title AS subject_title,
       best.ub.name AS relative_unit, best.pb.title AS relative_title,
       CASE best.how WHEN 'same' THEN '在同一单位' ELSE '在直接上下级单位' END AS how,
       CASE best.how WHEN 'same' THEN 'in the same unit' ELSE 'in units in direct line' END AS how_en,
       {relatives: [b.pid] + [x IN rows | x.rep.pid],
        units: [x IN rows | x.ua.unit_id] + [x IN rows | x.ub.unit_id]} AS evidence
