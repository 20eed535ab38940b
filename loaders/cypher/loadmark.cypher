// The load-in-progress marks (loaders/loadmark.py): one (:LoadInProgress) per load, written
// before its first batch and deleted after its identity step; one left standing means a load
// died half-way (crash, kill, lost database) and the graph is partial.

// step: mark_set
// Params: $mark, $by, $files, $command, $host, $pid
CREATE (m:LoadInProgress {mark: $mark})
SET m.started_at = datetime(), m.by = $by, m.files = $files, m.command = $command,
    m.host = $host, m.pid = $pid
RETURN m.started_at AS started_at

// step: mark_clear
// A load that ends clears its own mark and the marks of loads that began before it and are not
// running any more ($running: the ones still running, judged by the caller), which it finishes
// by writing the same files again. A load that began later keeps its mark.
MATCH (m:LoadInProgress)
WHERE m.mark = $mark OR (m.started_at < $started_at AND NOT m.mark IN $running)
DELETE m
RETURN count(*) AS cleared

// step: marks
MATCH (m:LoadInProgress)
RETURN m.mark AS mark, m.host AS host, m.pid AS pid

// step: mark_get
MATCH (m:LoadInProgress)
RETURN toString(m.started_at) AS started_at, m.by AS by, m.files AS files, m.command AS command
ORDER BY started_at
LIMIT 1
