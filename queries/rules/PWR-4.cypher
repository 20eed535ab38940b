// ---
// id: PWR-4
// title:
//   zh: '未末位表态'
//   en: 'Top leader did not speak last'
// description:
//   zh: 'as-of 日之前规定天数内的单位决策，表态顺序中包含该单位决策当日的一把手，但一把手不是最后表态。'
//   en: 'A decision of a unit in the given days before as-of whose speaking order includes the unit''s top leader on that date, not speaking last.'
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
//   - zh: '时间窗含两端：决策的日期 d 在 as-of − N ≤ d ≤ as-of 时计入（N 为回溯天数）；as-of 之后的不计。'
//     en: 'The window includes both ends: a decision dated d counts when as-of − N <= d <= as-of (N the days parameter); none after as-of.'
// basis:
//   zh: '末位表态制度（地方规定）'
//   en: "The principal leader speaks last in collective decisions (local regulations)"
// summary:
//   zh: "{subject_name}作为{unit_name}一把手，在{date}的决策{decision_id}中第{position}个表态（共{speakers}人），未末位表态。"
//   en: "{subject_name}, top leader of {unit_name}, spoke in position {position} of {speakers} in decision {decision_id} on {date}, not last."
// ---
MATCH (d:Decision)-[:AT_UNIT]->(u:Unit)
WHERE {{ in_window(d.date, $as_of, $days) }}
MATCH (t:Person)-[p:HOLDS_POST]->(u)
WHERE p.role = '一把手' AND {{ active(p, d.date) }}
OPTIONAL MATCH (t)-[s:SPOKE_IN]->(d)
WITH d, u, t, min(s.order) AS rel_pos,
     COUNT { ()-[:SPOKE_IN]->(d) } AS rel_speakers,
     coalesce(d.speaking_order, []) AS so
WITH d, u, t,
     CASE WHEN rel_pos IS NOT NULL THEN rel_pos
          WHEN t.pid IN so THEN [i IN range(0, size(so) - 1) WHERE so[i] = t.pid][0] + 1 END AS position,
     CASE WHEN rel_pos IS NOT NULL THEN
            CASE WHEN size(so) > rel_speakers THEN size(so) ELSE rel_speakers END
          ELSE size(so) END AS speakers,
     rel_pos, so
WHERE position IS NOT NULL
  AND (EXISTS { MATCH ()-[s2:SPOKE_IN]->(d) WHERE s2.order > rel_pos }
       OR (t.pid IN so AND last(so) <> t.pid))
RETURN t.pid AS subject_id, t.name AS subject_name, u.name AS unit_name,
       d.decision_id AS decision_id, d.date AS date, position, speakers,
       {decisions: [d.decision_id], units: [u.unit_id]} AS evidence
