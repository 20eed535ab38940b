// The load-in-progress mark (loaders/loadmark.py): one (:LoadInProgress {mark: 'load'})
// written before a load's first batch and deleted after its identity step; one left
// standing means a load died half-way (crash, kill, lost database) and the graph is partial.

// step: mark_set
// Params: $by, $files, $command
MERGE (m:LoadInProgress {mark: 'load'})
SET m.started_at = datetime(), m.by = $by, m.files = $files, m.command = $command
RETURN m.started_at AS started_at

// step: mark_clear
MATCH (m:LoadInProgress)
DELETE m
RETURN count(*) AS cleared

// step: mark_get
MATCH (m:LoadInProgress)
RETURN toString(m.started_at) AS started_at, m.by AS by, m.files AS files, m.command AS command
ORDER BY started_at
LIMIT 1
