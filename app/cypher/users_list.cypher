// Every app user, by name (never the password hash).
MATCH (u:AppUser)
RETURN u.name AS name, u.role AS role, coalesce(u.disabled, false) AS disabled,
       coalesce(u.failed_attempts, 0) AS failed_attempts, u.locked_until AS locked_until,
       u.created_at AS created_at, u.last_login AS last_login
ORDER BY name
