// The identity step (docs/model.md, "Person identity"): the one place that decides who is the
// same person. Run after every load (loaders/identity.py `resolve`). Steps run in the order
// below; `*_candidates` steps are reads whose rows loaders/identity.py scores, the other steps
// write. `hash_owner` is not run on its own: it is the lookup the registries' Cypher include
// (loaders/write.py), so that a row naming a 身份证号 writes to the node that number already
// names, chosen in the same order as the canonical node of `same_as`.

// step: hash_owner
// Formals: @hash (the row's id_hash), @owner (the node found, or null). Keeps every variable.
OPTIONAL MATCH (@owner:Person {id_hash: @hash})
WITH * ORDER BY @owner.person_id IS NULL, @owner.pid
LIMIT 1

// step: same_as_stale
// a SAME_AS whose two ends no longer share a 身份证号 hash
MATCH (a:Person)-[r:SAME_AS]->(b:Person)
WHERE a.id_hash IS NULL OR b.id_hash IS NULL OR a.id_hash <> b.id_hash
DELETE r
RETURN count(*) AS removed

// step: same_as
// every person sharing an id_hash points at one canonical node: the `people` record if
// there is one, else the smallest pid (the order `hash_owner` below takes too). Each group is
// kept a star, which queries/shared/identity.cypher relies on (two SAME_AS hops = the group):
// a SAME_AS out of the canonical node, or to a node no longer canonical (a `people` record
// arrived for the number), is removed.
MATCH (a:Person)
WHERE a.id_hash IS NOT NULL
WITH a.id_hash AS h, collect(a) AS people
WHERE size(people) > 1
WITH people, reduce(best = null, p IN people |
       CASE WHEN best IS NULL
              OR (p.person_id IS NOT NULL AND best.person_id IS NULL)
              OR ((p.person_id IS NULL) = (best.person_id IS NULL) AND p.pid < best.pid)
            THEN p ELSE best END) AS canonical
UNWIND people AS other
WITH other, canonical
CALL (other, canonical) {
  MATCH (other)-[old:SAME_AS]->(x:Person)
  WHERE other = canonical OR x <> canonical
  DELETE old
}
WITH other, canonical
WHERE other <> canonical
MERGE (other)-[r:SAME_AS]->(canonical)
WITH r, other, canonical,
     coalesce(other.sources, []) + [s IN coalesce(canonical.sources, []) WHERE NOT s IN coalesce(other.sources, [])] AS evidence
SET r.match = 'id', r.sources = evidence
RETURN count(*) AS linked

// step: name_candidates
// company-side persons and the cadres/relatives of the same name, one of them without a
// 身份证号; `rivals` counts the cadre/relative-side persons sharing the name.
// Driven from the persons without a 身份证号 (a handful: almost every person has one), each
// looking up its name once: a pair needs one of them, so it is found from that end (a
// cadre/relative without a number meets every company-side namesake; a company-side person
// without one meets the cadres/relatives that have one, the others being found from their
// end). Joining every person to every namesake instead grows with the square of a common
// name's bearers (minutes at province scale; docs/BENCHMARKS.md "Loading").
MATCH (x:Person)
WHERE x.id_hash IS NULL AND x.name IS NOT NULL
CALL (x) {
  WITH x
  WHERE x.origin IN ['people', 'family']
  MATCH (c:Person {name: x.name})
  WHERE c.origin = 'company'
  RETURN x AS p, c
  UNION ALL
  WITH x
  WHERE x.origin = 'company'
  MATCH (p:Person {name: x.name})
  WHERE p.origin IN ['people', 'family'] AND p.id_hash IS NOT NULL
  RETURN p, x AS c
}
WITH p, c
WHERE NOT (p)-[:SAME_AS]-(c)
WITH c, collect(p) AS candidates
UNWIND candidates AS p
RETURN p.pid AS from_pid, c.pid AS to_pid, c.name AS name, size(candidates) AS rivals

// step: possible_match
// Row: {from_pid, to_pid, match_id, confidence}. The status is the investigator's and
// survives every reload; only a new candidate starts as pending.
UNWIND $rows AS row
MATCH (p:Person {pid: row.from_pid})
MATCH (c:Person {pid: row.to_pid})
MERGE (p)-[r:POSSIBLE_MATCH]->(c)
  ON CREATE SET r.status = 'pending', r.match = 'name', r.match_id = row.match_id
WITH r, row, coalesce(p.sources, []) AS ps, coalesce(c.sources, []) AS cs
SET r.confidence = row.confidence, r.sources = ps + [s IN cs WHERE NOT s IN ps]
RETURN count(*) AS rows

// step: possible_match_stale
// undecided candidates that no longer hold (a name changed, both sides now have a 身份证号);
// decided ones are kept as the record of the decision
MATCH (p:Person)-[r:POSSIBLE_MATCH {status: 'pending'}]->(c:Person)
WHERE p.name IS NULL OR p.name <> c.name OR (p.id_hash IS NOT NULL AND c.id_hash IS NOT NULL)
   OR (p)-[:SAME_AS]-(c)
DELETE r
RETURN count(*) AS removed

// step: subject_candidates
// complaints naming a subject without a 被反映人编号: people of that name, and whether each
// holds or held a post at the complaint's unit or a unit below it
MATCH (q:Complaint)
WHERE q.subject_name IS NOT NULL AND NOT (q)-[:ABOUT {match: 'id'}]->()
OPTIONAL MATCH (q)-[:ABOUT_UNIT]->(u:Unit)
OPTIONAL MATCH (p:Person {name: q.subject_name})
WHERE p.person_id IS NOT NULL
WITH q, u, p,
     CASE WHEN p IS NULL OR u IS NULL THEN false
          ELSE EXISTS { (p)-[:HOLDS_POST]->(:Unit)-[:PART_OF*0..]->(u) } END AS at_unit
RETURN q.complaint_id AS complaint_id, u IS NOT NULL AS has_unit,
       collect(CASE WHEN p IS NULL THEN null ELSE {pid: p.pid, at_unit: at_unit} END) AS candidates

// step: subject_about
// Row: {complaint_id, matches: [{pid, confidence}]}; replaces earlier name resolutions
UNWIND $rows AS row
MATCH (q:Complaint {complaint_id: row.complaint_id})
CALL (q, row) {
  MATCH (q)-[old:ABOUT {match: 'name'}]->(p:Person)
  WHERE NOT p.pid IN [m IN row.matches | m.pid]
  DELETE old
}
CALL (q, row) {
  UNWIND row.matches AS m
  MATCH (p:Person {pid: m.pid})
  MERGE (q)-[r:ABOUT]->(p)
  SET r.match = 'name', r.confidence = m.confidence, r.sources = q.sources
}
RETURN count(*) AS rows

// step: company_names
// 涉及企业 given by name: every company registered under exactly that name
MATCH (n)
WHERE (n:Complaint OR n:Intervention) AND n.company_names IS NOT NULL
UNWIND n.company_names AS name
MATCH (c:Company {name: name})
MERGE (n)-[r:NAMES_COMPANY]->(c)
  ON CREATE SET r.match = 'name'
SET r.sources = n.sources
RETURN count(*) AS linked

// step: list_matches
// Params: $status (null = all), $limit
MATCH (p:Person)-[r:POSSIBLE_MATCH]->(c:Person)
WHERE $status IS NULL OR r.status = $status
OPTIONAL MATCH (c)-[:SHAREHOLDER_OF|LEGAL_REP_OF|OFFICER_OF]->(co:Company)
WITH p, r, c, collect(DISTINCT co.name)[..3] AS companies
RETURN r.match_id AS match_id, r.status AS status, r.confidence AS confidence,
       p.pid AS from_pid, p.name AS from_name, p.origin AS from_origin,
       c.pid AS to_pid, c.name AS to_name, companies,
       r.decided_at AS decided_at, r.decided_by AS decided_by
ORDER BY status DESC, confidence DESC, match_id
LIMIT $limit

// step: decide_match
// Params: $match_id, $status ('confirmed' | 'rejected' | 'pending'), $by
MATCH (:Person)-[r:POSSIBLE_MATCH {match_id: $match_id}]->(:Person)
SET r.status = $status, r.decided_at = datetime(), r.decided_by = $by
RETURN r.match_id AS match_id, r.status AS status

// --- upgrade of graphs loaded before identities were made unrebuildable (docs/security.md)
// Run before every load's writes (loaders/identity.py `upgrade`); each step is a no-op on a
// graph already upgraded.

// step: upgrade_masks
// id_masked kept the birth date's neighbours (`340102********1234`): keep the region only
MATCH (p:Person)
WHERE p.id_masked IS NOT NULL
WITH p, p.id_masked AS m,
     CASE WHEN size(p.id_masked) >= 15 AND left(p.id_masked, 6) =~ '[0-9]{6}' THEN 6 ELSE 0 END AS keep
WITH p, m, left(m, keep) + reduce(s = '', i IN range(1, size(m) - keep) | s + '*') AS masked
WHERE masked <> m
SET p.id_masked = masked
RETURN count(*) AS changed

// step: upgrade_birth
// a full birth date: year and month only
MATCH (p:Person)
WHERE p.birth_date IS NOT NULL AND NOT p.birth_date IS :: STRING
SET p.birth_date = left(toString(p.birth_date), 7)
RETURN count(*) AS changed

// step: hashed_pids
// persons whose pid was `ID:` + the HMAC of their number, with their possible matches
MATCH (p:Person)
WHERE p.pid =~ 'ID:[0-9a-f]{64}'
RETURN p.pid AS pid

// step: rename_pids
// Row: {old, new}; a possible match's id was computed from the pids: computed again
UNWIND $rows AS row
MATCH (p:Person {pid: row.old})
SET p.pid = row.new
RETURN count(*) AS renamed

// step: rematch_ids
// Row: {from_pid, to_pid, match_id}
UNWIND $rows AS row
MATCH (:Person {pid: row.from_pid})-[r:POSSIBLE_MATCH]->(:Person {pid: row.to_pid})
SET r.match_id = row.match_id
RETURN count(*) AS changed

// step: matches_of
// Params: $pids: the possible matches touching these persons
MATCH (a:Person)-[r:POSSIBLE_MATCH]->(b:Person)
WHERE a.pid IN $pids OR b.pid IN $pids
RETURN a.pid AS from_pid, b.pid AS to_pid
