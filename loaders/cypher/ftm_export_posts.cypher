// FtM export: HOLDS_POST -> Position + Occupancy. Keyset on the holder's pid: a page is
// every post of up to $limit persons.
// Params: $after, $limit.

// step: page
MATCH (p:Person) WHERE p.pid > $after AND (p)-[:HOLDS_POST]->()
WITH p ORDER BY p.pid LIMIT $limit
MATCH (p)-[r:HOLDS_POST]->(u:Unit)
RETURN p.pid AS key, p.pid AS pid, u.unit_id AS unit_id, r.title AS title, r.role AS role,
       r.functions AS functions, r.start_date AS start_date, r.end_date AS end_date,
       properties(r) AS rel
ORDER BY key, unit_id, title, start_date, rel.ftm_id
