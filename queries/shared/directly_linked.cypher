// ---
// fragment: directly_linked
// kind: expression
// inputs: person, scope, company, at
// description: >-
//   亲属直接关联 — a relative of `person` whose kinship class is in `scope` is directly linked
//   to `company` (shareholder, legal representative or officer) on `at`: one of the rows of
//   `relative_companies` for that company, with its link holding on that day (`link_holds`).
// ---
EXISTS {
  MATCH (@person)-[k:RELATIVE_HOLDER]->(:Person)-[lk:SHAREHOLDER_OF|LEGAL_REP_OF|OFFICER_OF]->(@company)
  WHERE {{ relative_in_scope(k, @scope) }} AND {{ link_holds(lk, @at) }}
}
