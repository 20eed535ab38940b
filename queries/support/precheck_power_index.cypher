// Has `oversight analyze` written a power index yet? (PWR-5 needs it.)
RETURN EXISTS { MATCH (p:Person) WHERE p.power_index IS NOT NULL } AS computed
