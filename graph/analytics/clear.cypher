// writeback_clear: remove every analytics property written by an earlier run, so a person
// who is no longer a leader keeps no power index (PWR-5 reads power_index).
MATCH (p:Person)
WHERE p.power_computed_at IS NOT NULL
REMOVE p.power_index, p.power_rank, p.pagerank, p.betweenness, p.degree, p.community,
       p.power_components, p.power_computed_at
