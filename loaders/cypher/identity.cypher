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

// --- derived links: what the company rules would otherwise expand at query time, written from
// the identity decisions above and the registries, after every load and after every decision
// on a possible match (loaders/identity.py `derive`). Nothing else writes them; the rules read
// them (queries/shared/relative_companies.cypher, queries/rules/COI-2.cypher) and the app's
// graph views leave them out.

// step: relative_holders_clear
// Params: $limit. Every RELATIVE_HOLDER, a batch at a time (the whole graph is derived again).
MATCH ()-[k:RELATIVE_HOLDER]->()
WITH k LIMIT $limit
DELETE k
RETURN count(*) AS removed

// step: relative_holder_subjects_all
// every node of the identity group of every person with a relative: the persons whose
// RELATIVE_HOLDER links `relative_holders` writes
MATCH (a:Person)-[:HAS_RELATIVE]-()
WITH DISTINCT a
MATCH (a)-[:SAME_AS*0..1]-(x:Person)
MATCH (x)-[:SAME_AS*0..1]-(l:Person)
RETURN DISTINCT elementId(l) AS subject

// step: relative_holder_subjects_of
// Params: $pids. The persons whose relatives' company-side persons change when these persons'
// possible matches are decided: every node of the groups of those who have a node of one of
// these persons' groups as a relative.
MATCH (a:Person)
WHERE a.pid IN $pids
MATCH (a)-[:SAME_AS*0..1]-(x:Person)
MATCH (x)-[:SAME_AS*0..1]-(g:Person)
MATCH (g)-[:HAS_RELATIVE]-(o:Person)
MATCH (o)-[:SAME_AS*0..1]-(y:Person)
MATCH (y)-[:SAME_AS*0..1]-(l:Person)
RETURN DISTINCT elementId(l) AS subject

// step: relative_holders
// Params: $subjects (element ids). Each subject's RELATIVE_HOLDER links, written again: one to
// every node whose company links count as a relative's — the relative's own nodes (match 'id',
// every node SAME_AS joins) and the company-side persons a possible match by name that no
// investigator rejected reaches, never across two different 身份证号 (match 'name'). The same
// rows as queries/shared/relatives.cypher followed by the persons of the
// linked_companies fragment (tests/queries/test_relative_holders.py compares them): the
// relative found through SAME_AS (`relative`), the node the family registry names
// (`reported`), the kinship class and 称谓 (`relation`, 亲属 when the relative reported the
// subject) and the family link's `end_date` (a later full report no longer listing it), kept
// as pids and values: the rules judge the kinship scope and the end date at their as-of.
UNWIND $subjects AS subject
MATCH (l:Person)
WHERE elementId(l) = subject
CALL (l) {
  MATCH (l)-[old:RELATIVE_HOLDER]->()
  DELETE old
}
CALL (l) {
  MATCH (l)-[:SAME_AS*0..1]-(x:Person)
  MATCH (x)-[:SAME_AS*0..1]-(me:Person)
  WITH collect(DISTINCT me) AS selves
  UNWIND selves AS me
  MATCH (me)-[hr:HAS_RELATIVE]-(kin:Person)
  WHERE NOT kin IN selves
  MATCH (kin)-[:SAME_AS*0..1]-(y:Person)
  MATCH (y)-[:SAME_AS*0..1]-(rv:Person)
  WITH DISTINCT selves, hr, kin, rv
  WHERE NOT rv IN selves
  WITH rv, hr, kin, CASE WHEN startNode(hr) IN selves THEN hr.relation ELSE '亲属' END AS relation
  CALL (rv) {
    MATCH (rv)-[:SAME_AS*0..1]-(z:Person)
    MATCH (z)-[:SAME_AS*0..1]-(h:Person)
    RETURN DISTINCT h, 'id' AS match
    UNION
    MATCH (rv)-[:SAME_AS*0..1]-(z:Person)
    MATCH (z)-[:SAME_AS*0..1]-(me:Person)
    MATCH (me)-[pm:POSSIBLE_MATCH]-(h:Person)
    WHERE coalesce(pm.status, 'pending') <> 'rejected'
      AND NOT (me.id_hash IS NOT NULL AND h.id_hash IS NOT NULL AND me.id_hash <> h.id_hash)
      AND NOT (rv.id_hash IS NOT NULL AND h.id_hash IS NOT NULL AND rv.id_hash <> h.id_hash)
    RETURN DISTINCT h, 'name' AS match
  }
  CREATE (l)-[k:RELATIVE_HOLDER]->(h)
  SET k.kinship = hr.kinship, k.relation = relation, k.relative = rv.pid, k.reported = kin.pid,
      k.match = match, k.end_date = hr.end_date
  RETURN count(*) AS written
}
RETURN sum(written) AS written

// step: supplier_hops
// Company.supplier_hops: the fewest corporate shareholdings (0 to 3) from a company to one
// that supplied under a contract, whatever their dates (COI-2 judges those). COI-2 follows a
// relative's company's holdings only through such companies. Found level by level from the
// suppliers, in one pass: set where it changed, removed where it no longer holds, in
// transactions of $batch companies (a first load sets ~10^5; loaders/identity.py runs this
// outside a transaction).
MATCH (:Contract)-[:SUPPLIER]->(s:Company)
WITH collect(DISTINCT s) AS s0
CALL (s0) {
  UNWIND s0 AS s
  MATCH (p:Company)-[:SHAREHOLDER_OF]->(s)
  RETURN collect(DISTINCT p) AS s1
}
CALL (s1) {
  UNWIND s1 AS s
  MATCH (p:Company)-[:SHAREHOLDER_OF]->(s)
  RETURN collect(DISTINCT p) AS s2
}
CALL (s2) {
  UNWIND s2 AS s
  MATCH (p:Company)-[:SHAREHOLDER_OF]->(s)
  RETURN collect(DISTINCT p) AS s3
}
CALL (s0, s1, s2, s3) {
  UNWIND [[0, s0], [1, s1], [2, s2], [3, s3]] AS level
  UNWIND level[1] AS c
  RETURN c, min(level[0]) AS hops
  UNION
  WITH s0 + s1 + s2 + s3 AS near
  MATCH (c:Company)
  WHERE c.supplier_hops IS NOT NULL AND NOT c IN near
  RETURN c, null AS hops
}
WITH c, hops
WHERE hops IS NULL OR c.supplier_hops IS NULL OR c.supplier_hops <> hops
CALL (c, hops) {
  SET c.supplier_hops = hops
} IN TRANSACTIONS OF $batch ROWS

// step: supplier_hops_count
MATCH (c:Company)
WHERE c.supplier_hops IS NOT NULL
RETURN count(c) AS near

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
RETURN r.match_id AS match_id, r.status AS status, startNode(r).pid AS from_pid,
       endNode(r).pid AS to_pid

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
