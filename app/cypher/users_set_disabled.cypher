// Disable or enable one app user; enabling also clears a lock-out.
// $name $disabled
MATCH (u:AppUser {name: $name})
SET u.disabled = $disabled,
    u.failed_attempts = CASE WHEN $disabled THEN u.failed_attempts ELSE 0 END,
    u.locked_until = CASE WHEN $disabled THEN u.locked_until ELSE null END
RETURN u.name AS name
