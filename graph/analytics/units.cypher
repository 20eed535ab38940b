// power_units: every unit with its functions and its parent (PART_OF).
MATCH (u:Unit)
OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit)
RETURN u.unit_id AS unit_id, u.name AS name, coalesce(u.functions, []) AS functions,
       parent.unit_id AS parent_id
