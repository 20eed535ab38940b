// Units with the most problems open at $as_of (found on or before it, not closed by it).
// $as_of, $limit
MATCH (x:Problem)-[:RESPONSIBLE_UNIT]->(u:Unit)
WHERE x.found_date <= $as_of AND (x.closed_date IS NULL OR x.closed_date > $as_of)
RETURN u.unit_id AS unit_id, u.name AS name, count(DISTINCT x) AS open_problems
ORDER BY open_problems DESC, unit_id
LIMIT $limit
