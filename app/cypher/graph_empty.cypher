// Whether the graph holds any node at all (the demo loads the sample city into an empty one);
// the app's users (:AppUser) are not part of the graph.
RETURN NOT EXISTS { MATCH (n) WHERE NOT n:AppUser } AS empty
