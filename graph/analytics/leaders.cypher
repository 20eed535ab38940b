// risk_leaders: leaders in post at $as_of with their stored power scores and the units
// they lead as 一把手 (unit-level flags are attributed to the unit's top leader).
MATCH (p:Person)-[h:HOLDS_POST]->(u:Unit)
WHERE h.role IN $leader_roles
  AND (h.start_date IS NULL OR h.start_date <= $as_of)
  AND (h.end_date IS NULL OR h.end_date >= $as_of)
WITH p, collect(DISTINCT CASE WHEN h.role = $top_role THEN u.unit_id END) AS top_units
RETURN p.pid AS pid, p.name AS name, p.power_index AS power_index,
       p.power_rank AS power_rank, p.power_components AS power_components,
       p.power_computed_at AS power_computed_at, top_units
