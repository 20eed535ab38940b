// Shortest paths between two nodes: the 10 shortest (at most $k returned), each at most
// $max_length relationships (the pattern's upper bound, 8, is the most the page offers),
// never through a relationship type in $exclude. Loaded-file (Source) nodes have no
// relationships, so no path passes through one. $from_id, $to_id (element ids)
MATCH (a) WHERE elementId(a) = $from_id
MATCH (b) WHERE elementId(b) = $to_id
MATCH p = SHORTEST 10 (a)-[r WHERE NOT type(r) IN $exclude]-{1,8}(b)
WITH p
WHERE length(p) <= $max_length
// properties read through properties(x): Neo4j 5.26 fails on x.prop after SHORTEST
// (a planner error casting Property to ASTCachedProperty)
RETURN [x IN nodes(p) | {id: elementId(x), labels: labels(x), properties: properties(x)}]
         AS nodes,
       [y IN relationships(p) | {id: elementId(y), type: type(y), start: elementId(startNode(y)),
          end: elementId(endNode(y)), properties: properties(y)}] AS relationships
ORDER BY size(relationships)
LIMIT $k
