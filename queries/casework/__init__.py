"""Cases: flags kept across runs, with a status, an assignee, notes and a history.

See docs/cases.md. `model` is the pure part (workflow, stable ids, run comparison),
`ledger` reads and writes the case nodes in Neo4j, `report` renders a printable case report.
"""

from queries.casework.ledger import (
    case_counts_by_status,
    cases_for_person,
    diff_runs,
    get_case,
    list_cases,
    list_runs,
    record_run,
    set_case,
)

__all__ = [
    "case_counts_by_status",
    "cases_for_person",
    "diff_runs",
    "get_case",
    "list_cases",
    "list_runs",
    "record_run",
    "set_case",
]
