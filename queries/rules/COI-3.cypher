// ---
// id: COI-3
// title:
//   zh: '投诉印证'
//   en: 'Complaint corroborated by family business'
// description:
//   zh: '反映某人的信访举报所涉及的企业，正是其亲属直接或间接（经 1 至 3 层企业持股）关联的企业。'
//   en: 'A complaint about a person names a company linked, directly or through 1 to 3 corporate shareholdings, to a relative of that person.'
// severity: high
// subject_kind: person
// match: true
// parameters:
//   kinship:
//     type: list[str]
//     default: [SPOUSE, LINEAL, COLL3, AFFINAL, OTHER]
//     zh: '纳入的亲属类别'
//     en: 'kinship classes counted as relatives'
// basis: '信访举报分析研判'
// summary:
//   zh: "反映{subject_name}的信访件{complaint_id}（{received_date}收）涉及其{relation}{relative_name}关联的企业{company_name}。"
//   en: "Complaint {complaint_id} (received {received_date}) about {subject_name} names {company_name}, linked to {relative_name} ({relation})."
// ---
MATCH (cp:Complaint)-[:ABOUT]->(p:Person)
WHERE cp.received_date <= $as_of
  AND EXISTS { (cp)-[:NAMES_COMPANY]->(:Company) }
{{ family_business(p, $kinship, r, hr, rep, co, m, h, lk, chain) }}
MATCH (cp)-[:NAMES_COMPANY]->(co)
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
