// Node counts by label, one count-store lookup per label of docs/model.md.
MATCH (n:Unit) RETURN 'Unit' AS name, count(n) AS count
UNION ALL
MATCH (n:Person) RETURN 'Person' AS name, count(n) AS count
UNION ALL
MATCH (n:Company) RETURN 'Company' AS name, count(n) AS count
UNION ALL
MATCH (n:Contract) RETURN 'Contract' AS name, count(n) AS count
UNION ALL
MATCH (n:Appointment) RETURN 'Appointment' AS name, count(n) AS count
UNION ALL
MATCH (n:Complaint) RETURN 'Complaint' AS name, count(n) AS count
UNION ALL
MATCH (n:SupervisionEvent) RETURN 'SupervisionEvent' AS name, count(n) AS count
UNION ALL
MATCH (n:Problem) RETURN 'Problem' AS name, count(n) AS count
UNION ALL
MATCH (n:Sanction) RETURN 'Sanction' AS name, count(n) AS count
UNION ALL
MATCH (n:Intervention) RETURN 'Intervention' AS name, count(n) AS count
UNION ALL
MATCH (n:Decision) RETURN 'Decision' AS name, count(n) AS count
UNION ALL
MATCH (n:Task) RETURN 'Task' AS name, count(n) AS count
UNION ALL
MATCH (n:Source) RETURN 'Source' AS name, count(n) AS count
