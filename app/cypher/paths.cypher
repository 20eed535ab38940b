// Shortest paths between two nodes: up to $k of the shortest, each at most $max_length
// relationships (the pattern's upper bound, 8, is the most the page offers), never through a
// relationship type in $exclude nor through a loaded-file node. $from_id, $to_id (element ids)
MATCH (a) WHERE elementId(a) = $from_id
MATCH (b) WHERE elementId(b) = $to_id
MATCH p = SHORTEST $k (a)-[r WHERE NOT type(r) IN $exclude]-{1,8}(b)
WHERE length(p) <= $max_length
  AND none(x IN nodes(p) WHERE x:Source)
RETURN [x IN nodes(p) | {id: elementId(x), labels: labels(x),
          key: coalesce(x.pid, x.unit_id, x.uscc, x.contract_id, x.appointment_id,
                        x.complaint_id, x.event_id, x.problem_id, x.sanction_id, x.record_id,
                        x.decision_id, x.task_id),
          caption: coalesce(x.name, x.title, x.topic, x.kind, x.category, x.pid, x.unit_id),
          properties: properties(x)}] AS nodes,
       [y IN relationships(p) | {id: elementId(y), type: type(y), start: elementId(startNode(y)),
          end: elementId(endNode(y)), properties: properties(y)}] AS relationships
ORDER BY size(relationships)
LIMIT $k
