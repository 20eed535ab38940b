// Ids already in the database that other registries may refer to (validation of references).

// step: units
MATCH (u:Unit) RETURN u.unit_id AS id

// step: people
MATCH (p:Person) WHERE p.person_id IS NOT NULL RETURN p.person_id AS id

// step: supervision
MATCH (e:SupervisionEvent) RETURN e.event_id AS id
