// The loaded files (Source nodes), most recent first. $limit
MATCH (s:Source)
RETURN s.source_id AS source_id, s.name AS name, s.registry AS registry,
       s.loaded_at AS loaded_at, s.rows AS rows, s.sha256 AS sha256
ORDER BY s.loaded_at DESC, s.name
LIMIT $limit
