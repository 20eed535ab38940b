// Whether the graph holds any node at all (the demo loads the sample city into an empty one).
RETURN NOT EXISTS { MATCH (n) } AS empty
