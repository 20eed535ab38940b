// The files behind a set of provenance entries ("<source_id>:<row>"). $source_ids
MATCH (s:Source)
WHERE s.source_id IN $source_ids
RETURN s.source_id AS source_id, s.name AS name, s.registry AS registry
