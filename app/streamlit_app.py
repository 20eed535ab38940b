"""The investigators' app: `oversight serve` runs `streamlit run app/streamlit_app.py`.

Every page reads through the same functions as the CLI (the rules runner, the analytics, the
loaders' identity step, the overview figures); the few reads no feature provides are in
app/cypher/. Chinese first; English on the switch in the sidebar.
"""

from __future__ import annotations

import streamlit as st

from app.ui import audit as audit_page
from app.ui import (
    cases,
    company,
    data,
    explore,
    flag,
    flags,
    imports,
    login,
    overview,
    person,
    query,
    risk,
    rules,
    unit,
    users,
)
from app.ui.shell import guarded, language_switch, t

PAGES = (
    (overview.render, "nav.overview", ":material/dashboard:", "overview"),
    (flags.render, "nav.flags", ":material/flag:", "flags"),
    (person.render, "nav.person", ":material/badge:", "person"),
    (cases.render_queue, "nav.cases", ":material/assignment:", "cases"),
    (risk.render, "nav.risk", ":material/leaderboard:", "risk"),
    (explore.render, "nav.explore", ":material/person_search:", "explore"),
    (query.render, "nav.query", ":material/terminal:", "query"),
    (data.render, "nav.data", ":material/database:", "data"),
    (imports.render, "nav.imports", ":material/upload_file:", "import"),
    (rules.render, "nav.rules", ":material/tune:", "rules"),
    (audit_page.render, "nav.audit", ":material/policy:", "audit"),
    (users.render, "nav.users", ":material/manage_accounts:", "users"),
)
# Pages reached by address or link (/person?id=…), not listed in the menu; same shape.
DETAIL_PAGES = (
    (unit.render, "nav.unit", ":material/apartment:", "unit"),
    (company.render, "nav.company", ":material/business:", "company"),
    (flag.render, "nav.flag", ":material/flag:", "flag"),
    (cases.render_case, "nav.case", ":material/assignment_ind:", "case"),
)


def main() -> None:
    st.set_page_config(page_title="监督关系知识图谱 oversight", page_icon="🕸️", layout="wide")
    language_switch()
    st.sidebar.caption(t("app.tagline"))
    # Every page stays reachable by its URL (so a link opens the login, then that page);
    # the menu shows only the pages the user's role may open, and each page checks the role
    # again on the server (app/ui/shell.py guarded -> app/ui/login.py gate).
    pages = [
        st.Page(
            guarded(render, path),
            title=t(title),
            icon=icon,
            url_path=path,
            default=(i == 0),
            visibility="visible" if login.may_open(path) else "hidden",
        )
        for i, (render, title, icon, path) in enumerate(PAGES)
    ]
    pages += [
        st.Page(
            guarded(render, path), title=t(title), icon=icon, url_path=path, visibility="hidden"
        )
        for render, title, icon, path in DETAIL_PAGES
    ]
    login.sidebar()
    st.navigation(pages).run()


main()
