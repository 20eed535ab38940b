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
// One pass over the leader posts (the HOLDS_POST(role) index) finds both the posts held at
// as-of and whether one was held at the window's start; the leaders reported on in the window
// come from the events' side (an index seek on the kind, then one TARGET each), so no
// leader's relationships are expanded again.
WITH $as_of - duration({days: $days}) AS from_date
MATCH (l:Person)-[p:HOLDS_POST]->(u:Unit)
USING INDEX p:HOLDS_POST(role)
WHERE {{ leader_role(p) }} AND ({{ active(p, $as_of) }} OR {{ active(p, from_date) }})
WITH l, from_date,
     collect(DISTINCT CASE WHEN {{ active(p, $as_of) }} THEN u END) AS units,
     collect(DISTINCT {{ active(p, from_date) }}) AS earlier
WHERE size(units) > 0 AND true IN earlier
WITH from_date, collect([l, units]) AS leaders
OPTIONAL MATCH (e:SupervisionEvent)-[:TARGET]->(t:Person)
WHERE e.kind IN $kinds AND {{ in_window(e.date, $as_of, $days) }}
WITH from_date, leaders, collect(DISTINCT t) AS reported
UNWIND leaders AS leader
WITH from_date, leader[0] AS l, leader[1] AS units, reported
WHERE NOT l IN reported
// Dates as text (how the summary shows them): the driver builds an object for each date.
RETURN l.pid AS subject_id, l.name AS subject_name, units[0].name AS unit_name,
       toString(from_date) AS from_date, toString($as_of) AS as_of,
       {units: [x IN units | x.unit_id]} AS evidence
