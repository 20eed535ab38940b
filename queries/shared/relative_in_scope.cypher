// ---
// fragment: relative_in_scope
// kind: expression
// inputs: link, scope
// description: >-
//   亲属在范围内 — a RELATIVE_HOLDER `link` counts at as-of: its kinship class is in `scope`
//   and its family link had not ended before as-of (a later full report no longer listing it
//   ends it on that report's date), as in `relatives`.
// ---
(@link.kinship IN @scope AND (@link.end_date IS NULL OR @link.end_date >= $as_of))
