// fragment: link_holds
// kind: expression
// inputs: link, at
// description: 企业关联在某日成立 — a company link (SHAREHOLDER_OF, LEGAL_REP_OF, OFFICER_OF) holds on
//   `at` when it had begun (`since`, the shareholding's 变更日期, or `start_date`; none = since always)
//   and had not ended before it (`end_date`; none = not ended; the end day itself still counts).
//   Judged at the event's date, not at as-of: a holding that began after a contract links nothing
//   for it, one that ended after the contract does not erase it (RULES.md, readings settled).
//   A missing date reads as `at` itself (always begun, not ended): three property reads a link.
(coalesce(@link.since, @link.start_date, @at) <= @at AND coalesce(@link.end_date, @at) >= @at)
