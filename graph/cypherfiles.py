"""Cypher kept in .cypher files beside the code that runs it, read by one function.

A file is named by its location inside the installed packages, without the `.cypher`:
`app/cypher/users_get`, `queries/support/evidence_graph`, `graph/analytics/leaders`. The
names are fixed in the code (or checked against a fixed list by the caller), never input;
anything that is not a plain name of an existing file is a ValueError.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

SEGMENT = re.compile(r"[A-Za-z0-9_]+")


@cache
def read_cypher(location: str) -> str:
    """The text of the file `<location>.cypher`, `location` being `package/folder/name`
    (read once per process)."""
    parts = location.split("/")
    if len(parts) < 2 or not all(SEGMENT.fullmatch(part) for part in parts):
        raise ValueError(f"not a Cypher file location: {location!r}")
    package, *folders, name = parts
    path = files(package).joinpath(*folders, f"{name}.cypher")
    if not path.is_file():
        raise ValueError(f"no Cypher file {location}.cypher")
    return path.read_text(encoding="utf-8")
