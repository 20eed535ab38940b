"""What every page shares: the language switch, translated text, and the guard that turns
the product's errors into one clear sentence instead of a traceback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, messages, translate
from app.loadstate import load_banner
from app.ui import login
from app.ui.text import LANG_KEY, lang, t
from graph.db import get_db
from graph.errors import DatabaseUnavailable, OversightError


def language_switch() -> None:
    """Chinese first; English on the switch (kept for the browser session). `?lang=en` in
    an address opened in a fresh session chooses it; the switch writes it back to the URL."""
    if "_lang_from_url" not in st.session_state:
        st.session_state["_lang_from_url"] = True
        if st.query_params.get("lang") in LANGUAGES:
            st.session_state[LANG_KEY] = st.query_params["lang"]
    st.sidebar.radio(
        "语言 / Language",
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=LANG_KEY,
        horizontal=True,
    )
    if st.query_params.get("lang") != lang():
        st.query_params["lang"] = lang()


def label_name(label: str) -> str:
    """A node label as the reader knows it (人员 / person)."""
    return translate(f"label.{label}", lang())


def run_guarded(render: Callable[[], None], page: str | None = None) -> None:
    """Run one page; a database that is down or bad input is one sentence, not a traceback.

    With `page` (its url path), the page first passes the login gate (app/ui/login.py): no
    session shows the login form instead, a role without the page's permission is refused
    in one sentence and audited (app/auth.py PAGE_ACTIONS)."""
    try:
        # Fail fast: a refused connection answers at once, whereas a query would first
        # spend the driver's retry time (seconds) before giving up.
        get_db().verify()
        load_banner(lang())  # an unfinished load: warn on every page (app/loadstate.py)
        if page is not None:
            if not login.gate(page):
                return
        render()
    except DatabaseUnavailable as error:
        st.error(str(error), icon=":material/power_off:")
    except OversightError as error:
        st.error(str(error))


def guarded(render: Callable[[], None], page: str | None = None) -> Callable[[], None]:
    """The page as the navigation runs it: behind the login gate and the role check. `page`
    is the url path (default: the render function's module name, e.g. `flags`)."""
    name = page or render.__module__.rsplit(".", 1)[-1]

    def wrapped() -> None:
        run_guarded(render, name)

    wrapped.__name__ = f"page_{render.__module__.rsplit('.', 1)[-1]}"
    return wrapped


def as_of_input(key: str) -> dt.date:
    return st.date_input(t("common.as_of"), value=dt.date.today(), key=key)


def code(prefix: str, value: Any) -> Any:
    """A code stored in English (`SHAREHOLDER_OF`, `SPOUSE`) in the reader's words; values
    the registries gave in Chinese, or unknown codes, pass through unchanged."""
    if value is None:
        return None
    key = f"{prefix}.{value}"
    return messages(lang()).get(key) or messages(DEFAULT_LANGUAGE).get(key) or value


def cell_text(value: Any) -> str:
    """A value as a table cell: empty for missing, lists joined, everything else as text."""
    if isinstance(value, list | tuple):
        return "、".join(cell_text(v) for v in value)
    if value is None or (isinstance(value, float) and value != value):  # NaN
        return ""
    return str(value)


def table(
    rows: list[dict[str, Any]],
    columns: dict[str, str] | None = None,
    codes: dict[str, str] | None = None,
) -> None:
    """Rows as a table; `columns` maps each shown key to its locale key (in order), `codes`
    maps a column to the locale prefix of its coded values."""
    if not rows:
        st.caption(t("common.none"))
        return
    frame = pd.DataFrame(rows)
    for column, prefix in (codes or {}).items():
        if column in frame:
            frame[column] = frame[column].map(lambda v, p=prefix: code(p, v))
    if columns:
        frame = frame.reindex(columns=list(columns))
        frame.columns = [t(label) for label in columns.values()]
    st.dataframe(frame.map(cell_text), hide_index=True)


HISTORY_STYLE = "color: #a0a0a0"  # what had ended by the date asked for: history, faint


def status_text(ended_on: dt.date | None) -> str:
    """现行, or 已终止（date） for a relationship that had ended (docs/snapshots.md)."""
    return t("dossier.current") if ended_on is None else t("dossier.ended", date=str(ended_on))


def history_frame(frame: pd.DataFrame, ended: list[bool]) -> Any:
    """`frame` as text (a missing value empty, not "None" or "nan") with its ended rows faint:
    a pandas Styler, which st.dataframe reads; `ended[i]` says whether row i has ended."""
    text = frame.reset_index(drop=True).map(cell_text)
    return text.style.apply(
        lambda row: [HISTORY_STYLE if ended[row.name] else "" for _ in row], axis=1
    )


def history_table(frame: pd.DataFrame, ended: list[bool], column_config: dict[str, Any]) -> None:
    """A table whose ended rows are drawn faint (`history_frame`)."""
    st.dataframe(history_frame(frame, ended), hide_index=True, column_config=column_config)


def counts_table(counts: dict[str, int], prefix: str, heading: str) -> None:
    rows = [
        {t(heading): translate(f"{prefix}.{name}", lang()), "": name, t("common.count"): n}
        for name, n in counts.items()
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
