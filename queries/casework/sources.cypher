// ---
// name: sources
// mode: read
// description: >-
//   the registry files behind source references (`<source_id>:<row>`), for a
//   report's source rows.
// ---
MATCH (s:Source)
WHERE s.source_id IN $ids
RETURN s.source_id AS source_id, s.name AS name, s.registry AS registry,
       s.loaded_at AS loaded_at
