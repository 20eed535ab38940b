// FtM export: units -> PublicBody. One page of units after $after (keyset on unit_id).
// Params: $after (last unit_id of the previous page, '' first), $limit.

// step: page
MATCH (u:Unit) WHERE u.unit_id > $after
WITH u ORDER BY u.unit_id LIMIT $limit
OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit)
RETURN u.unit_id AS key, u.unit_id AS unit_id, u.name AS name, u.kind AS kind,
       u.level AS level, u.region_code AS region_code, u.functions AS functions,
       parent.unit_id AS parent_id, properties(u) AS node
ORDER BY key
