// ---
// id: SUP-4
// title:
//   zh: '整改逾期'
//   en: 'Overdue rectification'
// description:
//   zh: '单位负责整改的问题，整改期限早于 as-of 日，而至 as-of 日仍未销号。'
//   en: 'A problem a unit must rectify whose due date is before as-of and which was not signed off by as-of.'
// severity: medium
// subject_kind: unit
// match: false
// parameters:
//   grace_days:
//     type: int
//     default: 0
//     zh: '整改期限后的宽限天数'
//     en: 'days of grace after the due date'
// readings:
//   - zh: '整改期限早于 as-of（减宽限天数）才算逾期，期限当日不算；销号日期在 as-of 当日或之前即已销号。'
//     en: 'Overdue when the due date is before as-of (less the grace days), not on it; signed off when closed on or before as-of.'
// basis:
//   zh: '问题整改销号制度'
//   en: "Issue rectification and close-out system"
// summary:
//   zh: "{subject_name}有{count}个问题逾期未整改销号（最早期限{earliest_due}）。"
//   en: "{subject_name} has {count} problem(s) overdue for rectification (earliest due {earliest_due})."
// ---
MATCH (pr:Problem)-[:RESPONSIBLE_UNIT]->(u:Unit)
WHERE pr.due_date < $as_of - duration({days: $grace_days})
  AND (pr.closed_date IS NULL OR pr.closed_date > $as_of)
  AND coalesce(pr.found_date, pr.due_date) <= $as_of
WITH u, pr
ORDER BY pr.due_date, pr.problem_id
WITH u, collect(pr) AS problems
WITH u, problems,
     COLLECT {
       UNWIND problems AS x
       MATCH (x)-[:RESPONSIBLE_PERSON]->(person:Person)
       RETURN DISTINCT person.pid
     } AS persons
RETURN u.unit_id AS subject_id, u.name AS subject_name, size(problems) AS count,
       problems[0].due_date AS earliest_due,
       {problems: [x IN problems | x.problem_id], units: [u.unit_id], persons: persons} AS evidence
