// A successful login: failures forgotten, the moment kept; a rehashed password (stronger
// parameters) replaces the stored one when given.
// $name $now $password_hash
MATCH (u:AppUser {name: $name})
SET u.failed_attempts = 0, u.locked_until = null, u.last_login = $now,
    u.password_hash = coalesce($password_hash, u.password_hash)
RETURN u.name AS name
