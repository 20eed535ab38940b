// power_nominations: appointments decided in the window ($since, $as_of] and who nominated
// them (NOMINATED_BY), with the appointee and the unit appointed to.
MATCH (a:Appointment)-[:NOMINATED_BY]->(n:Person)
WHERE a.decided_date <= $as_of AND a.decided_date > $since
OPTIONAL MATCH (a)-[:APPOINTEE]->(x:Person)
OPTIONAL MATCH (a)-[:TO_UNIT]->(u:Unit)
RETURN collect([a.appointment_id, n.pid, n.name, x.pid, x.name, u.unit_id, a.decided_by])
       AS rows
