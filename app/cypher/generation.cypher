// The load generation: changes whenever a file is loaded (the app's caches are keyed on it,
// so a load by the app or the CLI clears them).
MATCH (s:Source)
RETURN count(s) AS files, toString(max(s.loaded_at)) AS last_loaded
