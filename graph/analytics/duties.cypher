// power_duties: duties (分管) in force at $as_of, with the unit's functions.
MATCH (p:Person)-[d:IN_CHARGE_OF]->(u:Unit)
WHERE (d.start_date IS NULL OR d.start_date <= $as_of)
  AND (d.end_date IS NULL OR d.end_date >= $as_of)
RETURN collect([p.pid, p.name, u.unit_id, coalesce(u.functions, [])]) AS rows
