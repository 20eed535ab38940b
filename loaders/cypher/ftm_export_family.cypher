// FtM export: HAS_RELATIVE -> Family. Keyset on the reporting cadre's pid.
// Params: $after, $limit.

// step: page
MATCH (c:Person) WHERE c.pid > $after AND (c)-[:HAS_RELATIVE]->()
WITH c ORDER BY c.pid LIMIT $limit
MATCH (c)-[r:HAS_RELATIVE]->(rel:Person)
RETURN c.pid AS key, c.pid AS pid, rel.pid AS relative_pid, r.relation AS relation,
       r.employer AS employer, r.job AS job, r.report_year AS report_year,
       properties(r) AS rel
ORDER BY key, relative_pid, relation, rel.ftm_id
