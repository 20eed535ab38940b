// End one login session (logout, expiry).
// $token_hash
MATCH (s:AppSession {token_hash: $token_hash})
DETACH DELETE s
RETURN count(*) AS ended
