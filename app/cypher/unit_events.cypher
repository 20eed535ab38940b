// Everything dated that names a unit, newest first. $unit_id, $limit
MATCH (u:Unit {unit_id: $unit_id})
CALL (u) {
  MATCH (c:Contract)-[:BUYER]->(u)
  OPTIONAL MATCH (c)-[:SUPPLIER]->(co:Company)
  RETURN 'Contract' AS label, c.contract_id AS id, c.signed_date AS date,
         coalesce(c.title, '') + ' · ' + coalesce(co.name, '') AS what, c.amount AS amount
  UNION ALL
  MATCH (e:SupervisionEvent)-[:TARGET_UNIT]->(u)
  RETURN 'SupervisionEvent' AS label, e.event_id AS id, e.date AS date, e.kind AS what, null AS amount
  UNION ALL
  MATCH (x:Problem)-[:RESPONSIBLE_UNIT]->(u)
  RETURN 'Problem' AS label, x.problem_id AS id, x.found_date AS date, x.description AS what, null AS amount
  UNION ALL
  MATCH (c:Complaint)-[:ABOUT_UNIT]->(u)
  RETURN 'Complaint' AS label, c.complaint_id AS id, c.received_date AS date, c.category AS what, null AS amount
  UNION ALL
  MATCH (d:Decision)-[:AT_UNIT]->(u)
  RETURN 'Decision' AS label, d.decision_id AS id, d.date AS date,
         coalesce(d.meeting, '') + ' ' + coalesce(d.topic, '') AS what, d.amount AS amount
  UNION ALL
  MATCH (i:Intervention)-[:CONCERNS_UNIT]->(u)
  RETURN 'Intervention' AS label, i.record_id AS id, i.date AS date, i.matter AS what, null AS amount
  UNION ALL
  MATCH (t:Task)-[:LED_BY]->(u)
  RETURN 'Task' AS label, t.task_id AS id, t.due_date AS date, t.content AS what, null AS amount
}
RETURN label, id, date, what, amount
ORDER BY date DESC, label, id
LIMIT $limit
