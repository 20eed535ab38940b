// ---
// fragment: linked_companies
// kind: subquery
// inputs: person
// outputs: company, match, holder, link
// description: >-
//   关联企业 — companies where `person` is a shareholder (any share), the legal
//   representative or an officer. Matched by 身份证号 (the person or a node that is the same
//   person): match 'id'. Through a POSSIBLE_MATCH by name that no investigator rejected, to a
//   company-side person, and never when both sides carry different 身份证号: match 'name'.
//   `holder` is the company-side person, `link` the relationship itself (SHAREHOLDER_OF,
//   LEGAL_REP_OF or OFFICER_OF), undated here: the caller judges it at its event's date with
//   `link_holds`, as the date is known only once the event (contract, complaint...) is matched.
//   `company` is not checked for its label: these three relationships end at a Company by
//   construction (model/relationships.yaml; the loaders MERGE them onto one), and the check
//   cost a database hit per person-company row.
// ---
{{ identity(@person, me) }}
MATCH (me)-[lk:SHAREHOLDER_OF|LEGAL_REP_OF|OFFICER_OF]->(c)
RETURN c AS @company, 'id' AS @match, me AS @holder, lk AS @link
UNION
{{ identity(@person, me) }}
MATCH (me)-[pm:POSSIBLE_MATCH]-(h:Person)
WHERE coalesce(pm.status, 'pending') <> 'rejected'
  AND NOT (me.id_hash IS NOT NULL AND h.id_hash IS NOT NULL AND me.id_hash <> h.id_hash)
  AND NOT (@person.id_hash IS NOT NULL AND h.id_hash IS NOT NULL AND @person.id_hash <> h.id_hash)
MATCH (h)-[lk:SHAREHOLDER_OF|LEGAL_REP_OF|OFFICER_OF]->(c)
RETURN c AS @company, 'name' AS @match, h AS @holder, lk AS @link
