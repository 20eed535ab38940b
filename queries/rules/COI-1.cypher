// ---
// id: COI-1
// title:
//   zh: '亲属企业与本单位交易'
//   en: 'Relative''s company trades with the leader''s units'
// description:
//   zh: '合同的采购单位在签订之日处于领导干部的职权范围内（一把手：本单位及下级单位；班子成员：本单位；分管：分管单位及其下级），而供应商是其亲属在签订之日直接关联的企业（持股、法定代表人或高管）。'
//   en: 'A contract whose buyer unit was in the leader''s authority on the signing date, and whose supplier is a company directly linked to a relative of the leader (shareholder, legal representative or officer) on that date.'
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
//   - zh: '企业关联按合同签订之日判断：亲属与企业的关联（持股、法定代表人或高管）须在该日成立——持股自变更日期起（无日期视为一直持有），有结束日期的至结束当日止；该日之后才开始的关联不算，该日之后才结束的仍算，在任何 as-of 日都如此。'
//     en: 'Company links are judged on the contract''s signed date: the relative''s link to the company (shareholding, legal representation or officer post) must hold that day — a shareholding from its 变更日期 (none = since always), an ended link up to and including its end date; a link that began after that day links nothing, one that ended after it still counts, at any as-of date.'
//   - zh: '合同须在 as-of 日或之前签订；职权范围也按签订之日判断。'
//     en: 'The contract must be signed on or before as-of; the authority is judged on the signed date too.'
//   - zh: '亲属关系不计日期：家庭成员报告中的亲属在任何 as-of 日都算，报告年度只说明何时报告，不说明关系何时开始。'
//     en: 'Family links are undated: a reported relation counts at any as-of date; 报告年度 says when it was reported, not when the relation began.'
// basis:
//   zh: '《领导干部配偶、子女及其配偶经商办企业管理规定》(2022)；《中国共产党纪律处分条例》'
//   en: "Provisions on the Management of Business Operations by the Spouses, Children and Children's Spouses of Leading Cadres (2022); Regulations of the Communist Party of China on Disciplinary Actions"
// summary:
//   zh: "{subject_name}的{relation}{relative_name}关联的企业{company_name}于{signed_date}与其{via}职权范围内的{buyer_name}签订合同{contract_id}，金额{amount:,.0f}元。"
//   en: "{relative_name} ({relation} of {subject_name}) is linked to {company_name}, which signed contract {contract_id} ({amount:,.0f} yuan) on {signed_date} with {buyer_name}, under the leader's authority ({via})."
// ---
// The relatives' companies are read from the links the identity step derives
// (relative_companies). Only companies that supplied something can matter. Neo4j checks `IN` a
// list through a hash set, so the relatives' companies are filtered before their contracts are
// expanded; the leaders' authority is read only for the leaders left, and a buyer's superior
// units once per buyer (docs/BENCHMARKS.md, "Rules").
CALL () {
  MATCH (:Contract)-[:SUPPLIER]->(s:Company)
  RETURN collect(DISTINCT s) AS suppliers
}
{{ authority_holders(l) }}
{{ relative_companies(l, $kinship, r, hr, rep, co, m, h, lk) }}
WITH l, co, {r: r, hr: hr, rep: rep, m: m, h: h, lk: lk} AS x
WHERE co IN suppliers
WITH l, collect([co, x]) AS found
WITH l, found, {{ authority_anchors(l) }} AS reach
UNWIND found AS pair
WITH pair[0] AS co, collect({l: l, reach: reach, x: pair[1]}) AS held
MATCH (co)<-[:SUPPLIER]-(ct:Contract)-[:BUYER]->(b:Unit)
WHERE ct.signed_date <= $as_of
WITH b, collect({co: co, ct: ct, held: held}) AS sold
WITH b, sold, [(b)-[:PART_OF*0..]->(up:Unit) | up] AS above
UNWIND sold AS sale
UNWIND sale.held AS y
WITH y.l AS l, sale.co AS co, y.x AS x, sale.ct AS ct, b, sale.ct.signed_date AS signed
// CASE keeps the order: the cheap authority check first, then the links' dates (in one
// WHERE the planner reads every link's dates first)
WHERE CASE WHEN {{ maybe_in_authority(b, above, y.reach) }} THEN {{ link_holds(x.lk, signed) }} ELSE false END
{{ authority_over(l, b, signed, vu, via) }}
WITH l, ct, b, co, x.r AS r, x.hr AS hr, x.rep AS rep, x.m AS m, x.h AS h, vu, via
ORDER BY CASE m WHEN 'id' THEN 0 ELSE 1 END, r
WITH l, ct, b, co,
     collect({r: r, hr: hr, rep: rep, m: m, h: h, vu: vu, via: via}) AS paths
WITH l, ct, b, co, paths, paths[0] AS best
// the relatives are pids (relative_companies): the named one is read for the flags only
OPTIONAL MATCH (relative:Person {pid: best.r})
RETURN l.pid AS subject_id, l.name AS subject_name, best.m AS match,
       best.hr AS relation, relative.name AS relative_name,
       co.name AS company_name, co.uscc AS company_uscc, ct.contract_id AS contract_id,
       ct.amount AS amount, ct.signed_date AS signed_date, b.name AS buyer_name, best.via AS via,
       {relatives: [x IN paths | x.r] + [x IN paths | x.rep],
        persons: [x IN paths WHERE x.h.pid <> x.r | x.h.pid],
        companies: [co.uscc],
        contracts: [ct.contract_id],
        units: [b.unit_id] + [x IN paths | x.vu.unit_id]} AS evidence
