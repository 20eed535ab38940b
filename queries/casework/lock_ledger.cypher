// ---
// name: lock_ledger
// mode: write
// description: >-
//   the ledger's one node, locked for the transaction so that two runs recorded at
//   once are written one after the other; returns the next run's sequence number.
// ---
MERGE (l:CaseLedger {key: 'ledger'})
SET l.seq = coalesce(l.seq, 0) + 1
RETURN l.seq AS seq
