// ---
// name: case_counts
// mode: read
// description: >-
//   how many cases per status, still matched and no longer matched.
// ---
MATCH (c:Case)
RETURN c.status AS status,
       count(CASE WHEN c.run_state <> 'gone' THEN 1 END) AS active,
       count(CASE WHEN c.run_state = 'gone' THEN 1 END) AS gone
