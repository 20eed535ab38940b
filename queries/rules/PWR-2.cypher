// ---
// id: PWR-2
// title:
//   zh: '任职过长'
//   en: 'Overdue rotation'
// description:
//   zh: '领导干部在同一职位（同一单位、同一职务，职务类别为一把手或班子成员）连续任职（前后任职记录首尾相接视为连续）至 as-of 日已满规定年限。'
//   en: 'A leader who has held the same post (same unit and title, role top leader or team member) continuously (records that follow each other without a gap count as one) for at least the given number of years at as-of.'
// severity: high
// subject_kind: person
// match: false
// parameters:
//   years:
//     type: int
//     default: 10
//     zh: '连续任职年限上限'
//     en: 'years in the same post that require rotation'
// readings:
//   - zh: '满 N 年含当日：连续任职的起始日期加 N 年不晚于 as-of 即算（2014-12-31 起任，2024-12-31 满 10 年）。'
//     en: 'N years include the day itself: counted when the start of the continuous tenure plus N years is on or before as-of (from 2014-12-31, 10 years on 2024-12-31).'
// basis:
//   zh: '《党政领导干部交流工作规定》（同一职位任职满十年应当交流）'
//   en: "Provisions on the Rotation of Leading Party and Government Cadres (rotation after ten years in the same post)"
// summary:
//   zh: "{subject_name}自{since}起连续担任{unit_name}{title}，至{as_of}已满{years}年，未按规定交流。"
//   en: "{subject_name} has been {title} of {unit_name} continuously since {since}, {years} years or more by {as_of}, without rotation."
// ---
MATCH (l:Person)-[p:HOLDS_POST]->(u:Unit)
WHERE {{ leader_role(p) }} AND p.start_date <= $as_of
WITH l, u, p.title AS title, p
ORDER BY p.start_date
WITH l, u, title, collect({s: p.start_date, e: p.end_date}) AS spans
// Merge spans that touch or overlap (next start <= previous end + 1 day); an open end is +infinity.
WITH l, u, title,
     reduce(acc = {start: null, end: null, open: false}, x IN spans |
       CASE
         WHEN acc.start IS NULL OR (NOT acc.open AND x.s > acc.end + duration({days: 1}))
           THEN {start: x.s, end: x.e, open: x.e IS NULL}
         WHEN acc.open OR x.e IS NULL
           THEN {start: acc.start, end: null, open: true}
         WHEN x.e > acc.end
           THEN {start: acc.start, end: x.e, open: false}
         ELSE acc
       END) AS tenure
WHERE (tenure.open OR tenure.end >= $as_of)
  AND tenure.start + duration({years: $years}) <= $as_of
RETURN l.pid AS subject_id, l.name AS subject_name, u.name AS unit_name, title,
       tenure.start AS since, $as_of AS as_of, $years AS years,
       {units: [u.unit_id]} AS evidence
