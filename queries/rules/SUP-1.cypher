// ---
// id: SUP-1
// title:
//   zh: '一把手监督谈话缺失'
//   en: 'No supervision talk for a top leader'
// description:
//   zh: '至 as-of 日已任一把手满规定天数，而在 as-of 日之前规定天数内，未有他人（含只记谈话单位的）对其进行政治监督谈话、任职谈话、廉政谈话、提醒谈话、约谈、函询或诫勉。'
//   en: 'A top leader in post for at least the given days at as-of who, in the given days before as-of, was the target of no political supervision talk, appointment talk, integrity talk, reminder talk, summons talk, written inquiry or admonishment by another person (a talk recorded with only a conducting unit counts).'
// severity: medium
// subject_kind: person
// match: false
// parameters:
//   min_tenure_days:
//     type: int
//     default: 365
//     zh: '任一把手的最短天数'
//     en: 'days in a top leader post before the rule applies'
//   days:
//     type: int
//     default: 365
//     zh: '回溯天数'
//     en: 'days before as-of'
//   kinds:
//     type: list[str]
//     default: [政治监督谈话, 任职谈话, 廉政谈话, 提醒谈话, 约谈, 函询, 诫勉]
//     zh: '计入的监督谈话类型'
//     en: 'kinds of supervision that count'
// readings:
//   - zh: '只记有谈话单位、未记谈话人的谈话，视为“他人”进行的谈话，计入。'
//     en: 'A talk recorded with a conducting unit and no conducting person counts as a talk by another person.'
//   - zh: '任职年限按其在 as-of 日在任的一把手职务计算（多个时取最早的任职日期），任满天数含当日：任职日期 ≤ as-of − N。'
//     en: 'Tenure is that of the leader''s current top-leader post (the earliest start if several); the days include the day itself: start <= as-of − N.'
//   - zh: '时间窗含两端：谈话的日期 d 在 as-of − N ≤ d ≤ as-of 时计入（N 为回溯天数）；as-of 之后的不计。'
//     en: 'The window includes both ends: a talk dated d counts when as-of − N <= d <= as-of (N the days parameter); none after as-of.'
// basis:
//   zh: '2021年《关于加强对“一把手”和领导班子监督的意见》；党内政治监督谈话制度'
//   en: "Opinions on Strengthening Supervision of the 'Top Leaders' and Leadership Teams (2021); the Party's political-supervision talk system"
// summary:
//   zh: "{subject_name}自{since}起任{unit_name}一把手，在{from_date}至{as_of}期间未接受任何监督谈话或函询。"
//   en: "{subject_name}, top leader of {unit_name} since {since}, had no supervision talk or inquiry between {from_date} and {as_of}."
// ---
MATCH (l:Person)-[p:HOLDS_POST]->(u:Unit)
WHERE p.role = '一把手' AND {{ active(p, $as_of) }}
  AND p.start_date <= $as_of - duration({days: $min_tenure_days})
WITH l, u, p
ORDER BY p.start_date
WITH l, collect(u) AS units, min(p.start_date) AS since
WHERE NOT EXISTS {
  MATCH (e:SupervisionEvent)-[:TARGET]->(l)
  WHERE e.kind IN $kinds AND {{ in_window(e.date, $as_of, $days) }}
    AND NOT EXISTS { (e)-[:CONDUCTED_BY]->(l) }
}
RETURN l.pid AS subject_id, l.name AS subject_name, units[0].name AS unit_name, since,
       $as_of - duration({days: $days}) AS from_date, $as_of AS as_of,
       {units: [x IN units | x.unit_id]} AS evidence
