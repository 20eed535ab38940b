// ---
// id: INT-1
// title:
//   zh: '插手干预涉亲属企业'
//   en: 'Intervention for a relative''s company'
// description:
//   zh: '领导干部插手干预重大事项记录所涉及的企业，是其亲属直接或间接（经 1 至 3 层企业持股）关联的企业。'
//   en: 'An intervention record of a leader names a company linked, directly or through 1 to 3 corporate shareholdings, to a relative of that leader.'
// severity: high
// subject_kind: person
// match: true
// parameters:
//   kinship:
//     type: list[str]
//     default: [SPOUSE, LINEAL, COLL3, AFFINAL, OTHER]
//     zh: '纳入的亲属类别'
//     en: 'kinship classes counted as relatives'
// basis: '领导干部插手干预重大事项记录和报告制度'
// summary:
//   zh: "{subject_name}于{date}插手干预{matter}事项（记录{record_id}），涉及其{relation}{relative_name}关联的企业{company_name}。"
//   en: "{subject_name} intervened in a {matter} matter on {date} (record {record_id}) naming {company_name}, linked to {relative_name} ({relation})."
// ---
MATCH (i:Intervention)-[:INTERVENED]->(l:Person)
WHERE i.date <= $as_of
  AND EXISTS { (i)-[:NAMES_COMPANY]->(:Company) }
{{ family_business(l, $kinship, r, hr, rep, co, m, h, lk, chain) }}
MATCH (i)-[:NAMES_COMPANY]->(co)
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
