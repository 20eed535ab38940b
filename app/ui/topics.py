"""FtM topics (sanction, role.pep, crime.*, ...) of a company or person as words, for the
places the app shows a company: a supplier that is sanctioned is information an
investigator wants next to a contract (issue 14)."""

from __future__ import annotations

from collections.abc import Iterable

from app.ui.shell import t

# The topics shown, most serious first, spelt as their locale keys (ftm.topic.<name>: the
# FtM topic with `.` as `_`); every crime.* topic (crime.fraud, crime.terror, ...) reads as
# crime. Others (e.g. gov.national on a Position) are not flags and are left out.
_SHOWN = (
    "sanction",
    "sanction_linked",
    "sanction_counter",
    "debarment",
    "wanted",
    "crime",
    "export_control",
    "role_pep",
    "role_rca",
    "role_oligarch",
)


def topic_labels(topics: Iterable[str] | None) -> str | None:
    """The flags among an entity's FtM topics, as words in the chosen language, or None:
    role.pep and sanction give 受制裁、政治公众人物."""
    found: set[str] = set()
    for topic in topics or ():
        name = "crime" if topic.startswith("crime") else topic.replace(".", "_")
        if name in _SHOWN:
            found.add(name)
    if not found:
        return None
    return "、".join(t("ftm.topic." + name) for name in _SHOWN if name in found)
