// ---
// id: TSK-1
// title:
//   zh: '责任清单逾期'
//   en: 'Overdue responsibility tasks'
// description:
//   zh: '单位牵头的主体责任清单任务中，完成期限早于 as-of 日且至 as-of 日未完成的达到规定件数。'
//   en: 'At least the given number of responsibility tasks led by a unit whose due date is before as-of and that were not done by as-of.'
// severity: low
// subject_kind: unit
// match: false
// parameters:
//   min_tasks:
//     type: int
//     default: 1
//     zh: '最少逾期任务数'
//     en: 'minimum number of overdue tasks'
// readings:
//   - zh: '完成期限早于 as-of 才算逾期，期限当日不算；完成日期在 as-of 当日或之前即已完成。'
//     en: 'Overdue when the due date is before as-of, not on it; done when the done date is on or before as-of.'
// basis:
//   zh: '主体责任清单制度'
//   en: "Primary-responsibility list system"
// summary:
//   zh: "{subject_name}牵头的{count}项责任清单任务逾期未完成（最早期限{earliest_due}）。"
//   en: "{count} responsibility task(s) led by {subject_name} are overdue (earliest due {earliest_due})."
// ---
MATCH (t:Task)-[:LED_BY]->(u:Unit)
WHERE t.due_date < $as_of
  AND (t.done_date IS NULL OR t.done_date > $as_of)
WITH u, t
ORDER BY t.due_date, t.task_id
WITH u, collect(t) AS tasks
WHERE size(tasks) >= $min_tasks
RETURN u.unit_id AS subject_id, u.name AS subject_name, size(tasks) AS count,
       tasks[0].due_date AS earliest_due,
       {tasks: [x IN tasks | x.task_id], units: [u.unit_id]} AS evidence
