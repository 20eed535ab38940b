// `oversight load --bulk` (loaders/bulk.py): checks before an offline import, and what the
// import files cannot carry.

// step: any_node
// one node, if the database has any (a bulk load replaces the whole database: refused then)
MATCH (n)
RETURN elementId(n) AS id
LIMIT 1
