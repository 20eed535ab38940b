// Contracts between the units a person held a post in or was in charge of and the companies
// of his relatives (held directly, through an identity link, or a possible match not
// rejected). $pid
MATCH (p:Person {pid: $pid})-[:HOLDS_POST|IN_CHARGE_OF]->(u:Unit)
WITH DISTINCT p, u
MATCH (k:Contract)-[:BUYER]->(u)
MATCH (k)-[:SUPPLIER]->(co:Company)
MATCH (p)-[rel:HAS_RELATIVE]->(q:Person)
MATCH (q)-[l:SAME_AS|POSSIBLE_MATCH*0..1]-(holder:Person)-[:SHAREHOLDER_OF|LEGAL_REP_OF|OFFICER_OF]->(co)
WHERE all(x IN l WHERE coalesce(x.status, '') <> 'rejected')
RETURN DISTINCT k.contract_id AS contract_id, k.title AS title, k.signed_date AS date,
       k.amount AS amount, u.unit_id AS unit_id, u.name AS unit, co.uscc AS uscc,
       co.name AS company, q.name AS relative, rel.relation AS relation
ORDER BY date
