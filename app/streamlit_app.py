"""The investigators' app: `oversight serve` runs `streamlit run app/streamlit_app.py`.

Every page reads through the same functions as the CLI (the rules runner, the analytics, the
loaders' identity step, the overview figures); the few reads no feature provides are in
app/cypher/. Chinese first; English on the switch in the sidebar.
"""

from __future__ import annotations

import streamlit as st

from app.ui import cases, data, explore, flags, overview, query, risk
from app.ui.shell import guarded, language_switch, t

PAGES = (
    (overview.render, "nav.overview", ":material/dashboard:", "overview"),
    (flags.render, "nav.flags", ":material/flag:", "flags"),
    (cases.render_queue, "nav.cases", ":material/assignment:", "cases"),
    (cases.render_case, "nav.case", ":material/assignment_ind:", "case"),
    (risk.render, "nav.risk", ":material/leaderboard:", "risk"),
    (explore.render, "nav.explore", ":material/person_search:", "explore"),
    (query.render, "nav.query", ":material/terminal:", "query"),
    (data.render, "nav.data", ":material/database:", "data"),
)


def main() -> None:
    st.set_page_config(page_title="监督关系知识图谱 oversight", page_icon="🕸️", layout="wide")
    language_switch()
    st.sidebar.caption(t("app.tagline"))
    pages = [
        st.Page(guarded(render), title=t(title), icon=icon, url_path=path, default=(i == 0))
        for i, (render, title, icon, path) in enumerate(PAGES)
    ]
    st.navigation(pages).run()


main()
