// A new app user; the uniqueness constraint on :AppUser(name) refuses a second one.
// $name $role $password_hash $now
CREATE (u:AppUser {name: $name, role: $role, password_hash: $password_hash, disabled: false,
                   failed_attempts: 0, locked_until: null, created_at: $now,
                   password_changed_at: $now})
RETURN u.name AS name
