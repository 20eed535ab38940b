"""Page render times of the app in Debian's Chromium, first (cold cache) and warm.

Against a running `oversight serve` holding a loaded graph:

    .venv/bin/python bench/app_bench.py --url http://127.0.0.1:8501 --as-of 2024-12-31 --user NAME

Each address is opened in a fresh browser session and timed until the page's last section
is on screen; the first round fills the server's caches for the date (the flags, the power
index, the composite risk), the second is the warm figure. Keys (a leader, a unit, a company,
a flag) are read from the graph the server uses ($NEO4J_URI).

The app asks for a login: the bench opens a login session for the existing app user `--user`
in that graph (app/sessions.py, as a login would) and gives each fresh browser session its
cookie, so the time measured is the page's, not the login form's; the session is ended at
the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from playwright.sync_api import sync_playwright

from app import auth, sessions
from app.ui.cached import flag_id
from graph.db import get_db
from queries.runner import run_all

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def addresses(as_of: str) -> list[tuple[str, str, str]]:
    """(name, address, text on the page's last section)."""
    db = get_db()
    leader = db.read(
        "MATCH (p:Person)-[:HOLDS_POST {role: '一把手'}]->() RETURN p.pid AS k LIMIT 1"
    )[0]["k"]
    unit = db.read("MATCH (u:Unit)<-[:HOLDS_POST]-() RETURN u.unit_id AS k LIMIT 1")[0]["k"]
    company = db.read("MATCH (c:Company)<-[:SUPPLIER]-() RETURN c.uscc AS k LIMIT 1")[0]["k"]
    flags = run_all(db, dt.date.fromisoformat(as_of))
    coi = next(f for f in flags if f.rule.startswith("COI"))
    to = coi.evidence["companies"][0]
    q = f"as_of={as_of}"
    return [
        ("overview", f"/?{q}", "数据新鲜度"),
        ("flags", f"/flags?{q}", "条线索"),
        ("dossier", f"/person?id={leader}&{q}", "导出"),
        ("unit", f"/unit?id={unit}&{q}", "事项"),
        ("company", f"/company?uscc={company}&{q}", "作为供应商的合同"),
        ("flag", f"/flag?id={flag_id(coi)}&{q}", "各节点的来源登记行"),
        ("explore", f"/explore?from={leader}&{q}", "个节点"),
        ("paths", f"/explore?from={coi.subject_id}&to={to}&{q}", "条路径"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--user", required=True, help="an app user (oversight user list)")
    args = parser.parse_args()
    pages = addresses(args.as_of)
    db = get_db()
    if auth.get_user(db, args.user) is None:
        raise SystemExit(f"no app user {args.user!r}: oversight user add NAME --role admin")
    token, kept = sessions.create(db, args.user)
    times: dict[str, list[float]] = {name: [] for name, _, _ in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for run in range(args.runs + 1):
            for name, path, marker in pages:
                context = browser.new_context(viewport={"width": 1400, "height": 1600})
                context.add_cookies([{"name": sessions.COOKIE, "value": token, "url": args.url}])
                page = context.new_page()
                start = time.monotonic()
                page.goto(args.url + path, wait_until="domcontentloaded")
                page.get_by_text(marker).first.wait_for(timeout=300_000)
                seconds = time.monotonic() - start
                context.close()
                if run == 0:
                    print(f"first  {name:9} {seconds:6.2f} s")
                else:
                    times[name].append(seconds)
        browser.close()
    sessions.end(db, kept["token_hash"])
    print("| page | warm median s | warm max s |")
    print("|---|---|---|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.2f} | {max(values):.2f} |")


if __name__ == "__main__":
    main()
