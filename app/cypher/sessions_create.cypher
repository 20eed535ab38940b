// A new login session of an app user: only the SHA-256 of its token is kept (the token
// itself lives in the browser's cookie), so reading this node does not give a login.
// Ended sessions past their lifetime are removed at the same time.
// $name $token_hash $now $expires
MATCH (u:AppUser {name: $name})
OPTIONAL MATCH (old:AppSession) WHERE old.expires <= $now
DETACH DELETE old
WITH DISTINCT u
CREATE (u)-[:HAS_SESSION]->(s:AppSession {token_hash: $token_hash, created: $now,
                                           last_seen: $now, expires: $expires})
RETURN s.token_hash AS token_hash
