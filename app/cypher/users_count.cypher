// How many app users exist (none: the app explains how to create the first admin).
MATCH (u:AppUser)
RETURN count(u) AS users
