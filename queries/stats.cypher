// ---
// id: stats
// title:
//   zh: 监督工作概览
//   en: Supervision overview
// description:
//   zh: 概览数字（与调研报告口径一致）。$from_date/$to_date 为空时统计全部记录，否则只统计该期间（含两端）内的记录。
//   en: The overview figures (defined as the seed report counts them). With $from_date/$to_date null every record counts; otherwise only those dated in the period (both ends included).
// read_only: true
// definitions: docs/stats.md
// ---
// 政治生态研判单位: distinct units targeted by a 政治生态研判 event dated in the period
CALL () {
  MATCH (e:SupervisionEvent {kind: '政治生态研判'})-[:TARGET_UNIT]->(u:Unit)
  WHERE ($from_date IS NULL OR e.date >= $from_date) AND ($to_date IS NULL OR e.date <= $to_date)
  RETURN count(DISTINCT u) AS ecology_units
}
// 政治监督谈话: 政治监督谈话 events dated in the period
CALL () {
  MATCH (e:SupervisionEvent {kind: '政治监督谈话'})
  WHERE ($from_date IS NULL OR e.date >= $from_date) AND ($to_date IS NULL OR e.date <= $to_date)
  RETURN count(e) AS talks
}
// 发现问题 / 已整改问题: problems found (found_date in the period) by a 政治监督谈话 or a
// 政治生态研判; rectified = signed off (closed_date set, and not after the period's end)
CALL () {
  MATCH (p:Problem)-[:FOUND_IN]->(e:SupervisionEvent)
  WHERE e.kind IN ['政治监督谈话', '政治生态研判']
    AND ($from_date IS NULL OR p.found_date >= $from_date)
    AND ($to_date IS NULL OR p.found_date <= $to_date)
  WITH DISTINCT p
  RETURN count(p) AS problems,
         count(CASE WHEN p.closed_date IS NOT NULL
                     AND ($to_date IS NULL OR p.closed_date <= $to_date) THEN 1 END) AS rectified
}
// 约谈: 约谈 events dated in the period
CALL () {
  MATCH (e:SupervisionEvent {kind: '约谈'})
  WHERE ($from_date IS NULL OR e.date >= $from_date) AND ($to_date IS NULL OR e.date <= $to_date)
  RETURN count(e) AS summons
}
// 建议书: 纪律检查建议书 and 监察建议书 events dated in the period
CALL () {
  MATCH (e:SupervisionEvent)
  WHERE e.kind IN ['纪律检查建议书', '监察建议书']
    AND ($from_date IS NULL OR e.date >= $from_date) AND ($to_date IS NULL OR e.date <= $to_date)
  RETURN count(e) AS letters
}
// 问责: distinct persons with any sanction dated in the period;
// 处分: of them, those with a party (党纪) or administrative (政务) sanction
CALL () {
  MATCH (s:Sanction)-[:SANCTIONED]->(p:Person)
  WHERE ($from_date IS NULL OR s.date >= $from_date) AND ($to_date IS NULL OR s.date <= $to_date)
  RETURN count(DISTINCT p) AS accountable,
         count(DISTINCT CASE WHEN s.kind IN $discipline_kinds THEN p END) AS disciplined
}
// 任务 / 任务类别: responsibility-list tasks due in the period (a task without a due date
// counts only when no period is given), and their distinct categories
CALL () {
  MATCH (t:Task)
  WHERE ($from_date IS NULL AND $to_date IS NULL)
     OR (t.due_date IS NOT NULL
         AND ($from_date IS NULL OR t.due_date >= $from_date)
         AND ($to_date IS NULL OR t.due_date <= $to_date))
  RETURN count(t) AS tasks, count(DISTINCT t.category) AS task_categories
}
RETURN ecology_units AS `政治生态研判单位`, talks AS `政治监督谈话`, problems AS `发现问题`,
       rectified AS `已整改问题`, summons AS `约谈`, letters AS `建议书`,
       accountable AS `问责`, disciplined AS `处分`, tasks AS `任务`,
       task_categories AS `任务类别`
