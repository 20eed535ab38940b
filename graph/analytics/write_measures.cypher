// writeback_measures: network measures for every person in the power network.
UNWIND $rows AS row
MATCH (p:Person {pid: row.pid})
SET p.pagerank = row.pagerank, p.betweenness = row.betweenness, p.degree = row.degree,
    p.community = row.community, p.power_computed_at = $as_of
