"""Cypher kept in .cypher files beside the code that runs it, read by one function.

A file is named by its location inside the installed packages, without the `.cypher`:
`app/cypher/users_get`, `queries/support/evidence_graph`, `graph/analytics/leaders`. The
names are fixed in the code (or checked against a fixed list by the caller), never input;
anything that is not a plain name of an existing file is a ValueError.

A file that carries metadata (a rule, a shared fragment, a casework query) starts with YAML
front matter in `//` comments, read by `front_matter`; the one convention for every .cypher
file (docs/rules.md, "Cypher files"):

    // ---
    // key: value
    // ---
    MATCH ...

Files without metadata (the loaders' steps, app/cypher, graph/analytics) start with prose
comments or the Cypher itself; `// step: <name>` lines inside a body divide it into steps
(loaders/write.py), they are not a header.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

# libyaml's safe loader when built in (several times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FENCE = "// ---"


class FrontMatterError(ValueError):
    """A .cypher file's front matter is malformed; the message names the file and line."""


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


def front_matter(text: str, origin: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter of a .cypher file's text and the body after it.

    The front matter is a first line `// ---`, YAML in `//` comment lines (`//` and one
    space removed), and a closing `// ---` line. Without a first `// ---` line the file has
    no front matter: `({}, text)`. The body is the text after the closing line, unchanged.
    `origin` names the file in errors (`origin:line: ...`)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FENCE:
        return {}, text
    yaml_lines: list[str] = []
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == FENCE:
            break
        if not line.startswith("//"):
            raise FrontMatterError(
                f"{origin}:{number}: front matter not closed by `{FENCE}` "
                "(every line up to it must be a `//` comment)"
            )
        yaml_lines.append(line[2:].removeprefix(" ").rstrip("\r\n"))
    else:
        raise FrontMatterError(f"{origin}:{len(lines)}: front matter not closed by `{FENCE}`")
    try:
        meta = yaml.load("\n".join(yaml_lines), Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line_no = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        context, start = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and start is not None:
            problem += f" ({context} at line {start.line + 2})"
        raise FrontMatterError(
            f"{origin}:{line_no}: front matter is not YAML: {problem}"
        ) from error
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(f"{origin}:2: front matter must be a YAML mapping of keys")
    return meta, "".join(lines[number:])
