// A new password hash for one app user; clears failures and any lock-out.
// $name $password_hash $now
MATCH (u:AppUser {name: $name})
SET u.password_hash = $password_hash, u.password_changed_at = $now,
    u.failed_attempts = 0, u.locked_until = null
RETURN u.name AS name
