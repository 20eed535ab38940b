// ---
// id: INT-1
// title:
//   zh: '插手干预涉亲属企业'
//   en: 'Intervention for a relative''s company'
// description:
//   zh: '领导干部插手干预重大事项记录所涉及的企业，是其亲属在干预之日直接或间接（经 1 至 3 层企业持股）关联的企业。'
//   en: 'An intervention record of a leader names a company linked, directly or through 1 to 3 corporate shareholdings, to a relative of that leader on the day of the intervention.'
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
//   - zh: '企业关联按干预记录之日判断：关联链上的每一环（亲属的持股、法定代表人或高管关系，及其后每一层企业持股）须在该日成立——持股自变更日期起（无日期视为一直持有），有结束日期的至结束当日止；该日之后才开始的关联不算，该日之后才结束的仍算，在任何 as-of 日都如此。'
//     en: 'Company links are judged on the intervention''s date: every link of the chain (the relative''s shareholding, legal representation or officer post, and each corporate holding after it) must hold that day — a shareholding from its 变更日期 (none = since always), an ended link up to and including its end date; a link that began after that day links nothing, one that ended after it still counts, at any as-of date.'
//   - zh: '干预须发生在 as-of 日或之前。'
//     en: 'The intervention must have happened on or before as-of.'
//   - zh: '亲属关系不计日期：家庭成员报告中的亲属在任何 as-of 日都算，报告年度只说明何时报告，不说明关系何时开始。'
//     en: 'Family links are undated: a reported relation counts at any as-of date; 报告年度 says when it was reported, not when the relation began.'
// basis:
//   zh: '领导干部插手干预重大事项记录和报告制度'
//   en: "System for recording and reporting leading cadres' interference in major matters"
// summary:
//   zh: "{subject_name}于{date}插手干预{matter}事项（记录{record_id}），涉及其{relation}{relative_name}关联的企业{company_name}。"
//   en: "{subject_name} intervened in a {matter} matter on {date} (record {record_id}) naming {company_name}, linked to {relative_name} ({relation})."
// ---
MATCH (i:Intervention)-[:INTERVENED]->(l:Person)
WHERE i.date <= $as_of
WITH i, l, COLLECT { MATCH (i)-[:NAMES_COMPANY]->(x:Company) RETURN x } AS named
WHERE size(named) > 0
{{ family_business(l, $kinship, named, r, hr, rep, co, m, h, links, chain) }}
MATCH (i)-[:NAMES_COMPANY]->(co)
WHERE {{ links_hold(links, i.date) }}
WITH l, i, co, r, hr, rep, m, h, chain
ORDER BY CASE m WHEN 'id' THEN 0 ELSE 1 END, size(chain), r.pid
WITH l, i, co, collect({r: r, hr: hr, rep: rep, m: m, h: h, chain: chain}) AS paths
WITH l, i, co, paths, paths[0] AS best
OPTIONAL MATCH (i)-[:CONCERNS_UNIT]->(cu:Unit)
WITH l, i, co, paths, best, collect(cu.unit_id) AS cus
RETURN l.pid AS subject_id, l.name AS subject_name, best.m AS match,
       best.hr AS relation, best.r.name AS relative_name,
       co.name AS company_name, i.record_id AS record_id, i.date AS date, i.matter AS matter,
       {relatives: [x IN paths | x.r.pid] + [x IN paths | x.rep.pid],
        persons: [x IN paths WHERE x.h <> x.r | x.h.pid],
        companies: reduce(acc = [], x IN paths | acc + [n IN x.chain | n.uscc]),
        interventions: [i.record_id],
        units: cus} AS evidence
