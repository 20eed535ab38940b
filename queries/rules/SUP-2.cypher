// ---
// id: SUP-2
// title:
//   zh: '一岗双责“四个一”缺失'
//   en: 'Missing "four ones"'
// description:
//   zh: '领导干部的一项分管在 as-of 日之前规定天数内始终有效，而其在此期间对分管单位听取汇报少于 1 次、党风廉政检查少于 2 次或廉政谈话（对该单位或在该单位任职的人）少于 1 次。'
//   en: 'A duty of a leader active throughout the given days before as-of during which the leader held fewer than 1 report hearing targeting the unit, fewer than 2 integrity inspections targeting the unit, or fewer than 1 integrity talk targeting the unit or a person in post there.'
// severity: low
// subject_kind: person
// match: false
// parameters:
//   days:
//     type: int
//     default: 365
//     zh: '回溯天数'
//     en: 'days before as-of'
//   min_reports:
//     type: int
//     default: 1
//     zh: '听取汇报最少次数'
//     en: 'minimum report hearings'
//   min_inspections:
//     type: int
//     default: 2
//     zh: '党风廉政检查最少次数'
//     en: 'minimum integrity inspections'
//   min_talks:
//     type: int
//     default: 1
//     zh: '廉政谈话最少次数'
//     en: 'minimum integrity talks'
//   report_kind:
//     type: str
//     default: 听取汇报
//     zh: '“听取汇报”的活动类型'
//     en: 'supervision kind counted as a report hearing'
//   inspection_kind:
//     type: str
//     default: 党风廉政检查
//     zh: '“党风廉政检查”的活动类型'
//     en: 'supervision kind counted as an inspection'
//   talk_kind:
//     type: str
//     default: 廉政谈话
//     zh: '“廉政谈话”的活动类型'
//     en: 'supervision kind counted as an integrity talk'
// readings:
//   - zh: '时间窗含两端：听取汇报、检查和谈话的日期 d 在 as-of − N ≤ d ≤ as-of 时计入（N 为回溯天数）；as-of 之后的不计。'
//     en: 'The window includes both ends: a report, inspection or talk dated d counts when as-of − N <= d <= as-of (N the days parameter); none after as-of.'
// basis:
//   zh: '本市“四个一”制度（一岗双责）'
//   en: "The city's 'four ones' system (one post, two responsibilities)"
// summary:
//   zh: "{subject_name}分管{unit_name}，{from_date}至{as_of}期间“四个一”未落实：听取汇报{reports}/{min_reports}次、党风廉政检查{inspections}/{min_inspections}次、廉政谈话{talks}/{min_talks}次。"
//   en: "{subject_name}, in charge of {unit_name}, fell short of the four ones between {from_date} and {as_of}: report hearings {reports}/{min_reports}, inspections {inspections}/{min_inspections}, integrity talks {talks}/{min_talks}."
// ---
// Most leaders conducted none of these events in the window: those found on the events' side
// (an index seek on the date, then one CONDUCTED_BY each) are the only ones whose
// relationships are expanded to count; every other duty counts 0 of each.
MATCH (l:Person)-[d:IN_CHARGE_OF]->(u:Unit)
WHERE d.start_date <= $as_of - duration({days: $days}) AND {{ active(d, $as_of) }}
WITH DISTINCT l, u
WITH collect([l, u]) AS duties
OPTIONAL MATCH (e:SupervisionEvent)-[:CONDUCTED_BY]->(c:Person)
WHERE e.kind IN [$report_kind, $inspection_kind, $talk_kind]
  AND {{ in_window(e.date, $as_of, $days) }}
WITH duties, collect(DISTINCT c) AS conductors
UNWIND duties AS duty
WITH duty[0] AS l, duty[1] AS u, duty[0] IN conductors AS conducted
CALL (l, u, conducted) {
  WITH l, u, conducted
  WHERE NOT conducted
  RETURN [] AS reports, [] AS inspections, [] AS talks
  UNION
  WITH l, u, conducted
  WHERE conducted
  // The leader's events of the three kinds in the window, read once, then sorted by kind;
  // an event's target units are read from the event (a unit has many relationships).
  WITH l, u, COLLECT {
         MATCH (e:SupervisionEvent)-[:CONDUCTED_BY]->(l)
         WHERE e.kind IN [$report_kind, $inspection_kind, $talk_kind]
           AND {{ in_window(e.date, $as_of, $days) }}
         RETURN e
       } AS events
  RETURN
     [e IN events WHERE e.kind = $report_kind AND u IN [(e)-[:TARGET_UNIT]->(x) | x]
      | e.event_id] AS reports,
     [e IN events WHERE e.kind = $inspection_kind AND u IN [(e)-[:TARGET_UNIT]->(x) | x]
      | e.event_id] AS inspections,
     [e IN events WHERE e.kind = $talk_kind
        AND (u IN [(e)-[:TARGET_UNIT]->(x) | x]
             OR EXISTS { MATCH (e)-[:TARGET]->(:Person)-[tp:HOLDS_POST]->(u)
                         WHERE {{ active(tp, e.date) }} })
      | e.event_id] AS talks
}
WITH l, u, reports, inspections, talks
WHERE size(reports) < $min_reports OR size(inspections) < $min_inspections
   OR size(talks) < $min_talks
// Dates as text (how the summary shows them): the driver builds an object for each date.
RETURN l.pid AS subject_id, l.name AS subject_name, u.name AS unit_name,
       size(reports) AS reports, size(inspections) AS inspections, size(talks) AS talks,
       $min_reports AS min_reports, $min_inspections AS min_inspections, $min_talks AS min_talks,
       toString($as_of - duration({days: $days})) AS from_date, toString($as_of) AS as_of,
       {units: [u.unit_id], events: reports + inspections + talks} AS evidence
