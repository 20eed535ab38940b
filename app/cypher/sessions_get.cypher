// One login session by the hash of its token, with its user as stored now.
// $token_hash
MATCH (u:AppUser)-[:HAS_SESSION]->(s:AppSession {token_hash: $token_hash})
RETURN u.name AS name, u.role AS role, coalesce(u.disabled, false) AS disabled,
       s.created AS created, s.last_seen AS last_seen, s.expires AS expires
