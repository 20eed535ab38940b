// power_decisions: decisions in the window ($since, $as_of], grouped by unit so that the
// unit's top-leader posts (一把手, with dates) are read once per unit, not once per decision.
// Who spoke, in order, is the decision's speaking_order (the loader writes SPOKE_IN {order}
// from the same 表态顺序 column); reading the list avoids one expansion per speaker.
MATCH (d:Decision)-[:AT_UNIT]->(u:Unit)
WHERE d.date <= $as_of AND d.date > $since
WITH u, collect(d) AS decisions
WITH u, decisions,
     COLLECT {
       MATCH (top:Person)-[h:HOLDS_POST]->(u)
       WHERE h.role = $top_role
       RETURN [top.pid, h.start_date, h.end_date]
     } AS tops
UNWIND decisions AS d
WITH u, d, [t IN tops WHERE (t[1] IS NULL OR t[1] <= d.date)
                        AND (t[2] IS NULL OR t[2] >= d.date) | t[0]] AS chairs
RETURN collect([d.decision_id, u.unit_id, d.meeting, d.category, chairs,
                coalesce(d.speaking_order, [])]) AS rows
