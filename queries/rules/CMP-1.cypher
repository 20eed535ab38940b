// ---
// id: CMP-1
// title:
//   zh: '信访集中'
//   en: 'Complaint cluster'
// description:
//   zh: 'as-of 日之前规定天数内收到的反映同一人的信访举报达到规定件数。'
//   en: 'At least the given number of complaints about one person received in the given days before as-of.'
// severity: medium
// subject_kind: person
// match: false
// parameters:
//   days:
//     type: int
//     default: 365
//     zh: '回溯天数'
//     en: 'days before as-of'
//   min_complaints:
//     type: int
//     default: 3
//     zh: '最少件数'
//     en: 'minimum number of complaints'
// readings:
//   - zh: '时间窗含两端：信访件（按收件日期）的日期 d 在 as-of − N ≤ d ≤ as-of 时计入（N 为回溯天数）；as-of 之后的不计。'
//     en: 'The window includes both ends: a complaint (by received date) dated d counts when as-of − N <= d <= as-of (N the days parameter); none after as-of.'
// basis:
//   zh: '信访举报分析研判'
//   en: "Analysis and assessment of petitions and reports (complaints and tip-offs)"
// summary:
//   zh: "{from_date}至{as_of}期间收到反映{subject_name}的信访举报{count}件。"
//   en: "{count} complaints about {subject_name} were received between {from_date} and {as_of}."
// ---
MATCH (c:Complaint)-[:ABOUT]->(p:Person)
WHERE {{ in_window(c.received_date, $as_of, $days) }}
WITH p, c
ORDER BY c.received_date, c.complaint_id
WITH p, collect(c.complaint_id) AS complaints
WHERE size(complaints) >= $min_complaints
RETURN p.pid AS subject_id, p.name AS subject_name, size(complaints) AS count,
       $as_of - duration({days: $days}) AS from_date, $as_of AS as_of,
       {complaints: complaints} AS evidence
