"""Bounds on what one registry file may make the loader do (docs/security.md, "Loads").

A hostile or broken file (a 432 KB xlsx that unzips to 3 million rows, a 50 MB CSV on one
line, a 9 KB name) must be refused fast with a sentence naming the file, not read for
minutes into gigabytes, nor fail half-way at the database. Each limit is a setting: an
environment variable with a default sized for a province (the largest registries are about
a million companies, a few million shareholder rows, well under 1 GB as CSV).

| setting | default | what it bounds |
| --- | --- | --- |
| OVERSIGHT_LOAD_MAX_FILE_MB | 2048 | size of one file on disk |
| OVERSIGHT_LOAD_MAX_ROWS | 5000000 | data rows of one file (xlsx: a sheet holds 1,048,576 at most anyway) |
| OVERSIGHT_LOAD_MAX_COLUMNS | 500 | cells in one row |
| OVERSIGHT_LOAD_MAX_LINE_KB | 1024 | one physical CSV line (a record on one line holds all its cells) |
| OVERSIGHT_LOAD_MAX_CELL_CHARS | 32767 | characters in one cell (Excel's own cell limit) |
| OVERSIGHT_LOAD_MAX_KEY_BYTES | 2000 | UTF-8 bytes of a value that is a node key or indexed (ids, names, roles) |
| OVERSIGHT_LOAD_MAX_UNZIPPED_MB | 2048 | an xlsx's content once unzipped |
| OVERSIGHT_LOAD_MAX_ZIP_RATIO | 100 | unzipped / zipped size of an xlsx part (a zip bomb compresses far better) |
| OVERSIGHT_LOAD_MAX_PROBLEMS | 1000 | problems listed per file (the rest are counted) |

The key limit: Neo4j 5's range indexes and uniqueness constraints refuse a key over 8,167
bytes (the transaction fails at write time); a fallback person id joins up to three such
values (`REL:<person id>:<name>:<relation>`), so each is held to 2,000 bytes, which no real
id, name or title comes near.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.settings import VARIABLES, positive_int


@dataclass(frozen=True)
class Setting:
    env: str
    default: int
    help: str


def _setting(env: str) -> Setting:
    """A limit as graph/settings.py declares its variable (the one place of every default)."""
    variable = VARIABLES[env]
    return Setting(env, int(variable.default or 0), variable.en)


SETTINGS: dict[str, Setting] = {
    "max_file_mb": _setting("OVERSIGHT_LOAD_MAX_FILE_MB"),
    "max_rows": _setting("OVERSIGHT_LOAD_MAX_ROWS"),
    "max_columns": _setting("OVERSIGHT_LOAD_MAX_COLUMNS"),
    "max_line_kb": _setting("OVERSIGHT_LOAD_MAX_LINE_KB"),
    "max_cell_chars": _setting("OVERSIGHT_LOAD_MAX_CELL_CHARS"),
    "max_key_bytes": _setting("OVERSIGHT_LOAD_MAX_KEY_BYTES"),
    "max_unzipped_mb": _setting("OVERSIGHT_LOAD_MAX_UNZIPPED_MB"),
    "max_zip_ratio": _setting("OVERSIGHT_LOAD_MAX_ZIP_RATIO"),
    "max_problems": _setting("OVERSIGHT_LOAD_MAX_PROBLEMS"),
}


@dataclass(frozen=True)
class Limits:
    max_file_mb: int
    max_rows: int
    max_columns: int
    max_line_kb: int
    max_cell_chars: int
    max_key_bytes: int
    max_unzipped_mb: int
    max_zip_ratio: int
    max_problems: int


def limits() -> Limits:
    """The limits in force: each setting's environment variable, else its default."""
    return Limits(**{name: positive_int(setting.env) for name, setting in SETTINGS.items()})


# Registry columns whose values become node keys or indexed properties (model/schema.py),
# beyond every id/code column (Column.is_code): names, roles and kinds.
INDEXED_ALIASES = frozenset(
    {
        "name",
        "relative_name",
        "holder_name",
        "legal_rep",
        "subject_name",
        "role",
        "title",
        "kind",
        "relation",
    }
)
