"""Text normalisation shared by the declaration (header matching, allowed values) and the
loaders' value parsers (loaders/values.py): one definition, so a header the declaration
accepts is the header the reader matches."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_SPACES = re.compile(r"\s+")
_HEADER_NOTE = re.compile(r"\((?:必填|选填|可选|必输|非必填)\)$")


def normalise_text(text: str) -> str:
    """NFKC (full-width letters, digits and brackets to ASCII), spaces collapsed, stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def normalise_header(header: Any) -> str:
    """A header as the loader compares it: normalised text without `*` or a (必填) note."""
    text = normalise_text("" if header is None else str(header))
    text = text.strip("*").strip()
    text = _HEADER_NOTE.sub("", text).strip().strip("*").strip()
    return text


def header_key(header: Any) -> str:
    """Comparison key of a header: `Unit ID`, `unit_id` and `UNIT-ID` are the same column."""
    return re.sub(r"[\s_\-]+", "", normalise_header(header).lower())
