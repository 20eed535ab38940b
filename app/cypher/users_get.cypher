// One app user by name, with what the login needs.
// $name
MATCH (u:AppUser {name: $name})
RETURN u.name AS name, u.role AS role, u.password_hash AS password_hash,
       coalesce(u.disabled, false) AS disabled, coalesce(u.failed_attempts, 0) AS failed_attempts,
       u.locked_until AS locked_until, u.created_at AS created_at, u.last_login AS last_login
