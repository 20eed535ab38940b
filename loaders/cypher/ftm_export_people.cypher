// FtM export: persons -> Person (masked 身份证号 only). Keyset on pid.
// Params: $after, $limit.

// step: page
MATCH (p:Person) WHERE p.pid > $after
WITH p ORDER BY p.pid LIMIT $limit
RETURN p.pid AS key, p.pid AS pid, p.person_id AS person_id, p.name AS name,
       p.gender AS gender, p.birth_date AS birth_date, p.id_masked AS id_masked,
       p.ethnicity AS ethnicity, p.native_place AS native_place,
       p.growth_region AS growth_region, p.party AS party, p.rank AS rank,
       properties(p) AS node
ORDER BY key
