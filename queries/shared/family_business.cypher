// ---
// fragment: family_business
// kind: subquery
// inputs: person, scope, ends
// outputs: relative, relation, reported, company, match, holder, links, chain
// description: >-
//   亲属关联企业（直接或间接） — for each relative of `person` whose kinship class is in
//   `scope`, each company linked to that relative (`relative_companies`), and each company
//   reached from it through 0 to 3 further corporate shareholdings (company holds shares of
//   company), kept only when it is in `ends` (the companies the caller can use: companies a
//   complaint or an intervention names...; a list checked through a hash set). `chain` lists
//   the Company nodes from the directly linked company to `company`: size 1 = direct link,
//   2..4 = indirect.
//   `links` lists the relationships of the path (the relative's link, then each shareholding),
//   undated here: the caller keeps a row when `links_hold` at its event's date.
//   `relative` and `reported` are nodes, looked up by pid for the rows that reach `ends` only.
//   `company` is not checked for its label: a SHAREHOLDER_OF ends at a Company by construction
//   (model/relationships.yaml; loaders/cypher/shareholders.cypher MERGEs it onto one), and the
//   check cost a database hit for each chain. COI-2, whose `ends` are every supplier, follows
//   only the holdings that lead to one (`supplier_hops`) and has its own form of this.
// ---
{{ relative_companies(@person, @scope, rv, rn, rep, c0, m, h, lk) }}
WITH rv, rn, rep, c0, m, h, lk, @ends AS ends
MATCH path = (c0)-[:SHAREHOLDER_OF*0..3]->(c)
WHERE c IN ends
MATCH (relative:Person {pid: rv})
MATCH (reported:Person {pid: rep})
RETURN relative AS @relative, rn AS @relation, reported AS @reported, c AS @company, m AS @match,
       h AS @holder, [lk] + relationships(path) AS @links, nodes(path) AS @chain
