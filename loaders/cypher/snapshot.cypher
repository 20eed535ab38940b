// Snapshot loads (loaders/snapshot.py, docs/snapshots.md): a file that is the whole registry as
// of its export ends what an earlier export of the same registry stated and this one no longer
// does. `{{fact}}` is the pattern of the registry's fact, binding `f`: `(f:Company)` for a
// node registry, `()-[f:SHAREHOLDER_OF]->()` for a relationship registry; it is filled from
// the registry declaration (model/registries.yaml), never from input.

// step: sources
// every file of the registry loaded so far (this load's own may be among them: a reload)
MATCH (s:Source {registry: $registry})
RETURN s.source_id AS id

// step: facts
// every fact an earlier export of the registry stated, ended or not
MATCH {{fact}}
WHERE any(t IN coalesce(f.sources, []) WHERE split(t, ':')[0] IN $earlier)
RETURN elementId(f) AS id, f.row_key AS row_key, f.row_hash AS row_hash,
       f.ended_on AS ended_on, f.row_scope AS row_scope

// step: properties
UNWIND $ids AS id
MATCH {{fact}}
WHERE elementId(f) = id
RETURN id, properties(f) AS props

// step: end
// only facts no file of this load states: a fact whose key changed but which the new export
// still states through another row stays. A relationship also gets an end date when it has
// none (marked, so that it is taken back if the fact returns): whatever reads dated
// relationships (posts, duties, company links) then sees it ended without knowing snapshots.
UNWIND $ids AS id
MATCH {{fact}}
WHERE elementId(f) = id AND f.ended_on IS NULL
  AND NOT any(t IN coalesce(f.sources, []) WHERE split(t, ':')[0] IN $now)
SET f.ended_on = $date, f.ended_by = $snapshot_id
WITH id, f
CALL (f) {
  WITH f WHERE $relationship AND f.end_date IS NULL
  SET f.end_date = $date, f.end_date_by_snapshot = true
}
RETURN id

// step: restart
// a fact an export had ended and this one states again starts again; the gap stays as history
UNWIND $ids AS id
MATCH {{fact}}
WHERE elementId(f) = id AND f.ended_on IS NOT NULL
SET f.ended_periods = coalesce(f.ended_periods, []) + [toString(f.ended_on) + '/' + toString($date)],
    f.ended_on = null, f.ended_by = null
WITH id, f
CALL (f) {
  WITH f WHERE f.end_date_by_snapshot
  SET f.end_date = null, f.end_date_by_snapshot = null
}
RETURN id

// step: appeared
MATCH {{fact}}
WHERE any(t IN coalesce(f.sources, []) WHERE split(t, ':')[0] IN $now)
  AND NOT any(t IN coalesce(f.sources, []) WHERE split(t, ':')[0] IN $earlier)
RETURN elementId(f) AS id

// step: describe_node
// what a reader recognises a fact by (names and registry ids; never a hash)
UNWIND $ids AS id
MATCH (f) WHERE elementId(f) = id
RETURN id, coalesce(f.name, '') + ' [' + coalesce(f.uscc, f.person_id, f.unit_id, '') + ']' AS fact

// step: describe_rel
UNWIND $ids AS id
MATCH (a)-[f]->(b) WHERE elementId(f) = id
RETURN id, coalesce(a.name, '') + ' [' + coalesce(a.person_id, a.uscc, a.unit_id, '') + '] '
           + type(f) + ' ' + coalesce(b.name, '') + ' [' + coalesce(b.person_id, b.uscc, b.unit_id, '') + ']'
           AS fact

// step: record
CREATE (s:Snapshot {snapshot_id: $snapshot_id, registry: $registry, files: $files,
                    sources: $now, snapshot_date: $date, loaded_at: datetime(), by: $by,
                    facts_before: $facts_before, appeared: $appeared, changed: $changed,
                    ended: $ended, restarted: $restarted, unchanged: $unchanged})
WITH s
UNWIND $changes AS c
CREATE (x:SnapshotChange {registry: $registry, kind: c.kind, fact: c.fact,
                          fields: c.fields, position: c.position})
CREATE (x)-[:IN_SNAPSHOT]->(s)
RETURN count(x) AS changes

// step: count
MATCH (s:Snapshot {registry: $registry})
RETURN count(s) AS n

// step: history
MATCH (s:Snapshot {registry: $registry})
RETURN s.snapshot_id AS snapshot_id, s.files AS files, s.snapshot_date AS snapshot_date,
       toString(s.loaded_at) AS loaded_at, s.by AS by, s.facts_before AS facts_before,
       s.appeared AS appeared, s.changed AS changed, s.ended AS ended,
       s.restarted AS restarted, s.unchanged AS unchanged
ORDER BY s.loaded_at DESC
LIMIT $limit

// step: changes
MATCH (x:SnapshotChange)-[:IN_SNAPSHOT]->(s:Snapshot {snapshot_id: $snapshot_id})
RETURN x.kind AS kind, x.fact AS fact, x.fields AS fields
ORDER BY x.position
