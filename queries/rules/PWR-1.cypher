// ---
// id: PWR-1
// title:
//   zh: '一把手直接分管'
//   en: 'Top leader directly in charge of sensitive areas'
// description:
//   zh: '在 as-of 日任一把手的领导干部，同时直接分管职能包含财务、人事、工程、审批或采购的单位（“五个不直接分管”）。'
//   en: 'A top leader at as-of who also holds a duty (in charge of) over a unit whose functions include finance, personnel, construction, approvals or procurement.'
// severity: medium
// subject_kind: person
// match: false
// parameters:
//   functions:
//     type: list[str]
//     default: [财务, 人事, 工程, 审批, 采购]
//     zh: '一把手不得直接分管的职能'
//     en: 'functions a top leader must not be directly in charge of'
// basis:
//   zh: '“五个不直接分管”（各省规定）'
//   en: "The 'five not in direct charge' rule for principal leaders (provincial regulations)"
// summary:
//   zh: "{subject_name}任{unit_name}一把手，同时直接分管{duty_unit}（{functions}）。"
//   en: "{subject_name}, top leader of {unit_name}, is directly in charge of {duty_unit} ({functions})."
// ---
MATCH (l:Person)-[p:HOLDS_POST]->(u:Unit)
WHERE p.role = '一把手' AND {{ active(p, $as_of) }}
MATCH (l)-[d:IN_CHARGE_OF]->(du:Unit)
WHERE {{ active(d, $as_of) }}
WITH l, u, du, [f IN coalesce(du.functions, []) WHERE f IN $functions] AS hits
WHERE size(hits) > 0
WITH l, du, hits, collect(DISTINCT u) AS posts
RETURN l.pid AS subject_id, l.name AS subject_name, posts[0].name AS unit_name,
       du.name AS duty_unit, hits AS functions,
       {units: [x IN posts | x.unit_id] + [du.unit_id]} AS evidence
