// FtM export: companies -> Company. Keyset on uscc.
// Params: $after, $limit.

// step: page
MATCH (c:Company) WHERE c.uscc > $after
WITH c ORDER BY c.uscc LIMIT $limit
RETURN c.uscc AS key, c.uscc AS uscc, c.name AS name, c.founded AS founded,
       c.capital AS capital, c.company_type AS company_type, c.status AS status,
       c.industry AS industry, c.scope AS scope, c.region_code AS region_code,
       c.address AS address, c.in_registry AS in_registry, c.id_invalid AS id_invalid,
       properties(c) AS node
ORDER BY key
