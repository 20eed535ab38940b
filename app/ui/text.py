"""The page's language and its words: the bottom of app/ui, imported by the shell and the
login gate alike (app/ui/shell.py re-exports `lang` and `t`, where the pages find them)."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate

LANG_KEY = "lang"


def lang() -> str:
    value = st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values: Any) -> str:
    return translate(key, lang(), **values)


def local_minutes(value: Any) -> str:
    """A moment as the reader's wall clock shows it, to the minute (the server's local
    time zone): `2026-11-30 13:05`, not `2026-11-30T05:05:31.123456+00:00`. Text that is
    not a moment passes through; missing is empty."""
    import datetime as dt

    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone()
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def md_text(value: Any) -> str:
    """A value (a user or file name) put into Markdown as literal text: `![b](http://x)`
    stays those characters, never an image the browser fetches."""
    return _MARKDOWN.sub(r"\\\1", str(value))
