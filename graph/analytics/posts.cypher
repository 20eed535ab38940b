// power_posts: leader posts (一把手, 班子成员) in force at $as_of.
// Starts from the HOLDS_POST relationships (role is indexed), never from all persons.
MATCH (p:Person)-[h:HOLDS_POST]->(u:Unit)
WHERE h.role IN $leader_roles
  AND (h.start_date IS NULL OR h.start_date <= $as_of)
  AND (h.end_date IS NULL OR h.end_date >= $as_of)
RETURN p.pid AS pid, p.name AS name, u.unit_id AS unit_id, h.role AS role,
       h.title AS title, h.start_date AS start_date
