// fragment: active
// kind: expression
// inputs: rel, at
// description: 任职/分管在某日有效 — a post or duty counts at `at` when start <= at and (end is empty or end >= at).
(@rel.start_date <= @at AND (@rel.end_date IS NULL OR @rel.end_date >= @at))
