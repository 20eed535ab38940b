// One unit's card: properties, parent and sub-units, the people in post or in charge. $unit_id
MATCH (u:Unit {unit_id: $unit_id})
RETURN elementId(u) AS element_id,
  u {.unit_id, .name, .kind, .level, .region_code, .functions} AS unit,
  COLLECT { MATCH (u)-[:PART_OF]->(parent:Unit) RETURN parent {.unit_id, .name} } AS parents,
  COLLECT { MATCH (child:Unit)-[:PART_OF]->(u) RETURN child {.unit_id, .name} } AS children,
  COLLECT {
    MATCH (p:Person)-[h:HOLDS_POST]->(u)
    RETURN {pid: p.pid, name: p.name, link: 'HOLDS_POST', title: h.title, role: h.role,
            start_date: h.start_date, end_date: h.end_date} AS post
    UNION ALL
    MATCH (p:Person)-[d:IN_CHARGE_OF]->(u)
    RETURN {pid: p.pid, name: p.name, link: 'IN_CHARGE_OF', title: null, role: null,
            start_date: d.start_date, end_date: d.end_date} AS post
  } AS people
