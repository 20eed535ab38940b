// power_decisions: decisions in the window ($since, $as_of] with their meeting, the unit's
// top leaders (一把手) on the decision's date, and who spoke, in speaking order (SPOKE_IN).
MATCH (d:Decision)-[:AT_UNIT]->(u:Unit)
WHERE d.date <= $as_of AND d.date > $since
RETURN d.decision_id AS decision_id, u.unit_id AS unit_id, d.meeting AS meeting,
       d.category AS category,
       COLLECT {
         MATCH (top:Person)-[h:HOLDS_POST]->(u)
         WHERE h.role = $top_role
           AND (h.start_date IS NULL OR h.start_date <= d.date)
           AND (h.end_date IS NULL OR h.end_date >= d.date)
         RETURN DISTINCT top.pid
       } AS tops,
       COLLECT {
         MATCH (s:Person)-[r:SPOKE_IN]->(d)
         RETURN [s.pid, s.name] ORDER BY r.order
       } AS speakers
