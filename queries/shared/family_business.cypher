// ---
// fragment: family_business
// kind: subquery
// inputs: person, scope, ends
// outputs: relative, relation, reported, company, match, holder, links, chain
// description: >-
//   亲属关联企业（直接或间接） — for each relative of `person` whose kinship class is in
//   `scope`, each company linked to that relative, and each company reached from it through 0 to 3
//   further corporate shareholdings (company holds shares of company), kept only when it is in
//   `ends` (the companies the caller can use: suppliers, companies a complaint names...; a list
//   checked through a hash set, before the chain's lists are built for a province's ~1 M chains). `chain` lists the Company
//   nodes from the directly linked company to `company`: size 1 = direct link, 2..4 = indirect.
//   `links` lists the relationships of the path (the relative's link, then each shareholding),
//   undated here: the caller keeps a row when `links_hold` at its event's date.
//   Nodes, not USCCs: reading the property for every candidate row cost ~10% of COI-2 at
//   province scale, and the callers need it only for the few rows that become flags.
//   `company` is not checked for its label: a SHAREHOLDER_OF ends at a Company by construction
//   (model/relationships.yaml; loaders/cypher/shareholders.cypher MERGEs it onto one), and the
//   check cost a database hit for each of a province's ~1 M chains.
// ---
{{ relatives(@person, rv, hr, kin, rep, rn) }}
WITH rv, rn, rep, kin, @ends AS ends
WHERE kin IN @scope
{{ linked_companies(rv, c0, m, h, lk) }}
MATCH path = (c0)-[:SHAREHOLDER_OF*0..3]->(c)
WHERE c IN ends
RETURN rv AS @relative, rn AS @relation, rep AS @reported, c AS @company, m AS @match, h AS @holder,
       [lk] + relationships(path) AS @links, nodes(path) AS @chain
