// power_nominations: appointments decided in the window ($since, $as_of] and who
// nominated them (NOMINATED_BY), with the appointee and the unit appointed to.
MATCH (a:Appointment)-[:NOMINATED_BY]->(n:Person)
WHERE a.decided_date <= $as_of AND a.decided_date > $since
OPTIONAL MATCH (a)-[:APPOINTEE]->(x:Person)
OPTIONAL MATCH (a)-[:TO_UNIT]->(u:Unit)
RETURN a.appointment_id AS appointment_id, n.pid AS nominator, n.name AS nominator_name,
       x.pid AS appointee, x.name AS appointee_name, u.unit_id AS to_unit,
       a.decided_by AS decided_by
