// ---
// fragment: link_holds
// kind: expression
// inputs: link, at
// description: >-
//   企业关联在某日成立 — a company link (SHAREHOLDER_OF, LEGAL_REP_OF, OFFICER_OF) holds on
//   `at` when it had begun (`since`, the shareholding's 变更日期, or `start_date`; none = since always)
//   and had not ended before it (`end_date`; none = not ended; the end day itself still counts).
//   Judged at the event's date, not at as-of: a holding that began after a contract links nothing
//   for it, one that ended after the contract does not erase it (docs/rules.md, readings settled).
//   A missing date reads as `at` itself (always begun, not ended). A link that a snapshot ended
//   and a later one restated (docs/snapshots.md) did not hold in between: `ended_periods` keeps
//   each gap as 'ended/restarted' (held on the day it ended and again from the day it came back).
// ---
(coalesce(@link.since, @link.start_date, @at) <= @at AND coalesce(@link.end_date, @at) >= @at
 AND none(gap IN coalesce(@link.ended_periods, [])
          WHERE date(split(gap, '/')[0]) < @at AND @at < date(split(gap, '/')[1])))
