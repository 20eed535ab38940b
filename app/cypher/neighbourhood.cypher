// A node and its direct neighbours (at most $limit relationships), for drawing, derived
// relationships ($derived) left out. $element_id
MATCH (n) WHERE elementId(n) = $element_id
CALL (n) {
  MATCH (n)-[r]-(m)
  WHERE NOT type(r) IN $derived
  RETURN r, m
  LIMIT $limit
}
WITH n, collect(r) AS rels, collect(DISTINCT m) AS others
RETURN [x IN [n] + others | {id: elementId(x), labels: labels(x),
          caption: coalesce(x.name, x.title, x.topic, x.kind, x.pid, x.unit_id),
          properties: properties(x)}] AS nodes,
       [r IN rels | {id: elementId(r), type: type(r), start: elementId(startNode(r)),
          end: elementId(endNode(r)), properties: properties(r)}] AS relationships
