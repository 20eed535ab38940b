// power_names: names of persons met only as speakers.
UNWIND $pids AS pid
MATCH (p:Person {pid: pid})
RETURN collect([p.pid, p.name]) AS rows
