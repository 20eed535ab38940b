"""Addresses: every person, unit, company and flag has a URL an investigator can send to a
colleague (`/person?id=P0001&as_of=2024-06-30&lang=zh`), and every table links to them.

The URL is the page's state: a page reads its subject from `st.query_params`, and the as-of
date and the language travel with every link, so a link opened in a new tab, a colleague's
browser or after the back button shows the same thing. Same-tab moves go through
`st.switch_page`, which pushes a browser history entry, so back and forward work.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from app.ui.shell import lang, t

AS_OF_KEY = "as_of"
# The People's Republic's founding: no registry record is older; Streamlit's default range
# (ten years either side of today) silently turned older dates into today.
MIN_DATE = dt.date(1949, 10, 1)
MAX_DATE = dt.date(2100, 12, 31)
# The pages an address may name (url_path of the page in app/streamlit_app.py).
PATHS = ("overview", "flags", "flag", "risk", "person", "unit", "company", "explore")


def _noop() -> None:  # pragma: no cover - never run: only its url_path matters
    return None


def page_ref(path: str) -> st.Page:
    """A Page that Streamlit matches to the registered one by its url_path (st.switch_page
    and st.page_link accept it: page hashes are derived from url_path alone)."""
    return st.Page(_noop, url_path=path, default=False)


def parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if MIN_DATE <= day <= MAX_DATE else None


def arrive(path: str) -> None:
    """Called first by every page. Streamlit 1.67 sends, after the browser's back button,
    the query string of the page left rather than the one returned to (streamlit#13963,
    fixed upstream by PR #16989): when the address holds exactly the parameters last seen
    on the page we came from, the ones this page last had are put back."""
    seen: dict[str, dict[str, str]] = st.session_state.setdefault("_page_params", {})
    last = st.session_state.get("_last_page")
    current = st.query_params.to_dict()
    if last and last != path and path in seen and current == seen.get(last):
        st.query_params.from_dict(seen[path])
    st.session_state["_last_page"] = path
    _remember()


def _remember() -> None:
    path = st.session_state.get("_last_page")
    if path:
        st.session_state.setdefault("_page_params", {})[path] = st.query_params.to_dict()


def as_of() -> dt.date:
    """The as-of date of every page: `?as_of=` on a fresh address, then the sidebar's date
    (any day from 1949-10-01), written back to the URL."""
    from_url = parse_date(st.query_params.get("as_of"))
    if AS_OF_KEY not in st.session_state or (
        from_url is not None and st.session_state.get("_as_of_url") != from_url
    ):
        st.session_state[AS_OF_KEY] = from_url or dt.date.today()
    if st.query_params.get("as_of") and from_url is None:
        st.sidebar.warning(t("links.bad_as_of", value=st.query_params.get("as_of")))
    day = st.sidebar.date_input(
        t("common.as_of"), min_value=MIN_DATE, max_value=MAX_DATE, key=AS_OF_KEY
    )
    st.query_params["as_of"] = day.isoformat()
    st.session_state["_as_of_url"] = day
    _remember()
    return day


def current_params() -> dict[str, str]:
    """The parameters every link carries: the language, and the as-of date when chosen."""
    out = {"lang": lang()}
    day = st.session_state.get(AS_OF_KEY)
    if isinstance(day, dt.date):
        out["as_of"] = day.isoformat()
    return out


def href(path: str, **params: Any) -> str:
    """A relative address `path?k=v&…&lang=…&as_of=…` (for LinkColumn and Markdown links)."""
    query = {k: str(v) for k, v in params.items() if v not in (None, "")}
    query.update(current_params())
    return f"./{path}?{urlencode(query)}"


def labelled(path: str, label: Any, **params: Any) -> str:
    """A LinkColumn cell whose shown text is `label` (after '#', read back by DISPLAY)."""
    return f"{href(path, **params)}#{'' if label is None else label}"


DISPLAY = r"^[^#]*#(.*)$"


def link_column(title: str, **kwargs: Any) -> Any:
    return st.column_config.LinkColumn(title, display_text=DISPLAY, **kwargs)


def go(path: str, **params: Any) -> None:
    """Open another page in this tab (a history entry: back returns here)."""
    query = {k: str(v) for k, v in params.items() if v not in (None, "")}
    query.update(current_params())
    st.switch_page(page_ref(path), query_params=query)


def link(path: str, label: str, **params: Any) -> None:
    """A same-tab link to another page, carrying language and as-of date."""
    query = {k: str(v) for k, v in params.items() if v not in (None, "")}
    query.update(current_params())
    st.page_link(page_ref(path), label=label, query_params=query)


def param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def set_param(name: str, value: str | None) -> None:
    """Keep a page's own state in its address (so it survives a reload, a language switch
    and is in the link a colleague receives)."""
    if value in (None, ""):
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value
    _remember()


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def esc(value: Any) -> str:
    """A registry value as literal text inside Markdown (st.markdown, st.subheader, …): a
    name such as `![b](http://x/beacon.png)` stays those characters, never an image or link."""
    if value is None:
        return ""
    return _MARKDOWN.sub(r"\\\1", str(value)).replace("\n", " ")
