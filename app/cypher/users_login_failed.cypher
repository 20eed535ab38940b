// One more failed login, counted in the database so every app session and process sees it;
// at $max_failures the account is locked until $lock_until and the count starts again.
// $name $max_failures $lock_until
MATCH (u:AppUser {name: $name})
SET u.failed_attempts = coalesce(u.failed_attempts, 0) + 1
WITH u, u.failed_attempts >= $max_failures AS lock
SET u.locked_until = CASE WHEN lock THEN $lock_until ELSE u.locked_until END,
    u.failed_attempts = CASE WHEN lock THEN 0 ELSE u.failed_attempts END
RETURN lock AS locked, u.locked_until AS locked_until, u.failed_attempts AS failed_attempts
