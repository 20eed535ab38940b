// ---
// id: PWR-5
// title:
//   zh: '权力集中'
//   en: 'Power concentration'
// description:
//   zh: '在 as-of 日任领导职务（一把手或班子成员）且已计算权力指数的领导干部中，权力指数（任职、分管、提名任免和决策形成的网络中心性，见分析模块）居前规定百分比者。未运行 oversight analyze 时本规则不产生结果。'
//   en: 'Among leaders in post at as-of who have a power index (network centrality over posts, duties, nominations and decisions; see analytics), those in the top given percent. Without `oversight analyze` the rule yields nothing.'
// severity: medium
// subject_kind: person
// match: false
// requires: power_index
// parameters:
//   top_percent:
//     type: float
//     default: 5
//     zh: '权力指数排名前百分比'
//     en: 'top percent of leaders by power index'
// basis:
//   zh: '2021年《关于加强对“一把手”和领导班子监督的意见》：一把手是监督重点'
//   en: "Opinions on Strengthening Supervision of the 'Top Leaders' and Leadership Teams (2021): the top leader is a focus of supervision"
// summary:
//   zh: "{subject_name}的权力指数为{power_index:.3f}，在{leaders}名领导干部中排第{position}位（前{top_percent:g}%）。"
//   en: "{subject_name}'s power index is {power_index:.3f}, ranked {position} of {leaders} leaders (top {top_percent:g}%)."
// ---
MATCH (l:Person)-[p:HOLDS_POST]->(u:Unit)
WHERE {{ leader_role(p) }} AND {{ active(p, $as_of) }} AND l.power_index IS NOT NULL
WITH l, collect(DISTINCT u.unit_id) AS units
ORDER BY l.power_index DESC, l.pid
WITH collect({l: l, units: units}) AS ranked
WITH ranked, toInteger(ceil(size(ranked) * $top_percent / 100.0)) AS n
WHERE n > 0
// Ties at the cut-off are all in: a leader is not left out for sorting after an equal index.
WITH ranked, ranked[n - 1].l.power_index AS cutoff
UNWIND range(0, size(ranked) - 1) AS i
WITH ranked, cutoff, i, ranked[i] AS row
WHERE row.l.power_index >= cutoff
RETURN row.l.pid AS subject_id, row.l.name AS subject_name,
       row.l.power_index AS power_index, i + 1 AS position, size(ranked) AS leaders,
       $top_percent AS top_percent,
       {units: row.units} AS evidence
