// End every login session of one app user (disabled, password changed).
// $name
MATCH (:AppUser {name: $name})-[:HAS_SESSION]->(s:AppSession)
DETACH DELETE s
RETURN count(*) AS ended
