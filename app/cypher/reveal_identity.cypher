// One person's identity for an admin's audited reveal: the clear number exists only when the
// load ran with the explicit clear option (store_clear_ids); otherwise null.
// $pid
MATCH (p:Person {pid: $pid})
RETURN p.pid AS pid, p.name AS name, p.id_masked AS id_masked, p.id_number AS id_number
