// ---
// name: create_run
// mode: write
// description: >-
//   one run of the rules: when, by whom, as of which date, with which parameters
//   and rule versions; its counts are set by finish_run.
// ---
CREATE (r:RuleRun {run_id: $run_id, seq: $seq, at: $at, actor: $actor, via: $via,
                   as_of: $as_of, params_json: $params_json,
                   rule_versions_json: $rule_versions_json, rules: $rules})
RETURN r.run_id AS run_id
