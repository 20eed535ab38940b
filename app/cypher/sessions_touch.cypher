// The session was used now (the idle limit counts from here).
// $token_hash $now
MATCH (s:AppSession {token_hash: $token_hash})
SET s.last_seen = $now
RETURN count(s) AS sessions
