// ---
// name: finish_run
// mode: write
// description: >-
//   a run's counts (flags per rule; new, unchanged, changed, gone).
// ---
MATCH (r:RuleRun {run_id: $run_id})
SET r.counts_json = $counts_json, r.rule_counts_json = $rule_counts_json,
    r.total = $total, r.new = $new, r.unchanged = $unchanged, r.changed = $changed,
    r.gone = $gone
RETURN r.run_id AS run_id
