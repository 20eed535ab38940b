// One person's card: identity (身份证号 masked only), posts, duties, relatives and companies.
// $pid
MATCH (p:Person {pid: $pid})
RETURN elementId(p) AS element_id,
  p {.pid, .name, .gender, .birth_date, .id_masked, .id_invalid, .ethnicity, .native_place,
     .growth_region, .party, .rank, .origin, .power_index, .power_rank} AS person,
  COLLECT {
    MATCH (p)-[h:HOLDS_POST]->(u:Unit)
    RETURN {unit_id: u.unit_id, unit: u.name, title: h.title, role: h.role,
            start_date: h.start_date, end_date: h.end_date} AS post
    ORDER BY post.start_date DESC
  } AS posts,
  COLLECT {
    MATCH (p)-[d:IN_CHARGE_OF]->(u:Unit)
    RETURN {unit_id: u.unit_id, unit: u.name, functions: u.functions,
            start_date: d.start_date, end_date: d.end_date} AS duty
    ORDER BY duty.start_date DESC
  } AS duties,
  COLLECT {
    MATCH (p)-[r:HAS_RELATIVE]-(q:Person)
    RETURN {pid: q.pid, name: q.name, id_masked: q.id_masked,
            direction: CASE WHEN startNode(r) = p THEN 'relative' ELSE 'relative_of' END,
            relation: r.relation, kinship: r.kinship, employer: r.employer, job: r.job,
            report_year: r.report_year, end_date: r.end_date} AS relative
  } AS relatives,
  COLLECT {
    // the person's own companies, and those of relatives (directly, through an identity
    // link, or a possible match not rejected)
    MATCH (p)-[k:HAS_RELATIVE*0..1]->(q:Person)
    MATCH (q)-[l:SAME_AS|POSSIBLE_MATCH*0..1]-(holder:Person)
    WHERE all(x IN l WHERE coalesce(x.status, '') <> 'rejected')
    MATCH (holder)-[c:SHAREHOLDER_OF|LEGAL_REP_OF|OFFICER_OF]->(co:Company)
    RETURN DISTINCT {uscc: co.uscc, company: co.name, topics: co.topics, link: type(c),
            role: c.role, pct: c.pct, end_date: c.end_date,
            holder: holder.name,
            through: CASE WHEN size(k) = 0 THEN null ELSE head(k).relation END,
            match: CASE WHEN size(l) = 0 THEN null ELSE head(l).match END} AS company
  } AS companies
