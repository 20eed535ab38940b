// The neighbours of some nodes, for the graph explorer. $ids: element ids to expand;
// $types: relationship types to follow (null: all); a relationship is kept when its dates
// overlap [$from_date, $to_date] (undated ones always); a neighbour that is a dated event is
// kept when its date is on or before $to_date and, when $events_from is set, on or after it.
// Neighbours whose label is in $fold (tasks and other high-degree kinds) are counted per
// relationship type and label instead of listed. At most $limit listed per node. Derived
// relationships ($derived, model/relationships.yaml) are no fact to show.
UNWIND $ids AS eid
MATCH (n) WHERE elementId(n) = eid
WITH n, eid
RETURN eid,
  COLLECT {
    MATCH (n)-[r]-(m)
    WHERE ($types IS NULL OR type(r) IN $types) AND NOT type(r) IN $derived
      AND (r.start_date IS NULL OR r.start_date <= $to_date)
      AND (r.end_date IS NULL OR r.end_date >= $from_date)
      AND NOT any(l IN labels(m) WHERE l IN $fold OR l = 'Source')
    WITH r, m, coalesce(m.date, m.signed_date, m.received_date, m.decided_date, m.found_date,
                        m.due_date) AS day
    WHERE day IS NULL OR (day <= $to_date AND ($events_from IS NULL OR day >= $events_from))
    RETURN {
      node: {id: elementId(m), labels: labels(m),
             key: coalesce(m.pid, m.unit_id, m.uscc, m.contract_id, m.appointment_id,
                           m.complaint_id, m.event_id, m.problem_id, m.sanction_id, m.record_id,
                           m.decision_id, m.task_id),
             caption: coalesce(m.name, m.title, m.topic, m.kind, m.category, m.pid, m.unit_id),
             properties: properties(m)},
      rel: {id: elementId(r), type: type(r), start: elementId(startNode(r)),
            end: elementId(endNode(r)), properties: properties(r)}
    } AS item
    LIMIT $limit
  } AS items,
  COLLECT {
    MATCH (n)-[r]-(m)
    WHERE ($types IS NULL OR type(r) IN $types) AND NOT type(r) IN $derived
      AND any(l IN labels(m) WHERE l IN $fold)
    WITH type(r) AS type, head([l IN labels(m) WHERE l IN $fold]) AS label, count(*) AS count
    RETURN {type: type, label: label, count: count} AS fold
  } AS folded
