// power_units: every unit with its functions and its parent (PART_OF).
MATCH (u:Unit)
OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit)
RETURN collect([u.unit_id, u.name, coalesce(u.functions, []), parent.unit_id]) AS rows
