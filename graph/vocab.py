"""Words and tables every part shares (loaders, queries and the app all import from here).

Kept at the bottom so that no part has to import a part above it for a vocabulary.
"""

from __future__ import annotations

# The rules' severities and their Chinese words, as every report and page shows them.
SEVERITY_ZH = {"high": "高", "medium": "中", "low": "低"}

# Node properties never shown to a reader: identity material (docs/model.md: 身份证号 only
# as id_masked). The app hides more (its users' secrets, app/reads.py and app/adhoc.py).
HIDDEN_PROPERTIES = frozenset({"id_hash", "id_number"})

# One colour per node label, for the pictures of the app (app/ui/viz.py) and of the case
# report (queries/casework/report.py); DEFAULT_COLOR for any other label.
LABEL_COLORS = {
    "Person": "#4C8EDA",
    "Unit": "#F79767",
    "Company": "#57C7E3",
    "Contract": "#D9C8AE",
    "Appointment": "#8DCC93",
    "Complaint": "#ECB5C9",
    "SupervisionEvent": "#C990C0",
    "Problem": "#F16667",
    "Sanction": "#DA7194",
    "Intervention": "#FFC454",
    "Decision": "#569480",
    "Task": "#A5ABB6",
    "Source": "#DDDDDD",
}
DEFAULT_COLOR = "#A5ABB6"


def primary_label(labels: list[str]) -> str:
    """The label a node is drawn and named by: its first with a colour, else its first."""
    return next((label for label in labels if label in LABEL_COLORS), labels[0] if labels else "")
