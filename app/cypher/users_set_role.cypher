// A new role for one app user (takes effect at the user's next click: the gate re-reads it).
// $name $role
MATCH (u:AppUser {name: $name})
SET u.role = $role
RETURN u.name AS name
