// Data freshness: per registry, the last load, the files and rows loaded.
MATCH (s:Source)
RETURN s.registry AS registry, max(s.loaded_at) AS last_loaded, count(s) AS files,
       sum(coalesce(s.rows, 0)) AS rows
ORDER BY registry
