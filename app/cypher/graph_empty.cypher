// Whether the graph holds any node at all (the demo loads the sample city into an empty one);
// the app's users (:AppUser) and their login sessions (:AppSession) are not part of the graph.
RETURN NOT EXISTS { MATCH (n) WHERE NOT n:AppUser AND NOT n:AppSession } AS empty
