// The provenance node of one loaded file, written after all its rows.
// Params: $source_id (sha256 first 12 hex), $name, $sha256, $registry, $rows.
// A reload of the same content keeps the first load's time, so it changes nothing.

// step: source
MERGE (s:Source {source_id: $source_id})
  ON CREATE SET s.name = $name, s.sha256 = $sha256, s.registry = $registry,
                s.loaded_at = datetime(), s.rows = $rows
RETURN s.source_id AS source_id
