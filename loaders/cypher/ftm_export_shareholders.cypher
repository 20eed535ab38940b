// FtM export: SHAREHOLDER_OF -> Ownership. Keyset on the held company's uscc.
// Params: $after, $limit.

// step: page
MATCH (c:Company) WHERE c.uscc > $after AND ()-[:SHAREHOLDER_OF]->(c)
WITH c ORDER BY c.uscc LIMIT $limit
MATCH (h)-[r:SHAREHOLDER_OF]->(c)
RETURN c.uscc AS key, c.uscc AS uscc, c.ftm_id AS company_ftm_id, h.pid AS holder_pid,
       h.uscc AS holder_uscc, h.ftm_id AS holder_ftm_id,
       r.pct AS pct, r.subscribed AS subscribed, r.since AS since, properties(r) AS rel
ORDER BY key, coalesce(holder_pid, holder_uscc), rel.ftm_id
