// writeback_power: the power index of each leader.
UNWIND $rows AS row
MATCH (p:Person {pid: row.pid})
SET p.power_index = row.power_index, p.power_rank = row.power_rank,
    p.power_components = row.power_components
