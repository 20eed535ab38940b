// Leaders, the units they hold posts in or are in charge of as of a date, and the 上级单位
// links among those units, for drawing. $pids, $as_of
MATCH (p:Person) WHERE p.pid IN $pids
OPTIONAL MATCH (p)-[r:HOLDS_POST|IN_CHARGE_OF]->(u:Unit)
WHERE (r.start_date IS NULL OR r.start_date <= $as_of)
  AND (r.end_date IS NULL OR r.end_date >= $as_of)
WITH collect(DISTINCT p) AS people, collect(DISTINCT u) AS units, collect(DISTINCT r) AS posts
CALL (units) {
  UNWIND units AS a
  MATCH (a)-[l:PART_OF]->(b:Unit)
  WHERE b IN units
  RETURN collect(DISTINCT l) AS links
}
RETURN [x IN people + units | {id: elementId(x), labels: labels(x),
          caption: coalesce(x.name, x.pid, x.unit_id), properties: properties(x)}] AS nodes,
       [r IN posts + links | {id: elementId(r), type: type(r), start: elementId(startNode(r)),
          end: elementId(endNode(r)), properties: properties(r)}] AS relationships
