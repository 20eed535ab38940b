// ---
// id: SUP-3
// title:
//   zh: '未述责述廉'
//   en: 'No annual report on duty and integrity'
// description:
//   zh: '在 as-of 日之前规定天数内始终任领导职务（期初与 as-of 日均在领导岗位），而此期间没有以其为对象的述责述廉。'
//   en: 'A leader throughout the given days before as-of (in a leader post both at the start of the window and at as-of) who was the target of no report on duty and integrity in that window.'
// severity: low
// subject_kind: person
// match: false
// parameters:
//   days:
//     type: int
//     default: 365
//     zh: '回溯天数'
//     en: 'days before as-of'
//   kinds:
//     type: list[str]
//     default: [述责述廉]
//     zh: '计入的活动类型'
//     en: 'supervision kinds that count'
// readings:
//   - zh: '时间窗含两端：述责述廉的日期 d 在 as-of − N ≤ d ≤ as-of 时计入（N 为回溯天数）；as-of 之后的不计。'
//     en: 'The window includes both ends: a report on duty and integrity dated d counts when as-of − N <= d <= as-of (N the days parameter); none after as-of.'
// basis:
//   zh: '《中国共产党党内监督条例》第二十三条'
//   en: "Regulations of the Communist Party of China on Intra-Party Supervision, Article 23"
// summary:
//   zh: "{subject_name}（{unit_name}）在{from_date}至{as_of}期间未述责述廉。"
//   en: "{subject_name} ({unit_name}) made no report on duty and integrity between {from_date} and {as_of}."
// ---
MATCH (l:Person)-[p:HOLDS_POST]->(u:Unit)
WHERE {{ leader_role(p) }} AND {{ active(p, $as_of) }}
WITH l, collect(DISTINCT u) AS units, $as_of - duration({days: $days}) AS from_date
WHERE EXISTS {
  MATCH (l)-[q:HOLDS_POST]->(:Unit)
  WHERE {{ leader_role(q) }} AND {{ active(q, from_date) }}
}
AND NOT EXISTS {
  MATCH (e:SupervisionEvent)-[:TARGET]->(l)
  WHERE e.kind IN $kinds AND {{ in_window(e.date, $as_of, $days) }}
}
RETURN l.pid AS subject_id, l.name AS subject_name, units[0].name AS unit_name,
       from_date, $as_of AS as_of,
       {units: [x IN units | x.unit_id]} AS evidence
