// One person, unit or company by its key (pid, unit_id or USCC), for addresses and the
// graph explorer. $key
CALL () {
  MATCH (n:Person {pid: $key}) RETURN n
  UNION
  MATCH (n:Unit {unit_id: $key}) RETURN n
  UNION
  MATCH (n:Company {uscc: $key}) RETURN n
}
RETURN elementId(n) AS id, labels(n) AS labels, coalesce(n.pid, n.unit_id, n.uscc) AS key,
       coalesce(n.name, n.pid, n.unit_id, n.uscc) AS caption, properties(n) AS properties
LIMIT 1
