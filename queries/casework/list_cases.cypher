// ---
// name: list_cases
// mode: read
// description: >-
//   the queue: cases filtered by status, assignee, rule, run state and first seen
//   after a run (null: no filter), newest first, each with its notes.
// ---
MATCH (c:Case)
WHERE ($status IS NULL OR c.status = $status)
  AND ($assignee IS NULL OR c.assignee = $assignee)
  AND ($rule IS NULL OR c.rule = $rule)
  AND ($run_state IS NULL OR c.run_state = $run_state)
  AND ($include_gone OR c.run_state <> 'gone')
  AND ($since_seq IS NULL OR c.first_seq > $since_seq)
  AND ($subject_id IS NULL OR c.subject_id = $subject_id)
  AND ($ids IS NULL OR c.case_id IN $ids)
WITH c
ORDER BY c.first_seq DESC, c.rule, c.subject_id, c.case_id
LIMIT $limit
RETURN c {.*} AS c,
       COLLECT {
         MATCH (c)-[:HAS_NOTE]->(n:CaseNote)
         WITH n ORDER BY n.at
         RETURN {at: n.at, author: n.author, text: n.text}
       } AS notes
