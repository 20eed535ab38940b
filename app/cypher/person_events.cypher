// Everything dated that names a person, newest first. $pid, $limit
MATCH (p:Person {pid: $pid})
CALL (p) {
  MATCH (e:SupervisionEvent)-[:TARGET]->(p)
  RETURN 'SupervisionEvent' AS label, e.event_id AS id, e.date AS date, e.kind AS what, 'target' AS role
  UNION ALL
  MATCH (e:SupervisionEvent)-[:CONDUCTED_BY]->(p)
  RETURN 'SupervisionEvent' AS label, e.event_id AS id, e.date AS date, e.kind AS what, 'conducted' AS role
  UNION ALL
  MATCH (c:Complaint)-[:ABOUT]->(p)
  RETURN 'Complaint' AS label, c.complaint_id AS id, c.received_date AS date,
         coalesce(c.category, '') + ' ' + coalesce(c.status, '') AS what, 'subject' AS role
  UNION ALL
  MATCH (s:Sanction)-[:SANCTIONED]->(p)
  RETURN 'Sanction' AS label, s.sanction_id AS id, s.date AS date, s.kind AS what, 'subject' AS role
  UNION ALL
  MATCH (a:Appointment)-[:APPOINTEE]->(p)
  RETURN 'Appointment' AS label, a.appointment_id AS id, a.decided_date AS date,
         coalesce(a.kind, '') + ' ' + coalesce(a.to_title, '') AS what, 'appointee' AS role
  UNION ALL
  MATCH (a:Appointment)-[:NOMINATED_BY]->(p)
  RETURN 'Appointment' AS label, a.appointment_id AS id, a.decided_date AS date,
         coalesce(a.kind, '') + ' ' + coalesce(a.to_title, '') AS what, 'nominator' AS role
  UNION ALL
  MATCH (i:Intervention)-[:INTERVENED]->(p)
  RETURN 'Intervention' AS label, i.record_id AS id, i.date AS date, i.matter AS what, 'subject' AS role
  UNION ALL
  MATCH (x:Problem)-[:RESPONSIBLE_PERSON]->(p)
  RETURN 'Problem' AS label, x.problem_id AS id, x.found_date AS date, x.description AS what, 'responsible' AS role
  UNION ALL
  MATCH (x:Task)-[:RESPONSIBLE_PERSON]->(p)
  RETURN 'Task' AS label, x.task_id AS id, x.due_date AS date, x.content AS what, 'responsible' AS role
  UNION ALL
  MATCH (p)-[s:SPOKE_IN]->(d:Decision)
  RETURN 'Decision' AS label, d.decision_id AS id, d.date AS date,
         coalesce(d.meeting, '') + ' ' + coalesce(d.topic, '') AS what, 'spoke' AS role
}
RETURN label, id, date, what, role
ORDER BY date DESC, label, id
LIMIT $limit
