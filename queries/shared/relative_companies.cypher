// ---
// fragment: relative_companies
// kind: subquery
// inputs: person, scope
// outputs: relative, relation, reported, company, match, holder, link
// description: >-
//   亲属关联企业 — each company linked (shareholder, legal representative or officer) to a
//   relative of `person` whose kinship class is in `scope`, read from the RELATIVE_HOLDER links
//   the identity step writes after every load and every decision on a possible match
//   (loaders/cypher/identity.cypher, "derived links"): the same rows as `relatives` followed by
//   `linked_companies`, without expanding both groups of SAME_AS and the possible matches per
//   query. `relative` and `reported` are pids (the node reached through SAME_AS and the node the
//   family registry names), `relation` the 称谓 (亲属 when the relative reported `person`),
//   `match` 'id' or 'name', `holder` the company-side person and `link` the relationship,
//   undated here: the caller judges it at its event's date with `link_holds`. A family link a
//   later full report no longer lists counts up to its `end_date`, as in `relatives`.
// ---
MATCH (@person)-[k:RELATIVE_HOLDER]->(h)
WHERE {{ relative_in_scope(k, @scope) }}
MATCH (h)-[lk:SHAREHOLDER_OF|LEGAL_REP_OF|OFFICER_OF]->(c)
RETURN k.relative AS @relative, k.relation AS @relation, k.reported AS @reported, c AS @company,
       k.match AS @match, h AS @holder, lk AS @link
