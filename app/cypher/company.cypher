// One company's card: properties, shareholders, legal representative and officers, contracts
// it supplied, and the cadres whose relatives (or who themselves) hold it. $uscc
MATCH (co:Company {uscc: $uscc})
RETURN elementId(co) AS element_id,
  co {.uscc, .name, .legal_rep, .founded, .capital, .company_type, .status, .industry, .scope,
      .region_code, .address, .in_registry} AS company,
  COLLECT {
    MATCH (h)-[r:SHAREHOLDER_OF|LEGAL_REP_OF|OFFICER_OF]->(co)
    RETURN {link: type(r), name: h.name, pid: h.pid, uscc: h.uscc, pct: r.pct,
            since: coalesce(r.since, r.start_date), end_date: r.end_date, role: r.role} AS holder
    ORDER BY holder.link, holder.pct DESC
  } AS holders,
  COLLECT {
    MATCH (k:Contract)-[:SUPPLIER]->(co)
    OPTIONAL MATCH (k)-[:BUYER]->(u:Unit)
    RETURN {contract_id: k.contract_id, title: k.title, signed_date: k.signed_date,
            amount: k.amount, method: k.method, unit_id: u.unit_id, unit: u.name} AS contract
    ORDER BY contract.signed_date DESC
  } AS contracts,
  COLLECT {
    MATCH (cadre:Person)-[k:HAS_RELATIVE]->(q:Person)
    MATCH (q)-[l:SAME_AS|POSSIBLE_MATCH*0..1]-(holder:Person)-[:SHAREHOLDER_OF|LEGAL_REP_OF|OFFICER_OF]->(co)
    WHERE all(x IN l WHERE coalesce(x.status, '') <> 'rejected')
    RETURN DISTINCT {pid: cadre.pid, name: cadre.name, relative: q.name, relation: k.relation,
            match: CASE WHEN size(l) = 0 THEN null ELSE head(l).match END} AS cadre
  } AS cadres
