// FtM export: Contract (+ BUYER, SUPPLIER) -> Contract + ContractAward. Keyset on contract_id.
// Params: $after, $limit.

// step: page
MATCH (k:Contract) WHERE k.contract_id > $after
WITH k ORDER BY k.contract_id LIMIT $limit
OPTIONAL MATCH (k)-[:BUYER]->(u:Unit)
OPTIONAL MATCH (k)-[:SUPPLIER]->(c:Company)
RETURN k.contract_id AS key, k.contract_id AS contract_id, k.title AS title,
       k.amount AS amount, k.signed_date AS signed_date, k.method AS method,
       k.category AS category, u.unit_id AS buyer_unit_id, c.uscc AS supplier_uscc,
       c.ftm_id AS supplier_ftm_id, properties(k) AS node
ORDER BY key
