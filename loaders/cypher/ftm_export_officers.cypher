// FtM export: OFFICER_OF and LEGAL_REP_OF -> Directorship (role 法定代表人 for the legal
// representative). Keyset on the company's uscc.
// Params: $after, $limit.

// step: page
MATCH (c:Company) WHERE c.uscc > $after AND ()-[:OFFICER_OF|LEGAL_REP_OF]->(c)
WITH c ORDER BY c.uscc LIMIT $limit
MATCH (p:Person)-[r:OFFICER_OF|LEGAL_REP_OF]->(c)
RETURN c.uscc AS key, c.uscc AS uscc, c.ftm_id AS company_ftm_id, p.pid AS pid,
       CASE type(r) WHEN 'LEGAL_REP_OF' THEN '法定代表人' ELSE r.role END AS role,
       properties(r) AS rel
ORDER BY key, pid, role
