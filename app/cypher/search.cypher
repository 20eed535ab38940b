// People, units and companies whose name, or another of their names (FtM: names, alias,
// weakAlias, previousName), contains the text (or whose key equals it); $limit per kind (the
// caller asks for one more than it shows, to say when the list was cut). $text, $limit
CALL () {
  MATCH (p:Person)
  WHERE p.name CONTAINS $text OR p.pid = $text
     // other names an FtM file gave (names, alias, weakAlias, previousName)
     OR any(a IN coalesce(p.names, []) + coalesce(p.aliases, []) + coalesce(p.weak_aliases, [])
            + coalesce(p.previous_names, []) WHERE a CONTAINS $text)
  RETURN 'person' AS kind, elementId(p) AS element_id, p.pid AS id, p.name AS name,
         coalesce(p.rank, p.origin) AS detail, CASE p.origin WHEN 'people' THEN 0 ELSE 1 END AS tier
  ORDER BY tier, size(p.name), p.pid
  LIMIT $limit
  UNION ALL
  MATCH (u:Unit)
  WHERE u.name CONTAINS $text OR u.unit_id = $text
     OR any(a IN coalesce(u.names, []) + coalesce(u.aliases, []) WHERE a CONTAINS $text)
  RETURN 'unit' AS kind, elementId(u) AS element_id, u.unit_id AS id, u.name AS name,
         u.kind AS detail, 0 AS tier
  ORDER BY size(u.name), u.unit_id
  LIMIT $limit
  UNION ALL
  MATCH (c:Company)
  WHERE c.name CONTAINS $text OR c.uscc = $text
     OR any(a IN coalesce(c.names, []) + coalesce(c.aliases, []) WHERE a CONTAINS $text)
  RETURN 'company' AS kind, elementId(c) AS element_id, c.uscc AS id, c.name AS name,
         c.industry AS detail, 0 AS tier
  ORDER BY size(c.name), c.uscc
  LIMIT $limit
}
RETURN kind, element_id, id, name, detail
