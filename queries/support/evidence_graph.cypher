// The nodes a flag's evidence names (by label and key, each lookup on its unique key), the
// units on the 上级单位 chain between any two of them, and every relationship among them.
// $refs: list of {label, key, id}; labels are the fixed set of the model.
CALL () {
  UNWIND [ref IN $refs WHERE ref.label = 'Person' | ref.id] AS key
  MATCH (n:Person {pid: key})
  RETURN n, 'pid' AS key_property
  UNION
  UNWIND [ref IN $refs WHERE ref.label = 'Company' | ref.id] AS key
  MATCH (n:Company {uscc: key})
  RETURN n, 'uscc' AS key_property
  UNION
  UNWIND [ref IN $refs WHERE ref.label = 'Contract' | ref.id] AS key
  MATCH (n:Contract {contract_id: key})
  RETURN n, 'contract_id' AS key_property
  UNION
  UNWIND [ref IN $refs WHERE ref.label = 'Appointment' | ref.id] AS key
  MATCH (n:Appointment {appointment_id: key})
  RETURN n, 'appointment_id' AS key_property
  UNION
  UNWIND [ref IN $refs WHERE ref.label = 'Complaint' | ref.id] AS key
  MATCH (n:Complaint {complaint_id: key})
  RETURN n, 'complaint_id' AS key_property
  UNION
  UNWIND [ref IN $refs WHERE ref.label = 'Problem' | ref.id] AS key
  MATCH (n:Problem {problem_id: key})
  RETURN n, 'problem_id' AS key_property
  UNION
  UNWIND [ref IN $refs WHERE ref.label = 'Decision' | ref.id] AS key
  MATCH (n:Decision {decision_id: key})
  RETURN n, 'decision_id' AS key_property
  UNION
  UNWIND [ref IN $refs WHERE ref.label = 'Unit' | ref.id] AS key
  MATCH (n:Unit {unit_id: key})
  RETURN n, 'unit_id' AS key_property
  UNION
  UNWIND [ref IN $refs WHERE ref.label = 'Sanction' | ref.id] AS key
  MATCH (n:Sanction {sanction_id: key})
  RETURN n, 'sanction_id' AS key_property
  UNION
  UNWIND [ref IN $refs WHERE ref.label = 'Intervention' | ref.id] AS key
  MATCH (n:Intervention {record_id: key})
  RETURN n, 'record_id' AS key_property
  UNION
  UNWIND [ref IN $refs WHERE ref.label = 'SupervisionEvent' | ref.id] AS key
  MATCH (n:SupervisionEvent {event_id: key})
  RETURN n, 'event_id' AS key_property
  UNION
  UNWIND [ref IN $refs WHERE ref.label = 'Task' | ref.id] AS key
  MATCH (n:Task {task_id: key})
  RETURN n, 'task_id' AS key_property
}
WITH collect(DISTINCT {n: n, key: key_property}) AS found
WITH found, [x IN found | x.n] AS named
// Units between two evidence units in the hierarchy (authority reaches down through them).
CALL (named) {
  UNWIND [x IN named WHERE x:Unit] AS a
  MATCH path = (a)-[:PART_OF*1..8]->(b:Unit)
  WHERE b IN named
  UNWIND nodes(path) AS between
  RETURN collect(DISTINCT between) AS chain
}
WITH found + [u IN chain WHERE NOT u IN named | {n: u, key: 'unit_id'}] AS found
WITH found, [x IN found | x.n] AS ns
CALL (ns) {
  UNWIND ns AS a
  // derived relationships ($derived: RELATIVE_HOLDER) are no evidence: the facts are shown
  MATCH (a)-[r]->(b)
  WHERE b IN ns AND NOT type(r) IN $derived
  RETURN collect(DISTINCT r) AS rels
}
RETURN [x IN found | {id: elementId(x.n), labels: labels(x.n), key: x.n[x.key],
         caption: coalesce(x.n.name, x.n.title, x.n.topic, x.n.kind, x.n[x.key]),
         properties: properties(x.n)}] AS nodes,
       [r IN rels | {id: elementId(r), type: type(r), start: elementId(startNode(r)),
         end: elementId(endNode(r)), properties: properties(r)}] AS relationships
