// ---
// id: COI-3
// title:
//   zh: '投诉印证'
//   en: 'Complaint corroborated by family business'
// description:
//   zh: '反映某人的信访举报所涉及的企业，正是其亲属在收件之日直接或间接（经 1 至 3 层企业持股）关联的企业。'
//   en: 'A complaint about a person names a company linked, directly or through 1 to 3 corporate shareholdings, to a relative of that person on the day the complaint was received.'
// severity: high
// subject_kind: person
// match: true
// parameters:
//   kinship:
//     type: list[str]
//     default: [SPOUSE, LINEAL, COLL3, AFFINAL, OTHER]
//     zh: '纳入的亲属类别'
//     en: 'kinship classes counted as relatives'
// readings:
//   - zh: '企业关联按信访件收件之日判断：关联链上的每一环（亲属的持股、法定代表人或高管关系，及其后每一层企业持股）须在该日成立——持股自变更日期起（无日期视为一直持有），有结束日期的至结束当日止；该日之后才开始的关联不算，该日之后才结束的仍算，在任何 as-of 日都如此。'
//     en: 'Company links are judged on the complaint''s received date: every link of the chain (the relative''s shareholding, legal representation or officer post, and each corporate holding after it) must hold that day — a shareholding from its 变更日期 (none = since always), an ended link up to and including its end date; a link that began after that day links nothing, one that ended after it still counts, at any as-of date.'
//   - zh: '信访件须在 as-of 日或之前收到。'
//     en: 'The complaint must have been received on or before as-of.'
//   - zh: '亲属关系不计日期：家庭成员报告中的亲属在任何 as-of 日都算，报告年度只说明何时报告，不说明关系何时开始。'
//     en: 'Family links are undated: a reported relation counts at any as-of date; 报告年度 says when it was reported, not when the relation began.'
// basis:
//   zh: '信访举报分析研判'
//   en: "Analysis and assessment of petitions and reports (complaints and tip-offs)"
// summary:
//   zh: "反映{subject_name}的信访件{complaint_id}（{received_date}收）涉及其{relation}{relative_name}关联的企业{company_name}。"
//   en: "Complaint {complaint_id} (received {received_date}) about {subject_name} names {company_name}, linked to {relative_name} ({relation})."
// ---
MATCH (cp:Complaint)-[:ABOUT]->(p:Person)
WHERE cp.received_date <= $as_of
WITH cp, p, COLLECT { MATCH (cp)-[:NAMES_COMPANY]->(x:Company) RETURN x } AS named
WHERE size(named) > 0
{{ family_business(p, $kinship, named, r, hr, rep, co, m, h, links, chain) }}
MATCH (cp)-[:NAMES_COMPANY]->(co)
WHERE {{ links_hold(links, cp.received_date) }}
WITH p, cp, co, r, hr, rep, m, h, chain
ORDER BY CASE m WHEN 'id' THEN 0 ELSE 1 END, size(chain), r.pid
WITH p, cp, co, collect({r: r, hr: hr, rep: rep, m: m, h: h, chain: chain}) AS paths
WITH p, cp, co, paths, paths[0] AS best
RETURN p.pid AS subject_id, p.name AS subject_name, best.m AS match,
       best.hr AS relation, best.r.name AS relative_name,
       co.name AS company_name, cp.complaint_id AS complaint_id,
       cp.received_date AS received_date,
       {relatives: [x IN paths | x.r.pid] + [x IN paths | x.rep.pid],
        persons: [x IN paths WHERE x.h <> x.r | x.h.pid],
        companies: reduce(acc = [], x IN paths | acc + [n IN x.chain | n.uscc]),
        complaints: [cp.complaint_id]} AS evidence
