// ---
// fragment: in_window
// kind: expression
// inputs: day, at, days
// description: >-
//   某日期落在 as-of 之前的 N 天内 (both ends included) — a dated event counts in "the N days before as-of".
// ---
(@day >= @at - duration({days: @days}) AND @day <= @at)
