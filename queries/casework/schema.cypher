// ---
// name: schema
// mode: schema
// description: >-
//   keys and lookups of the case ledger, applied idempotently before it is written
//   (one statement per line; the registry schema in graph/schema.py does not know cases).
// ---
CREATE CONSTRAINT case_id IF NOT EXISTS FOR (c:Case) REQUIRE c.case_id IS UNIQUE
CREATE CONSTRAINT rule_run_id IF NOT EXISTS FOR (r:RuleRun) REQUIRE r.run_id IS UNIQUE
CREATE CONSTRAINT case_ledger_key IF NOT EXISTS FOR (l:CaseLedger) REQUIRE l.key IS UNIQUE
CREATE INDEX case_lineage IF NOT EXISTS FOR (c:Case) ON (c.lineage)
CREATE INDEX case_subject IF NOT EXISTS FOR (c:Case) ON (c.subject_id)
CREATE INDEX case_run_state IF NOT EXISTS FOR (c:Case) ON (c.run_state)
CREATE INDEX case_status IF NOT EXISTS FOR (c:Case) ON (c.status)
CREATE INDEX rule_run_seq IF NOT EXISTS FOR (r:RuleRun) ON (r.seq)
