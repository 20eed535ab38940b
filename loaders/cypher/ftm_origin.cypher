// FtM import: persons asserted only by this FtM file are origin 'ftm' (docs/model.md).
// The people writer sets origin 'people'; a person another source also asserted keeps it.
// Params: $pids (person ids of the file's people records), $source_id (sha256 first 12).

// step: origin
UNWIND $pids AS pid
MATCH (p:Person {pid: pid})
WHERE all(s IN coalesce(p.sources, []) WHERE s STARTS WITH $source_id + ':')
SET p.origin = 'ftm'
RETURN count(p) AS marked
