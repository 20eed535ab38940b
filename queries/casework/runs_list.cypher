// ---
// name: runs_list
// mode: read
// description: >-
//   the recorded runs, newest first.
// ---
MATCH (r:RuleRun)
RETURN r {.*} AS r
ORDER BY r.seq DESC
LIMIT $limit
