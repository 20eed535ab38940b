"""The app's warning while an unfinished load's mark stands (loaders/loadmark.py).

`load_banner()` is called by every page through app/ui/shell.py's guard: one warning at the
top of the page naming who started which load when, and the command that finishes it."""

from __future__ import annotations

import re

from graph.db import Database, get_db
from loaders.loadmark import LoadMark, current

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def _plain(text: str) -> str:
    """File names and user names shown as text, not Markdown."""
    return _MARKDOWN.sub(r"\\\1", text)


def banner_text(mark: LoadMark, lang: str) -> str:
    from app.i18n import translate

    files = "、".join(mark.files[:5]) + (
        f" (+{len(mark.files) - 5})" if len(mark.files) > 5 else ""
    )
    return translate(
        "loads.unfinished",
        lang,
        by=_plain(mark.by),
        at=_plain(mark.started_at[:19]),
        files=_plain(files),
        command=_plain(mark.command),
    )


def load_banner(lang: str, db: Database | None = None) -> LoadMark | None:
    """Show the warning (in `lang`) on the current page when a load did not finish; returns
    the mark. The page's language is passed in, so this module does not import app/ui."""
    import streamlit as st

    mark = current(db or get_db())
    if mark is not None:
        st.warning(banner_text(mark, lang), icon="⚠️")
    return mark
