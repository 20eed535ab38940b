// ---
// fragment: active
// kind: expression
// inputs: rel, at
// description: >-
//   任职/分管在某日有效 — a post or duty counts at `at` when start <= at and (end is empty or end >= at); a post without a start date (FtM PEP data) counts only when its status is `current` (and it has not ended by `at`); `ended` or `unknown` without dates does not.
// ---
((@rel.start_date <= @at AND (@rel.end_date IS NULL OR @rel.end_date >= @at))
 OR (@rel.start_date IS NULL AND @rel.status = 'current' AND (@rel.end_date IS NULL OR @rel.end_date >= @at)))
