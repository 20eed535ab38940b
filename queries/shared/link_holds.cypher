// fragment: link_holds
// kind: expression
// inputs: link, at
// description: 企业关联在某日成立 — a company link (SHAREHOLDER_OF, LEGAL_REP_OF, OFFICER_OF) holds on
//   `at` when it had begun (`since`, the shareholding's 变更日期, or `start_date`; none = since always)
//   and had not ended before it (`end_date`; none = not ended; the end day itself still counts).
//   Judged at the event's date, not at as-of: a holding that began after a contract links nothing
//   for it, one that ended after the contract does not erase it (RULES.md, readings settled).
((coalesce(@link.since, @link.start_date) IS NULL OR coalesce(@link.since, @link.start_date) <= @at)
 AND (@link.end_date IS NULL OR @link.end_date >= @at))
