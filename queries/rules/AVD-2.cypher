// ---
// id: AVD-2
// title:
//   zh: '任职回避·要害岗位'
//   en: 'Kin in a sensitive post'
// description:
//   zh: '领导干部在 as-of 日是某单位的领导（一把手或班子成员），其亲属在该单位或其下级单位任职，且岗位性质或单位职能包含组织、人事、纪检、监察、审计或财务。'
//   en: 'A leader (top leader or team member) of a unit at as-of whose relative is in post at that unit or a unit below it, in a post whose functions, or whose unit''s functions, include organisation, personnel, discipline, supervision, audit or finance.'
// severity: high
// subject_kind: person
// match: false
// parameters:
//   kinship:
//     type: list[str]
//     default: [SPOUSE, LINEAL, COLL3, AFFINAL]
//     zh: '需回避的亲属类别'
//     en: 'kinship classes that must avoid each other'
//   functions:
//     type: list[str]
//     default: [组织, 人事, 纪检, 监察, 审计, 财务]
//     zh: '要害岗位职能'
//     en: 'sensitive functions'
// readings:
//   - zh: '亲属关系不计日期：家庭成员报告中的亲属在任何 as-of 日都算，报告年度只说明何时报告，不说明关系何时开始。'
//     en: 'Family links are undated: a reported relation counts at any as-of date; 报告年度 says when it was reported, not when the relation began.'
// basis:
//   zh: '《中华人民共和国公务员法》第七十四条'
//   en: "Civil Servant Law of the People's Republic of China, Article 74"
// summary:
//   zh: "{subject_name}任{unit_name}{title}，其{relation}{relative_name}在{relative_unit}担任{relative_title}（{functions}岗位）。"
//   en: "{subject_name} is {title} of {unit_name}; {relative_name} ({relation}) holds the sensitive post {relative_title} ({functions}) at {relative_unit}."
// ---
MATCH (l:Person)-[pl:HOLDS_POST]->(u:Unit)
WHERE {{ leader_role(pl) }} AND {{ active(pl, $as_of) }}
{{ relatives(l, r, hr, kin, rep, rn) }}
WITH l, pl, u, r, rn AS hr, rep, kin
WHERE kin IN $kinship
MATCH (r)-[pr:HOLDS_POST]->(ru:Unit)-[:PART_OF*0..]->(u)
WHERE {{ active(pr, $as_of) }}
WITH l, pl, u, r, hr, rep, pr, ru,
     [f IN coalesce(pr.functions, []) + coalesce(ru.functions, []) WHERE f IN $functions] AS hits
WHERE size(hits) > 0
WITH l, r, pl, u, hr, rep, pr, ru, hits
ORDER BY u.unit_id, ru.unit_id
WITH l, r, collect({pl: pl, u: u, hr: hr, rep: rep, pr: pr, ru: ru, hits: hits}) AS rows
WITH l, r, rows, rows[0] AS best
RETURN l.pid AS subject_id, l.name AS subject_name,
       best.u.name AS unit_name, best.pl.title AS title,
       best.hr AS relation, r.name AS relative_name,
       best.ru.name AS relative_unit, best.pr.title AS relative_title,
       reduce(acc = [], f IN best.hits | CASE WHEN f IN acc THEN acc ELSE acc + f END) AS functions,
       {relatives: [r.pid] + [x IN rows | x.rep.pid],
        units: [x IN rows | x.u.unit_id] + [x IN rows | x.ru.unit_id]} AS evidence
