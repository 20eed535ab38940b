// writeback_scores: one batch of persons of the power network. Every row sets all eight
// analytics properties; for a person who is not a leader the power_* values are null, which
// removes them (SET += with a null value deletes the property).
UNWIND $rows AS row
MATCH (p:Person {pid: row.pid})
SET p += row.props
