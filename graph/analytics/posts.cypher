// power_posts: leader posts (一把手, 班子成员) in force at $as_of.
// One record holding a list of rows: far cheaper for the driver than a record per post.
MATCH (p:Person)-[h:HOLDS_POST]->(u:Unit)
WHERE h.role IN $leader_roles
  AND (h.start_date IS NULL OR h.start_date <= $as_of)
  AND (h.end_date IS NULL OR h.end_date >= $as_of)
RETURN collect([p.pid, p.name, u.unit_id, h.role, h.title, h.start_date]) AS rows
