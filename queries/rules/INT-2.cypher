// ---
// id: INT-2
// title:
//   zh: '插手干预记录'
//   en: 'Intervention recorded'
// description:
//   zh: 'as-of 日之前规定天数内，领导干部有插手干预重大事项的记录。'
//   en: 'Any intervention record of a leader in the given days before as-of.'
// severity: medium
// subject_kind: person
// match: false
// parameters:
//   days:
//     type: int
//     default: 365
//     zh: '回溯天数'
//     en: 'days before as-of'
// readings:
//   - zh: '时间窗含两端：干预记录的日期 d 在 as-of − N ≤ d ≤ as-of 时计入（N 为回溯天数）；as-of 之后的不计。'
//     en: 'The window includes both ends: an intervention record dated d counts when as-of − N <= d <= as-of (N the days parameter); none after as-of.'
// basis:
//   zh: '领导干部插手干预重大事项记录和报告制度'
//   en: "System for recording and reporting leading cadres' interference in major matters"
// summary:
//   zh: "{subject_name}在{from_date}至{as_of}期间有{count}条插手干预重大事项记录（{matters}）。"
//   en: "{subject_name} has {count} intervention record(s) between {from_date} and {as_of} ({matters})."
// ---
MATCH (i:Intervention)-[:INTERVENED]->(l:Person)
WHERE {{ in_window(i.date, $as_of, $days) }}
WITH l, i
ORDER BY i.date, i.record_id
OPTIONAL MATCH (i)-[:CONCERNS_UNIT]->(u:Unit)
OPTIONAL MATCH (i)-[:NAMES_COMPANY]->(co:Company)
WITH l, collect(DISTINCT i) AS records, collect(DISTINCT u.unit_id) AS units,
     collect(DISTINCT co.uscc) AS companies
RETURN l.pid AS subject_id, l.name AS subject_name, size(records) AS count,
       reduce(acc = [], x IN records | CASE WHEN x.matter IN acc THEN acc ELSE acc + x.matter END) AS matters,
       $as_of - duration({days: $days}) AS from_date, $as_of AS as_of,
       {interventions: [x IN records | x.record_id], units: units, companies: companies} AS evidence
