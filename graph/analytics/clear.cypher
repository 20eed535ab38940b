// writeback_clear: remove the analytics properties of persons an earlier run scored who are
// not in this run's power network ($pids), so nobody keeps a stale power index (PWR-5 reads
// power_index). Persons in $pids are overwritten by write_scores.cypher.
MATCH (p:Person)
WHERE p.power_computed_at IS NOT NULL AND NOT p.pid IN $pids
REMOVE p.power_index, p.power_rank, p.pagerank, p.betweenness, p.degree, p.community,
       p.power_components, p.power_computed_at
